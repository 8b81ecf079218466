// `--format text`: headline numbers and aligned summary tables for a terminal.
//
//   diagnose scan: 40 exchanges in 2 files, 2024-05-01T12:00:00.000Z to 2024-05-01T12:39:00.000Z
//   HTTP errors: 9 (22.5%): 4xx 6, 5xx 2, no response 1
//   ...
//   ENDPOINTS
//   ENDPOINT        EXCH  HTTP ERR  ERR %  P50 MS  P95 MS  P99 MS  SLA  TOP RULES
//   createCharge      12         3  25.0%    80.0   910.0   910.0    2  request.param-unknown ×3
//
// Every value passes through `ReportEscaping.terminal`, so a hostile User-Agent cannot send escape sequences.

enum TextReportRenderer {
    enum Align { case left, right }

    static func render(_ r: ScanReport, options: RenderOptions) -> String {
        let bold = options.color ? "\u{1B}[1m" : ""
        let reset = options.color ? "\u{1B}[0m" : ""
        func sev(_ s: Diagnostic.Severity) -> String {
            guard options.color else { return s.rawValue }
            switch s {
            case .error: return "\u{1B}[31m" + s.rawValue + reset
            case .warning: return "\u{1B}[33m" + s.rawValue + reset
            case .info: return "\u{1B}[36m" + s.rawValue + reset
            }
        }
        let t = r.totals
        let all = r.allLatencies
        var o =
            "diagnose scan: \(t.exchanges) exchange\(t.exchanges == 1 ? "" : "s") in \(t.files.count) "
            + "file\(t.files.count == 1 ? "" : "s")"
        if let a = t.firstStartedAt, let b = t.lastStartedAt {
            o += ", " + ReportFormatting.iso8601(a) + " to " + ReportFormatting.iso8601(b)
        }
        o += "\n"
        o +=
            "HTTP errors: \(t.httpErrors) (\(ReportFormatting.percent(t.errorRate))): 4xx \(t.clientErrors), "
            + "5xx \(t.serverErrors), no response \(t.noResponse)\n"
        o +=
            "Findings: \(t.findings) (\(sev(.error)) \(t.errorFindings), \(sev(.warning)) \(t.warningFindings), "
            + "\(sev(.info)) \(t.infoFindings)) in \(t.exchangesWithFindings) exchanges\n"
        o +=
            "Latency: p50 \(ReportFormatting.ms(all.percentile(50))) ms, p95 "
            + "\(ReportFormatting.ms(all.percentile(95))) ms, p99 "
            + "\(ReportFormatting.ms(all.percentile(99))) ms (\(all.count) timed)\n"
        if let sla = r.sla {
            o += "SLA \(ReportFormatting.ms(sla)) ms: \(t.slaBreaches) breach\(t.slaBreaches == 1 ? "" : "es")\n"
        }
        if r.findingsOmitted > 0 {
            o +=
                "Note: \(r.findingsOmitted) findings are counted but not listed (kept the first "
                + "\(r.limits.findings) by input order)\n"
        }

        let endpoints = r.sortedEndpoints
        o += "\n" + bold + "ENDPOINTS" + reset + "\n"
        o += table(
            header: ["ENDPOINT", "EXCH", "HTTP ERR", "ERR %", "P50 MS", "P95 MS", "P99 MS", "SLA", "TOP RULES"],
            align: [.left, .right, .right, .right, .right, .right, .right, .right, .left],
            rows: endpoints.prefix(options.maxRows).map { e in
                [
                    e.key, "\(e.exchanges)", "\(e.httpErrors)", ReportFormatting.percent(e.errorRate),
                    ReportFormatting.ms(e.latency(percentile: 50)), ReportFormatting.ms(e.latency(percentile: 95)),
                    ReportFormatting.ms(e.latency(percentile: 99)), r.sla == nil ? "-" : "\(e.slaBreaches)",
                    e.topRules(3).map { "\($0.rule) ×\($0.count)" }.joined(separator: ", "),
                ]
            })
        if endpoints.count > options.maxRows { o += "… and \(endpoints.count - options.maxRows) more\n" }

        let rules = r.sortedRules
        o += "\n" + bold + "RULES" + reset + "\n"
        if rules.isEmpty {
            o += "no findings\n"
        } else {
            o += table(
                header: ["RULE", "SEVERITY", "COUNT", "EXCH", "FIRST SEEN", "LAST SEEN", "EXAMPLE"],
                align: [.left, .left, .right, .right, .left, .left, .left],
                rows: rules.prefix(options.maxRows).map { rule in
                    [
                        rule.id, rule.severity.rawValue, "\(rule.count)", "\(rule.exchanges)", seen(rule.firstSeen),
                        seen(rule.lastSeen), rule.examples.first.map { "\($0.file)#\($0.entry)" } ?? "",
                    ]
                }, colorColumn: options.color ? 1 : nil)
            if rules.count > options.maxRows { o += "… and \(rules.count - options.maxRows) more\n" }
        }

        let clients = r.sortedClients
        o += "\n" + bold + "CLIENTS" + reset + "\n"
        o += table(
            header: ["CLIENT", "USER-AGENT", "EXCH", "HTTP ERR", "EXCH W/ ERRORS", "ERRORS", "OTHER"],
            align: [.left, .left, .right, .right, .right, .right, .right],
            rows: clients.prefix(options.maxRows).map { c in
                [
                    c.client.isEmpty ? "-" : c.client, c.userAgent.isEmpty ? "-" : c.userAgent, "\(c.exchanges)",
                    "\(c.httpErrors)", "\(c.exchangesWithErrors)", "\(c.errorFindings)", "\(c.otherFindings)",
                ]
            })
        if clients.count > options.maxRows { o += "… and \(clients.count - options.maxRows) more\n" }

        if let sla = r.sla, t.slaBreaches > 0 {
            o += "\n" + bold + "SLA BREACHES (> \(ReportFormatting.ms(sla)) ms)" + reset + "\n"
            let rows = endpoints.filter { $0.slaBreaches > 0 }.flatMap { e in
                e.breachExamples.map { x in
                    [
                        e.key, "\(x.file)#\(x.entry)", x.method + " " + x.url, "\(x.status)",
                        ReportFormatting.ms(x.durationMs),
                    ]
                }
            }
            o += table(
                header: ["ENDPOINT", "EXCHANGE", "REQUEST", "STATUS", "MS"],
                align: [.left, .left, .left, .right, .right],
                rows: rows)
        }
        return o
    }

