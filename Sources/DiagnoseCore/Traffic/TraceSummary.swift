/// Counts what a read produced, so a command can end with "read 120 exchanges, skipped 2 entries".
///
/// ```swift
/// var summary = TraceSummary()
/// for item in reader { summary.add(item); … }
/// ```
public struct TraceSummary: Sendable, Hashable, CustomStringConvertible {
    /// Exchanges read (after selection).
    public var exchanges = 0
    /// Problems that cost an entry (errors: malformed or invalid entries, truncation).
    public var skipped = 0
    /// Warnings and notes that did not cost an entry (unknown curl options, ignored shell).
    public var warnings = 0
    /// Problem counts by diagnostic id, e.g. `trace.malformed-entry: 2`.
    public var problemsByID: [String: Int] = [:]

    /// An empty summary.
    public init() {}

    /// Counts one item.
    public mutating func add(_ item: TraceItem) {
        switch item {
        case .exchange: exchanges += 1
        case .problem(let d):
            problemsByID[d.id, default: 0] += 1
            if d.severity == .error { skipped += 1 } else { warnings += 1 }
        }
    }

    /// `read 120 exchanges, skipped 2 entries (trace.malformed-entry: 2)`.
    public var description: String {
        var s = "read \(exchanges) exchange\(exchanges == 1 ? "" : "s")"
        if skipped > 0 { s += ", skipped \(skipped) entr\(skipped == 1 ? "y" : "ies")" }
        if warnings > 0 { s += ", \(warnings) warning\(warnings == 1 ? "" : "s")" }
        if !problemsByID.isEmpty {
            s +=
                " (" + problemsByID.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
                + ")"
        }
        return s
    }
}
