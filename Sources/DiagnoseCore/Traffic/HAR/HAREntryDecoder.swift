/// Turns one parsed HAR entry (also the shape of an NDJSON record) into an `Exchange`.
///
/// Lenient where exporters differ (missing optional fields, `status: 0`, `postData.params` without `text`, custom
/// `_fields`), strict only where an exchange cannot exist without the value (request, method, URL).
enum HAREntryDecoder {
    /// Decodes `entry`; `pointer` is the entry's JSON pointer in the file (e.g. `/log/entries/4`), or "" for NDJSON.
    static func decode(_ entry: Node, source: SourceRef, pointer: String) -> TraceItem {
        func fail(_ message: String, _ node: Node, _ suffix: String) -> TraceItem {
            .problem(
                TraceDiagnostics.invalidEntry(
                    "entry \(source.entry): \(message)", at: node.document.text.location(at: node.offset, pointer: pointer + suffix)))
        }
        guard entry.kind == .object else { return fail("expected an object, found \(entry.kind)", entry, "") }
        guard let req = entry["request"], req.kind == .object else {
            return fail("has no \"request\" object", entry, "/request")
        }
        guard let method = req["method"]?.stringValue, !method.isEmpty else {
            return fail("request has no \"method\" string", req, "/request/method")
        }
        guard let url = req["url"]?.stringValue else {
            return fail("request has no \"url\" string", req, "/request/url")
        }
        let reqHeaders = pairs(req["headers"])
        var request = HTTPRequest(
            method: method, url: url, httpVersion: req["httpVersion"]?.stringValue ?? "", headers: reqHeaders,
            recordedCookies: pairs(req["cookies"]))
        if let post = req["postData"], post.kind == .object {
            let mime = nonEmpty(post["mimeType"]?.stringValue) ?? reqHeaders.first(named: "Content-Type")
            let params = pairs(post["params"])
            if let text = post["text"], text.kind == .string, text.withPayload({ $0.count }) > 0 {
                let b64 = post["encoding"]?.stringEquals("base64") ?? false
                request.body = HTTPBody(storage: .jsonString(text, base64: b64), mediaType: mime, params: params)
            } else if !params.isEmpty {
                let multipart = mime.map { MediaType.essence($0).hasPrefix("multipart/") } ?? false
                request.body = HTTPBody(storage: .params(multipart: multipart), mediaType: mime, params: params)
            }
        }
        var response: HTTPResponse? = nil
        if let res = entry["response"], res.kind == .object, let status = int(res["status"]), status > 0 {
            let headers = pairs(res["headers"])
            var r = HTTPResponse(
                status: status, statusText: res["statusText"]?.stringValue ?? "",
                httpVersion: res["httpVersion"]?.stringValue ?? "", headers: headers)
            if let content = res["content"], content.kind == .object, let text = content["text"],
                text.kind == .string
            {
                let b64 = content["encoding"]?.stringEquals("base64") ?? false
                let mime = nonEmpty(content["mimeType"]?.stringValue) ?? headers.first(named: "Content-Type")
                r.body = HTTPBody(storage: .jsonString(text, base64: b64), mediaType: mime)
            }
            response = r
        }
        var timings: Timings? = nil
        if let t = entry["timings"], t.kind == .object {
            timings = Timings(
                blocked: double(t["blocked"]), dns: double(t["dns"]), connect: double(t["connect"]),
                ssl: double(t["ssl"]), send: double(t["send"]), wait: double(t["wait"]),
                receive: double(t["receive"]))
            if timings == Timings() { timings = nil }
        }
        var exchange = Exchange(
            request: request, response: response, timings: timings,
            startedDateTime: entry["startedDateTime"]?.stringValue, time: double(entry["time"]),
            serverIPAddress: nonEmpty(entry["serverIPAddress"]?.stringValue),
            connection: entry["connection"].flatMap { $0.stringValue ?? $0.numberValue?.text },
            source: source)
        exchange.record = entry
        return .exchange(exchange)
    }

    /// Name/value objects of a HAR array (`headers`, `cookies`, `queryString`, `params`); others are skipped.
    static func pairs(_ node: Node?) -> [HTTPHeader] {
        guard let node, node.kind == .array else { return [] }
        var out: [HTTPHeader] = []
        out.reserveCapacity(node.count)
        for e in node.elements where e.kind == .object {
            guard let name = e["name"]?.stringValue else { continue }
            let v = e["value"]
            out.append(HTTPHeader(name: name, value: v?.stringValue ?? v?.numberValue?.text ?? ""))
        }
        return out
    }

    static func int(_ node: Node?) -> Int? {
        guard let n = node?.numberValue else { return nil }
        return Int(exactly: n.doubleValue)
    }

    static func double(_ node: Node?) -> Double? {
        node?.numberValue?.doubleValue
    }

    static func nonEmpty(_ s: String?) -> String? {
        guard let s, !s.isEmpty else { return nil }
        return s
    }
}
