import DiagnoseCore
import DiagnoseTestSupport
import Foundation
import Testing

/// Bodies the acceptance list names: form, JSON, multipart, binary.
private let formBody = Array(
    "amount=2000&currency=usd&metadata[order_id]=6735&description=caf%C3%A9+%26+cr%C3%A8me".utf8)
private let jsonBody = Array(#"{"amount":2000,"currency":"usd","metadata":{"k":"v\u00e9"},"n":1.50}"#.utf8)
private let multipartBody: [UInt8] =
    Array(
        ("--XyZ\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\ndispute_evidence\r\n--XyZ\r\n"
            + "Content-Disposition: form-data; name=\"file\"; filename=\"a.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n")
            .utf8) + [0, 1, 2, 255, 254, 13, 10, 0] + Array("\r\n--XyZ--\r\n".utf8)
private let binaryBody: [UInt8] = (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }

/// Options for loopback tests: no proxy from the environment, short timeouts, unsafe methods allowed.
func loopbackOptions(_ tweak: (inout ReplayOptions) -> Void = { _ in }) -> ReplayOptions {
    var options = ReplayOptions(
        environment: [:], timeoutSeconds: 10, connectTimeoutSeconds: 5, allowUnsafe: true, noProxy: "*")
    tweak(&options)
    return options
}

@Suite("Replay transport over a real loopback server")
struct ReplayTransportTests {
    static let bodies: [String: (contentType: String, body: [UInt8])] = [
        "form": ("application/x-www-form-urlencoded", formBody),
        "json": ("application/json", jsonBody),
        "multipart": ("multipart/form-data; boundary=XyZ", multipartBody),
        "binary": ("application/octet-stream", binaryBody),
    ]

    @Test(arguments: ["form", "json", "multipart", "binary"])
    func bodyArrivesByteExact(name: String) throws {
        let (contentType, body) = try #require(Self.bodies[name])
        let server = try LoopbackServer()
        let request = ReplayRequest(
            method: "POST", url: server.baseURL + "/v1/things?x=1",
            headers: [
                ReplayHeader(name: "Content-Type", value: contentType),
                ReplayHeader(name: "Content-Length", value: "999"),  // stale: must be recomputed
            ], body: body)
        let outcome = Replayer.replay(request, options: loopbackOptions(), transport: CurlTransport())
        let response = try #require(outcome.response, "\(outcome.result)")
        #expect(response.status == 200)
        let received = try #require(server.requests.first)
        #expect(received.body == body, "\(name) body changed on the wire")
        #expect(received.header("Content-Length") == String(body.count))
        #expect(received.header("Content-Type") == contentType)
        #expect(received.target == "/v1/things?x=1")
        #expect(received.method == "POST")
    }

    @Test func headersArriveInRecordedOrderWithNothingAdded() throws {
        let server = try LoopbackServer()
        let headers = [
            ReplayHeader(name: "Host", value: "127.0.0.1:\(server.port)"),
            ReplayHeader(name: "Stripe-Version", value: "2024-06-20"),
            ReplayHeader(name: "Authorization", value: "Bearer sk_test_abc"),
            ReplayHeader(name: "X-Empty", value: ""),
            ReplayHeader(name: "Content-Type", value: "application/x-www-form-urlencoded"),
            ReplayHeader(name: "Content-Length", value: "9"),
            ReplayHeader(name: "x-lower-case", value: "kept as spelled"),
            ReplayHeader(name: "Idempotency-Key", value: "k-1"),
        ]
        let request = ReplayRequest(
            method: "POST", url: server.baseURL + "/v1/charges", headers: headers, body: Array("amount=10".utf8))
        let outcome = Replayer.replay(request, options: loopbackOptions(), transport: CurlTransport())
        _ = try #require(outcome.response, "\(outcome.result)")
        let received = try #require(server.requests.first)
        #expect(received.headers.map(\.name) == headers.map(\.name))
        #expect(received.headers.map(\.value) == headers.map(\.value))
        let head = String(decoding: received.rawHead, as: UTF8.self)
        #expect(head.hasPrefix("POST /v1/charges HTTP/1.1\r\nHost: 127.0.0.1:\(server.port)\r\nStripe-Version:"))
    }

    @Test func timingsRemoteIPAndVersionAreFilled() throws {
        let server = try LoopbackServer()
        let outcome = Replayer.replay(
            ReplayRequest(method: "GET", url: server.baseURL + "/v1/balance"), options: loopbackOptions(),
            transport: CurlTransport())
        let response = try #require(outcome.response, "\(outcome.result)")
        #expect(response.timings.totalMicroseconds > 0)
        #expect(response.timings.firstByteMicroseconds > 0)
        #expect(response.timings.connectMicroseconds > 0)
        #expect(response.timings.firstByteMicroseconds <= response.timings.totalMicroseconds)
        #expect(response.remoteIP == "127.0.0.1")
        #expect(response.httpVersion == "1.1")
        #expect(response.tlsVersion == nil)
        #expect(response.reason == "OK")
        #expect(response.header("content-type") == "application/json")
        #expect(String(decoding: response.body, as: UTF8.self) == #"{"ok":true}"#)
    }

    @Test func sequenceReusesOneConnection() throws {
        let server = try LoopbackServer()
        let requests = (0..<5).map { ReplayRequest(method: "GET", url: server.baseURL + "/v1/items/\($0)") }
        let outcomes = Replayer.replay(requests: requests, options: loopbackOptions(), transport: CurlTransport())
        #expect(outcomes.allSatisfy { $0.response?.status == 200 })
        #expect(server.connectionCount == 1)
        #expect(outcomes.dropFirst().allSatisfy { $0.response?.reusedConnection == true })
        #expect(server.requests.map(\.target) == (0..<5).map { "/v1/items/\($0)" })
    }

    @Test func refusedConnectionIsAFailureWithHint() throws {
        // Bind a server to learn a free port, then stop it so nothing listens there.
        let server = try LoopbackServer()
        let url = server.baseURL + "/v1/x"
        server.stop()
        let outcome = Replayer.replay(
            ReplayRequest(method: "GET", url: url), options: loopbackOptions(), transport: CurlTransport())
        guard case .failed(let failure) = outcome.result else {
            Issue.record("expected a transport failure, got \(outcome.result)")
            return
        }
        #expect(failure.code == .couldNotConnect)
        #expect(failure.kind == .refused)
        #expect(!failure.message.isEmpty)
        #expect(failure.hint.contains("nothing is listening"))
    }

    @Test func unresolvableHostIsADNSFailure() {
        let outcome = Replayer.replay(
            ReplayRequest(method: "GET", url: "http://no-such-host.invalid/v1/x"), options: loopbackOptions(),
            transport: CurlTransport())
        guard case .failed(let failure) = outcome.result else {
            Issue.record("expected a transport failure, got \(outcome.result)")
            return
        }
        #expect(failure.kind == .dns)
        #expect(failure.message.contains("no-such-host.invalid"))
    }

    @Test func slowServerTimesOut() throws {
        let server = try LoopbackServer { _ in LoopbackServer.Response(body: Array("late".utf8), delay: 1.5) }
        let outcome = Replayer.replay(
            ReplayRequest(method: "GET", url: server.baseURL + "/slow"),
            options: loopbackOptions { $0.timeoutSeconds = 0.3 }, transport: CurlTransport())
        guard case .failed(let failure) = outcome.result else {
            Issue.record("expected a timeout, got \(outcome.result)")
            return
        }
        #expect(failure.code == .operationTimedOut, "\(failure.message)")
        #expect(failure.hint.contains("--timeout"))
    }

    @Test func headRequestDoesNotWaitForABody() throws {
        let server = try LoopbackServer { _ in LoopbackServer.Response(body: Array("ignored".utf8)) }
        let outcome = Replayer.replay(
            ReplayRequest(method: "HEAD", url: server.baseURL + "/v1/x"), options: loopbackOptions(),
            transport: CurlTransport())
        #expect(outcome.response?.status == 200)
        #expect(server.requests.first?.method == "HEAD")
    }

    @Test(arguments: [Double.nan, .infinity, -1, 0])
    func oddTimeoutsDoNotCrash(timeout: Double) throws {
        let server = try LoopbackServer()
        let outcome = Replayer.replay(
            ReplayRequest(method: "GET", url: server.baseURL + "/"),
            options: loopbackOptions {
                $0.timeoutSeconds = timeout
                $0.connectTimeoutSeconds = timeout
            }, transport: CurlTransport())
        #expect(outcome.response?.status == 200)
    }
}
