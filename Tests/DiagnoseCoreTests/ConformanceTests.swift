import DiagnoseCore
import DiagnoseTestSupport
import Foundation
import Testing

/// The shared corpus, found next to the package (`../shared/corpus`) or, for a git worktree one level deeper,
/// at `../../shared/corpus`; `DIAGNOSE_CORPUS` overrides both.
enum SchemaCorpus {
    static let root: URL? = {
        if let env = ProcessInfo.processInfo.environment["DIAGNOSE_CORPUS"] { return URL(fileURLWithPath: env) }
        if let c = TestPaths.corpus { return c }
        let up2 = TestPaths.packageRoot.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("shared/corpus")
        return FileManager.default.fileExists(atPath: up2.path) ? up2 : nil
    }()
    static var available: Bool { root != nil }
    static func url(_ relative: String) -> URL? { root?.appendingPathComponent(relative) }
    static func files(_ relative: String, extension ext: String) -> [String] {
        guard let dir = url(relative), let names = try? FileManager.default.contentsOfDirectory(atPath: dir.path) else {
            return []
        }
        return names.filter { $0.hasSuffix("." + ext) }.sorted()
    }
}

/// Runs JSON-Schema-Test-Suite files from `../shared/corpus/json-schema-test-suite`.
enum SuiteRunner {
    /// The suite's draft folders with the dialect each maps to.
    static let drafts: [(folder: String, dialect: SchemaDialect)] = [
        ("draft4", .draft4), ("draft6", .draft6), ("draft7", .draft7), ("draft2019-09", .draft2019_09),
        ("draft2020-12", .draft2020_12),
    ]

    /// Required test cases that we knowingly fail, by "file: group / test", with the reason. Empty is the goal.
    static let knownFailures: [String: String] = [:]

    struct Outcome {
        var passed = 0
        var total = 0
        /// Cases `SchemaValidator.isValid(json:)` answered without parsing.
        var answeredFromBytes = 0
        var failures: [String] = []
    }

    static func dialect(_ folder: String) -> SchemaDialect {
        drafts.first { $0.folder == folder }!.dialect
    }

    /// A registry that maps `http://localhost:1234/` to `remotes/` and the metaschema URLs to the corpus copies.
    static func registry(dialect: SchemaDialect) -> SchemaRegistry {
        let r = SchemaRegistry()
        guard let suite = SchemaCorpus.url("json-schema-test-suite"),
            let meta = SchemaCorpus.url("json-schema-metaschemas")
        else { return r }
        r.mapPrefix(
            "http://localhost:1234/", toLocalPath: suite.appendingPathComponent("remotes").path + "/", dialect: dialect)
        for (url, folder) in [
            ("http://json-schema.org/draft-04/", "draft-04"), ("http://json-schema.org/draft-06/", "draft-06"),
            ("http://json-schema.org/draft-07/", "draft-07"), ("https://json-schema.org/draft/2019-09/", "2019-09"),
            ("https://json-schema.org/draft/2020-12/", "2020-12"),
        ] {
            r.mapPrefix(url, toLocalPath: meta.appendingPathComponent(folder).path + "/")
        }
        return r
    }

    /// Runs one test file.
    static func run(_ file: URL, folder: String, assertFormats: Bool) throws -> Outcome {
        let dialect = dialect(folder)
        let text = SourceText(name: file.path, bytes: Array(try Data(contentsOf: file)))
        let doc = try JSONParser.parse(text)
        var outcome = Outcome()
        let name = file.lastPathComponent
        for (g, group) in doc.root.elements.enumerated() {
            let registry = registry(dialect: dialect)
            var builder = DocumentBuilder(text: text)
            builder.copy(group["schema"]!)
            let schemaDoc = builder.build()
            registry.register(schemaDoc, uri: "https://diagnose.test/\(folder)/\(name)/\(g).json", dialect: dialect)
            let validator = SchemaValidator(registry: registry, schema: schemaDoc.root, dialect: dialect)
            let groupName = group["description"]?.stringValue ?? "#\(g)"
            for test in group["tests"]!.elements {
                let testName = "\(name): \(groupName) / \(test["description"]?.stringValue ?? "?")"
                let expected = test["valid"]!.boolValue!
                let options = ValidationOptions(assertFormats: assertFormats)
                let result = validator.validate(test["data"]!, options: options)
                let fast = validator.isValid(test["data"]!, options: options)
                // The byte reader may decline (nil), but when it answers it must agree.
                let bytes = validator.isValid(json: Array(JSONSerializer.serialize(test["data"]!).utf8), options: options)
                outcome.total += 1
                if bytes != nil { outcome.answeredFromBytes += 1 }
                if result.isValid == expected && fast == expected && (expected || !result.errors.isEmpty)
                    && (bytes == nil || bytes == expected)
                {
                    outcome.passed += 1
                } else {
                    outcome.failures.append(
                        "\(testName): expected \(expected ? "valid" : "invalid"), got \(result.isValid ? "valid" : "invalid")"
                            + (fast != result.isValid ? " (fast pass said \(fast))" : "")
                            + (bytes != nil && bytes != expected ? " (byte reader said \(bytes!))" : ""))
                }
            }
        }
        return outcome
    }

    /// `(folder, file name)` for every required test file.
    static func requiredFiles() -> [String] {
        drafts.flatMap { d in
            SchemaCorpus.files("json-schema-test-suite/tests/\(d.folder)", extension: "json").map {
                "\(d.folder)/\($0)"
            }
        }
    }
}

@Suite("JSON Schema Test Suite (required)", .enabled(if: SchemaCorpus.available, TestPaths.corpusMissing))
struct ConformanceTests {
    @Test("required tests pass", arguments: SuiteRunner.requiredFiles())
    func requiredFile(_ path: String) throws {
        let folder = String(path.split(separator: "/")[0])
        let url = SchemaCorpus.url("json-schema-test-suite/tests/\(path)")!
        let outcome = try SuiteRunner.run(url, folder: folder, assertFormats: false)
        let unexpected = outcome.failures.filter { failure in
            !SuiteRunner.knownFailures.keys.contains { failure.hasPrefix($0) }
        }
        #expect(outcome.total > 0)
        #expect(
            unexpected.isEmpty,
            Comment(
                rawValue: "\(path): \(unexpected.count) of \(outcome.total) failed:\n"
                    + unexpected.joined(separator: "\n")))
    }
}
