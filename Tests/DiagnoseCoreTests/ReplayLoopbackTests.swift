import DiagnoseCore
import DiagnoseTestSupport
import Foundation
import Testing

/// End-to-end replays against real loopback servers: guards, redirects, repeat, target, secrets, HTTPS.
@Suite("Replay against loopback servers")
struct ReplayLoopbackTests {
    @Test func guardsRefuseAndNothingReachesTheServer() throws {
        let server = try LoopbackServer()
        let transport = CurlTransport()
        let post = ReplayRequest(
            method: "POST", url: server.baseURL + "/v1/charges",
            headers: [ReplayHeader(name: "Content-Type", value: "application/x-www-form-urlencoded")],
            body: Array("amount=1".utf8))
        let unsafe = Replayer.replay(post, options: loopbackOptions { $0.allowUnsafe = false }, transport: transport)
        guard case .refused(let r1) = unsafe.result else {
            Issue.record("expected a refusal, got \(unsafe.result)")
            return
        }
        #expect(r1.reason == .unsafeMethod)

        let live = ReplayRequest(
            method: "GET", url: server.baseURL + "/v1/balance",
            headers: [ReplayHeader(name: "Authorization", value: "Bearer sk_live_4eC39HqLyjWDarjtT1zdp7dc")])
        let liveOutcome = Replayer.replay(live, options: loopbackOptions(), transport: transport)
        guard case .refused(let r2) = liveOutcome.result else {
            Issue.record("expected a refusal, got \(liveOutcome.result)")
            return
        }
        #expect(r2.reason == .liveKey)
        #expect(server.requests.isEmpty)

        // With the flags, both go out.
        let allowed = Replayer.replay(
            requests: [post, live], options: loopbackOptions { $0.allowLive = true }, transport: transport)
        #expect(allowed.map { $0.response?.status } == [200, 200])
        #expect(server.requests.count == 2)
    }

    @Test func idempotentPostIsSentWithANote() throws {
        let server = try LoopbackServer()
        let post = ReplayRequest(
            method: "POST", url: server.baseURL + "/v1/refunds",
            headers: [ReplayHeader(name: "Idempotency-Key", value: "7f0c")], body: Array("charge=ch_1".utf8))
        let outcome = Replayer.replay(
            post, options: loopbackOptions { $0.allowUnsafe = false }, transport: CurlTransport())
        #expect(outcome.response?.status == 200)
        #expect(outcome.notes.contains { $0.contains("stored result") })
        #expect(server.requests.first?.header("Idempotency-Key") == "7f0c")
    }

    @Test func redirectToAnotherHostDropsCredentials() throws {
        let other = try LoopbackServer(host: "127.0.0.2")
        let first = try LoopbackServer { request in
            request.target == "/start"
                ? LoopbackServer.Response(
                    status: 302, reason: "Found", headers: [.init("Location", "/same")])
                : LoopbackServer.Response(
                    status: 307, reason: "Temporary Redirect",
                    headers: [.init("Location", other.baseURL + "/elsewhere")])
        }
        let request = ReplayRequest(
            method: "GET", url: first.baseURL + "/start",
            headers: [
                ReplayHeader(name: "Authorization", value: "Bearer sk_test_abc"),
                ReplayHeader(name: "Cookie", value: "session=1"),
                ReplayHeader(name: "Stripe-Version", value: "2024-06-20"),
            ])
        // Not followed unless asked.
        let unfollowed = Replayer.replay(request, options: loopbackOptions(), transport: CurlTransport())
        #expect(unfollowed.response?.status == 302)
        #expect(other.requests.isEmpty)

        let outcome = Replayer.replay(
            request, options: loopbackOptions { $0.followRedirects = true }, transport: CurlTransport())
        #expect(outcome.response?.status == 200)
        #expect(outcome.hops.map(\.status) == [302, 307])
        #expect(outcome.hops.last?.droppedHeaders == ["Authorization", "Cookie"])
        #expect(outcome.notes.contains { $0.contains("did not send Authorization, Cookie") })
        // Same host keeps credentials (the unfollowed try, then /start and /same); the other host gets none.
        #expect(first.requests.map(\.target) == ["/start", "/start", "/same"])
        #expect(first.requests.allSatisfy { $0.header("Authorization") == "Bearer sk_test_abc" })
        let arrived = try #require(other.requests.first)
        #expect(arrived.target == "/elsewhere")
        #expect(arrived.header("Authorization") == nil)
        #expect(arrived.header("Cookie") == nil)
        #expect(arrived.header("Stripe-Version") == "2024-06-20")
    }

