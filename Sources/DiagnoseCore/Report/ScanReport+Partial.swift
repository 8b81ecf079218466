// The partial report: a lossless JSON serialization of `ScanReport` for sharded scans.
//
//   diagnose scan --shard 1/3 --format partial -o p1.json …     (one per machine)
//   diagnose merge p1.json p2.json p3.json --format html -o report.html
//
// Shape (keys always in this order, maps sorted by key, lists sorted canonically, so equal reports serialize to
// equal bytes):
//
//   {"version":1,"kind":"diagnose-partial-report","tool":{"name":"diagnose","version":"0.1.0"},
//    "sla":800,"limits":{"findings":10000,"exchanges":50000,"examplesPerRule":3,"breachesPerEndpoint":10},
//    "totals":{…,"files":{"a.har":12}},
//    "endpoints":[{"key":"createCharge","exchanges":3,…,"statuses":{"200":2,"402":1},"latencies":[81,92.5,130]}],
//      (past 10,000 durations an endpoint has "latencies":[] and "latencyBuckets":{"count":…,"min":…,"max":…,
//       "bands":[…],"buckets":[[index,count],…]}: `LatencySketch`'s bucketed form)
//    "rules":[{"id":"…","count":2,…,"firstSeen":{"startedAt":…,"sequence":4,"file":"a.har","entry":5},…}],
//    "clients":[…],"timeline":[[28512345,2,0,1,0,0]],
//    "findings":[{"sequence":4,"ordinal":0,"finding":{…FindingJSON…}}],"exchanges":[…]}
//
// Doubles are written in their shortest round-trip form, so parsing gives back the very same values.

import Foundation

extension ScanReport {
    /// The partial-report format version; `init(partialJSON:)` rejects others.
    public static let partialVersion = 1

