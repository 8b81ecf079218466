/// The formats a trace can be in; detected from the content, never from the file name.
public enum TraceFormat: String, Sendable, Hashable, CaseIterable {
    /// HAR 1.2 (`{"log": {"entries": [...]}}`), streamed entry by entry.
    case har
    /// One HAR-entry-shaped JSON object per line (`jq -c '.log.entries[]' x.har`).
    case ndjson
    /// Raw HTTP/1.1 messages: a request, optionally followed by its response, repeated.
    case raw
    /// `curl -v` or `curl --trace-ascii` output (`> ` / `< ` / `* ` lines, or `=> Send header` blocks).
    case curlVerbose
    /// One or more curl command lines.
    case curlCommand

    /// Whether a `"log"` member holding an object appears at nesting depth 1 of the prefix.
    static func containsLogMember(_ b: ArraySlice<UInt8>) -> Bool {
        var depth = 0
        var inString = false
        var escaped = false
        var i = b.startIndex
        let key = Array("\"log\"".utf8)
        while i < b.endIndex {
            let c = b[i]
            if inString {
                if escaped {
                    escaped = false
                } else if c == 0x5C {
                    escaped = true
                } else if c == 0x22 {
                    inString = false
                }
                i += 1
                continue
            }
            switch c {
            case 0x22:
                if depth == 1, b[i...].starts(with: key) {
                    var j = i + key.count
                    while j < b.endIndex, b[j] == 0x20 || b[j] == 0x0A || b[j] == 0x0D || b[j] == 0x09 { j += 1 }
                    if j < b.endIndex, b[j] == UInt8(ascii: ":") { return true }
                }
                inString = true
            case 0x7B, 0x5B: depth += 1
            case 0x7D, 0x5D:
                depth -= 1
                if depth == 0 { return false }
            default: break
            }
            i += 1
        }
        return false
    }

    /// Detects the format from the first bytes of a trace (a UTF-8 BOM and leading whitespace are skipped).
    /// - Parameter prefix: the first bytes of the input (a few kilobytes are enough).
    /// - Returns: the format, or nil when the content matches none.
    public static func detect(_ prefix: ArraySlice<UInt8>) -> TraceFormat? {
        var b = prefix
        if b.starts(with: [0xEF, 0xBB, 0xBF]) { b = b.dropFirst(3) }
        while let f = b.first, f == 0x20 || f == 0x0A || f == 0x0D || f == 0x09 { b = b.dropFirst() }
        guard let first = b.first else { return nil }
        if first == UInt8(ascii: "{") {
            // HAR if the first member is "log"; an entry-shaped object otherwise.
            var k = b.dropFirst()
            while let f = k.first, f == 0x20 || f == 0x0A || f == 0x0D || f == 0x09 { k = k.dropFirst() }
            if k.starts(with: Array("\"log\"".utf8)) { return .har }
            let line = k.prefix { $0 != 0x0A }
            let firstKey = line.dropFirst().prefix { $0 != UInt8(ascii: "\"") }
            // A HAR whose "log" is not the first member: look for `"log": {` at the top of the prefix.
            if containsLogMember(b) { return .har }
            let entryKeys = [
                "request", "response", "startedDateTime", "time", "timings", "cache", "pageref", "serverIPAddress",
                "connection", "comment",
            ]
            if entryKeys.contains(String(decoding: firstKey, as: UTF8.self)) || firstKey.first == UInt8(ascii: "_") {
                return .ndjson
            }
            return .har
        }
        let firstLine = Substring(String(decoding: b.prefix(4096).prefix { $0 != 0x0A && $0 != 0x0D }, as: UTF8.self))
        // Shell comments (as `diagnose curl` writes them) may precede a command.
        let lines = String(decoding: b.prefix(16384), as: UTF8.self).split(whereSeparator: {
            $0 == "\n" || $0 == "\r\n"
        })
        let firstCode =
            lines.first { !$0.httpTrimmed.isEmpty && !$0.httpTrimmed.hasPrefix("#") }.map(Substring.init) ?? firstLine
        var commandLine = firstCode.httpTrimmed
        if commandLine.hasPrefix("$ ") { commandLine = commandLine.dropFirst(2).httpTrimmed }
        if commandLine.hasPrefix("curl ") || commandLine == "curl" || commandLine.hasPrefix("curl\t") {
            return .curlCommand
        }
        if firstLine.hasPrefix("* ") || firstLine.hasPrefix("> ") || firstLine.hasPrefix("< ")
            || firstLine.hasPrefix("== Info:") || firstLine.hasPrefix("=> Send") || firstLine.hasPrefix("<= Recv")
            || firstLine.hasPrefix("{ [") || firstLine.hasPrefix("} [")
        {
            return .curlVerbose
        }
        if RawHTTP.isRequestLine(Substring(firstLine)) { return .raw }
        // A transcript with junk before its first request (a pasted note, a title) is still a transcript.
        if lines.prefix(50).contains(where: { RawHTTP.isRequestLine(Substring($0.httpTrimmedCR)) }) { return .raw }
        return nil
    }
}

