import DiagnoseCore
import DiagnoseTestSupport
import Foundation
import Testing

/// Zero findings on correct traffic: seeded, generated exchanges for every operation of real specs pass `check`.
@Suite("Generated exchanges pass check", .enabled(if: TestPaths.hasCorpus, TestPaths.corpusMissing))
struct GeneratedExchangeTests {
    /// One failing exchange: what was generated and what the checker said.
    struct Failure: CustomStringConvertible {
        var operation: String
        var seed: UInt64
        var findings: [Finding]
        var exchange: Exchange

        var description: String {
            var text = "\(operation) seed \(seed):\n"
            for f in findings { text += "  \(f.rule) \(f.location): \(f.message)\n" }
            let request = exchange.request
            text += "  > \(request.method) \(request.url)\n"
            for h in request.headers { text += "  > \(h.name): \(h.value)\n" }
            if let body = request.body { text += "  > \(body.text.prefix(600))\n" }
            if let response = exchange.response {
                text += "  < \(response.status) \(response.header(named: "Content-Type") ?? "")\n"
                if let body = response.body { text += "  < \(body.text.prefix(600))\n" }
            }
            return text
        }
    }

    /// Checks `perOperation` exchanges for each operation of a spec; returns failures, skips and the count checked.
    static func run(
        specPath: String, perOperation: Int, options: CheckOptions = CheckOptions(),
        generation: ExampleGenerator.Options = ExampleGenerator.Options()
    ) throws
        -> (failures: [Failure], skips: [String], checked: Int)
    {
        let spec = try OpenAPI.Loader.load(path: specPath)
        let checker = SpecChecker(spec: spec, options: options)
        var failures: [Failure] = []
        var skips: [String] = []
        var checked = 0
        for (index, operation) in spec.operations.enumerated() where !operation.deprecated {
            for round in 0..<perOperation {
                let seed = UInt64(index * 1000 + round)
                var generator = ExampleGenerator(spec: spec, seed: seed, options: generation)
                let exchange = generator.exchange(for: operation)
                skips += generator.skips.map { "\(operation.displayName): \($0)" }
                let findings = checker.check(exchange)
                checked += 1
                if !findings.isEmpty {
                    failures.append(Failure(operation: operation.displayName, seed: seed, findings: findings, exchange: exchange))
                }
            }
        }
        return (failures, skips, checked)
    }

    static func report(_ name: String, _ result: (failures: [Failure], skips: [String], checked: Int)) {
        if !result.failures.isEmpty {
            print("\(name): \(result.failures.count) of \(result.checked) generated exchanges have findings; first ones:")
            for failure in result.failures.prefix(15) { print(failure) }
            var byRule: [String: Int] = [:]
            for f in result.failures { for x in f.findings { byRule[x.rule, default: 0] += 1 } }
            print("by rule: \(byRule.sorted { $0.value > $1.value })")
        }
        if !result.skips.isEmpty {
            print("\(name): \(result.skips.count) values skipped; distinct reasons:")
            for s in Set(result.skips).sorted().prefix(20) { print("  \(s)") }
        }
    }

    @Test func everyStripeOperation() throws {
        let path = try #require(TestPaths.corpus("specs/stripe/spec3.json")?.path)
        let result = try Self.run(specPath: path, perOperation: 4)
        Self.report("stripe", result)
        #expect(result.checked > 1500)
        #expect(result.failures.isEmpty, "\(result.failures.count) generated Stripe exchanges have findings")
        #expect(Set(result.skips).count <= 10, "too many skipped values")
    }

    @Test func everyStripeOperationFromTheYAMLSpec() throws {
        // The same spec through the YAML loader: a different path to the same model.
        let path = try #require(TestPaths.corpus("specs/stripe/spec3.yaml")?.path)
        let result = try Self.run(specPath: path, perOperation: 1)
        Self.report("stripe yaml", result)
        #expect(result.checked > 400)
        #expect(result.failures.isEmpty, "\(result.failures.count) generated Stripe exchanges (YAML spec) have findings")
    }

    @Test func everyStripeOperationStrict() throws {
        // `--strict` adds warnings for undeclared fields; generated traffic declares every field it sends.
        let path = try #require(TestPaths.corpus("specs/stripe/spec3.json")?.path)
        var options = CheckOptions()
        options.strict = true
        let result = try Self.run(specPath: path, perOperation: 1, options: options)
        Self.report("stripe --strict", result)
        #expect(result.failures.isEmpty, "\(result.failures.count) generated Stripe exchanges have findings under --strict")
    }

