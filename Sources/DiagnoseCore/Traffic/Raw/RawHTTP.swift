/*
 Raw HTTP/1.x transcripts as copied from Burp or Charles "raw" views:

     POST /v1/charges HTTP/1.1          <- request line: one exchange starts here
     Host: api.stripe.com
     Content-Type: application/x-www-form-urlencoded

     amount=100&currency=usd
     HTTP/1.1 402 Payment Required      <- optional response to the request above
     Content-Type: application/json

     {"error": {...}}

 Lines may end in CR LF or LF. A body runs to the next line that is a request or status line (a blank line before
 it is not part of the body), capped by `Content-Length` when that is shorter; `Transfer-Encoding: chunked`
 bodies are de-chunked.
*/

/// Reader and writer of raw HTTP/1.x transcripts.
public enum RawHTTP {
    /// Whether `line` looks like `METHOD target HTTP/x`.
    public static func isRequestLine(_ line: Substring) -> Bool {
        let parts = line.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty, parts[2].hasPrefix("HTTP/") else {
            return false
        }
        return parts[0].utf8.allSatisfy { ($0 >= 0x41 && $0 <= 0x5A) || $0 == 0x2D || $0 == 0x5F }
    }

    /// Whether `line` looks like `HTTP/x 200 Reason`.
    public static func isStatusLine(_ line: Substring) -> Bool {
        guard line.hasPrefix("HTTP/") else { return false }
        let parts = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        return parts.count >= 2 && parts[1].count == 3 && parts[1].allSatisfy(\.isNumber)
    }

    struct Line {
        var start: Int  // offset of first byte
        var end: Int  // offset past content (before CR LF)
        var next: Int  // offset of the next line
        var number: Int
    }

