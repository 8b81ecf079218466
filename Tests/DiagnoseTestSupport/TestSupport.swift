public import Foundation
public import Testing
public import DiagnoseCore

/// Paths shared by the test targets: the package root, the shipped examples and the optional shared corpus.
public enum TestPaths {
    /// The package's root folder.
    public static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    /// The shared corpus: `$DIAGNOSE_CORPUS`, else `../shared/corpus` next to the package (or one level further
    /// up, for git worktrees kept in a subfolder); nil when absent (a user's fresh clone).
    public static let corpus: URL? = {
        var candidates: [URL] = []
        if let env = ProcessInfo.processInfo.environment["DIAGNOSE_CORPUS"], !env.isEmpty {
            candidates.append(URL(fileURLWithPath: env))
        }
        let parent = packageRoot.deletingLastPathComponent()
        candidates.append(parent.appendingPathComponent("shared/corpus"))
        candidates.append(parent.deletingLastPathComponent().appendingPathComponent("shared/corpus"))
        return candidates.first { FileManager.default.fileExists(atPath: $0.path) }
    }()

    /// Whether the shared corpus is present; tests that need it use `.enabled(if: TestPaths.hasCorpus, ...)`.
    public static var hasCorpus: Bool { corpus != nil }

    /// The message shown for skipped corpus tests.
    public static let corpusMissing: Comment = "../shared/corpus is absent: skipping tests over other people's data"

    /// A file or folder under the corpus, or nil when the corpus is absent.
    public static func corpus(_ relative: String) -> URL? {
        corpus?.appendingPathComponent(relative)
    }

    /// Sorted file names in a corpus folder (empty when absent).
    public static func corpusFiles(_ relative: String, extension ext: String? = nil) -> [String] {
        guard let dir = corpus(relative),
            let names = try? FileManager.default.contentsOfDirectory(atPath: dir.path)
        else { return [] }
        return names.filter { ext == nil || $0.hasSuffix("." + ext!) }.sorted()
    }

    /// The test fixtures folder in the source tree.
    public static let fixtures = packageRoot.appendingPathComponent("Tests/DiagnoseCoreTests/Fixtures")

    /// The golden-output folder in the source tree.
    public static let golden = packageRoot.appendingPathComponent("Tests/DiagnoseCoreTests/Golden")

    /// Reads a fixture's bytes.
    public static func fixture(_ relative: String) throws -> [UInt8] {
        Array(try Data(contentsOf: fixtures.appendingPathComponent(relative)))
    }

    /// Sorted file names of a fixtures folder.
    public static func fixtureFiles(_ relative: String) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: fixtures.appendingPathComponent(relative).path))?
            .filter { !$0.hasPrefix(".") }.sorted() ?? []
    }
}

/// Typed tags shared across suites.
extension Tag {
    /// Tests over big corpora.
    @Tag public static var slow: Tag
}



/// Compares `actual` with the golden file `Golden/<name>`; `DIAGNOSE_RECORD_GOLDEN=1` rewrites it (and fails).
public func assertGolden(
    _ actual: String, named name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation
) {
    let url = TestPaths.golden.appendingPathComponent(name)
    if ProcessInfo.processInfo.environment["DIAGNOSE_RECORD_GOLDEN"] == "1" {
        try? FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? actual.write(to: url, atomically: true, encoding: .utf8)
        Issue.record("recorded golden file \(name); unset DIAGNOSE_RECORD_GOLDEN and run again", sourceLocation: sourceLocation)
        return
    }
    guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
        Issue.record("missing golden file \(name); run with DIAGNOSE_RECORD_GOLDEN=1 to create it", sourceLocation: sourceLocation)
        return
    }
    if expected != actual {
        Issue.record(
            "output differs from golden \(name):\n--- expected\n\(expected)\n--- actual\n\(actual)",
            sourceLocation: sourceLocation)
    }
}

/// SplitMix64: the tests' deterministic generator for random inputs (the library's own, from its raw state), so that
/// a failure can be replayed from its seed.
public typealias SplitMix64 = ExampleGenerator.RNG
