import DiagnoseCore
import DiagnoseTestSupport
import Foundation
import Testing

@Suite("Custom rule packs")
struct RulesPackTests {
    static let examplePath = TestPaths.packageRoot.appendingPathComponent("docs/example-rule-pack.yaml").path

    static func packOnly(_ pack: RulePack) -> IntegrationRules {
        IntegrationRules.none.adding(pack)
    }

    static func run(_ pack: RulePack, _ fixture: String, options: CheckOptions = CheckOptions()) -> [Finding] {
        CheckRun(specs: .empty, options: options, rules: packOnly(pack))
            .run([TestPaths.fixtures.appendingPathComponent(fixture).path]).findings
    }

    @Test func theExamplePackLoads() throws {
        let pack = try RulePack.load(path: Self.examplePath)
        #expect(pack.ids == ["acme.refund-without-reason", "acme.card-declined", "acme.large-list-page", "acme.old-api-version"])
        #expect(pack.rules.map(\.severity) == [.warning, .info, .info, .warning])
        #expect(pack.rules[0].location.line == 6)
        #expect(pack.detectors.count == 1)
    }

    @Test func theExamplePackFiresExactlyWhereExpected() throws {
        let pack = try RulePack.load(path: Self.examplePath)
        let findings = Self.run(pack, "rules/packs/example-pack.ndjson")
        RulesFixtures.compare(
            findings.map { "\($0.exchange.entry) \($0.rule) \($0.location)" }.sorted(),
            try RulesFixtures.expectations("rules/packs/example-pack.ndjson"))
        let declined = try #require(findings.first { $0.rule == "acme.card-declined" })
        #expect(declined.message == "card declined (card_declined, decline code insufficient_funds) on POST /v1/payment_intents/pi_1/confirm")
        #expect(declined.kb == "https://support.acme.example/kb/declines")
        #expect(declined.severity == .info)
        #expect(declined.hint == nil)
        let refund = try #require(findings.first { $0.rule == "acme.refund-without-reason" })
        #expect(refund.message == "refund of charge ch_1 was created without a reason")
        #expect(refund.hint?.hasPrefix("pass reason=duplicate") == true)
        let version = try #require(findings.first { $0.rule == "acme.old-api-version" })
        #expect(version.message == "customer cus_9 was read with API version 2022-11-15; Acme supports 2023-10-16 and later")
    }

    @Test func theSamePackLoadsFromJSON() throws {
        let json = """
            {"rules": [{"id": "acme.big-page", "severity": "info", "message": "limit {match.limit} on {path}",
              "kb": "https://acme.example/kb/paging", "match": {"query": [{"name": "limit", "gte": 100}]}}]}
            """
        let document = try DocumentLoader.parse(SourceText(name: "pack.json", bytes: Array(json.utf8)))
        let pack = try RulePack.parse(document)
        let findings = Self.run(pack, "rules/packs/example-pack.ndjson")
        #expect(findings.map { "\($0.exchange.entry) \($0.message)" } == ["6 limit 100 on /v1/customers"])
    }

    @Test func matchedValuesAreRedacted() throws {
        let yaml = """
            rules:
              - id: acme.key-echo
                severity: error
                message: "sent {match.auth} and {match.desc}"
                kb: https://acme.example/kb/keys
                match:
                  headers: [{name: Authorization, exists: true, as: auth}]
                  request: [{pointer: /description, regex: "^rk_live_", as: desc}]
            """
        let pack = try RulePack.parse(DocumentLoader.parse(SourceText(name: "pack.yaml", bytes: Array(yaml.utf8))))
        let findings = Self.run(pack, "rules/nospec/provider.ndjson")
        let finding = try #require(findings.first)
        #expect(findings.count == 1)
        #expect(!finding.message.contains("rk_live_51HxQzRestrictedLive9876"))
        #expect(!finding.message.contains("sk_test_4eC39HqLyjWDarjtT1zdp7dc"))
        #expect(finding.message.hasPrefix("sent Bearer sk_test_[redacted:"))
        #expect(finding.message.contains("and rk_live_[redacted:"))
    }

    @Test func operatorsAndStatusForms() throws {
        func pack(_ match: String) throws -> RulePack {
            let yaml = "rules:\n  - id: acme.t\n    severity: info\n    message: \"hit\"\n    kb: https://acme.example/kb\n    match: \(match)\n"
            return try RulePack.parse(DocumentLoader.parse(SourceText(name: "p.yaml", bytes: Array(yaml.utf8))))
        }
        func entries(_ match: String) throws -> [Int] {
            Self.run(try pack(match), "rules/packs/example-pack.ndjson").map(\.exchange.entry)
        }
        #expect(try entries("{status: 402}") == [4, 5])
        #expect(try entries("{status: \"4xx\"}") == [4, 5, 11])
        #expect(try entries("{status: [404, 402]}") == [4, 5, 11])
        #expect(try entries("{status: {gte: 400, lt: 403}}") == [4, 5])
        #expect(try entries("{method: [get], path: /v1/customers/*/sources}") == [10])
        #expect(try entries("{path: \"/v1/customers/{id}\", response: [{pointer: /error, exists: false}], status: 404}") == [11])
        #expect(try entries("{query: [{name: limit, lte: 25}]}") == [7])
        #expect(try entries("{request: [{pointer: /reason, equals: duplicate}]}") == [2])
        #expect(try entries("{response: [{pointer: /error/type, oneOf: [card_error]}, {pointer: /error/decline_code, exists: false}]}") == [5])
        #expect(try entries("{operationId: PostRefunds}") == [])  // needs a spec
    }

    static let failFixtures = TestPaths.fixtureFiles("rules/packs/fail")

    /// Each malformed pack is rejected with the file, line:column, pointer, and a hint.
    @Test(arguments: failFixtures)
    func malformedPacksAreRejectedWithALocation(_ name: String) throws {
        let url = TestPaths.fixtures.appendingPathComponent("rules/packs/fail/\(name)")
        let text = try String(contentsOf: url, encoding: .utf8)
        let expected =
            name.hasSuffix(".json")
            ? "1:11 'rules' must be a list"
            : String(text.split(separator: "\n")[0].dropFirst("# expect: ".count))
        let error = try #require(throws: DiagnoseFailure.self) { try RulePack.load(path: url.path) }
        let location = try #require(error.location)
        #expect(location.file == url.path)
        let actual = "\(location.line):\(location.column) \(error.message.replacingOccurrences(of: "invalid rule pack: ", with: ""))"
        #expect(actual.hasPrefix(expected), "\(actual)")
        #expect(error.help?.isEmpty == false)
        if !name.hasPrefix("yaml-syntax") {
            #expect(error.message.hasPrefix("invalid rule pack: "))
            #expect(location.pointer?.hasPrefix("/rules") == true, "\(location.pointer ?? "nil")")
        }
    }

    @Test func aMissingFileIsAFailureNotACrash() {
        let error = #expect(throws: DiagnoseFailure.self) { try RulePack.load(path: "/nonexistent/pack.yaml") }
        #expect(error?.message.contains("/nonexistent/pack.yaml") == true)
    }
}
