/// Loads YAML text into the same `Document` tree the JSON parser builds, with libyaml doing the tokenizing.
///
/// Scalars resolve by the YAML 1.2 core schema, as OpenAPI tools expect: `true`/`false` (also `True`, `TRUE`),
/// `null`/`~`/empty, integers (`0x`/`0o` become decimal), floats (`.5`, `1e3`, `.inf`, `.nan`). Quoted and block
/// scalars are always strings, and so are `yes`, `no`, `on`, `off`. Explicit `!!str`, `!!int`, `!!float`, `!!bool`
/// and `!!null` tags are honoured. Keys are always strings, spelled as written (`200:` is the key `"200"`).
///
/// Anchors, aliases and merge keys (`<<`) are expanded; the expansion is bounded by `Options.maxNodes`, so an alias
/// bomb fails fast with an error instead of exhausting memory. Every node's offset is a UTF-8 byte offset into the
/// text, so `Node.location` gives the right line and column even after non-ASCII text.
public enum YAMLLoader {
    /// Limits applied while loading.
    public struct Options: Sendable {
        /// Most nodes a document may have once aliases are expanded (keys count as nodes).
        ///
        /// Checked before anything is expanded: each alias counts the whole subtree it names, a merge source
        /// included even where the merging mapping overrides some of its keys, so the check is exact for plain
        /// aliases and errs on the safe side for merges.
        public var maxNodes: Int = 4_000_000
        /// Deepest nesting of sequences and mappings accepted, aliases expanded.
        public var maxDepth: Int = 512

        /// Default limits: 4,000,000 nodes, 512 levels.
        public init() {}

        /// Custom limits.
        /// - Parameters:
        ///   - maxNodes: most nodes after alias expansion.
        ///   - maxDepth: deepest nesting.
        public init(maxNodes: Int = 4_000_000, maxDepth: Int = 512) {
            self.maxNodes = maxNodes
            self.maxDepth = maxDepth
        }
    }

    /// Loads the first document of a YAML stream.
    ///
    /// When the stream holds more documents, the result carries a `ParseNote` of kind `.multipleDocuments` at the
    /// start of the second; later documents are not read. An empty stream gives a document whose root is `null`.
    /// - Parameters:
    ///   - text: the bytes and their origin.
    ///   - options: limits.
    /// - Returns: the document.
    /// - Throws: `YAMLError` at the first problem: libyaml's syntax errors (with its reason), undefined or cyclic
    ///   aliases, a limit exceeded, a non-scalar key, a value that contradicts its tag.
    public static func parse(_ text: SourceText, options: Options = Options()) throws(YAMLError) -> Document {
        try load(text, options: options, all: false).first!
    }

    /// Loads YAML given as a string (for tests and small inputs).
    /// - Parameters:
    ///   - string: the YAML text.
    ///   - name: the file name to use in locations.
    ///   - options: limits.
    /// - Returns: the first document.
    /// - Throws: `YAMLError`, as `parse(_:options:)`.
    public static func parse(_ string: String, name: String = "<string>", options: Options = Options())
        throws(YAMLError) -> Document
    {
        try parse(SourceText(name: name, string: string), options: options)
    }

    /// Loads every document of a YAML stream, in order (an empty stream gives an empty array).
    /// - Parameters:
    ///   - text: the bytes and their origin.
    ///   - options: limits, applied to each document.
    /// - Returns: the documents.
    /// - Throws: `YAMLError` at the first problem in any document.
    public static func parseAll(_ text: SourceText, options: Options = Options()) throws(YAMLError) -> [Document] {
        try load(text, options: options, all: true)
    }

