import DiagnoseCore
import DiagnoseTestSupport
import Foundation
import Testing

/// Synthetic scan data for the report and renderer tests: a small fixed dataset for golden files, and a seeded
/// generator for determinism, shard/merge and volume tests.
enum ReportFixtures {
    /// A deterministic pseudo-random generator (SplitMix64), so generated datasets are the same on every run.
    typealias SeededRandom = SplitMix64

    static let t0 = 1_714_564_800.0  // 2024-05-01T12:00:00Z

    static func finding(
        _ rule: String, _ severity: Diagnostic.Severity, _ message: String, file: String, entry: Int, method: String,
        url: String, location: String, spec: Finding.SpecRef? = nil, expected: String? = nil, found: String? = nil,
        hint: String? = nil
    ) -> Finding {
        Finding(
            rule: rule, severity: severity, message: message,
            exchange: .init(file: file, entry: entry, method: method, url: url), location: location, spec: spec,
            expected: expected, found: found, hint: hint, kb: "https://diagnose.dev/kb/\(rule)")
    }

    /// Eight exchanges over two files and three endpoints, with findings, clients, timings and curl commands.
    static func small() -> [ExchangeRecord] {
        var records: [ExchangeRecord] = []
        func add(
            _ file: String, _ entry: Int, _ offset: Double?, _ method: String, _ path: String, _ operation: String?,
            _ status: Int?, _ ms: Double?, client: String?, ua: String?,
            findings: [(String, Diagnostic.Severity, String, String)]
        ) {
            let url = "https://api.example.com" + path
            records.append(
                ExchangeRecord(
                    file: file, entry: entry, sequence: records.count, startedAt: offset.map { t0 + $0 },
                    method: method, host: "api.example.com", path: path, operation: operation, status: status,
                    durationMs: ms, waitMs: ms.map { $0 * 0.8 }, client: client, userAgent: ua,
                    curl: "curl -X \(method) '\(url)' -H 'Authorization: Bearer [redacted]'",
                    findings: findings.map { rule, sev, msg, ptr in
                        finding(
                            rule, sev, msg, file: file, entry: entry, method: method, url: url, location: ptr,
                            spec: rule.hasPrefix("schema")
                                ? Finding.SpecRef(
                                    file: "openapi.yaml", line: 88, column: 13,
                                    pointer: "#/components/schemas/Charge/properties/amount")
                                : nil,
                            expected: rule.hasPrefix("schema") ? "integer" : nil,
                            found: rule.hasPrefix("schema") ? "string \"42\"" : nil,
                            hint: "see the knowledge base")
                    }))
        }
        let stripe = "sk_test_[redacted:4f2a]"
        let other = "sk_live_[redacted:9c1e]"
        add(
            "a.har", 1, 0, "POST", "/v1/charges", "createCharge", 200, 120.5, client: stripe, ua: "shop/1.2",
            findings: [])
        add(
            "a.har", 2, 30, "POST", "/v1/charges", "createCharge", 400, 95, client: stripe, ua: "shop/1.2",
            findings: [
                (
                    "encoding.json-body-on-form-endpoint", .error,
                    "request body is JSON but the operation accepts application/x-www-form-urlencoded", "/request/body"
                )
            ])
        add(
            "a.har", 3, 65, "GET", "/v1/charges/ch_123", "getCharge", 200, 880, client: stripe, ua: "shop/1.2",
            findings: [
                (
                    "schema.type-mismatch", .error,
                    "response body does not match schema: expected integer, found string \"42\"",
                    "/response/body/amount"
                )
            ])
        add(
            "a.har", 4, 90, "POST", "/v1/customers", "createCustomer", 500, 1500, client: other, ua: "crm-sync/0.9",
            findings: [
                ("request.param-unknown", .warning, "unknown parameter 'emial'", "/request/body/emial"),
                (
                    "schema.type-mismatch", .error,
                    "request body does not match schema: expected integer, found string \"42\"", "/request/body/amount"
                ),
            ])
        add(
            "b.har", 1, 3700, "POST", "/v1/charges", "createCharge", 402, 210, client: other, ua: "crm-sync/0.9",
            findings: [
                (
                    "encoding.json-body-on-form-endpoint", .error,
                    "request body is JSON but the operation accepts application/x-www-form-urlencoded", "/request/body"
                )
            ])
        add(
            "b.har", 2, 3760, "GET", "/v1/unknown", nil, nil, nil, client: nil, ua: "curl/8.5.0",
            findings: [("request.no-operation", .info, "no operation matches GET /v1/unknown", "/request/path")])
        add(
            "b.har", 3, 3800, "GET", "/v1/charges/ch_456", "getCharge", 200, 60, client: stripe, ua: "shop/1.3",
            findings: [])
        add(
            "b.har", 4, nil, "POST", "/v1/charges", "createCharge", 200, 805, client: stripe, ua: "shop/1.3",
            findings: [])
        return records
    }

