/// Latency figures over repeated sends (`--repeat N`): min, median, 95th percentile, max and mean.
public struct LatencyStats: Sendable, Hashable, Codable {
    /// Number of samples.
    public var count: Int
    /// Fastest, in microseconds.
    public var minMicroseconds: Int64
    /// Median (mean of the two middle samples for an even count), in microseconds.
    public var medianMicroseconds: Int64
    /// 95th percentile by nearest rank, in microseconds.
    public var p95Microseconds: Int64
    /// Slowest, in microseconds.
    public var maxMicroseconds: Int64
    /// Arithmetic mean, in microseconds.
    public var meanMicroseconds: Int64

    /// Computes the figures.
    /// - Parameter samples: per-request times in microseconds, in any order.
    /// - Returns: nil for no samples.
    /// - Complexity: O(n log n).
    public init?(samples: [Int64]) {
        guard !samples.isEmpty else { return nil }
        let sorted = samples.sorted()
        let n = sorted.count
        count = n
        minMicroseconds = sorted[0]
        maxMicroseconds = sorted[n - 1]
        medianMicroseconds = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
        let rank = (95 * n + 99) / 100  // ceil(0.95 n), 1-based
        p95Microseconds = sorted[max(rank, 1) - 1]
        meanMicroseconds = sorted.reduce(0, +) / Int64(n)
    }

    /// `min 0.21 ms · median 0.25 ms · p95 0.40 ms · max 1.90 ms (1000 requests)`.
    public var summary: String {
        "min \(Self.ms(minMicroseconds)) · median \(Self.ms(medianMicroseconds)) · p95 \(Self.ms(p95Microseconds)) · "
            + "max \(Self.ms(maxMicroseconds)) (\(count) request\(count == 1 ? "" : "s"))"
    }

    /// Formats microseconds as milliseconds with two decimals (`1.25 ms`).
    /// - Parameter microseconds: a duration.
    /// - Returns: the text.
    public static func ms(_ microseconds: Int64) -> String {
        let hundredths = (microseconds + 5) / 10
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction) ms"
    }
}
