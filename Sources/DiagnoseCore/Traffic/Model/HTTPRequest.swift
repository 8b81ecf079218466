/// An HTTP request as recorded: method, URL as written, version, headers in order with duplicates, and body.
public struct HTTPRequest: Sendable {
    /// The method, as recorded (`GET`, `POST`, or anything else a client sent).
    public var method: String
    /// The URL as recorded: absolute (`https://api.stripe.com/v1/charges?limit=3`) or origin-form (`/v1/charges`),
    /// in which case `host` comes from the `Host` header.
    public var url: String { didSet { components = URLParts(url) } }
    /// The parts of `url`, split once when the URL is set: routing, parameters, rules and reports each ask for
    /// the host, path or query (splitting on every call cost six splits and a dozen strings per checked exchange).
    public private(set) var components: URLParts
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
        self.components = URLParts(url)
        self.httpVersion = httpVersion
        self.headers = headers
        self.recordedCookies = recordedCookies
        self.body = body
    }

    /// The first value of the header named `name`, compared case-insensitively, or nil.
    public func header(named name: String) -> String? { headers.first(named: name) }

    /// Every value of the headers named `name`, compared case-insensitively, in order.
    public func headers(named name: String) -> [String] { headers.all(named: name) }


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
        switch parts.scheme?.httpLowercased {
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
        return HTTPForm.decode(q)
    }

    /// Cookies sent: parsed from the `Cookie` headers, or the separately recorded list when there is no header.
    public var cookies: [HTTPHeader] {
        let values = headers(named: "Cookie")
        if values.isEmpty { return recordedCookies }
        return values.flatMap(HTTPCookies.parseCookieHeader)
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
