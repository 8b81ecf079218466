import Synchronization

/// The bytes of a parsed text together with where they came from.
///
/// A whole file has `baseOffset` 0 and starts at line 1, column 1. A streaming reader that parses one entry of a
/// large file at a time gives each entry's text the file offset, line and column at which it starts, so that every
/// location still names the right place in the file without the file being held in memory.
public final class SourceText: Sendable {
    /// The file's path as the user gave it, or `<stdin>`.
    public let name: String
    /// The text's bytes, exactly as read (a leading BOM included).
    public let bytes: [UInt8]
    /// Byte offset of `bytes[0]` in the file.
    public let baseOffset: Int
    /// Line (1-based) on which `bytes[0]` sits in the file.
    public let baseLine: Int
    /// Column (1-based) of `bytes[0]` on its line.
    public let baseColumn: Int
    private let table = Mutex<LineTable?>(nil)

    /// Creates a text.
    /// - Parameters:
    ///   - name: the file's path or `<stdin>`.
    ///   - bytes: the bytes to parse.
    ///   - baseOffset: file offset of the first byte.
    ///   - baseLine: line of the first byte in the file.
    ///   - baseColumn: column of the first byte in the file.
    public init(name: String, bytes: [UInt8], baseOffset: Int = 0, baseLine: Int = 1, baseColumn: Int = 1) {
        self.name = name
        self.bytes = bytes
        self.baseOffset = baseOffset
        self.baseLine = baseLine
        self.baseColumn = baseColumn
    }

    /// Creates a text from a string's UTF-8.
    public convenience init(name: String, string: String) {
        self.init(name: name, bytes: Array(string.utf8))
    }

    /// The line table, built on first use.
    public var lineTable: LineTable {
        table.withLock { cached in
            if let cached { return cached }
            let built = LineTable(bytes)
            cached = built
            return built
        }
    }

    /// The file location of a byte offset inside `bytes`.
    /// - Parameters:
    ///   - offset: offset into `bytes`.
    ///   - pointer: an optional JSON pointer to attach.
    /// - Returns: the file, line, column and file offset.
    public func location(at offset: Int, pointer: String? = nil) -> SourceLocation {
        let clamped = max(0, min(offset, bytes.count))
        let (line, column) = lineTable.position(of: clamped)
        let fileLine = baseLine + line - 1
        let fileColumn = line == 1 ? baseColumn + column - 1 : column
        return SourceLocation(
            file: name, line: fileLine, column: fileColumn, offset: baseOffset + clamped, pointer: pointer)
    }

    /// The text of the line holding `offset` (without its line break), for snippets under a message.
    public func lineText(at offset: Int) -> String {
        let table = lineTable
        let (line, _) = table.position(of: max(0, min(offset, bytes.count)))
        let start = table.lineStarts[line - 1]
        var end = line < table.lineStarts.count ? table.lineStarts[line] - 1 : bytes.count
        if end > start, end <= bytes.count, end - 1 >= 0, bytes[end - 1] == 0x0D { end -= 1 }
        guard end > start else { return "" }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}
