// ScanReport: the mergeable summary behind every `diagnose scan` output format.
//
// Layout, and why each piece merges exactly (shards split the input by exchange, and every exchange carries a
// global `sequence`):
//
//   totals       plain counters and min/max times           merge = add / min / max
//   endpoints    key → EndpointStats                         counters add; `latencies` sketches every duration:
//                                                            exact nearest-rank p50/p95/p99 up to 10,000 of
//                                                            them, 2 %-wide buckets beyond (within 1 %), in a
//                                                            form that depends only on the multiset
//                                                            (`LatencySketch`)
//   rules        id → RuleStats                              counters add; first/last seen = min/max of
//                                                            (startedAt, sequence); examples = lowest sequences
//   clients      (client, User-Agent) → ClientStats          counters add
//   timeline     minute (epoch / 60) → counts per status class  counters add; charts coarsen buckets at render time
//   findings     (sequence, ordinal, Finding), the lowest `limits.findings` by sequence, plus the total count
//   exchanges    compact rows without bodies or findings, the lowest `limits.exchanges` by sequence
//
// "Lowest N by sequence" of a union equals the lowest N of the union of each part's lowest N, so capped lists merge
// exactly too. Nothing sums floating-point values (a sum depends on order). Renderers call `normalized()`, which
// sorts every list, so the same input gives byte-identical reports whatever order records were added or partials
// merged in.

/// The summary of a scan: per endpoint, per rule, per client, SLA breaches, a status timeline and the findings;
/// built record by record, mergeable across shards, deterministic.
public struct ScanReport: Sendable {
    /// How many findings, exchanges and examples a report keeps in memory; beyond that only counts grow.
    public struct Limits: Sendable, Hashable {
        /// Findings kept for json, sarif, junit and markdown (the lowest sequence numbers win).
        public var findings: Int
        /// Compact exchange rows kept for junit (the lowest sequence numbers win).
        public var exchanges: Int
        /// Example exchanges kept per rule.
        public var examplesPerRule: Int
        /// Example SLA breaches kept per endpoint.
        public var breachesPerEndpoint: Int

        /// Creates limits.
        public init(
            findings: Int = 10_000, exchanges: Int = 50_000, examplesPerRule: Int = 3, breachesPerEndpoint: Int = 10
        ) {
            self.findings = findings
            self.exchanges = exchanges
            self.examplesPerRule = examplesPerRule
            self.breachesPerEndpoint = breachesPerEndpoint
        }

        /// The defaults: 10,000 findings, 50,000 exchanges, 3 examples per rule, 10 breaches per endpoint.
        public static let `default` = Limits()
    }

    /// Response status classes used by the timeline chart.
    public enum StatusClass: Int, Sendable, CaseIterable {
        /// 1xx and 2xx.
        case success
        /// 3xx.
        case redirect
        /// 4xx.
        case clientError
        /// 5xx.
        case serverError
        /// No response recorded.
        case none

        /// The class of a status (0 = no response).
        public init(status: Int) {
            switch status {
            case ..<100: self = .none
            case ..<300: self = .success
            case ..<400: self = .redirect
            case ..<500: self = .clientError
            default: self = .serverError
            }
        }

        /// A short label: `2xx`, `3xx`, `4xx`, `5xx`, `none`.
        public var label: String {
            switch self {
            case .success: "2xx"
            case .redirect: "3xx"
            case .clientError: "4xx"
            case .serverError: "5xx"
            case .none: "none"
            }
        }
    }

    /// A point in the input used for first/last seen: ordered by time, then input order; untimed after timed.
    public struct Seen: Sendable, Hashable, Comparable {
        /// Start time in epoch seconds, when recorded.
        public var startedAt: Double?
        /// Global input order.
        public var sequence: Int
        /// Trace file.
        public var file: String
        /// 1-based entry.
        public var entry: Int

        /// Creates a point.
        public init(startedAt: Double?, sequence: Int, file: String, entry: Int) {
            self.startedAt = startedAt
            self.sequence = sequence
            self.file = file
            self.entry = entry
        }

        /// Earlier time first, then lower sequence; a point without time sorts after every timed one.
        public static func < (a: Seen, b: Seen) -> Bool {
            switch (a.startedAt, b.startedAt) {
            case let (x?, y?) where x != y: return x < y
            case (.some, .none): return true
            case (.none, .some): return false
            default: return a.sequence < b.sequence
            }
        }
    }

