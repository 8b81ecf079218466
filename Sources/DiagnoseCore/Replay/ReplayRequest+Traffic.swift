// ADAPTER — TO WRITE WHEN THE TRAFFIC MODEL (`Exchange`, `HTTPRequest`, `HTTPResponse`) IS ON MAIN.
//
// The replay layer works on its own small values (`ReplayRequest`, `ReplayResponse`) so it could be built and tested
// before the traffic model landed. Once `Sources/DiagnoseCore/Traffic/Model` is merged, replace this comment with:
//
//     extension ReplayRequest {
//         /// The request to replay for a recorded one: method, absolute URL, headers in order, exact body bytes.
//         public init(_ request: HTTPRequest) {
//             self.init(
//                 method: request.method, url: request.absoluteURL,
//                 headers: request.headers.map { ReplayHeader(name: $0.name, value: $0.value) },
//                 body: request.body.map(\.bytes), httpVersion: HTTPVersionPreference(recorded: request.httpVersion))
//         }
//     }
//
//     extension ReplayResponse {
//         /// A recorded response, for `ResponseComparison.compare(recorded:replayed:)`.
//         public init(_ response: HTTPResponse) {
//             self.init(
//                 status: response.status, reason: response.statusText, httpVersion: response.httpVersion,
//                 headers: response.headers.map { ReplayHeader(name: $0.name, value: $0.value) },
//                 body: response.body?.bytes ?? [])
//         }
//     }
//
//     extension Exchange {
//         /// The replayed exchange: the request as sent and the response received, with libcurl's timings
//         /// (HAR timings are milliseconds; ours are cumulative microseconds, so phases are differences).
//         public init(replayed request: ReplayRequest, response: ReplayResponse, source: SourceRef) { … }
//     }
//
// `HTTPVersionPreference(recorded:)` (in ReplayRequest.swift) already maps HAR version strings.
