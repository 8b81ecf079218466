import DiagnoseCore
import DiagnoseTestSupport
import Foundation
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite("Report renderers")
struct RendererTests {
    static let goldenFormats: [ReportFormat] = [.text, .json, .ndjson, .markdown, .junit, .sarif, .html]

    @Test(arguments: goldenFormats)
    func smallDatasetMatchesGolden(format: ReportFormat) {
        let report = ReportFixtures.report(ReportFixtures.small())
        let output = ReportRenderer.render(report, format: format, options: ReportFixtures.options)
        assertGolden(output, named: "report/small.\(format.fileExtension)")
    }

    @Test func smallDatasetWithoutSLAMatchesGolden() {
        let report = ReportFixtures.report(ReportFixtures.small(), sla: nil)
        assertGolden(
            ReportRenderer.render(report, format: .text, options: ReportFixtures.options),
            named: "report/small-no-sla.txt")
    }

    @Test(arguments: ReportFormat.allCases)
    func everyFormatRendersAnEmptyReport(format: ReportFormat) throws {
        let output = ReportRenderer.render(ScanReport(), format: format)
        #expect(output.hasSuffix("\n"))
        #expect(!output.isEmpty)
        if [.json, .sarif, .partial].contains(format) { _ = try JSONParser.parse(output) }
    }

    @Test(arguments: ReportFormat.allCases)
    func sameInputGivesIdenticalBytesWhateverTheAddOrder(format: ReportFormat) {
        let records = ReportFixtures.generated(count: 600)
        var rng = ReportFixtures.SeededRandom(state: 99)
        let shuffled = records.shuffled(using: &rng)
        let a = ReportRenderer.render(ReportFixtures.report(records), format: format, options: ReportFixtures.options)
        let b = ReportRenderer.render(ReportFixtures.report(records), format: format, options: ReportFixtures.options)
        let c = ReportRenderer.render(ReportFixtures.report(shuffled), format: format, options: ReportFixtures.options)
        #expect(a == b)
        #expect(a == c)
    }

    static let shardCases: [(ReportFormat, Int)] = ReportFormat.allCases.flatMap { f in [2, 3, 7].map { (f, $0) } }

    /// The issue's contract: shards written as partials, read back and merged in any order, render byte for byte
    /// like the unsharded run, for every format (with small caps, so capped lists are merged too).
    @Test(arguments: shardCases)
    func shardedAndMergedEqualsUnsharded(format: ReportFormat, shards: Int) throws {
        let records = ReportFixtures.generated(count: 500, seed: UInt64(shards))
        for limits in [
            ScanReport.Limits.default,
            ScanReport.Limits(findings: 40, exchanges: 90, examplesPerRule: 2, breachesPerEndpoint: 3),
        ] {
            let whole = ReportRenderer.render(
                ReportFixtures.report(records, limits: limits), format: format, options: ReportFixtures.options)
            // Two shard rules: round-robin by sequence, and by file (as when machines take whole files).
            for rule in 0..<2 {
                var partials: [String] = []
                for k in 0..<shards {
                    let mine = records.filter {
                        rule == 0 ? $0.sequence % shards == k : abs($0.file.hashValueStable) % shards == k
                    }
                    partials.append(ReportFixtures.report(mine, limits: limits).partialJSON())
                }
                var rng = ReportFixtures.SeededRandom(state: UInt64(shards * 10 + rule))
                partials.shuffle(using: &rng)
                var merged = try ScanReport(partialJSON: partials[0], name: "p0.json")
                for (i, p) in partials.dropFirst().enumerated() {
                    try merged.merge(try ScanReport(partialJSON: p, name: "p\(i + 1).json"))
                }
                let output = ReportRenderer.render(merged, format: format, options: ReportFixtures.options)
                #expect(output == whole, "format \(format), \(shards) shards, rule \(rule), limits \(limits)")
            }
        }
    }

