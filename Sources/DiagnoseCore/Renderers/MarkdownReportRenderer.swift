// `--format markdown`: an incident report to paste into a ticket.
//
//   # API traffic report
//   headline numbers (bullets)
//   ## Top problems          rules by count, KB links, first/last seen, one example each
//   ## Reproductions         curl commands of the examples (already redacted by the caller)
//   ## Endpoints             table
//   ## Clients               table
//   ## SLA breaches          table, when --sla was given
//
// User-derived text goes through `ReportEscaping.markdown` (no raw HTML, no accidental markup), URLs through
// `safeURL`, curl commands into fenced blocks longer than any backtick run they contain.

enum MarkdownReportRenderer {
    static func render(_ r: ScanReport, options: RenderOptions) -> String {
        let m = ReportEscaping.markdown
        let t = r.totals
        let all = r.allLatencies
        var o = "# API traffic report\n\n"
        o += "- **\(t.exchanges)** exchanges in \(t.files.count) file\(t.files.count == 1 ? "" : "s")"
        if let a = t.firstStartedAt, let b = t.lastStartedAt {
            o += ", \(ReportFormatting.iso8601(a)) to \(ReportFormatting.iso8601(b))"
        }
        o += "\n"
        o +=
            "- **\(ReportFormatting.percent(t.errorRate))** HTTP errors (\(t.httpErrors): 4xx \(t.clientErrors), "
            + "5xx \(t.serverErrors), no response \(t.noResponse))\n"
        o +=
            "- **\(t.findings)** findings (\(plural(t.errorFindings, "error")), \(plural(t.warningFindings, "warning")), "
            + "\(plural(t.infoFindings, "note"))) in \(plural(t.exchangesWithFindings, "exchange")); "
            + "\(plural(t.exchangesWithErrors, "exchange")) with errors\n"
        o +=
            "- Latency p50 **\(ReportFormatting.ms(all.percentile(50)))** ms, p95 "
            + "**\(ReportFormatting.ms(all.percentile(95)))** ms, p99 "
            + "**\(ReportFormatting.ms(all.percentile(99)))** ms\n"
        if let sla = r.sla {
            o += "- **\(t.slaBreaches)** SLA breaches (slower than \(ReportFormatting.ms(sla)) ms)\n"
        }
        if r.findingsOmitted > 0 {
            o += "- \(r.findingsOmitted) findings counted but not listed (the first \(r.limits.findings) are kept)\n"
        }

        let rules = r.sortedRules
        o += "\n## Top problems\n\n"
        if rules.isEmpty { o += "No findings.\n" }
        for (i, rule) in rules.prefix(min(10, options.maxRows)).enumerated() {
            let link = ReportEscaping.safeURL(options.helpURI(for: rule.id))
            o +=
                "\(i + 1). **[\(m(rule.id))](\(link))** (\(rule.severity.rawValue)): \(m(options.title(for: rule.id)))"
                + ". \(rule.count) finding\(rule.count == 1 ? "" : "s") in \(rule.exchanges) exchange"
                + "\(rule.exchanges == 1 ? "" : "s"); first seen \(m(seen(rule.firstSeen))), last seen "
                + "\(m(seen(rule.lastSeen))).\n"
            if let x = rule.examples.first {
                o +=
                    "   - Example: \(m(x.file))\\#\(x.entry) \(m(x.method)) \(m(x.url)) → \(x.status == 0 ? "no response" : "\(x.status)")"
                    + " at \(m(x.pointer)): \(m(x.message))\n"
            }
        }

        let repro = rules.prefix(min(10, options.maxRows)).compactMap { rule -> (String, ScanReport.Example)? in
            guard let x = rule.examples.first(where: { $0.curl != nil }) else { return nil }
            return (rule.id, x)
        }
        if !repro.isEmpty {
            o += "\n## Reproductions\n"
            for (id, x) in repro {
                o += "\n### \(m(id)): \(m(x.file))\\#\(x.entry)\n\n"
                o += ReportEscaping.markdownCodeBlock(x.curl ?? "", language: "sh")
            }
        }

        let endpoints = r.sortedEndpoints
        o += "\n## Endpoints\n\n"
        o +=
            "| Endpoint | Exchanges | HTTP errors | Error rate | p50 ms | p95 ms | p99 ms | SLA breaches | Top rules |\n"
        o += "|---|---:|---:|---:|---:|---:|---:|---:|---|\n"
        for e in endpoints.prefix(options.maxRows) {
            o +=
                "| \(m(e.key)) | \(e.exchanges) | \(e.httpErrors) | \(ReportFormatting.percent(e.errorRate)) | "
                + "\(ReportFormatting.ms(e.latency(percentile: 50))) | \(ReportFormatting.ms(e.latency(percentile: 95))) | "
                + "\(ReportFormatting.ms(e.latency(percentile: 99))) | \(r.sla == nil ? "-" : "\(e.slaBreaches)") | "
                + e.topRules(3).map { "\(m($0.rule)) ×\($0.count)" }.joined(separator: ", ") + " |\n"
        }
        if endpoints.count > options.maxRows { o += "\n… and \(endpoints.count - options.maxRows) more endpoints.\n" }

        let clients = r.sortedClients
        o += "\n## Clients\n\n"
        o += "| Client | User-Agent | Exchanges | HTTP errors | Exchanges with errors | Error findings |\n"
        o += "|---|---|---:|---:|---:|---:|\n"
        for c in clients.prefix(options.maxRows) {
            o +=
                "| \(c.client.isEmpty ? "\\-" : m(c.client)) | \(c.userAgent.isEmpty ? "\\-" : m(c.userAgent)) | "
                + "\(c.exchanges) | \(c.httpErrors) | \(c.exchangesWithErrors) | \(c.errorFindings) |\n"
        }
        if clients.count > options.maxRows { o += "\n… and \(clients.count - options.maxRows) more clients.\n" }

        if let sla = r.sla, t.slaBreaches > 0 {
            o += "\n## SLA breaches (slower than \(ReportFormatting.ms(sla)) ms)\n\n"
            o += "| Endpoint | Breaches | Examples |\n|---|---:|---|\n"
            for e in endpoints where e.slaBreaches > 0 {
                o +=
                    "| \(m(e.key)) | \(e.slaBreaches) | "
                    + e.breachExamples.prefix(3).map {
                        "\(m($0.file))\\#\($0.entry) (\(ReportFormatting.ms($0.durationMs)) ms)"
                    }
                    .joined(separator: ", ") + " |\n"
            }
        }
        return o
    }

    private static func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }

    private static func seen(_ s: ScanReport.Seen) -> String {
        s.startedAt.map(ReportFormatting.iso8601) ?? "\(s.file)#\(s.entry)"
    }
}
