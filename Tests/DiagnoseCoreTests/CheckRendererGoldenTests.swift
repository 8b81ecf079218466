import DiagnoseCore
import DiagnoseTestSupport
import Foundation
import Testing

/// `diagnose check` output over the shipped ticket recording, in every format, compared with golden files.
@Suite("check output (golden)")
struct CheckRendererGoldenTests {
    static func results(language: Language = .en) throws -> (CheckResults, CheckRenderer) {
        var options = CheckOptions()
        options.language = language
        let root = TestPaths.packageRoot.path
        let specs = try SpecSet.load(paths: [root + "/specs/payments.yaml"], checkOptions: options)
        let run = CheckRun(specs: specs, options: options, rules: .builtIn())
        var results = run.run([root + "/recordings/ticket-4711.har"])
        // Paths relative to the package root, so the golden files do not depend on the checkout's location.
        for i in results.exchanges.indices {
            for j in results.exchanges[i].findings.indices {
                results.exchanges[i].findings[j].exchange.file = "recordings/ticket-4711.har"
                if var spec = results.exchanges[i].findings[j].spec {
                    spec.file = spec.file.replacingOccurrences(of: root + "/", with: "")
                    results.exchanges[i].findings[j].spec = spec
                }
            }
        }
        return (results, CheckRenderer(color: false, language: language))
    }

    @Test(arguments: CheckRenderer.Format.allCases)
    func rendersEachFormat(_ format: CheckRenderer.Format) throws {
        let (results, renderer) = try Self.results()
        let ext = format == .markdown ? "md" : format.rawValue
        assertGolden(renderer.render(results, format: format), named: "check/ticket-4711.\(ext)")
    }

    @Test func rendersMarkdownInChinese() throws {
        let (results, renderer) = try Self.results(language: .zhHans)
        assertGolden(renderer.render(results, format: .markdown), named: "check/ticket-4711.zh-Hans.md")
    }

    @Test func jsonOutputParses() throws {
        let (results, renderer) = try Self.results()
        let document = try JSONParser.parse(renderer.render(results, format: .json))
        #expect(document.root["version"]?.numberValue?.int64Value == 1)
        #expect(document.root["findings"]?.count == results.findings.count)
        #expect(document.root["summary"]?["exchanges"]?.numberValue?.int64Value == 10)
    }
}
