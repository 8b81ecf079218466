#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#elseif canImport(Musl)
    import Musl
#endif

/// `diagnose redact`: writes a sanitised copy of a trace in its own format, streaming.
///
/// HAR stays valid HAR with the same entries (every field kept, custom `_fields` included, values redacted in
/// place); NDJSON stays one entry per line; raw transcripts, `curl -v` output and curl commands are written back as
/// transcripts, `curl -v` style lines and curl commands. An entry that cannot be parsed cannot be redacted safely:
/// it is left out and reported.
public enum TraceRedaction {
    /// What a redaction run did.
    public struct Summary: Sendable {
        /// The input's format.
        public var format: TraceFormat
        /// Entries written.
        public var written: Int
        /// Problems met (each skipped entry has one), in input order.
        public var problems: [Diagnostic]
    }

    /// Redacts `input` into `output`.
    /// - Parameters:
    ///   - input: trace path, or `-` for standard input.
    ///   - output: output path, or `-` for standard output.
    ///   - redactor: the policy (`.default`; `--show-secrets` makes a plain copy in normalised form).
    /// - Returns: the summary.
    /// - Throws: `DiagnoseFailure` when the input cannot be read, its format is unknown, the output is the input,
    ///   or the output cannot be written.
    @discardableResult
    public static func redactFile(input: String, output: String, redactor: Redactor = .default) throws(DiagnoseFailure)
        -> Summary
    {
        try refuseSameFile(input: input, output: output)
        let reader = try TraceReader(path: input)
        let sink = try OutputSink(path: output)
        let summary = redact(reader, into: sink, redactor: redactor)
        try sink.finish()
        return summary
    }

    /// Redacts a trace held in memory and returns the redacted bytes (tests, previews).
    /// - Parameters:
    ///   - bytes: the trace.
    ///   - name: its name, for locations.
    ///   - redactor: the policy.
    /// - Returns: the redacted bytes and the summary.
    /// - Throws: `DiagnoseFailure` when the format is unknown.
    public static func redact(bytes: [UInt8], name: String, redactor: Redactor = .default) throws(DiagnoseFailure)
        -> (bytes: [UInt8], summary: Summary)
    {
        let reader = try TraceReader(bytes: bytes, name: name)
        let sink = OutputSink(memory: ())
        let summary = redact(reader, into: sink, redactor: redactor)
        return (sink.memory, summary)
    }

    static func redact(_ reader: TraceReader, into sink: OutputSink, redactor: Redactor) -> Summary {
        var summary = Summary(format: reader.format, written: 0, problems: [])
        switch reader.format {
        case .har:
            guard let input = reader.takeInput() else { return summary }
            redactHAR(HARStream(input: input), into: sink, redactor: redactor, summary: &summary)
        case .ndjson:
            guard let input = reader.takeInput() else { return summary }
            let stream = NDJSONStream(input: input)
            while let (text, number) = stream.next() {
                do {
                    let doc = try JSONParser.parse(text)
                    var out: [UInt8] = []
                    EntryRedaction(redactor: redactor).write(doc.root, context: .entry, into: &out)
                    out.append(0x0A)
                    sink.write(out)
                    summary.written += 1
                } catch {
                    summary.problems.append(
                        TraceDiagnostics.malformedEntry(
                            "line \(text.baseLine) (record \(number)) is not valid JSON and was left out: \(error.message)",
                            at: error.location))
                }
            }
        case .raw, .curlVerbose, .curlCommand:
            for item in reader {
                switch item {
                case .problem(let d): summary.problems.append(d)
                case .exchange(let x):
                    let r = redactor.redact(x)
                    switch reader.format {
                    case .raw: sink.write(RawHTTP.render(r))
                    case .curlVerbose: sink.write(CurlVerbose.render(r))
                    default: sink.write(Array((CurlCommand.render(x.request, redactor: redactor) + "\n").utf8))
                    }
                    summary.written += 1
                }
            }
        }
        return summary
    }

