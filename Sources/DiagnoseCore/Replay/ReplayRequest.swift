/// One HTTP header as recorded or sent: the name keeps its original spelling, the order of headers in a list is
/// the order on the wire.
public struct ReplayHeader: Sendable, Hashable, Codable {
    /// The header name as written (`Idempotency-Key`); compare it case-insensitively.
    public var name: String
    /// The header value, without leading or trailing whitespace.
    public var value: String

    /// Creates a header.
    /// - Parameters:
    ///   - name: the header name as written.
    ///   - value: the header value.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }

    /// Parses `Name: value` (the `-H` syntax); `Name:` gives an empty value, which removes the header on replay.
    /// - Parameter line: the text to parse.
    /// - Returns: the header, or nil when there is no colon or the name is empty.
    public init?(parsing line: String) {
        guard let colon = line.firstIndex(of: ":") else { return nil }
        let name = line[..<colon].replayTrimmed
        guard !name.isEmpty, !name.contains(" ") else { return nil }
        self.name = String(name)
        self.value = String(line[line.index(after: colon)...].replayTrimmed)
    }

    /// Whether the header's name equals `other`, ignoring ASCII case.
    /// - Parameter other: a header name.
    /// - Returns: true when the names match.
    public func hasName(_ other: String) -> Bool { name.equalsIgnoringASCIICase(other) }
}

/// Which HTTP version to ask libcurl for.
public enum HTTPVersionPreference: String, Sendable, Hashable, Codable, CaseIterable {
    /// Let libcurl choose (HTTP/2 over TLS when the server offers it, HTTP/1.1 otherwise).
    case automatic
    /// HTTP/1.1 only.
    case http1_1 = "1.1"
    /// HTTP/2: negotiated over TLS, with prior knowledge over plain HTTP.
    case http2 = "2"
}

/// A request to replay: exactly the method, URL, headers (in order) and body bytes to send.
///
/// Built from a recorded exchange (see `ReplayRequest+Traffic.swift`) or directly by tests. `ReplayPlan` turns a
/// recorded request into the one actually sent (target rewrite, `-H` overrides, credentials filled in).
public struct ReplayRequest: Sendable, Hashable {
    /// The method, sent verbatim (`POST`, `PATCH`, …).
    public var method: String
    /// The absolute URL (`https://api.stripe.com/v1/charges?limit=3`).
    public var url: String
    /// Headers in wire order, duplicates allowed.
    public var headers: [ReplayHeader]
    /// The exact body bytes, or nil for a request without a body.
    public var body: [UInt8]?
    /// The HTTP version the request was recorded with, or the one the user chose.
    public var httpVersion: HTTPVersionPreference

    /// Creates a request.
    /// - Parameters:
    ///   - method: the HTTP method.
    ///   - url: the absolute URL.
    ///   - headers: headers in wire order.
    ///   - body: the body bytes, or nil.
    ///   - httpVersion: the HTTP version to use.
    public init(
        method: String, url: String, headers: [ReplayHeader] = [], body: [UInt8]? = nil,
        httpVersion: HTTPVersionPreference = .automatic
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.httpVersion = httpVersion
    }

    /// The value of the first header named `name` (case-insensitive), or nil.
    /// - Parameter name: a header name.
    /// - Returns: the value.
    public func header(_ name: String) -> String? { headers.first { $0.hasName(name) }?.value }
}

extension Substring {
    var replayTrimmed: Substring {
        var s = self
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" || l == "\n" { s = s.dropLast() }
        return s
    }
}


extension HTTPVersionPreference {
    /// The preference matching a recorded version string (`HTTP/1.1`, `http/2.0`, `h2`, `HTTP/2`); anything else,
    /// including HTTP/1.0 and HTTP/3, lets libcurl choose.
    /// - Parameter recorded: the version as a HAR or transcript wrote it.
    public init(recorded: String) {
        switch recorded.httpLowercased {
        case "http/1.1", "1.1": self = .http1_1
        case "http/2", "http/2.0", "h2", "2", "2.0": self = .http2
        default: self = .automatic
        }
    }
}
