import DiagnoseCore
import DiagnoseTestSupport
import Foundation
import Testing

/// A tiny structural JSON Schema checker for the keywords our SARIF subset uses ($ref to #/definitions, type,
/// required, properties, additionalProperties: false, items, minItems, enum, const, minimum): independent of the
/// project's validator, which checks the output against the full schema below as well.
struct StructuralChecker {
    let schema: Node

    func check(_ value: Node, against s: Node? = nil, at pointer: String = "") -> [String] {
        let s = s ?? schema
        if let ref = s["$ref"]?.stringValue {
            guard let target = resolveRef(ref) else { return ["\(pointer): unresolvable $ref \(ref)"] }
            return check(value, against: target, at: pointer)
        }
        var problems: [String] = []
        if let type = s["type"]?.stringValue, !matches(value, type) {
            return ["\(pointer.isEmpty ? "/" : pointer): expected \(type), found \(value.kind)"]
        }
        if let c = s["const"], !value.jsonEquals(c) {
            problems.append(
                "\(pointer): must be \(JSONSerializer.serialize(c)), found \(JSONSerializer.serialize(value))")
        }
        if let e = s["enum"], !e.elements.contains(where: { value.jsonEquals($0) }) {
            problems.append(
                "\(pointer): \(JSONSerializer.serialize(value)) is not one of \(JSONSerializer.serialize(e))")
        }
        if let min = s["minimum"]?.numberValue?.doubleValue, let v = value.numberValue?.doubleValue, v < min {
            problems.append("\(pointer): \(v) is below the minimum \(min)")
        }
        if value.kind == .object {
            for key in s["required"]?.elements.compactMap(\.stringValue) ?? [] where value[key] == nil {
                problems.append("\(pointer): missing required member \(key)")
            }
            let properties = s["properties"]
            for (k, v) in value.members {
                let key = k.stringValue ?? ""
                if let sub = properties?[key] {
                    problems += check(v, against: sub, at: pointer + "/" + key)
                } else if s["additionalProperties"]?.boolValue == false {
                    problems.append("\(pointer): member \(key) is not allowed")
                }
            }
        }
        if value.kind == .array {
            if let min = s["minItems"]?.numberValue?.int64Value, value.count < min {
                problems.append("\(pointer): fewer than \(min) items")
            }
            if let items = s["items"] {
                for (i, element) in value.elements.enumerated() {
                    problems += check(element, against: items, at: pointer + "/\(i)")
                }
            }
        }
        return problems
    }

    private func resolveRef(_ ref: String) -> Node? {
        guard ref.hasPrefix("#/definitions/") else { return nil }
        return schema["definitions"]?[String(ref.dropFirst("#/definitions/".count))]
    }

    private func matches(_ value: Node, _ type: String) -> Bool {
        switch type {
        case "object": value.kind == .object
        case "array": value.kind == .array
        case "string": value.kind == .string
        case "boolean": value.kind == .bool
        case "null": value.kind == .null
        case "number": value.kind == .number
        case "integer": value.numberValue?.int64Value != nil
        default: false
        }
    }
}

@Suite("SARIF renderer")
struct RendererSARIFTests {
    static func checker() throws -> StructuralChecker {
        let bytes = try TestPaths.fixture("report/sarif-2.1.0-subset.schema.json")
        let doc = try JSONParser.parse(SourceText(name: "sarif-2.1.0-subset.schema.json", bytes: bytes))
        return StructuralChecker(schema: doc.root)
    }

    static let datasets: [String] = ["small", "generated", "hostile", "empty"]

    static func report(_ name: String) -> ScanReport {
        switch name {
        case "small": ReportFixtures.report(ReportFixtures.small())
        case "generated": ReportFixtures.report(ReportFixtures.generated(count: 400))
        case "hostile": RendererTests.hostileReport()
        default: ScanReport()
        }
    }

    @Test(arguments: datasets)
    func outputConformsToTheSARIFSubsetSchema(dataset: String) throws {
        let sarif = ReportRenderer.render(Self.report(dataset), format: .sarif, options: ReportFixtures.options)
        let root = try JSONParser.parse(sarif, name: "out.sarif").root
        let problems = try Self.checker().check(root)
        #expect(problems.isEmpty, "\(problems.prefix(10).joined(separator: "\n"))")
    }

    /// The subset schema again, through the project's own JSON Schema validator (draft-07, as the schema says).
    @Test(arguments: datasets)
    func outputPassesTheValidatorOnTheSubsetSchema(dataset: String) throws {
        let schema = try JSONParser.parse(
            SourceText(
                name: "sarif-2.1.0-subset.schema.json", bytes: try TestPaths.fixture("report/sarif-2.1.0-subset.schema.json")))
        try Self.expectValid(dataset, schema: schema)
    }

    /// The whole OASIS SARIF 2.1.0 schema (as published by SchemaStore) is not ours to ship, so the repository has
    /// the subset above; point `DIAGNOSE_SARIF_SCHEMA` at a copy of the full one to check against it too.
    static let officialSchema = ProcessInfo.processInfo.environment["DIAGNOSE_SARIF_SCHEMA"]

