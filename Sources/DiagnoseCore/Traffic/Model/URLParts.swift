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
