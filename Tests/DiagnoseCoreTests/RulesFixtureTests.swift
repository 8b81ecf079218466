import DiagnoseCore
import DiagnoseTestSupport
import Foundation
import Testing

/// Reads a rules fixture: NDJSON, one HAR entry per line, each with `_expect: ["<rule> <pointer>", …]` listing
/// every finding that entry must get (and no other).
enum RulesFixtures {
    static let secret = "whsec_test_secret"

    /// Per-file rule settings.
    static func settings(for name: String) -> IntegrationRules.Settings {
        var settings = IntegrationRules.Settings()
        switch name {
        case "webhooks.ndjson": settings.webhookSecret = secret
        case "webhook-secret-type.ndjson": settings.webhookSecret = "sk_test_4eC39HqLyjWDarjtT1zdp7dc"
        case "ratelimit.ndjson": settings.burstLimit = 5
        default: break
        }
        return settings
    }

    /// `"<entry> <rule> <pointer>"` for every expectation of a fixture.
    static func expectations(_ relative: String) throws -> [String] {
        let text = String(decoding: try TestPaths.fixture(relative), as: UTF8.self)
        var out: [String] = []
        for (index, line) in text.split(separator: "\n").enumerated() {
            let document = try JSONParser.parse(SourceText(name: relative, bytes: Array(line.utf8)))
            for item in document.root["_expect"].map({ Array($0.elements) }) ?? [] {
                out.append("\(index + 1) \(item.stringValue ?? "?")")
            }
        }
        return out.sorted()
    }

    /// Runs `check` over a fixture and returns `"<entry> <rule> <pointer>"` for every finding, and the findings.
    static func run(_ relative: String, specs: SpecSet = .empty, options: CheckOptions = CheckOptions())
        -> (keys: [String], findings: [Finding], results: CheckResults)
    {
        let name = String(relative.split(separator: "/").last ?? "")
        let rules = IntegrationRules.builtIn(settings(for: name))
        let run = CheckRun(specs: specs, options: options, rules: rules)
        let results = run.run([TestPaths.fixtures.appendingPathComponent(relative).path])
        let findings = results.findings
        return (findings.map { "\($0.exchange.entry) \($0.rule) \($0.location)" }.sorted(), findings, results)
    }

    /// Expects equal lists, naming what is missing and what is unexpected.
    static func compare(_ actual: [String], _ expected: [String], sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let missing = expected.filter { !actual.contains($0) }
        let unexpected = actual.filter { !expected.contains($0) }
        #expect(actual == expected, "missing: \(missing); unexpected: \(unexpected)", sourceLocation: sourceLocation)
    }

    static let stripe: SpecSet? = {
        guard let path = TestPaths.corpus("specs/stripe/spec3.json")?.path else { return nil }
        return try? SpecSet.load(paths: [path], checkOptions: CheckOptions())
    }()
}

@Suite("Integration rules over fixtures")
struct RulesFixtureTests {
    static let spec_less = TestPaths.fixtureFiles("rules/nospec")

    @Test(arguments: spec_less)
    func eachRuleFiresExactlyWhereExpected(_ name: String) throws {
        let relative = "rules/nospec/\(name)"
        let result = RulesFixtures.run(relative)
        #expect(result.results.problems.isEmpty, "\(result.results.problems)")
        #expect(result.results.failures.isEmpty)
        RulesFixtures.compare(result.keys, try RulesFixtures.expectations(relative))
    }

    @Test(arguments: spec_less)
    func messagesAreCompleteAndLinked(_ name: String) throws {
        for language in [Language.en, .zhHans] {
            var options = CheckOptions()
            options.language = language
            for finding in RulesFixtures.run("rules/nospec/\(name)", options: options).findings {
                // An unfilled placeholder renders as `<name>` (the hint's literal `<key>` is meant).
                let text = (finding.message + " " + (finding.hint ?? "")).replacingOccurrences(of: "<key>", with: "")
                #expect(text.firstMatch(of: /<[A-Za-z]+>/) == nil, "\(finding.rule): \(text)")
                #expect(!finding.message.isEmpty)
                #expect(finding.kb?.hasSuffix(".md") == true)
            }
        }
    }

    @Test func everyIntegrationRuleHasAPositiveFixture() throws {
        var fired = Set<String>()
        for name in Self.spec_less {
            for key in try RulesFixtures.expectations("rules/nospec/\(name)") {
                fired.insert(String(key.split(separator: " ")[1]))
            }
        }
        let integration = RuleCatalog.all.map(\.id).filter {
            !["route.", "request.", "response.", "operation."].contains(where: $0.hasPrefix) && $0 != "auth.missing-credentials"
                && $0 != "encoding.json-body-on-form-endpoint"  // needs a spec: stripe-encoding.ndjson
        }
        #expect(Set(integration).subtracting(fired).isEmpty, "no positive fixture: \(Set(integration).subtracting(fired).sorted())")
    }