    @Test func repeatGivesLatencyFiguresOnOneConnection() throws {
        let server = try LoopbackServer()
        let outcome = Replayer.replay(
            ReplayRequest(method: "GET", url: server.baseURL + "/v1/balance"),
            options: loopbackOptions { $0.repeatCount = 50 }, transport: CurlTransport())
        let latency = try #require(outcome.latency)
        #expect(latency.count == 50)
        #expect(latency.minMicroseconds > 0)
        #expect(latency.minMicroseconds <= latency.medianMicroseconds)
        #expect(latency.medianMicroseconds <= latency.p95Microseconds)
        #expect(latency.p95Microseconds <= latency.maxMicroseconds)
        #expect(server.requests.count == 50)
        #expect(server.connectionCount == 1)
    }

    @Test func targetAndSecretsReachTheServer() throws {
        let server = try LoopbackServer()
        let recorded = ReplayRequest(
            method: "GET", url: "https://api.stripe.com/v1/customers?limit=3",
            headers: [
                ReplayHeader(name: "Host", value: "api.stripe.com"),
                ReplayHeader(name: "Authorization", value: "Bearer sk_test_[redacted:4f2a]"),
            ])
        let outcome = Replayer.replay(
            recorded,
            options: loopbackOptions {
                $0.target = server.baseURL + "/stripe"
                $0.environment = ["STRIPE_API_KEY": "sk_test_fromenv"]
            }, transport: CurlTransport())
        #expect(outcome.response?.status == 200, "\(outcome.result)")
        let arrived = try #require(server.requests.first)
        #expect(arrived.target == "/stripe/v1/customers?limit=3")
        #expect(arrived.header("Host") == "127.0.0.1:\(server.port)")
        #expect(arrived.header("Authorization") == "Bearer sk_test_fromenv")
        let text = ReplayReport.render([outcome], format: .text)
        #expect(!text.contains("sk_test_fromenv"))
    }

    @Test func gzipResponsesAreDecodedWhenTheRecordingAskedForThem() throws {
        // A fixed gzip stream of {"ok":true}, produced once with Python's gzip.compress(mtime=0).
        let gz: [UInt8] = [
            0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0xab, 0x56, 0xca, 0xcf, 0x56, 0xb2, 0x2a, 0x29,
            0x2a, 0x4d, 0xad, 0x05, 0x00, 0x90, 0x5f, 0xd4, 0xa7, 0x0b, 0x00, 0x00, 0x00,
        ]
        let server = try LoopbackServer { _ in
            LoopbackServer.Response(headers: [.init("Content-Encoding", "gzip")], body: gz)
        }
        let outcome = Replayer.replay(
            ReplayRequest(
                method: "GET", url: server.baseURL + "/",
                headers: [ReplayHeader(name: "Accept-Encoding", value: "gzip")]),
            options: loopbackOptions(), transport: CurlTransport())
        #expect(outcome.response.map { String(decoding: $0.body, as: UTF8.self) } == #"{"ok":true}"#)
        #expect(server.requests.first?.headers.map(\.name) == ["Host", "Accept-Encoding"])
    }
}

@Suite(
    "Replay over HTTPS with a generated certificate",
    .enabled(if: TLSFrontend.isAvailable, Comment(rawValue: TLSFrontend.unavailableReason ?? "")))