    @Test func jsonOutputsParseAndCarryTheSummary() throws {
        let report = ReportFixtures.report(ReportFixtures.small())
        let json = try JSONParser.parse(ReportRenderer.render(report, format: .json, options: ReportFixtures.options))
            .root
        #expect(json["version"]?.numberValue?.int64Value == 1)
        #expect(json["findings"]?.count == 6)
        let summary = try #require(json["summary"])
        #expect(summary["exchanges"]?.numberValue?.int64Value == 8)
        #expect(summary["slaBreaches"]?.numberValue?.int64Value == 3)
        #expect(summary["endpoints"]?[0]?["endpoint"]?.stringValue == "createCharge")
        #expect(summary["endpoints"]?[0]?["latencyMs"]?["p95"]?.numberValue?.doubleValue == 805)

        let ndjson = ReportRenderer.render(report, format: .ndjson, options: ReportFixtures.options)
        let lines = ndjson.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 8)  // six findings, the summary, and the empty string after the last newline
        for line in lines.dropLast() { _ = try JSONParser.parse(String(line)) }
        #expect(lines[6].hasPrefix("{\"summary\":"))
        #expect(String(lines[6]) + "\n" == ReportRenderer.ndjsonSummaryLine(report, options: ReportFixtures.options))
        #expect(String(lines[0]) == FindingJSON.write(ReportFixtures.small()[1].findings[0]))
    }

    // MARK: Escaping

    static let hostile = "<script>alert('x')</script> & \"q\" 'a' \u{1B}[31mRED\u{7} `code` | *b* [l](javascript:x)"

    static func hostileReport() -> ScanReport {
        let f = ReportFixtures.finding(
            hostile, .error, hostile, file: "a<b>.har", entry: 1, method: "POST", url: "https://x/\(hostile)",
            location: "/request/body/\(hostile)", hint: hostile)
        var report = ScanReport(sla: 10)
        report.add(
            ExchangeRecord(
                file: "a<b>.har", entry: 1, sequence: 0, startedAt: 1_714_564_800, method: "POST", host: "x",
                path: "/\(hostile)", operation: hostile, status: 500, durationMs: 20, client: hostile,
                userAgent: hostile, curl: "curl '\(hostile)' ```", findings: [f]))
        return report
    }

    @Test func junitEscapesHostileText() throws {
        let xml = ReportRenderer.render(Self.hostileReport(), format: .junit, options: ReportFixtures.options)
        #expect(!xml.contains("<script>"))
        #expect(!xml.contains("\u{1B}"))
        #expect(!xml.contains("\u{7}"))
        #expect(xml.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"))
        #expect(xml.contains("<failure type=\""))
        #if canImport(FoundationXML) || os(macOS)
            let parser = XMLParser(data: Data(xml.utf8))
            #expect(parser.parse(), "JUnit output is not well-formed XML: \(String(describing: parser.parserError))")
        #endif
    }

    @Test func junitWellFormedOnGeneratedData() {
        let xml = ReportRenderer.render(ReportFixtures.report(ReportFixtures.generated(count: 300)), format: .junit)
        #if canImport(FoundationXML) || os(macOS)
            #expect(XMLParser(data: Data(xml.utf8)).parse())
        #endif
        #expect(xml.components(separatedBy: "<testcase ").count - 1 == 300)
    }

    @Test func htmlEscapesHostileTextAndLoadsNothingExternal() {
        let html = ReportRenderer.render(Self.hostileReport(), format: .html, options: ReportFixtures.options)
        #expect(html.components(separatedBy: "<script").count == 2)  // only our own sorting script
        #expect(!html.contains("alert('x')</script>"))
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
        #expect(!html.contains("\u{1B}"))
        #expect(!html.contains("javascript:x\">"))
        #expect(!html.contains(" src="))
        #expect(!html.contains("url("))
        #expect(!html.contains("@import"))
        // The only absolute links are knowledge-base anchors (and SVG's namespace name, which loads nothing).
        let links = html.components(separatedBy: "href=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
        #expect(links.allSatisfy { $0.hasPrefix("https://diagnose.dev/kb/") || $0 == "#" })
        for chart in ["findings-per-rule", "status-over-time", "latency-histogram"] {
            #expect(html.contains("<svg data-chart=\"\(chart)\""))
        }
    }

    @Test func markdownEscapesHostileTextAndKeepsSecretsAsGiven() {
        let full = ReportRenderer.render(Self.hostileReport(), format: .markdown, options: ReportFixtures.options)
        // Outside fenced code blocks (whose content Markdown shows literally) nothing may be live markup.
        let md = full.components(separatedBy: "````").enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
            .joined()
        #expect(full.contains("````sh\ncurl '<script>"))
        #expect(!md.contains("<script>"))
        #expect(!md.contains("\u{1B}"))
        #expect(!md.replacingOccurrences(of: "\\]", with: "").contains("](javascript:"))  // only escaped brackets

        // A planted secret-looking client digest appears exactly as the caller gave it, and nothing else leaks.
        var records = ReportFixtures.small()
        records[0].client = "sk_live_[redacted:dead]"
        let report = ReportFixtures.report(records)
        let out = ReportRenderer.render(report, format: .markdown, options: ReportFixtures.options)
        #expect(out.contains("sk\\_live\\_\\[redacted:dead\\]"))
        #expect(!out.contains("sk_live_51"))
    }

    @Test func textNeutralisesTerminalEscapes() {
        let text = ReportRenderer.render(Self.hostileReport(), format: .text, options: ReportFixtures.options)
        #expect(!text.contains("\u{1B}"))
        #expect(text.contains("\\u{1B}[31mRED"))
        let colored = ReportRenderer.render(
            ReportFixtures.report(ReportFixtures.small()), format: .text,
            options: RenderOptions(color: true))
        #expect(colored.contains("\u{1B}[31merror\u{1B}[0m"))
        #expect(
            !ReportRenderer.render(
                ReportFixtures.report(ReportFixtures.small()), format: .json, options: RenderOptions(color: true)
            ).contains("\u{1B}"))
    }

    /// Status bars: at most 48 time buckets, and the segment counts add up to every exchange with a start time.
    @Test(arguments: [200, 2000])
    func timelineBucketsStayBoundedAndCountEverything(count: Int) throws {
        let records = ReportFixtures.generated(count: count)
        let html = ReportRenderer.render(ReportFixtures.report(records), format: .html)
        let after = try #require(html.components(separatedBy: "<svg data-chart=\"status-over-time\"").last)
        let chart = try #require(after.components(separatedBy: "</svg>").first)
        var total = 0
        var xs: Set<String> = []
        for segment in chart.components(separatedBy: "<rect ").dropFirst() where segment.contains("<title>") {
            let title = try #require(
                segment.components(separatedBy: "<title>").last?.components(separatedBy: "</title>").first)
            total += try #require(Int(title.components(separatedBy: ": ").last ?? ""))
            xs.insert(try #require(segment.components(separatedBy: "\"").dropFirst().first))
        }
        #expect(total == records.filter { $0.startedAt != nil }.count)
        #expect(xs.count <= 48)
        #expect(xs.count > 1)
    }
}

extension String {
    /// A hash that is the same in every process (Swift's `hashValue` is seeded per run).
    var hashValueStable: Int {
        var h = 5381
        for b in utf8 { h = (h &* 33) &+ Int(b) }
        return h
    }
}