    private static func load(_ text: SourceText, options: Options, all: Bool) throws(YAMLError) -> [Document] {
        let bytes = text.bytes
        guard bytes.count < Int(UInt32.max) else {
            throw YAMLError(
                message: "document is \(bytes.count) bytes; one YAML document may hold at most 4 GiB",
                location: text.location(at: 0), hint: "split the input into smaller files")
        }
        if bytes.count >= 2 && ((bytes[0] == 0xFE && bytes[1] == 0xFF) || (bytes[0] == 0xFF && bytes[1] == 0xFE)) {
            throw YAMLError(
                message: "the file is UTF-16 text; only UTF-8 YAML is supported",
                location: text.location(at: 0), hint: "convert the file to UTF-8, e.g. with iconv -f UTF-16 -t UTF-8")
        }
        let source = YAMLEventSource(parser: YAMLParser(bytes: bytes), text: text)
        var documents: [Document] = []
        _ = try source.next()  // STREAM-START
        while true {
            let start = try source.next()
            guard start.kind == .documentStart else { break }  // STREAM-END
            let collected = try YAMLComposer.collect(from: source, text: text, options: options)
            var emitter = YAMLComposer.Emitter(doc: collected, text: text, options: options)
            try emitter.emitRoot()
            if !all {
                let following = try source.next()
                if following.kind == .documentStart {
                    let at = text.location(at: following.offset)
                    emitter.builder.note(
                        ParseNote(
                            kind: .multipleDocuments,
                            message:
                                "the file holds more than one YAML document; only the first was read (the second starts at line \(at.line), column \(at.column))",
                            location: at))
                }
                documents.append(emitter.builder.build())
                return documents
            }
            documents.append(emitter.builder.build())
        }
        if !all {
            var empty = DocumentBuilder(text: text)
            empty.null(at: 0)
            documents.append(empty.build())
        }
        return documents
    }

    /// Turns libyaml's complaint into an error at its problem mark, with a hint for the usual causes.
    static func syntaxError(_ failure: YAMLParserFailure, text: SourceText) -> YAMLError {
        var message = failure.problem
        if let context = failure.context { message += " " + context }
        let location = text.location(at: failure.offset)
        let bytes = text.bytes
        var hint: String?
        // A tab at or before the problem, in the line's leading whitespace, is the classic cause.
        if let tab = leadingTab(in: bytes, near: failure.offset) {
            let at = text.location(at: tab)
            hint =
                "YAML indentation must use spaces; replace the tab at line \(at.line), column \(at.column) with spaces"
        } else if failure.problem.hasPrefix("mapping values are not allowed") {
            hint = "a plain value cannot contain \": \"; put the value in quotes, or check the indentation of this line"
        } else if failure.problem.hasPrefix("did not find expected key")
            || failure.problem.hasPrefix("did not find expected '-' indicator")
        {
            hint = "check the indentation of this line against the lines above it"
        } else if failure.problem.hasPrefix("did not find expected ',' or ']'") {
            hint = "close the flow sequence with ] or separate its items with commas"
        } else if failure.problem.hasPrefix("did not find expected ',' or '}'") {
            hint = "close the flow mapping with } or separate its members with commas"
        } else if failure.problem.hasPrefix("could not find expected ':'") {
            hint = "a key must be followed by \": \"; look for a missing colon or an unclosed quote"
        } else if failure.problem.hasPrefix("found character that cannot start any token"),
            failure.offset < bytes.count,
            bytes[failure.offset] == UInt8(ascii: "@") || bytes[failure.offset] == UInt8(ascii: "`")
        {
            hint = "a plain value cannot start with @ or `; put the value in quotes"
        } else if failure.problem.hasPrefix("found undefined tag handle") {
            hint = "declare the tag handle with a %TAG directive, or remove the tag"
        } else if failure.problem.contains("unexpected end of stream") || failure.problem.contains("end of stream") {
            hint = "close the quote or bracket that is still open"
        }
        if let contextOffset = failure.contextOffset, contextOffset != failure.offset {
            let at = text.location(at: contextOffset)
            let started = "(the construct libyaml was reading starts at line \(at.line), column \(at.column))"
            hint = hint.map { $0 + " " + started } ?? "check quoting and indentation " + started
        }
        return YAMLError(
            message: message, location: location,
            hint: hint ?? "check the quoting and indentation at this position")
    }

    /// Offset of a tab in the leading whitespace of the line holding `offset`, or at `offset` itself.
    private static func leadingTab(in bytes: [UInt8], near offset: Int) -> Int? {
        guard offset <= bytes.count else { return nil }
        if offset < bytes.count && bytes[offset] == 0x09 { return offset }
        var lineStart = min(offset, bytes.count)
        while lineStart > 0 && bytes[lineStart - 1] != 0x0A { lineStart -= 1 }
        var k = lineStart
        while k < bytes.count && (bytes[k] == 0x20 || bytes[k] == 0x09 || bytes[k] == 0x2D) {
            if bytes[k] == 0x09 { return k }
            k += 1
        }
        return nil
    }
}

/// libyaml events with failures already turned into located `YAMLError`s.
struct YAMLEventSource {
    let parser: YAMLParser
    let text: SourceText

    func next() throws(YAMLError) -> YAMLRawEvent {
        do {
            return try parser.next()
        } catch {
            throw YAMLLoader.syntaxError(error, text: text)
        }
    }
}
