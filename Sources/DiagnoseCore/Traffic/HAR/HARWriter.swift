/// Writes HAR 1.2 as a stream: `header()`, then `entry(_:)` per exchange, then `footer()`; the bytes can go
/// straight to a file, so a writer never holds more than one entry.
///
/// ```swift
/// var writer = HARWriter()
/// out.write(writer.header())
/// for x in exchanges { out.write(writer.entry(x)) }
/// out.write(writer.footer())
/// ```
public struct HARWriter: Sendable {
    /// The `log.creator.name` written.
    public var creatorName: String
    /// The `log.creator.version` written.
    public var creatorVersion: String
    /// How secrets are treated (`.default` redacts).
    public var redactor: Redactor
    private var count = 0

    /// Creates a writer.
    /// - Parameters:
    ///   - creatorName: `log.creator.name`.
    ///   - creatorVersion: `log.creator.version`.
    ///   - redactor: the redaction policy applied to every entry.
    public init(creatorName: String = "diagnose", creatorVersion: String = "1.0", redactor: Redactor = .default) {
        self.creatorName = creatorName
        self.creatorVersion = creatorVersion
        self.redactor = redactor
    }

    /// The bytes before the first entry.
    public func header() -> [UInt8] {
        Array(
            "{\"log\":{\"version\":\"1.2\",\"creator\":{\"name\":\(JSONSerializer.quote(creatorName)),\"version\":\(JSONSerializer.quote(creatorVersion))},\"entries\":[\n"
                .utf8)
    }

    /// One entry (with the separating comma when it is not the first).
    /// - Parameter exchange: the exchange to write (redacted with the writer's redactor).
    /// - Returns: the bytes to append.
    public mutating func entry(_ exchange: Exchange) -> [UInt8] {
        var out: [UInt8] = count > 0 ? [UInt8(ascii: ","), 0x0A] : []
        count += 1
        HAREntryEncoder.encode(redactor.redact(exchange), into: &out)
        return out
    }

    /// The bytes after the last entry.
    public func footer() -> [UInt8] { Array("\n]}}\n".utf8) }
}

/// Writes NDJSON: one HAR-entry-shaped object per line, the shape `TraceReader` reads back.
public struct NDJSONWriter: Sendable {
    /// How secrets are treated (`.default` redacts).
    public var redactor: Redactor

    /// Creates a writer.
    /// - Parameter redactor: the redaction policy applied to every line.
    public init(redactor: Redactor = .default) {
        self.redactor = redactor
    }

    /// One line for `exchange`, newline included.
    public func line(_ exchange: Exchange) -> [UInt8] {
        var out: [UInt8] = []
        HAREntryEncoder.encode(redactor.redact(exchange), into: &out)
        out.append(0x0A)
        return out
    }
}

