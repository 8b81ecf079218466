import DiagnoseCore
import DiagnoseTestSupport
import Foundation
import Testing

/// Specs with values of the wrong kind anywhere must load (or be refused) without crashing.
@Suite("Spec loading robustness")
struct SpecRobustnessTests {
    static let fixtures = [
        "multifile/root.json", "recursive.json", "swagger-form.json", "fail/unresolved-ref.json", "fail/ref-cycle.json",
    ]

    /// The fixture's JSON with the node at `target` replaced by `replacement`.
    static func mutated(_ node: Node, target: Int, replacement: String, into out: inout String) {
        if node.index == target {
            out += replacement
            return
        }
        switch node.kind {
        case .object:
            out += "{"
            var first = true
            for (key, value) in node.members {
                if !first { out += "," }
                first = false
                out += JSONSerializer.serialize(key) + ":"
                mutated(value, target: target, replacement: replacement, into: &out)
            }
            out += "}"
        case .array:
            out += "["
            var first = true
            for element in node.elements {
                if !first { out += "," }
                first = false
                mutated(element, target: target, replacement: replacement, into: &out)
            }
            out += "]"
        default:
            out += JSONSerializer.serialize(node)
        }
    }

    @Test("every node replaced by every kind of value", arguments: fixtures)
    func mutations(_ fixture: String) throws {
        let url = TestPaths.fixtures.appendingPathComponent("openapi/" + fixture)
        let document = try JSONParser.parse(SourceText(name: url.path, bytes: Array(try Data(contentsOf: url))))
        var loaded = 0
        for target in 1..<document.nodeCount {
            for replacement in ["null", "\"x\"", "[{}]", "{\"$ref\": \"#\"}", "{\"$ref\": \"#/nope\"}"] {
                var text = ""
                Self.mutated(document.root, target: target, replacement: replacement, into: &text)
                // Same folder as the fixture so relative refs still resolve.
                let name = url.deletingLastPathComponent().appendingPathComponent("mutated.json").path
                if let spec = try? OpenAPI.Loader.load(text: SourceText(name: name, string: text)) {
                    loaded += 1
                    _ = OpenAPI.SpecSummary(spec).renderText()
                    _ = spec.router.route(method: "GET", url: "/customers/1")
                }
            }
        }
        #expect(loaded > 0)
    }

    @Test func wrongKindsAtTheTopLevelAreTolerated() throws {
        let text = SourceText(
            name: "wrong.json",
            string: """
                {"openapi": "3.0.3", "info": [], "servers": {"url": 1}, "security": "none",
                 "paths": {"/a": {"get": "op", "post": {"parameters": {"name": "x"}, "responses": 5, "requestBody": []}},
                           "/b/{id}": [], "x-ext": 1},
                 "components": {"securitySchemes": []}}
                """)
        let spec = try OpenAPI.Loader.load(text: text)
        #expect(spec.operations.map(\.displayName) == ["POST /a"])
        #expect(spec.title == "")
    }
}
