/*
 `curl -v` and `curl --trace-ascii -` output.

 `-v` (stderr, often pasted together with the body curl wrote to stdout):

     *   Trying 54.187.174.169:443...
     * Connected to api.stripe.com (54.187.174.169) port 443 (#0)
     * SSL connection using TLSv1.3 / TLS_AES_128_GCM_SHA256
     > POST /v1/charges HTTP/2
     > Host: api.stripe.com
     >
     } [20 bytes data]                       <- request body size only: -v does not show the bytes
     < HTTP/2 402
     < content-type: application/json
     <
     {"error": ...}                          <- unprefixed lines after the response head are its body

 `--trace-ascii` shows every byte with its offset, so request bodies survive:

     == Info: Connected to localhost (127.0.0.1) port 8080 (#0)
     => Send header, 78 bytes (0x4e)
     0000: POST /x HTTP/1.1
     0012: Host: localhost:8080
     => Send data, 7 bytes (0x7)
     0000: a=1&b=2
     <= Recv header, 17 bytes (0x11)
     0000: HTTP/1.1 200 OK

 A block's bytes are rebuilt from the offsets: the gap between one line's end and the next line's offset is the
 line break curl printed as a new line (CR LF = 2, LF = 1, none for a line wrapped at 64 bytes).
*/

/// Reader of `curl -v` and `curl --trace-ascii` output.
public enum CurlVerbose {
    struct Facts {
        var host: String?
        var ip: String?
        var port: Int?
        var tls = false
        var connection: String?
    }

