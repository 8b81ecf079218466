import DiagnoseCore
import Foundation

/// `traffic`: streaming read throughput of a generated 1 GB HAR (exchanges/s, MB/s, peak memory), against the
/// JSON parser alone on a 200 MB slice of the same kind of data (target: at least 75 % of the parser's speed,
/// peak memory under 200 MB).
enum TrafficBench {
    static func run() throws {
        print("## Traffic: streaming HAR reader")
        let small = Measure.dataDirectory.appendingPathComponent("traffic-200MB.har").path
        if !FileManager.default.fileExists(atPath: small) { _ = try TraceBenchmark.writeSyntheticHAR(to: small, targetBytes: 200_000_000) }
        let parse = try TraceBenchmark.parseWhole(path: small)
        let streamSmall = try TraceBenchmark.read(path: small)
        print("200 MB: JSON parser alone \(Measure.fmt(parse.megabytesPerSecond)) MB/s; streaming reader \(Measure.fmt(streamSmall.megabytesPerSecond)) MB/s (\(Measure.fmt(100 * streamSmall.megabytesPerSecond / max(parse.megabytesPerSecond, 1), 0)) % of the parser)")
        let large = Measure.dataDirectory.appendingPathComponent("traffic-1GB.har").path
        if !FileManager.default.fileExists(atPath: large) { _ = try TraceBenchmark.writeSyntheticHAR(to: large, targetBytes: 1_000_000_000) }
        let before = Measure.peakMemoryMB()
        let stream = try TraceBenchmark.read(path: large)
        print("1 GB: \(stream.exchanges) exchanges in \(Measure.fmt(stream.seconds, 2)) s: \(Measure.fmt(stream.megabytesPerSecond)) MB/s, \(Measure.fmt(stream.exchangesPerSecond, 0)) exchanges/s; peak memory \(Measure.fmt(Measure.peakMemoryMB())) MB (\(Measure.fmt(before)) MB before)")
    }
}
