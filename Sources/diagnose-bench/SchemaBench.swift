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
        let bad = try JSONParser.parse(JSONSerializer.serialize(instance).replacingOccurrences(of: "\"amount\":1099", with: "\"amount\":\"1099\""))
        let m = 20_000
        var errors = 0
        let invalid = Measure.best(runs: 3) { errors = 0; for _ in 0..<m { errors += validator.validate(bad.root).errors.count } }
        print("invalid charge, errors explained: \(Measure.fmt(Double(m) / invalid, 0)) validations/s, \(Measure.fmt(invalid / Double(m) * 1e6, 2)) µs each (\(errors / m) error)")
        print("peak memory: \(Measure.fmt(Measure.peakMemoryMB())) MB")
    }
}
