import DiagnoseCore
import DiagnoseTestSupport
import Foundation
import Testing

/// The shipped `recordings/` checked against `specs/payments.yaml` with the demo webhook secret: exactly which
/// rule fires at which entry and location (the golden file is the contract), and nothing on the good checkout.
@Suite("Shipped recordings")
struct RecordingsTests {
    static let root = TestPaths.packageRoot.path
    static let files = ["checkout-ok.har", "ticket-4711.har", "app-log.ndjson", "ticket-create-customer.curl", "refund-verbose.txt", "webhook-deliveries.har"]

    static func run(_ names: [String]) throws -> CheckResults {
        let options = CheckOptions()
        let specs = try SpecSet.load(paths: [root + "/specs/payments.yaml"], checkOptions: options)
        var settings = IntegrationRules.Settings()
        settings.webhookSecret = "whsec_demoSigningSecret0123456789"
        return CheckRun(specs: specs, options: options, rules: .builtIn(settings)).run(names.map { root + "/recordings/" + $0 })
    }

    @Test func eachRuleFiresExactlyWhereExpected() throws {
        let results = try Self.run(Self.files)
        #expect(results.problems.isEmpty, "\(results.problems.map(\.message))")
        let lines = results.exchanges.flatMap { result in
            result.findings.map { "\(URL(fileURLWithPath: $0.exchange.file).lastPathComponent)#\($0.exchange.entry) \($0.severity.rawValue) \($0.rule) \($0.location)" }
        }
        assertGolden(lines.joined(separator: "\n") + "\n", named: "recordings/findings.txt")
    }

    @Test func theGoodCheckoutHasNoFindings() throws {
        let results = try Self.run(["checkout-ok.har"])
        #expect(results.exchanges.count == 4)
        #expect(results.findings.isEmpty, "\(results.findings.map { "\($0.rule) \($0.location)" })")
    }
}