    /// No key from any fixture appears whole in any finding: messages, hints, found/expected values and URLs.
    @Test func findingsNeverQuoteAKey() throws {
        var keys = Set<String>()
        for name in Self.spec_less {
            let text = String(decoding: try TestPaths.fixture("rules/nospec/\(name)"), as: UTF8.self)
            for prefix in ["sk_test_", "sk_live_", "rk_test_", "rk_live_", "pk_test_", "whsec_"] {
                var rest = Substring(text)
                while let range = rest.range(of: prefix) {
                    let tail = rest[range.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "_" }
                    if tail.count >= 8 { keys.insert(prefix + tail) }
                    rest = rest[range.upperBound...]
                }
            }
        }
        #expect(keys.count >= 5)
        for name in Self.spec_less {
            for finding in RulesFixtures.run("rules/nospec/\(name)").findings {
                let text = [finding.message, finding.hint ?? "", finding.found ?? "", finding.expected ?? "", finding.exchange.url]
                    .joined(separator: "\n")
                for key in keys {
                    #expect(!text.contains(key), "\(name) #\(finding.exchange.entry) \(finding.rule) quotes \(key)")
                }
            }
        }
    }

    @Test func providerErrorsSurfaceTheirFieldsAndLinkTheMappedArticle() throws {
        let findings = RulesFixtures.run("rules/nospec/provider.ndjson").findings.filter { $0.rule == "provider.error" }
        let unknown = try #require(findings.first { $0.exchange.entry == 1 })
        #expect(unknown.message == "the API returned 400 invalid_request_error (parameter_unknown) for parameter 'limt': Received unknown parameter: limt")
        #expect(unknown.hint?.contains("https://stripe.com/docs/error-codes/parameter-unknown") == true)
        #expect(unknown.hint?.contains("req_abc123") == true)
        #expect(unknown.hint?.contains("https://dashboard.stripe.com/test/logs/req_abc123") == true)
        #expect(unknown.kb?.hasSuffix("request.param-unknown.md") == true)
        let declined = try #require(findings.first { $0.exchange.entry == 2 })
        #expect(declined.severity == .warning)
        #expect(declined.kb?.hasSuffix("provider.error.md") == true)
    }

    @Test func messagesExplainTheMistake() throws {
        let auth = RulesFixtures.run("rules/nospec/auth.ndjson").findings
        #expect(auth.first { $0.exchange.entry == 2 }?.message == "the Authorization header is malformed: the scheme is repeated ('Bearer Bearer …')")
        let pk = try #require(auth.first { $0.rule == "auth.publishable-key-server-side" })
        #expect(pk.message.hasPrefix("publishable key pk_test_[redacted:"))
        #expect(pk.message.hasSuffix("] was used for POST /v1/charges, which needs a secret key"))
        let encoding = RulesFixtures.run("rules/nospec/encoding.ndjson").findings
        #expect(encoding.map(\.message).contains("'amount' is 10.99, but amounts are integers in the currency's smallest unit; send amount=1099"))
        #expect(encoding.map(\.message).contains("'metadata.order_id' is not how nested fields are encoded; use 'metadata[order_id]'"))
        #expect(encoding.map(\.message).contains("'expand=customer,invoice' sends one string, not a list; use 'expand[]=customer&expand[]=invoice'"))
        let idempotency = RulesFixtures.run("rules/nospec/idempotency.ndjson").findings
        #expect(idempotency.map(\.message).contains("Idempotency-Key 'k1' was first used at entry 4 for a different request: it was sent to POST /v1/refunds"))
        #expect(idempotency.map(\.message).contains("POST /v1/charges repeats the request of entry 1 without an Idempotency-Key"))
        let http = RulesFixtures.run("rules/nospec/http.ndjson").findings
        #expect(http.first { $0.exchange.entry == 8 }?.message == "the server answered 500; the retry at entry 9 had no Idempotency-Key and may have run the operation twice")
        #expect(http.first { $0.exchange.entry == 3 }?.severity == .error)
        let rate = RulesFixtures.run("rules/nospec/ratelimit.ndjson").findings
        #expect(rate.first { $0.exchange.entry == 2 }?.message == "a request was retried 0.2 s after a 429, sooner than Retry-After (2 s)")
        #expect(rate.first { $0.rule == "ratelimit.burst" }?.message == "7 requests in one second exceed the limit of 5 per second")
        let versions = RulesFixtures.run("rules/nospec/versions.ndjson").findings
        #expect(versions.first { $0.rule == "version.drift" }?.message == "the recording uses 3 API versions: 2022-11-15, 2023-10-16, 2024-04-10")
    }

    @Test func disabledRulesAreNotReported() {
        var rules = IntegrationRules.builtIn()
        rules.disabled = ["auth.malformed-header", "version.header-missing"]
        var options = CheckOptions()
        options.disabledRules = rules.disabled
        let results = CheckRun(specs: .empty, options: options, rules: rules).run([
            TestPaths.fixtures.appendingPathComponent("rules/nospec/auth.ndjson").path
        ])
        #expect(!results.findings.contains { rules.disabled.contains($0.rule) })
        #expect(results.findings.contains { $0.rule == "auth.secret-in-url" })
    }
}

@Suite("Integration rules with Stripe's spec", .enabled(if: TestPaths.hasCorpus, TestPaths.corpusMissing))
struct RulesStripeFixtureTests {
    @Test(arguments: TestPaths.fixtureFiles("rules/stripe"))
    func eachRuleFiresExactlyWhereExpected(_ name: String) throws {
        let specs = try #require(RulesFixtures.stripe)
        let relative = "rules/stripe/\(name)"
        let result = RulesFixtures.run(relative, specs: specs)
        #expect(result.results.failures.isEmpty)
        RulesFixtures.compare(result.keys, try RulesFixtures.expectations(relative))
    }
}
