// Adapters between the traffic model (`Exchange`, `HTTPRequest`, `HTTPResponse`) and the replay layer's own values.
//
// The replay layer works on `ReplayRequest` / `ReplayResponse` so it could be built and tested before the traffic
// model existed; these three conversions are the only places the two meet.

extension ReplayRequest {
    /// The request to replay for a recorded one: method, absolute URL, headers in recorded order, exact body bytes.
    /// - Parameter request: the recorded request (redacted credentials are filled later by `ReplayPlan`).
    public init(_ request: HTTPRequest) {
        self.init(
            method: request.method, url: request.absoluteURL,
            headers: request.headers.map { ReplayHeader(name: $0.name, value: $0.value) },
            body: request.body.map(\.bytes), httpVersion: HTTPVersionPreference(recorded: request.httpVersion))
    }
}

extension ReplayResponse {
    /// A recorded response, for `ResponseComparison.compare(recorded:replayed:)`.
    /// - Parameter response: the recorded response.
    public init(_ response: HTTPResponse) {
        self.init(
            status: response.status, reason: response.statusText,
            httpVersion: ReplayResponse.shortVersion(response.httpVersion),
            headers: response.headers.map { ReplayHeader(name: $0.name, value: $0.value) },
            body: response.body?.bytes ?? [])
    }

    /// `HTTP/1.1` → `1.1`, `h2` → `2`.
    static func shortVersion(_ recorded: String) -> String {
        switch HTTPVersionPreference(recorded: recorded) {
        case .http1_1: "1.1"
        case .http2: "2"
        case .automatic: recorded
        }
    }
}

extension Exchange {
    /// The replayed exchange: the request as sent and the response received, with libcurl's timings turned into
    /// HAR phases (milliseconds; `connect` includes `ssl`, as in HAR; `wait` includes sending the request).
    /// - Parameters:
    ///   - request: the request as sent (`ReplayOutcome.sent`).
    ///   - response: the response received.
    ///   - source: where the original exchange was recorded, so findings point at it.
    public init(replayed request: ReplayRequest, response: ReplayResponse, source: SourceRef) {
        let t = response.timings
        func ms(_ microseconds: Int64) -> Double { Double(max(microseconds, 0)) / 1000 }
        let connected = max(t.tlsMicroseconds, t.connectMicroseconds)
        let timings = Timings(
            dns: ms(t.dnsMicroseconds), connect: ms(connected - t.dnsMicroseconds),
            ssl: t.tlsMicroseconds > 0 ? ms(t.tlsMicroseconds - t.connectMicroseconds) : nil, send: 0,
            wait: ms(t.firstByteMicroseconds - connected), receive: ms(t.totalMicroseconds - t.firstByteMicroseconds))
        let version = response.httpVersion == "2" ? "HTTP/2" : "HTTP/" + response.httpVersion
        self.init(
            request: HTTPRequest(
                method: request.method, url: request.url, httpVersion: version,
                headers: request.headers.map { HTTPHeader(name: $0.name, value: $0.value) },
                body: request.body.map { HTTPBody(bytes: $0, mediaType: request.header("Content-Type")) }),
            response: HTTPResponse(
                status: response.status, statusText: response.reason, httpVersion: version,
                headers: response.headers.map { HTTPHeader(name: $0.name, value: $0.value) },
                body: HTTPBody(bytes: response.body, mediaType: response.header("Content-Type"))),
            timings: timings, time: ms(t.totalMicroseconds),
            serverIPAddress: response.remoteIP.isEmpty ? nil : response.remoteIP, source: source)
    }
}
