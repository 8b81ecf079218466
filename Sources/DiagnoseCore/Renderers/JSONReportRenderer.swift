// `--format json` and `--format ndjson`.
//
// json:   {"version":1,"tool":{"name":"diagnose","version":"0.1.0"},"findings":[FindingJSON…],
//          "findingsOmitted":0,"summary":{…}}                     (one document, findings one per line)
// ndjson: FindingJSON per line, then {"summary":{…}} as the last line.
//
// The summary object holds the totals, then "endpoints", "rules" and "clients" arrays in the order the text
// report shows them (most traffic / most findings first, ties by key).

enum JSONReportRenderer {
    static let version = 1

    static func json(_ r: ScanReport, options: RenderOptions) -> String {
        var o =
            "{\"version\":\(version),\"tool\":{\"name\":\"diagnose\",\"version\":"
            + JSONSerializer.quote(options.toolVersion) + "},\n\"findings\":["
        var first = true
        for f in r.findings {
            o += first ? "\n" : ",\n"
            first = false
            FindingJSON.write(f.finding, into: &o)
        }
        o +=
            "],\n\"findingsOmitted\":\(r.findingsOmitted),\n\"summary\":" + summary(r, options: options, newline: "\n")
            + "}\n"
        return o
    }

    static func ndjson(_ r: ScanReport, options: RenderOptions) -> String {
        var o = ""
        for f in r.findings {
            FindingJSON.write(f.finding, into: &o)
            o += "\n"
        }
        o += "{\"summary\":" + summary(r, options: options) + "}\n"
        return o
    }

    /// The summary object; `newline` goes before each endpoint, rule and client (empty for ndjson's one line).
    static func summary(_ r: ScanReport, options: RenderOptions, newline: String = "") -> String {
        let q = JSONSerializer.quote
        let num = ReportFormatting.jsonNumber as (Double?) -> String
        let t = r.totals
        let all = r.allLatencies
        var o =
            "{\"exchanges\":\(t.exchanges),\"httpErrors\":\(t.httpErrors),\"errorRate\":"
            + ReportFormatting.fixed(t.errorRate, 4)
        o +=
            ",\"status\":{\"clientErrors\":\(t.clientErrors),\"serverErrors\":\(t.serverErrors)"
            + ",\"noResponse\":\(t.noResponse)}"
        o +=
            ",\"findings\":{\"total\":\(t.findings),\"error\":\(t.errorFindings),\"warning\":\(t.warningFindings)"
            + ",\"info\":\(t.infoFindings),\"kept\":\(r.findings.count),\"omitted\":\(r.findingsOmitted)}"
        o += ",\"exchangesWithErrors\":\(t.exchangesWithErrors),\"exchangesWithFindings\":\(t.exchangesWithFindings)"
        o += ",\"sla\":" + num(r.sla) + ",\"slaBreaches\":\(t.slaBreaches)"
        o += ",\"firstStartedAt\":" + ReportFormatting.jsonString(t.firstStartedAt.map(ReportFormatting.iso8601))
        o += ",\"lastStartedAt\":" + ReportFormatting.jsonString(t.lastStartedAt.map(ReportFormatting.iso8601))
        o += ",\"latencyMs\":" + latency(all)
        o +=
            ",\"files\":{"
            + t.files.sorted { $0.key < $1.key }.map { q($0.key) + ":\($0.value)" }
            .joined(separator: ",") + "}"
        o += "," + newline + "\"endpoints\":["
        o += r.sortedEndpoints.map { e in
            var s =
                newline + "{\"endpoint\":" + q(e.key) + ",\"exchanges\":\(e.exchanges),\"httpErrors\":\(e.httpErrors)"
            s += ",\"errorRate\":" + ReportFormatting.fixed(e.errorRate, 4)
            s +=
                ",\"statuses\":{"
                + e.statuses.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\($0.value)" }.joined(separator: ",") + "}"
            s += ",\"findings\":{\"error\":\(e.errorFindings),\"other\":\(e.otherFindings)}"
            s +=
                ",\"topRules\":["
                + e.topRules(5).map { "{\"rule\":" + q($0.rule) + ",\"count\":\($0.count)}" }
                .joined(separator: ",") + "]"
            s += ",\"latencyMs\":" + latency(e.latencies)
            s +=
                ",\"slaBreaches\":\(e.slaBreaches),\"breaches\":["
                + e.breachExamples.map { x in
                    "{\"file\":" + q(x.file) + ",\"entry\":\(x.entry),\"method\":" + q(x.method) + ",\"url\":"
                        + q(x.url) + ",\"status\":\(x.status),\"durationMs\":" + num(x.durationMs) + "}"
                }.joined(separator: ",") + "]}"
            return s
        }.joined(separator: ",")
        o += "]," + newline + "\"rules\":["
        o += r.sortedRules.map { rule in
            var s = newline + "{\"rule\":" + q(rule.id) + ",\"title\":" + q(options.title(for: rule.id))
            s +=
                ",\"severity\":" + q(rule.severity.rawValue)
                + ",\"count\":\(rule.count),\"exchanges\":\(rule.exchanges)"
            s += ",\"firstSeen\":" + seen(rule.firstSeen) + ",\"lastSeen\":" + seen(rule.lastSeen)
            s += ",\"kb\":" + q(options.helpURI(for: rule.id))
            s +=
                ",\"examples\":["
                + rule.examples.map { x in
                    "{\"file\":" + q(x.file) + ",\"entry\":\(x.entry),\"method\":" + q(x.method) + ",\"url\":"
                        + q(x.url) + ",\"status\":\(x.status),\"pointer\":" + q(x.pointer) + ",\"message\":"
                        + q(x.message) + "}"
                }.joined(separator: ",") + "]}"
            return s
        }.joined(separator: ",")
        o += "]," + newline + "\"clients\":["
        o += r.sortedClients.map { c in
            newline + "{\"client\":" + q(c.client) + ",\"userAgent\":" + q(c.userAgent)
                + ",\"exchanges\":\(c.exchanges)"
                + ",\"httpErrors\":\(c.httpErrors),\"exchangesWithErrors\":\(c.exchangesWithErrors)"
                + ",\"errorFindings\":\(c.errorFindings),\"otherFindings\":\(c.otherFindings)}"
        }.joined(separator: ",")
        o += "]}"
        return o
    }

    private static func latency(_ l: LatencySketch) -> String {
        let num = ReportFormatting.jsonNumber as (Double?) -> String
        return "{\"count\":\(l.count),\"p50\":" + num(l.percentile(50)) + ",\"p95\":" + num(l.percentile(95))
            + ",\"p99\":" + num(l.percentile(99)) + ",\"max\":" + num(l.max) + "}"
    }

    private static func seen(_ s: ScanReport.Seen) -> String {
        "{\"file\":" + JSONSerializer.quote(s.file) + ",\"entry\":\(s.entry),\"time\":"
            + ReportFormatting.jsonString(s.startedAt.map(ReportFormatting.iso8601)) + "}"
    }
}