/// One item of a trace: an exchange, or a located problem where an entry could not be read.
public enum TraceItem: Sendable {
    /// A readable exchange.
    case exchange(Exchange)
    /// A problem (malformed entry, unknown curl option, truncated file); reading went on where it could.
    case problem(Diagnostic)
}

/// Reads a trace file (or standard input) as a stream of exchanges, in any supported format.
///
/// HAR and NDJSON are streamed: entries are read one at a time in fixed-size chunks, so a multi-gigabyte HAR is
/// scanned in bounded memory as long as the caller does not keep every exchange. Raw transcripts, `curl -v` output
/// and curl command lines are small by nature and read whole.
///
/// ```swift
/// for item in try TraceReader(path: "trace.har") {
///     switch item {
///     case .exchange(let x): print(x.request.method, x.request.path)
///     case .problem(let d): print(d.message)
///     }
/// }
/// ```
///
/// Standard input (`-`) can be iterated once; a file is reopened by each iteration.
public struct TraceReader: Sequence {
    /// How to read.
    public struct Options: Sendable {
        /// Which exchanges to yield (problems are always yielded).
        public var selection: TraceSelection
        /// Force a format instead of detecting it.
        public var format: TraceFormat?
        /// Size of each read, in bytes.
        public var chunkSize: Int
        /// The most headers kept per request or response (default 1,000); the rest are dropped with a problem.
        public var maxHeaderCount: Int = 1000
        /// The longest header (name plus value, in bytes) kept (default 65,536); longer ones are dropped with a problem.
        public var maxHeaderBytes: Int = 64 << 10
        /// Creates options.
        /// - Parameters:
        ///   - selection: which exchanges to yield.
        ///   - format: a forced format, or nil to detect.
        ///   - chunkSize: read size in bytes (1 MiB by default: the window holds up to three chunks and a reused
        ///     read buffer, all touched once).
        public init(selection: TraceSelection = TraceSelection(), format: TraceFormat? = nil, chunkSize: Int = 1 << 20)
        {
            self.selection = selection
            self.format = format
            self.chunkSize = chunkSize
        }
    }

    /// The path as given (`-` for standard input).
    public let path: String
    /// The detected (or forced) format.
    public let format: TraceFormat
    /// The options.
    public let options: Options
    private let firstInput: InputBox

    /// Opens a trace and detects its format.
    /// - Parameters:
    ///   - path: a file path, or `-` for standard input.
    ///   - options: selection, forced format, chunk size.
    /// - Throws: `DiagnoseFailure` when the file cannot be read or its format is not recognised.
    public init(path: String, options: Options = Options()) throws(DiagnoseFailure) {
        let input = try ByteInput(path: path, chunkSize: options.chunkSize)
        try self.init(input: input, path: path, options: options)
    }