    static func redactHAR(_ stream: HARStream, into sink: OutputSink, redactor: Redactor, summary: inout Summary) {
        let er = EntryRedaction(redactor: redactor)
        var rootFirst = true
        var inLog = false
        var logDone = false
        var logFirst = true
        var inEntries = false
        var entryFirst = true
        sink.write([UInt8(ascii: "{")])
        func openLog() {
            guard !inLog, !logDone else { return }
            sink.write(Array(((rootFirst ? "" : ",") + "\n\"log\":{").utf8))
            rootFirst = false
            inLog = true
        }
        func closeLog() {
            if inLog {
                sink.write(Array("\n}".utf8))
                inLog = false
                logDone = true
            }
        }
        func member(_ key: String, _ value: [UInt8], path: [String]) {
            var out: [UInt8] = []
            if let doc = try? JSONParser.parse(SourceText(name: stream.input.name, bytes: value)) {
                er.write(doc.root, context: path == ["log", "pages"] ? .pages : .other, into: &out)
            } else {
                out = Array("null".utf8)
            }
            sink.write(Array(("\n" + JSONSerializer.quote(key) + ":").utf8) + out)
        }
        while let event = stream.next() {
            switch event {
            case .member(let path, let bytes, _):
                if path.count == 1 {
                    closeLog()
                    if !rootFirst { sink.write([UInt8(ascii: ",")]) }
                    rootFirst = false
                    member(path[0], bytes, path: path)
                } else {
                    openLog()
                    if !logFirst { sink.write([UInt8(ascii: ",")]) }
                    logFirst = false
                    member(path[1], bytes, path: path)
                }
            case .entriesBegin:
                openLog()
                sink.write(Array(((logFirst ? "" : ",") + "\n\"entries\":[").utf8))
                logFirst = false
                inEntries = true
                entryFirst = true
            case .entriesEnd:
                sink.write(Array("\n]".utf8))
                inEntries = false
            case .entry(let text, let number, _):
                do {
                    let doc = try JSONParser.parse(text)
                    var out: [UInt8] = Array(((entryFirst ? "" : ",") + "\n").utf8)
                    er.write(doc.root, context: .entry, into: &out)
                    sink.write(out)
                    entryFirst = false
                    summary.written += 1
                } catch {
                    var location = error.location
                    location.pointer = "/log/entries/\(number - 1)"
                    summary.problems.append(
                        TraceDiagnostics.malformedEntry(
                            "entry \(number) is not valid JSON and was left out of the redacted copy: \(error.message)",
                            at: location))
                }
            case .problem(let d, _):
                summary.problems.append(d)
            }
        }
        if inEntries { sink.write(Array("\n]".utf8)) }
        closeLog()
        sink.write(Array("\n}\n".utf8))
    }

    static func refuseSameFile(input: String, output: String) throws(DiagnoseFailure) {
        guard input != "-", output != "-" else { return }
        var a = stat()
        var b = stat()
        let same =
            input == output
            || (stat(input, &a) == 0 && stat(output, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino)
        if same {
            throw DiagnoseFailure(
                "refusing to overwrite the input '\(input)' with its redacted copy",
                help:
                    "write to another file: diagnose redact \(input) -o redacted-\(input.split(separator: "/").last ?? "trace")"
            )
        }
    }
}

extension TraceReader {
    /// The input opened by `init`, for writers that need the raw stream rather than exchanges.
    func takeInput() -> ByteInput? {
        if let i = firstInputTake() { return i }
        return path == "-" ? nil : try? ByteInput(path: path, chunkSize: options.chunkSize)
    }
}

/// Redacts a HAR entry (or any HAR member) in place, keeping every field.
struct EntryRedaction {
    let redactor: Redactor

    enum Context {
        case entry, headers, cookies, params, pages, other
    }

    func write(_ node: Node, context: Context, into out: inout [UInt8]) {
        write(node, key: nil, context: context, parent: nil, into: &out)
    }

