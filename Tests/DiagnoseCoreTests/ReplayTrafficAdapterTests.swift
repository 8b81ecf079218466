import DiagnoseCore
import Testing

@Suite("Replay adapters to and from the traffic model")
struct ReplayTrafficAdapterTests {
    @Test func recordedRequestToReplayAndBack() {
        let recorded = HTTPRequest(
            method: "POST", url: "https://api.stripe.com/v1/charges", httpVersion: "HTTP/2",
            headers: [HTTPHeader(name: "Content-Type", value: "application/x-www-form-urlencoded")],
            body: HTTPBody(bytes: Array("amount=1".utf8)))
        let r = ReplayRequest(recorded)
        #expect(r.httpVersion == .http2)
        #expect(r.body == Array("amount=1".utf8))
        let resp = ReplayResponse(status: 200, reason: "OK", httpVersion: "1.1", body: Array("{}".utf8),
            timings: ReplayTimings(dnsMicroseconds: 1000, connectMicroseconds: 2000, tlsMicroseconds: 5000, firstByteMicroseconds: 9000, totalMicroseconds: 10000), remoteIP: "1.2.3.4")
        let e = Exchange(replayed: r, response: resp, source: SourceRef(file: "t.har", entry: 2))
        #expect(e.timings?.connect == 4)
        #expect(e.timings?.ssl == 3)
        #expect(e.timings?.wait == 4)
        #expect(e.time == 10)
        #expect(e.response?.httpVersion == "HTTP/1.1")
        #expect(ReplayResponse(e.response!).body == Array("{}".utf8))
    }
}
