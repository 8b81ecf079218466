import DiagnoseCore
import DiagnoseTestSupport
import Foundation
import Testing

@Suite("Router")
struct RouterTests {
    static func spec(servers: String = "[]", paths: String) throws -> OpenAPI.Document {
        try OpenAPI.Loader.load(
            text: SourceText(
                name: "router.json",
                string:
                    #"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "servers": \#(servers), "paths": \#(paths)}"#
            ))
    }

    static func op(_ id: String, params: [String] = []) -> String {
        let declared = params.map {
            #"{"name": "\#($0)", "in": "path", "required": true, "schema": {"type": "string"}}"#
        }
        return
            #"{"operationId": "\#(id)", "parameters": [\#(declared.joined(separator: ","))], "responses": {"200": {"description": "ok"}}}"#
    }

    static func matched(_ result: OpenAPI.RouteResult, sourceLocation: Testing.SourceLocation = #_sourceLocation)
        -> OpenAPI.RouteMatch?
    {
        if case .matched(let m) = result { return m }
        Issue.record("expected a match, got \(result)", sourceLocation: sourceLocation)
        return nil
    }

    @Test func literalSegmentsBeatTemplatedOnes() throws {
        let spec = try Self.spec(
            paths: """
                {"/users/{id}": {"get": \(Self.op("getUser", params: ["id"])), "delete": \(Self.op("deleteUser", params: ["id"]))},
                 "/users/me": {"get": \(Self.op("me"))},
                 "/users/{id}/posts/latest": {"get": \(Self.op("latest", params: ["id"]))},
                 "/users/me/posts/{post}": {"get": \(Self.op("myPost", params: ["post"]))},
                 "/users/{id}/settings": {"get": \(Self.op("settings", params: ["id"]))}}
                """)
        #expect(spec.diagnostics.isEmpty, "\(spec.diagnostics)")
        let router = spec.router
        #expect(Self.matched(router.route(method: "GET", url: "/users/me"))?.operation.operationId == "me")
        #expect(Self.matched(router.route(method: "get", url: "/users/42"))?.operation.operationId == "getUser")
        // `me` is literal for GET, but DELETE only exists on the template: backtrack to it.
        let delete = Self.matched(router.route(method: "DELETE", url: "/users/me"))
        #expect(delete?.operation.operationId == "deleteUser")
        #expect(delete?.pathParams.first?.decodedValue == "me")
        // Both templates fit; the one whose first differing segment is literal wins (left to right).
        #expect(
            Self.matched(router.route(method: "GET", url: "/users/me/posts/latest"))?.operation.operationId == "myPost")
        #expect(
            Self.matched(router.route(method: "GET", url: "/users/7/posts/latest"))?.operation.operationId == "latest")
        // The literal branch dead-ends at `settings`; the templated one continues.
        let settings = Self.matched(router.route(method: "GET", url: "/users/me/settings"))
        #expect(settings?.operation.operationId == "settings")
        #expect(settings?.pathParams.map(\.decodedValue) == ["me"])
    }

    @Test func partialSegmentTemplates() throws {
        let spec = try Self.spec(
            paths: """
                {"/files/{name}.json": {"get": \(Self.op("json", params: ["name"]))},
                 "/files/{name}": {"get": \(Self.op("any", params: ["name"]))},
                 "/compare/{base}...{head}": {"get": \(Self.op("compare", params: ["base", "head"]))}}
                """)
        let router = spec.router
        let json = Self.matched(router.route(method: "GET", url: "/files/report.v2.json"))
        #expect(json?.operation.operationId == "json")
        #expect(json?.pathParams.map(\.decodedValue) == ["report.v2"])
        #expect(Self.matched(router.route(method: "GET", url: "/files/report.xml"))?.operation.operationId == "any")
        // A `/` never falls inside a parameter.
        #expect(router.route(method: "GET", url: "/compare/main...feature/x").match == nil)
        let ok = Self.matched(router.route(method: "GET", url: "/compare/v1.0...v2.0"))
        #expect(ok?.operation.operationId == "compare")
        #expect(ok?.pathParams.map(\.name) == ["base", "head"])
        #expect(ok?.pathParams.map(\.decodedValue) == ["v1.0", "v2.0"])
    }

    @Test func pathParametersArePercentDecoded() throws {
        let spec = try Self.spec(paths: #"{"/files/{name}": {"get": \#(Self.op("file", params: ["name"]))}}"#)
        let m = Self.matched(spec.router.route(method: "GET", url: "/files/a%20b%2Fc.txt?x=1#frag"))
        #expect(
            m?.pathParams == [OpenAPI.PathParameter(name: "name", rawValue: "a%20b%2Fc.txt", decodedValue: "a b/c.txt")]
        )
    }

    @Test func trailingSlashIsToleratedAndReported() throws {
        let spec = try Self.spec(
            paths: """
                {"/customers": {"get": \(Self.op("list"))}, "/things/": {"get": \(Self.op("things"))}}
                """)
        let a = Self.matched(spec.router.route(method: "GET", url: "/customers/"))
        #expect(a?.operation.operationId == "list")
        #expect(a?.trailingSlashDifference == true)
        let b = Self.matched(spec.router.route(method: "GET", url: "/customers"))
        #expect(b?.trailingSlashDifference == false)
        let c = Self.matched(spec.router.route(method: "GET", url: "/things"))
        #expect(c?.operation.operationId == "things")
        #expect(c?.trailingSlashDifference == true)
    }

    @Test func serversAreStripped() throws {
        let spec = try Self.spec(
            servers: """
                [{"url": "https://{region}.api.example.com/{version}",
                  "variables": {"region": {"default": "eu", "enum": ["eu", "us"]}, "version": {"default": "v1", "enum": ["v1", "v2"]}}},
                 {"url": "/sandbox"},
                 {"url": "https://other.example.com"}]
                """,
            paths: #"{"/charges": {"get": \#(Self.op("charges"))}}"#)
        let router = spec.router
        let eu = Self.matched(router.route(method: "GET", url: "https://eu.api.example.com/v2/charges"))
        #expect(eu?.server?.url == "https://{region}.api.example.com/{version}")
        #expect(eu?.path == "/charges")
        #expect(
            Self.matched(router.route(method: "GET", url: "/sandbox/charges", host: "localhost:8080"))?.server?.url
                == "/sandbox")
        #expect(
            Self.matched(router.route(method: "GET", url: "https://other.example.com/charges"))?.server?.url
                == "https://other.example.com")
        #expect(Self.matched(router.route(method: "GET", url: "/v1/charges"))?.operation.operationId == "charges")
        // `v3` is not in the enum, so that server does not match; no server is left.
        guard case .notFound = router.route(method: "GET", url: "https://eu.api.example.com/v3/charges") else {
            Issue.record("v3 should not match the version enum")
            return
        }
        // A relative server matches any host.
        #expect(
            Self.matched(router.route(method: "GET", url: "https://ap.api.example.com/sandbox/charges"))?.server?.url
                == "/sandbox")
    }

    @Test func unknownHostIsReportedWithThePathRouting() throws {
        let spec = try Self.spec(
            servers: """
                [{"url": "https://{region}.api.example.com/v1", "variables": {"region": {"default": "eu", "enum": ["eu", "us"]}}}]
                """,
            paths: #"{"/charges": {"get": \#(Self.op("charges"))}}"#)
        guard
            case .unknownServer(let host, let known, let match) = spec.router.route(
                method: "GET", url: "https://ap.api.example.com/v1/charges")
        else {
            Issue.record("expected unknownServer")
            return
        }
        #expect(host == "ap.api.example.com")
        #expect(known == ["https://{region}.api.example.com/v1"])
        #expect(match?.operation.operationId == "charges")
        // The Host header counts when the URL is a path; a port does not get in the way.
        #expect(
            Self.matched(spec.router.route(method: "GET", url: "/v1/charges", host: "US.api.example.com:443")) != nil)
    }

    @Test func relativeServerWithoutLeadingSlash() throws {
        let spec = try Self.spec(servers: #"[{"url": "./api/v3"}]"#, paths: #"{"/pets": {"get": \#(Self.op("pets"))}}"#)
        #expect(Self.matched(spec.router.route(method: "GET", url: "/api/v3/pets"))?.operation.operationId == "pets")
    }

    @Test func noServersMeansSlash() throws {
        let spec = try Self.spec(paths: #"{"/ping": {"get": \#(Self.op("ping"))}}"#)
        let m = Self.matched(spec.router.route(method: "GET", url: "https://anything.example/ping"))
        #expect(m?.server == nil)
        #expect(m?.operation.operationId == "ping")
    }

    @Test func methodNotAllowedListsTheAllowedMethods() throws {
        let spec = try Self.spec(
            paths: """
                {"/customers/{id}": {"get": \(Self.op("get", params: ["id"])), "post": \(Self.op("update", params: ["id"])), "delete": \(Self.op("del", params: ["id"]))}}
                """)
        guard case .methodNotAllowed(let path, let allowed) = spec.router.route(method: "PUT", url: "/customers/cus_1")
        else {
            Issue.record("expected methodNotAllowed")
            return
        }
        #expect(path == "/customers/{id}")
        #expect(allowed == ["GET", "POST", "DELETE"])
    }

    /// Unknown paths searched one after another on one router (which keeps each segment's costs) get the same
    /// suggestions as each searched alone on a fresh router.
    @Test func suggestionsDoNotDependOnEarlierSearches() throws {
        let paths = """
            {"/v1/customers": {"get": \(Self.op("a"))}, "/v1/customers/{id}": {"get": \(Self.op("b", params: ["id"]))},
             "/v1/charges": {"get": \(Self.op("c"))}, "/v1/charges/{id}/refunds": {"get": \(Self.op("d", params: ["id"]))},
             "/v1/refunds": {"get": \(Self.op("e"))}, "/v2/core/events": {"get": \(Self.op("f"))}}
            """
        let unknown = [
            "/v1/customer", "/v1/customerz/cus_1", "/v1/charge", "/v1/charges/ch_1/refund", "/v1/refund", "/v1/customer",
            "/v2/core/event", "/v1/charges/ch_1/refundz", "/v1/customerz/cus_2", "/v3/refunds", "/v1/chargez",
        ]
        let shared = try Self.spec(servers: #"[{"url": "https://api.example.com"}]"#, paths: paths)
        for path in unknown {
            let fresh = try Self.spec(servers: #"[{"url": "https://api.example.com"}]"#, paths: paths)
            guard case .notFound(let alone) = fresh.router.route(method: "GET", url: "https://api.example.com" + path),
                case .notFound(let after) = shared.router.route(method: "GET", url: "https://api.example.com" + path)
            else {
                Issue.record("\(path) was routed")
                continue
            }
            #expect(after == alone, "\(path)")
            #expect(!alone.isEmpty, "\(path) has suggestions")
        }
    }

    @Test func notFoundSuggestsFullPathsWithTheServerBase() throws {
        let spec = try Self.spec(
            servers: #"[{"url": "https://api.example.com/{version}", "variables": {"version": {"default": "v1"}}}]"#,
            paths: """
                {"/products": {"get": \(Self.op("products"))}, "/products/{id}": {"get": \(Self.op("product", params: ["id"]))},
                 "/history": {"get": \(Self.op("history"))}}
                """)
        guard case .notFound(let typo) = spec.router.route(method: "GET", url: "/v1/prodcts") else {
            Issue.record("expected notFound")
            return
        }
        #expect(typo.first == "/v1/products")
        // The base path is missing: the suggestion puts it back.
        guard case .notFound(let missingBase) = spec.router.route(method: "GET", url: "/products") else {
            Issue.record("expected notFound")
            return
        }
        #expect(missingBase.first == "/v1/products")
    }
}

@Suite("Router over Stripe's spec", .enabled(if: SpecCorpus.available, TestPaths.corpusMissing))
struct RouterStripeTests {
    static let spec: OpenAPI.Document? = try? OpenAPI.Loader.load(path: SpecCorpus.path("specs/stripe/spec3.json"))

    @Test(
        arguments: [
            (
                "POST", "https://api.stripe.com/v1/customers/cus_123/sources", "PostCustomersCustomerSources",
                ["customer": "cus_123"]
            ),
            ("GET", "https://api.stripe.com/v1/customers/search?query=x", "GetCustomersSearch", [:]),
            ("GET", "/v1/customers/cus_123", "GetCustomersCustomer", ["customer": "cus_123"]),
            (
                "DELETE", "/v1/customers/cus_123/sources/card_9", "DeleteCustomersCustomerSourcesId",
                ["customer": "cus_123", "id": "card_9"]
            ),
            ("GET", "/v1/payment_intents/pi_1/", "GetPaymentIntentsIntent", ["intent": "pi_1"]),
            ("POST", "/v1/payment_intents/pi_1/confirm", "PostPaymentIntentsIntentConfirm", ["intent": "pi_1"]),
        ] as [(String, String, String, [String: String])])
    func routes(_ method: String, _ url: String, _ operationId: String, _ params: [String: String]) throws {
        let spec = try #require(Self.spec)
        let m = try #require(spec.router.route(method: method, url: url, host: "api.stripe.com").match)
        #expect(m.operation.operationId == operationId)
        #expect(Dictionary(uniqueKeysWithValues: m.pathParams.map { ($0.name, $0.decodedValue) }) == params)
        #expect(m.trailingSlashDifference == url.hasSuffix("/"))
    }

    /// The nearest-path search (literal ids, costs shared across templates) ranks exactly as the plain definition
    /// does: an edit distance over segments where a literal costs the share of its bytes that differ, a parameter
    /// nothing (a lone one: any non-empty segment), and inserting or deleting a segment 1; top three within 1.0,
    /// ties by name. Every other template of Stripe's spec, mangled several ways, through one router: its segment
    /// costs are kept across searches (`v1` and most resource names recur), so later searches read earlier costs.
    @Test func nearestPathsMatchThePlainDefinition() throws {
        let spec = try #require(Self.spec)
        let templates = Array(Set(spec.router.operations.map(\.pathTemplate)))
        var checked = 0
        for (index, template) in templates.sorted().enumerated() where index % 2 == 0 {
            let filled = template.replacingOccurrences(of: #"\{[^}]+\}"#, with: "x_1", options: .regularExpression)
            var segments = filled.split(separator: "/").map(String.init)
            guard !segments.isEmpty else { continue }
            var variants: [[String]] = []
            var typo = segments
            typo[typo.count - 1] = String(typo[typo.count - 1].dropLast())
            variants.append(typo)
            variants.append(segments + ["extra"])
            variants.append(Array(segments.dropLast()) + ["zzz_" + segments.last!])
            if segments.count > 2 { segments.swapAt(1, 2); variants.append(segments) }
            for variant in variants {
                let path = "/" + variant.joined(separator: "/")
                guard case .notFound(let nearest) = spec.router.route(method: "GET", url: "https://api.stripe.com" + path)
                else { continue }
                #expect(nearest == Self.plainNearest(variant, templates: templates), "\(path)")
                checked += 1
            }
        }
        #expect(checked > 250)
    }

    /// The plain definition the search is held to (server base path empty, as in Stripe's spec).
    static func plainNearest(_ request: [String], templates: [String]) -> [String] {
        func cost(_ template: String, _ segment: String) -> Double {
            if !template.contains("{") {
                if template == segment { return 0 }
                let a = Array(template.utf8)
                let b = Array(segment.utf8)
                // Levenshtein over bytes.
                var row = Array(0...b.count)
                for i in 1...max(a.count, 1) where !a.isEmpty {
                    var diagonal = row[0]
                    row[0] = i
                    for j in 1...max(b.count, 1) where !b.isEmpty {
                        let above = row[j]
                        row[j] = min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1))
                        diagonal = above
                    }
                }
                return Double(a.isEmpty ? b.count : row[b.count]) / Double(max(a.count, b.count, 1))
            }
            let pattern = "^" + NSRegularExpression.escapedPattern(for: template)
                .replacingOccurrences(of: #"\\\{[^}]*\}"#, with: ".+", options: .regularExpression) + "$"
            return segment.range(of: pattern, options: .regularExpression) != nil ? 0 : 0.5
        }
        var scored: [(String, Double)] = []
        for template in templates {
            let parts = template.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init)
            guard abs(request.count - parts.count) <= 1 else { continue }
            var previous = (0...parts.count).map(Double.init)
            for i in 1...request.count {
                var current = [Double(i)] + Array(repeating: 0, count: parts.count)
                for j in 1...max(parts.count, 1) where !parts.isEmpty {
                    current[j] = min(
                        previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost(parts[j - 1], request[i - 1]))
                }
                previous = current
            }
            if previous[parts.count] <= 1.0 { scored.append((template, previous[parts.count])) }
        }
        scored.sort { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }
        return scored.prefix(3).map(\.0)
    }

    @Test func misspelledPathSuggestsTheNearest() throws {
        let spec = try #require(Self.spec)
        guard case .notFound(let nearest) = spec.router.route(method: "GET", url: "https://api.stripe.com/v1/customer")
        else {
            Issue.record("expected notFound")
            return
        }
        #expect(nearest.first == "/v1/customers")
    }

    @Test func wrongMethodListsAllowed() throws {
        let spec = try #require(Self.spec)
        guard
            case .methodNotAllowed(let path, let allowed) = spec.router.route(method: "PUT", url: "/v1/customers/cus_1")
        else {
            Issue.record("expected methodNotAllowed")
            return
        }
        #expect(path == "/v1/customers/{customer}")
        #expect(allowed == ["GET", "POST", "DELETE"])
    }

    @Test func routingIsFast() throws {
        let spec = try #require(Self.spec)
        let urls = spec.operations.map { op in
            op.pathTemplate.replacingOccurrences(of: "{", with: "x").replacingOccurrences(of: "}", with: "")
        }
        let clock = ContinuousClock()
        var matched = 0
        let elapsed = clock.measure {
            for _ in 0..<10 {
                for (op, url) in zip(spec.operations, urls) {
                    if spec.router.route(method: op.method, url: url).match != nil { matched += 1 }
                }
            }
        }
        #expect(matched == spec.operations.count * 10)
        // Generous bound for debug builds on a shared machine: 4,170 lookups.
        #expect(elapsed < .seconds(2), "\(elapsed)")
    }
}