    static let endpoints: [(String, String, String?)] = [
        ("POST", "/v1/charges", "createCharge"), ("GET", "/v1/charges/ch_1", "getCharge"),
        ("POST", "/v1/customers", "createCustomer"), ("GET", "/v1/balance", "getBalance"),
        ("POST", "/v1/refunds", "createRefund"), ("GET", "/v1/nope", nil),
    ]
    static let rules: [(String, Diagnostic.Severity)] = [
        ("encoding.json-body-on-form-endpoint", .error), ("schema.type-mismatch", .error),
        ("request.param-unknown", .warning), ("request.missing-idempotency-key", .warning),
        ("response.undocumented-status", .info), ("auth.key-in-query", .error),
    ]

    /// `count` exchanges over three files, drawn from a seeded generator.
    static func generated(count: Int, seed: UInt64 = 42) -> [ExchangeRecord] {
        var rng = SeededRandom(state: seed)
        let statuses = [200, 200, 200, 200, 201, 204, 302, 400, 401, 402, 404, 429, 500, 503, 0]
        let clients: [String?] = ["sk_test_[redacted:4f2a]", "sk_live_[redacted:9c1e]", "sk_test_[redacted:0b7d]", nil]
        let agents: [String?] = ["shop/1.2", "crm-sync/0.9", "python-requests/2.31", nil]
        var records: [ExchangeRecord] = []
        var entries = [0, 0, 0]
        var time = t0
        for sequence in 0..<count {
            let fileIndex = Int.random(in: 0..<3, using: &rng)
            entries[fileIndex] += 1
            let file = "trace-\(fileIndex).har"
            let entry = entries[fileIndex]
            let (method, path, operation) = endpoints[Int.random(in: 0..<endpoints.count, using: &rng)]
            time += Double(Int.random(in: 0..<40_000, using: &rng)) / 1000
            let status = statuses[Int.random(in: 0..<statuses.count, using: &rng)]
            let timed = Int.random(in: 0..<10, using: &rng) > 0
            let duration = timed ? Double(Int.random(in: 5..<3_000_000, using: &rng)) / 1000 : nil
            let url = "https://api.example.com" + path
            var findings: [Finding] = []
            for _ in 0..<Int.random(in: 0..<4, using: &rng)
            where Int.random(in: 0..<3, using: &rng) == 0 || status >= 400 {
                let (rule, severity) = rules[Int.random(in: 0..<rules.count, using: &rng)]
                findings.append(
                    finding(
                        rule, severity, "\(rule) at \(path) (#\(sequence))", file: file, entry: entry, method: method,
                        url: url, location: "/request/body/field\(Int.random(in: 0..<5, using: &rng))"))
            }
            let untimedStart = Int.random(in: 0..<20, using: &rng) == 0
            records.append(
                ExchangeRecord(
                    file: file, entry: entry, sequence: sequence, startedAt: untimedStart ? nil : time, method: method,
                    host: "api.example.com", path: path, operation: operation.map { $0 }, status: status,
                    durationMs: duration, waitMs: duration.map { $0 / 2 },
                    client: clients[Int.random(in: 0..<clients.count, using: &rng)],
                    userAgent: agents[Int.random(in: 0..<agents.count, using: &rng)],
                    curl: "curl -X \(method) '\(url)'", findings: findings))
        }
        return records
    }

    static func report(_ records: [ExchangeRecord], sla: Double? = 800, limits: ScanReport.Limits = .default)
        -> ScanReport
    {
        var report = ScanReport(sla: sla, limits: limits)
        for r in records { report.add(r) }
        return report
    }

    static let options = RenderOptions(
        color: false, kbBaseURL: "https://diagnose.dev/kb/", toolVersion: "0.1.0-test",
        ruleTitles: [
            "encoding.json-body-on-form-endpoint": "JSON body sent to a form-encoded endpoint",
            "schema.type-mismatch": "Value has the wrong type",
            "request.param-unknown": "Unknown parameter",
        ])
}

@Suite("Report fixtures")
struct ReportFixturesTests {
    @Test func generatorIsDeterministic() {
        let a = ReportFixtures.generated(count: 200)
        let b = ReportFixtures.generated(count: 200)
        #expect(a == b)
        #expect(a.contains { !$0.findings.isEmpty })
        #expect(a.contains { $0.startedAt == nil })
        #expect(ReportFixtures.generated(count: 200, seed: 7) != a)
    }
}
