import DiagnoseCore
import DiagnoseTestSupport
import Foundation
import Testing

/// Builds a validator from inline JSON text read with a dialect.
func inlineValidator(_ json: String, dialect: SchemaDialect = .oas30) throws -> SchemaValidator {
    let doc = try JSONParser.parse(json, name: "inline.json")
    return SchemaValidator(registry: SchemaRegistry(), schema: doc.root, dialect: dialect)
}

/// Parses a JSON instance.
func instance(_ json: String) throws -> Node {
    try JSONParser.parse(json, name: "instance.json").root
}

@Suite("OpenAPI 3.0 schema semantics")
struct SchemaOpenAPITests {
    @Test func nullableNextToTypeAllowsNull() throws {
        let v = try inlineValidator(#"{"type": "string", "nullable": true}"#)
        #expect(v.validate(try instance("null")).isValid)
        #expect(v.validate(try instance(#""x""#)).isValid)
        #expect(!v.validate(try instance("1")).isValid)
    }

    @Test func nullableNextToAnyOfWithoutTypeAllowsNull() throws {
        // Stripe: 345 schemas like this; a strict 3.0.3 reading would reject null.
        let v = try inlineValidator(
            #"{"anyOf": [{"type": "object", "properties": {"a": {"type": "string"}}}], "nullable": true}"#)
        #expect(v.validate(try instance("null")).isValid)
        #expect(v.validate(try instance(#"{"a": "x"}"#)).isValid)
        #expect(!v.validate(try instance(#"{"a": 1}"#)).isValid)
    }

    /// The fast pass jumps over chains of lone `$ref`s and one-branch `anyOf`s; what the chain allows must not change.
    @Test func chainsOfSoleReferencesKeepTheirMeaning() throws {
        let headNullable = try inlineValidator(
            ##"{"anyOf": [{"$ref": "#/$defs/a"}], "nullable": true, "$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"type": "object", "required": ["x"]}}}"##)
        #expect(headNullable.validate(try instance("null")).isValid)
        #expect(headNullable.validate(try instance(#"{"x": 1}"#)).isValid)
        #expect(headNullable.validate(try instance("{}")).errors.map(\.keyword) == ["required"])
        #expect(!headNullable.validate(try instance("1")).isValid)

        let middleNullable = try inlineValidator(
            ##"{"$ref": "#/$defs/a", "$defs": {"a": {"anyOf": [{"$ref": "#/$defs/b"}], "nullable": true}, "b": {"type": "string"}}}"##)
        #expect(middleNullable.validate(try instance("null")).isValid)
        #expect(middleNullable.validate(try instance(#""s""#)).isValid)
        #expect(!middleNullable.validate(try instance("1")).isValid)

        // A cycle of references that never reaches a real schema: an error, not a hang.
        let cycle = try inlineValidator(
            ##"{"$ref": "#/$defs/a", "$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"anyOf": [{"$ref": "#/$defs/a"}]}}}"##)
        #expect(!cycle.validate(try instance(#""x""#)).isValid)

        let missing = try inlineValidator(##"{"anyOf": [{"$ref": "#/$defs/missing"}]}"##)
        let result = missing.validate(try instance("1"))
        #expect(!result.isValid)
        #expect(result.errors.contains { $0.message.contains("cannot resolve") })
    }

    @Test func nullableEnumWithoutNullAllowsNull() throws {
        let v = try inlineValidator(#"{"type": "string", "enum": ["a", "b"], "nullable": true}"#)
        #expect(v.validate(try instance("null")).isValid)
        #expect(!v.validate(try instance(#""c""#)).isValid)
    }

    @Test func withoutNullableNullIsRejected() throws {
        let v = try inlineValidator(#"{"type": "string"}"#)
        let r = v.validate(try instance("null"))
        #expect(r.errors.map(\.message) == ["expected string, found null"])
    }

    @Test func nullableIsIgnoredOutsideOpenAPI() throws {
        let v = try inlineValidator(#"{"type": "string", "nullable": true}"#, dialect: .draft2020_12)
        #expect(!v.validate(try instance("null")).isValid)
    }

    @Test func booleanExclusiveBounds() throws {
        let v = try inlineValidator(
            #"{"type": "number", "minimum": 0, "exclusiveMinimum": true, "maximum": 10, "exclusiveMaximum": true}"#)
        #expect(!v.validate(try instance("0")).isValid)
        #expect(v.validate(try instance("0.0001")).isValid)
        #expect(!v.validate(try instance("10")).isValid)
        #expect(v.validate(try instance("9.99")).isValid)
        let r = v.validate(try instance("10"))
        #expect(r.errors.first?.message == "expected a number < 10, found 10")
        #expect(r.errors.first?.keyword == "maximum")
    }

    @Test func discriminatorWithMappingPicksTheBranch() throws {
        let registry = try PaymentsFixture.registry()
        let v = try PaymentsFixture.validator("source", registry)
        #expect(v.validate(try instance(#"{"object": "wallet", "provider": "apple_pay"}"#)).isValid)
        let r = v.validate(try instance(#"{"object": "card", "brand": "visa", "last4": "4242", "exp_month": 13}"#))
        #expect(r.errors.count == 1)
        #expect(r.errors.first?.instancePath.description == "/exp_month")
        #expect(r.errors.first?.notes == [#"oneOf: checked against card, chosen by discriminator object="card""#])
    }

    @Test func discriminatorWithoutMappingUsesSchemaNames() throws {
        let registry = try PaymentsFixture.registry()
        let v = try PaymentsFixture.validator("pet", registry)
        // Both branches accept {"kind": "cat"}, so plain oneOf would fail; the discriminator picks cat.
        #expect(v.validate(try instance(#"{"kind": "cat", "lives": 9}"#)).isValid)
        #expect(!v.validate(try instance(#"{"kind": "cat", "lives": 10}"#)).isValid)
        let r = v.validate(try instance(#"{"kind": "cow"}"#))
        #expect(r.errors.first?.keyword == "discriminator")
        #expect(r.errors.first?.hint == #"expected one of "cat", "dog""#)
    }

    @Test(
        "readOnly and writeOnly per mode",
        arguments: [
            (ValidationOptions.Mode.request, #"{"id": "pi_1", "amount": 1, "currency": "usd"}"#, false),
            (.response, #"{"id": "pi_1", "amount": 1, "currency": "usd"}"#, true),
            (.neutral, #"{"id": "pi_1", "amount": 1, "currency": "usd"}"#, true),
            (.request, #"{"amount": 1, "currency": "usd", "card_cvc": "123"}"#, true),
            (.response, #"{"amount": 1, "currency": "usd", "card_cvc": "123"}"#, false),
            (.neutral, #"{"amount": 1, "currency": "usd", "card_cvc": "123"}"#, true),
        ])
    func readOnlyWriteOnly(mode: ValidationOptions.Mode, json: String, valid: Bool) throws {
        let registry = try PaymentsFixture.registry()
        let v = try PaymentsFixture.validator("payment_intent_create", registry)
        #expect(v.validate(try instance(json), options: ValidationOptions(mode: mode)).isValid == valid)
    }

    @Test func readOnlyRequiredPropertyIsNotRequiredInRequests() throws {
        let v = try inlineValidator(
            #"{"type": "object", "required": ["id", "name"], "properties": {"id": {"type": "string", "readOnly": true}, "name": {"type": "string"}}}"#
        )
        let body = try instance(#"{"name": "x"}"#)
        #expect(v.validate(body, options: ValidationOptions(mode: .request)).isValid)
        #expect(!v.validate(body, options: ValidationOptions(mode: .response)).isValid)
    }

    @Test func openAPINumericFormats() throws {
        let v = try inlineValidator(#"{"type": "integer", "format": "int32"}"#)
        #expect(v.validate(try instance("2147483647")).isValid)
        #expect(!v.validate(try instance("2147483648")).isValid)
        #expect(v.validate(try instance("2147483648"), options: ValidationOptions(assertFormats: false)).isValid)
    }

    @Test func refSiblingsAreIgnoredIn30() throws {
        let doc = try JSONParser.parse(
            ##"{"components": {"schemas": {"a": {"$ref": "#/components/schemas/b", "type": "string"}, "b": {"type": "integer"}}}}"##
        )
        let registry = SchemaRegistry()
        registry.register(doc, uri: "urn:test:spec", dialect: .oas30)
        let v = try SchemaValidator(
            registry: registry, uri: "urn:test:spec", pointer: JSONPointer(tokens: ["components", "schemas", "a"]))
        #expect(v.validate(try instance("1")).isValid)
    }

    @Test func recursiveSchemaCompilesAsAGraph() throws {
        let registry = try PaymentsFixture.registry()
        let v = try PaymentsFixture.validator("node", registry)
        #expect(v.prepare() <= 4)
        let deep =
            String(repeating: #"{"value": 1, "next": "#, count: 200) + "null" + String(repeating: "}", count: 200)
        let r = v.validate(try instance(deep))
        #expect(!r.isValid)
        #expect(r.errors.first?.instancePath.tokens.count == 200)
    }
}

@Suite("Schema library pieces")
struct SchemaUnitTests {
    @Test func nearestName() {
        #expect(NearestName.suggest("curency", among: ["amount", "currency", "customer"]) == "currency")
        #expect(NearestName.suggest("Currency", among: ["currency"]) == "currency")
        #expect(NearestName.suggest("descripiton", among: ["description"]) == "description")
        #expect(NearestName.suggest("zzz", among: ["amount", "currency"]) == nil)
    }

    @Test(
        "multipleOf is exact for big and decimal numbers",
        arguments: [
            ("0.0075", "0.0001", true), ("0.3", "0.1", true), ("0.31", "0.1", false),
            ("123456789012345678901234567890", "10", true), ("123456789012345678901234567891", "10", false),
            ("1e308", "0.5", true),
            ("98249283749234923498293171823948729348710298301928331", "123456789012345678901", false),
            ("24691357802469135780246913578024691357802469135780246913578", "12345678901234567890123456789", true),
            ("19.99", "0.01", true), ("1.005", "0.01", false),
            // Regression (fuzzing): a divisor with an enormous exponent was padded with that many zeros.
            ("3", "59999999999999999999999999999999999999991e4816168520184233983", false),
            ("0", "1e4816168520184233983", true), ("1e-4816168520184233983", "1", false),
            ("5", "50", false), ("50", "5", true), ("600", "6e2", true), ("12e5", "3e5", true),
            // Regression (fuzzing): a huge instance exponent against a long divisor divided a number millions of
            // digits long. Powers of ten absorb the divisor's 2s and 5s; what is left must divide the digits.
            ("123456781.0e3089012", "0.0411111111110000000000000000000000000000000000000000000000000000000110843621819", false),
            ("7e3089012", "0.7", true), ("3e3089012", "0.7", false), ("1e400", "1024", true), ("1e10", "1024", true), ("1e9", "1024", false),
            ("1e9", "2048", false), ("37e3000000", "0.000000000000000000000000000000000000000037", true),
            ("37e30", "296000000000000000000000000000000000000000", false),
        ])
    func multipleOf(value: String, divisor: String, expected: Bool) throws {
        let v = try inlineValidator(#"{"multipleOf": \#(divisor)}"#, dialect: .draft2020_12)
        #expect(v.validate(try instance(value)).isValid == expected)
    }

    /// Regression (fuzzing): a length bound beyond Int64 overflowed `4 * n` and trapped.
    @Test func hugeLengthAndCountBoundsDoNotOverflow() throws {
        let huge = "2123456789012345678901234567890"
        let v = try inlineValidator(#"{"minLength": \#(huge)}"#, dialect: .draft2020_12)
        let result = v.validate(try instance(#""ab""#))
        #expect(!result.isValid)
        #expect(result.errors.first?.keyword == "minLength")
        for keyword in ["maxLength", "minItems", "maxItems", "minProperties", "maxProperties"] {
            let w = try inlineValidator(#"{"\#(keyword)": \#(huge)}"#, dialect: .draft2020_12)
            _ = w.validate(try instance(#"["a"]"#))
            _ = w.validate(try instance(#"{"a": "b"}"#))
            _ = w.validate(try instance(#""abc""#))
        }
    }

    @Test func stringLengthCountsCodePoints() throws {
        let v = try inlineValidator(#"{"maxLength": 2, "minLength": 2}"#, dialect: .draft2020_12)
        #expect(v.validate(try instance(#""💩💩""#)).isValid)
        #expect(!v.validate(try instance(#""💩💩💩""#)).isValid)
    }

    @Test(
        "ECMA-262 pattern semantics",
        arguments: [
            (#"^\\d+$"#, #""123""#, true), (#"^\\d+$"#, #""١٢٣""#, false), (#"^a$"#, #""a\n""#, false),
            (#"^\\w+$"#, #""é""#, false), (#"^\\s$"#, #""\ufeff""#, true), (#"^\\p{L}+$"#, #""été""#, true),
            (#"[^]"#, #""x""#, true), (#"^[a-z]+[0-9]*$"#, #""ab12""#, true),
        ])
    func patterns(pattern: String, value: String, expected: Bool) throws {
        let v = try inlineValidator(#"{"pattern": "\#(pattern)"}"#, dialect: .draft2020_12)
        #expect(v.validate(try instance(value)).isValid == expected)
    }

    @Test func shapeExposesTypesPropertiesAndBranches() throws {
        let registry = try PaymentsFixture.registry()
        let v = try PaymentsFixture.validator("payment_intent_create", registry)
        let shape = v.shape
        #expect(shape.types == ["object"])
        #expect(shape.required == ["amount", "currency"])
        #expect(try PaymentsFixture.validator("source", registry).shape.discriminatorProperty == "object")
        #expect(shape.properties.map(\.name).contains("amount"))
        #expect(shape.property("amount")?.types == ["integer"])
        #expect(shape.property("capture_method")?.types == ["string", "null"])
        #expect(shape.property("capture_method")?.enumValues?.count == 2)
        #expect(shape.property("shipping")?.branches.first?.property("city")?.types == ["string"])
        #expect(shape.property("metadata")?.additionalProperties?.types == ["string"])
        let order = try PaymentsFixture.validator("order", registry).shape
        #expect(order.property("lines")?.items?.property("quantity")?.types == ["integer"])
        let pm = try PaymentsFixture.validator("payment_method", registry).shape
        #expect(pm.isOneOf && pm.branches.count == 3)
        #expect(pm.branches[0].property("exp_month")?.validate(try instance("12")).isValid == true)
    }

    @Test func mapPrefixLoadsFilesOnDemand() throws {
        let registry = SchemaRegistry()
        registry.mapPrefix(
            "https://example.com/schemas/", toLocalPath: TestPaths.fixtures.appendingPathComponent("schema").path + "/",
            dialect: .oas30)
        let v = try SchemaValidator(
            registry: registry, uri: "https://example.com/schemas/payments.json#/components/schemas/card")
        #expect(!v.validate(try instance(#"{"object": "card"}"#)).isValid)
        #expect(throws: SchemaError.self) {
            try SchemaValidator(registry: registry, uri: "https://example.com/other/x.json")
        }
    }

    @Test func relativeFileRefsLoadFromDisk() throws {
        let url = TestPaths.fixtures.appendingPathComponent("schema/split/api.json")
        let doc = try JSONParser.parse(
            SourceText(name: url.path, bytes: try TestPaths.fixture("schema/split/api.json")))
        let registry = SchemaRegistry()
        registry.register(doc, uri: url.absoluteString, dialect: .oas30)
        let v = try SchemaValidator(registry: registry, uri: url.absoluteString + "#/components/schemas/invoice")
        #expect(v.validate(try instance(#"{"customer": {"id": "cus_1", "email": null}, "memo": null}"#)).isValid)
        let r = v.validate(try instance(#"{"customer": {"id": 7}}"#))
        #expect(r.errors.first?.schemaLocation?.file.hasSuffix("split/customer.json") == true)
        #expect(r.errors.first?.instancePath.description == "/customer/id")
    }

    @Test func unresolvableRefIsAnErrorNotACrash() throws {
        let v = try inlineValidator(#"{"$ref": "https://nowhere.invalid/x.json"}"#, dialect: .draft2020_12)
        let r = v.validate(try instance("1"))
        #expect(!r.isValid)
        #expect(r.errors.first?.keyword == "$ref")
        #expect(r.errors.first?.hint?.contains("--ref-map") == true)
    }

    @Test func selfReferenceWithoutProgressIsAnErrorNotAStackOverflow() async throws {
        let v = try inlineValidator(
            ##"{"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}}, "$ref": "#/$defs/a"}"##,
            dialect: .draft2020_12)
        let r = await Task.detached { v.validate(try! instance("1")) }.value
        #expect(!r.isValid)
        #expect(r.errors.first?.message.contains("recursion is too deep") == true)
    }

    /// Regression: a schema that refers to itself twice without consuming the instance doubles the work at each
    /// level; the explaining pass recorded a "too deep" error at every leaf and ran out of memory (17 GB, then
    /// killed). A step budget stops the walk and each limit is reported once.
    @Test func selfReferenceThroughTwoBranchesStopsWithinBudget() async throws {
        let v = try inlineValidator(
            ##"{"type": "object", "allOf": [{"$ref": "#"}, {"$ref": "#"}]}"##, dialect: .draft2020_12)
        let r = await Task.detached { v.validate(try! instance(#"{"a": 1}"#)) }.value
        #expect(!r.isValid)
        #expect(r.errors.count <= 4)
        #expect(r.errors.contains { $0.message.contains("recursion is too deep") || $0.message.contains("subschema checks") })
    }

    @Test func deepRecursiveInstanceInATask() async throws {
        let v = try inlineValidator(
            ##"{"$ref": "#/$defs/node", "$defs": {"node": {"anyOf": [{"type": "object", "properties": {"next": {"$ref": "#/$defs/node"}}}], "nullable": true}}}"##
        )
        let deep = String(repeating: #"{"next": "#, count: 40) + "null" + String(repeating: "}", count: 40)
        let bad = String(repeating: #"{"next": "#, count: 40) + "1" + String(repeating: "}", count: 40)
        let (ok, notOK) = await Task.detached {
            (v.validate(try! instance(deep)).isValid, v.validate(try! instance(bad)))
        }.value
        #expect(ok)
        #expect(notOK.errors.first?.instancePath.tokens.count == 40)
        // Deeper than a cooperative thread's stack allows: moved to a large-stack thread, never a crash.
        let veryDeep = String(repeating: #"{"next": "#, count: 500) + "null" + String(repeating: "}", count: 500)
        let veryDeepBad = String(repeating: #"{"next": "#, count: 500) + "true" + String(repeating: "}", count: 500)
        let (r1, r2) = await Task.detached {
            (v.validate(try! instance(veryDeep)), v.validate(try! instance(veryDeepBad)))
        }.value
        #expect(r1.isValid)
        #expect(r2.errors.first?.instancePath.tokens.count == 500)
    }

    @Test func concurrentValidationOfOneValidator() async throws {
        let registry = try PaymentsFixture.registry()
        let v = try PaymentsFixture.validator("payment_method", registry)
        let good = try instance(#"{"object": "wallet", "provider": "apple_pay"}"#)
        let bad = try instance(#"{"object": "card", "brand": "visa"}"#)
        let results = await withTaskGroup(of: (Bool, Bool).self) { group in
            for _ in 0..<64 {
                group.addTask { (v.validate(good).isValid, v.validate(bad).isValid) }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.allSatisfy { $0 == (true, false) })
    }
}
