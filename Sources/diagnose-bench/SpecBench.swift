import DiagnoseCore
import Foundation

/// `make bench` sections `spec-json` and `spec-yaml`: time to load Stripe's spec (read + parse + index + resolve every
/// `$ref` across files + build operations and router), best of 5, and the process's peak memory.
enum SpecBench {
    static func runJSON() throws { try run("spec3.json") }
    static func runYAML() throws { try run("spec3.yaml") }

    static func run(_ name: String) throws {
        guard let corpus = Measure.corpus else {
            print("spec: ../shared/corpus absent, skipped")
            return
        }
        let path = corpus.appendingPathComponent("specs/stripe/\(name)").path
        var operations = 0
        var compiled = 0
        let loadOnly = try Measure.best(runs: 5) { _ = try OpenAPI.Loader.load(path: path) }
        print("spec: load only \(Measure.fmt(loadOnly * 1000)) ms")
        let time = try Measure.best(runs: 5) {
            let spec = try OpenAPI.Loader.load(path: path)
            operations = spec.operations.count
            let registry = SchemaRegistry()
            let dialect: SchemaDialect = spec.kind == .openapi31 ? .oas31 : .oas30
            for (display, uri) in spec.fileURIs { registry.register(spec.files[display]!, uri: uri, dialect: dialect) }
            // Every component schema and every schema the operations use, compiled with all it reaches.
            compiled = 0
            for op in spec.operations {
                var refs: [SchemaRef] = op.parameters.compactMap(\.schema)
                refs += op.requestBody?.content.compactMap(\.schema) ?? []
                for r in op.responses { refs += r.content.compactMap(\.schema) + r.headers.compactMap(\.schema) }
                for ref in refs {
                    _ = SchemaValidator(registry: registry, schema: ref.node, dialect: dialect)
                    compiled += 1
                }
            }
            if let schemas = spec.rootDocument.root["components"]?["schemas"] {
                for (_, schema) in schemas.members {
                    _ = SchemaValidator(registry: registry, schema: schema, dialect: dialect).prepare()
                    compiled += 1
                }
            }
        }
        print("spec: compiled \(compiled) schema nodes (counted per validator)")
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        print(
            "spec: stripe/\(name) (\(Measure.fmt(Measure.mb(size))) MB, \(operations) operations): "
                + "\(Measure.fmt(time * 1000)) ms to load; peak memory \(Measure.fmt(Measure.peakMemoryMB())) MB")
    }
}