    private static func seen(_ s: ScanReport.Seen) -> String {
        s.startedAt.map(ReportFormatting.iso8601) ?? "\(s.file)#\(s.entry)"
    }

    /// Aligned columns separated by two spaces; cells are made terminal-safe and cut at 60 characters.
    static func table(header: [String], align: [Align], rows: [[String]], colorColumn: Int? = nil) -> String {
        let clean = rows.map { row in
            row.map { cell -> String in
                let safe = ReportEscaping.terminal(cell)
                return safe.count > 60 ? String(safe.prefix(59)) + "…" : safe
            }
        }
        var widths = header.map(\.count)
        for row in clean { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        func line(_ cells: [String], colored: Bool) -> String {
            var parts: [String] = []
            for (i, cell) in cells.enumerated() {
                let last = i == cells.count - 1
                var padded =
                    align[i] == .right
                    ? ReportFormatting.padLeft(cell, widths[i])
                    : (last ? cell : ReportFormatting.padRight(cell, widths[i]))
                if colored, i == colorColumn {
                    let code = cell.hasPrefix("error") ? "31" : cell.hasPrefix("warning") ? "33" : "36"
                    padded = "\u{1B}[\(code)m" + padded + "\u{1B}[0m"
                }
                parts.append(padded)
            }
            return parts.joined(separator: "  ") + "\n"
        }
        return line(header, colored: false) + clean.map { line($0, colored: true) }.joined()
    }
}
