/// An HTTP response as recorded.
public struct HTTPResponse: Sendable {
    /// The status code (HAR `status: 0` means no response and is read as a nil response instead).
    public var status: Int
    /// The reason phrase, as recorded (often empty for HTTP/2).
    public var statusText: String
    /// `HTTP/1.1`, `HTTP/2`… as recorded; empty when unknown.
    public var httpVersion: String
    /// Headers in recorded order, duplicates kept.
    public var headers: [HTTPHeader]
    /// The body, or nil when none was recorded.
    public var body: HTTPBody?

    /// Creates a response.
    /// - Parameters:
    ///   - status: status code.
    ///   - statusText: reason phrase.
    ///   - httpVersion: HTTP version.
    ///   - headers: headers in order.
    ///   - body: the body, if recorded.
    public init(
        status: Int, statusText: String = "", httpVersion: String = "HTTP/1.1", headers: [HTTPHeader] = [],
        body: HTTPBody? = nil
    ) {
        self.status = status
        self.statusText = statusText
        self.httpVersion = httpVersion
        self.headers = headers
        self.body = body
    }

    /// The first value of the header named `name`, compared case-insensitively, or nil.
    public func header(named name: String) -> String? { headers.first(named: name) }

    /// Every value of the headers named `name`, compared case-insensitively, in order.
    public func headers(named name: String) -> [String] { headers.all(named: name) }

    /// The declared media type: the body's, else the `Content-Type` header.
    public var mediaType: String? { body?.mediaType ?? header(named: "Content-Type") }
}
