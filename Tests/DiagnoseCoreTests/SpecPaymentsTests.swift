import DiagnoseCore
import DiagnoseTestSupport
import Foundation
import Testing

/// The shipped example spec, `specs/payments.yaml`, that the example recordings are checked against.
@Suite("Example spec: specs/payments.yaml")
struct SpecPaymentsTests {
    static let path = TestPaths.packageRoot.appendingPathComponent("specs/payments.yaml").path

    @Test func loadsWithoutDiagnostics() throws {
        let spec = try OpenAPI.Loader.load(path: Self.path)
        #expect(spec.diagnostics.isEmpty, "\(spec.diagnostics)")
        #expect(spec.kind == .openapi30)
        #expect(spec.title == "Payments API")
        #expect(spec.servers.map(\.url) == ["https://api.payments.example"])
        #expect(spec.securitySchemes["bearerAuth"]?.scheme == "bearer")
        #expect(spec.securitySchemes["basicAuth"]?.scheme == "basic")
        #expect(spec.operations.count == 15)
        #expect(spec.operations.filter(\.deprecated).map(\.operationId) == ["createCharge"])
        #expect(Set(spec.operations.compactMap(\.operationId)).count == 15)
    }

    @Test func everyPostTakesAnIdempotencyKeyAndAFormBody() throws {
        let spec = try OpenAPI.Loader.load(path: Self.path)
        for op in spec.operations where op.method == "POST" {
            #expect(
                op.parameters.contains { $0.name == "Idempotency-Key" && $0.location == .header }, "\(op.displayName)")
            let media = try #require(op.requestBody?.content.first, "\(op.displayName)")
            #expect(media.mediaType == "application/x-www-form-urlencoded")
            let schema = try #require(media.schema)
            let resolved =
                schema.node["$ref"].flatMap { spec.resolveReference($0.stringValue!, from: schema) } ?? schema
            #expect(resolved.node["additionalProperties"]?.boolValue == false, "\(op.displayName)")
            if resolved.node["properties"]?["metadata"] != nil {
                #expect(media.encoding["metadata"]?.style == "deepObject", "\(op.displayName)")
            }
        }
        for op in spec.operations {
            #expect(op.parameters.contains { $0.name == "Payments-Version" }, "\(op.displayName)")
            #expect(op.responses.contains { $0.status == "default" }, "\(op.displayName)")
        }
    }

    @Test(arguments: [
        ("POST", "https://api.payments.example/v1/customers", "createCustomer"),
        ("GET", "https://api.payments.example/v1/customers/search?query=email:'a@b.example'", "searchCustomers"),
        ("GET", "/v1/customers/cus_123?expand[]=default_source", "retrieveCustomer"),
        ("DELETE", "/v1/customers/cus_123", "deleteCustomer"),
        ("POST", "/v1/payment_intents/pi_123/confirm", "confirmPaymentIntent"),
        ("GET", "/v1/payment_intents?limit=3&starting_after=pi_9", "listPaymentIntents"),
        ("POST", "/v1/refunds", "createRefund"),
        ("DELETE", "/v1/webhook_endpoints/we_1", "deleteWebhookEndpoint"),
    ])
    func routes(_ method: String, _ url: String, _ operationId: String) throws {
        let spec = try OpenAPI.Loader.load(path: Self.path)
        let match = try #require(spec.router.route(method: method, url: url, host: "api.payments.example").match)
        #expect(match.operation.operationId == operationId)
    }

    @Test func listAndErrorShapes() throws {
        let spec = try OpenAPI.Loader.load(path: Self.path)
        let root = spec.rootDocument.root
        let list = try #require(root.resolve(try JSONPointer(parsing: "/components/schemas/customer_list/properties")))
        #expect(list.keys == ["object", "data", "has_more", "url"])
        let error = try #require(root.resolve(try JSONPointer(parsing: "/components/schemas/api_error/properties")))
        for field in ["type", "code", "message", "param", "doc_url"] { #expect(error[field] != nil, "\(field)") }
        let event = try #require(root.resolve(try JSONPointer(parsing: "/components/schemas/event/properties")))
        #expect(event["data"]?["properties"]?["object"] != nil)
        let currency = try #require(root.resolve(try JSONPointer(parsing: "/components/schemas/currency/pattern")))
        #expect(currency.stringValue == "^[a-z]{3}$")
    }

    @Test func summaryRenderingsMatchTheirGoldens() throws {
        let spec = try OpenAPI.Loader.load(path: Self.path)
        let summary = OpenAPI.SpecSummary(spec)
        let root = TestPaths.packageRoot.path + "/"
        assertGolden(summary.renderText().replacingOccurrences(of: root, with: ""), named: "openapi/summary/payments.txt")
        assertGolden(
            summary.renderOperations().replacingOccurrences(of: root, with: ""),
            named: "openapi/summary/payments-operations.txt")
        let json = summary.renderJSON()
        assertGolden(json.replacingOccurrences(of: root, with: ""), named: "openapi/summary/payments.json")
        // The JSON is valid and has the stable field names.
        let parsed = try JSONParser.parse(json)
        for field in ["openapi", "title", "version", "servers", "operations", "diagnostics"] {
            #expect(parsed.root[field] != nil, "\(field)")
        }
        let first = try #require(parsed.root["operations"]?[0])
        #expect(first.keys == ["method", "path", "operationId", "deprecated", "tags"])
        #expect(summary.exitStatus == 0)
    }
}
