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

    /// Splits `url`. The delimiters are ASCII, so the split works on UTF-8 bytes (one pass per part, no
    /// `Character` iteration: this runs several times per checked exchange).
    public init(_ url: String) {
        var text = url
        self = text.withUTF8 { URLParts(utf8: $0) }
    }

    private init(utf8 u: UnsafeBufferPointer<UInt8>) {
        scheme = nil
        userInfo = nil
        host = nil
        port = nil
        var rest = 0
        let end = u.count
        if let colon = u.firstIndex(of: UInt8(ascii: ":")), colon > 0, colon + 2 < end,
            u[colon + 1] == UInt8(ascii: "/"), u[colon + 2] == UInt8(ascii: "/"),
            u[..<colon].allSatisfy(URLParts.isSchemeByte)
        {
            scheme = URLParts.string(u, 0, colon)
            rest = colon + 3
            var authorityEnd = rest
            while authorityEnd < end {
                let b = u[authorityEnd]
                if b == UInt8(ascii: "/") || b == UInt8(ascii: "?") || b == UInt8(ascii: "#") { break }
                authorityEnd += 1
            }
            var hostStart = rest
            if let at = u[rest..<authorityEnd].lastIndex(of: UInt8(ascii: "@")) {
                userInfo = URLParts.string(u, rest, at)
                hostStart = at + 1
            }
            let hp = URLParts.splitHostPort(utf8: UnsafeBufferPointer(rebasing: u[hostStart..<authorityEnd]))
            host = hp.host
            port = hp.port
            rest = authorityEnd
        }
        var pathEnd = end
        if let hash = u[rest..<end].firstIndex(of: UInt8(ascii: "#")) {
            fragment = URLParts.string(u, hash + 1, end)
            pathEnd = hash
        } else {
            fragment = nil
        }
        if let q = u[rest..<pathEnd].firstIndex(of: UInt8(ascii: "?")) {
            query = URLParts.string(u, q + 1, pathEnd)
            pathEnd = q
        } else {
            query = nil
        }
        path = URLParts.string(u, rest, pathEnd)
    }

    /// Splits `host[:port]` (IPv6 `[::1]:8080` understood).
    public static func splitHostPort(_ value: String) -> (host: String, port: Int?) {
        var text = value
        return text.withUTF8 { splitHostPort(utf8: $0) }
    }

    private static func splitHostPort(utf8 u: UnsafeBufferPointer<UInt8>) -> (host: String, port: Int?) {
        let end = u.count
        if u.first == UInt8(ascii: "["), let close = u.firstIndex(of: UInt8(ascii: "]")) {
            let host = string(u, 0, close + 1)
            if close + 1 < end, u[close + 1] == UInt8(ascii: ":"), let p = number(u, close + 2, end) {
                return (host, p)
            }
            return (host, nil)
        }
        if let colon = u.lastIndex(of: UInt8(ascii: ":")), let p = number(u, colon + 1, end) {
            return (string(u, 0, colon), p)
        }
        return (string(u, 0, end), nil)
    }

    /// RFC 3986 scheme characters (leniently: a digit may come first).
    private static func isSchemeByte(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."):
            true
        default: false
        }
    }

    private static func string(_ u: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: u[from..<to]), as: UTF8.self)
    }

    /// `Int(_:)` of the bytes (sign and digits; nil when empty, not a number or out of range).
    private static func number(_ u: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> Int? {
        guard from < to, to - from <= 20 else { return nil }
        return Int(string(u, from, to))
    }
}
