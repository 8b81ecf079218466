import Foundation

/// Lexical path helpers for spec files: refs are resolved against the referring file's folder without touching the
/// file system, so messages name files the way the user would write them.
enum SpecPath {
    /// Removes `.` segments and folds `..` into the preceding segment (kept at the start of a relative path).
    static func normalize(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var out: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                if let last = out.last, last != ".." {
                    out.removeLast()
                } else if !absolute {
                    out.append(part)
                }
                continue
            }
            out.append(part)
        }
        let joined = out.joined(separator: "/")
        if absolute { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }

    /// The folder part of a path (`""` for a bare file name).
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        if slash == path.startIndex { return "/" }
        return String(path[..<slash])
    }

    /// `relative` resolved against `directory` (an absolute `relative` wins).
    static func join(_ directory: String, _ relative: String) -> String {
        if relative.hasPrefix("/") || directory.isEmpty { return normalize(relative) }
        return normalize(directory + "/" + relative)
    }

    /// The absolute, normalised form of a path, used to load each file once.
    static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return normalize(path) }
        return normalize(FileManager.default.currentDirectoryPath + "/" + path)
    }

    /// A `file://` URI for an absolute path (the base for 3.1 `$id` resolution).
    static func fileURI(_ absolutePath: String) -> String {
        URL(fileURLWithPath: absolutePath).absoluteString
    }
}

/// Reads and parses one spec file. JSON and YAML are told apart by content, not by extension.
/// - Parameters:
///   - path: the path to read.
///   - display: the name to show in locations.
/// - Throws: `DiagnoseFailure` when the file cannot be read or parsed.
func loadSpecDocument(path: String, display: String) throws(DiagnoseFailure) -> Document {
    let read = try SourceText.read(path: path)
    let text = SourceText(name: display, bytes: read.bytes)
    return try parseSpecText(text)
}

/// Parses a spec text, JSON or YAML by content (`DocumentLoader` decides from the first byte).
func parseSpecText(_ text: SourceText) throws(DiagnoseFailure) -> Document {
    do {
        return try DocumentLoader.parse(text)
    } catch {
        let format = DocumentLoader.detectFormat(text.bytes) == .json ? "JSON" : "YAML"
        throw DiagnoseFailure(
            "\(text.name) is not valid \(format): \(error.message)", location: error.location,
            help: error.help ?? "fix the syntax at that position")
    }
}
