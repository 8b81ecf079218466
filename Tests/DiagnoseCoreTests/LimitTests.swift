import DiagnoseCore
import DiagnoseTestSupport
import Foundation
import Testing

/// Every resource limit trips with a clear message that names the limit and says how to raise it.
@Suite("Limits")
struct LimitTests {
    /// A folder of small spec files for one test, removed afterwards by the system's temp cleaning.
    static func folder(_ files: [String: String]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("diagnose-limits-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(to: url.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return url
    }

    static let specHead = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n"

    // MARK: Nesting depth

    @Test func jsonNestingDepth() throws {
        let text = String(repeating: "[", count: 9) + String(repeating: "]", count: 9)
        let error = try #require(throws: JSONError.self) { try JSONParser.parse(text, options: .init(maxDepth: 8)) }
        #expect(error.message == "nesting is deeper than 8 levels")
        #expect(error.location.line == 1 && error.location.column == 9)
        #expect(error.hint?.contains("--max-depth") == true)
        // One level less parses.
        #expect(throws: Never.self) { try JSONParser.parse(String(text.dropFirst().dropLast()), options: .init(maxDepth: 8)) }
    }

    @Test func yamlNestingDepth() throws {
        let text = (0..<10).map { String(repeating: "  ", count: $0) + "k\($0):" }.joined(separator: "\n") + " 1\n"
        let error = try #require(throws: YAMLError.self) { try YAMLLoader.parse(text, options: .init(maxDepth: 5)) }
        #expect(error.message.contains("more than 5 levels"))
        #expect(error.hint?.contains("maxDepth") == true)
        #expect(error.location.line >= 1)
    }

    @Test func documentLoaderPassesDepthToBothParsers() throws {
        for text in ["[[[[1]]]]", "- - - - 1\n"] {
            let error = try #require(throws: DiagnoseFailure.self) {
                try DocumentLoader.parse(SourceText(name: "d", string: text), options: .init(maxDepth: 3))
            }
            #expect(error.message.contains("3 levels"))
            #expect(error.location != nil)
        }
    }

    // MARK: Document size

    @Test func documentSize() throws {
        var options = DocumentLoader.Options()
        options.maxDocumentBytes = 16
        let big = SourceText(name: "big.yaml", string: "openapi: 3.1.0\ninfo: {}\n")
        let error = try #require(throws: DiagnoseFailure.self) { try DocumentLoader.parse(big, options: options) }
        #expect(error.message == "big.yaml is 24 bytes, over the document size limit of 16 bytes")
        #expect(error.help?.contains("maxDocumentBytes") == true)
        #expect(error.location?.line == 1)
        #expect(DocumentLoader.Options().maxDocumentBytes == 256 << 20)
        // At the limit it loads.
        options.maxDocumentBytes = 24
        #expect(throws: Never.self) { try DocumentLoader.parse(big, options: options) }
    }

    @Test func jsonDocumentSize() throws {
        var options = JSONParser.Options()
        options.maxDocumentBytes = 4
        let error = try #require(throws: JSONError.self) { try JSONParser.parse("[1, 2]", options: options) }
        #expect(error.message == "document is 6 bytes, over the document size limit of 4 bytes")
        #expect(error.hint?.contains("maxDocumentBytes") == true)
    }

    // MARK: YAML alias expansion

