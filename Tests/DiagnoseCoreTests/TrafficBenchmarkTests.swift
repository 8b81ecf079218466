import DiagnoseTestSupport
import Foundation
import Testing

@testable import DiagnoseCore

@Suite("Trace benchmark helpers")
struct TrafficBenchmarkTests {
    func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("diagnose-\(getpid())-\(name)").path
    }

    @Test func syntheticHARIsValidAndStreams() throws {
        let path = temporaryPath("synthetic.har")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let entries = try TraceBenchmark.writeSyntheticHAR(to: path, targetBytes: 1 << 20)
        #expect(entries > 100)
        let whole = try TraceBenchmark.parseWhole(path: path)
        #expect(whole.exchanges == entries)
        let streamed = try TraceBenchmark.read(path: path, decodeBodies: true)
        #expect(streamed.exchanges == entries)
        #expect(streamed.problems == 0)
        #expect(streamed.bytes >= 1 << 20)
        #expect(streamed.description.contains("\(entries) exchanges"))
        let (xs, _) = readAll(try TraceReader(path: path, options: .init(chunkSize: 4096)))
        #expect(xs.count == entries)
        #expect(xs.contains { $0.response?.body?.wasBase64 == true })
        #expect(xs[1].request.body?.text.hasPrefix("amount=") == true)
        #expect(xs.allSatisfy { $0.request.host == "api.stripe.com" })
    }

    /// `DIAGNOSE_BENCH=1 swift test -c release --filter TrafficBenchmarkTests` measures a 200 MB HAR.
    @Test(.tags(.slow), .enabled(if: ProcessInfo.processInfo.environment["DIAGNOSE_BENCH"] != nil))
    func streamsTwoHundredMegabytesInBoundedMemory() throws {
        let path = temporaryPath("bench.har")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try TraceBenchmark.writeSyntheticHAR(to: path, targetBytes: 200_000_000)
        let before = TraceBenchmark.peakResidentMegabytes() ?? 0
        let r = try TraceBenchmark.read(path: path)
        print("stream:", r)
        #expect(r.problems == 0)
        #expect((r.peakResidentMegabytes ?? 0) - before < 200)
        print("parse whole:", try TraceBenchmark.parseWhole(path: path))
    }
}
