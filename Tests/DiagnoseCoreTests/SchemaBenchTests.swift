import DiagnoseCore
import DiagnoseTestSupport
import Foundation
import Testing

/// Timings over Stripe's spec; run with `DIAGNOSE_SCHEMA_BENCH=1 swift test -c release --filter SchemaBench`.
@Suite(
    "SchemaBench",
    .enabled(if: SchemaCorpus.available && ProcessInfo.processInfo.environment["DIAGNOSE_SCHEMA_BENCH"] == "1"),
    .tags(.slow))
struct SchemaBench {
    @Test func stripeCompileAndValidate() throws {
        let clock = ContinuousClock()
        var loaded: (SchemaRegistry, Document)?
        let load = try clock.measure { loaded = try SchemaStripeTests.load() }
        let (registry, doc) = loaded!
        let names = doc.root.resolve(JSONPointer(tokens: ["components", "schemas"]))!.keys
        var nodes = 0
        let compileAll = try clock.measure {
            for name in names { nodes = max(nodes, try SchemaStripeTests.validator(registry, name).prepare()) }
        }
        let v = try SchemaStripeTests.validator(registry, "charge")
        let charge = try JSONParser.parse(
            SourceText(name: "charge.json", bytes: try TestPaths.fixture("schema/bench/charge.json"))
        ).root
        #expect(v.isValid(charge))
        let n = Int(ProcessInfo.processInfo.environment["DIAGNOSE_SCHEMA_BENCH_N"] ?? "") ?? 200_000
        func walk(_ n: Node) -> Int {
            switch n.kind {
            case .object: return n.members.reduce(1) { $0 + walk($1.value) + ($1.key.utf8Count > 0 ? 1 : 0) }
            case .array: return n.elements.reduce(1) { $0 + walk($1) }
            default: return 1
            }
        }
        var visited = 0
        let walks = max(1, n / 10)
        let walkTime = clock.measure { for _ in 0..<walks { visited += walk(charge) } }
        print(
            "schema bench: plain walk of the charge instance (\(visited / walks) nodes): \(walkTime / walks) per walk")
        var ok = 0
        let valid = clock.measure { for _ in 0..<n where v.isValid(charge) { ok += 1 } }
        #expect(ok == n)
        var bad = DocumentBuilder()
        bad.copy(charge)
        let badDoc = try JSONParser.parse(
            JSONSerializer.serialize(charge).replacingOccurrences(of: "\"amount\":1099", with: "\"amount\":\"1099\""))
        let m = Int(ProcessInfo.processInfo.environment["DIAGNOSE_SCHEMA_BENCH_M"] ?? "") ?? max(1, n / 10)
        var errors = 0
        let invalid = clock.measure { for _ in 0..<m { errors += v.validate(badDoc.root).errors.count } }
        #expect(errors == m)
        func perOp(_ d: Duration, _ count: Int) -> String {
            let ns = Double(d.components.seconds) * 1e9 + Double(d.components.attoseconds) / 1e9
            return String(format: "%.2f µs", ns / Double(count) / 1000)
        }
        print(
            """
            schema bench (Stripe spec3.json, \(names.count) schemas):
              parse + register: \(load)
              compile all components/schemas (prepare: every $ref resolved): \(compileAll)
              charge valid (isValid): \(perOp(valid, n)) per validation
              charge invalid (validate, explained): \(perOp(invalid, m)) per validation
            """)
    }

    @Test func concurrentThroughput() async throws {
        let (registry, _) = try SchemaStripeTests.load()
        let v = try SchemaStripeTests.validator(registry, "charge")
        let charge = try JSONParser.parse(
            SourceText(name: "charge.json", bytes: try TestPaths.fixture("schema/bench/charge.json"))
        ).root
        let clock = ContinuousClock()
        let perTask = 50_000
        let elapsed = await clock.measure {
            await withTaskGroup(of: Int.self) { group in
                for _ in 0..<4 { group.addTask { (0..<perTask).reduce(0) { n, _ in n + (v.isValid(charge) ? 1 : 0) } } }
                let total = await group.reduce(0, +)
                #expect(total == 4 * perTask)
            }
        }
        print("schema bench: 4 tasks × \(perTask) charge validations in \(elapsed)")
    }
}
