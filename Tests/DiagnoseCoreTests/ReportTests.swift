import DiagnoseCore
import DiagnoseTestSupport
import Foundation
import Testing

@Suite("Scan report")
struct ReportTests {
    @Test func percentilesAreNearestRank() {
        let hundred = (1...100).map(Double.init)
        #expect(ScanReport.percentile(hundred, 50) == 50)
        #expect(ScanReport.percentile(hundred, 95) == 95)
        #expect(ScanReport.percentile(hundred, 99) == 99)
        #expect(ScanReport.percentile(hundred, 100) == 100)
        let ten: [Double] = [10, 20, 30, 40, 50, 60, 70, 80, 90, 1000]
        #expect(ScanReport.percentile(ten, 50) == 50)
        #expect(ScanReport.percentile(ten, 95) == 1000)
        #expect(ScanReport.percentile(ten, 90) == 90)
        #expect(ScanReport.percentile([7], 99) == 7)
        #expect(ScanReport.percentile([], 50) == nil)
        #expect(ScanReport.percentile([1, 2], 0) == 1)
    }

    @Test func endpointLatencyPercentilesFromRecords() {
        var report = ScanReport()
        // Added in scrambled order: percentiles must not depend on it.
        for (i, ms) in [300.0, 100, 500, 200, 400, 1000, 900, 800, 700, 600].enumerated() {
            report.add(
                ExchangeRecord(
                    file: "t.har", entry: i + 1, sequence: i, method: "GET", host: "h", path: "/x",
                    operation: "getX", status: 200, durationMs: ms))
        }
        let e = try! #require(report.normalized().endpoints["getX"])
        #expect(e.latencies.exactValues == [100, 200, 300, 400, 500, 600, 700, 800, 900, 1000])
        #expect(e.latency(percentile: 50) == 500)
        #expect(e.latency(percentile: 95) == 1000)
        #expect(e.latency(percentile: 99) == 1000)
    }

