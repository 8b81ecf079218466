/// An HTTP request as recorded: method, URL as written, version, headers in order with duplicates, and body.
public struct HTTPRequest: Sendable {
    /// The method, as recorded (`GET`, `POST`, or anything else a client sent).
    public var method: String
    /// The URL as recorded: absolute (`https://api.stripe.com/v1/charges?limit=3`) or origin-form (`/v1/charges`),
    /// in which case `host` comes from the `Host` header.
    public var url: String
    /// `HTTP/1.1`, `HTTP/2`, `h3`… as recorded; empty when unknown.
    public var httpVersion: String
    /// Headers in recorded order, duplicates kept.
    public var headers: [HTTPHeader]
    /// Cookies as a recording listed them separately (HAR `cookies`); see `cookies` for the effective list.
    public var recordedCookies: [HTTPHeader]
    /// The body, or nil when the request had none.
    public var body: HTTPBody?

    /// Creates a request.
    /// - Parameters:
    ///   - method: the method.
    ///   - url: the URL as recorded.
    ///   - httpVersion: the HTTP version.
    ///   - headers: headers in order.
    ///   - recordedCookies: a separately recorded cookie list (HAR), if any.
    ///   - body: the body, if any.
    public init(
        method: String, url: String, httpVersion: String = "HTTP/1.1", headers: [HTTPHeader] = [],
        recordedCookies: [HTTPHeader] = [], body: HTTPBody? = nil
    ) {
        self.method = method
        self.url = url
        self.httpVersion = httpVersion
        self.headers = headers
        self.recordedCookies = recordedCookies
        self.body = body
    }

    /// The first value of the header named `name`, compared case-insensitively, or nil.
    public func header(named name: String) -> String? { headers.first(named: name) }

    /// Every value of the headers named `name`, compared case-insensitively, in order.
    public func headers(named name: String) -> [String] { headers.all(named: name) }

    /// The parts of `url`.
    public var components: URLParts { URLParts(url) }

    /// `https`, `http`… from the URL, or nil for an origin-form URL.
    public var scheme: String? { components.scheme }

    /// The host from the URL, else from the `Host` (or HTTP/2 `:authority`) header, without the port.
    public var host: String? {
        if let h = components.host, !h.isEmpty { return h }
        guard let value = header(named: "Host") ?? header(named: ":authority") else { return nil }
        return URLParts.splitHostPort(value).host
    }

    /// The port named in the URL or `Host` header, else the scheme's default (443 for https, 80 for http), else nil.
    public var port: Int? {
        let parts = components
        if let p = parts.port { return p }
        if parts.host == nil, let value = header(named: "Host") ?? header(named: ":authority"),
            let p = URLParts.splitHostPort(value).port
        {
            return p
        }
        switch parts.scheme?.asciiLowercased {
        case "https", "wss": return 443
        case "http", "ws": return 80
        default: return nil
        }
    }

    /// The path exactly as sent (percent-encoding kept), without query or fragment; `/` when the URL has none.
    public var path: String {
        let p = components.path
        return p.isEmpty ? "/" : p
    }

    /// The query string as sent (without `?`), or nil when the URL has no `?`.
    public var rawQuery: String? { components.query }

    /// Query parameters in order, decoded as a form (`+` is a space, `%XX` decoded); duplicates kept.
    public var queryItems: [(name: String, value: String)] {
        guard let q = rawQuery else { return [] }
        return FormCoding.decode(q)
    }

    /// Cookies sent: parsed from the `Cookie` headers, or the separately recorded list when there is no header.
    public var cookies: [HTTPHeader] {
        let values = headers(named: "Cookie")
        if values.isEmpty { return recordedCookies }
        return values.flatMap(CookieCoding.parseCookieHeader)
    }

    /// The absolute URL: `url` itself when absolute, else built from the `Host` header (https unless port 80).
    public var absoluteURL: String {
        let parts = components
        if parts.scheme != nil { return url }
        let hostValue = header(named: "Host") ?? header(named: ":authority") ?? "localhost"
        let scheme =
            header(named: ":scheme") ?? (URLParts.splitHostPort(hostValue).port == 80 ? "http" : "https")
        return "\(scheme)://\(hostValue)\(url.hasPrefix("/") ? url : "/" + url)"
    }
}

/// The parts of a URL as recorded, split without normalising anything.
public struct URLParts: Sendable, Hashable {
    /// Scheme without `:`, or nil for an origin-form URL.
    public var scheme: String?
    /// `user:pass` before `@`, if any.
    public var userInfo: String?
    /// Host (IPv6 literals keep their brackets), or nil for an origin-form URL.
    public var host: String?
    /// Explicit port, or nil.
    public var port: Int?
    /// Path as written, possibly empty.
    public var path: String
    /// Query after `?`, or nil.
    public var query: String?
    /// Fragment after `#`, or nil.
    public var fragment: String?

