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
        /// Largest text accepted, in bytes (JSON and YAML; default 256 MiB, about 35 times Stripe's spec).
        public var maxDocumentBytes: Int = 256 << 20

        /// Default limits: 512 levels, 4,000,000 nodes, 256 MiB.
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
        guard text.bytes.count <= options.maxDocumentBytes else {
            throw DiagnoseFailure(
                "\(text.name) is \(text.bytes.count) bytes, over the document size limit of \(options.maxDocumentBytes) bytes",
                location: text.location(at: 0),
                help: "raise the limit with DocumentLoader.Options.maxDocumentBytes if the document is meant to be this large")
        }
        switch detectFormat(text.bytes) {
        case .json:
            do {
                var json = JSONParser.Options(maxDepth: options.maxDepth)
                json.maxDocumentBytes = min(json.maxDocumentBytes, options.maxDocumentBytes)
                return try JSONParser.parse(text, options: json)
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
        try SourceText.read(path: path)
    }
}
