/// Where the time of one request went, as libcurl measured it (all in microseconds since the start of the transfer,
/// cumulative, like curl's `-w '%{time_total}'`).
public struct ReplayTimings: Sendable, Hashable, Codable {
    /// Name resolution done (`CURLINFO_NAMELOOKUP_TIME_T`); 0 on a reused connection.
    public var dnsMicroseconds: Int64
    /// TCP connect done (`CURLINFO_CONNECT_TIME_T`); 0 on a reused connection.
    public var connectMicroseconds: Int64
    /// TLS handshake done (`CURLINFO_APPCONNECT_TIME_T`); 0 for plain HTTP or a reused connection.
    public var tlsMicroseconds: Int64
    /// First response byte received (`CURLINFO_STARTTRANSFER_TIME_T`).
    public var firstByteMicroseconds: Int64
    /// Whole transfer (`CURLINFO_TOTAL_TIME_T`).
    public var totalMicroseconds: Int64

    /// Creates timings.
    /// - Parameters:
    ///   - dnsMicroseconds: name resolution.
    ///   - connectMicroseconds: TCP connect.
    ///   - tlsMicroseconds: TLS handshake.
    ///   - firstByteMicroseconds: time to first byte.
    ///   - totalMicroseconds: total.
    public init(
        dnsMicroseconds: Int64 = 0, connectMicroseconds: Int64 = 0, tlsMicroseconds: Int64 = 0,
        firstByteMicroseconds: Int64 = 0, totalMicroseconds: Int64 = 0
    ) {
        self.dnsMicroseconds = dnsMicroseconds
        self.connectMicroseconds = connectMicroseconds
        self.tlsMicroseconds = tlsMicroseconds
        self.firstByteMicroseconds = firstByteMicroseconds
        self.totalMicroseconds = totalMicroseconds
    }
}

/// A response received on replay (or a recorded one, for comparison).
public struct ReplayResponse: Sendable, Hashable {
    /// The status code (`200`).
    public var status: Int
    /// The reason phrase from the status line (`OK`; empty for HTTP/2).
    public var reason: String
    /// The HTTP version used: `1.0`, `1.1`, `2` or `3`.
    public var httpVersion: String
    /// Response headers in wire order.
    public var headers: [ReplayHeader]
    /// The body bytes (decoded when the request asked for a content encoding).
    public var body: [UInt8]
    /// libcurl's timing breakdown.
    public var timings: ReplayTimings
    /// The server's IP address (`CURLINFO_PRIMARY_IP`), empty when unknown.
    public var remoteIP: String
    /// The TLS protocol version (`TLSv1.3`), `unknown` when it could not be read, nil for plain HTTP.
    public var tlsVersion: String?
    /// Whether the request went over a connection opened earlier (keep-alive).
    public var reusedConnection: Bool

    /// Creates a response.
    /// - Parameters:
    ///   - status: the status code.
    ///   - reason: the reason phrase.
    ///   - httpVersion: the HTTP version.
    ///   - headers: headers in wire order.
    ///   - body: the body bytes.
    ///   - timings: timing breakdown.
    ///   - remoteIP: the server's address.
    ///   - tlsVersion: the TLS version, nil for plain HTTP.
    ///   - reusedConnection: whether the connection was reused.
    public init(
        status: Int, reason: String = "", httpVersion: String = "1.1", headers: [ReplayHeader] = [],
        body: [UInt8] = [], timings: ReplayTimings = ReplayTimings(), remoteIP: String = "", tlsVersion: String? = nil,
        reusedConnection: Bool = false
    ) {
        self.status = status
        self.reason = reason
        self.httpVersion = httpVersion
        self.headers = headers
        self.body = body
        self.timings = timings
        self.remoteIP = remoteIP
        self.tlsVersion = tlsVersion
        self.reusedConnection = reusedConnection
    }

    /// The value of the first header named `name` (case-insensitive), or nil.
    /// - Parameter name: a header name.
    /// - Returns: the value.
    public func header(_ name: String) -> String? { headers.first { $0.hasName(name) }?.value }
}
