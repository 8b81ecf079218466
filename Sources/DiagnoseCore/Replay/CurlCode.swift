/// A libcurl result code (`CURLcode`) under a Swift name; each static's doc comment names the C constant.
///
/// Only the codes a replay can meet are named; any other value still round-trips through `rawValue`.
public struct CurlCode: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The numeric `CURLcode`.
    public var rawValue: Int32

    /// Wraps a numeric `CURLcode`.
    /// - Parameter rawValue: the C value.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// `CURLE_OK`.
    public static let ok = CurlCode(rawValue: 0)
    /// `CURLE_UNSUPPORTED_PROTOCOL`: the URL's scheme is not one libcurl speaks.
    public static let unsupportedProtocol = CurlCode(rawValue: 1)
    /// `CURLE_FAILED_INIT`: libcurl could not start.
    public static let failedInit = CurlCode(rawValue: 2)
    /// `CURLE_URL_MALFORMAT`: the URL is malformed.
    public static let urlMalformed = CurlCode(rawValue: 3)
    /// `CURLE_COULDNT_RESOLVE_PROXY`: the proxy's host name did not resolve.
    public static let couldNotResolveProxy = CurlCode(rawValue: 5)
    /// `CURLE_COULDNT_RESOLVE_HOST`: the host name did not resolve.
    public static let couldNotResolveHost = CurlCode(rawValue: 6)
    /// `CURLE_COULDNT_CONNECT`: the connection was refused or could not be made.
    public static let couldNotConnect = CurlCode(rawValue: 7)
    /// `CURLE_WEIRD_SERVER_REPLY`: the server's reply was not HTTP.
    public static let weirdServerReply = CurlCode(rawValue: 8)
    /// `CURLE_HTTP2`: an HTTP/2 framing-layer problem.
    public static let http2 = CurlCode(rawValue: 16)
    /// `CURLE_PARTIAL_FILE`: the body was shorter than announced.
    public static let partialFile = CurlCode(rawValue: 18)
    /// `CURLE_WRITE_ERROR`: the response could not be stored.
    public static let writeError = CurlCode(rawValue: 23)
    /// `CURLE_OUT_OF_MEMORY`.
    public static let outOfMemory = CurlCode(rawValue: 27)
    /// `CURLE_OPERATION_TIMEDOUT`: a timeout expired.
    public static let operationTimedOut = CurlCode(rawValue: 28)
    /// `CURLE_SSL_CONNECT_ERROR`: the TLS handshake failed.
    public static let sslConnectError = CurlCode(rawValue: 35)
    /// `CURLE_TOO_MANY_REDIRECTS`.
    public static let tooManyRedirects = CurlCode(rawValue: 47)
    /// `CURLE_UNKNOWN_OPTION`: this libcurl does not know an option we set.
    public static let unknownOption = CurlCode(rawValue: 48)
    /// `CURLE_GOT_NOTHING`: the server closed the connection without a reply.
    public static let gotNothing = CurlCode(rawValue: 52)
    /// `CURLE_SEND_ERROR`: sending failed.
    public static let sendError = CurlCode(rawValue: 55)
    /// `CURLE_RECV_ERROR`: receiving failed.
    public static let receiveError = CurlCode(rawValue: 56)
    /// `CURLE_SSL_CERTPROBLEM`: the client certificate is unusable.
    public static let sslCertificateProblem = CurlCode(rawValue: 58)
    /// `CURLE_SSL_CIPHER`: no usable cipher.
    public static let sslCipher = CurlCode(rawValue: 59)
    /// `CURLE_PEER_FAILED_VERIFICATION`: the server's certificate or name did not verify.
    public static let peerFailedVerification = CurlCode(rawValue: 60)
    /// `CURLE_BAD_CONTENT_ENCODING`: the body's content encoding could not be decoded.
    public static let badContentEncoding = CurlCode(rawValue: 61)
    /// `CURLE_SSL_CACERT_BADFILE`: the `--cacert` file could not be read.
    public static let sslCACertificateBadFile = CurlCode(rawValue: 77)
    /// `CURLE_HTTP2_STREAM`: an HTTP/2 stream error.
    public static let http2Stream = CurlCode(rawValue: 92)
    /// `CURLE_PROXY`: the proxy handshake failed.
    public static let proxy = CurlCode(rawValue: 97)

    /// The class of failure, which picks the hint.
    public var kind: TransportFailure.Kind {
        switch self {
        case .couldNotResolveHost, .couldNotResolveProxy: .dns
        case .couldNotConnect: .refused
        case .peerFailedVerification, .sslCACertificateBadFile: .tlsVerify
        case .sslConnectError, .sslCipher, .sslCertificateProblem: .tls
        case .operationTimedOut: .timeout
        case .unknownOption, .failedInit, .outOfMemory: .setup
        default: .other
        }
    }

    /// `curl error <n>`: the numeric code, as curl itself prints it.
    public var description: String { "curl error \(rawValue)" }
}
