import DiagnoseCore
import DiagnoseTestSupport
import Foundation
import Testing

/// `ExampleGenerator` values: valid for their schema (checked by the real validator through `SpecChecker`),
/// deterministic per seed, terminating on recursive schemas, and honest about what they cannot produce.
@Suite("Generated values")
struct GeneratedValueTests {
    static let specText = #"""
        {"openapi": "3.0.3", "info": {"title": "values", "version": "1"},
         "servers": [{"url": "/api"}],
         "paths": {"/things": {"get": {"responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}}}},
                   "/trees": {"get": {"responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Tree"}}}}}}},
                   "/merged": {"get": {"responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Merged"}}}}}}},
                   "/hard": {"get": {"responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Hard"}}}}}}}},
         "components": {"schemas": {
           "Thing": {"type": "object", "additionalProperties": false,
             "required": ["id", "kind", "amount", "email", "when", "code", "tags", "ratio", "ref", "maybe", "price"],
             "properties": {
               "id": {"type": "string", "format": "uuid"},
               "kind": {"type": "string", "enum": ["a", "b", "c"]},
               "fixed": {"const": "same"},
               "amount": {"type": "integer", "minimum": 50, "maximum": 99999999, "multipleOf": 5},
               "small": {"type": "integer", "format": "int32", "exclusiveMinimum": true, "minimum": 0, "maximum": 3},
               "ratio": {"type": "number", "minimum": 0.5, "maximum": 1},
               "email": {"type": "string", "format": "email"},
               "when": {"type": "string", "format": "date-time"},
               "day": {"type": "string", "format": "date"},
               "site": {"type": "string", "format": "uri"},
               "code": {"type": "string", "pattern": "^[A-Z]{3}-\\d{2,4}$"},
               "name": {"type": "string", "minLength": 5, "maxLength": 7},
               "tags": {"type": "array", "items": {"type": "string", "enum": ["x", "y", "z"]}, "minItems": 1, "maxItems": 3, "uniqueItems": true},
               "meta": {"type": "object", "additionalProperties": {"type": "integer"}, "minProperties": 1},
               "ratio2": {"type": "number", "exclusiveMaximum": true, "maximum": 0},
               "ref": {"anyOf": [{"type": "string", "maxLength": 5000}, {"$ref": "#/components/schemas/Thing"}]},
               "maybe": {"nullable": true, "anyOf": [{"$ref": "#/components/schemas/Leaf"}]},
               "price": {"oneOf": [{"type": "integer"}, {"type": "string", "enum": ["free"]}]},
               "secret": {"type": "string", "writeOnly": true}}},
           "Leaf": {"type": "object", "required": ["v"], "properties": {"v": {"type": "boolean"}}},
           "Tree": {"type": "object", "required": ["label", "children"],
             "properties": {"label": {"type": "string"}, "children": {"type": "array", "items": {"$ref": "#/components/schemas/Tree"}},
               "parent": {"$ref": "#/components/schemas/Tree"}}},
           "Base": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}},
           "Merged": {"allOf": [{"$ref": "#/components/schemas/Base"}, {"type": "object", "required": ["size"], "properties": {"size": {"type": "integer", "minimum": 1}}}]},
           "Hard": {"type": "object", "required": ["ok"], "properties": {
             "ok": {"type": "string"},
             "withExample": {"type": "string", "pattern": "^(?=.*[a-z])(?=.*\\d).{8,}$", "example": "abc12345"},
             "noExample": {"type": "string", "pattern": "^(?=.*[a-z]).+$"}}}
         }}}
        """#

    static let spec: OpenAPI.Document? = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("diagnose-generated-values-\(getpid()).json")
        guard (try? specText.write(to: url, atomically: true, encoding: .utf8)) != nil else { return nil }
        defer { try? FileManager.default.removeItem(at: url) }
        return try? OpenAPI.Loader.load(path: url.path)
    }()

    func operation(_ path: String) throws -> OpenAPI.Operation {
        let spec = try #require(Self.spec)
        return try #require(spec.operations.first { $0.pathTemplate == path })
    }

    func responseValue(_ e: Exchange) throws -> ExampleValue {
        let text = try #require(e.response?.body?.text)
        return ExampleValue(try JSONParser.parse(SourceText(name: "body", string: text)).root)
    }

    @Test(arguments: ["/things", "/trees", "/merged", "/hard"], [false, true])
    func valuesAreValidForManySeeds(_ path: String, richStrings: Bool) throws {
        let spec = try #require(Self.spec)
        let checker = SpecChecker(spec: spec)
        let operation = try operation(path)
        var options = ExampleGenerator.Options()
        options.richStrings = richStrings  // lengths in code points: "🙂" is one, not two (UTF-16) or four (UTF-8)
        for seed in UInt64(0)..<150 {
            var generator = ExampleGenerator(spec: spec, seed: seed, options: options)
            let exchange = generator.exchange(for: operation)
            let findings = checker.check(exchange)
            #expect(findings.isEmpty, "seed \(seed): \(findings.map { "\($0.rule) \($0.location) \($0.message)" }) in \(exchange.response?.body?.text ?? "")")
            if !findings.isEmpty { break }
        }
    }

    @Test func sameSeedSameExchangeOtherSeedOther() throws {
        let spec = try #require(Self.spec)
        let operation = try operation("/things")
        let a = ExampleGenerator.exchange(for: operation, in: spec, seed: 42).response?.body?.text
        let b = ExampleGenerator.exchange(for: operation, in: spec, seed: 42).response?.body?.text
        let c = ExampleGenerator.exchange(for: operation, in: spec, seed: 43).response?.body?.text
        #expect(a != nil && a == b)
        #expect(a != c)
    }

    @Test func honoursConstraints() throws {
        let spec = try #require(Self.spec)
        let operation = try operation("/things")
        for seed in UInt64(0)..<50 {
            let value = try responseValue(ExampleGenerator.exchange(for: operation, in: spec, seed: seed))
            let amount = try #require(Int(value["amount"]?.scalarText ?? ""))
            #expect(amount >= 50 && amount % 5 == 0)
            #expect(["a", "b", "c"].contains(value["kind"]?.scalarText ?? ""))
            let code = try #require(value["code"]?.scalarText)
            #expect(code.count >= 6 && code.count <= 8 && code.dropFirst(3).first == "-")
            #expect(value["secret"] == nil, "writeOnly property in a response")
            if let name = value["name"]?.scalarText { #expect((5...7).contains(name.count)) }
        }
    }

    @Test func recursiveSchemaTerminates() throws {
        let spec = try #require(Self.spec)
        let operation = try operation("/trees")
        var generator = ExampleGenerator(spec: spec, seed: 1)
        generator.options.optionalRate = 1  // every optional `parent` taken until the depth limit stops it
        let exchange = generator.exchange(for: operation)
        let text = try #require(exchange.response?.body?.text)
        #expect(text.contains("\"label\""))
        #expect(text.utf8.count < 1_000_000)
        #expect(generator.skips.isEmpty)
    }

    @Test func allOfMergesRequiredMembers() throws {
        let spec = try #require(Self.spec)
        let value = try responseValue(ExampleGenerator.exchange(for: try operation("/merged"), in: spec, seed: 3))
        #expect(value["id"] != nil)
        #expect(value["size"] != nil)
    }

    @Test func complexPatternsUseTheExampleOrAreLeftOutWithAReason() throws {
        let spec = try #require(Self.spec)
        let operation = try operation("/hard")
        var generator = ExampleGenerator(spec: spec, seed: 5)
        generator.options.optionalRate = 1
        let value = try responseValue(generator.exchange(for: operation))
        #expect(value["withExample"]?.scalarText == "abc12345")
        #expect(value["noExample"] == nil)
        #expect(generator.skips.count == 1)
        #expect(generator.skips.first?.reason.contains("too complex") == true)
    }

    @Test func formValuesCarryNoNullOrEmptyContainers() throws {
        let value = ExampleValue.object([
            ("items", .array([.object([("price", .string("p_1")), ("quantity", .integer(2))])])),
            ("expand", .array([.string("customer")])), ("metadata", .object([("k", .string("v"))])),
        ])
        #expect(value.isFormRepresentable)
        #expect(ExampleValue.object([("a", .null)]).isFormRepresentable == false)
        #expect(ExampleValue.array([]).isFormRepresentable == false)
        let pairs = value.bracketPairs(name: "x").map { "\($0.name)=\($0.value)" }
        #expect(pairs == ["x[items][0][price]=p_1", "x[items][0][quantity]=2", "x[expand][]=customer", "x[metadata][k]=v"])
    }
}
