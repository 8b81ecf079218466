import Foundation

/// Recorded durations (ms) of an endpoint or a whole scan, for percentiles and the latency histogram, in memory
/// that does not grow with the input.
///
/// Up to `exactLimit` durations are kept as they are, and percentiles are exact nearest-rank values. Past that, every
/// duration (those kept so far included) is counted in a logarithmic bucket 2 % wide, and a percentile is its
/// bucket's middle to 4 significant digits, within 1.05 % of the exact value and clamped to the exact minimum and
/// maximum. The histogram bands
/// (`bandEdges`), the count, the minimum and the maximum stay exact at any size.
///
/// Which of the two forms a sketch holds depends only on the multiset of durations added (exact while the count is
/// at most `exactLimit`), never on the order of additions or merges: a sharded scan merged from partials gives the
/// same figures, byte for byte, as one scan of the whole input.
public struct LatencySketch: Sendable, Hashable {
    /// Durations kept as they are before the sketch switches to buckets.
    public static let exactLimit = 10_000
    /// Upper edges (ms) of the histogram bands: `< 25`, `< 50`, … `< 6400`, and a last band `≥ 6400`.
    public static let bandEdges: [Double] = [25, 50, 100, 200, 400, 800, 1600, 3200, 6400]
    /// Ratio between a bucket's bounds: a bucket's middle is within 1 % of every duration in it.
    static let ratio = 1.02
    /// Durations at or below this (ms) share bucket 0, reported as the minimum.
    static let floor = 0.001

    /// Durations added.
    public private(set) var count = 0
    /// The smallest duration.
    public private(set) var min: Double?
    /// The largest duration.
    public private(set) var max: Double?
    /// Durations per histogram band (one more than `bandEdges`); exact.
    public private(set) var bands = [Int](repeating: 0, count: LatencySketch.bandEdges.count + 1)
    /// The durations, while `count <= exactLimit` (in the order added).
    private(set) var exact: [Double] = []
    /// Bucket index → durations in it, once `count > exactLimit`.
    private(set) var buckets: [Int: Int] = [:]

    /// An empty sketch.
    public init() {}

    /// A sketch of `durations`.
    public init(_ durations: some Sequence<Double>) {
        for d in durations { append(d) }
    }

    /// Whether no duration was added.
    public var isEmpty: Bool { count == 0 }

    /// Whether percentiles are exact (at most `exactLimit` durations).
    public var isExact: Bool { count <= Self.exactLimit }

    /// Every duration, ascending, while the sketch is exact; nil once it counts buckets.
    public var exactValues: [Double]? { isExact ? exact.sorted() : nil }

    /// Adds a duration (a non-finite one is no timing and is ignored).
    public mutating func append(_ duration: Double) {
        guard duration.isFinite else { return }
        count += 1
        min = Swift.min(min ?? duration, duration)
        max = Swift.max(max ?? duration, duration)
        bands[Self.band(duration)] += 1
        if count <= Self.exactLimit {
            exact.append(duration)
        } else {
            spill()
            buckets[Self.bucket(duration), default: 0] += 1
        }
    }

    /// Adds every duration of `other`.
    public mutating func merge(_ other: LatencySketch) {
        guard !other.isEmpty else { return }
        count += other.count
        min = Swift.min(min ?? other.min!, other.min!)
        max = Swift.max(max ?? other.max!, other.max!)
        for i in bands.indices { bands[i] += other.bands[i] }
        if count <= Self.exactLimit {
            exact += other.exact
        } else {
            spill()
            for d in other.exact { buckets[Self.bucket(d), default: 0] += 1 }
            buckets.merge(other.buckets, uniquingKeysWith: +)
        }
    }

    /// The nearest-rank percentile (`p` in 0...100): the smallest duration with at least `p` % of durations at or
    /// below it, exact while `isExact`, else its bucket's middle (the first and last rank: the exact minimum and
    /// maximum); nil when empty.
    /// - Complexity: O(n log n) over the kept durations or buckets.
    public func percentile(_ p: Double) -> Double? {
        guard count > 0 else { return nil }
        if isExact { return ScanReport.percentile(exact.sorted(), p) }
        let rank = Swift.min(Swift.max(Int((p / 100 * Double(count)).rounded(.up)), 1), count)
        // The extremes are known exactly.
        if rank == 1 { return min }
        if rank == count { return max }
        var seen = 0
        for index in buckets.keys.sorted() {
            seen += buckets[index]!
            if seen >= rank { return Swift.min(Swift.max(Self.middle(of: index), min!), max!) }
        }
        return max
    }

    // MARK: Buckets

    /// Moves the exact durations into buckets (once, when the count passes the limit).
    private mutating func spill() {
        guard !exact.isEmpty else { return }
        for d in exact { buckets[Self.bucket(d), default: 0] += 1 }
        exact = []
    }

    static func band(_ duration: Double) -> Int {
        var i = 0
        while i < bandEdges.count && duration >= bandEdges[i] { i += 1 }
        return i
    }

    static func bucket(_ duration: Double) -> Int {
        guard duration > floor else { return 0 }
        return 1 + Int((log(duration / floor) / log(ratio)).rounded(.down))
    }

    /// A bucket's middle, to 4 significant digits (the bucket is 2 % wide; more digits would only be noise).
    static func middle(of bucket: Int) -> Double {
        guard bucket > 0 else { return floor }
        let x = floor * pow(ratio, Double(bucket - 1) + 0.5)
        // n / 10^k and n * 10^k with exact operands round once: the double nearest the 4-digit decimal.
        let digits = 3 - Int(log10(x).rounded(.down))
        return digits >= 0
            ? (x * pow(10, Double(digits))).rounded() / pow(10, Double(digits))
            : (x / pow(10, Double(-digits))).rounded() * pow(10, Double(-digits))
    }

    /// Equal when they hold the same durations (or, bucketed, the same counts), whatever the order of additions.
    public static func == (a: LatencySketch, b: LatencySketch) -> Bool {
        a.count == b.count && a.min == b.min && a.max == b.max && a.bands == b.bands && a.buckets == b.buckets
            && a.exactValues == b.exactValues
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        hasher.combine(min)
        hasher.combine(max)
        hasher.combine(bands)
    }

    // MARK: Partial reports

    /// The bucketed form for a partial report: `[index, count]` pairs by index.
    var bucketPairs: [(Int, Int)] { buckets.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } }

    /// A bucketed sketch read back from a partial report.
    init(count: Int, min: Double, max: Double, bands: [Int], buckets: [(Int, Int)]) {
        self.count = count
        self.min = min
        self.max = max
        self.bands = bands
        for (index, n) in buckets { self.buckets[index, default: 0] += n }
    }
}
