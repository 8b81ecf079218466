import DiagnoseCore
import Testing

private func charge(_ method: String = "POST", headers: [ReplayHeader] = [], url: String? = nil) -> ReplayRequest {
    ReplayRequest(
        method: method, url: url ?? "https://api.stripe.com/v1/charges?expand[]=customer",
        headers: [
            ReplayHeader(name: "Host", value: "api.stripe.com"),
            ReplayHeader(name: "Authorization", value: "Bearer sk_test_[redacted:4f2a]"),
            ReplayHeader(name: "Content-Type", value: "application/x-www-form-urlencoded"),
            ReplayHeader(name: "Content-Length", value: "12"),
        ] + headers, body: Array("amount=2000".utf8))
}

private func prepared(_ request: ReplayRequest, _ options: ReplayOptions) throws -> ReplayPlan.Prepared {
    switch ReplayPlan.prepare(request, options: options) {
    case .success(let p): return p
    case .failure(let refusal):
        Issue.record("unexpected refusal: \(refusal)")
        throw refusal
    }
}

private func refusal(_ request: ReplayRequest, _ options: ReplayOptions) -> ReplayRefusal? {
    if case .failure(let r) = ReplayPlan.prepare(request, options: options) { return r }
    return nil
}

private let env = ["STRIPE_API_KEY": "sk_test_51Hsecretvalue"]