    /// Reads a trace held in memory (tests, pasted text).
    /// - Parameters:
    ///   - bytes: the trace's bytes.
    ///   - name: the name used in locations.
    ///   - options: selection, forced format.
    /// - Throws: `DiagnoseFailure` when the format is not recognised.
    public init(bytes: [UInt8], name: String, options: Options = Options()) throws(DiagnoseFailure) {
        try self.init(input: ByteInput(name: name, bytes: bytes), path: name, options: options)
    }

    private init(input: ByteInput, path: String, options: Options) throws(DiagnoseFailure) {
        _ = input.ensure(65535)
        guard let format = options.format ?? TraceFormat.detect(input.buffer.prefix(65536)) else {
            if input.buffer.isEmpty {
                throw DiagnoseFailure(
                    "'\(input.name)' is empty", help: "pass a HAR, NDJSON, raw HTTP, curl -v or curl command file")
            }
            throw DiagnoseFailure(
                "cannot tell the format of '\(input.name)': it is not HAR, NDJSON, a raw HTTP transcript, curl -v output or a curl command",
                location: SourceLocation(file: input.name, line: 1, column: 1),
                help:
                    "HAR starts with '{\"log\"', NDJSON with '{\"request\"', raw HTTP with a request line such as 'GET /path HTTP/1.1', curl output with '> ' or '* ' lines"
            )
        }
        self.path = path
        self.format = format
        self.options = options
        self.firstInput = InputBox(input)
    }

    func firstInputTake() -> ByteInput? { firstInput.take() }

    /// An iterator over the trace's items.
    public func makeIterator() -> TraceIterator {
        var input = firstInput.take()
        if input == nil, path != "-" {
            input = try? ByteInput(path: path, chunkSize: options.chunkSize)
        }
        var iterator = TraceIterator(input: input, format: format, selection: options.selection)
        iterator.headerLimits = (options.maxHeaderCount, options.maxHeaderBytes)
        return iterator
    }
}

/// Hands the input opened by `TraceReader.init` to the first iteration.
final class InputBox {
    private var input: ByteInput?
    init(_ input: ByteInput) { self.input = input }
    func take() -> ByteInput? {
        defer { input = nil }
        return input
    }
}

/// Iterates a trace's items; see `TraceReader`.
public struct TraceIterator: IteratorProtocol {
    private let engine: TraceEngine?
    private let selection: TraceSelection
    /// Header count and length limits (`TraceReader.Options.maxHeaderCount`, `maxHeaderBytes`).
    var headerLimits = (count: 1000, bytes: 64 << 10)
    /// An exchange held back while the problem about its trimmed headers is returned first.
    private var held: TraceItem?

    init(input: ByteInput?, format: TraceFormat, selection: TraceSelection) {
        self.selection = selection
        guard let input else {
            engine = nil
            return
        }
        switch format {
        case .har:
            let stream = HARStream(input: input)
            stream.parseEntries = true
            engine = HAREngine(stream)
        case .ndjson: engine = NDJSONEngine(NDJSONStream(input: input))
        case .raw, .curlVerbose, .curlCommand: engine = ListEngine(input: input, format: format)
        }
    }

    /// The next exchange that passes the selection, or the next problem; nil at the end.
    public mutating func next() -> TraceItem? {
        if let item = held {
            held = nil
            return item
        }
        guard let engine else { return nil }
        while let item = engine.next() {
            // Consumed: the exchange moves out of the item and back into the result, where binding it copied every
            // string and array it holds (and released them again with the item).
            switch consume item {
            case .problem(let diagnostic): return .problem(diagnostic)
            case .exchange(var x):
                if selection.isPast(entry: x.source.entry) { return nil }
                guard selection.includes(x) else { continue }
                var dropped: [String] = []
                dropped += Self.trim(&x.request.headers, limits: headerLimits, side: "request")
                if x.response != nil { dropped += Self.trim(&x.response!.headers, limits: headerLimits, side: "response") }
                guard !dropped.isEmpty else { return .exchange(consume x) }
                held = .exchange(x)
                return .problem(
                    Diagnostic(
                        id: "trace.header-limit", severity: .warning,
                        message: "exchange \(x.source.entry): " + dropped.joined(separator: "; "),
                        location: SourceLocation(file: x.source.file, line: x.source.line, column: x.source.column),
                        help: "raise the limits with TraceReader.Options.maxHeaderCount (\(headerLimits.count)) "
                            + "and maxHeaderBytes (\(headerLimits.bytes)) if such headers are legitimate"))
            }
        }
        return nil
    }

