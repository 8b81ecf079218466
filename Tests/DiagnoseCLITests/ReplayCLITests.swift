import DiagnoseTestSupport
import Foundation
import Testing

/// `diagnose replay` and `diagnose compare` end to end, against a real loopback server.
@Suite("replay and compare commands")
struct ReplayCLITests {
    @Test func replaysARecordedCallAndReportsWhatChanged() throws {
        // The recorded response is a list of one payment intent; the server now answers with an empty list.
        let server = try LoopbackServer { _ in
            .json(#"{"object": "list", "data": [], "has_more": false, "url": "/v1/payment_intents"}"#, headers: [.init("Request-Id", "req_new")])
        }
        defer { server.stop() }
        // The flow support teams use: a redacted copy of the ticket's HAR, the user's key from the environment.
        let redacted = FileManager.default.temporaryDirectory.appendingPathComponent("diagnose-replay-\(UUID().uuidString).har").path
        defer { try? FileManager.default.removeItem(atPath: redacted) }
        #expect(try runDiagnose(["redact", "recordings/checkout-ok.har", "-o", redacted]).status == 0)
        let r = try runDiagnose(
            ["replay", redacted + "#4", "--target", server.baseURL],
            environment: ["STRIPE_API_KEY": "sk_test_fromTheEnvironment123"])
        #expect(r.status == 1)
        let received = try #require(server.requests.first)
        #expect(received.method == "GET")
        #expect(received.target.hasPrefix("/v1/payment_intents?customer=cus_Q1demo7bXkLm2&limit=3"))
        #expect(received.header("Authorization") == "Bearer sk_test_fromTheEnvironment123")
        #expect(received.header("Payments-Version") == "2024-06-01")
        #expect(r.stdout.contains("/data/0"))
        #expect(!r.stdout.contains("fromTheEnvironment"))
    }

    @Test func refusesUnsafeMethodsWithoutPermission() throws {
        let server = try LoopbackServer()
        defer { server.stop() }
        // A refund without an Idempotency-Key: POST is not replayed unless allowed.
        let r = try runDiagnose(["replay", "recordings/ticket-4711.har#6", "--target", server.baseURL])
        #expect(r.status == 2)
        #expect(r.stdout.contains("--allow-unsafe"))
        #expect(server.requests.isEmpty)
    }

    @Test func comparesAWorkingCallWithAFailingOne() throws {
        let r = try runDiagnose(["compare", "recordings/checkout-ok.har#2", "recordings/ticket-4711.har#2", "--spec", "specs/payments.yaml", "--format", "json"])
        #expect(r.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let differences = try #require(object["differences"] as? [[String: Any]])
        #expect(differences.first?["kind"] as? String == "finding")
        #expect(differences.contains { $0["location"] as? String == "/request/body/amount" && $0["good"] as? String == "2000" && $0["bad"] as? String == "19.99" })
        let same = try runDiagnose(["compare", "recordings/checkout-ok.har#1", "recordings/checkout-ok.har#1"])
        #expect(same.status == 0)
    }
}