    @Test(
        .enabled(
            if: officialSchema != nil,
            "DIAGNOSE_SARIF_SCHEMA is not set: skipping the check against the full SARIF 2.1.0 schema (the subset schema is checked)"
        ),
        arguments: datasets)
    func outputConformsToTheFullSchema(dataset: String) throws {
        let path = try #require(Self.officialSchema)
        let schema = try JSONParser.parse(
            SourceText(name: path, bytes: Array(try Data(contentsOf: URL(fileURLWithPath: path)))))
        #expect(schema.root["definitions"]?["result"] != nil, "\(path) does not look like the SARIF schema")
        try Self.expectValid(dataset, schema: schema)
    }

    static func expectValid(_ dataset: String, schema: Document) throws {
        let validator = SchemaValidator(registry: SchemaRegistry(), schema: schema.root, dialect: .draft7)
        #expect(!validator.isValid(try JSONParser.parse("{}").root), "the schema accepts an empty log")
        let sarif = ReportRenderer.render(Self.report(dataset), format: .sarif, options: ReportFixtures.options)
        let result = validator.validate(try JSONParser.parse(sarif, name: "out.sarif").root)
        #expect(result.isValid, "\(result.errors.prefix(10).map(\.description).joined(separator: "\n"))")
    }

    @Test func checkerCatchesBrokenDocuments() throws {
        let checker = try Self.checker()
        let bad = try JSONParser.parse(
            #"{"version":"2.0.0","runs":[{"tool":{"driver":{}},"results":[{"level":"fatal","message":{},"extra":1}]}]}"#
        ).root
        let problems = checker.check(bad)
        #expect(problems.contains { $0.contains("/version: must be \"2.1.0\"") })
        #expect(problems.contains { $0.contains("missing required member name") })
        #expect(problems.contains { $0.contains("\"fatal\" is not one of") })
        #expect(problems.contains { $0.contains("missing required member text") })
        #expect(problems.contains { $0.contains("member extra is not allowed") })
    }

    @Test func resultsPointAtTheirRulesAndLevelsMap() throws {
        let sarif = ReportRenderer.render(Self.report("generated"), format: .sarif, options: ReportFixtures.options)
        let run = try #require(try JSONParser.parse(sarif).root["runs"]?[0])
        let rules = try #require(run["tool"]?["driver"]?["rules"])
        let results = try #require(run["results"])
        #expect(results.count == Self.report("generated").normalized().findings.count)
        for result in results.elements {
            let index = try #require(result["ruleIndex"]?.numberValue?.int64Value)
            #expect(rules[Int(index)]?["id"]?.stringValue == result["ruleId"]?.stringValue)
            let level = result["level"]?.stringValue
            #expect(level == "error" || level == "warning" || level == "note")
            let fqn = try #require(result["locations"]?[0]?["logicalLocations"]?[0]?["fullyQualifiedName"]?.stringValue)
            #expect(fqn.contains("#") && fqn.contains(" /request/body/"))
        }
        for rule in rules.elements {
            #expect(rule["helpUri"]?.stringValue?.hasPrefix("https://diagnose.dev/kb/") == true)
        }
    }

    @Test func artifactURIsArePercentEncoded() throws {
        var report = ScanReport()
        let f = ReportFixtures.finding(
            "r", .info, "m", file: "my traces/a b#1.har", entry: 1, method: "GET", url: "u", location: "/x")
        report.add(
            ExchangeRecord(
                file: "my traces/a b#1.har", entry: 1, sequence: 0, method: "GET", host: "h", path: "/", findings: [f]))
        let sarif = ReportRenderer.render(report, format: .sarif)
        #expect(sarif.contains(#""uri": "my%20traces/a%20b%231.har""#))
    }

    /// Regression: a rule id with characters a URI cannot hold made `helpUri` an invalid URI (the full SARIF schema
    /// rejects it); a help link that is not http(s) is left out rather than written.
    @Test func helpURIsAreAbsoluteURIs() throws {
        var report = ScanReport()
        for rule in ["x.<b> \"q\"", "custom.rule"] {
            let f = ReportFixtures.finding(rule, .error, "m", file: "a.har", entry: 1, method: "GET", url: "u", location: "/x")
            report.add(ExchangeRecord(file: "a.har", entry: 1, sequence: 0, method: "GET", host: "h", path: "/", findings: [f]))
        }
        var options = RenderOptions(kbBaseURL: "https://kb.example/a b/")
        options.ruleHelpURIs["custom.rule"] = "javascript:alert(1)"
        let run = try #require(try JSONParser.parse(ReportRenderer.render(report, format: .sarif, options: options)).root["runs"]?[0])
        let rules = try #require(run["tool"]?["driver"]?["rules"])
        #expect(rules.count == 2)
        #expect(rules[0]?["id"]?.stringValue == "custom.rule" && rules[0]?["helpUri"] == nil)
        #expect(rules[1]?["helpUri"]?.stringValue == "https://kb.example/a%20b/x.%3Cb%3E%20%22q%22")
    }
}