    private func write(_ node: Node, key: String?, context: Context, parent: Node?, into out: inout [UInt8]) {
        switch node.kind {
        case .object:
            // name/value objects inside headers, cookies, queryString, params.
            let name = node["name"]?.stringValue
            out.append(UInt8(ascii: "{"))
            var first = true
            for (k, v) in node.members {
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                let ks = k.stringValue ?? ""
                k.withPayloadDecoded { JSONSerializer.writeString($0, into: &out) }
                out.append(UInt8(ascii: ":"))
                if ks == "value", let name, v.kind == .string || v.kind == .number {
                    let value = v.stringValue ?? v.numberValue?.text ?? ""
                    let redacted: String
                    switch context {
                    case .headers: redacted = redactor.redactHeader(name: name, value: value)
                    case .cookies: redacted = redactor.redactSecret(value)
                    case .params:
                        redacted =
                            Redactor.isSecretName(name) ? redactor.redactSecret(value) : redactor.redactValue(value)
                    default: redacted = redactor.redactValue(value)
                    }
                    writeString(redacted, &out)
                    continue
                }
                if ks == "text", v.kind == .string, context == .other || context == .entry {
                    writeBodyText(v, in: node, &out)
                    continue
                }
                let childContext: Context
                switch ks {
                case "headers": childContext = .headers
                case "cookies": childContext = .cookies
                case "queryString", "params": childContext = .params
                default: childContext = context == .entry ? .other : (context == .pages ? .pages : .other)
                }
                write(v, key: ks, context: childContext, parent: node, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        case .array:
            out.append(UInt8(ascii: "["))
            var first = true
            for e in node.elements {
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                write(e, key: key, context: context, parent: node, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .string:
            let s = node.stringValue ?? ""
            if key == "url" || key == "redirectURL" || key == "title" && context == .pages {
                writeString(redactor.redactURL(s), &out)
            } else if let key, Redactor.isSecretName(key) {
                writeString(redactor.redactSecret(s), &out)
            } else {
                writeString(redactor.redactValue(s), &out)
            }
        default:
            JSONSerializer.write(node, into: &out)
        }
    }

    /// `postData.text` / `content.text`: decoded (base64 too), redacted by media type, encoded back the same way.
    private func writeBodyText(_ v: Node, in object: Node, _ out: inout [UInt8]) {
        let mime = object["mimeType"]?.stringValue
        if object["encoding"]?.stringEquals("base64") == true {
            let text = v.stringValue ?? ""
            guard let bytes = TrafficBase64.decode(text) else {
                writeString(redactor.redactValue(text), &out)
                return
            }
            let redacted = redactor.redactBody(bytes, mediaType: mime)
            writeString(redacted == bytes ? text : TrafficBase64.encode(redacted), &out)
            return
        }
        let bytes = v.withPayloadDecoded { Array($0) }
        let redacted = redactor.redactBody(bytes, mediaType: mime)
        redacted.withUnsafeBufferPointer { JSONSerializer.writeString($0, into: &out) }
    }

    private func writeString(_ s: String, _ out: inout [UInt8]) {
        var s = s
        s.withUTF8 { JSONSerializer.writeString($0, into: &out) }
    }
}

/// Where redacted output goes: a file (buffered), standard output, or memory.
final class OutputSink {
    private let fd: Int32
    private var pending: [UInt8] = []
    private(set) var memory: [UInt8] = []
    private let inMemory: Bool
    private var failed: String?
    private let name: String

    init(path: String) throws(DiagnoseFailure) {
        name = path
        inMemory = false
        if path == "-" {
            fd = 1
        } else {
            let d = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            guard d >= 0 else {
                throw DiagnoseFailure(
                    "cannot write '\(path)': \(String(cString: strerror(errno)).lowercased())",
                    help: "check that the folder exists and is writable")
            }
            fd = d
        }
    }

    init(memory: ()) {
        name = "<memory>"
        fd = -1
        inMemory = true
    }

    func write(_ bytes: [UInt8]) {
        if inMemory {
            memory += bytes
            return
        }
        pending += bytes
        if pending.count >= 1 << 20 { flush() }
    }

    private func flush() {
        guard !pending.isEmpty, failed == nil else { return }
        var off = 0
        pending.withUnsafeBytes { raw in
            while off < raw.count {
                let n = posixWrite(fd, raw.baseAddress! + off, raw.count - off)
                if n < 0 {
                    if errno == EINTR { continue }
                    failed = String(cString: strerror(errno)).lowercased()
                    return
                }
                off += n
            }
        }
        pending.removeAll(keepingCapacity: true)
    }

    func finish() throws(DiagnoseFailure) {
        guard !inMemory else { return }
        flush()
        if fd > 2 { close(fd) }
        if let failed {
            throw DiagnoseFailure("cannot write '\(name)': \(failed)", help: "check free space and permissions")
        }
    }
}

/// `write(2)`, named apart from `OutputSink.write`.
private func posixWrite(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int {
    write(fd, p, n)
}
