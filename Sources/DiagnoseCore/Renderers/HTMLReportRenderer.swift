// `--format html`: one self-contained page (inline CSS, a small inline script, inline SVG; no external assets; a
// Content-Security-Policy forbids loading any). Sections: headline numbers, three charts, endpoint, rule, client
// and SLA tables. Clicking a table header sorts by that column (numbers by their `data-v` value).
//
// Charts (each an <svg data-chart="…">):
//   findings-per-rule    horizontal bars, the top 15 rules by count
//   status-over-time     stacked bars of status classes per time bucket; minute buckets from the report are
//                        merged into at most 48 bars of 1, 2, 5, 10, 15, 30 min, 1, 2, 3, 6, 12 h, 1, 2, 7 days
//   latency-histogram    exchanges per latency band: <25, <50, <100, … <6400 ms, ≥6400 ms
//
// Every user-derived string is escaped by `ReportEscaping.xml`; links pass `safeURL` (http/https only).

enum HTMLReportRenderer {
    static let classColors = ["#2e7d32", "#1565c0", "#ef6c00", "#c62828", "#757575"]
    static var latencyEdges: [Double] { LatencySketch.bandEdges }
    static let bucketMinutes = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 10080]

    static func render(_ r: ScanReport, options: RenderOptions) -> String {
        let x = ReportEscaping.xml
        let t = r.totals
        let all = r.allLatencies
        var o = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="generator" content="diagnose \(x(options.toolVersion))">
            <title>diagnose scan report</title>
            <style>
            body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px;color:#1b1b1b;background:#fafafa}
            h1{font-size:22px;margin:0 0 12px}h2{font-size:17px;margin:28px 0 8px}
            .cards{display:flex;flex-wrap:wrap;gap:12px}
            .card{background:#fff;border:1px solid #ddd;border-radius:6px;padding:10px 14px;min-width:140px}
            .card b{display:block;font-size:22px}.card span{color:#555}
            .charts{display:flex;flex-wrap:wrap;gap:16px}
            .chart{background:#fff;border:1px solid #ddd;border-radius:6px;padding:8px}
            table{border-collapse:collapse;background:#fff;border:1px solid #ddd;font-size:13px}
            th,td{padding:4px 8px;border-bottom:1px solid #eee;text-align:left;vertical-align:top}
            th{background:#f0f0f0;cursor:pointer;user-select:none;white-space:nowrap}
            th.asc::after{content:" \\25B2"}th.desc::after{content:" \\25BC"}
            td.n{text-align:right;font-variant-numeric:tabular-nums}
            .error{color:#c62828;font-weight:600}.warning{color:#ef6c00}.info{color:#1565c0}
            .legend span{display:inline-block;margin-right:12px}.legend i{display:inline-block;width:10px;height:10px;margin-right:4px}
            .note{color:#555}
            </style>
            </head>
            <body>
            <h1>diagnose scan report</h1>

            """
        o += "<p class=\"note\">\(t.exchanges) exchanges in \(t.files.count) file\(t.files.count == 1 ? "" : "s")"
        if let a = t.firstStartedAt, let b = t.lastStartedAt {
            o += ", \(ReportFormatting.iso8601(a)) to \(ReportFormatting.iso8601(b))"
        }
        o += ".</p>\n<div class=\"cards\">\n"
        func card(_ value: String, _ label: String) -> String {
            "<div class=\"card\"><b>\(x(value))</b><span>\(x(label))</span></div>\n"
        }
        o += card("\(t.exchanges)", "exchanges")
        o += card(ReportFormatting.percent(t.errorRate), "HTTP errors (\(t.httpErrors))")
        o += card("\(t.findings)", "findings (\(t.errorFindings) errors)")
        o += card("\(t.exchangesWithErrors)", "exchanges with errors")
        o += card(ReportFormatting.ms(all.percentile(95)) + " ms", "p95 latency")
        if let sla = r.sla { o += card("\(t.slaBreaches)", "SLA breaches (> \(ReportFormatting.ms(sla)) ms)") }
        o += "</div>\n"
        if r.findingsOmitted > 0 {
            o +=
                "<p class=\"note\">\(r.findingsOmitted) findings are counted but not listed (the first "
                + "\(r.limits.findings) by input order are kept).</p>\n"
        }

        o += "<h2>Charts</h2>\n<div class=\"charts\">\n"
        o += "<div class=\"chart\">" + rulesChart(r, options: options) + "</div>\n"
        o += "<div class=\"chart\">" + timelineChart(r) + "</div>\n"
        o += "<div class=\"chart\">" + latencyChart(all) + "</div>\n"
        o += "</div>\n"

        // Tables.
        func num(_ v: Double?, _ text: String) -> String {
            "<td class=\"n\" data-v=\"\(v.map { ReportFormatting.jsonNumber($0) } ?? "-1")\">\(x(text))</td>"
        }
        func int(_ v: Int) -> String { num(Double(v), "\(v)") }

        let endpoints = r.sortedEndpoints
        o +=
            "<h2>Endpoints</h2>\n<table class=\"sortable\" id=\"endpoints\">\n<thead><tr><th>Endpoint</th>"
            + "<th>Exchanges</th><th>HTTP errors</th><th>Error rate</th><th>p50 ms</th><th>p95 ms</th><th>p99 ms</th>"
            + "<th>SLA breaches</th><th>Statuses</th><th>Top rules</th></tr></thead>\n<tbody>\n"
        for e in endpoints.prefix(options.maxRows * 10) {
            let p50 = e.latency(percentile: 50)
            let p95 = e.latency(percentile: 95)
            let p99 = e.latency(percentile: 99)
            o +=
                "<tr><td>\(x(e.key))</td>" + int(e.exchanges) + int(e.httpErrors)
                + num(e.errorRate, ReportFormatting.percent(e.errorRate)) + num(p50, ReportFormatting.ms(p50))
                + num(p95, ReportFormatting.ms(p95)) + num(p99, ReportFormatting.ms(p99))
                + (r.sla == nil ? num(nil, "-") : int(e.slaBreaches))
                + "<td>"
                + x(
                    e.statuses.sorted { $0.key < $1.key }.map { "\($0.key == 0 ? "none" : "\($0.key)")×\($0.value)" }
                        .joined(separator: " ")) + "</td>"
                + "<td>" + x(e.topRules(3).map { "\($0.rule) ×\($0.count)" }.joined(separator: ", ")) + "</td></tr>\n"
        }
        o += "</tbody>\n</table>\n"

        let rules = r.sortedRules
        o +=
            "<h2>Rules</h2>\n<table class=\"sortable\" id=\"rules\">\n<thead><tr><th>Rule</th><th>Title</th>"
            + "<th>Severity</th><th>Findings</th><th>Exchanges</th><th>First seen</th><th>Last seen</th><th>Example</th>"
            + "</tr></thead>\n<tbody>\n"
        for rule in rules.prefix(options.maxRows * 10) {
            let link = ReportEscaping.safeURL(options.helpURI(for: rule.id))
            o +=
                "<tr><td><a href=\"\(x(link))\">\(x(rule.id))</a></td><td>\(x(options.title(for: rule.id)))</td>"
                + "<td class=\"\(rule.severity.rawValue)\">\(rule.severity.rawValue)</td>" + int(rule.count)
                + int(rule.exchanges) + "<td>\(x(seen(rule.firstSeen)))</td><td>\(x(seen(rule.lastSeen)))</td><td>"
            if let e = rule.examples.first {
                o += x("\(e.file)#\(e.entry) \(e.method) \(e.url): \(e.message)")
            }
            o += "</td></tr>\n"
        }
        o += "</tbody>\n</table>\n"

        let clients = r.sortedClients
        o +=
            "<h2>Clients</h2>\n<table class=\"sortable\" id=\"clients\">\n<thead><tr><th>Client</th><th>User-Agent</th>"
            + "<th>Exchanges</th><th>HTTP errors</th><th>Exchanges with errors</th><th>Error findings</th>"
            + "<th>Other findings</th></tr></thead>\n<tbody>\n"
        for c in clients.prefix(options.maxRows * 10) {
            o +=
                "<tr><td>\(x(c.client.isEmpty ? "-" : c.client))</td><td>\(x(c.userAgent.isEmpty ? "-" : c.userAgent))</td>"
                + int(c.exchanges) + int(c.httpErrors) + int(c.exchangesWithErrors) + int(c.errorFindings)
                + int(c.otherFindings) + "</tr>\n"
        }
        o += "</tbody>\n</table>\n"

        if let sla = r.sla, t.slaBreaches > 0 {
            o +=
                "<h2>SLA breaches (&gt; \(x(ReportFormatting.ms(sla))) ms)</h2>\n<table class=\"sortable\" id=\"sla\">\n"
                + "<thead><tr><th>Endpoint</th><th>Exchange</th><th>Request</th><th>Status</th><th>ms</th></tr></thead>\n"
                + "<tbody>\n"
            for e in endpoints where e.slaBreaches > 0 {
                for b in e.breachExamples {
                    o +=
                        "<tr><td>\(x(e.key))</td><td>\(x("\(b.file)#\(b.entry)"))</td><td>\(x(b.method + " " + b.url))</td>"
                        + int(b.status) + num(b.durationMs, ReportFormatting.ms(b.durationMs)) + "</tr>\n"
                }
            }
            o += "</tbody>\n</table>\n"
        }

        o += """
            <script>
            (function(){
              function key(td){var v=td.getAttribute('data-v');return v===null?td.textContent.toLowerCase():parseFloat(v);}
              document.querySelectorAll('table.sortable').forEach(function(table){
                var ths=table.querySelectorAll('th');
                ths.forEach(function(th,i){
                  th.addEventListener('click',function(){
                    var asc=!th.classList.contains('asc');
                    ths.forEach(function(o){o.classList.remove('asc','desc');});
                    th.classList.add(asc?'asc':'desc');
                    var body=table.tBodies[0];
                    var rows=Array.prototype.slice.call(body.rows);
                    rows.sort(function(a,b){
                      var x=key(a.cells[i]),y=key(b.cells[i]);
                      return (x<y?-1:x>y?1:0)*(asc?1:-1);
                    });
                    rows.forEach(function(r){body.appendChild(r);});
                  });
                });
              });
            })();
            </script>
            </body>
            </html>

            """
        return o
    }

    private static func seen(_ s: ScanReport.Seen) -> String {
        s.startedAt.map(ReportFormatting.iso8601) ?? "\(s.file)#\(s.entry)"
    }

    private static func n(_ v: Double) -> String { ReportFormatting.fixed(v, 1) }

    static func rulesChart(_ r: ScanReport, options: RenderOptions) -> String {
        let x = ReportEscaping.xml
        let rules = Array(r.sortedRules.prefix(15))
        let width = 560.0
        let labelWidth = 230.0
        let rowHeight = 22.0
        let height = 40 + rowHeight * Double(max(rules.count, 1))
        var s =
            "<svg data-chart=\"findings-per-rule\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(n(width))\" "
            + "height=\"\(n(height))\" viewBox=\"0 0 \(n(width)) \(n(height))\" role=\"img\">"
            + "<title>Findings per rule</title><text x=\"4\" y=\"16\" font-size=\"13\" font-weight=\"600\">"
            + "Findings per rule</text>"
        if rules.isEmpty {
            s += "<text x=\"4\" y=\"44\" font-size=\"12\" fill=\"#555\">no findings</text>"
        }
        let maxCount = Double(rules.map(\.count).max() ?? 1)
        for (i, rule) in rules.enumerated() {
            let y = 28 + Double(i) * rowHeight
            let w = max(1, (width - labelWidth - 50) * Double(rule.count) / maxCount)
            let color = rule.severity == .error ? "#c62828" : rule.severity == .warning ? "#ef6c00" : "#1565c0"
            let label = rule.id.count > 34 ? String(rule.id.prefix(33)) + "…" : rule.id
            s +=
                "<text x=\"\(n(labelWidth - 6))\" y=\"\(n(y + 14))\" font-size=\"11\" text-anchor=\"end\">\(x(label))</text>"
            s +=
                "<rect x=\"\(n(labelWidth))\" y=\"\(n(y + 3))\" width=\"\(n(w))\" height=\"\(n(rowHeight - 6))\" "
                + "fill=\"\(color)\"><title>\(x(rule.id)): \(rule.count)</title></rect>"
            s += "<text x=\"\(n(labelWidth + w + 4))\" y=\"\(n(y + 14))\" font-size=\"11\">\(rule.count)</text>"
        }
        return s + "</svg>"
    }

    /// Merges minute buckets into at most 48 bars; returns the width in minutes, the first bucket's start
    /// minute and per bar the counts per status class.
    static func timelineBuckets(_ timeline: [Int: [Int]]) -> (width: Int, start: Int, bars: [[Int]]) {
        guard let lo = timeline.keys.min(), let hi = timeline.keys.max() else { return (1, 0, []) }
        var width = bucketMinutes.last!
        for w in bucketMinutes where (hi / w - lo / w) < 48 {
            width = w
            break
        }
        func floorDiv(_ a: Int, _ b: Int) -> Int { a >= 0 ? a / b : -((-a + b - 1) / b) }
        let start = floorDiv(lo, width)
        let count = floorDiv(hi, width) - start + 1
        var bars = Array(repeating: [0, 0, 0, 0, 0], count: count)
        for (minute, counts) in timeline {
            let i = floorDiv(minute, width) - start
            for c in 0..<5 { bars[i][c] += counts[c] }
        }
        return (width, start * width, bars)
    }

    static func timelineChart(_ r: ScanReport) -> String {
        let (width, start, bars) = timelineBuckets(r.timeline)
        let w = 560.0
        let h = 260.0
        let plotTop = 44.0
        let plotBottom = h - 30
        let plotLeft = 40.0
        let plotWidth = w - plotLeft - 10
        var s =
            "<svg data-chart=\"status-over-time\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(n(w))\" "
            + "height=\"\(n(h))\" viewBox=\"0 0 \(n(w)) \(n(h))\" role=\"img\"><title>Status codes over time</title>"
            + "<text x=\"4\" y=\"16\" font-size=\"13\" font-weight=\"600\">Status codes over time ("
            + "\(width >= 60 ? "\(width / 60) h" : "\(width) min") bars)</text>"
        for (i, cls) in ScanReport.StatusClass.allCases.enumerated() {
            s +=
                "<rect x=\"\(n(4 + Double(i) * 70))\" y=\"24\" width=\"10\" height=\"10\" fill=\"\(classColors[i])\"/>"
                + "<text x=\"\(n(18 + Double(i) * 70))\" y=\"33\" font-size=\"11\">\(cls.label)</text>"
        }
        s +=
            "<line x1=\"\(n(plotLeft))\" y1=\"\(n(plotBottom))\" x2=\"\(n(w - 10))\" y2=\"\(n(plotBottom))\" stroke=\"#999\"/>"
        guard !bars.isEmpty else {
            return s + "<text x=\"\(n(plotLeft + 8))\" y=\"\(n(plotBottom - 10))\" font-size=\"12\" fill=\"#555\">"
                + "no timestamps recorded</text></svg>"
        }
        let maxTotal = Double(bars.map { $0.reduce(0, +) }.max() ?? 1)
        s +=
            "<text x=\"\(n(plotLeft - 4))\" y=\"\(n(plotTop + 8))\" font-size=\"10\" text-anchor=\"end\">\(Int(maxTotal))</text>"
        s += "<text x=\"\(n(plotLeft - 4))\" y=\"\(n(plotBottom))\" font-size=\"10\" text-anchor=\"end\">0</text>"
        let barWidth = plotWidth / Double(bars.count)
        for (i, bar) in bars.enumerated() {
            var y = plotBottom
            let bx = plotLeft + Double(i) * barWidth
            for c in 0..<5 where bar[c] > 0 {
                let bh = (plotBottom - plotTop) * Double(bar[c]) / maxTotal
                y -= bh
                s +=
                    "<rect x=\"\(n(bx + 1))\" y=\"\(n(y))\" width=\"\(n(max(1, barWidth - 2)))\" height=\"\(n(bh))\" "
                    + "fill=\"\(classColors[c])\"><title>"
                    + "\(ReportFormatting.iso8601(Double((start + i * width) * 60))) \(ScanReport.StatusClass(rawValue: c)!.label): \(bar[c])"
                    + "</title></rect>"
            }
        }
        s +=
            "<text x=\"\(n(plotLeft))\" y=\"\(n(h - 12))\" font-size=\"10\">"
            + "\(ReportFormatting.iso8601(Double(start * 60)))</text>"
        s +=
            "<text x=\"\(n(w - 10))\" y=\"\(n(h - 12))\" font-size=\"10\" text-anchor=\"end\">"
            + "\(ReportFormatting.iso8601(Double((start + bars.count * width) * 60)))</text>"
        return s + "</svg>"
    }

    static func latencyChart(_ latencies: LatencySketch) -> String {
        let bands = latencies.bands
        let w = 560.0
        let h = 260.0
        let plotTop = 30.0
        let plotBottom = h - 40
        let plotLeft = 40.0
        let plotWidth = w - plotLeft - 10
        var s =
            "<svg data-chart=\"latency-histogram\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(n(w))\" "
            + "height=\"\(n(h))\" viewBox=\"0 0 \(n(w)) \(n(h))\" role=\"img\"><title>Latency histogram</title>"
            + "<text x=\"4\" y=\"16\" font-size=\"13\" font-weight=\"600\">Latency histogram (\(latencies.count) timed "
            + "exchanges)</text>"
        s +=
            "<line x1=\"\(n(plotLeft))\" y1=\"\(n(plotBottom))\" x2=\"\(n(w - 10))\" y2=\"\(n(plotBottom))\" stroke=\"#999\"/>"
        let maxCount = Double(max(bands.max() ?? 1, 1))
        let barWidth = plotWidth / Double(bands.count)
        for (i, count) in bands.enumerated() {
            let bx = plotLeft + Double(i) * barWidth
            let label =
                i == 0
                ? "<\(Int(latencyEdges[0]))"
                : i == latencyEdges.count ? "≥\(Int(latencyEdges[i - 1]))" : "<\(Int(latencyEdges[i]))"
            let bh = (plotBottom - plotTop) * Double(count) / maxCount
            s +=
                "<rect x=\"\(n(bx + 2))\" y=\"\(n(plotBottom - bh))\" width=\"\(n(barWidth - 4))\" height=\"\(n(bh))\" "
                + "fill=\"#5e35b1\"><title>\(ReportEscaping.xml(label)) ms: \(count)</title></rect>"
            s +=
                "<text x=\"\(n(bx + barWidth / 2))\" y=\"\(n(plotBottom - bh - 3))\" font-size=\"10\" "
                + "text-anchor=\"middle\">\(count)</text>"
            s +=
                "<text x=\"\(n(bx + barWidth / 2))\" y=\"\(n(plotBottom + 14))\" font-size=\"10\" "
                + "text-anchor=\"middle\">\(ReportEscaping.xml(label))</text>"
        }
        s += "<text x=\"\(n(w / 2))\" y=\"\(n(h - 8))\" font-size=\"10\" text-anchor=\"middle\">ms</text>"
        return s + "</svg>"
    }
}