    /// The report as partial-report JSON (one line plus a newline), for `--format partial`.
    /// - Returns: the JSON text.
    public func partialJSON() -> String {
        let r = normalized()
        let q = JSONSerializer.quote
        let num = ReportFormatting.jsonNumber as (Double?) -> String
        var o = "{\"version\":\(ScanReport.partialVersion),\"kind\":\"diagnose-partial-report\""
        o += ",\"tool\":{\"name\":\"diagnose\",\"version\":" + q(DiagnoseVersion.current) + "}"
        o += ",\"sla\":" + num(r.sla)
        o += ",\"limits\":{\"findings\":\(r.limits.findings),\"exchanges\":\(r.limits.exchanges)"
        o += ",\"examplesPerRule\":\(r.limits.examplesPerRule),\"breachesPerEndpoint\":\(r.limits.breachesPerEndpoint)}"
        let t = r.totals
        o += ",\"totals\":{\"exchanges\":\(t.exchanges),\"noResponse\":\(t.noResponse)"
        o += ",\"clientErrors\":\(t.clientErrors),\"serverErrors\":\(t.serverErrors)"
        o += ",\"errorFindings\":\(t.errorFindings),\"warningFindings\":\(t.warningFindings)"
        o += ",\"infoFindings\":\(t.infoFindings),\"exchangesWithErrors\":\(t.exchangesWithErrors)"
        o += ",\"exchangesWithFindings\":\(t.exchangesWithFindings),\"slaBreaches\":\(t.slaBreaches)"
        o += ",\"firstStartedAt\":" + num(t.firstStartedAt) + ",\"lastStartedAt\":" + num(t.lastStartedAt)
        o +=
            ",\"files\":{"
            + t.files.sorted { $0.key < $1.key }.map { q($0.key) + ":\($0.value)" }.joined(separator: ",")
        o += "}}"

        o += ",\"endpoints\":["
        o += r.endpoints.values.sorted { $0.key < $1.key }.map { e in
            var s = "{\"key\":" + q(e.key) + ",\"exchanges\":\(e.exchanges),\"httpErrors\":\(e.httpErrors)"
            s +=
                ",\"statuses\":{"
                + e.statuses.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\($0.value)" }.joined(separator: ",") + "}"
            s +=
                ",\"ruleCounts\":{"
                + e.ruleCounts.sorted { $0.key < $1.key }.map { q($0.key) + ":\($0.value)" }.joined(separator: ",")
                + "}"
            s += ",\"errorFindings\":\(e.errorFindings),\"otherFindings\":\(e.otherFindings)"
            s += Self.latencyJSON(e.latencies)
            s +=
                ",\"slaBreaches\":\(e.slaBreaches),\"breachExamples\":["
                + e.breachExamples.map(Self.exampleJSON).joined(separator: ",") + "]}"
            return s
        }.joined(separator: ",")
        o += "],\"rules\":["
        o += r.rules.values.sorted { $0.id < $1.id }.map { rule in
            "{\"id\":" + q(rule.id) + ",\"count\":\(rule.count),\"exchanges\":\(rule.exchanges),\"severity\":"
                + q(rule.severity.rawValue) + ",\"firstSeen\":" + Self.seenJSON(rule.firstSeen) + ",\"lastSeen\":"
                + Self.seenJSON(rule.lastSeen) + ",\"examples\":["
                + rule.examples.map(Self.exampleJSON).joined(separator: ",") + "]}"
        }.joined(separator: ",")
        o += "],\"clients\":["
        o += r.clients.sorted { $0.key < $1.key }.map { _, c in
            "{\"client\":" + q(c.client) + ",\"userAgent\":" + q(c.userAgent) + ",\"exchanges\":\(c.exchanges)"
                + ",\"httpErrors\":\(c.httpErrors),\"exchangesWithErrors\":\(c.exchangesWithErrors)"
                + ",\"errorFindings\":\(c.errorFindings),\"otherFindings\":\(c.otherFindings)}"
        }.joined(separator: ",")
        o += "],\"timeline\":["
        o += r.timeline.sorted { $0.key < $1.key }.map { minute, counts in
            "[\(minute)," + counts.map(String.init).joined(separator: ",") + "]"
        }.joined(separator: ",")
        o += "],\"findings\":["
        var first = true
        for f in r.findings {
            if !first { o += "," }
            first = false
            o += "{\"sequence\":\(f.sequence),\"ordinal\":\(f.ordinal),\"finding\":"
            FindingJSON.write(f.finding, into: &o)
            o += "}"
        }
        o += "],\"exchanges\":["
        o += r.exchanges.map { x in
            "{\"sequence\":\(x.sequence),\"file\":" + q(x.file) + ",\"entry\":\(x.entry),\"method\":" + q(x.method)
                + ",\"host\":" + q(x.host) + ",\"path\":" + q(x.path) + ",\"operation\":"
                + ReportFormatting.jsonString(x.operation) + ",\"status\":\(x.status),\"startedAt\":"
                + num(x.startedAt) + ",\"durationMs\":" + num(x.durationMs) + ",\"errorFindings\":\(x.errorFindings)"
                + ",\"otherFindings\":\(x.otherFindings)}"
        }.joined(separator: ",")
        o += "]}\n"
        return o
    }

    private static func seenJSON(_ s: Seen) -> String {
        "{\"startedAt\":" + ReportFormatting.jsonNumber(s.startedAt) + ",\"sequence\":\(s.sequence),\"file\":"
            + JSONSerializer.quote(s.file) + ",\"entry\":\(s.entry)}"
    }

    /// An endpoint's durations: exact (sorted) while the sketch is exact, else its buckets.
    private static func latencyJSON(_ l: LatencySketch) -> String {
        let num = ReportFormatting.jsonNumber as (Double) -> String
        if let values = l.exactValues { return ",\"latencies\":[" + values.map(num).joined(separator: ",") + "]" }
        return ",\"latencies\":[],\"latencyBuckets\":{\"count\":\(l.count),\"min\":" + num(l.min ?? 0) + ",\"max\":"
            + num(l.max ?? 0) + ",\"bands\":[" + l.bands.map(String.init).joined(separator: ",") + "],\"buckets\":["
            + l.bucketPairs.map { "[\($0.0),\($0.1)]" }.joined(separator: ",") + "]}"
    }

    private static func readLatencies(_ e: PartialReader) throws(DiagnoseFailure) -> LatencySketch {
        var sketch = LatencySketch(try e.array("latencies").map { v throws(DiagnoseFailure) in try v.asDouble() })
        guard e.has("latencyBuckets") else { return sketch }
        let b = try e.object("latencyBuckets")
        let count = try b.int("count")
        let bands = try b.array("bands").map { v throws(DiagnoseFailure) in try v.asInt() }
        guard bands.count == LatencySketch.bandEdges.count + 1, bands.reduce(0, +) == count else {
            throw b.failure("bands", "does not hold \(LatencySketch.bandEdges.count + 1) counts adding up to \(count)")
        }
        var pairs: [(Int, Int)] = []
        for pair in try b.array("buckets") {
            let items = try pair.elements()
            guard items.count == 2 else { throw b.failure("buckets", "holds an element that is not an [index, count] pair") }
            pairs.append((try items[0].asInt(), try items[1].asInt()))
        }
        guard count > LatencySketch.exactLimit, pairs.reduce(0, { $0 + $1.1 }) == count, pairs.allSatisfy({ $0.1 > 0 })
        else {
            throw b.failure("buckets", "do not add up to \(count) durations (more than \(LatencySketch.exactLimit))")
        }
        sketch.merge(
            LatencySketch(count: count, min: try b.double("min"), max: try b.double("max"), bands: bands, buckets: pairs))
        return sketch
    }

    private static func exampleJSON(_ e: Example) -> String {
        let q = JSONSerializer.quote
        return "{\"sequence\":\(e.sequence),\"file\":" + q(e.file) + ",\"entry\":\(e.entry),\"method\":" + q(e.method)
            + ",\"url\":" + q(e.url) + ",\"status\":\(e.status),\"durationMs\":"
            + ReportFormatting.jsonNumber(e.durationMs) + ",\"message\":" + q(e.message) + ",\"pointer\":"
            + q(e.pointer) + ",\"curl\":" + ReportFormatting.jsonString(e.curl) + "}"
    }

    /// Reads a partial report written by `partialJSON()`.
    /// - Parameters:
    ///   - partialJSON: the JSON text.
    ///   - name: the file name, for error messages.
    /// - Throws: `DiagnoseFailure` naming the file and line:column (JSON syntax) or JSON pointer (shape), with a hint.
    public init(partialJSON: String, name: String = "<partial>") throws(DiagnoseFailure) {
        let document: Document
        do {
            document = try JSONParser.parse(SourceText(name: name, string: partialJSON))
        } catch {
            throw DiagnoseFailure(
                "'\(name)' is not valid JSON: \(error.message)", location: error.location,
                help: "pass files written by 'diagnose scan --format partial'")
        }
        let r = PartialReader(document.root)
        guard document.root.kind == .object, (try? r.string("kind")) == "diagnose-partial-report" else {
            throw DiagnoseFailure(
                "'\(name)' is not a diagnose partial report (no \"kind\":\"diagnose-partial-report\")",
                help: "pass files written by 'diagnose scan --format partial'")
        }
        let version = try r.int("version")
        guard version == ScanReport.partialVersion else {
            throw DiagnoseFailure(
                "'\(name)' is a partial report of format version \(version); this diagnose reads version "
                    + "\(ScanReport.partialVersion)",
                help: "merge partials written by the same diagnose version")
        }
        let l = try r.object("limits")
        self.init(
            sla: try r.optionalDouble("sla"),
            limits: Limits(
                findings: try l.int("findings"), exchanges: try l.int("exchanges"),
                examplesPerRule: try l.int("examplesPerRule"), breachesPerEndpoint: try l.int("breachesPerEndpoint")))
        let t = try r.object("totals")
        totals.exchanges = try t.int("exchanges")
        totals.noResponse = try t.int("noResponse")
        totals.clientErrors = try t.int("clientErrors")
        totals.serverErrors = try t.int("serverErrors")
        totals.errorFindings = try t.int("errorFindings")
        totals.warningFindings = try t.int("warningFindings")
        totals.infoFindings = try t.int("infoFindings")
        totals.exchangesWithErrors = try t.int("exchangesWithErrors")
        totals.exchangesWithFindings = try t.int("exchangesWithFindings")
        totals.slaBreaches = try t.int("slaBreaches")
        totals.firstStartedAt = try t.optionalDouble("firstStartedAt")
        totals.lastStartedAt = try t.optionalDouble("lastStartedAt")
        for (file, count) in try t.entries("files") { totals.files[file] = try count.asInt() }

        for e in try r.array("endpoints") {
            var stats = EndpointStats(key: try e.string("key"))
            stats.exchanges = try e.int("exchanges")
            stats.httpErrors = try e.int("httpErrors")
            for (status, count) in try e.entries("statuses") {
                guard let code = Int(status) else { throw e.failure("statuses", "has a non-numeric key \"\(status)\"") }
                stats.statuses[code] = try count.asInt()
            }
            for (rule, count) in try e.entries("ruleCounts") { stats.ruleCounts[rule] = try count.asInt() }
            stats.errorFindings = try e.int("errorFindings")
            stats.otherFindings = try e.int("otherFindings")
            stats.latencies = try Self.readLatencies(e)
            stats.slaBreaches = try e.int("slaBreaches")
            stats.breachExamples = try e.array("breachExamples").map(Self.readExample)
            endpoints[stats.key] = stats
        }
        for x in try r.array("rules") {
            let severityText = try x.string("severity")
            guard let severity = Diagnostic.Severity(rawValue: severityText) else {
                throw x.failure("severity", "is \"\(severityText)\", expected error, warning or info")
            }
            var stats = RuleStats(
                id: try x.string("id"), severity: severity, firstSeen: try Self.readSeen(try x.object("firstSeen")),
                lastSeen: try Self.readSeen(try x.object("lastSeen")))
            stats.count = try x.int("count")
            stats.exchanges = try x.int("exchanges")
            stats.examples = try x.array("examples").map(Self.readExample)
            rules[stats.id] = stats
        }
        for c in try r.array("clients") {
            var stats = ClientStats(client: try c.string("client"), userAgent: try c.string("userAgent"))
            stats.exchanges = try c.int("exchanges")
            stats.httpErrors = try c.int("httpErrors")
            stats.exchangesWithErrors = try c.int("exchangesWithErrors")
            stats.errorFindings = try c.int("errorFindings")
            stats.otherFindings = try c.int("otherFindings")
            clients[ClientKey(client: stats.client, userAgent: stats.userAgent)] = stats
        }
        for row in try r.array("timeline") {
            let values = try row.node.elements.map { n throws(DiagnoseFailure) in
                try PartialReader(n, pointer: row.pointer).asInt()
            }
            guard values.count == 1 + StatusClass.allCases.count else {
                throw DiagnoseFailure("partial report value at \(row.pointer) must have 6 integers")
            }
            timeline[values[0]] = Array(values.dropFirst())
        }
        for f in try r.array("findings") {
            let inner = try f.object("finding")
            findings.append(
                StoredFinding(
                    sequence: try f.int("sequence"), ordinal: try f.int("ordinal"),
                    finding: try FindingJSON.read(inner.node)))
        }
        for x in try r.array("exchanges") {
            exchanges.append(
                ExchangeRow(
                    sequence: try x.int("sequence"), file: try x.string("file"), entry: try x.int("entry"),
                    method: try x.string("method"), host: try x.string("host"), path: try x.string("path"),
                    operation: try x.optionalString("operation"), status: try x.int("status"),
                    startedAt: try x.optionalDouble("startedAt"), durationMs: try x.optionalDouble("durationMs"),
                    errorFindings: try x.int("errorFindings"), otherFindings: try x.int("otherFindings")))
        }
    }

    /// Reads and merges partial-report files, in any order, into one report.
    /// - Parameter paths: the files.
    /// - Returns: the merged report.
    /// - Throws: `DiagnoseFailure` for an unreadable or malformed file, or partials that cannot be merged.
    public static func mergingPartials(at paths: [String]) throws(DiagnoseFailure) -> ScanReport {
        var merged: ScanReport?
        for path in paths {
            let text: String
            do {
                text = try String(contentsOfFile: path, encoding: .utf8)
            } catch {
                throw DiagnoseFailure(
                    "cannot read partial report '\(path)': \(error.localizedDescription)",
                    help: "check the path; partials are written by 'diagnose scan --format partial -o FILE'")
            }
            let report = try ScanReport(partialJSON: text, name: path)
            if merged == nil { merged = report } else { try merged!.merge(report) }
        }
        return merged ?? ScanReport()
    }

    private static func readSeen(_ r: PartialReader) throws(DiagnoseFailure) -> Seen {
        Seen(
            startedAt: try r.optionalDouble("startedAt"), sequence: try r.int("sequence"), file: try r.string("file"),
            entry: try r.int("entry"))
    }

    private static func readExample(_ r: PartialReader) throws(DiagnoseFailure) -> Example {
        Example(
            sequence: try r.int("sequence"), file: try r.string("file"), entry: try r.int("entry"),
            method: try r.string("method"), url: try r.string("url"), status: try r.int("status"),
            durationMs: try r.optionalDouble("durationMs"), message: try r.string("message"),
            pointer: try r.string("pointer"), curl: try r.optionalString("curl"))
    }
}