@Suite("Replay plan and safety guards")
struct ReplayPlanTests {
    @Test func unsafeMethodWithoutIdempotencyKeyIsRefused() throws {
        let r = try #require(refusal(charge(), ReplayOptions(environment: env)))
        #expect(r.reason == .unsafeMethod)
        #expect(
            r.message
                == "refused to send POST /v1/charges: POST is not idempotent and the request carries no "
                + "Idempotency-Key, so replaying it could act twice")
        #expect(r.help == "pass --allow-unsafe to send it anyway, or add -H 'Idempotency-Key: <new key>'")
    }

    @Test(arguments: ["POST", "PATCH", "DELETE", "delete"])
    func everyUnsafeMethodIsGuarded(method: String) {
        #expect(refusal(charge(method), ReplayOptions(environment: env))?.reason == .unsafeMethod)
    }

    @Test(arguments: ["GET", "HEAD", "PUT", "OPTIONS"])
    func otherMethodsPass(method: String) throws {
        _ = try prepared(charge(method), ReplayOptions(environment: env))
    }

    @Test func idempotencyKeyLetsItThroughWithANote() throws {
        let p = try prepared(
            charge(headers: [ReplayHeader(name: "Idempotency-Key", value: "k-42")]), ReplayOptions(environment: env))
        #expect(p.notes.contains { $0.contains("Idempotency-Key 'k-42'") && $0.contains("stored result") })
    }

    @Test func allowUnsafeLetsItThrough() throws {
        _ = try prepared(charge(), ReplayOptions(environment: env, allowUnsafe: true))
    }

    @Test func liveKeysNeedAllowLive() throws {
        let liveEnv = ["STRIPE_API_KEY": "sk_live_51Hreal"]
        let r = try #require(refusal(charge("GET"), ReplayOptions(environment: liveEnv)))
        #expect(r.reason == .liveKey)
        #expect(r.help.contains("--allow-live"))
        #expect(!r.message.contains("sk_live_51Hreal"))
        // A live restricted key recorded in clear in a header.
        let recorded = ReplayRequest(
            method: "GET", url: "https://api.stripe.com/v1/balance",
            headers: [ReplayHeader(name: "Authorization", value: "Bearer rk_live_abc123")])
        #expect(refusal(recorded, ReplayOptions(environment: [:]))?.message.contains("header Authorization") == true)
        _ = try prepared(recorded, ReplayOptions(environment: [:], allowLive: true))
        // Hidden in Basic credentials: still caught through the filled secret.
        let basic = ReplayRequest(
            method: "GET", url: "https://api.stripe.com/v1/balance",
            headers: [ReplayHeader(name: "Authorization", value: "Basic [redacted]")])
        #expect(refusal(basic, ReplayOptions(environment: liveEnv))?.reason == .liveKey)
    }

    @Test func redactedBearerIsFilledFromTheEnvironment() throws {
        let p = try prepared(charge("GET"), ReplayOptions(environment: env))
        #expect(p.request.header("Authorization") == "Bearer sk_test_51Hsecretvalue")
        #expect(p.filledSecrets == ["sk_test_51Hsecretvalue"])
        #expect(p.notes.contains("filled redacted Authorization from $STRIPE_API_KEY"))
    }

    @Test func secretEnvNamesAnotherVariable() throws {
        let options = ReplayOptions(secretEnvironmentNames: ["MY_KEY"], environment: ["MY_KEY": "sk_test_mine"])
        #expect(try prepared(charge("GET"), options).request.header("Authorization") == "Bearer sk_test_mine")
    }

    @Test func basicCredentialsAreEncoded() throws {
        let request = ReplayRequest(
            method: "GET", url: "https://api.stripe.com/v1/balance",
            headers: [ReplayHeader(name: "Authorization", value: "Basic [redacted]")])
        let p = try prepared(request, ReplayOptions(environment: ["STRIPE_API_KEY": "sk_test_abc"]))
        #expect(p.request.header("Authorization") == "Basic c2tfdGVzdF9hYmM6")  // base64("sk_test_abc:")
    }

    @Test func missingSecretIsRefusedWithTheVariableName() throws {
        let r = try #require(refusal(charge("GET"), ReplayOptions(environment: [:])))
        #expect(r.reason == .missingSecret)
        #expect(r.message == "header Authorization was redacted in the recording and STRIPE_API_KEY is not set")
        #expect(r.help.contains("export STRIPE_API_KEY=") && r.help.contains("--secret-env"))
    }

    @Test func redactedCookieCannotBeFilled() throws {
        let r = try #require(
            refusal(
                charge("GET", headers: [ReplayHeader(name: "Cookie", value: "[redacted]")]),
                ReplayOptions(environment: env)))
        #expect(r.reason == .redactedHeader)
        #expect(r.help == "supply it with -H 'Cookie: <value>', or drop it with -H 'Cookie:'")
    }

    @Test func targetRewritesSchemeHostPortAndBasePathAndHost() throws {
        let p = try prepared(charge("GET"), ReplayOptions(target: "http://127.0.0.1:12111/mock/", environment: env))
        #expect(p.request.url == "http://127.0.0.1:12111/mock/v1/charges?expand[]=customer")
        #expect(p.request.header("Host") == "127.0.0.1:12111")
        let bad = refusal(charge("GET"), ReplayOptions(target: "localhost:8080", environment: env))
        #expect(bad?.reason == .invalidURL)
    }

    @Test func overridesReplaceInPlaceRemoveAndAppend() {
        let headers = [
            ReplayHeader(name: "A", value: "1"), ReplayHeader(name: "B", value: "2"),
            ReplayHeader(name: "a", value: "3"),
            ReplayHeader(name: "C", value: "4"),
        ]
        let result = ReplayPlan.applyOverrides(
            headers,
            overrides: [
                ReplayHeader(parsing: "A: new")!, ReplayHeader(parsing: "C:")!, ReplayHeader(parsing: "D:  5 ")!,
            ])
        #expect(
            result == [
                ReplayHeader(name: "A", value: "new"), ReplayHeader(name: "B", value: "2"),
                ReplayHeader(name: "D", value: "5"),
            ])
        #expect(ReplayHeader(parsing: "no colon") == nil)
        #expect(ReplayHeader(parsing: ": value") == nil)
    }

    @Test func contentLengthIsRecomputedAndTransferEncodingDropped() throws {
        var request = charge("PUT")
        request.headers.append(ReplayHeader(name: "Transfer-Encoding", value: "chunked"))
        request.headers.append(ReplayHeader(name: ":authority", value: "api.stripe.com"))
        let p = try prepared(request, ReplayOptions(environment: env))
        #expect(p.request.header("Content-Length") == "11")
        #expect(p.request.header("Transfer-Encoding") == nil)
        #expect(p.request.header(":authority") == nil)
        #expect(p.request.headers.map(\.name) == ["Host", "Authorization", "Content-Type", "Content-Length"])
    }

    @Test func redirectAcrossHostsDropsCredentials() throws {
        let request = ReplayRequest(
            method: "GET", url: "https://api.example.com/v1/a",
            headers: [
                ReplayHeader(name: "Host", value: "api.example.com"),
                ReplayHeader(name: "Authorization", value: "Bearer x"),
                ReplayHeader(name: "Cookie", value: "s=1"), ReplayHeader(name: "X-Api-Key", value: "k"),
                ReplayHeader(name: "Idempotency-Key", value: "i"), ReplayHeader(name: "Accept", value: "*/*"),
            ])
        let (sameHost, keptNone) = try #require(Replayer.redirected(request, status: 302, location: "/v1/b?x=1"))
        #expect(sameHost.url == "https://api.example.com/v1/b?x=1")
        #expect(keptNone.isEmpty)
        #expect(sameHost.header("Authorization") == "Bearer x")
        let (other, dropped) = try #require(
            Replayer.redirected(request, status: 307, location: "https://files.example.net/x"))
        #expect(dropped == ["Authorization", "Cookie", "X-Api-Key"])
        #expect(other.headers.map(\.name) == ["Host", "Idempotency-Key", "Accept"])
        #expect(other.header("Host") == "files.example.net")
        // Same host, other port: another origin too.
        #expect(Replayer.redirected(request, status: 302, location: "https://api.example.com:8443/")?.1.count == 3)
        // 303 turns a POST into a GET without body.
        var post = request
        post.method = "POST"
        post.body = [1]
        let (get, _) = try #require(Replayer.redirected(post, status: 303, location: "b"))
        #expect(get.method == "GET" && get.body == nil && get.url == "https://api.example.com/v1/b")
    }

    @Test func latencyStatistics() throws {
        let stats = try #require(LatencyStats(samples: (1...100).map { Int64($0) }.shuffled()))
        #expect(stats.minMicroseconds == 1)
        #expect(stats.maxMicroseconds == 100)
        #expect(stats.medianMicroseconds == 50)
        #expect(stats.p95Microseconds == 95)
        #expect(stats.count == 100)
        #expect(LatencyStats(samples: []) == nil)
        #expect(LatencyStats(samples: [7])?.p95Microseconds == 7)
        #expect(LatencyStats.ms(1234) == "1.23 ms")
        #expect(LatencyStats.ms(50) == "0.05 ms")
    }

    @Test func dryRunPrintsARedactedCurlCommand() throws {
        let outcome = Replayer.replay(
            charge(headers: [ReplayHeader(name: "Idempotency-Key", value: "k-1")]),
            options: ReplayOptions(environment: env, dryRun: true), transport: CurlTransport())
        guard case .dryRun(let command) = outcome.result else {
            Issue.record("expected a dry run, got \(outcome.result)")
            return
        }
        #expect(
            command
                == "curl -X POST -H 'Host: api.stripe.com' -H 'Authorization: Bearer sk_test_[redacted]' "
                + "-H 'Content-Type: application/x-www-form-urlencoded' -H 'Idempotency-Key: k-1' -H Accept: "
                + "--data-binary amount=2000 'https://api.stripe.com/v1/charges?expand[]=customer'")
        #expect(!command.contains("51Hsecretvalue"))
    }

    @Test func dryRunShowsWhatAGuardWouldRefuse() {
        let outcome = Replayer.replay(
            charge(), options: ReplayOptions(environment: env, dryRun: true), transport: CurlTransport())
        guard case .dryRun(let command) = outcome.result else {
            Issue.record("expected a dry run, got \(outcome.result)")
            return
        }
        #expect(command.hasPrefix("curl -X POST"))
        #expect(
            outcome.notes.contains { $0.hasPrefix("a real run would refuse this: refused to send POST /v1/charges") })
    }

    @Test(arguments: [
        ("GET", "X-Smuggle", "a\r\nHost: evil"),
        ("GET", "Bad Name", "v"),
        ("GET", "", "v"),
        ("GET\r\n", "A", "v"),
        ("G ET", "A", "v"),
    ])
    func wireUnsafeRequestsAreRefused(method: String, name: String, value: String) throws {
        let request = ReplayRequest(
            method: method, url: "https://api.example.com/v1/x", headers: [ReplayHeader(name: name, value: value)])
        let r = try #require(refusal(request, ReplayOptions(environment: [:])))
        #expect(r.reason == .invalidHeader)
    }
}