    @Test func everyStripeOperationAtTheExtremes() throws {
        // Every optional field, nulls wherever `nullable` allows them (trap 1: nullable anyOf without type,
        // nullable enums without null), expanded objects instead of ids.
        let path = try #require(TestPaths.corpus("specs/stripe/spec3.json")?.path)
        var generation = ExampleGenerator.Options()
        generation.optionalRate = 1
        generation.nullRate = 0.9
        generation.expandRate = 0.9
        generation.maxDepth = 4
        // stripe-node's wire style: `a[0]=x` for scalar arrays, brackets percent-encoded in queries.
        generation.indexedArrays = true
        generation.encodeQueryBrackets = true
        let result = try Self.run(specPath: path, perOperation: 1, generation: generation)
        Self.report("stripe extremes", result)
        #expect(result.failures.isEmpty, "\(result.failures.count) generated Stripe exchanges have findings")
    }

    @Test func wireStylesAreApplied() throws {
        let path = try #require(TestPaths.corpus("specs/stripe/spec3.json")?.path)
        let spec = try OpenAPI.Loader.load(path: path)
        let operation = try #require(spec.operations.first { $0.method == "GET" && $0.pathTemplate == "/v1/customers" })
        var options = ExampleGenerator.Options()
        options.optionalRate = 1
        options.indexedArrays = true
        options.encodeQueryBrackets = true
        var generator = ExampleGenerator(spec: spec, seed: 9, options: options)
        let url = generator.exchange(for: operation).request.url
        #expect(url.hasPrefix("https://api.stripe.com/v1/customers?"))
        #expect(url.contains("expand%5B0%5D="))
        #expect(SpecChecker(spec: spec).check(generator.exchange(for: operation)).isEmpty)

        let post = try #require(spec.operations.first { $0.method == "POST" && $0.pathTemplate == "/v1/customers" })
        options.richStrings = true
        options.wireVariations = true
        var rich = ExampleGenerator(spec: spec, seed: 9, options: options)
        let exchange = rich.exchange(for: post)
        #expect(exchange.request.headers.contains { $0.name == "content-type" && $0.value.hasSuffix("; charset=utf-8") })
        let body = try #require(exchange.request.body?.text)
        #expect(body.contains("%C3%A9") || body.contains("%F0%9F%99%82") || body.contains("%E6%97%A5"))
        #expect(SpecChecker(spec: spec).check(exchange).isEmpty)

        // Path parameters percent-encode whatever they hold (`/`, space, emoji).
        let get = try #require(spec.operations.first { $0.method == "GET" && $0.pathTemplate == "/v1/customers/{customer}" })
        var sawEscape = false
        for seed in UInt64(0)..<10 {
            var g = ExampleGenerator(spec: spec, seed: seed, options: options)
            let e = g.exchange(for: get)
            let path = e.request.url.split(separator: "?")[0]
            if path.dropFirst("https://api.stripe.com/v1/customers/".count).contains("%") { sawEscape = true }
            #expect(SpecChecker(spec: spec).check(e).isEmpty, "\(e.request.url)")
        }
        #expect(sawEscape)
    }

    @Test func everyStripeOperationWithRichStringsAndWireVariations() throws {
        // Spaces, accents, CJK, emoji, `&`, `=`, `%`, quotes in strings; `; charset=utf-8`; lowercase headers.
        let path = try #require(TestPaths.corpus("specs/stripe/spec3.json")?.path)
        var generation = ExampleGenerator.Options()
        generation.richStrings = true
        generation.wireVariations = true
        generation.optionalRate = 0.8
        let result = try Self.run(specPath: path, perOperation: 1, generation: generation)
        Self.report("stripe rich strings", result)
        #expect(result.failures.isEmpty, "\(result.failures.count) generated Stripe exchanges have findings")
    }

    @Test func everyStripeErrorResponse() throws {
        // Trap 6: 4xx bodies follow each operation's `default` response (the `error` schema).
        let path = try #require(TestPaths.corpus("specs/stripe/spec3.json")?.path)
        let spec = try OpenAPI.Loader.load(path: path)
        let checker = SpecChecker(spec: spec)
        var failures: [String] = []
        var checked = 0
        for (index, operation) in spec.operations.enumerated() where !operation.deprecated {
            var generator = ExampleGenerator(spec: spec, seed: UInt64(index))
            var exchange = generator.exchange(for: operation)
            let status = [400, 402, 404, 429][index % 4]
            guard let response = generator.response(for: operation, status: status) else { continue }
            exchange.response = response
            checked += 1
            let findings = checker.check(exchange)
            if !findings.isEmpty {
                failures.append("\(operation.displayName) \(status): \(findings.map { "\($0.rule) \($0.location) \($0.message)" })")
            }
        }
        for f in failures.prefix(10) { print(f) }
        #expect(checked > 350)
        #expect(failures.isEmpty)
    }

