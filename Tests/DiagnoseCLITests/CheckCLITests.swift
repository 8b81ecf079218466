import DiagnoseTestSupport
import Foundation
import Testing

/// End-to-end: the shipped example spec and recordings through the built binary.
@Suite("check, scan, spec, redact, curl commands")
struct CheckCLITests {
    @Test func goodTrafficHasNoFindingsAndExitsZero() throws {
        let r = try runDiagnose(["check", "--spec", "specs/payments.yaml", "recordings/checkout-ok.har"])
        #expect(r.status == 0)
        #expect(r.stdout == "4 exchanges checked, 0 with findings: 0 errors, 0 warnings, 0 info.\n")
        #expect(r.stderr.isEmpty)
    }

    @Test func failingTrafficExitsOneWithLocatedFindings() throws {
        let r = try runDiagnose(["check", "--spec", "specs/payments.yaml", "recordings/ticket-4711.har#3"])
        #expect(r.status == 1)
        #expect(r.stdout.contains("unknown query parameter 'limt'; did you mean 'limit'? [request.param-unknown]"))
        #expect(r.stdout.contains("at /request/query/limt"))
        #expect(r.stdout.contains("| limt=5"))
        #expect(r.stdout.contains("spec: specs/payments.yaml:"))
        #expect(r.stdout.contains("see: https://github.com/diagnose-dev/diagnose/blob/main/docs/kb/request.param-unknown.md"))
    }

    @Test func jsonOutputIsOneDocumentWithSharedFindingObjects() throws {
        let r = try runDiagnose(["check", "--spec", "specs/payments.yaml", "--format", "json", "recordings/ticket-4711.har#2"])
        #expect(r.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(object["version"] as? Int == 1)
        let findings = try #require(object["findings"] as? [[String: Any]])
        let amount = try #require(findings.first { ($0["location"] as? String) == "/request/body/amount" })
        #expect(amount["rule"] as? String == "request.body-invalid")
        let exchange = try #require(amount["exchange"] as? [String: Any])
        #expect(exchange["entry"] as? Int == 2)
        #expect(exchange["method"] as? String == "POST")
        let spec = try #require(amount["spec"] as? [String: Any])
        #expect((spec["line"] as? Int ?? 0) > 0)
        #expect((spec["pointer"] as? String)?.hasPrefix("/components/schemas/amount") == true)
        #expect(object["summary"] is [String: Any])
    }

    @Test func failOnAndUsageErrors() throws {
        let never = try runDiagnose(["check", "--spec", "specs/payments.yaml", "--fail-on", "never", "recordings/ticket-4711.har"])
        #expect(never.status == 0)
        let bad = try runDiagnose(["check", "--fail-on", "sometimes", "recordings/ticket-4711.har"])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("invalid value 'sometimes' for '--fail-on'"))
        let missing = try runDiagnose(["check", "--spec", "specs/payments.yaml", "recordings/nope.har"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("cannot read 'recordings/nope.har'"))
    }

    @Test func secretsNeverReachTheOutput() throws {
        let secret = "sk_test_51PdemoKey0000000000000000000000AbCdEf"
        for format in ["text", "json", "markdown"] {
            let r = try runDiagnose(["check", "--spec", "specs/payments.yaml", "--format", format, "recordings/"])
            #expect(!r.stdout.contains(secret), "check --format \(format) leaked the key")
            #expect(!r.stdout.contains("AbCdEf"))
        }
        let curl = try runDiagnose(["curl", "recordings/ticket-4711.har#1"])
        #expect(curl.stdout.contains("$STRIPE_API_KEY"))
        #expect(!curl.stdout.contains(secret))
        let redact = try runDiagnose(["redact", "recordings/app-log.ndjson"])
        #expect(!redact.stdout.contains(secret))
        #expect(redact.stdout.split(separator: "\n").count == 9)
        let shown = try runDiagnose(["curl", "--show-secrets", "recordings/ticket-4711.har#1"])
        #expect(shown.stdout.contains(secret))
    }

    @Test func specSummaryAndExitStatus() throws {
        let r = try runDiagnose(["spec", "specs/payments.yaml", "--format", "json"])
        #expect(r.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(object["title"] as? String == "Payments API")
        #expect((object["operations"] as? [Any])?.count == 15)
        let missing = try runDiagnose(["spec", "specs/none.yaml"])
        #expect(missing.status == 2)
    }

    @Test func scanWritesSeveralFormatsAndRefusesToOverwriteInputs() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("diagnose-scan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let json = dir.appendingPathComponent("r.json").path
        let sarif = dir.appendingPathComponent("r.sarif").path
        let r = try runDiagnose(["scan", "--spec", "specs/payments.yaml", "recordings/", "--format", "json", "-o", json, "--format", "sarif", "-o", sarif, "--quiet"])
        #expect(r.status == 1)
        #expect(FileManager.default.fileExists(atPath: json))
        #expect(try String(contentsOfFile: sarif, encoding: .utf8).contains("\"version\":\"2.1.0\"") || (try String(contentsOfFile: sarif, encoding: .utf8)).contains("\"version\": \"2.1.0\""))
        let refuse = try runDiagnose(["scan", "recordings/checkout-ok.har", "--format", "json", "-o", "recordings/checkout-ok.har"])
        #expect(refuse.status == 2)
        #expect(refuse.stderr.contains("refusing to write"))
    }
}

@Suite("validate command")
struct ValidateCLITests {
    @Test func validatesAgainstASchemaInsideTheSpec() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("diagnose-validate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = dir.appendingPathComponent("good.yaml")
        try "amount: 2000\ncurrency: eur\n".write(to: good, atomically: true, encoding: .utf8)
        let lines = dir.appendingPathComponent("lines.ndjson")
        try "{\"amount\": 1, \"currency\": \"eur\"}\n{\"amount\": 1.5, \"currency\": \"EUR\"}\n".write(to: lines, atomically: true, encoding: .utf8)
        let schema = "specs/payments.yaml#/paths/~1v1~1payment_intents/post/requestBody/content/application~1x-www-form-urlencoded/schema"
        let ok = try runDiagnose(["validate", "--schema", schema, good.path])
        #expect(ok.status == 0)
        #expect(ok.stdout == "\(good.path): valid\n")
        let json = try runDiagnose(["validate", "--schema", schema, "--ndjson", lines.path, "--format", "json"])
        #expect(json.status == 1)
        let outputs = json.stdout.split(separator: "\n")
        #expect(outputs.count == 2)
        #expect(outputs[0].contains("\"valid\":true"))
        #expect(outputs[1].contains("\"instancePath\":\"/amount\""))
        #expect(outputs[1].contains("\"instancePath\":\"/currency\""))
        let usage = try runDiagnose(["validate", "x.json"])
        #expect(usage.status == 64)
        #expect(usage.stderr.contains("missing --schema SCHEMA"))
    }
}