    @Test func yamlAliasExpansion() throws {
        // Nine levels of ten aliases each: a billion nodes if expanded.
        var lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
        for i in 1..<9 {
            lines.append("a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]")
        }
        let start = ContinuousClock.now
        let error = try #require(throws: YAMLError.self) {
            try YAMLLoader.parse(lines.joined(separator: "\n"), name: "bomb.yaml", options: .init(maxNodes: 10_000))
        }
        #expect(ContinuousClock.now - start < .seconds(1))
        #expect(error.message.contains("past the limit of 10000 nodes"))
        #expect(error.hint?.contains("maxNodes") == true)
        #expect(error.location.file == "bomb.yaml" && error.location.line > 1)
        // The default limit stops it too.
        #expect(throws: YAMLError.self) { try YAMLLoader.parse(lines.joined(separator: "\n")) }
    }

    // MARK: $ref chains and files

    @Test func refChainLength() throws {
        // A parameter reached through six refs to refs.
        var parameters = ""
        for i in 0..<6 { parameters += "    P\(i): {$ref: '#/components/parameters/P\(i + 1)'}\n" }
        parameters += "    P6: {name: q, in: query, schema: {type: string}}\n"
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      parameters: [{$ref: '#/components/parameters/P0'}]\n      responses: {'200': {description: ok}}\ncomponents:\n  parameters:\n" + parameters
        let dir = try Self.folder(["root.yaml": text])
        let spec = try OpenAPI.Loader.load(
            path: dir.appendingPathComponent("root.yaml").path, options: OpenAPI.LoadOptions(maxRefChain: 3))
        let hit = try #require(spec.diagnostics.first { $0.message.contains("$ref chain longer than 3 hops") })
        #expect(hit.help?.contains("--max-ref-chain") == true)
        #expect(hit.location?.line != nil)
        // The default (64) follows the chain.
        let relaxed = try OpenAPI.Loader.load(path: dir.appendingPathComponent("root.yaml").path)
        #expect(!relaxed.diagnostics.contains { $0.message.contains("$ref chain") })
    }

    @Test func fileCount() throws {
        let root = Self.specHead + "components:\n  schemas:\n    A: {$ref: 'a.yaml'}\n    B: {$ref: 'b.yaml'}\n    C: {$ref: 'c.yaml'}\n"
        let dir = try Self.folder([
            "root.yaml": root, "a.yaml": "type: string\n", "b.yaml": "type: string\n", "c.yaml": "type: string\n",
        ])
        let spec = try OpenAPI.Loader.load(
            path: dir.appendingPathComponent("root.yaml").path, options: OpenAPI.LoadOptions(maxFiles: 2))
        let hit = try #require(spec.diagnostics.first { $0.message.contains("file limit") })
        #expect(hit.message.contains("more than 2 files"))
        #expect(hit.message.contains("--max-files"))
        #expect(hit.location?.line != nil)
        let relaxed = try OpenAPI.Loader.load(path: dir.appendingPathComponent("root.yaml").path)
        #expect(!relaxed.diagnostics.contains { $0.message.contains("file limit") })
    }

    // MARK: Regex time

    @Test func regexTimeLimit() throws {
        let schema = try JSONParser.parse(#"{"type": "string", "pattern": "^(a|aa)+$"}"#)
        let instance = try JSONParser.parse("\"" + String(repeating: "a", count: 64) + "b\"")
        let validator = SchemaValidator(registry: SchemaRegistry(), schema: schema.root)
        var options = ValidationOptions()
        options.regexTimeLimit = 0.05
        let start = ContinuousClock.now
        let result = validator.validate(instance.root, options: options)
        #expect(ContinuousClock.now - start < .seconds(2))
        let error = try #require(result.errors.first)
        #expect(!result.isValid)
        #expect(error.keyword == "pattern")
        #expect(error.message.contains("regex time limit of 0.05 s"))
        #expect(error.hint?.contains("regexTimeLimit") == true)
        // A value it can decide quickly is still checked as usual.
        #expect(validator.isValid(try JSONParser.parse("\"aaaa\"").root, options: options))
        #expect(!validator.isValid(try JSONParser.parse("\"ab\"").root, options: options))
        #expect(ValidationOptions().regexTimeLimit == 0.25)
    }

    // MARK: Headers

    @Test func headerCount() throws {
        let headers = (0..<5).map { "X-H\($0): v\r\n" }.joined()
        let raw = "GET /a HTTP/1.1\r\nHost: h\r\n\(headers)\r\n"
        var options = TraceReader.Options()
        options.maxHeaderCount = 3
        let items = Array(try TraceReader(bytes: Array(raw.utf8), name: "t.http", options: options))
        guard items.count == 2, case .problem(let problem) = items[0], case .exchange(let exchange) = items[1] else {
            Issue.record("expected a problem then the exchange, got \(items)")
            return
        }
        #expect(problem.message.contains("6 headers, over the header count limit of 3"))
        #expect(problem.help?.contains("maxHeaderCount") == true)
        #expect(problem.location?.file == "t.http" && problem.location?.line == 1)
        #expect(exchange.request.headers.count == 3)
    }

    @Test func headerLength() throws {
        let raw = "GET /a HTTP/1.1\r\nHost: h\r\nX-Big: \(String(repeating: "b", count: 200))\r\n\r\n"
        var options = TraceReader.Options()
        options.maxHeaderBytes = 100
        let items = Array(try TraceReader(bytes: Array(raw.utf8), name: "t.http", options: options))
        guard items.count == 2, case .problem(let problem) = items[0], case .exchange(let exchange) = items[1] else {
            Issue.record("expected a problem then the exchange, got \(items)")
            return
        }
        #expect(problem.message.contains("longer than the header length limit of 100 bytes"))
        #expect(problem.message.contains("'X-Big'"))
        #expect(!problem.message.contains("bbbb"))
        #expect(problem.help?.contains("maxHeaderBytes") == true)
        #expect(exchange.request.headers.map(\.name) == ["Host"])
        // Within the defaults nothing is dropped.
        let plain = Array(try TraceReader(bytes: Array(raw.utf8), name: "t.http"))
        #expect(plain.count == 1)
    }

    // MARK: Bodies and findings per exchange

    static let checkSpec = """
        {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {"/items": {"post": {
          "requestBody": {"content": {"application/json": {"schema": {"type": "object", "additionalProperties": false,
            "properties": {"a": {"type": "integer"}, "b": {"type": "integer"}, "c": {"type": "integer"},
              "d": {"type": "integer"}}}}}},
          "responses": {"200": {"description": "ok"}}}}}}
        """

    static func post(_ body: String, to path: String = "/items", mediaType: String = "application/json") -> Exchange {
        Exchange(
            request: HTTPRequest(
                method: "POST", url: "https://api.example.com" + path,
                headers: [HTTPHeader(name: "Content-Type", value: mediaType)],
                body: HTTPBody(text: body, mediaType: mediaType)),
            response: nil, source: SourceRef(file: "t.har", entry: 1))
    }

    @Test func bodySize() throws {
        let spec = try OpenAPI.Loader.load(text: SourceText(name: "spec.json", string: Self.checkSpec))
        var options = CheckOptions()
        options.maxBodyBytes = 10
        let findings = SpecChecker(spec: spec, options: options).check(Self.post(#"{"a": "not an integer"}"#))
        let hit = try #require(findings.first { $0.rule == "diagnose.body-too-large" })
        #expect(hit.message.contains("bodies over 10 bytes are not validated"))
        #expect(hit.hint?.contains("--max-body-bytes") == true)
        #expect(!findings.contains { $0.rule == "request.body-invalid" })
        // With the default limit the body is validated.
        let checked = SpecChecker(spec: spec).check(Self.post(#"{"a": "not an integer"}"#))
        #expect(checked.contains { $0.rule == "request.body-invalid" })
    }

    @Test func findingsPerExchange() throws {
        let spec = try OpenAPI.Loader.load(text: SourceText(name: "spec.json", string: Self.checkSpec))
        var options = CheckOptions()
        options.maxFindingsPerExchange = 2
        let body = #"{"a": "x", "b": "x", "c": "x", "d": "x", "e": 1, "f": 2}"#
        let all = SpecChecker(spec: spec).check(Self.post(body))
        #expect(all.count >= 5)
        let capped = SpecChecker(spec: spec, options: options).check(Self.post(body))
        #expect(capped.count == 3)
        let last = try #require(capped.last)
        #expect(last.rule == "diagnose.findings-truncated")
        #expect(last.message == "\(all.count - 2) more findings on this exchange were not reported")
        #expect(last.hint?.contains("--max-findings-per-exchange") == true)
    }

    // MARK: Self-referential schemas

    static func formPost(_ body: String) -> Exchange {
        post(body, to: "/x", mediaType: "application/x-www-form-urlencoded")
    }

    static func formSpec(_ schema: String, components: String) -> String {
        """
        {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {"/x": {"post": {
          "requestBody": {"content": {"application/x-www-form-urlencoded": {"schema": \(schema)}}},
          "responses": {"200": {"description": "ok"}}}}}, "components": {"schemas": \(components)}}
        """
    }

    /// Regression: an array schema whose items are itself made form coercion wrap a lone value in arrays for
    /// ever (a stack overflow, exit 139). The wrapping now stops as the branch following does, and the value is
    /// reported.
    @Test func arrayOfItselfDoesNotRecurseForEver() throws {
        let text = Self.formSpec(
            ##"{"type": "object", "properties": {"x": {"$ref": "#/components/schemas/A"}}}"##,
            components: ##"{"A": {"type": "array", "items": {"$ref": "#/components/schemas/A"}}}"##)
        let spec = try OpenAPI.Loader.load(text: SourceText(name: "spec.json", string: text))
        let findings = SpecChecker(spec: spec).check(Self.formPost("x=1"))
        #expect(findings.contains { $0.rule == "request.body-invalid" && $0.location.hasPrefix("/request/body/x") })
    }

    /// Regression: `--strict` collected declared properties through `allOf` without remembering where it had
    /// been, so a schema whose `allOf` names itself recursed for ever (exit 139); twice would have been
    /// exponential. Each branch schema is now visited once.
    @Test func strictModeSurvivesSelfReferentialAllOf() throws {
        for allOf in [##"[{"$ref": "#/components/schemas/B"}]"##, ##"[{"$ref": "#/components/schemas/B"}, {"$ref": "#/components/schemas/B"}]"##] {
            let text = Self.formSpec(
                ##"{"$ref": "#/components/schemas/B"}"##,
                components: "{\"B\": {\"type\": \"object\", \"properties\": {\"x\": {\"type\": \"string\"}}, \"allOf\": \(allOf)}}")
            let spec = try OpenAPI.Loader.load(text: SourceText(name: "spec.json", string: text))
            var options = CheckOptions()
            options.strict = true
            let findings = SpecChecker(spec: spec, options: options).check(Self.formPost("x=1&y=2"))
            #expect(!findings.isEmpty)
            // The limit's message is not a type: the hint says what to do rather than "send 'x' as <message>".
            let invalid = findings.filter { $0.rule == "request.body-invalid" }
            #expect(!invalid.isEmpty)
            #expect(invalid.allSatisfy { $0.hint?.hasPrefix("change '") == true })
        }
    }
}
