/// Sends one request and returns the response: the seam between the replay logic and the network.
///
/// `CurlTransport` is the real one. A transport may keep a connection open between calls (keep-alive), so send a
/// sequence through one transport value.
public protocol Transport: Sendable {
    /// Sends `request` exactly as given (no redirects followed).
    /// - Parameters:
    ///   - request: the request, already planned (target, overrides and credentials applied).
    ///   - options: timeouts, TLS verification and proxy settings.
    /// - Returns: the response.
    /// - Throws: `TransportFailure` when no response arrived (DNS, refused, TLS, timeout, …).
    func send(_ request: ReplayRequest, options: ReplayOptions) throws(TransportFailure) -> ReplayResponse
}

/// No response arrived: libcurl's code, its error text and what to do about it.
public struct TransportFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// libcurl's result code.
    public var code: CurlCode
    /// libcurl's error buffer (`CURLOPT_ERRORBUFFER`), or the generic text for the code when the buffer was empty.
    public var message: String
    /// The URL that failed.
    public var url: String

    /// Creates a failure.
    /// - Parameters:
    ///   - code: libcurl's result code.
    ///   - message: libcurl's error text.
    ///   - url: the URL that failed.
    public init(code: CurlCode, message: String, url: String) {
        self.code = code
        self.message = message
        self.url = url
    }

    /// What class of failure this is, for the hint.
    public var kind: Kind { code.kind }

    /// What to try next, by class of failure.
    public var hint: String {
        switch kind {
        case .dns: "check the host name in the URL or --target, and your DNS or proxy settings"
        case .refused: "nothing is listening there: start the server, or check the port in the URL or --target"
        case .tlsVerify:
            "the server's certificate is not trusted: pass --cacert with its CA, or --insecure for a local test server"
        case .tls: "the TLS handshake failed: check that the server speaks HTTPS on that port and the HTTP version"
        case .timeout: "the server did not answer in time: raise --timeout or --connect-timeout, or check the server"
        case .setup: "this is a bug or an unsupported option in diagnose's use of libcurl; please report it"
        case .other: "see libcurl's message above"
        }
    }

    /// `<message> (<url>)`.
    public var description: String { "\(message) (\(url))" }

    /// Classes of transport failure, each with its own hint.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// The host name did not resolve.
        case dns
        /// The connection was refused or could not be made.
        case refused
        /// The server's certificate did not verify.
        case tlsVerify = "tls-verify"
        /// Another TLS failure.
        case tls
        /// A timeout.
        case timeout
        /// libcurl rejected an option.
        case setup
        /// Anything else (the server closed the connection, a protocol error, …).
        case other
    }
}