struct ReplayHTTPSTests {
    @Test func cacertVerifiesAndFillsTLSDetails() throws {
        let backend = try LoopbackServer()
        let tls = try TLSFrontend(forwardingTo: backend)
        defer { withExtendedLifetime(tls) {} }  // the terminator must outlive the requests
        let requests = (0..<3).map { ReplayRequest(method: "GET", url: tls.baseURL + "/v1/balance/\($0)") }
        let outcomes = Replayer.replay(
            requests: requests, options: loopbackOptions { $0.caCertificatePath = tls.certificatePath },
            transport: CurlTransport())
        let response = try #require(outcomes.first?.response, "\(String(describing: outcomes.first?.result))")
        #expect(response.status == 200)
        #expect(response.tlsVersion?.hasPrefix("TLSv1.") == true)
        #expect(response.timings.tlsMicroseconds > 0)
        #expect(response.timings.tlsMicroseconds >= response.timings.connectMicroseconds)
        #expect(response.remoteIP == "127.0.0.1")
        // Keep-alive over TLS: later requests reuse the connection and still report its TLS version.
        #expect(outcomes.dropFirst().allSatisfy { $0.response?.reusedConnection == true })
        #expect(outcomes.last?.response?.tlsVersion == response.tlsVersion)
        #expect(backend.requests.map(\.target) == ["/v1/balance/0", "/v1/balance/1", "/v1/balance/2"])
    }

    @Test func verificationFailureIsReportedWithAHint() throws {
        let backend = try LoopbackServer()
        let tls = try TLSFrontend(forwardingTo: backend)
        defer { withExtendedLifetime(tls) {} }  // the terminator must outlive the requests
        let outcome = Replayer.replay(
            ReplayRequest(method: "GET", url: tls.baseURL + "/v1/balance"),
            options: loopbackOptions { $0.caCertificatePath = nil }, transport: CurlTransport())
        guard case .failed(let failure) = outcome.result else {
            Issue.record("expected a verification failure, got \(outcome.result)")
            return
        }
        #expect(failure.kind == .tlsVerify)
        #expect(failure.code == .peerFailedVerification)
        #expect(failure.hint.contains("--cacert"))
        #expect(backend.requests.isEmpty)
        let text = ReplayReport.render([outcome], format: .text)
        #expect(text.contains("help: the server's certificate is not trusted"))
    }

    @Test func insecureSkipsVerificationWithAWarning() throws {
        let backend = try LoopbackServer()
        let tls = try TLSFrontend(forwardingTo: backend)
        defer { withExtendedLifetime(tls) {} }  // the terminator must outlive the requests
        let outcome = Replayer.replay(
            ReplayRequest(method: "GET", url: tls.baseURL + "/v1/balance"),
            options: loopbackOptions { $0.insecure = true }, transport: CurlTransport())
        #expect(outcome.response?.status == 200)
        #expect(outcome.notes.contains { $0.contains("--insecure") })
    }

    @Test func http2IsNegotiatedAndFallsBackToWhatTheServerSpeaks() throws {
        // The terminator offers only http/1.1 in ALPN: asking for HTTP/2 over TLS must still work, on 1.1.
        let backend = try LoopbackServer()
        let tls = try TLSFrontend(forwardingTo: backend)
        defer { withExtendedLifetime(tls) {} }  // the terminator must outlive the requests
        let outcome = Replayer.replay(
            ReplayRequest(method: "GET", url: tls.baseURL + "/v1/balance", httpVersion: .http2),
            options: loopbackOptions { $0.caCertificatePath = tls.certificatePath }, transport: CurlTransport())
        #expect(outcome.response?.status == 200, "\(outcome.result)")
        #expect(outcome.response?.httpVersion == "1.1")
        #expect(backend.requests.first?.version == "HTTP/1.1")
    }
}
