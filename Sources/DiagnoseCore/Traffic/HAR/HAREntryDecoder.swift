/// Turns one parsed HAR entry (also the shape of an NDJSON record) into an `Exchange`.
///
/// Lenient where exporters differ (missing optional fields, `status: 0`, `postData.params` without `text`, custom
/// `_fields`), strict only where an exchange cannot exist without the value (request, method, URL).
enum HAREntryDecoder {
    /// Decodes `entry`; `pointer` is the entry's JSON pointer in the file (e.g. `/log/entries/4`), or "" for NDJSON.
    /// The pointer is built only for a problem to report.
    static func decode(_ entry: Node, source: SourceRef, pointer: @autoclosure () -> String) -> TraceItem {
        func fail(_ message: String, _ node: Node, _ suffix: String) -> TraceItem {
            .problem(
                TraceDiagnostics.invalidEntry(
                    "entry \(source.entry): \(message)",
                    at: node.document.text.location(at: node.offset, pointer: pointer() + suffix)))
        }
        guard entry.kind == .object else { return fail("expected an object, found \(entry.kind)", entry, "") }
        // Each object is walked once for all the keys the decoder reads (a lookup per key walked it per key).
        let e = Fields(entry, Names.entry)
        guard let req = e[0], req.kind == .object else {
            return fail("has no \"request\" object", entry, "/request")
        }
        let q = Fields(req, Names.request)
        guard let method = q[0]?.stringValue, !method.isEmpty else {
            return fail("request has no \"method\" string", req, "/request/method")
        }
        guard let url = q[1]?.stringValue else {
            return fail("request has no \"url\" string", req, "/request/url")
        }
        let reqHeaders = pairs(q[2])
        var request = HTTPRequest(
            method: method, url: url, httpVersion: q[3]?.stringValue ?? "", headers: reqHeaders,
            recordedCookies: pairs(q[4]))
        if let post = q[5], post.kind == .object {
            let p = Fields(post, Names.content)
            let mime = nonEmpty(p[0]?.stringValue) ?? reqHeaders.first(named: "Content-Type")
            let params = pairs(p[3])
            if let text = p[1], text.kind == .string, text.withPayload({ $0.count }) > 0 {
                let b64 = p[2]?.stringEquals("base64") ?? false
                request.body = HTTPBody(storage: .jsonString(text, base64: b64), mediaType: mime, params: params)
            } else if !params.isEmpty {
                let multipart = mime.map { HTTPMediaType.essence($0).hasPrefix("multipart/") } ?? false
                request.body = HTTPBody(storage: .params(multipart: multipart), mediaType: mime, params: params)
            }
        }
        var response: HTTPResponse? = nil
        let res = e[1]
        let r = res.map { Fields($0, Names.response) }
        if let res, res.kind == .object, let r, let status = int(r[0]), status > 0 {
            let headers = pairs(r[1])
            var out = HTTPResponse(
                status: status, statusText: r[2]?.stringValue ?? "", httpVersion: r[3]?.stringValue ?? "",
                headers: headers)
            if let content = r[4], content.kind == .object {
                let c = Fields(content, Names.content)
                if let text = c[1], text.kind == .string {
                    let b64 = c[2]?.stringEquals("base64") ?? false
                    let mime = nonEmpty(c[0]?.stringValue) ?? headers.first(named: "Content-Type")
                    out.body = HTTPBody(storage: .jsonString(text, base64: b64), mediaType: mime)
                }
            }
            response = out
        } else if let res, res.kind == .object, let r, let status = int(r[0]), status == 0 {
            // `status: 0`: the request went out and no answer came back (aborted, timed out, blocked by CORS).
            // Kept as a response with status 0, so it differs from a request recorded without any response;
            // Chrome's `_error` (`net::ERR_TIMED_OUT`) says why.
            response = HTTPResponse(
                status: 0, statusText: nonEmpty(r[5]?.stringValue) ?? r[2]?.stringValue ?? "",
                httpVersion: r[3]?.stringValue ?? "")
        }
        var timings: Timings? = nil
        if let node = e[2], node.kind == .object {
            let t = Fields(node, Names.timings)
            timings = Timings(
                blocked: double(t[0]), dns: double(t[1]), connect: double(t[2]), ssl: double(t[3]), send: double(t[4]),
                wait: double(t[5]), receive: double(t[6]))
            if timings == Timings() { timings = nil }
        }
        return .exchange(
            Exchange(
                request: request, response: response, timings: timings,
                startedDateTime: e[3]?.stringValue, time: double(e[4]),
                serverIPAddress: nonEmpty(e[5]?.stringValue),
                connection: e[6].flatMap { $0.stringValue ?? $0.numberValue?.text },
                source: source, record: entry))
    }

