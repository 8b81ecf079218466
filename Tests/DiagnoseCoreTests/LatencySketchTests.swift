@testable import DiagnoseCore
import Foundation
import Testing

/// `LatencySketch`: exact percentiles while small, bounded memory and percentiles within 1.05 % past the limit, and a
/// state that depends only on the durations added (so sharded scans merge byte for byte).
@Suite("Latency sketch")
struct LatencySketchTests {
    /// Durations from 0.005 ms to 30 s, with a long tail, from a seed.
    static func durations(_ count: Int, seed: UInt64) -> [Double] {
        var rng = ReportFixtures.SeededRandom(state: seed)
        return (0..<count).map { _ in
            let u = Double.random(in: 0..<1, using: &rng)
            return (5 + 30_000_000 * u * u * u * u).rounded() / 1000
        }
    }

    @Test func exactUpToTheLimit() {
        let values = Self.durations(LatencySketch.exactLimit, seed: 1)
        let sketch = LatencySketch(values)
        let sorted = values.sorted()
        #expect(sketch.isExact)
        #expect(sketch.exactValues == sorted)
        for p in [0.0, 1, 50, 90, 95, 99, 99.9, 100] {
            #expect(sketch.percentile(p) == ScanReport.percentile(sorted, p), "p\(p)")
        }
        #expect(sketch.count == values.count)
        #expect(sketch.min == sorted.first)
        #expect(sketch.max == sorted.last)
    }

    /// The regression: an endpoint kept every duration, so a scan's memory grew with its input (8 bytes an exchange,
    /// doubled while the array grew). Past the limit a sketch holds buckets only, however many durations it sees.
    @Test func boundedPastTheLimitAndWithinOnePercent() {
        let values = Self.durations(200_000, seed: 2)
        var sketch = LatencySketch()
        for v in values { sketch.append(v) }
        #expect(!sketch.isExact)
        #expect(sketch.exactValues == nil)
        // 0.001 ms to 30 s in 2 % steps is under 900 buckets.
        #expect(sketch.exact.isEmpty)
        #expect(sketch.buckets.count < 900)
        let sorted = values.sorted()
        for p in [1.0, 10, 50, 90, 95, 99, 99.9] {
            let exact = ScanReport.percentile(sorted, p)!
            let approximate = sketch.percentile(p)!
            #expect(abs(approximate - exact) <= exact * 0.0105, "p\(p): \(approximate) against \(exact)")
            // Four significant digits, not a bucket's arithmetic noise (or the exact extreme it was clamped to).
            #expect(
                Double(String(format: "%.4g", approximate)) == approximate || approximate == sketch.max,
                "p\(p): \(approximate)")
        }
        #expect(sketch.percentile(100) == sorted.last)
        #expect(sketch.percentile(0) == sorted.first)
        #expect(sketch.count == values.count)
        #expect(sketch.min == sorted.first)
        #expect(sketch.max == sorted.last)
        // The histogram bands stay exact.
        var bands = [Int](repeating: 0, count: LatencySketch.bandEdges.count + 1)
        for v in values { bands[LatencySketch.bandEdges.firstIndex { v < $0 } ?? LatencySketch.bandEdges.count] += 1 }
        #expect(sketch.bands == bands)
    }

    @Test func sameDurationsGiveTheSameSketchWhateverTheOrderAndSplit() {
        let values = Self.durations(25_000, seed: 3)
        let whole = LatencySketch(values)
        var rng = ReportFixtures.SeededRandom(state: 4)
        for parts in [2, 3, 7] {
            let shuffled = values.shuffled(using: &rng)
            // Parts below and above the limit, merged in an order of their own.
            var sketches = (0..<parts).map { k in
                LatencySketch(shuffled.enumerated().filter { $0.offset % parts == k }.map(\.element))
            }
            sketches.shuffle(using: &rng)
            var merged = LatencySketch()
            for s in sketches { merged.merge(s) }
            #expect(merged == whole, "\(parts) parts")
            for p in [50.0, 95, 99] { #expect(merged.percentile(p) == whole.percentile(p)) }
        }
        // Two exact halves whose union passes the limit.
        let a = LatencySketch(values.prefix(6_000))
        var b = LatencySketch(values[6_000..<12_000])
        #expect(a.isExact && b.isExact)
        b.merge(a)
        #expect(!b.isExact)
        #expect(b == LatencySketch(values.prefix(12_000)))
    }

    @Test func nonFiniteDurationsAreNotTimings() {
        var sketch = LatencySketch([10, 20])
        sketch.append(.nan)
        sketch.append(.infinity)
        #expect(sketch.count == 2)
        #expect(sketch.max == 20)
    }

    /// Records for two endpoints, each past the limit, as a scan of a large dump sees them.
    static func records(_ count: Int) -> [ExchangeRecord] {
        let values = durations(count, seed: 5)
        return values.enumerated().map { i, ms in
            ExchangeRecord(
                file: "big-\(i % 3).har", entry: i / 3 + 1, sequence: i, startedAt: 1_714_564_800 + Double(i) / 10,
                method: "GET", host: "api.example.com", path: i % 2 == 0 ? "/v1/charges" : "/v1/customers",
                operation: i % 2 == 0 ? "GetCharges" : "GetCustomers", status: 200, durationMs: ms)
        }
    }

    @Test func partialsPastTheLimitMergeLikeTheWhole() throws {
        let records = Self.records(30_000)
        let whole = ReportFixtures.report(records)
        #expect(whole.endpoints["GetCharges"]?.latencies.isExact == false)
        let partials = (0..<3).map { k in ReportFixtures.report(records.filter { $0.sequence % 3 == k }).partialJSON() }
        #expect(partials[0].contains("\"latencyBuckets\":{") == false)  // 5,000 per endpoint: still exact
        var merged = try ScanReport(partialJSON: partials[2])
        try merged.merge(try ScanReport(partialJSON: partials[0]))
        try merged.merge(try ScanReport(partialJSON: partials[1]))
        // Bucketed partials read back as they were.
        let text = whole.partialJSON()
        #expect(text.contains("\"latencyBuckets\":{\"count\":15000,"))
        let back = try ScanReport(partialJSON: text)
        #expect(back.partialJSON() == text)
        for format in [ReportFormat.json, .text, .markdown, .html, .partial] {
            let expected = ReportRenderer.render(whole, format: format, options: ReportFixtures.options)
            #expect(ReportRenderer.render(merged, format: format, options: ReportFixtures.options) == expected, "\(format)")
            #expect(ReportRenderer.render(back, format: format, options: ReportFixtures.options) == expected, "\(format)")
        }
    }

    @Test func malformedBucketsAreLocatedErrors() throws {
        let text = ReportFixtures.report(Self.records(22_000)).partialJSON()
        let broken = text.replacingOccurrences(of: "\"latencyBuckets\":{\"count\":11000,", with: "\"latencyBuckets\":{\"count\":11001,")
        #expect(broken != text)
        let error = #expect(throws: DiagnoseFailure.self) { try ScanReport(partialJSON: broken, name: "p.json") }
        #expect(error?.message.contains("/endpoints/0/latencyBuckets/") == true)
    }
}
