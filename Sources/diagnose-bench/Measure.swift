import DiagnoseCore
import Foundation

/// Timing and memory helpers.
enum Measure {
    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// CPU time (user + system, every thread) this process has used so far, in seconds.
    static func cpu() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// Best (minimum) wall time of `body` over `runs` runs, in seconds.
    static func best(runs: Int, _ body: () throws -> Void) rethrows -> Double {
        var best = Double.infinity
        for _ in 0..<runs {
            let start = now()
            try body()
            best = min(best, now() - start)
        }
        return best
    }

    /// Peak resident set size of this process so far, in MB (Linux VmHWM; 0 elsewhere).
    static func peakMemoryMB() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let kb = line.split(separator: " ").compactMap { Double($0) }.first ?? 0
            return kb / 1024
        }
        return 0
    }

    static func mb(_ bytes: Int) -> Double { Double(bytes) / 1_000_000 }

    static func fmt(_ value: Double, _ digits: Int = 1) -> String {
        String(format: "%.\(digits)f", value)
    }

    /// Where generated benchmark inputs are cached between runs.
    static let dataDirectory: URL = {
        let url = URL(fileURLWithPath: ".build/bench-data")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    /// The shared corpus folder, when present.
    static let corpus: URL? = {
        let url = URL(fileURLWithPath: "../shared/corpus")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }()
}

/// A buffered file writer for generated benchmark inputs.
final class BenchFile {
    private let handle: FileHandle
    private var buffer: [UInt8] = []

    init(path: String) throws(DiagnoseFailure) {
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw DiagnoseFailure("cannot write '\(path)'")
        }
        self.handle = handle
    }

    func write(_ bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        if buffer.count > 1 << 22 { flush() }
    }

    private func flush() {
        handle.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }

    func finish() throws(DiagnoseFailure) {
        flush()
        try? handle.close()
    }
}
