import DiagnoseCore
import Foundation

/// `schema`: validation throughput against Stripe's schemas (a 133-value `charge` object, valid and invalid),
/// compiled once; instances/s and MB/s of instance JSON.
enum SchemaBench {
    static func run() throws {
        print("## Schema validation (Stripe spec3.json, compiled once)")
        guard let corpus = Measure.corpus else {
            print("schema: ../shared/corpus absent, skipped")
            return
        }
        let specText = try SourceText.read(path: corpus.appendingPathComponent("specs/stripe/spec3.json").path)
        let spec = try JSONParser.parse(specText)
        let registry = SchemaRegistry()
        registry.register(spec, uri: "file:///stripe/spec3.json", dialect: .oas30)
        let compileStart = Measure.now()
        let validator = try SchemaValidator(registry: registry, uri: "file:///stripe/spec3.json", pointer: JSONPointer(tokens: ["components", "schemas", "charge"]))
        _ = validator.prepare()
        print("compile charge with everything it reaches: \(Measure.fmt((Measure.now() - compileStart) * 1000)) ms")
        let instanceText = try SourceText.read(path: "Tests/DiagnoseCoreTests/Fixtures/schema/bench/charge.json")
        let instance = try JSONParser.parse(instanceText).root
        guard validator.isValid(instance) else { throw DiagnoseFailure("the benchmark charge does not validate") }
        let n = 200_000
        var ok = 0
        let valid = Measure.best(runs: 3) { ok = 0; for _ in 0..<n where validator.isValid(instance) { ok += 1 } }
        let bytes = Double(instanceText.bytes.count)
        print("valid charge (\(instanceText.bytes.count) bytes): \(Measure.fmt(Double(n) / valid, 0)) validations/s, \(Measure.fmt(valid / Double(n) * 1e6, 2)) µs each, \(Measure.fmt(bytes * Double(n) / valid / 1e6)) MB/s")
        let text = instanceText.bytes
        var fromBytes = 0
        let read = Measure.best(runs: 3) {
            fromBytes = 0
            for _ in 0..<n where validator.isValid(json: text, options: ValidationOptions()) == true { fromBytes += 1 }
        }
        guard fromBytes == n else { throw DiagnoseFailure("the byte reader did not accept the benchmark charge") }
        print("valid charge read from its bytes (no document): \(Measure.fmt(Double(n) / read, 0)) validations/s, \(Measure.fmt(read / Double(n) * 1e6, 2)) µs each, \(Measure.fmt(bytes * Double(n) / read / 1e6)) MB/s")
        let bad = try JSONParser.parse(JSONSerializer.serialize(instance).replacingOccurrences(of: "\"amount\":1099", with: "\"amount\":\"1099\""))
        let m = 20_000
        var errors = 0
        let invalid = Measure.best(runs: 3) { errors = 0; for _ in 0..<m { errors += validator.validate(bad.root).errors.count } }
        print("invalid charge, errors explained: \(Measure.fmt(Double(m) / invalid, 0)) validations/s, \(Measure.fmt(invalid / Double(m) * 1e6, 2)) µs each (\(errors / m) error)")
        try workload(corpus: corpus)
        print("peak memory: \(Measure.fmt(Measure.peakMemoryMB())) MB")
    }

    /// Request and response bodies generated from the spec for every operation (seeded), each validated against
    /// its own schema with the validator the checks use: instances/s and MB/s over the whole mix.
    static func workload(corpus: URL) throws {
        let spec = try OpenAPI.Loader.load(path: corpus.appendingPathComponent("specs/stripe/spec3.json").path)
        let checker = SpecChecker(spec: spec)
        var generator = ExampleGenerator(spec: spec, seed: 2024)
        var cases: [(SchemaValidator, Document, [UInt8], ValidationOptions.Mode)] = []
        var bytes = 0
        for operation in spec.operations {
            if let schema = operation.requestBody?.content.first?.schema,
                let value = generator.value(for: schema, side: .request)
            {
                let document = value.document
                cases.append((checker.validator(for: schema), document, Array(value.json.utf8), .request))
                bytes += value.json.utf8.count
            }
            for response in operation.responses where response.status.hasPrefix("2") {
                guard let schema = response.content.first?.schema, let value = generator.value(for: schema, side: .response)
                else { continue }
                cases.append((checker.validator(for: schema), value.document, Array(value.json.utf8), .response))
                bytes += value.json.utf8.count
            }
        }
        let rounds = 20
        var valid = 0
        let seconds = Measure.best(runs: 3) {
            valid = 0
            for _ in 0..<rounds {
                for (validator, document, _, mode) in cases
                where validator.isValid(document.root, options: ValidationOptions(mode: mode)) { valid += 1 }
            }
        }
        let count = cases.count * rounds
        print("generated Stripe workload: \(cases.count) request and response bodies of \(spec.operations.count) operations (\(Measure.fmt(Double(bytes) / 1000)) kB), \(valid / rounds) valid: \(Measure.fmt(Double(count) / seconds, 0)) instances/s, \(Measure.fmt(Double(bytes * rounds) / seconds / 1e6)) MB/s")
        var read = 0
        let readSeconds = Measure.best(runs: 3) {
            read = 0
            for _ in 0..<rounds {
                for (validator, _, json, mode) in cases
                where validator.isValid(json: json, options: ValidationOptions(mode: mode)) == true { read += 1 }
            }
        }
        print("the same bodies read from their bytes (no document): \(read / rounds) answered valid, \(Measure.fmt(Double(count) / readSeconds, 0)) instances/s, \(Measure.fmt(Double(bytes * rounds) / readSeconds / 1e6)) MB/s")
    }
}