    /// Parses every exchange in curl's verbose or trace output.
    /// - Parameters:
    ///   - bytes: the output.
    ///   - file: its name, for locations.
    /// - Returns: exchanges and located problems, in order.
    public static func parse(_ bytes: [UInt8], file: String) -> [TraceItem] {
        let ls = RawHTTP.lines(bytes)
        let isTrace = ls.contains { l in
            let t = String(decoding: bytes[l.start..<l.end], as: UTF8.self)
            return t.hasPrefix("=> Send") || t.hasPrefix("<= Recv") || t.hasPrefix("== Info:")
        }
        var items: [TraceItem] = []
        var facts = Facts()
        var entry = 0
        // Current exchange being assembled.
        var reqHead: [UInt8] = []
        var reqBody: [UInt8] = []
        var resHead: [UInt8] = []
        var resBody: [UInt8] = []
        var startLine: RawHTTP.Line? = nil
        var phase = 0  // 0 none, 1 request head, 2 request body, 3 response head, 4 response body

        func flush() {
            guard let start = startLine else { return }
            defer {
                reqHead = []
                reqBody = []
                resHead = []
                resBody = []
                startLine = nil
                phase = 0
            }
            entry += 1
            let location = SourceLocation(file: file, line: start.number, column: 1, offset: start.start)
            guard var exchange = assemble(reqHead, reqBody, resHead, resBody, facts: facts) else {
                items.append(
                    .problem(
                        TraceDiagnostics.malformedEntry(
                            "exchange \(entry) has no readable request line", at: location,
                            help: "curl output must contain the '> METHOD /path HTTP/x' line")))
                return
            }
            exchange.source = SourceRef(file: file, entry: entry, offset: start.start, line: start.number, column: 1)
            items.append(.exchange(exchange))
        }

        func info(_ t: Substring) {
            let s = t.httpTrimmed
            if s.hasPrefix("Connected to ") {
                // Connected to api.stripe.com (54.1.2.3) port 443 (#0)
                let words = s.split(separator: " ")
                if words.count > 2 { facts.host = String(words[2]) }
                if let open = s.firstIndex(of: "("), let close = s[open...].firstIndex(of: ")") {
                    facts.ip = String(s[s.index(after: open)..<close])
                }
                if let pi = words.firstIndex(of: "port"), pi + 1 < words.count { facts.port = Int(words[pi + 1]) }
                if let hash = words.last, hash.hasPrefix("(#") {
                    facts.connection = String(hash.dropFirst(1).dropLast())
                }
            } else if s.hasPrefix("SSL connection using") || s.hasPrefix("TLSv1") || s.hasPrefix("ALPN") {
                facts.tls = true
            } else if s.hasPrefix("Trying "), facts.ip == nil {
                let target = s.dropFirst("Trying ".count).httpTrimmed
                if let colon = target.lastIndex(of: ":") { facts.ip = String(target[..<colon]) }
            }
        }

        if isTrace {
            var block: [UInt8] = []
            var lastEnd = -1
            var target = 0  // 1 send header, 2 send data, 3 recv header, 4 recv data
            func endBlock() {
                // A header block's last line break has no offset line after it; headers end in CR LF.
                if target == 1 || target == 3, !block.isEmpty { block += [0x0D, 0x0A] }
                switch target {
                case 1:
                    if phase >= 3 { flush() }
                    if phase == 2 { flush() }
                    reqHead += block
                    phase = 1
                case 2:
                    reqBody += block
                    phase = 2
                case 3:
                    resHead += block
                    phase = 3
                case 4:
                    resBody += block
                    phase = 4
                default: break
                }
                block = []
                lastEnd = -1
                target = 0
            }
            for l in ls {
                let t = Substring(String(decoding: bytes[l.start..<l.end], as: UTF8.self))
                if t.hasPrefix("== Info:") {
                    endBlock()
                    info(t.dropFirst("== Info:".count))
                } else if t.hasPrefix("=> Send header") || t.hasPrefix("=> Send data") || t.hasPrefix("<= Recv header")
                    || t.hasPrefix("<= Recv data") || t.hasPrefix("=> Send SSL") || t.hasPrefix("<= Recv SSL")
                {
                    endBlock()
                    if t.hasPrefix("=> Send header") {
                        target = 1
                        if phase != 1 && (startLine == nil || phase >= 2) {
                            if phase >= 2 { flush() }
                            startLine = l
                        }
                    } else if t.hasPrefix("=> Send data") {
                        target = 2
                    } else if t.hasPrefix("<= Recv header") {
                        target = 3
                    } else if t.hasPrefix("<= Recv data") {
                        target = 4
                    } else {
                        target = 0
                    }
                } else if target != 0, let colon = t.firstIndex(of: ":"), let off = Int(t[..<colon], radix: 16) {
                    var content = Array(t[t.index(after: colon)...].utf8)
                    if content.first == 0x20 { content.removeFirst() }
                    if lastEnd >= 0 {
                        let gap = off - lastEnd
                        if gap == 2 { block += [0x0D, 0x0A] } else if gap == 1 { block += [0x0A] }
                    }
                    block += content
                    lastEnd = off + content.count
                }
            }
            endBlock()
            flush()
            return items
        }

        for l in ls {
            let t = Substring(String(decoding: bytes[l.start..<l.end], as: UTF8.self))
            if t.hasPrefix("> ") || t == ">" {
                if phase >= 2 { flush() }
                if startLine == nil { startLine = l }
                reqHead += Array(t.dropFirst(t == ">" ? 1 : 2).utf8) + [0x0D, 0x0A]
                phase = 1
            } else if t.hasPrefix("< ") || t == "<" {
                resHead += Array(t.dropFirst(t == "<" ? 1 : 2).utf8) + [0x0D, 0x0A]
                phase = 3
                if t == "<" { phase = 4 }
            } else if t.hasPrefix("*") {
                if phase == 4 { flush() }
                info(t.dropFirst())
            } else if t.hasPrefix("{ [") || t.hasPrefix("} [") {
                continue
            } else if phase == 4 || phase == 3 {
                phase = 4
                if !resBody.isEmpty { resBody += [0x0A] }
                resBody += Array(t.utf8)
            }
        }
        flush()
        return items
    }

