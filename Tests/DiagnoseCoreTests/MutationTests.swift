import DiagnoseCore
import DiagnoseTestSupport
import Foundation
import Testing

/// Each way of getting an integration wrong, applied to a valid generated exchange, yields exactly its rule at its
/// place (`SpecChecker.check`; integration rules run only in `CheckRun`).
@Suite("Mutations of valid exchanges", .enabled(if: TestPaths.hasCorpus, TestPaths.corpusMissing))
struct MutationTests {
    static let stripe: OpenAPI.Document? = {
        guard let path = TestPaths.corpus("specs/stripe/spec3.json")?.path else { return nil }
        return try? OpenAPI.Loader.load(path: path)
    }()
    static let stripeChecker: SpecChecker? = stripe.map { SpecChecker(spec: $0) }

    static let petstore: OpenAPI.Document? = {
        guard let path = TestPaths.corpus("specs/oai-examples/v3.0/petstore.json")?.path else { return nil }
        return try? OpenAPI.Loader.load(path: path)
    }()

    /// A small spec with what Stripe's lacks: a deprecated parameter, a required response header, a response
    /// without `default`, and a readOnly field.
    static let smallSpecText = #"""
        {"openapi": "3.0.3", "info": {"title": "small", "version": "1"},
         "servers": [{"url": "https://api.small.test/v1"}],
         "components": {"securitySchemes": {"key": {"type": "apiKey", "in": "header", "name": "X-Api-Key"}},
           "schemas": {"Item": {"type": "object", "required": ["id", "name"], "additionalProperties": false,
             "properties": {"id": {"type": "string", "readOnly": true}, "name": {"type": "string", "maxLength": 20},
               "count": {"type": "integer", "minimum": 0}}}}},
         "security": [{"key": []}],
         "paths": {"/items": {
           "get": {"parameters": [{"name": "page", "in": "query", "schema": {"type": "integer"}},
                                  {"name": "old", "in": "query", "deprecated": true, "schema": {"type": "string"}}],
             "responses": {"200": {"description": "ok",
               "headers": {"X-Rate-Limit": {"required": true, "schema": {"type": "integer"}}},
               "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Item"}}}}}}},
           "post": {"requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}}}},
             "responses": {"201": {"description": "made", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}}}}}}}}}
        """#

    static let small: OpenAPI.Document? = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("diagnose-mutation-small-\(getpid()).json")
        guard (try? smallSpecText.write(to: url, atomically: true, encoding: .utf8)) != nil else { return nil }
        defer { try? FileManager.default.removeItem(at: url) }
        return try? OpenAPI.Loader.load(path: url.path)
    }()

    /// A valid generated exchange for `METHOD path` (the first seed whose exchange has no findings).
    func valid(_ spec: OpenAPI.Document?, _ method: String, _ path: String, where accept: (Exchange) -> Bool = { _ in true })
        throws -> (Exchange, SpecChecker)
    {
        let spec = try #require(spec)
        let checker = spec === Self.stripe ? try #require(Self.stripeChecker) : SpecChecker(spec: spec)
        let operation = try #require(spec.operations.first { $0.method == method && $0.pathTemplate == path })
        for seed in UInt64(0)..<40 {
            let exchange = ExampleGenerator.exchange(for: operation, in: spec, seed: seed)
            if checker.check(exchange).isEmpty && accept(exchange) { return (exchange, checker) }
        }
        Issue.record("no valid generated exchange for \(method) \(path)")
        throw CancellationError()
    }

    func found(_ exchange: Exchange, _ checker: SpecChecker) -> [String] {
        checker.check(exchange).map { "\($0.rule) \($0.location)" }
    }

    // MARK: Editing helpers

    func withQuery(_ e: Exchange, removing name: String? = nil, adding pair: String? = nil) -> Exchange {
        var e = e
        var parts = e.request.url.split(separator: "?", maxSplits: 1).map(String.init)
        var pairs = parts.count > 1 ? parts[1].split(separator: "&").map(String.init) : []
        if let name {
            pairs.removeAll { $0 == name || $0.hasPrefix(name + "=") || $0.hasPrefix(name + "[") }
        }
        if let pair { pairs.append(pair) }
        parts = [parts[0]]
        e.request.url = parts[0] + (pairs.isEmpty ? "" : "?" + pairs.joined(separator: "&"))
        return e
    }

    func withBody(_ e: Exchange, _ text: String?, contentType: String?) -> Exchange {
        var e = e
        e.request.headers.removeAll { $0.name.lowercased() == "content-type" }
        if let contentType { e.request.headers.append(HTTPHeader(name: "Content-Type", value: contentType)) }
        e.request.body = text.map { HTTPBody(text: $0, mediaType: contentType) }
        return e
    }

    func formBody(_ e: Exchange, removing name: String? = nil, adding pair: String? = nil) -> String {
        var pairs = (e.request.body?.text ?? "").split(separator: "&").map(String.init)
        if let name { pairs.removeAll { $0.hasPrefix(name + "=") || $0.hasPrefix(name + "%5B") } }
        if let pair { pairs.append(pair) }
        return pairs.joined(separator: "&")
    }

    func withResponse(_ e: Exchange, status: Int? = nil, contentType: String? = nil, body: String? = nil) -> Exchange {
        var e = e
        var response = e.response ?? HTTPResponse(status: 200)
        if let status { response.status = status }
        if let contentType {
            response.headers.removeAll { $0.name.lowercased() == "content-type" }
            response.headers.append(HTTPHeader(name: "Content-Type", value: contentType))
        }
        if let body { response.body = HTTPBody(text: body, mediaType: contentType ?? response.header(named: "Content-Type")) }
        e.response = response
        return e
    }

    func responseJSON(_ e: Exchange) throws -> ExampleValue {
        let text = try #require(e.response?.body?.text)
        return ExampleValue(try JSONParser.parse(SourceText(name: "response", string: text)).root)
    }

    // MARK: Request mutations (Stripe)

    @Test func unknownQueryParameterNearMiss() throws {
        let (e, checker) = try valid(Self.stripe, "GET", "/v1/customers")
        #expect(found(withQuery(e, adding: "limt=3"), checker) == ["request.param-unknown /request/query/limt"])
    }

    @Test func wrongTypeInQueryParameter() throws {
        let (e, checker) = try valid(Self.stripe, "GET", "/v1/customers")
        #expect(found(withQuery(e, removing: "limit", adding: "limit=ten"), checker) == ["request.param-invalid /request/query/limit"])
    }

    /// Regression: a scalar parameter sent twice had only its first value validated, so `limit=ten` passed unseen.
    @Test func repeatedScalarQueryParameterIsValidatedEveryTime() throws {
        let (e, checker) = try valid(Self.stripe, "GET", "/v1/customers")
        let twice = withQuery(withQuery(e, removing: "limit", adding: "limit=10"), adding: "limit=ten")
        #expect(found(twice, checker) == ["request.param-invalid /request/query/limit"])
    }

    @Test func missingRequiredQueryParameter() throws {
        let (e, checker) = try valid(Self.stripe, "GET", "/v1/customers/search")
        #expect(found(withQuery(e, removing: "query"), checker) == ["request.param-missing /request/query/query"])
    }

    @Test func unknownBodyField() throws {
        let (e, checker) = try valid(Self.stripe, "POST", "/v1/customers")
        let body = formBody(e, removing: "emial", adding: "emial=a%40b.co")
        #expect(found(withBody(e, body, contentType: "application/x-www-form-urlencoded"), checker) == ["request.body-unknown-field /request/body/emial"])
    }

    @Test func wrongBodyFieldType() throws {
        let (e, checker) = try valid(Self.stripe, "POST", "/v1/payment_intents")
        let body = formBody(e, removing: "amount", adding: "amount=10.99")
        #expect(found(withBody(e, body, contentType: "application/x-www-form-urlencoded"), checker) == ["request.body-invalid /request/body/amount"])
    }

    @Test func stringWhereFormExpectsAnObject() throws {
        let (e, checker) = try valid(Self.stripe, "POST", "/v1/refunds")
        let body = formBody(e, removing: "metadata", adding: "metadata=oops")
        #expect(found(withBody(e, body, contentType: "application/x-www-form-urlencoded"), checker) == ["request.body-invalid /request/body/metadata"])
    }

    @Test func jsonBodyOnFormEndpoint() throws {
        let (e, checker) = try valid(Self.stripe, "POST", "/v1/payment_intents")
        let json = #"{"amount": 1099, "currency": "usd"}"#
        #expect(found(withBody(e, json, contentType: "application/json"), checker) == ["request.content-type-unsupported /request/headers/Content-Type"])
    }

    @Test func missingRequiredBody() throws {
        let (e, checker) = try valid(Self.stripe, "POST", "/v1/account_links")
        #expect(found(withBody(e, nil, contentType: nil), checker) == ["request.body-missing /request/body"])
    }

    @Test func bodyOnOperationWithoutRequestBody() throws {
        let (e, checker) = try valid(Self.petstore, "GET", "/pets")
        #expect(found(withBody(e, #"{"name": "rex"}"#, contentType: "application/json"), checker) == ["request.body-unexpected /request/body"])
    }

    @Test func formBodyOnStripeGet() throws {
        // Stripe declares an empty, closed form body on its GETs: a field there is an unknown field.
        let (e, checker) = try valid(Self.stripe, "GET", "/v1/customers")
        #expect(found(withBody(e, "email=a%40b.co", contentType: "application/x-www-form-urlencoded"), checker) == ["request.body-unknown-field /request/body/email"])
    }

    @Test func wrongMethod() throws {
        var (e, checker) = try valid(Self.stripe, "GET", "/v1/customers/{customer}")
        e.request.method = "PUT"
        #expect(found(e, checker) == ["route.method-not-allowed /request/method"])
    }

    @Test func unknownPath() throws {
        var (e, checker) = try valid(Self.stripe, "GET", "/v1/customers")
        e.request.url = e.request.url.replacingOccurrences(of: "/v1/customers", with: "/v1/customer")
        #expect(found(e, checker) == ["route.unknown-path /request/url"])
    }

    @Test func missingCredentials() throws {
        var (e, checker) = try valid(Self.stripe, "GET", "/v1/customers")
        e.request.headers.removeAll { $0.name == "Authorization" }
        #expect(found(e, checker) == ["auth.missing-credentials /request/headers/Authorization"])
    }

    @Test func deprecatedOperation() throws {
        let spec = try #require(Self.stripe)
        let checker = try #require(Self.stripeChecker)
        let operation = try #require(spec.operations.first { $0.deprecated })
        let e = ExampleGenerator.exchange(for: operation, in: spec, seed: 1)
        #expect(found(e, checker) == ["operation.deprecated /request/url"])
    }

    @Test func deprecatedParameter() throws {
        let (e, checker) = try valid(Self.small, "GET", "/items")
        #expect(found(withQuery(e, removing: "old", adding: "old=x"), checker) == ["request.param-deprecated /request/query/old"])
    }

    @Test func readOnlyFieldInRequest() throws {
        let (e, checker) = try valid(Self.small, "POST", "/items")
        #expect(found(withBody(e, #"{"id": "x1", "name": "a"}"#, contentType: "application/json"), checker) == ["request.body-readonly-field /request/body/id"])
    }

    // MARK: Response mutations

    @Test func undocumentedResponseStatus() throws {
        let (e, checker) = try valid(Self.small, "POST", "/items")
        #expect(found(withResponse(e, status: 418), checker) == ["response.status-undocumented /response/status"])
    }

    @Test func responseBodyWrongType() throws {
        // (Not a customer: that response is `anyOf [customer, deleted_customer]`, and the open deleted_customer
        // branch accepts any `created`.)
        let (e, checker) = try valid(Self.stripe, "GET", "/v1/charges/{charge}")
        let body = try responseJSON(e).setting("created", to: .string("yesterday"))
        #expect(found(withResponse(e, body: body.json), checker) == ["response.body-invalid /response/body/created"])
    }

    @Test func responseContentTypeMismatch() throws {
        let (e, checker) = try valid(Self.stripe, "GET", "/v1/customers")
        #expect(found(withResponse(e, contentType: "text/html", body: "<html></html>"), checker) == ["response.content-type-mismatch /response/headers/Content-Type"])
    }

    @Test func responseMalformedJSON() throws {
        let (e, checker) = try valid(Self.stripe, "GET", "/v1/customers")
        let text = try #require(e.response?.body?.text)
        #expect(found(withResponse(e, body: String(text.dropLast(1))), checker) == ["response.body-malformed /response/body"])
    }

    @Test func missingRequiredResponseHeader() throws {
        // Stripe's spec declares no required response header; the small spec does.
        var (e, checker) = try valid(Self.small, "GET", "/items")
        e.response?.headers.removeAll { $0.name == "X-Rate-Limit" }
        #expect(found(e, checker) == ["response.header-missing /response/headers/X-Rate-Limit"])
    }

    @Test func unknownFieldInClosedResponse() throws {
        let (e, checker) = try valid(Self.small, "POST", "/items")
        let body = try responseJSON(e).setting("colour", to: .string("red"))
        #expect(found(withResponse(e, body: body.json), checker) == ["response.body-unknown-field /response/body/colour"])
    }
}
