import DiagnoseCore
import DiagnoseTestSupport
import Foundation
import Testing

/// Stripe's 2022 OpenAPI 3.0 spec: 561 schemas, recursive, 345 `nullable` `anyOf`s without `type`.
@Suite("Schema: Stripe spec", .enabled(if: SchemaCorpus.available, TestPaths.corpusMissing), .tags(.slow))
struct SchemaStripeTests {
    static let uri = "https://stripe.test/spec3.json"

    static func load() throws -> (SchemaRegistry, Document) {
        let url = SchemaCorpus.url("specs/stripe/spec3.json")!
        let doc = try JSONParser.parse(
            SourceText(name: "specs/stripe/spec3.json", bytes: Array(try Data(contentsOf: url))))
        let registry = SchemaRegistry()
        registry.register(doc, uri: uri, dialect: .oas30)
        return (registry, doc)
    }

    static func validator(_ registry: SchemaRegistry, _ name: String) throws -> SchemaValidator {
        try SchemaValidator(
            registry: registry, uri: uri, pointer: JSONPointer(tokens: ["components", "schemas", name]))
    }

    @Test func compilesEverySchema() throws {
        let (registry, doc) = try Self.load()
        let names = try #require(doc.root.resolve(JSONPointer(tokens: ["components", "schemas"]))).keys
        #expect(names.count > 500)
        let clock = ContinuousClock()
        var nodes = 0
        let elapsed = clock.measure {
            for name in names {
                guard let v = try? Self.validator(registry, name) else { continue }
                nodes = max(nodes, v.prepare())
            }
        }
        print(
            "stripe: compiled \(names.count) schemas under #/components/schemas (largest reachable graph \(nodes) nodes) in \(elapsed)"
        )
        for name in names { #expect((try? Self.validator(registry, name)) != nil, "\(name)") }
    }

    @Test func customerInstances() throws {
        let (registry, _) = try Self.load()
        let v = try Self.validator(registry, "customer")
        let minimal = try instance(
            #"{"id": "cus_123", "object": "customer", "created": 1700000000, "livemode": false}"#)
        #expect(v.validate(minimal, options: ValidationOptions(mode: .response)).isValid)
        let withNulls = try instance(
            #"{"id": "cus_123", "object": "customer", "created": 1700000000, "livemode": false, "address": null, "currency": null, "default_source": null, "discount": null, "email": "a@example.com", "metadata": {"order": "6735"}, "balance": 0, "delinquent": false}"#
        )
        #expect(v.validate(withNulls, options: ValidationOptions(mode: .response)).isValid)
        let expandedSource = try instance(
            #"{"id": "cus_1", "object": "customer", "created": 1, "livemode": true, "default_source": "card_123"}"#)
        #expect(v.validate(expandedSource).isValid)
        let bad = try instance(#"{"id": "cus_123", "object": "customer", "created": "1700000000", "livemode": false}"#)
        let r = v.validate(bad)
        #expect(r.errors.map(\.message) == [#"expected integer, found string "1700000000""#])
        #expect(r.errors.first?.instancePath.description == "/created")
        #expect(r.errors.first?.schemaLocation?.file == "specs/stripe/spec3.json")
        let wrongObject = v.validate(
            try instance(#"{"id": "cus_1", "object": "custmer", "created": 1, "livemode": true}"#))
        #expect(wrongObject.errors.first?.hint == #"did you mean "customer"?"#)
    }

    @Test func chargeInstances() throws {
        let (registry, _) = try Self.load()
        let v = try Self.validator(registry, "charge")
        let charge = #"""
            {"id": "ch_1", "object": "charge", "amount": 2000, "amount_captured": 2000, "amount_refunded": 0,
             "billing_details": {"address": null, "email": null, "name": "Jenny Rosen", "phone": null},
             "captured": true, "created": 1700000000, "currency": "usd", "disputed": false, "livemode": false,
             "metadata": {}, "paid": true, "refunded": false, "status": "succeeded", "customer": null,
             "payment_method_details": null, "outcome": null,
             "refunds": {"object": "list", "data": [], "has_more": false, "url": "/v1/charges/ch_1/refunds"}}
            """#
        let ok = v.validate(try instance(charge), options: ValidationOptions(mode: .response))
        #expect(ok.isValid, "\(ok.errors.map(\.description))")
        let badStatus = charge.replacingOccurrences(of: #""succeeded""#, with: #""succeded""#)
            .replacingOccurrences(of: #""data": []"#, with: #""data": [{"id": 5}]"#)
        let r = v.validate(try instance(badStatus), options: ValidationOptions(mode: .response))
        #expect(!r.isValid)
        #expect(
            r.errors.contains { $0.instancePath.description == "/status" && $0.hint == #"did you mean "succeeded"?"# })
        #expect(r.errors.contains { $0.instancePath.description.hasPrefix("/refunds/data/0") })
        let first = v.validate(try instance(badStatus), options: ValidationOptions(mode: .response, collect: .first))
        #expect(first.errors.count == 1)
    }
}