    static func lines(_ bytes: [UInt8]) -> [Line] {
        var out: [Line] = []
        var i = 0
        var n = 1
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }
        while i < bytes.count {
            var j = i
            while j < bytes.count, bytes[j] != 0x0A { j += 1 }
            var e = j
            if e > i, bytes[e - 1] == 0x0D { e -= 1 }
            out.append(Line(start: i, end: e, next: min(j + 1, bytes.count), number: n))
            n += 1
            i = j + 1
        }
        return out
    }

    /// Parses every exchange in a transcript.
    /// - Parameters:
    ///   - bytes: the transcript.
    ///   - file: its name, for locations.
    /// - Returns: exchanges and located problems, in file order.
    public static func parseTranscripts(_ bytes: [UInt8], file: String) -> [TraceItem] {
        let ls = lines(bytes)
        func text(_ l: Line) -> Substring { Substring(String(decoding: bytes[l.start..<l.end], as: UTF8.self)) }
        func loc(_ l: Line, column: Int = 1) -> SourceLocation {
            SourceLocation(file: file, line: l.number, column: column, offset: l.start + column - 1)
        }
        var items: [TraceItem] = []
        var i = 0
        var entry = 0
        // Parses headers and body of a message whose start line is ls[i]; returns headers, body and the next index.
        func message(_ startIndex: Int) -> (headers: [HTTPHeader], body: [UInt8]?, next: Int) {
            var headers: [HTTPHeader] = []
            var k = startIndex + 1
            while k < ls.count {
                let l = ls[k]
                if l.end == l.start {
                    k += 1
                    break
                }
                let t = text(l)
                if RawHTTP.isRequestLine(t) || RawHTTP.isStatusLine(t) { return (headers, nil, k) }
                if t.hasPrefix(" ") || t.hasPrefix("\t"), !headers.isEmpty {
                    headers[headers.count - 1].value += " " + t.httpTrimmed
                } else if let colon = t.firstIndex(of: ":"), colon != t.startIndex {
                    headers.append(
                        HTTPHeader(
                            name: String(t[..<colon]), value: String(t[t.index(after: colon)...].httpTrimmed)))
                } else {
                    items.append(
                        .problem(
                            TraceDiagnostics.malformedEntry(
                                "header line without ':' in exchange \(entry): \"\(t.prefix(60))\"", at: loc(l),
                                help: "headers are 'Name: value'; the line was skipped")))
                }
                k += 1
            }
            // Body: up to the next start line.
            let bodyStart = k < ls.count ? ls[k].start : bytes.count
            var m = k
            while m < ls.count {
                let t = text(ls[m])
                if RawHTTP.isRequestLine(t) || RawHTTP.isStatusLine(t) { break }
                m += 1
            }
            var bodyEnd = m < ls.count ? ls[m].start : bytes.count
            while bodyEnd > bodyStart, bytes[bodyEnd - 1] == 0x0A || bytes[bodyEnd - 1] == 0x0D { bodyEnd -= 1 }
            var body = Array(bytes[bodyStart..<max(bodyStart, bodyEnd)])
            if let cl = headers.first(named: "Content-Length").flatMap({ Int($0.httpTrimmed) }), cl >= 0,
                cl < body.count
            {
                body = Array(body[0..<cl])
            }
            if headers.first(named: "Transfer-Encoding")?.lowercased().contains("chunked") == true,
                let decoded = dechunk(body)
            {
                body = decoded
            }
            return (headers, body.isEmpty ? nil : body, m)
        }

        while i < ls.count {
            let l = ls[i]
            let t = text(l)
            if t.httpTrimmed.isEmpty {
                i += 1
                continue
            }
            if RawHTTP.isRequestLine(t) {
                entry += 1
                let parts = t.split(separator: " ")
                let (headers, body, next) = message(i)
                var request = HTTPRequest(
                    method: String(parts[0]), url: String(parts[1]), httpVersion: String(parts[2]), headers: headers)
                if let body { request.body = HTTPBody(bytes: body, mediaType: headers.first(named: "Content-Type")) }
                var response: HTTPResponse? = nil
                i = next
                if i < ls.count, RawHTTP.isStatusLine(text(ls[i])) {
                    let sp = text(ls[i]).split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
                    let (rh, rb, rnext) = message(i)
                    var r = HTTPResponse(
                        status: Int(sp[1]) ?? 0, statusText: sp.count > 2 ? String(sp[2]) : "",
                        httpVersion: String(sp[0]), headers: rh)
                    if let rb { r.body = HTTPBody(bytes: rb, mediaType: rh.first(named: "Content-Type")) }
                    response = r
                    i = rnext
                }
                items.append(
                    .exchange(
                        Exchange(
                            request: request, response: response,
                            source: SourceRef(file: file, entry: entry, offset: l.start, line: l.number, column: 1))))
            } else if RawHTTP.isStatusLine(t) {
                items.append(
                    .problem(
                        TraceDiagnostics.malformedEntry(
                            "response \"\(t.prefix(40))\" has no request before it", at: loc(l),
                            help: "paste the request message above its response; this response was skipped")))
                i = message(i).next
            } else {
                items.append(
                    .problem(
                        TraceDiagnostics.malformedEntry(
                            "expected a request line such as 'GET /path HTTP/1.1', found \"\(t.prefix(60))\"",
                            at: loc(l),
                            help: "the line was skipped; raw transcripts start each exchange with a request line")))
                i += 1
                while i < ls.count, !RawHTTP.isRequestLine(text(ls[i])) { i += 1 }
            }
        }
        return items
    }

    /// Decodes a chunked body; nil when it is not well-formed chunked data.
    static func dechunk(_ body: [UInt8]) -> [UInt8]? {
        var out: [UInt8] = []
        var i = 0
        while i < body.count {
            var j = i
            while j < body.count, body[j] != 0x0A { j += 1 }
            let sizeText =
                String(decoding: body[i..<j], as: UTF8.self).split(separator: ";").first.map {
                    $0.httpTrimmedCR
                } ?? ""
            // A negative or huge size ("-5", "7fffffffffffffff") is malformed, not a range to slice.
            guard let size = Int(sizeText, radix: 16), size >= 0 else { return nil }
            i = j + 1
            if size == 0 { return out }
            guard j < body.count else { return nil }
            guard size <= body.count - i else { return nil }
            out.append(contentsOf: body[i..<i + size])
            i += size
            if i < body.count, body[i] == 0x0D { i += 1 }
            if i < body.count, body[i] == 0x0A { i += 1 }
        }
        return out
    }

    /// Renders an exchange as a raw transcript (request, blank line, body, then the response the same way).
    /// - Parameter exchange: the exchange (redact it first for output).
    /// - Returns: the transcript bytes, CR LF line ends in the head, the body as is.
    public static func render(_ exchange: Exchange) -> [UInt8] {
        let r = exchange.request
        var out = Array("\(r.method) \(r.url) \(r.httpVersion.isEmpty ? "HTTP/1.1" : r.httpVersion)\r\n".utf8)
        for h in r.headers where !h.name.hasPrefix(":") { out += Array("\(h.name): \(h.value)\r\n".utf8) }
        out += [0x0D, 0x0A]
        if let b = r.body { out += b.bytes + [0x0D, 0x0A] }
        if let s = exchange.response {
            let version = s.httpVersion.isEmpty ? "HTTP/1.1" : s.httpVersion
            out += Array("\(version) \(s.status)\(s.statusText.isEmpty ? "" : " " + s.statusText)\r\n".utf8)
            for h in s.headers where !h.name.hasPrefix(":") { out += Array("\(h.name): \(h.value)\r\n".utf8) }
            out += [0x0D, 0x0A]
            if let b = s.body { out += b.bytes + [0x0D, 0x0A] }
        }
        out += [0x0D, 0x0A]
        return out
    }
}

extension StringProtocol {
    var httpTrimmedCR: String {
        String(self.httpTrimmed.filter { $0 != "\r" })
    }
}
