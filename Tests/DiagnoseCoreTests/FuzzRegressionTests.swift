import DiagnoseCore
import DiagnoseTestSupport
import Foundation
import Testing

/// Every input a fuzz target ever crashed (or hung) on, replayed through the same target function
/// (`FuzzTargets.swift` is a link to `Sources/diagnose-fuzz/FuzzTargets.swift`).
///
/// A crashing input is saved as `Fixtures/fuzz-regressions/<target>/<what-it-broke>`; its name says what it
/// exercised. The test asserts that the target returns (a hang fails it) and that a rejection says where.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    /// (target, file) for every saved input.
    static let cases: [String] = FuzzTargets.all.flatMap { target in
        TestPaths.fixtureFiles("fuzz-regressions/\(target.name)").map { "\(target.name)/\($0)" }
    }

    @Test(arguments: cases)
    func replays(_ entry: String) throws {
        let target = String(entry.prefix { $0 != "/" })
        let run = try #require(FuzzTargets.named(target))
        let bytes = try TestPaths.fixture("fuzz-regressions/" + entry)
        let start = ContinuousClock.now
        let outcome = run(bytes)
        // A hang detector, not a speed test: the fuzzers' own 2 s limit holds for their release build (`make fuzz`),
        // while this debug build on a busy 2-core machine takes several times longer (the slowest saved input,
        // `schema/oneof-branch-is-the-root-timeout`, ran 1.0 s in release and 2.1-2.4 s here). The hangs these inputs
        // once caused ran for minutes or exhausted memory.
        #expect(ContinuousClock.now - start < .seconds(30), "\(entry) did not return within 30 s: a hang")
        if case .rejected(let message, let located) = outcome {
            #expect(located, "\(entry): the error has no location: \(message)")
        }
    }

    /// The handwritten seeds pass through every target they were written for.
    @Test(arguments: ["form", "spec", "schema"])
    func inlineSeedsRun(_ target: String) throws {
        let run = try #require(FuzzTargets.named(target))
        let folder = TestPaths.packageRoot.appendingPathComponent("Fuzz/seeds/inline/\(target)")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(!files.isEmpty)
        for file in files {
            let bytes = Array(try Data(contentsOf: folder.appendingPathComponent(file)))
            #expect(run(bytes) == .accepted, "\(target)/\(file)")
        }
    }

    /// Malformed input to each target that throws is rejected with a location, never a crash.
    @Test(arguments: [
        ("json", #"{"a": [1, 2,, 3]}"#), ("yaml", "a: [1, 2\nb: }"), ("spec", "openapi: 3.0.3\npaths: [\n"),
        ("curl", "curl 'https://api.example.com"),
    ])
    func malformedInputsAreLocated(_ target: String, _ text: String) throws {
        let run = try #require(FuzzTargets.named(target))
        let outcome = run(Array(text.utf8))
        guard case .rejected(let message, let located) = outcome else {
            Issue.record("\(target) accepted \(text)")
            return
        }
        #expect(located, "\(target): \(message)")
    }
}
