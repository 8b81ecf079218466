/// A place in a source file: file name, 1-based line and column, byte offset and, where known, a JSON pointer.
///
/// Columns count UTF-8 bytes from the start of the line, starting at 1; renderers turn them into characters only
/// to draw a caret.
public struct SourceLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The file's path as the user gave it, or `<stdin>`.
    public var file: String
    /// 1-based line number; 0 when unknown.
    public var line: Int
    /// 1-based UTF-8 byte column; 0 when unknown.
    public var column: Int
    /// Byte offset from the start of the file.
    public var offset: Int
    /// JSON pointer to the value inside the document, when the location names one.
    public var pointer: String?

    /// Creates a location.
    public init(file: String, line: Int, column: Int, offset: Int = 0, pointer: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.offset = offset
        self.pointer = pointer
    }

    /// `file:line:column`, or just the file when the position is unknown.
    public var description: String {
        line > 0 ? "\(file):\(line):\(column)" : file
    }
}