    static func assemble(_ reqHead: [UInt8], _ reqBody: [UInt8], _ resHead: [UInt8], _ resBody: [UInt8], facts: Facts)
        -> Exchange?
    {
        let head = String(decoding: reqHead, as: UTF8.self)
        var lines = head.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
            .map { Substring($0.httpTrimmedCR) }
        guard let first = lines.first, RawHTTP.isRequestLine(first) else { return nil }
        lines.removeFirst()
        let parts = first.split(separator: " ")
        let headers = lines.compactMap(headerFrom)
        var url = String(parts[1])
        if url.hasPrefix("/") {
            let host = headers.first(named: "Host") ?? facts.host ?? "localhost"
            let scheme = facts.tls || facts.port == 443 ? "https" : "http"
            url = "\(scheme)://\(host)\(url)"
        }
        var request = HTTPRequest(method: String(parts[0]), url: url, httpVersion: String(parts[2]), headers: headers)
        if !reqBody.isEmpty { request.body = HTTPBody(bytes: reqBody, mediaType: headers.first(named: "Content-Type")) }
        var response: HTTPResponse? = nil
        let rlines = String(decoding: resHead, as: UTF8.self).split(
            omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" }
        ).map { Substring($0.httpTrimmedCR) }
        // With redirects or 100-continue there may be several heads; keep the last.
        if let statusIndex = rlines.lastIndex(where: { RawHTTP.isStatusLine($0) }) {
            let sp = rlines[statusIndex].split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
            let rh = rlines[(statusIndex + 1)...].compactMap(headerFrom)
            var r = HTTPResponse(
                status: Int(sp[1]) ?? 0, statusText: sp.count > 2 ? String(sp[2]) : "", httpVersion: String(sp[0]),
                headers: rh)
            if !resBody.isEmpty { r.body = HTTPBody(bytes: resBody, mediaType: rh.first(named: "Content-Type")) }
            response = r
        }
        return Exchange(
            request: request, response: response, serverIPAddress: facts.ip, connection: facts.connection)
    }

    static func headerFrom(_ line: Substring) -> HTTPHeader? {
        guard let colon = line.firstIndex(of: ":"), colon != line.startIndex else { return nil }
        return HTTPHeader(name: String(line[..<colon]), value: String(line[line.index(after: colon)...].httpTrimmed))
    }
}

extension CurlVerbose {
    /// Renders an exchange the way `curl -v` shows it: `> ` request head, `< ` response head, then the response
    /// body; the request body, which `-v` does not show, follows the request head unprefixed only in
    /// `--trace-ascii` style, so it is written as a `} [n bytes data]` marker.
    /// - Parameter exchange: the exchange (redact it first for output).
    /// - Returns: the lines.
    public static func render(_ exchange: Exchange) -> [UInt8] {
        var out = ""
        if let ip = exchange.serverIPAddress, let host = exchange.request.host {
            out +=
                "* Connected to \(host) (\(ip)) port \(exchange.request.port ?? 443) (#\(connectionNumber(exchange.connection)))\n"
        }
        let r = exchange.request
        out +=
            "> \(r.method) \(r.path)\(r.rawQuery.map { "?" + $0 } ?? "") \(r.httpVersion.isEmpty ? "HTTP/1.1" : r.httpVersion)\n"
        if r.header(named: "Host") == nil, let host = r.host { out += "> Host: \(host)\n" }
        for h in r.headers where !h.name.hasPrefix(":") { out += "> \(h.name): \(h.value)\n" }
        out += ">\n"
        if let b = r.body { out += "} [\(b.bytes.count) bytes data]\n" }
        if let s = exchange.response {
            out +=
                "< \(s.httpVersion.isEmpty ? "HTTP/1.1" : s.httpVersion) \(s.status)\(s.statusText.isEmpty ? "" : " " + s.statusText)\n"
            for h in s.headers where !h.name.hasPrefix(":") { out += "< \(h.name): \(h.value)\n" }
            out += "<\n"
            if let b = s.body { out += b.text + "\n" }
        }
        out += "* Connection #\(connectionNumber(exchange.connection)) left intact\n"
        return Array(out.utf8)
    }
}

/// `#0`, `0` or nil → `0`: the reader keeps curl's `#` with the number, the writer adds its own.
private func connectionNumber(_ connection: String?) -> String {
    guard var value = connection, !value.isEmpty else { return "0" }
    if value.hasPrefix("#") { value.removeFirst() }
    return value
}
