import DiagnoseCore
import DiagnoseTestSupport
import Foundation
import Testing

/// A canonical text of everything the model holds, for comparing two loads.
func specFingerprint(_ spec: OpenAPI.Document) -> String {
    var out = "\(spec.specVersion) \(spec.kind) \(spec.title) \(spec.version)\n"
    for server in spec.servers {
        out +=
            "server \(server.url) \(server.variables.map { "\($0.name)=\($0.defaultValue)\($0.enumValues ?? [])" })\n"
    }
    for name in spec.securitySchemeNames {
        let s = spec.securitySchemes[name]!
        out += "scheme \(name) \(s.type) \(s.scheme ?? "-") \(s.location?.rawValue ?? "-") \(s.parameterName ?? "-")\n"
    }
    out += "security \(spec.security.map { $0.sorted { $0.key < $1.key }.map { "\($0.key)\($0.value)" } })\n"
    func schema(_ s: SchemaRef?) -> String {
        guard let s else { return "-" }
        return "\(s.pointer)@\(s.location.line):\(JSONSerializer.serialize(s.node))"
    }
    func media(_ list: [OpenAPI.MediaType]) -> String {
        list.map { m in
            "\(m.mediaType)=\(schema(m.schema)) enc\(m.encoding.sorted { $0.key < $1.key }.map { "\($0.key):\($0.value.style ?? "-")/\($0.value.explode.map(String.init) ?? "-")" })"
        }.joined(separator: "; ")
    }
    for op in spec.operations + spec.webhooks {
        out += "\(op.displayName) id=\(op.operationId ?? "-") tags=\(op.tags) deprecated=\(op.deprecated)"
        out +=
            " security=\(op.security.map { "\($0)" } ?? "inherit") at \(op.location.line):\(op.location.column) \(op.location.pointer ?? "")\n"
        for p in op.parameters {
            out +=
                "  param \(p.location) \(p.name) req=\(p.required) \(p.style)/\(p.explode) \(schema(p.schema)) at \(p.sourceLocation.line)\n"
        }
        if let body = op.requestBody { out += "  body req=\(body.required) \(media(body.content))\n" }
        for r in op.responses {
            out += "  \(r.status) headers=\(r.headers.map { "\($0.name):\(schema($0.schema))" }) \(media(r.content))\n"
        }
    }
    for d in spec.diagnostics { out += "diagnostic \(d.id) \(d.location?.description ?? "")\n" }
    return out
}

@Suite("Spec formats: JSON and YAML give the same model")
struct SpecFormatsTests {
    @Test func jsonVariantLoads() throws {
        let spec = try loadFixtureSpec("formats/pets.json")
        #expect(spec.diagnostics.isEmpty, "\(spec.diagnostics)")
        #expect(
            spec.operations.map(\.displayName) == ["GET /pets", "POST /pets", "GET /pets/{id}", "DELETE /pets/{id}"])
        #expect(spec.operation(id: "deletePet")?.security?.isEmpty == true)
        #expect(spec.operation(id: "getPet")?.security == nil)
        let m = try #require(spec.router.route(method: "DELETE", url: "https://sandbox.pets.example/v1/pets/p1").match)
        #expect(m.operation.operationId == "deletePet")
    }

    @Test func yamlAndJSONGiveTheSameModel() throws {
        let json = try loadFixtureSpec("formats/pets.json")
        let yaml = try loadFixtureSpec("formats/pets.yaml")
        #expect(yaml.diagnostics.isEmpty, "\(yaml.diagnostics)")
        // Same model; only source positions differ, so compare without them.
        func stripped(_ s: String) -> String {
            s.split(separator: "\n").map { line in
                line.replacingOccurrences(of: #"@\d+:|at \d+(:\d+)?"#, with: "@", options: .regularExpression)
            }.joined(separator: "\n")
        }
        #expect(stripped(specFingerprint(json)) == stripped(specFingerprint(yaml)))
    }
}