    /// One exchange quoted as an example (for a rule, or for an SLA breach).
    public struct Example: Sendable, Hashable {
        /// Global input order.
        public var sequence: Int
        /// Trace file.
        public var file: String
        /// 1-based entry.
        public var entry: Int
        /// Request method.
        public var method: String
        /// `host` + `path`.
        public var url: String
        /// Response status, 0 for none.
        public var status: Int
        /// Duration in ms, when recorded.
        public var durationMs: Double?
        /// The first finding's message for this example (rule examples), else empty.
        public var message: String
        /// The first finding's pointer (rule examples), else empty.
        public var pointer: String
        /// The redacted curl reproduction, when the caller gave one.
        public var curl: String?

        /// Creates an example.
        public init(
            sequence: Int, file: String, entry: Int, method: String, url: String, status: Int, durationMs: Double?,
            message: String, pointer: String, curl: String?
        ) {
            self.sequence = sequence
            self.file = file
            self.entry = entry
            self.method = method
            self.url = url
            self.status = status
            self.durationMs = durationMs
            self.message = message
            self.pointer = pointer
            self.curl = curl
        }
    }

    /// Counters over the whole scan.
    public struct Totals: Sendable, Hashable {
        /// Exchanges scanned.
        public var exchanges = 0
        /// Exchanges without a response.
        public var noResponse = 0
        /// Exchanges answered 4xx.
        public var clientErrors = 0
        /// Exchanges answered 5xx.
        public var serverErrors = 0
        /// Findings of severity error.
        public var errorFindings = 0
        /// Findings of severity warning.
        public var warningFindings = 0
        /// Findings of severity info.
        public var infoFindings = 0
        /// Exchanges with at least one error finding.
        public var exchangesWithErrors = 0
        /// Exchanges with at least one finding.
        public var exchangesWithFindings = 0
        /// Exchanges slower than the SLA.
        public var slaBreaches = 0
        /// Earliest recorded start, epoch seconds.
        public var firstStartedAt: Double?
        /// Latest recorded start, epoch seconds.
        public var lastStartedAt: Double?
        /// Exchanges per trace file.
        public var files: [String: Int] = [:]

        /// All findings.
        public var findings: Int { errorFindings + warningFindings + infoFindings }
        /// Exchanges that failed at the HTTP level: 4xx, 5xx or no response.
        public var httpErrors: Int { clientErrors + serverErrors + noResponse }
        /// `httpErrors / exchanges`, 0 for an empty scan.
        public var errorRate: Double { exchanges == 0 ? 0 : Double(httpErrors) / Double(exchanges) }
    }

    /// Aggregates for one endpoint (operation).
    public struct EndpointStats: Sendable, Hashable {
        /// The operation id, `METHOD /template`, or `METHOD host (unmatched)`.
        public var key: String
        /// Exchanges.
        public var exchanges = 0
        /// Exchanges answered 4xx/5xx or not at all.
        public var httpErrors = 0
        /// Exchanges per status (0 = no response).
        public var statuses: [Int: Int] = [:]
        /// Findings per rule.
        public var ruleCounts: [String: Int] = [:]
        /// Findings of severity error.
        public var errorFindings = 0
        /// Findings of severity warning or info.
        public var otherFindings = 0
        /// The recorded durations in ms (bounded: exact up to `LatencySketch.exactLimit`, then bucketed).
        public var latencies = LatencySketch()
        /// Exchanges slower than the SLA.
        public var slaBreaches = 0
        /// The first breaches by sequence.
        public var breachExamples: [Example] = []

        /// Creates empty stats.
        public init(key: String) { self.key = key }

        /// `httpErrors / exchanges`.
        public var errorRate: Double { exchanges == 0 ? 0 : Double(httpErrors) / Double(exchanges) }

        /// The nearest-rank percentile of the latencies (`p` in 0...100); nil without timings.
        public func latency(percentile p: Double) -> Double? { latencies.percentile(p) }

        /// The top rules by count (then id), at most `limit`.
        public func topRules(_ limit: Int) -> [(rule: String, count: Int)] {
            ruleCounts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(limit)
                .map { (rule: $0.key, count: $0.value) }
        }
    }

