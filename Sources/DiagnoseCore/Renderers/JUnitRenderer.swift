// `--format junit`: JUnit XML for CI dashboards, one test case per exchange.
//
//   <testsuites name="diagnose" tests="3" failures="1" errors="0">
//     <testsuite name="diagnose" tests="3" failures="1" errors="0" skipped="0" time="0.412">
//       <testcase classname="trace.har" name="#2 POST /v1/charges" time="0.120">
//         <failure type="request.param-unknown" message="unknown parameter 'amout'">error request.param-unknown …
//
// An exchange fails when it has an error finding; warnings and notes go to <system-out>. Exchanges and findings
// beyond the in-memory caps are counted in <properties>.

enum JUnitRenderer {
    static func render(_ r: ScanReport, options: RenderOptions) -> String {
        let x = ReportEscaping.xml
        var bySequence: [Int: [Finding]] = [:]
        for f in r.findings { bySequence[f.sequence, default: []].append(f.finding) }
        let failures = r.exchanges.filter { $0.errorFindings > 0 }.count
        let tests = r.exchanges.count
        var totalMs = 0.0
        for row in r.exchanges { totalMs += row.durationMs ?? 0 }  // rows are sorted, so the sum is deterministic
        let time = ReportFormatting.fixed(totalMs / 1000, 3)
        var o = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        o +=
            "<testsuites name=\"diagnose\" tests=\"\(tests)\" failures=\"\(failures)\" errors=\"0\" time=\"\(time)\">\n"
        o +=
            "  <testsuite name=\"diagnose\" tests=\"\(tests)\" failures=\"\(failures)\" errors=\"0\" skipped=\"0\""
            + " time=\"\(time)\">\n"
        o += "    <properties>\n"
        o += "      <property name=\"tool.version\" value=\"\(x(options.toolVersion))\"/>\n"
        o += "      <property name=\"exchanges.total\" value=\"\(r.totals.exchanges)\"/>\n"
        o += "      <property name=\"exchanges.omitted\" value=\"\(r.exchangesOmitted)\"/>\n"
        o += "      <property name=\"findings.omitted\" value=\"\(r.findingsOmitted)\"/>\n"
        o += "    </properties>\n"
        for row in r.exchanges {
            let name = "#\(row.entry) \(row.method) \(row.path)"
            o += "    <testcase classname=\"\(x(row.file))\" name=\"\(x(name))\""
            if let d = row.durationMs { o += " time=\"\(ReportFormatting.fixed(d / 1000, 3))\"" }
            let found = bySequence[row.sequence] ?? []
            if found.isEmpty && row.errorFindings == 0 && row.otherFindings == 0 {
                o += "/>\n"
                continue
            }
            o += ">\n"
            let errors = found.filter { $0.severity == .error }
            let others = found.filter { $0.severity != .error }
            if row.errorFindings > 0 {
                let head = errors.first
                o +=
                    "      <failure type=\"\(x(head?.rule ?? "diagnose"))\" message=\"\(x(head?.message ?? "\(row.errorFindings) error findings"))\">"
                o += x(describe(errors, options: options, status: row.status))
                if errors.count < row.errorFindings {
                    o += x("(\(row.errorFindings - errors.count) more findings not kept in memory)\n")
                }
                o += "</failure>\n"
            }
            if !others.isEmpty {
                o +=
                    "      <system-out>" + x(describe(others, options: options, status: row.status)) + "</system-out>\n"
            }
            o += "    </testcase>\n"
        }
        o += "  </testsuite>\n</testsuites>\n"
        return o
    }

    private static func describe(_ findings: [Finding], options: RenderOptions, status: Int) -> String {
        var s = ""
        for f in findings {
            s += "\(f.severity.rawValue) \(f.rule) at \(f.location): \(f.message)\n"
            if let expected = f.expected { s += "  expected: \(expected)\n" }
            if let found = f.found { s += "  found: \(found)\n" }
            if let hint = f.hint { s += "  hint: \(hint)\n" }
            s += "  see: \(f.kb ?? options.helpURI(for: f.rule))\n"
        }
        return s
    }
}
