import DiagnoseCore
import DiagnoseTestSupport
import Foundation
import Testing

/// Our schema validator against Python's `jsonschema` package, on the JSON-Schema-Test-Suite's schemas with
/// generated instances: each suite instance plus mutations of it (a value replaced, a member added or removed, an
/// element appended). The suite's own verdicts are checked in ConformanceTests; this looks past them.
@Suite(
    "Differential: schema validator vs Python jsonschema",
    .enabled(if: SchemaCorpus.available, TestPaths.corpusMissing),
    .enabled(if: Python.has("jsonschema"), "python3 with the jsonschema package is not installed: skipping"))
struct DifferentialSchemaTests {
    /// Suite files left out: remote references (Python would fetch them), and keywords whose handling is optional
    /// or version-dependent in `jsonschema` (format assertion is off on both sides).
    static let skipped: Set<String> = [
        "refRemote.json", "dynamicRef.json", "vocabulary.json", "unknownKeyword.json", "id.json", "anchor.json",
        "ref.json", "defs.json", "infinite-loop-detection.json",
    ]

    /// Values a generated instance may hold somewhere.
    static let pool: [String] = [
        "null", "true", "false", "0", "-1", "1", "1.5", "2.0", "100", "-0.5", "\"\"", "\"a\"", "\"abc\"", "\"foo\"",
        "\"é😀\"", "[]", "[1]", "[1, 1]", "[\"a\", 2]", "{}", "{\"a\": 1}", "{\"foo\": null}", "{\"bar\": \"x\"}",
    ]

    /// Mutations of a suite instance, as JSON texts.
    static func mutations(of node: Node, rng: inout DifferentialRNG) -> [String] {
        var out: [String] = []
        let text = JSONSerializer.serialize(node)
        for _ in 0..<4 {
            switch node.kind {
            case .object:
                var members = node.members.map { (JSONSerializer.quote($0.key.stringValue!), JSONSerializer.serialize($0.value)) }
                switch Int.random(in: 0..<3, using: &rng) {
                case 0 where !members.isEmpty: members.remove(at: Int.random(in: 0..<members.count, using: &rng))
                case 1 where !members.isEmpty:
                    members[Int.random(in: 0..<members.count, using: &rng)].1 = pool.randomElement(using: &rng)!
                default:
                    members.append((pool.filter { $0.hasPrefix("\"") }.randomElement(using: &rng)!, pool.randomElement(using: &rng)!))
                }
                out.append("{" + members.map { "\($0.0): \($0.1)" }.joined(separator: ", ") + "}")
            case .array:
                var items = node.elements.map { JSONSerializer.serialize($0) }
                if !items.isEmpty, Bool.random(using: &rng) {
                    items[Int.random(in: 0..<items.count, using: &rng)] = pool.randomElement(using: &rng)!
                } else {
                    items.append(pool.randomElement(using: &rng)!)
                }
                out.append("[" + items.joined(separator: ", ") + "]")
            default:
                out.append(pool.randomElement(using: &rng)!)
            }
        }
        return [text] + out
    }

    static let python = #"""
        import json, sys, jsonschema
        drafts = {"draft7": jsonschema.Draft7Validator, "draft2019-09": jsonschema.Draft201909Validator,
                  "draft2020-12": jsonschema.Draft202012Validator, "draft6": jsonschema.Draft6Validator,
                  "draft4": jsonschema.Draft4Validator}
        cache = {}
        for line in open(sys.argv[1], encoding="utf-8"):
            case = json.loads(line)
            key = (case["draft"], case["schema"])
            if key not in cache:
                cache[key] = drafts[case["draft"]](json.loads(case["schema"]))
            try:
                print("1" if cache[key].is_valid(json.loads(case["instance"])) else "0")
            except Exception as e:
                print("E")
        """#

    @Test(arguments: ["draft2020-12", "draft7", "draft4"])
    func generatedInstancesAgree(_ folder: String) throws {
        let dialect = SuiteRunner.dialect(folder)
        var rng = DifferentialRNG(state: UInt64(folder.utf8.count))
        var cases: [(schema: Node, validator: SchemaValidator, instance: String, name: String)] = []
        var lines: [String] = []
        for file in SchemaCorpus.files("json-schema-test-suite/tests/\(folder)", extension: "json")
        where !Self.skipped.contains(file) {
            let url = try #require(SchemaCorpus.url("json-schema-test-suite/tests/\(folder)/\(file)"))
            let doc = try JSONParser.parse(SourceText(name: file, bytes: Array(try Data(contentsOf: url))))
            for (g, group) in doc.root.elements.enumerated() {
                // The schema as a document of its own, so `#/...` pointers resolve inside it, not in the suite file.
                let schemaText = JSONSerializer.serialize(group["schema"]!)
                let schema = try JSONParser.parse(schemaText, name: "\(file)#\(g)").root
                if schemaText.contains("localhost:1234") || schemaText.contains("\"format\"") { continue }
                let validator = SchemaValidator(registry: SuiteRunner.registry(dialect: dialect), schema: schema, dialect: dialect)
                for (t, test) in group["tests"]!.elements.enumerated() {
                    for (m, instance) in Self.mutations(of: test["data"]!, rng: &rng).enumerated() {
                        cases.append((schema, validator, instance, "\(file) group \(g) test \(t) mutation \(m)"))
                        let line: [String: String] = ["draft": folder, "schema": schemaText, "instance": instance]
                        lines.append(String(decoding: try JSONSerialization.data(withJSONObject: line), as: UTF8.self))
                    }
                }
            }
        }
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("diagnose-schema-diff-\(UUID().uuidString)")
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: input)
        defer { try? FileManager.default.removeItem(at: input) }
        let verdicts = try Python.run(Self.python, arguments: [input.path]).split(separator: "\n").map(String.init)
        try #require(verdicts.count == cases.count)
        var compared = 0
        var disagreements: [String] = []
        for (i, c) in cases.enumerated() where verdicts[i] != "E" {
            let instance = try JSONParser.parse(c.instance)
            let ours = c.validator.isValid(instance.root, options: ValidationOptions(assertFormats: false))
            let slow = c.validator.validate(instance.root, options: ValidationOptions(assertFormats: false)).isValid
            #expect(ours == slow, "\(c.name): the fast and explaining passes disagree on \(c.instance)")
            compared += 1
            if ours != (verdicts[i] == "1") {
                disagreements.append("\(c.name): we say \(ours ? "valid" : "invalid"), jsonschema says the opposite, for \(c.instance) against \(JSONSerializer.serialize(c.schema))")
            }
        }
        #expect(compared > 1000)
        #expect(disagreements.isEmpty, Comment(rawValue: "\(disagreements.count) of \(compared) disagree:\n" + disagreements.prefix(20).joined(separator: "\n")))
    }
}
