extension ScanReport {
    /// Counts a finding that a cross-exchange rule reported after its exchange was already added (it left the
    /// scan's hold window). Totals, rule statistics and the kept findings include it; the exchange's own row and
    /// its endpoint's per-exchange counters do not change.
    /// - Parameters:
    ///   - finding: the finding.
    ///   - sequence: the exchange's global input order.
    ///   - startedAt: the exchange's start time, when recorded.
    ///   - ordinal: position after the exchange's other findings.
    public mutating func addLate(_ finding: Finding, sequence: Int, startedAt: Double?, ordinal: Int) {
        isNormalized = false
        switch finding.severity {
        case .error: totals.errorFindings += 1
        case .warning: totals.warningFindings += 1
        case .info: totals.infoFindings += 1
        }
        let seen = Seen(startedAt: startedAt, sequence: sequence, file: finding.exchange.file, entry: finding.exchange.entry)
        var stats = rules[finding.rule] ?? RuleStats(id: finding.rule, severity: finding.severity, firstSeen: seen, lastSeen: seen)
        stats.count += 1
        stats.exchanges += 1
        stats.severity = max(stats.severity, finding.severity)
        if seen < stats.firstSeen { stats.firstSeen = seen }
        if stats.lastSeen < seen { stats.lastSeen = seen }
        rules[finding.rule] = stats
        findings.append(StoredFinding(sequence: sequence, ordinal: ordinal, finding: finding))
        if findings.count > limits.findings * 2 { trimFindings() }
    }
}

extension ScanReport {
    /// Whether any finding is at or above `threshold` (for `--fail-on`).
    public func hasFindings(atOrAbove threshold: Diagnostic.Severity) -> Bool {
        switch threshold {
        case .error: totals.errorFindings > 0
        case .warning: totals.errorFindings + totals.warningFindings > 0
        case .info: totals.findings > 0
        }
    }
}
