import DiagnoseCore
import DiagnoseTestSupport
import Foundation
import Testing

/// Per-request overhead of `replay --repeat N` against a loopback server, next to the `curl` tool on the same
/// request (one curl process, N URLs, so it keeps the connection alive too). Opt-in, it prints figures:
/// `DIAGNOSE_REPLAY_BENCH=1 swift test -c release --filter ReplayBenchmark`.
@Suite(
    "Replay overhead against curl",
    .tags(.slow),
    .enabled(if: ProcessInfo.processInfo.environment["DIAGNOSE_REPLAY_BENCH"] == "1", "set DIAGNOSE_REPLAY_BENCH=1"))
struct ReplayBenchmarkTests {
    @Test func keepAliveRequestsAgainstCurl() throws {
        let count = Int(ProcessInfo.processInfo.environment["DIAGNOSE_REPLAY_BENCH_COUNT"] ?? "") ?? 1000
        let server = try LoopbackServer()
        let url = server.baseURL + "/v1/balance"
        let clock = ContinuousClock()

        // Warm up both paths (process start-up, first connection).
        _ = Replayer.replay(
            ReplayRequest(method: "GET", url: url), options: loopbackOptions { $0.repeatCount = 10 },
            transport: CurlTransport())

        var ours: Duration = .zero
        var outcome: ReplayOutcome?
        ours = clock.measure {
            outcome = Replayer.replay(
                ReplayRequest(method: "GET", url: url), options: loopbackOptions { $0.repeatCount = count },
                transport: CurlTransport())
        }
        #expect(outcome?.latency?.count == count)

        let curl = Process()
        curl.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        curl.arguments = ["-s", "--noproxy", "*"] + Array(repeating: url, count: count)
        curl.standardOutput = FileHandle.nullDevice
        let theirs = try clock.measure {
            try curl.run()
            curl.waitUntilExit()
        }
        #expect(curl.terminationStatus == 0)

        func perRequest(_ d: Duration) -> Double {
            let (s, atto) = d.components
            return (Double(s) * 1e6 + Double(atto) / 1e12) / Double(count)
        }
        let a = perRequest(ours)
        let b = perRequest(theirs)
        print(
            "replay bench: \(count) keep-alive requests: diagnose \(String(format: "%.1f", a)) µs/request, "
                + "curl \(String(format: "%.1f", b)) µs/request (ratio \(String(format: "%.2f", a / b))); "
                + "latency \(outcome?.latency?.summary ?? "-")")
    }
}