    /// Aggregates for one rule.
    public struct RuleStats: Sendable, Hashable {
        /// Rule id.
        public var id: String
        /// Findings.
        public var count = 0
        /// Distinct exchanges with at least one finding of this rule.
        public var exchanges = 0
        /// The highest severity seen.
        public var severity: Diagnostic.Severity = .info
        /// The earliest finding.
        public var firstSeen: Seen
        /// The latest finding.
        public var lastSeen: Seen
        /// Example exchanges: the lowest sequence numbers.
        public var examples: [Example] = []
    }

    /// Aggregates for one client: an API-key digest and User-Agent pair.
    public struct ClientStats: Sendable, Hashable {
        /// The redacted API-key digest, or empty when unknown.
        public var client: String
        /// The User-Agent, or empty when none was sent.
        public var userAgent: String
        /// Exchanges.
        public var exchanges = 0
        /// Exchanges answered 4xx/5xx or not at all.
        public var httpErrors = 0
        /// Exchanges with at least one error finding.
        public var exchangesWithErrors = 0
        /// Findings of severity error.
        public var errorFindings = 0
        /// Findings of severity warning or info.
        public var otherFindings = 0
    }

    /// Client key: digest and User-Agent.
    public struct ClientKey: Sendable, Hashable, Comparable {
        /// Digest, empty when unknown.
        public var client: String
        /// User-Agent, empty when none.
        public var userAgent: String

        /// Creates a key.
        public init(client: String, userAgent: String) {
            self.client = client
            self.userAgent = userAgent
        }

        /// Orders by client, then User-Agent.
        public static func < (a: ClientKey, b: ClientKey) -> Bool {
            a.client != b.client ? a.client < b.client : a.userAgent < b.userAgent
        }
    }

    /// A kept finding with its exchange's input order.
    public struct StoredFinding: Sendable, Hashable {
        /// The exchange's global sequence.
        public var sequence: Int
        /// Position among the exchange's findings.
        public var ordinal: Int
        /// The finding.
        public var finding: Finding
    }

    /// A compact exchange row (no bodies, no findings).
    public struct ExchangeRow: Sendable, Hashable {
        /// Global input order.
        public var sequence: Int
        /// Trace file.
        public var file: String
        /// 1-based entry.
        public var entry: Int
        /// Method.
        public var method: String
        /// Host.
        public var host: String
        /// Path.
        public var path: String
        /// Operation, when matched.
        public var operation: String?
        /// Status, 0 for none.
        public var status: Int
        /// Start, epoch seconds.
        public var startedAt: Double?
        /// Duration, ms.
        public var durationMs: Double?
        /// Findings by severity: error count.
        public var errorFindings: Int
        /// Findings of severity warning or info.
        public var otherFindings: Int
    }

    /// The SLA in milliseconds (`--sla 800ms`); exchanges slower than this are breaches.
    public private(set) var sla: Double?
    /// Memory limits.
    public private(set) var limits: Limits
    /// Whole-scan counters.
    public internal(set) var totals = Totals()
    /// Per endpoint.
    public internal(set) var endpoints: [String: EndpointStats] = [:]
    /// Per rule.
    public internal(set) var rules: [String: RuleStats] = [:]
    /// Per client.
    public internal(set) var clients: [ClientKey: ClientStats] = [:]
    /// Minute bucket (epoch seconds / 60, rounded down) → exchanges per `StatusClass` (indexed by raw value).
    public internal(set) var timeline: [Int: [Int]] = [:]
    /// The kept findings (see `limits.findings`); sorted by sequence after `normalized()`.
    public internal(set) var findings: [StoredFinding] = []
    /// The kept exchange rows (see `limits.exchanges`); sorted by sequence after `normalized()`.
    public internal(set) var exchanges: [ExchangeRow] = []
    /// Whether `normalize()` ran since the last change (adding or merging clears it).
    var isNormalized = false

    /// Creates an empty report.
    /// - Parameters:
    ///   - sla: the SLA in milliseconds, or nil for none.
    ///   - limits: how much to keep in memory.
    public init(sla: Double? = nil, limits: Limits = .default) {
        self.sla = sla
        self.limits = limits
    }

    /// Findings counted but not kept (beyond `limits.findings`).
    public var findingsOmitted: Int { max(0, totals.findings - min(findings.count, limits.findings)) }
    /// Exchanges counted but not kept as rows (beyond `limits.exchanges`).
    public var exchangesOmitted: Int { max(0, totals.exchanges - min(exchanges.count, limits.exchanges)) }

