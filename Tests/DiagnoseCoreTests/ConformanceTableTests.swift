import DiagnoseCore
import DiagnoseTestSupport
import Foundation
import Testing

/// The `optional/` part of the JSON-Schema-Test-Suite as a markdown table per draft. `make conformance` runs this
/// with `DIAGNOSE_CONFORMANCE_TABLE=1`, which also rewrites the table in `docs/conformance.md`.
@Suite("ConformanceTable", .enabled(if: SchemaCorpus.available, TestPaths.corpusMissing))
struct ConformanceTable {
    /// Optional files of one draft, relative to its folder (`optional/bignum.json`, `optional/format/date.json`).
    static func optionalFiles(_ folder: String) -> [String] {
        let base = "json-schema-test-suite/tests/\(folder)/optional"
        return SchemaCorpus.files(base, extension: "json").map { "optional/" + $0 }
            + SchemaCorpus.files(base + "/format", extension: "json").map { "optional/format/" + $0 }
    }

    @Test func optionalTestsTable() throws {
        var rows: [String: [String: SuiteRunner.Outcome]] = [:]
        var totals: [String: SuiteRunner.Outcome] = [:]
        var failures: [String] = []
        for (folder, _) in SuiteRunner.drafts {
            for file in Self.optionalFiles(folder) {
                let url = SchemaCorpus.url("json-schema-test-suite/tests/\(folder)/\(file)")!
                let outcome = try SuiteRunner.run(url, folder: folder, assertFormats: true)
                rows[file, default: [:]][folder] = outcome
                totals[folder, default: .init()].passed += outcome.passed
                totals[folder, default: .init()].total += outcome.total
                failures += outcome.failures.map { "\(folder)/\($0)" }
            }
        }
        #expect(!rows.isEmpty)
        var table = "| optional tests | " + SuiteRunner.drafts.map(\.folder).joined(separator: " | ") + " |\n"
        table += "|---|" + SuiteRunner.drafts.map { _ in "---:" }.joined(separator: "|") + "|\n"
        for file in rows.keys.sorted() {
            let cells = SuiteRunner.drafts.map { d -> String in
                guard let o = rows[file]?[d.folder] else { return "—" }
                return o.passed == o.total ? "\(o.passed)/\(o.total)" : "**\(o.passed)/\(o.total)**"
            }
            table += "| \(file.dropFirst("optional/".count)) | " + cells.joined(separator: " | ") + " |\n"
        }
        let totalCells = SuiteRunner.drafts.map { d -> String in
            let o = totals[d.folder] ?? .init()
            return "**\(o.passed)/\(o.total)**"
        }
        table += "| **total** | " + totalCells.joined(separator: " | ") + " |\n"
        print(table)
        if ProcessInfo.processInfo.environment["DIAGNOSE_CONFORMANCE_TABLE"] == "1" {
            let url = TestPaths.packageRoot.appendingPathComponent("docs/conformance.md")
            var doc = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
            let begin = "<!-- conformance-table:begin -->"
            let end = "<!-- conformance-table:end -->"
            let failing = failures.map { "- \($0)" }.joined(separator: "\n")
            let block =
                begin + "\n" + table + "\n<details><summary>Failing optional tests (\(failures.count))</summary>\n\n"
                + failing + "\n\n</details>\n" + end
            if let b = doc.range(of: begin), let e = doc.range(of: end) {
                doc.replaceSubrange(b.lowerBound..<e.upperBound, with: block)
            } else {
                doc += "\n" + block + "\n"
            }
            try doc.write(to: url, atomically: true, encoding: .utf8)
        }
    }
}
