import DiagnoseCore
import DiagnoseTestSupport
import Foundation
import Testing

/// A transport with fixed answers, so rendered output is deterministic (the loopback suites cover the real one).
private struct FixedTransport: Transport {
    var response: ReplayResponse
    func send(_ request: ReplayRequest, options: ReplayOptions) throws(TransportFailure) -> ReplayResponse { response }
}

private struct FailingTransport: Transport {
    func send(_ request: ReplayRequest, options: ReplayOptions) throws(TransportFailure) -> ReplayResponse {
        throw TransportFailure(
            code: .couldNotResolveHost, message: "Could not resolve host: api.example.invalid", url: request.url)
    }
}

private let fixed = ReplayResponse(
    status: 402, reason: "Payment Required", httpVersion: "2",
    headers: [ReplayHeader(name: "Content-Type", value: "application/json")],
    body: Array(#"{"error":{"code":"card_declined"}}"#.utf8),
    timings: ReplayTimings(
        dnsMicroseconds: 1200, connectMicroseconds: 5300, tlsMicroseconds: 21000, firstByteMicroseconds: 98000,
        totalMicroseconds: 99500), remoteIP: "10.1.2.3", tlsVersion: "TLSv1.3")

private let request = ReplayRequest(
    method: "GET", url: "https://api.example.com/v1/charges/ch_1",
    headers: [ReplayHeader(name: "Authorization", value: "Bearer sk_test_[redacted]")])

private let options = ReplayOptions(environment: ["STRIPE_API_KEY": "sk_test_supersecret"])

@Suite("Replay report rendering")
struct ReplayReportTests {
    @Test func textShowsResponseTimingsAndDiffWithoutSecrets() {
        let outcome = Replayer.replay(request, options: options, transport: FixedTransport(response: fixed))
        let recorded = ReplayResponse(
            status: 200, headers: [ReplayHeader(name: "Content-Type", value: "application/json")],
            body: Array(#"{"error":null}"#.utf8))
        let text = ReplayReport.render([outcome], recorded: [recorded], format: .text)
        #expect(
            text == """
                [1] GET https://api.example.com/v1/charges/ch_1
                    → 402 Payment Required  HTTP/2  10.1.2.3  TLSv1.3
                    timings: dns 1.20 ms · connect 5.30 ms · tls 21.00 ms · first byte 98.00 ms · total 99.50 ms
                    body: 34 bytes
                    note: filled redacted Authorization from $STRIPE_API_KEY
                    diff: status changed: 200 → 402
                    diff: body: type changed /error: null → object

                """)
        #expect(!text.contains("supersecret"))
    }

    @Test func textShowsTransportFailureWithHint() {
        let outcome = Replayer.replay(request, options: options, transport: FailingTransport())
        #expect(
            ReplayReport.render([outcome], format: .text) == """
                [1] GET https://api.example.com/v1/charges/ch_1
                    error: Could not resolve host: api.example.invalid (curl error 6)
                    help: check the host name in the URL or --target, and your DNS or proxy settings
                    note: filled redacted Authorization from $STRIPE_API_KEY

                """)
    }

    @Test func dryRunTextRedactsTheFilledSecret() {
        var o = options
        o.dryRun = true
        let text = ReplayReport.render(
            [Replayer.replay(request, options: o, transport: FailingTransport())], format: .text)
        #expect(
            text == """
                [1] GET https://api.example.com/v1/charges/ch_1
                    would send:
                      Authorization: Bearer sk_test_[redacted]
                    curl: curl -H 'Authorization: Bearer sk_test_[redacted]' -H Accept: https://api.example.com/v1/charges/ch_1
                    note: filled redacted Authorization from $STRIPE_API_KEY

                """)
    }

    @Test func jsonIsOneDocumentWithAVersion() throws {
        let outcomes = [
            Replayer.replay(request, options: options, transport: FixedTransport(response: fixed)),
            Replayer.replay(
                ReplayRequest(method: "POST", url: "https://api.example.com/v1/charges"), index: 1, options: options,
                transport: FixedTransport(response: fixed)),
        ]
        let text = ReplayReport.render(outcomes, format: .json)
        let document = try JSONParser.parse(text).root
        #expect(document["version"]?.numberValue == JSONNumber(1))
        #expect(document["outcomes"]?[0]?["status"]?.numberValue == JSONNumber(402))
        #expect(document["outcomes"]?[0]?["timings"]?["totalMicroseconds"]?.numberValue == JSONNumber(99500))
        #expect(document["outcomes"]?[1]?["result"]?.stringValue == "refused")
        #expect(document["outcomes"]?[1]?["refusal"]?["code"]?.stringValue == "unsafe-method")
        #expect(!text.contains("supersecret"))
    }

    @Test func markdownHasATablePerResponse() {
        let text = ReplayReport.render(
            [Replayer.replay(request, options: options, transport: FixedTransport(response: fixed))], format: .markdown)
        #expect(text.contains("## 1. `GET https://api.example.com/v1/charges/ch_1`"))
        #expect(text.contains("| 402 Payment Required | 2 | 10.1.2.3 | TLSv1.3 | 99.50 ms | 98.00 ms |"))
    }

    @Test func outcomesBecomeFindings() throws {
        let ref = Finding.ExchangeRef(file: "trace.har", entry: 3, method: "GET", url: request.url)
        let failed = Replayer.replay(request, options: options, transport: FailingTransport()).findings(exchange: ref)
        #expect(failed.map(\.rule) == ["replay.transport-failure"])
        #expect(failed.first?.hint?.contains("DNS") == true)

        let recorded = ReplayResponse(
            status: 200, headers: [], body: Array(#"{"id":"ch_1AAAAAAAA1","amount":100}"#.utf8))
        let replayed = ReplayResponse(
            status: 200, headers: [ReplayHeader(name: "X-New", value: "1")],
            body: Array(#"{"id":"ch_1BBBBBBBB2","amount":200}"#.utf8))
        let findings = Replayer.replay(request, options: options, transport: FixedTransport(response: replayed))
            .findings(exchange: ref, recorded: recorded)
        #expect(findings.map(\.rule) == ["replay.header-changed", "replay.body-changed"])
        #expect(findings.map(\.location) == ["/response/headers/X-New", "/response/body/amount"])
        #expect(findings[1].expected == "100" && findings[1].found == "200")
        #expect(findings[1].hint == "if this value changes on every call, pass --ignore /amount")

        let refused = Replayer.replay(
            ReplayRequest(method: "DELETE", url: "https://api.example.com/v1/customers/cus_1"), options: options,
            transport: FailingTransport()
        ).findings(exchange: ref)
        #expect(refused.map(\.rule) == ["replay.refused"])
    }
}