    /// Drops headers past the count limit and headers longer than the length limit; says what was dropped.
    private static func trim(_ headers: inout [HTTPHeader], limits: (count: Int, bytes: Int), side: String) -> [String] {
        var out: [String] = []
        let long = headers.filter { $0.name.utf8.count + $0.value.utf8.count > limits.bytes }
        if !long.isEmpty {
            headers.removeAll { $0.name.utf8.count + $0.value.utf8.count > limits.bytes }
            let names = long.prefix(3).map { "'\($0.name.prefix(40))'" }.joined(separator: ", ")
            out.append("\(long.count) \(side) header(s) longer than the header length limit of \(limits.bytes) bytes were dropped (\(names))")
        }
        if headers.count > limits.count {
            out.append("the \(side) has \(headers.count) headers, over the header count limit of \(limits.count); the rest were dropped")
            headers.removeLast(headers.count - limits.count)
        }
        return out
    }
}

class TraceEngine {
    func next() -> TraceItem? { nil }
}

final class HAREngine: TraceEngine {
    let stream: HARStream
    init(_ stream: HARStream) { self.stream = stream }
    override func next() -> TraceItem? {
        while let event = stream.next() {
            switch event {
            case .member, .entriesBegin, .entriesEnd: continue
            case .problem(let d, _): return .problem(d)
            case .entry(let text, let number, let parsed):
                if let parsed {
                    return HAREntryDecoder.decode(
                        parsed.root, source: Self.source(text, number), pointer: "/log/entries/\(number - 1)")
                }
                return Self.decode(text, number: number, pointer: "/log/entries/\(number - 1)")
            }
        }
        return nil
    }

    static func source(_ text: SourceText, _ number: Int) -> SourceRef {
        SourceRef(file: text.name, entry: number, offset: text.baseOffset, line: text.baseLine, column: text.baseColumn)
    }

    static func decode(_ text: SourceText, number: Int, pointer: String) -> TraceItem {
        let source = Self.source(text, number)
        let doc: Document
        do {
            doc = try JSONParser.parse(text, options: entryParseOptions)
        } catch {
            var location = error.location
            location.pointer = pointer.isEmpty ? nil : pointer
            return .problem(
                TraceDiagnostics.malformedEntry("entry \(number) is not valid JSON: \(error.message)", at: location))
        }
        return HAREntryDecoder.decode(doc.root, source: source, pointer: pointer)
    }
}

/// Entries are parsed without the duplicate-key pass: HAR has no use for it and it costs a few percent.
let entryParseOptions: JSONParser.Options = {
    var o = JSONParser.Options()
    o.detectDuplicateKeys = false
    return o
}()

final class NDJSONEngine: TraceEngine {
    let stream: NDJSONStream
    init(_ stream: NDJSONStream) { self.stream = stream }
    override func next() -> TraceItem? {
        guard let (text, number) = stream.next() else { return nil }
        return HAREngine.decode(text, number: number, pointer: "")
    }
}

final class ListEngine: TraceEngine {
    private var items: [TraceItem]
    private var index = 0
    init(input: ByteInput, format: TraceFormat) {
        while input.fill() {}
        let bytes = input.buffer
        switch format {
        case .raw: items = RawHTTP.parseTranscripts(bytes, file: input.name)
        case .curlVerbose: items = CurlVerbose.parse(bytes, file: input.name)
        default: items = CurlCommand.parseFile(String(decoding: bytes, as: UTF8.self), file: input.name)
        }
    }
    override func next() -> TraceItem? {
        guard index < items.count else { return nil }
        defer { index += 1 }
        return items[index]
    }
}
