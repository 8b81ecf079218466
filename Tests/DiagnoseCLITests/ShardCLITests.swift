import DiagnoseTestSupport
import Foundation
import Testing

/// The README's sharding recipe, run as written (`xargs -P` starting one `diagnose scan --shard K/N` per shard,
/// then `diagnose merge`): the merged reports equal an unsharded scan, byte for byte.
@Suite("Sharded scan recipe")
struct ShardCLITests {
    @Test func xargsShardsMergeIntoTheUnshardedReport() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("diagnose-shards-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let d = dir.path
        let bin = diagnoseExecutable.path
        let script = """
            set -e
            seq 1 3 | xargs -P 3 -I{} '\(bin)' scan --spec specs/payments.yaml recordings/ --shard {}/3 --format partial -o '\(d)/part-{}.json' --quiet || true
            '\(bin)' merge '\(d)'/part-*.json --format json -o '\(d)/merged.json' --format html -o '\(d)/merged.html' --format sarif -o '\(d)/merged.sarif' --format text -o '\(d)/merged.txt' || true
            '\(bin)' scan --spec specs/payments.yaml recordings/ --quiet --format json -o '\(d)/whole.json' --format html -o '\(d)/whole.html' --format sarif -o '\(d)/whole.sarif' --format text -o '\(d)/whole.txt' || true
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script]
        process.currentDirectoryURL = TestPaths.packageRoot
        process.environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "NO_COLOR": "1"]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        for ext in ["json", "html", "sarif", "txt"] {
            let merged = try String(contentsOfFile: "\(d)/merged.\(ext)", encoding: .utf8)
            let whole = try String(contentsOfFile: "\(d)/whole.\(ext)", encoding: .utf8)
            #expect(!whole.isEmpty)
            #expect(merged == whole, "merged \(ext) differs from the unsharded scan")
        }
        #expect(try String(contentsOfFile: "\(d)/whole.json", encoding: .utf8).contains("\"rule\":\"provider.error\""))
    }
}
