@testable import DiagnoseCore
import DiagnoseTestSupport
import Foundation
import Testing

/// `diagnose check` over Stripe's spec: valid calls give no findings; each mistake gives exactly its rule at its place.
@Suite("Spec checker on Stripe", .enabled(if: TestPaths.hasCorpus, TestPaths.corpusMissing))
struct SpecCheckerStripeTests {
    static let checker: SpecChecker? = {
        guard let path = TestPaths.corpus("specs/stripe/spec3.json")?.path,
            let spec = try? OpenAPI.Loader.load(path: path)
        else { return nil }
        return SpecChecker(spec: spec)
    }()

    static func exchange(
        _ method: String, _ url: String, body: String? = nil, contentType: String = "application/x-www-form-urlencoded",
        headers: [HTTPHeader] = [HTTPHeader(name: "Authorization", value: "Bearer sk_test_abc")],
        status: Int? = nil, responseBody: String? = nil
    ) -> Exchange {
        var allHeaders = headers
        if body != nil { allHeaders.append(HTTPHeader(name: "Content-Type", value: contentType)) }
        let request = HTTPRequest(
            method: method, url: url, headers: allHeaders, body: body.map { HTTPBody(text: $0, mediaType: contentType) })
        var response: HTTPResponse?
        if let status {
            response = HTTPResponse(
                status: status, headers: [HTTPHeader(name: "Content-Type", value: "application/json")],
                body: responseBody.map { HTTPBody(text: $0, mediaType: "application/json") })
        }
        return Exchange(request: request, response: response, source: SourceRef(file: "t.har", entry: 1))
    }

    func rules(_ e: Exchange) throws -> [String] {
        let checker = try #require(Self.checker)
        return checker.check(e).map { "\($0.rule) \($0.location)" }
    }

    @Test func validCallsHaveNoFindings() throws {
        #expect(try rules(Self.exchange("GET", "https://api.stripe.com/v1/customers?limit=10&expand[]=data.default_source&created[gte]=1700000000")) == [])
        #expect(try rules(Self.exchange("POST", "https://api.stripe.com/v1/customers", body: "email=a%40b.co&metadata[order_id]=6735&preferred_locales[0]=en")) == [])
        #expect(try rules(Self.exchange("POST", "https://api.stripe.com/v1/payment_intents", body: "amount=2000&currency=usd&payment_method_types[]=card&description=")) == [])
        #expect(try rules(Self.exchange("GET", "https://api.stripe.com/v1/customers/search?query=email%3A%27a%40b.co%27")) == [])
    }

    @Test func findsEachMistakeAtItsPlace() throws {
        #expect(try rules(Self.exchange("GET", "https://api.stripe.com/v1/customers?limt=10")) == ["request.param-unknown /request/query/limt"])
        #expect(try rules(Self.exchange("GET", "https://api.stripe.com/v1/customers?limit=ten")) == ["request.param-invalid /request/query/limit"])
        #expect(try rules(Self.exchange("POST", "https://api.stripe.com/v1/payment_intents", body: "amount=10.99&currency=usd")) == ["request.body-invalid /request/body/amount"])
        #expect(try rules(Self.exchange("POST", "https://api.stripe.com/v1/payment_intents", body: "amount=1099&curency=usd")).sorted()
            == ["request.body-invalid /request/body/currency", "request.body-unknown-field /request/body/curency"])
        #expect(try rules(Self.exchange("POST", "https://api.stripe.com/v1/payment_intents", body: #"{"amount": 1099}"#, contentType: "application/json"))
            == ["request.content-type-unsupported /request/headers/Content-Type"])
        #expect(try rules(Self.exchange("GET", "https://api.stripe.com/v1/customer")) == ["route.unknown-path /request/url"])
        #expect(try rules(Self.exchange("PUT", "https://api.stripe.com/v1/customers/cus_1")) == ["route.method-not-allowed /request/method"])
        #expect(try rules(Self.exchange("GET", "https://api.stripe.com/v1/customers", headers: [])) == ["auth.missing-credentials /request/headers/Authorization"])
        #expect(try rules(Self.exchange("GET", "https://api.stripe.com/v1/customers/cus_1", status: 200, responseBody: #"{"id": "cus_1", "object": "customer", "created": "yesterday"}"#)).contains("response.body-invalid /response/body/created"))
    }
}

