import DiagnoseCore
import DiagnoseTestSupport
import Foundation
import Testing

/// Fake secrets planted in every place the redactor knows (headers, cookies, query strings, form and JSON bodies,
/// multipart parts, userinfo, raw transcripts, curl commands; see `Fixtures/traffic/`), run through every command
/// and every output format of the built binary: no canary may appear anywhere unless `--show-secrets` is given.
@Suite("Secrets canaries through every command")
struct CanaryCLITests {
    static let inputs = ["har/canary.har", "canary.ndjson", "raw/canary.http", "canary-curl.sh"]
    static let canaries: [String] =
        (1...27).map { String(format: "CANARY%02d", $0) } + [Data("proxyuser:CANARY02pw".utf8).base64EncodedString()]

    static func fixture(_ name: String) -> String { TestPaths.fixtures.appendingPathComponent("traffic/" + name).path }

    func leaks(_ text: String) -> [String] { Self.canaries.filter { text.contains($0) } }

    func expectClean(_ label: String, _ result: CommandResult, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let found = leaks(result.stdout + result.stderr)
        #expect(found.isEmpty, "\(label) leaks \(found)", sourceLocation: sourceLocation)
    }

    @Test(arguments: inputs)
    func noCommandLeaksACanary(_ input: String) throws {
        let path = Self.fixture(input)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("diagnose-canary-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let spec = ["--spec", "specs/payments.yaml"]

        for format in ["text", "json", "markdown"] {
            for lang in ["en", "zh-Hans"] {
                expectClean("check --format \(format) --lang \(lang)", try runDiagnose(["check"] + spec + ["--strict", "--format", format, "--lang", lang, path]))
            }
            expectClean("check without a spec --format \(format)", try runDiagnose(["check", "--specs", dir.path, "--format", format, path]))
        }
        // Every scan format, plus SQLite and a partial merged back.
        var files: [String] = []
        var arguments = ["scan"] + spec + ["--quiet", path]
        for format in ["text", "json", "ndjson", "markdown", "sarif", "junit", "html", "partial"] {
            let out = dir.appendingPathComponent("scan.\(format)").path
            arguments += ["--format", format, "-o", out]
            files.append(out)
        }
        let db = dir.appendingPathComponent("scan.db").path
        arguments += ["--sqlite", db]
        expectClean("scan", try runDiagnose(arguments))
        for file in files {
            let text = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
            #expect(!text.isEmpty, "scan wrote nothing to \(file)")
            #expect(leaks(text).isEmpty, "scan \(file) leaks \(leaks(text))")
        }
        for table in ["exchanges", "findings", "rules"] {
            let rows = try SQLiteReportWriter.query(database: db, sql: "SELECT * FROM \(table)")
            let text = rows.map { $0.map { $0 ?? "" }.joined(separator: "|") }.joined(separator: "\n")
            #expect(leaks(text).isEmpty, "sqlite \(table) leaks \(leaks(text))")
        }
        expectClean("merge", try runDiagnose(["merge", dir.appendingPathComponent("scan.partial").path, "--format", "html"]))
        // Redact, curl, replay --dry-run, compare.
        let redacted = dir.appendingPathComponent("redacted" + (input.hasSuffix(".sh") ? ".sh" : "")).path
        expectClean("redact", try runDiagnose(["redact", path, "-o", redacted]))
        let copy = (try? String(contentsOfFile: redacted, encoding: .utf8)) ?? ""
        #expect(!copy.isEmpty)
        #expect(leaks(copy).isEmpty, "redacted copy leaks \(leaks(copy))")
        expectClean("curl", try runDiagnose(["curl", path]))
        expectClean("replay --dry-run", try runDiagnose(["replay", path, "--dry-run", "--format", "text"]))
        expectClean("replay --dry-run --format json", try runDiagnose(["replay", path, "--dry-run", "--format", "json"]))
        expectClean("compare", try runDiagnose(["compare", path + "#1", path + "#1"] + spec))
    }

    /// The control: with --show-secrets the same commands do show them (so the test above can see a leak).
    @Test func showSecretsShowsThem() throws {
        let path = Self.fixture("har/canary.har")
        let check = try runDiagnose(["check", "--spec", "specs/payments.yaml", "--show-secrets", "--format", "json", path])
        let curl = try runDiagnose(["curl", "--show-secrets", path])
        #expect(leaks(check.stdout + curl.stdout).count >= 5)
    }
}
