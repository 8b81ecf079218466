import DiagnoseCore
import DiagnoseTestSupport
import Foundation
import Testing

/// Loads `Fixtures/schema/payments.json` (an OpenAPI 3.0 document) into a registry.
enum PaymentsFixture {
    static let uri = "file:///fixtures/schema/payments.json"

    static func registry() throws -> SchemaRegistry {
        let bytes = try TestPaths.fixture("schema/payments.json")
        let doc = try JSONParser.parse(SourceText(name: "Fixtures/schema/payments.json", bytes: bytes))
        let registry = SchemaRegistry()
        registry.register(doc, uri: uri, dialect: .oas30)
        return registry
    }

    static func validator(_ name: String, _ registry: SchemaRegistry) throws -> SchemaValidator {
        try SchemaValidator(
            registry: registry, uri: uri, pointer: JSONPointer(tokens: ["components", "schemas", name]))
    }

    /// Renders a result the way golden files store it.
    static func render(_ result: ValidationResult) -> String {
        if result.isValid { return "valid\n" }
        return "invalid: \(result.errors.count) error\(result.errors.count == 1 ? "" : "s")\n"
            + result.errors.map { $0.description + "\n" }.joined()
    }
}

@Suite("Schema error messages (golden)")
struct SchemaGoldenTests {
    @Test("error messages match golden files", arguments: TestPaths.fixtureFiles("schema/cases"))
    func golden(_ file: String) throws {
        let registry = try PaymentsFixture.registry()
        let caseDoc = try JSONParser.parse(SourceText(name: file, bytes: try TestPaths.fixture("schema/cases/" + file)))
        let name = try #require(caseDoc.root["schema"]?.stringValue)
        let mode = caseDoc.root["mode"]?.stringValue.flatMap(ValidationOptions.Mode.init(rawValue:)) ?? .neutral
        let instance = try #require(caseDoc.root["instance"])
        let validator = try PaymentsFixture.validator(name, registry)
        let result = validator.validate(instance, options: ValidationOptions(mode: mode))
        let header = "schema: #/components/schemas/\(name)  mode: \(mode.rawValue)\n"
        assertGolden(
            header + PaymentsFixture.render(result),
            named: "schema/" + file.replacingOccurrences(of: ".json", with: ".txt"))
        // First-error mode reports exactly the first of the collected errors.
        let first = validator.validate(instance, options: ValidationOptions(mode: mode, collect: .first))
        #expect(first.isValid == result.isValid)
        if !result.isValid {
            #expect(first.errors.count == 1)
            #expect(first.errors.first == result.errors.first)
        }
    }
}
