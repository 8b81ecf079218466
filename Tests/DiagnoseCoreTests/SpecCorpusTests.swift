import DiagnoseCore
import DiagnoseTestSupport
import Foundation
import Testing

/// The shared corpus: `TestPaths.corpus`, or `DIAGNOSE_CORPUS` when the package is checked out elsewhere (worktrees).
enum SpecCorpus {
    static let root: URL? = {
        if let c = TestPaths.corpus { return c }
        if let env = ProcessInfo.processInfo.environment["DIAGNOSE_CORPUS"], FileManager.default.fileExists(atPath: env)
        {
            return URL(fileURLWithPath: env)
        }
        return nil
    }()
    static var available: Bool { root != nil }
    static func path(_ relative: String) -> String { root!.appendingPathComponent(relative).path }

    /// Every root spec under `specs/` (files with `openapi` or `swagger` at the top), relative to the corpus.
    static let specs: [String] = {
        guard let root else { return [] }
        let folder = root.appendingPathComponent("specs")
        let all = FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String } ?? []
        return all.filter { name in
            guard name.hasSuffix(".json") || name.hasSuffix(".yaml"), !name.hasPrefix("oas-schemas") else {
                return false
            }
            guard let head = try? FileHandle(forReadingFrom: folder.appendingPathComponent(name)).read(upToCount: 4096)
            else { return false }
            let text = String(decoding: head, as: UTF8.self)
            return name.hasPrefix("stripe/") || text.contains("\"openapi\"") || text.contains("\"swagger\"")
                || text.contains("openapi:")
                || text.contains("swagger:")
        }.filter { name in
            // petstore-separate holds one root (spec/swagger.*) and fragment files.
            !name.contains("petstore-separate") || name.contains("/spec/swagger.")
        }.map { "specs/" + $0 }.sorted()
    }()
}

/// One routed request and the template it must reach.
struct CorpusRoute: Sendable, CustomStringConvertible {
    let method: String
    let url: String
    let template: String
    var description: String { "\(method) \(url)" }
}

@Suite("Spec corpus: OAI examples and Stripe", .enabled(if: SpecCorpus.available, TestPaths.corpusMissing))
struct SpecCorpusTests {
    /// Expected operation counts and routes, keyed by `version/name` (the JSON and YAML variants, in both copies of
    /// the OAI examples, share an entry).
    static let expected: [String: (operations: Int, routes: [CorpusRoute])] = [
        "v2.0/api-with-examples": (2, [r("GET", "/", "/"), r("GET", "/v2", "/v2")]),
        "v2.0/petstore-expanded": (
            4, [r("GET", "http://petstore.swagger.io/api/pets", "/pets"), r("DELETE", "/api/pets/7", "/pets/{id}")]
        ),
        "v2.0/petstore-minimal": (1, [r("GET", "http://petstore.swagger.io/api/pets?limit=3", "/pets")]),
        "v2.0/swagger": (4, [r("GET", "/api/pets/3", "/pets/{id}"), r("POST", "/api/pets", "/pets")]),
        "v2.0/petstore-simple": (4, [r("GET", "/api/pets/3", "/pets/{id}")]),
        "v2.0/petstore-with-external-docs": (4, [r("DELETE", "/api/pets/3", "/pets/{id}")]),
        "v2.0/petstore": (
            3, [r("GET", "http://petstore.swagger.io/v1/pets/12", "/pets/{petId}"), r("POST", "/v1/pets", "/pets")]
        ),
        "v2.0/uber": (
            5, [r("GET", "https://api.uber.com/v1/estimates/time", "/estimates/time"), r("GET", "/v1/me", "/me")]
        ),
        "v3.0/api-with-examples": (2, [r("GET", "/v2", "/v2")]),
        "v3.0/callback-example": (1, [r("POST", "/streams?callbackUrl=x", "/streams")]),
        "v3.0/link-example": (
            6,
            [
                r(
                    "POST", "/2.0/repositories/alice/repo/pullrequests/7/merge",
                    "/2.0/repositories/{username}/{slug}/pullrequests/{pid}/merge"),
                r("GET", "/2.0/repositories/alice", "/2.0/repositories/{username}"),
            ]
        ),
        "v3.0/petstore-expanded": (4, [r("GET", "https://petstore.swagger.io/v2/pets/1", "/pets/{id}")]),
        "v3.0/petstore": (3, [r("GET", "http://petstore.swagger.io/v1/pets", "/pets")]),
        "v3.0/uspto": (
            3,
            [
                r("GET", "https://developer.uspto.gov/ds-api/", "/"),
                r("POST", "http://developer.uspto.gov/ds-api/oa_citations/v1/records", "/{dataset}/{version}/records"),
            ]
        ),
        "v3.1/non-oauth-scopes": (1, [r("GET", "/users", "/users")]),
        "v3.1/tictactoe": (3, [r("PUT", "/board/1/3", "/board/{row}/{column}"), r("GET", "/board", "/board")]),
        "v3.1/webhook-example": (0, []),
        "v3.2/3.2-tags-example": (4, [r("GET", "/flights/international", "/flights/international")]),
        "stripe/spec3": (
            417,
            [
                r("POST", "https://api.stripe.com/v1/customers/cus_123/sources", "/v1/customers/{customer}/sources"),
                r("GET", "/v1/customers/search?query=email:'a@b.c'", "/v1/customers/search"),
            ]
        ),
    ]

    static func r(_ method: String, _ url: String, _ template: String) -> CorpusRoute {
        CorpusRoute(method: method, url: url, template: template)
    }

    static func key(_ path: String) -> String {
        let parts = path.split(separator: "/")
        let file = parts.last!
        let name = file[..<(file.lastIndex(of: ".") ?? file.endIndex)]
        let version = parts.first { $0.hasPrefix("v2") || $0.hasPrefix("v3") || $0 == "stripe" } ?? ""
        return "\(version)/\(name)"
    }

    @Test func corpusIsComplete() {
        #expect(SpecCorpus.specs.count >= 30)
        #expect(SpecCorpus.specs.contains("specs/stripe/spec3.json"))
        #expect(SpecCorpus.specs.contains("specs/oai-examples/v2.0/json/petstore-separate/spec/swagger.json"))
    }

    @Test("loads, counts operations and routes requests", arguments: SpecCorpus.specs)
    func loads(_ path: String) throws {
        let spec = try OpenAPI.Loader.load(path: SpecCorpus.path(path))
        #expect(!spec.hasErrors, "\(spec.diagnostics)")
        let entry = try #require(Self.expected[Self.key(path)], "no expectation for \(Self.key(path))")
        #expect(spec.operations.count == entry.operations)
        for route in entry.routes {
            let result = spec.router.route(method: route.method, url: route.url)
            guard case .matched(let match) = result else {
                Issue.record("\(route) did not route: \(result)")
                continue
            }
            #expect(match.operation.pathTemplate == route.template, "\(route)")
            #expect(match.operation.method == route.method)
        }
        if path.contains("petstore-separate") {
            #expect(spec.files.count == 5)
            let body = try #require(spec.operation(id: "addPet")?.requestBody?.content.first?.schema)
            let newPet = try #require(spec.resolveReference(body.node["$ref"]!.stringValue!, from: body))
            #expect(newPet.file.hasSuffix("NewPet.\(path.hasSuffix("json") ? "json" : "yaml")"))
        }
        if path.contains("webhook-example") {
            #expect(spec.webhooks.map(\.pathTemplate) == ["newPet"])
        }
    }
}