    static let oaiSpecs: [String] = {
        var out: [String] = []
        for folder in [
            "specs/oai-examples/v3.0", "specs/oai-examples/v3.1", "specs/oai-examples/v2.0/json",
            "specs/oai-examples/v2.0/yaml",
            "specs/oai-examples-learn/v3.1", "specs/oai-examples-learn/v3.2",
        ] {
            out += TestPaths.corpusFiles(folder).filter { $0.hasSuffix(".json") || $0.hasSuffix(".yaml") }
                .map { "\(folder)/\($0)" }
        }
        // Split across files: refs into sibling files.
        out.append("specs/oai-examples/v2.0/json/petstore-separate/spec/swagger.json")
        return out
    }()

    @Test(arguments: oaiSpecs) func everyOAIExampleOperation(_ relative: String) throws {
        let path = try #require(TestPaths.corpus(relative)?.path)
        let result = try Self.run(specPath: path, perOperation: 8)
        var rich = ExampleGenerator.Options()
        rich.richStrings = true
        rich.wireVariations = true
        let richResult = try Self.run(specPath: path, perOperation: 4, generation: rich)
        Self.report(relative + " (rich strings)", richResult)
        #expect(richResult.failures.isEmpty, "\(richResult.failures.count) generated exchanges (rich strings) for \(relative) have findings")
        Self.report(relative, result)
        #expect(result.failures.isEmpty, "\(result.failures.count) generated exchanges for \(relative) have findings")
        #expect(Set(result.skips).count <= 3, "too many skipped values")
    }
}

/// False positives found by generating valid traffic: regression tests for fixed ones, known issues for the rest.
@Suite("False positives found on generated traffic", .enabled(if: TestPaths.hasCorpus, TestPaths.corpusMissing))
struct FalsePositiveRegressionTests {
    /// Regression: the router ignored operation-level `servers`, so every valid upload to files.stripe.com was
    /// `route.unknown-server`.
    @Test func operationLevelServerIsNotUnknown() throws {
        let path = try #require(TestPaths.corpus("specs/stripe/spec3.json")?.path)
        let spec = try OpenAPI.Loader.load(path: path)
        let checker = SpecChecker(spec: spec)
        let request = HTTPRequest(
            method: "POST", url: "https://files.stripe.com/v1/files",
            headers: [HTTPHeader(name: "Authorization", value: "Bearer sk_test_x"),
                HTTPHeader(name: "Content-Type", value: "multipart/form-data; boundary=b")],
            body: HTTPBody(text: "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n\r\nPNG\r\n--b\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\ndispute_evidence\r\n--b--\r\n"))
        let findings = checker.check(Exchange(request: request)).map(\.rule)
        #expect(findings == [])
        // Another operation on that host is still reported.
        let other = checker.check(Exchange(request: HTTPRequest(
            method: "GET", url: "https://files.stripe.com/v1/customers",
            headers: [HTTPHeader(name: "Authorization", value: "Bearer sk_test_x")]))).map(\.rule)
        #expect(other == ["route.unknown-server"])
    }

    /// Regression: `/` under a server base path was reported as `http.trailing-slash` (with an unfilled
    /// `<suggestion>` in its message).
    @Test func rootPathUnderServerBasePath() throws {
        let path = try #require(TestPaths.corpus("specs/oai-examples/v3.0/uspto.json")?.path)
        let spec = try OpenAPI.Loader.load(path: path)
        let checker = SpecChecker(spec: spec)
        // Server `{scheme}://developer.uspto.gov/ds-api` + path `/` is exactly `/ds-api/`.
        let findings = checker.check(Exchange(request: HTTPRequest(method: "GET", url: "https://developer.uspto.gov/ds-api/"))).map(\.rule)
        #expect(findings == [])
        let bare = checker.check(Exchange(request: HTTPRequest(method: "GET", url: "https://developer.uspto.gov/ds-api"))).map(\.rule)
        #expect(bare == [])
    }
}