    @Test func aggregatesTheSmallDataset() throws {
        let report = ReportFixtures.report(ReportFixtures.small()).normalized()
        let t = report.totals
        #expect(t.exchanges == 8)
        #expect(t.clientErrors == 2)
        #expect(t.serverErrors == 1)
        #expect(t.noResponse == 1)
        #expect(t.httpErrors == 4)
        #expect(t.errorFindings == 4)
        #expect(t.warningFindings == 1)
        #expect(t.infoFindings == 1)
        #expect(t.exchangesWithErrors == 4)
        #expect(t.exchangesWithFindings == 5)
        #expect(t.slaBreaches == 3)  // 880, 1500, 805 > 800
        #expect(t.files == ["a.har": 4, "b.har": 4])
        #expect(t.firstStartedAt == ReportFixtures.t0)
        #expect(t.lastStartedAt == ReportFixtures.t0 + 3800)

        let charge = try #require(report.endpoints["createCharge"])
        #expect(charge.exchanges == 4)
        #expect(charge.httpErrors == 2)
        #expect(charge.statuses == [200: 2, 400: 1, 402: 1])
        #expect(charge.ruleCounts == ["encoding.json-body-on-form-endpoint": 2])
        #expect(charge.latencies.exactValues == [95, 120.5, 210, 805])
        #expect(charge.slaBreaches == 1)
        #expect(charge.breachExamples.map(\.entry) == [4])
        let unmatched = try #require(report.endpoints["GET api.example.com (unmatched)"])
        #expect(unmatched.statuses == [0: 1])
        #expect(unmatched.latencies.isEmpty)

        let schema = try #require(report.rules["schema.type-mismatch"])
        #expect(schema.count == 2)
        #expect(schema.exchanges == 2)
        #expect(schema.severity == .error)
        #expect(schema.firstSeen.entry == 3)
        #expect(schema.lastSeen.entry == 4)
        #expect(schema.examples.map(\.sequence) == [2, 3])

        let stripe = try #require(
            report.clients[ScanReport.ClientKey(client: "sk_test_[redacted:4f2a]", userAgent: "shop/1.2")])
        #expect(stripe.exchanges == 3)
        #expect(stripe.httpErrors == 1)
        #expect(stripe.errorFindings == 2)
        #expect(report.findings.map(\.sequence) == [1, 2, 3, 3, 4, 5])
        #expect(report.timeline.values.map { $0.reduce(0, +) }.reduce(0, +) == 7)  // one exchange has no start time
    }

    @Test func firstAndLastSeenOrderByTimeThenSequenceUntimedLast() {
        typealias Seen = ScanReport.Seen
        let early = Seen(startedAt: 10, sequence: 9, file: "f", entry: 9)
        let late = Seen(startedAt: 20, sequence: 1, file: "f", entry: 1)
        let tie = Seen(startedAt: 10, sequence: 3, file: "f", entry: 3)
        let untimed = Seen(startedAt: nil, sequence: 0, file: "f", entry: 0)
        #expect(early < late)
        #expect(tie < early)
        #expect(late < untimed)
        #expect([untimed, late, early, tie].sorted() == [tie, early, late, untimed])
    }

    @Test func examplesAreTheLowestSequencesWhateverTheAddOrder() {
        var report = ScanReport(limits: .init(examplesPerRule: 2))
        for sequence in (0..<20).reversed() {
            let f = ReportFixtures.finding(
                "r", .warning, "m\(sequence)", file: "f", entry: sequence + 1, method: "GET", url: "u", location: "/x")
            report.add(
                ExchangeRecord(
                    file: "f", entry: sequence + 1, sequence: sequence, startedAt: 100 - Double(sequence),
                    method: "GET", host: "h", path: "/p", status: 200, findings: [f, f]))
        }
        let rule = report.normalized().rules["r"]!
        #expect(rule.examples.map(\.sequence) == [0, 1])
        #expect(rule.count == 40)
        #expect(rule.exchanges == 20)
        #expect(rule.firstSeen.sequence == 19)  // earliest time
        #expect(rule.lastSeen.sequence == 0)
    }

    @Test func capsKeepTheFirstFindingsAndCountTheRest() {
        let records = ReportFixtures.generated(count: 400)
        let limits = ScanReport.Limits(findings: 25, exchanges: 30)
        var report = ScanReport(limits: limits)
        for r in records.reversed() { report.add(r) }
        let n = report.normalized()
        let all = records.flatMap { r in r.findings.indices.map { (r.sequence, $0) } }
        #expect(n.findings.count == 25)
        #expect(n.findings.map { [$0.sequence, $0.ordinal] } == all.prefix(25).map { [$0.0, $0.1] })
        #expect(n.findingsOmitted == all.count - 25)
        #expect(n.exchanges.map(\.sequence) == Array(0..<30))
        #expect(n.exchangesOmitted == 370)
        #expect(n.totals.exchanges == 400)
        let json = ReportRenderer.render(report, format: .json)
        #expect(json.contains("\"findingsOmitted\":\(all.count - 25)"))
        #expect(ReportRenderer.render(report, format: .text).contains("findings are counted but not listed"))
    }

    @Test func mergeRejectsDifferentSLAsAndLimits() {
        var a = ScanReport(sla: 800)
        let error = #expect(throws: DiagnoseFailure.self) { try a.merge(ScanReport(sla: 500)) }
        #expect(error?.message.contains("different SLAs") == true)
        #expect(error?.help?.contains("--sla") == true)
        #expect(throws: DiagnoseFailure.self) { try a.merge(ScanReport(sla: 800, limits: .init(findings: 5))) }
    }

    /// `scan` and `merge` normalize their report in place before rendering; a later change must be normalized
    /// again (the flag that spares a second sort is cleared by every change).
    @Test func normalizingInPlaceMatchesNormalizedAndChangesClearIt() throws {
        let records = ReportFixtures.generated(count: 400)
        let limits = ScanReport.Limits(findings: 30, exchanges: 50, examplesPerRule: 2, breachesPerEndpoint: 3)
        var report = ReportFixtures.report(Array(records.prefix(300).reversed()), limits: limits)
        let expected = ReportRenderer.render(report, format: .json, options: ReportFixtures.options)
        report.normalize()
        #expect(ReportRenderer.render(report, format: .json, options: ReportFixtures.options) == expected)
        #expect(report.findings.map(\.sequence) == report.findings.map(\.sequence).sorted())
        for r in records.dropFirst(300).reversed() { report.add(r) }
        let whole = ReportFixtures.report(records, limits: limits)
        for format in [ReportFormat.json, .partial, .markdown] {
            #expect(
                ReportRenderer.render(report, format: format, options: ReportFixtures.options)
                    == ReportRenderer.render(whole, format: format, options: ReportFixtures.options))
        }
        var merged = ReportFixtures.report(Array(records.prefix(200)), limits: limits)
        merged.normalize()
        try merged.merge(ReportFixtures.report(Array(records.dropFirst(200)), limits: limits))
        #expect(
            ReportRenderer.render(merged, format: .json, options: ReportFixtures.options)
                == ReportRenderer.render(whole, format: .json, options: ReportFixtures.options))
    }

    @Test func mergeOfEmptyReportChangesNothing() throws {
        var report = ReportFixtures.report(ReportFixtures.small())
        let before = report.partialJSON()
        try report.merge(ScanReport(sla: 800))
        #expect(report.partialJSON() == before)
    }

    @Test func partialRoundTripIsLossless() throws {
        let report = ReportFixtures.report(ReportFixtures.generated(count: 300))
        let text = report.partialJSON()
        let back = try ScanReport(partialJSON: text, name: "p.json")
        #expect(back.partialJSON() == text)
        for format in ReportFormat.allCases {
            #expect(
                ReportRenderer.render(back, format: format, options: ReportFixtures.options)
                    == ReportRenderer.render(report, format: format, options: ReportFixtures.options))
        }
        #expect(text.hasPrefix("{\"version\":1,\"kind\":\"diagnose-partial-report\""))
    }

    @Test func partialKeepsAwkwardDoublesExactly() throws {
        var report = ScanReport(sla: 0.1)
        for (i, ms) in [0.1, 1e-7, 123456789.125, 1.0 / 3.0, 5e20, 0].enumerated() {
            report.add(
                ExchangeRecord(
                    file: "f", entry: i + 1, sequence: i, startedAt: 1_714_564_800.123456 + Double(i) / 7,
                    method: "GET",
                    host: "h", path: "/", operation: "op", status: 200, durationMs: ms))
        }
        let back = try ScanReport(partialJSON: report.partialJSON())
        #expect(back.normalized().endpoints["op"]!.latencies == report.normalized().endpoints["op"]!.latencies)
        #expect(back.totals.lastStartedAt == report.totals.lastStartedAt)
        #expect(back.sla == 0.1)
    }

    @Test func malformedPartialsFailWithLocationAndHint() {
        let syntax = #expect(throws: DiagnoseFailure.self) {
            try ScanReport(partialJSON: "{\"version\":1,", name: "p1.json")
        }
        #expect(syntax?.message.contains("'p1.json' is not valid JSON") == true)
        #expect(syntax?.location?.file == "p1.json")
        #expect(syntax?.help != nil)

        let kind = #expect(throws: DiagnoseFailure.self) {
            try ScanReport(partialJSON: "{\"findings\":[]}", name: "x.json")
        }
        #expect(kind?.message.contains("not a diagnose partial report") == true)

        let good = ReportFixtures.report(ReportFixtures.small()).partialJSON()
        let version = #expect(throws: DiagnoseFailure.self) {
            try ScanReport(partialJSON: good.replacingOccurrences(of: "{\"version\":1,", with: "{\"version\":9,"))
        }
        #expect(version?.message.contains("version 9") == true)

        let missing = #expect(throws: DiagnoseFailure.self) {
            try ScanReport(partialJSON: good.replacingOccurrences(of: "\"httpErrors\":2,", with: ""), name: "m.json")
        }
        #expect(missing?.message.contains("/endpoints/1/httpErrors is missing") == true)
        #expect(missing?.location?.pointer == "/endpoints/1/httpErrors")

        let wrongType = #expect(throws: DiagnoseFailure.self) {
            try ScanReport(
                partialJSON: good.replacingOccurrences(of: "\"severity\":\"error\"", with: "\"severity\":\"fatal\""))
        }
        #expect(wrongType?.message.contains("expected error, warning or info") == true)
    }

    @Test func mergingPartialFilesFromDisk() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("diagnose-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let records = ReportFixtures.generated(count: 120)
        var paths: [String] = []
        for k in 0..<3 {
            let part = ReportFixtures.report(records.filter { $0.sequence % 3 == k })
            let path = dir.appendingPathComponent("p\(k).json").path
            try part.partialJSON().write(toFile: path, atomically: true, encoding: .utf8)
            paths.append(path)
        }
        let merged = try ScanReport.mergingPartials(at: paths.reversed())
        #expect(merged.partialJSON() == ReportFixtures.report(records).partialJSON())
        let missing = #expect(throws: DiagnoseFailure.self) {
            try ScanReport.mergingPartials(at: [dir.appendingPathComponent("nope.json").path])
        }
        #expect(missing?.message.contains("cannot read partial report") == true)
    }

    @Test func findingJSONHasTheDocumentedShape() throws {
        let f = Finding(
            rule: "schema.type-mismatch", severity: .error, message: "expected integer, found \"4\u{1}2\"",
            exchange: .init(file: "t.har", entry: 3, method: "POST", url: "https://api.example.com/v1/charges"),
            location: "/request/body/amount",
            spec: .init(file: "openapi.yaml", line: 88, column: 13, pointer: "#/components/schemas/Charge"),
            expected: "integer", found: "string", hint: nil, kb: "https://diagnose.dev/kb/schema.type-mismatch")
        let line = FindingJSON.write(f)
        let expected =
            ##"{"rule":"schema.type-mismatch","severity":"error","message":"expected integer, found \"4\u00012\"","##
            + ##""exchange":{"file":"t.har","entry":3,"method":"POST","url":"https://api.example.com/v1/charges"},"##
            + ##""location":"/request/body/amount","spec":{"file":"openapi.yaml","line":88,"column":13,"##
            + ##""pointer":"#/components/schemas/Charge"},"expected":"integer","found":"string","hint":null,"##
            + ##""kb":"https://diagnose.dev/kb/schema.type-mismatch"}"##
        #expect(line == expected)
        #expect(!line.contains("\n"))
        let back = try FindingJSON.read(try JSONParser.parse(line).root)
        #expect(back == f)
        var noSpec = f
        noSpec.spec = nil
        noSpec.kb = nil
        #expect(FindingJSON.write(noSpec).contains(#""spec":null"#))
        #expect(try FindingJSON.read(try JSONParser.parse(FindingJSON.write(noSpec)).root) == noSpec)
    }
}