    /// Name/value objects of a HAR array (`headers`, `cookies`, `queryString`, `params`); others are skipped.
    static func pairs(_ node: Node?) -> [HTTPHeader] {
        guard let node, node.kind == .array else { return [] }
        var out: [HTTPHeader] = []
        out.reserveCapacity(node.count)
        for e in node.elements where e.kind == .object {
            let (nameIndex, valueIndex) = nameAndValue(e)
            guard let nameIndex, let name = e.document.node(at: nameIndex).stringValue else { continue }
            let v = valueIndex.map { e.document.node(at: $0) }
            out.append(HTTPHeader(name: name, value: v?.stringValue ?? v?.numberValue?.text ?? ""))
        }
        return out
    }

    /// The node indexes of a pair object's first `name` and `value` members, compared in place (a hash lookup
    /// per key, as `Fields` does, cost more than the two comparisons for every header of every exchange).
    private static func nameAndValue(_ pair: Node) -> (Int?, Int?) {
        var name: Int?
        var value: Int?
        _ = pair.document.forEachMember(of: pair.index) { key, at in
            if key.count == 4, name == nil, shortBytesEqual(key.baseAddress!, Self.nameKey, count: 4) {
                name = at
            } else if key.count == 5, value == nil, shortBytesEqual(key.baseAddress!, Self.valueKey, count: 5) {
                value = at
            }
            return name == nil || value == nil
        }
        return (name, value)
    }

    private static var nameKey: UnsafeRawPointer { UnsafeRawPointer(StaticString("name").utf8Start) }
    private static var valueKey: UnsafeRawPointer { UnsafeRawPointer(StaticString("value").utf8Start) }

    static func int(_ node: Node?) -> Int? {
        guard let node, node.kind == .number else { return nil }
        if let i = node.fastInt64 { return Int(i) }
        guard let n = node.numberValue else { return nil }
        return Int(exactly: n.doubleValue)
    }

    /// The number as a double: integer literals and short decimals directly, others through `JSONNumber`.
    static func double(_ node: Node?) -> Double? {
        guard let node, node.kind == .number else { return nil }
        if let i = node.fastInt64 { return Double(i) }
        return node.fastDouble ?? node.numberValue?.doubleValue
    }

    static func nonEmpty(_ s: String?) -> String? {
        guard let s, !s.isEmpty else { return nil }
        return s
    }
}

/// The keys the decoder reads, by object, in the order `Fields` returns them.
private enum Names {
    static let entry = PropertyTable(
        names: ["request", "response", "timings", "startedDateTime", "time", "serverIPAddress", "connection"],
        schemas: [])
    static let request = PropertyTable(
        names: ["method", "url", "headers", "httpVersion", "cookies", "postData"], schemas: [])
    static let response = PropertyTable(
        names: ["status", "headers", "statusText", "httpVersion", "content", "_error"], schemas: [])
    /// `postData` and `response.content` share their keys.
    static let content = PropertyTable(names: ["mimeType", "text", "encoding", "params"], schemas: [])
    static let timings = PropertyTable(
        names: ["blocked", "dns", "connect", "ssl", "send", "wait", "receive"], schemas: [])
}

/// The values of some members of one object, found in a single walk over its keys (the first member of each
/// name, as `Node[key]` would find it); nil for a missing key or a node that is not an object.
private struct Fields {
    private let document: Document
    /// Node indexes by name position, inline (an array here was an allocation per header of every exchange);
    /// `UInt32.max` for none. A document holds fewer nodes than bytes, and fewer bytes than 4 GiB.
    private var found = SIMD8<UInt32>(repeating: .max)

    init(_ node: Node, _ names: PropertyTable) {
        precondition(names.names.count <= 8, "Fields holds at most eight names")
        document = node.document
        var found = SIMD8<UInt32>(repeating: .max)
        if node.kind == .object {
            var missing = names.names.count
            _ = node.document.forEachMember(of: node.index) { key, value in
                if let i = names.find(key), found[i] == .max {
                    found[i] = UInt32(value)
                    missing -= 1
                }
                return missing > 0
            }
        }
        self.found = found
    }

    subscript(i: Int) -> Node? { found[i] == .max ? nil : document.node(at: Int(found[i])) }
}
