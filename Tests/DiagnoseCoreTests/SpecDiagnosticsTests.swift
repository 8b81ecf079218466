import DiagnoseCore
import DiagnoseTestSupport
import Foundation
import Testing

/// Every `Fixtures/openapi/fail/` spec loads, reports what is wrong with location, pointer and hint, and matches its
/// golden rendering (`Golden/openapi/<name>.txt`).
@Suite("Spec loading diagnostics")
struct SpecDiagnosticsTests {
    static let failing = TestPaths.fixtureFiles("openapi/fail")
    static let unloadableFiles = TestPaths.fixtureFiles("openapi/unloadable")

    /// The summary with the fixtures folder taken out of paths, so goldens do not depend on the checkout.
    static func rendered(_ spec: OpenAPI.Document) -> String {
        OpenAPI.SpecSummary(spec).renderText()
            .replacingOccurrences(of: TestPaths.fixtures.path + "/", with: "")
    }

    @Test("matches its golden rendering", arguments: failing)
    func golden(_ name: String) throws {
        let spec = try loadFixtureSpec("fail/" + name)
        #expect(!spec.diagnostics.isEmpty)
        for diagnostic in spec.diagnostics {
            #expect(diagnostic.id.hasPrefix("spec."))
            #expect((diagnostic.location?.line ?? 0) >= 1, "\(diagnostic)")
            #expect(diagnostic.location?.pointer != nil, "\(diagnostic)")
            #expect(diagnostic.help != nil, "\(diagnostic)")
        }
        // `ref-in-unusual-place+paths.json` expects `spec.ref-in-unusual-place`.
        let stem = name.replacingOccurrences(of: ".json", with: "").replacingOccurrences(of: ".yaml", with: "")
        let expectedID = "spec." + (stem.split(separator: "+").first.map(String.init) ?? stem)
        #expect(spec.diagnostics.contains { $0.id == expectedID }, "\(spec.diagnostics.map(\.id))")
        assertGolden(Self.rendered(spec), named: "openapi/" + stem + ".txt")
    }

    @Test("cannot be loaded and says why", arguments: unloadableFiles)
    func cannotLoad(_ name: String) throws {
        let error = #expect(throws: DiagnoseFailure.self) { try loadFixtureSpec("unloadable/" + name) }
        #expect(error?.message.contains(name) == true, "\(String(describing: error))")
        #expect(error?.help != nil)
    }

    @Test func missingFileIsAFailure() {
        let error = #expect(throws: DiagnoseFailure.self) { try loadFixtureSpec("no-such-spec.json") }
        #expect(error?.message.contains("no-such-spec.json") == true)
    }

    @Test func warningsOnlyMeanExitZero() throws {
        let spec = try loadFixtureSpec("fail/path-param-not-required.json")
        #expect(spec.diagnostics.map(\.severity) == [.warning])
        #expect(OpenAPI.SpecSummary(spec).exitStatus == 0)
        #expect(spec.operations[0].parameters[0].required)
        let broken = try loadFixtureSpec("fail/duplicate-operation-id.json")
        #expect(OpenAPI.SpecSummary(broken).exitStatus == 1)
    }

    @Test func unresolvedRefSuggestsTheNearestName() throws {
        let spec = try loadFixtureSpec("fail/unresolved-ref.json")
        let messages = spec.diagnostics.map(\.message)
        #expect(messages.contains { $0.contains("'Customr' not found") && $0.contains("did you mean 'Customer'?") })
        #expect(messages.contains { $0.contains("'Limit' not found") && $0.contains("did you mean 'limit'?") })
        #expect(messages.contains { $0.contains("./schemas/missing.json#/Error") })
        // The misspelled schema is used twice but reported once, with a note.
        let typo = try #require(spec.diagnostics.first { $0.message.contains("Customr") })
        #expect(typo.notes.first?.message.contains("2 times") == true)
        #expect(spec.diagnostics.count == 3)
    }
}