/// Encodes an `Exchange` as a HAR 1.2 entry object (compact JSON).
public enum HAREntryEncoder {
    /// Appends the entry's JSON to `out`. Bodies that are not valid UTF-8 are written base64 with
    /// `encoding: "base64"`; a missing response is written as `status: 0`, which readers take as "no response".
    /// - Parameters:
    ///   - exchange: the exchange (not redacted here: redact first for output).
    ///   - out: the buffer to append to.
    public static func encode(_ exchange: Exchange, into out: inout [UInt8]) {
        var w = HARJSONWriter(out: out)
        w.begin("{")
        if let started = exchange.startedDateTime {
            w.key("startedDateTime")
            w.string(started)
        }
        w.key("time")
        w.number(exchange.time ?? exchange.timings?.total ?? 0)
        let r = exchange.request
        w.key("request")
        w.begin("{")
        w.key("method")
        w.string(r.method)
        w.key("url")
        w.string(r.url)
        w.key("httpVersion")
        w.string(r.httpVersion)
        w.key("cookies")
        w.pairs(r.recordedCookies)
        w.key("headers")
        w.pairs(r.headers)
        w.key("queryString")
        w.pairs(r.queryItems.map { HTTPHeader(name: $0.name, value: $0.value) })
        if let b = r.body {
            w.key("postData")
            w.begin("{")
            w.key("mimeType")
            w.string(b.mediaType ?? "")
            if !b.params.isEmpty {
                w.key("params")
                w.pairs(b.params)
            }
            if !b.isSynthesized {
                body(b, &w)
            }
            w.end("}")
        }
        w.key("headersSize")
        w.raw("-1")
        w.key("bodySize")
        w.raw(r.body.map { String($0.bytes.count) } ?? "0")
        w.end("}")
        w.key("response")
        w.begin("{")
        if let s = exchange.response {
            w.key("status")
            w.raw(String(s.status))
            w.key("statusText")
            w.string(s.statusText)
            w.key("httpVersion")
            w.string(s.httpVersion)
            w.key("cookies")
            w.pairs([])
            w.key("headers")
            w.pairs(s.headers)
            w.key("content")
            w.begin("{")
            let bytes = s.body?.bytes
            w.key("size")
            w.raw(String(bytes?.count ?? 0))
            w.key("mimeType")
            w.string(s.body?.mediaType ?? s.header(named: "Content-Type") ?? "")
            if let b = s.body { body(b, &w) }
            w.end("}")
            w.key("redirectURL")
            w.string(s.header(named: "Location") ?? "")
        } else {
            w.key("status")
            w.raw("0")
            w.key("statusText")
            w.string("")
            w.key("httpVersion")
            w.string("")
            w.key("cookies")
            w.pairs([])
            w.key("headers")
            w.pairs([])
            w.key("content")
            w.raw("{\"size\":0,\"mimeType\":\"\"}")
            w.key("redirectURL")
            w.string("")
        }
        w.key("headersSize")
        w.raw("-1")
        w.key("bodySize")
        w.raw("-1")
        w.end("}")
        w.key("cache")
        w.raw("{}")
        w.key("timings")
        let t = exchange.timings ?? Timings()
        w.begin("{")
        for (name, v) in [
            ("blocked", t.blocked), ("dns", t.dns), ("connect", t.connect), ("ssl", t.ssl), ("send", t.send),
            ("wait", t.wait), ("receive", t.receive),
        ] {
            w.key(name)
            w.number(v ?? -1)
        }
        w.end("}")
        if let ip = exchange.serverIPAddress {
            w.key("serverIPAddress")
            w.string(ip)
        }
        if let c = exchange.connection {
            w.key("connection")
            w.string(c)
        }
        w.end("}")
        out = w.out
    }

    private static func body(_ b: HTTPBody, _ w: inout HARJSONWriter) {
        let bytes = b.bytes
        if String(validating: bytes, as: UTF8.self) != nil {
            w.key("text")
            w.string(String(decoding: bytes, as: UTF8.self))
        } else {
            w.key("text")
            w.string(TrafficBase64.encode(bytes))
            w.key("encoding")
            w.string("base64")
        }
    }
}

/// A tiny compact JSON writer with comma bookkeeping.
struct HARJSONWriter {
    var out: [UInt8]
    private var first: [Bool] = []
    private var afterKey = false

    init(out: [UInt8]) { self.out = out }

    private mutating func prefix() {
        if afterKey {
            afterKey = false
            return
        }
        guard let f = first.last else { return }
        if !f { out.append(UInt8(ascii: ",")) }
        first[first.count - 1] = false
    }
    mutating func begin(_ c: Character) {
        prefix()
        out.append(c.asciiValue!)
        first.append(true)
    }
    mutating func end(_ c: Character) {
        out.append(c.asciiValue!)
        first.removeLast()
    }
    mutating func key(_ k: String) {
        prefix()
        var k = k
        k.withUTF8 { JSONSerializer.writeString($0, into: &out) }
        out.append(UInt8(ascii: ":"))
        afterKey = true
    }
    mutating func string(_ s: String) {
        prefix()
        var s = s
        s.withUTF8 { JSONSerializer.writeString($0, into: &out) }
    }
    mutating func raw(_ s: String) {
        prefix()
        out.append(contentsOf: s.utf8)
    }
    mutating func number(_ d: Double) {
        if d == d.rounded(), abs(d) < 1e15 { raw(String(Int(d))) } else { raw(String(d)) }
    }
    mutating func pairs(_ list: [HTTPHeader]) {
        prefix()
        out.append(UInt8(ascii: "["))
        for (i, h) in list.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: "{\"name\":".utf8)
            var n = h.name
            n.withUTF8 { JSONSerializer.writeString($0, into: &out) }
            out.append(contentsOf: ",\"value\":".utf8)
            var v = h.value
            v.withUTF8 { JSONSerializer.writeString($0, into: &out) }
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: "]"))
    }
}
