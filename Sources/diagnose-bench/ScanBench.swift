import DiagnoseCore
import Foundation

/// `scan` throughput end to end (all checks and rules on) on generated Stripe-like HARs: 20,000 exchanges, and
/// 200,000 exchanges (about 1.6 GB) when `BENCH_LARGE=1`.
enum ScanBench {
    static func run() throws {
        print("## scan (Stripe spec, generated Stripe-like HAR, all checks on)")
        guard let specPath = WorkloadGenerator.stripeSpecPath else {
            print("skipped: ../shared/corpus is absent (the Stripe spec is needed)")
            return
        }
        let large = ProcessInfo.processInfo.environment["BENCH_LARGE"] == "1"
        let counts = large ? [200_000] : [20_000]
        for count in counts {
            try scan(count: count, specPath: specPath)
        }
        if !large {
            print("200,000 exchanges (1.6 GB): run `BENCH_LARGE=1 .build/release/diagnose-bench scan` (generating it takes minutes; cached in .build/bench-data)")
        }
    }

    static func scan(count: Int, specPath: String) throws {
        let url = try WorkloadGenerator.file(count: count)
        let size = FileSystem.size(url.path)
        let options = CheckOptions()
        let specs = try SpecSet.load(paths: [specPath], checkOptions: options)
        let pipeline = ScanPipeline(specs: specs, check: options, rules: .builtIn(), options: ScanOptions())
        var exchanges = 0
        var mutated = 0
        var caught = 0
        var falsePositives = 0
        var fpRules: [String: Int] = [:]
        let outcome = pipeline.run([url.path], onRecord: { record in
            exchanges += 1
            let real = record.findings.filter { $0.severity >= .warning }
            if WorkloadGenerator.isMutated(userAgent: record.userAgent) {
                mutated += 1
                if !real.isEmpty { caught += 1 }
            } else if !real.isEmpty {
                falsePositives += 1
                for f in real { fpRules[f.rule, default: 0] += 1 }
            }
        })
        print(
            "scan \(count): \(Measure.fmt(Measure.mb(size))) MB, \(exchanges) exchanges, \(Measure.fmt(outcome.seconds, 2)) s, "
                + "\(Int(Double(exchanges) / outcome.seconds)) exchanges/s, \(Measure.fmt(Measure.mb(size) / outcome.seconds)) MB/s, "
                + "peak memory \(Measure.fmt(Measure.peakMemoryMB())) MB")
        print("mutated exchanges: \(mutated), caught: \(caught); valid exchanges with findings (false positives): \(falsePositives)")
        if !fpRules.isEmpty { print("false positives by rule: \(fpRules.sorted { $0.value > $1.value })") }
        if !outcome.failures.isEmpty { print("failures: \(outcome.failures)") }
    }
}
