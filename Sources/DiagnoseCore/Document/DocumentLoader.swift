#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#elseif canImport(Musl)
    import Musl
#endif

/// The syntax a document is written in.
public enum DocumentFormat: Sendable, Hashable {
    /// JSON (RFC 8259), parsed by `JSONParser`.
    case json
    /// YAML, parsed by `YAMLLoader`.
    case yaml
}

/// Reads a JSON or YAML file (or standard input) into a `Document`, choosing the parser from the content.
///
/// The format is decided by the first byte that is not a byte-order mark or whitespace: `{` or `[` means JSON,
/// anything else YAML. The file name plays no part, so a `.yaml` file holding JSON and a `.json` file holding YAML
/// both load. The rule is deliberately simple: a text that starts with `{` or `[` but is not valid JSON is reported
/// as a JSON error, even when it would be valid YAML flow style.
public enum DocumentLoader {
    /// Limits passed to the parser.
    public struct Options: Sendable {
        /// Deepest nesting of arrays and objects accepted (JSON and YAML).
        public var maxDepth: Int = 512
        /// Most nodes a YAML document may expand to through aliases. JSON cannot repeat a subtree, so its size is
        /// bounded by the file's and this limit does not apply to it.
        public var maxNodes: Int = 4_000_000

        /// Default limits: 512 levels, 4,000,000 nodes.
        public init() {}

        /// Custom limits.
        /// - Parameters:
        ///   - maxDepth: deepest nesting.
        ///   - maxNodes: most nodes after YAML alias expansion.
        public init(maxDepth: Int = 512, maxNodes: Int = 4_000_000) {
            self.maxDepth = maxDepth
            self.maxNodes = maxNodes
        }
    }

    /// Decides JSON or YAML from the content: after an optional UTF-8 BOM and whitespace, `{` or `[` is JSON,
    /// anything else (an empty text included) is YAML.
    /// - Parameter bytes: the text's bytes.
    /// - Returns: the format to parse it as.
    public static func detectFormat(_ bytes: [UInt8]) -> DocumentFormat {
        var i = 0
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { i = 3 }
        while i < bytes.count {
            switch bytes[i] {
            case 0x20, 0x09, 0x0A, 0x0D: i += 1
            case UInt8(ascii: "{"), UInt8(ascii: "["): return .json
            default: return .yaml
            }
        }
        return .yaml
    }

    /// Parses a text as JSON or YAML, whichever `detectFormat` says.
    /// - Parameters:
    ///   - text: the bytes and their origin.
    ///   - options: limits.
    /// - Returns: the document (for YAML, the first document of the stream).
    /// - Throws: `DiagnoseFailure` with the parser's message, the problem's location and a hint.
    public static func parse(_ text: SourceText, options: Options = Options()) throws(DiagnoseFailure) -> Document {
        switch detectFormat(text.bytes) {
        case .json:
            do {
                return try JSONParser.parse(text, options: JSONParser.Options(maxDepth: options.maxDepth))
            } catch {
                throw DiagnoseFailure(error.message, location: error.location, help: error.hint)
            }
        case .yaml:
            do {
                return try YAMLLoader.parse(
                    text, options: YAMLLoader.Options(maxNodes: options.maxNodes, maxDepth: options.maxDepth))
            } catch {
                throw DiagnoseFailure(error.message, location: error.location, help: error.hint)
            }
        }
    }

    /// Reads a file, or standard input for `-` (named `<stdin>` in locations), and parses it.
    /// - Parameters:
    ///   - path: the file's path as the user gave it, or `-`.
    ///   - options: limits.
    /// - Returns: the document.
    /// - Throws: `DiagnoseFailure` when the file cannot be read (`cannot read 'x.yaml': no such file or
    ///   directory`) or does not parse.
    public static func load(path: String, options: Options = Options()) throws(DiagnoseFailure) -> Document {
        try parse(read(path: path), options: options)
    }

    /// Reads a file (or standard input for `-`) whole, in one buffer.
    /// - Parameter path: the file's path, or `-`.
    /// - Returns: the text, named by `path` (or `<stdin>`).
    /// - Throws: `DiagnoseFailure` naming the file and the system's reason.
    public static func read(path: String) throws(DiagnoseFailure) -> SourceText {
        if path == "-" {
            switch readAll(descriptor: 0, sizeHint: 0) {
            case .success(let bytes): return SourceText(name: "<stdin>", bytes: bytes)
            case .failure(let e): throw cannotRead("<stdin>", e.code)
            }
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw cannotRead(path, errno) }
        defer { close(fd) }
        var info = stat()
        let size = fstat(fd, &info) == 0 ? Int(info.st_size) : 0
        switch readAll(descriptor: fd, sizeHint: size) {
        case .success(let bytes): return SourceText(name: path, bytes: bytes)
        case .failure(let e): throw cannotRead(path, e.code)
        }
    }

    private struct Errno: Error {
        var code: Int32
    }

    /// Reads until end of file: one `read` for a regular file whose size is known, more for pipes.
    private static func readAll(descriptor fd: Int32, sizeHint: Int) -> Result<[UInt8], Errno> {
        var bytes = [UInt8](repeating: 0, count: max(sizeHint, 0) + 1)
        var count = 0
        while true {
            if count == bytes.count {
                bytes.append(contentsOf: repeatElement(0, count: max(bytes.count, 65_536)))
            }
            let n = bytes.withUnsafeMutableBytes { raw in
                systemRead(fd, raw.baseAddress! + count, raw.count - count)
            }
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(Errno(code: errno))
            }
            if n == 0 { break }
            count += n
        }
        bytes.removeSubrange(count...)
        return .success(bytes)
    }

    private static func cannotRead(_ path: String, _ code: Int32) -> DiagnoseFailure {
        var reason = String(cString: strerror(code))
        if let first = reason.first { reason = first.lowercased() + reason.dropFirst() }
        return DiagnoseFailure(
            "cannot read '\(path)': \(reason)", help: "check the path, or pass '-' to read standard input")
    }
}

/// `read(2)`, named apart from `DocumentLoader.read(path:)`.
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(fd, buffer, count)
}