@Suite("Scan report memory")
struct ReportMemoryTests {
    /// Resident set size of this process in kB (Linux), nil elsewhere.
    static func residentKB() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            return Int(line.split(separator: " ").dropFirst().first ?? "")
        }
        return nil
    }

    /// 250,000 exchanges (a 1.6 GB HAR at 6.5 kB per entry) must keep the report far below 200 MB: only counters,
    /// 8 bytes per latency, and the capped lists grow.
    @Test(.tags(.slow), .enabled(if: residentKB() != nil, "needs /proc/self/status"))
    func memoryStaysBoundedOnAHugeScan() throws {
        let before = try #require(Self.residentKB())
        var report = ScanReport(sla: 800)
        for chunk in 0..<25 {
            for var r in ReportFixtures.generated(count: 10_000, seed: UInt64(chunk)) {
                r.sequence += chunk * 10_000
                r.entry += chunk * 10_000
                report.add(r)
            }
        }
        let normalized = report.normalized()
        let after = try #require(Self.residentKB())
        #expect(normalized.totals.exchanges == 250_000)
        #expect(normalized.findings.count == ScanReport.Limits.default.findings)
        #expect(normalized.exchanges.count == ScanReport.Limits.default.exchanges)
        let grownMB = (after - before) / 1024
        #expect(grownMB < 200, "report grew the process by \(grownMB) MB")
        print(
            "ReportMemoryTests: 250,000 exchanges, process grew by \(grownMB) MB; partial JSON \(report.partialJSON().utf8.count / 1024) kB"
        )
    }
}