    /// Adds one exchange.
    /// - Parameters:
    ///   - record: the exchange and its findings.
    ///   - curl: makes the curl reproduction when `record.curl` is nil, called only if the record becomes an
    ///     example the report may keep (rendering one for every exchange with findings cost a large share of a
    ///     scan).
    /// - Complexity: amortized O(f) for f findings, plus an occasional O(n log n) trim of the kept lists.
    public mutating func add(_ record: ExchangeRecord, curl: () -> String? = { nil }) {
        isNormalized = false
        var rendered: String??
        func reproduction() -> String? {
            if let rendered { return rendered }
            let made = record.curl ?? curl()
            rendered = .some(made)
            return made
        }
        let status = record.statusCode
        let statusClass = StatusClass(status: status)
        let httpError = status < 100 || status >= 400
        var errors = 0
        var others = 0
        for f in record.findings {
            if f.severity == .error { errors += 1 } else { others += 1 }
        }
        let duration = record.durationMs.flatMap { $0.isFinite && $0 >= 0 ? $0 : nil }
        let startedAt = record.startedAt.flatMap { $0.isFinite ? $0 : nil }
        let breach = sla.map { sla in duration.map { $0 > sla } ?? false } ?? false
        let url = record.host + record.path

        // Totals.
        totals.exchanges += 1
        switch statusClass {
        case .none: totals.noResponse += 1
        case .clientError: totals.clientErrors += 1
        case .serverError: totals.serverErrors += 1
        default: break
        }
        for f in record.findings {
            switch f.severity {
            case .error: totals.errorFindings += 1
            case .warning: totals.warningFindings += 1
            case .info: totals.infoFindings += 1
            }
        }
        if errors > 0 { totals.exchangesWithErrors += 1 }
        if !record.findings.isEmpty { totals.exchangesWithFindings += 1 }
        if breach { totals.slaBreaches += 1 }
        if let startedAt {
            totals.firstStartedAt = min(totals.firstStartedAt ?? startedAt, startedAt)
            totals.lastStartedAt = max(totals.lastStartedAt ?? startedAt, startedAt)
            let minute = Int((startedAt / 60).rounded(.down))
            timeline[minute, default: [0, 0, 0, 0, 0]][statusClass.rawValue] += 1
        }
        totals.files[record.file, default: 0] += 1

        // Endpoint, rules and client, each updated in place: a copy taken out of its dictionary and stored back
        // shared its arrays with the stored one, so every append copied them (an endpoint keeps up to 10,000
        // durations as they are).
        let limits = self.limits
        let key = record.endpointKey
        func update(_ endpoint: inout EndpointStats) {
            endpoint.exchanges += 1
            if httpError { endpoint.httpErrors += 1 }
            endpoint.statuses[status, default: 0] += 1
            endpoint.errorFindings += errors
            endpoint.otherFindings += others
            for f in record.findings { endpoint.ruleCounts[f.rule, default: 0] += 1 }
            if let duration { endpoint.latencies.append(duration) }
            if breach {
                endpoint.slaBreaches += 1
                if ScanReport.mayKeep(record.sequence, in: endpoint.breachExamples, limit: limits.breachesPerEndpoint) {
                    endpoint.breachExamples.append(
                        Example(
                            sequence: record.sequence, file: record.file, entry: record.entry, method: record.method,
                            url: url, status: status, durationMs: duration, message: "", pointer: "",
                            curl: reproduction()))
                }
                if endpoint.breachExamples.count > limits.breachesPerEndpoint * 2 {
                    ScanReport.keepLowest(&endpoint.breachExamples, limits.breachesPerEndpoint)
                }
            }
        }
        update(&endpoints[key, default: EndpointStats(key: key)])

        // Rules.
        let seen = Seen(startedAt: startedAt, sequence: record.sequence, file: record.file, entry: record.entry)
        var rulesInExchange: Set<String> = []
        func update(_ stats: inout RuleStats, _ f: Finding) {
            stats.count += 1
            stats.severity = max(stats.severity, f.severity)
            if seen < stats.firstSeen { stats.firstSeen = seen }
            if stats.lastSeen < seen { stats.lastSeen = seen }
            if rulesInExchange.insert(f.rule).inserted {
                stats.exchanges += 1
                if ScanReport.mayKeep(record.sequence, in: stats.examples, limit: limits.examplesPerRule) {
                    stats.examples.append(
                        Example(
                            sequence: record.sequence, file: record.file, entry: record.entry, method: record.method,
                            url: url, status: status, durationMs: duration, message: f.message, pointer: f.location,
                            curl: reproduction()))
                }
                if stats.examples.count > limits.examplesPerRule * 2 {
                    ScanReport.keepLowest(&stats.examples, limits.examplesPerRule)
                }
            }
        }
        for f in record.findings {
            update(&rules[f.rule, default: RuleStats(id: f.rule, severity: f.severity, firstSeen: seen, lastSeen: seen)], f)
        }

        // Client.
        let clientKey = ClientKey(client: record.client ?? "", userAgent: record.userAgent ?? "")
        func update(_ client: inout ClientStats) {
            client.exchanges += 1
            if httpError { client.httpErrors += 1 }
            if errors > 0 { client.exchangesWithErrors += 1 }
            client.errorFindings += errors
            client.otherFindings += others
        }
        update(&clients[clientKey, default: ClientStats(client: clientKey.client, userAgent: clientKey.userAgent)])

        // Kept findings and rows.
        for (i, f) in record.findings.enumerated() {
            findings.append(StoredFinding(sequence: record.sequence, ordinal: i, finding: f))
        }
        if findings.count > limits.findings * 2 { trimFindings() }
        exchanges.append(
            ExchangeRow(
                sequence: record.sequence, file: record.file, entry: record.entry, method: record.method,
                host: record.host, path: record.path, operation: record.operation, status: status,
                startedAt: startedAt, durationMs: duration, errorFindings: errors, otherFindings: others))
        if exchanges.count > limits.exchanges * 2 { trimExchanges() }
    }