/// Security requirements on a small spec of its own (no corpus): credentials are found whatever the case of the
/// scheme word, a scheme word without a credential after it is none, any one alternative is enough, and the
/// finding names every alternative (schemes in name order) when none is met.
@Suite("Spec checker: security requirements")
struct SecurityRequirementTests {
    static let spec = #"""
        {"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
         "servers": [{"url": "https://api.example.com"}],
         "security": [{"bearer": []}, {"basic": []}, {"key": [], "session": []}, {"query": []}],
         "components": {"securitySchemes": {
           "bearer": {"type": "http", "scheme": "Bearer"},
           "basic": {"type": "http", "scheme": "basic"},
           "key": {"type": "apiKey", "in": "header", "name": "X-Api-Key"},
           "session": {"type": "apiKey", "in": "cookie", "name": "sid"},
           "query": {"type": "apiKey", "in": "query", "name": "api_key"}}},
         "paths": {"/things": {"get": {"responses": {"200": {"description": "ok"}}}}}}
        """#

    func findings(_ headers: [(String, String)], query: String = "") throws -> [Finding] {
        let checker = SpecChecker(spec: try OpenAPI.Loader.load(text: SourceText(name: "security.json", string: Self.spec)))
        let request = HTTPRequest(
            method: "GET", url: "https://api.example.com/things" + query,
            headers: headers.map { HTTPHeader(name: $0.0, value: $0.1) })
        return checker.check(Exchange(request: request, response: nil, source: SourceRef(file: "t.har", entry: 1)))
            .filter { $0.rule == "auth.missing-credentials" }
    }

    @Test func anyAlternativeInAnyCaseIsEnough() throws {
        for headers in [
            [("Authorization", "Bearer sk_test_1")], [("authorization", "BEARER sk_test_1")],
            [("AUTHORIZATION", "bearer x")], [("Authorization", "Basic c2tfdGVzdF8xOg==")],
            [("Authorization", "bAsIc c2tfdGVzdF8xOg==")], [("X-Api-Key", "k"), ("Cookie", "sid=1")],
        ] {
            #expect(try findings(headers).isEmpty, "\(headers)")
        }
        #expect(try findings([], query: "?api_key=k").isEmpty)
    }

    @Test func aSchemeWordAloneOrHalfAnAlternativeIsNoCredential() throws {
        for headers in [
            [], [("Authorization", "Bearer")], [("Authorization", "Bearer ")], [("Authorization", "Bearersk_test_1")],
            [("Authorization", "Token sk_test_1")], [("X-Authorization", "Bearer sk_test_1")], [("X-Api-Key", "k")],
        ] {
            let found = try findings(headers)
            #expect(found.count == 1, "\(headers)")
            #expect(
                found.first?.expected
                    == "a Bearer token (bearer) or HTTP Basic credentials (basic) or API key 'X-Api-Key' in the header (key) + API key 'sid' in the cookie (session) or API key 'api_key' in the query (query)")
        }
    }
}

/// A HAR file records a JSON body as a JSON string. Compact bodies (whose only escapes there are `\"`) are checked
/// where they lie, without an unescaped copy; every other body is decoded first. Either way the findings are those
/// of the same body read as plain bytes.
@Suite("Spec checker: bodies recorded in HAR strings")
struct RecordedBodyTests {
    static let spec = #"""
        {"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
         "servers": [{"url": "https://api.example.com"}],
         "paths": {"/things": {"post": {
           "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/thing"}}}},
           "responses": {"200": {"description": "ok", "content": {"application/json": {
             "schema": {"$ref": "#/components/schemas/thing"}}}}}}}},
         "components": {"schemas": {"thing": {"type": "object", "required": ["id"], "additionalProperties": false,
           "properties": {"id": {"type": "string", "maxLength": 8}, "amount": {"type": "integer"},
             "livemode": {"type": "boolean"}, "tags": {"type": "array", "items": {"type": "string"}}}}}}}
        """#

    static let bodies = [
        #"{"id":"th_1","amount":5,"livemode":false,"tags":["a","b"]}"#,
        #"{"id":"th_1","amount":"5"}"#,
        #"{"id":"th_1","extra":1}"#,
        #"{"amount":5}"#,
        #"{"id":"th_123456789"}"#,
        #"{"id":"é€😀"}"#,
        "{\n  \"id\": \"th_1\",\n  \"amount\": 5\n}",
        "{\n  \"id\": \"th_1\",\n  \"amount\": 5.5\n}",
        #"{"id":"a\\b","tags":["\"q\""]}"#,
        #"{"id":"\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9"}"#,
        #"{"id":"th_1"} x"#,
        #"{"id":"th_1","#,
    ]

    static func har(_ body: String) -> String {
        let text = JSONSerializer.quote(body)
        return #"""
            {"log": {"version": "1.2", "creator": {"name": "t", "version": "1"}, "entries": [
              {"startedDateTime": "2024-05-01T00:00:00Z", "time": 1,
               "request": {"method": "POST", "url": "https://api.example.com/things", "httpVersion": "HTTP/1.1",
                 "headers": [{"name": "Content-Type", "value": "application/json"}], "queryString": [], "cookies": [],
                 "headersSize": -1, "bodySize": -1, "postData": {"mimeType": "application/json", "text": \#(text)}},
               "response": {"status": 200, "statusText": "OK", "httpVersion": "HTTP/1.1", "cookies": [],
                 "headers": [{"name": "Content-Type", "value": "application/json"}],
                 "content": {"size": -1, "mimeType": "application/json", "text": \#(text)},
                 "redirectURL": "", "headersSize": -1, "bodySize": -1},
               "cache": {}, "timings": {"send": 0, "wait": 1, "receive": 0}}]}}
            """#
    }

    static func summary(_ findings: [Finding]) -> [String] {
        findings.map { "\($0.rule) \($0.location) \($0.message)" }
    }

    @Test(arguments: [false, true])
    func findingsEqualThoseOfThePlainBytes(strict: Bool) throws {
        var options = CheckOptions()
        options.strict = strict
        let checker = SpecChecker(spec: try OpenAPI.Loader.load(text: SourceText(name: "t.json", string: Self.spec)), options: options)
        var readInPlace = 0
        for body in Self.bodies {
            let items = Array(try TraceReader(bytes: Array(Self.har(body).utf8), name: "t.har"))
            guard case .exchange(let recorded) = try #require(items.first) else {
                Issue.record("no exchange for \(body)")
                continue
            }
            let exchange = recorded.withDecodedBodies
            if exchange.response?.body?.readsInPlace == true, case .jsonString = exchange.response!.body!.storage {
                readInPlace += 1
            }
            var plain = recorded
            plain.request.body = HTTPBody(bytes: Array(body.utf8), mediaType: "application/json")
            plain.response?.body = HTTPBody(bytes: Array(body.utf8), mediaType: "application/json")
            let found = Self.summary(checker.check(exchange))
            #expect(found == Self.summary(checker.check(plain)), "\(body)")
            #expect(found.isEmpty == [0, 5, 6, 8].contains(Self.bodies.firstIndex(of: body)!), "\(body): \(found)")
        }
        // The compact bodies (no backslash or newline in them) stayed as recorded.
        #expect(readInPlace == 8)
    }
}