    /// Splits `url`.
    public init(_ url: String) {
        var rest = Substring(url)
        scheme = nil
        userInfo = nil
        host = nil
        port = nil
        if let colon = rest.firstIndex(of: ":"),
            rest[rest.index(after: colon)...].hasPrefix("//"),
            rest[..<colon].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == "." }),
            colon != rest.startIndex
        {
            scheme = String(rest[..<colon])
            rest = rest[rest.index(colon, offsetBy: 3)...]
            let end = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
            var authority = rest[..<end]
            rest = rest[end...]
            if let at = authority.lastIndex(of: "@") {
                userInfo = String(authority[..<at])
                authority = authority[authority.index(after: at)...]
            }
            let hp = URLParts.splitHostPort(String(authority))
            host = hp.host
            port = hp.port
        }
        if let hash = rest.firstIndex(of: "#") {
            fragment = String(rest[rest.index(after: hash)...])
            rest = rest[..<hash]
        } else {
            fragment = nil
        }
        if let q = rest.firstIndex(of: "?") {
            query = String(rest[rest.index(after: q)...])
            rest = rest[..<q]
        } else {
            query = nil
        }
        path = String(rest)
    }

    /// Splits `host[:port]` (IPv6 `[::1]:8080` understood).
    public static func splitHostPort(_ value: String) -> (host: String, port: Int?) {
        if value.hasPrefix("["), let close = value.firstIndex(of: "]") {
            let host = String(value[...close])
            let after = value[value.index(after: close)...]
            if after.hasPrefix(":"), let p = Int(after.dropFirst()) { return (host, p) }
            return (host, nil)
        }
        if let colon = value.lastIndex(of: ":"), let p = Int(value[value.index(after: colon)...]) {
            return (String(value[..<colon]), p)
        }
        return (value, nil)
    }
}

/// `application/x-www-form-urlencoded` encoding and decoding, and percent-decoding.
public enum FormCoding {
    /// Decodes `a=1&b=x+y` into pairs in order; `+` is a space and `%XX` is decoded; invalid escapes are kept.
    public static func decode(_ string: String) -> [(name: String, value: String)] {
        var out: [(name: String, value: String)] = []
        for part in string.split(separator: "&", omittingEmptySubsequences: true) {
            if let eq = part.firstIndex(of: "=") {
                out.append(
                    (percentDecode(part[..<eq], plusIsSpace: true),
                     percentDecode(part[part.index(after: eq)...], plusIsSpace: true)))
            } else {
                out.append((percentDecode(part, plusIsSpace: true), ""))
            }
        }
        return out
    }

    /// Encodes pairs as a form body: unreserved bytes as is, space as `+`, everything else `%XX`.
    public static func encode(_ pairs: [(name: String, value: String)]) -> String {
        pairs.map { "\(percentEncode($0.name, spaceAsPlus: true))=\(percentEncode($0.value, spaceAsPlus: true))" }
            .joined(separator: "&")
    }

    /// Percent-decodes a string (optionally `+` as space); malformed escapes stay as written.
    public static func percentDecode<S: StringProtocol>(_ s: S, plusIsSpace: Bool = false) -> String {
        let bytes = Array(s.utf8)
        guard bytes.contains(where: { $0 == 0x25 || (plusIsSpace && $0 == 0x2B) }) else { return String(s) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            let c = bytes[i]
            if c == 0x25, i + 2 < bytes.count, let h = hex(bytes[i + 1]), let l = hex(bytes[i + 2]) {
                out.append(h << 4 | l)
                i += 3
            } else {
                out.append(plusIsSpace && c == 0x2B ? 0x20 : c)
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Percent-encodes everything but unreserved characters (`A-Z a-z 0-9 - . _ ~`).
    public static func percentEncode(_ s: String, spaceAsPlus: Bool = false) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        let digits = Array("0123456789ABCDEF".utf8)
        for c in s.utf8 {
            switch c {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x2D, 0x2E, 0x5F, 0x7E: out.append(c)
            case 0x20 where spaceAsPlus: out.append(0x2B)
            default:
                out.append(0x25)
                out.append(digits[Int(c >> 4)])
                out.append(digits[Int(c & 15)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func hex(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: c - 0x30
        case 0x41...0x46: c - 0x41 + 10
        case 0x61...0x66: c - 0x61 + 10
        default: nil
        }
    }
}

/// Parsing of `Cookie` and `Set-Cookie` header values.
public enum CookieCoding {
    /// Splits `a=1; b=2` into name/value pairs in order.
    public static func parseCookieHeader(_ value: String) -> [HTTPHeader] {
        value.split(separator: ";").compactMap { part in
            let trimmed = part.trimmingSpaces
            guard !trimmed.isEmpty else { return nil }
            if let eq = trimmed.firstIndex(of: "=") {
                return HTTPHeader(name: String(trimmed[..<eq]), value: String(trimmed[trimmed.index(after: eq)...]))
            }
            return HTTPHeader(name: "", value: String(trimmed))
        }
    }
}

extension StringProtocol {
    /// The string without leading and trailing spaces and tabs.
    var trimmingSpaces: SubSequence {
        var s = self[...]
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return s
    }
}