    /// Adds another report's exchanges to this one (e.g. a shard's partial report).
    /// - Parameter other: a report built with the same SLA and limits.
    /// - Throws: `DiagnoseFailure` when the SLA or limits differ (the merged numbers would be meaningless).
    public mutating func merge(_ other: ScanReport) throws(DiagnoseFailure) {
        isNormalized = false
        guard sla == other.sla else {
            throw DiagnoseFailure(
                "cannot merge reports made with different SLAs (\(sla.map { "\($0)ms" } ?? "none") and "
                    + "\(other.sla.map { "\($0)ms" } ?? "none"))",
                help: "run every shard with the same --sla value")
        }
        guard limits == other.limits else {
            throw DiagnoseFailure(
                "cannot merge reports made with different memory limits",
                help: "run every shard with the same version of diagnose and the same options")
        }
        let o = other.totals
        totals.exchanges += o.exchanges
        totals.noResponse += o.noResponse
        totals.clientErrors += o.clientErrors
        totals.serverErrors += o.serverErrors
        totals.errorFindings += o.errorFindings
        totals.warningFindings += o.warningFindings
        totals.infoFindings += o.infoFindings
        totals.exchangesWithErrors += o.exchangesWithErrors
        totals.exchangesWithFindings += o.exchangesWithFindings
        totals.slaBreaches += o.slaBreaches
        if let t = o.firstStartedAt { totals.firstStartedAt = min(totals.firstStartedAt ?? t, t) }
        if let t = o.lastStartedAt { totals.lastStartedAt = max(totals.lastStartedAt ?? t, t) }
        totals.files.merge(o.files, uniquingKeysWith: +)

        for (key, e) in other.endpoints {
            guard var mine = endpoints[key] else {
                endpoints[key] = e
                continue
            }
            mine.exchanges += e.exchanges
            mine.httpErrors += e.httpErrors
            mine.statuses.merge(e.statuses, uniquingKeysWith: +)
            mine.ruleCounts.merge(e.ruleCounts, uniquingKeysWith: +)
            mine.errorFindings += e.errorFindings
            mine.otherFindings += e.otherFindings
            mine.latencies.merge(e.latencies)
            mine.slaBreaches += e.slaBreaches
            mine.breachExamples += e.breachExamples
            ScanReport.keepLowest(&mine.breachExamples, limits.breachesPerEndpoint)
            endpoints[key] = mine
        }
        for (id, r) in other.rules {
            guard var mine = rules[id] else {
                rules[id] = r
                continue
            }
            mine.count += r.count
            mine.exchanges += r.exchanges
            mine.severity = max(mine.severity, r.severity)
            mine.firstSeen = min(mine.firstSeen, r.firstSeen)
            mine.lastSeen = max(mine.lastSeen, r.lastSeen)
            mine.examples += r.examples
            ScanReport.keepLowest(&mine.examples, limits.examplesPerRule)
            rules[id] = mine
        }
        for (key, c) in other.clients {
            guard var mine = clients[key] else {
                clients[key] = c
                continue
            }
            mine.exchanges += c.exchanges
            mine.httpErrors += c.httpErrors
            mine.exchangesWithErrors += c.exchangesWithErrors
            mine.errorFindings += c.errorFindings
            mine.otherFindings += c.otherFindings
            clients[key] = mine
        }
        for (minute, counts) in other.timeline {
            timeline[minute] = zip(timeline[minute] ?? [0, 0, 0, 0, 0], counts).map(+)
        }
        findings += other.findings
        trimFindings()
        exchanges += other.exchanges
        trimExchanges()
    }

    /// The same report with every list in canonical order and trimmed to its limit; renderers use this.
    /// - Complexity: O(n log n) over the kept findings and rows.
    public func normalized() -> ScanReport {
        if isNormalized { return self }
        var copy = self
        copy.normalize()
        return copy
    }

    /// Puts every list in canonical order and trims it to its limit, in place. A scan normalizes its report before
    /// rendering it: `normalized()` on a report that is still held elsewhere copies every list it sorts (the kept
    /// findings and rows of a large scan: tens of MB at the very end, the scan's peak memory).
    public mutating func normalize() {
        guard !isNormalized else { return }
        trimFindings()
        trimExchanges()
        for key in endpoints.keys {
            ScanReport.keepLowest(&endpoints[key]!.breachExamples, limits.breachesPerEndpoint)
        }
        for key in rules.keys {
            ScanReport.keepLowest(&rules[key]!.examples, limits.examplesPerRule)
        }
        isNormalized = true
    }

    // MARK: Sorted views used by renderers

    /// Endpoints by exchanges (descending), then key.
    public var sortedEndpoints: [EndpointStats] {
        endpoints.values.sorted { $0.exchanges != $1.exchanges ? $0.exchanges > $1.exchanges : $0.key < $1.key }
    }

    /// Rules by count (descending), then id.
    public var sortedRules: [RuleStats] {
        rules.values.sorted { $0.count != $1.count ? $0.count > $1.count : $0.id < $1.id }
    }

    /// Clients by error findings, then HTTP errors (descending), then key.
    public var sortedClients: [ClientStats] {
        clients.values.sorted {
            if $0.errorFindings != $1.errorFindings { return $0.errorFindings > $1.errorFindings }
            if $0.httpErrors != $1.httpErrors { return $0.httpErrors > $1.httpErrors }
            return ClientKey(client: $0.client, userAgent: $0.userAgent)
                < ClientKey(client: $1.client, userAgent: $1.userAgent)
        }
    }

    /// Every recorded latency across endpoints (for the whole-scan percentiles and the histogram).
    public var allLatencies: LatencySketch {
        var all = LatencySketch()
        for e in endpoints.values { all.merge(e.latencies) }
        return all
    }

    /// The nearest-rank percentile of a sorted array: the smallest value with at least `p`% of values at or below
    /// it (`p` in 0...100); nil for an empty array.
    /// - Complexity: O(1).
    public static func percentile(_ sorted: [Double], _ p: Double) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }

    // MARK: Trimming

    mutating func trimFindings() {
        findings.sort { $0.sequence != $1.sequence ? $0.sequence < $1.sequence : $0.ordinal < $1.ordinal }
        if findings.count > limits.findings { findings.removeSubrange(limits.findings...) }
    }

    mutating func trimExchanges() {
        exchanges.sort { $0.sequence < $1.sequence }
        if exchanges.count > limits.exchanges { exchanges.removeSubrange(limits.exchanges...) }
    }

    /// Whether an example with `sequence` could be among the `limit` lowest: not when `limit` examples with lower
    /// sequences are kept already (then `keepLowest` would always drop it, so it is not made at all).
    static func mayKeep(_ sequence: Int, in examples: [Example], limit: Int) -> Bool {
        guard examples.count >= limit else { return true }
        var lower = 0
        for example in examples where example.sequence < sequence {
            lower += 1
            if lower >= limit { return false }
        }
        return true
    }

    static func keepLowest(_ examples: inout [Example], _ limit: Int) {
        examples.sort { $0.sequence < $1.sequence }
        if examples.count > limit { examples.removeSubrange(limit...) }
    }
}
