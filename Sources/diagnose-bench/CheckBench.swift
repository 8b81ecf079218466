import DiagnoseCore
import Foundation

/// `check` throughput: the generated 20,000-exchange Stripe-like HAR, streamed through `TraceReader` into
/// `IntegrationRules.evaluate` (spec checks, then the per-exchange rules: what `CheckRun` does, minus keeping every
/// result), then through `CheckRun` itself.
enum CheckBench {
    static func run() throws {
        print("## check (Stripe spec, generated Stripe-like HAR)")
        guard let specPath = WorkloadGenerator.stripeSpecPath else {
            print("skipped: ../shared/corpus is absent (the Stripe spec is needed)")
            return
        }
        let count = Int(ProcessInfo.processInfo.environment["BENCH_CHECK_EXCHANGES"] ?? "") ?? 20_000
        let url = try WorkloadGenerator.file(count: count)
        let size = FileSystem.size(url.path)
        let options = CheckOptions()
        let specs = try SpecSet.load(paths: [specPath], checkOptions: options)
        let checker = specs.entries[0].checker
        let rules = IntegrationRules.builtIn()

        var exchanges = 0
        var mutated = 0
        var falsePositives = 0
        var caught = 0
        var fpRules: [String: Int] = [:]
        var missed: [String: Int] = [:]
        let start = Measure.now()
        let cpuStart = Measure.cpu()
        let reader = try TraceReader(path: url.path)
        for item in reader {
            guard case .exchange(let recorded) = item else { continue }
            let exchange = recorded.withDecodedBodies
            exchanges += 1
            let findings = rules.evaluate(exchange, spec: checker, options: options).findings
            let isMutated = exchange.request.header(named: "X-Bench-Mutation") != nil
            if isMutated {
                mutated += 1
                if findings.contains(where: { $0.severity >= .warning }) {
                    caught += 1
                } else {
                    missed[exchange.request.header(named: "X-Bench-Mutation") ?? "", default: 0] += 1
                }
            } else {
                let real = findings.filter { $0.severity >= .warning }
                if !real.isEmpty {
                    falsePositives += 1
                    for f in real { fpRules[f.rule, default: 0] += 1 }
                }
            }
        }
        let seconds = Measure.now() - start
        report(
            label: "one thread (SpecChecker + rules, streaming)", size: size, exchanges: exchanges, seconds: seconds,
            cpu: Measure.cpu() - cpuStart)
        print("mutated exchanges: \(mutated), caught: \(caught); valid exchanges with findings (false positives): \(falsePositives)")
        if !missed.isEmpty { print("mutations without a finding, by kind: \(missed.sorted { $0.key < $1.key })") }
        if !fpRules.isEmpty { print("false positives by rule: \(fpRules.sorted { $0.value > $1.value })") }

        var run = CheckRun(specs: specs, options: options, rules: rules)
        if let jobs = Int(ProcessInfo.processInfo.environment["BENCH_JOBS"] ?? "") { run.jobs = jobs }
        let runStart = Measure.now()
        let runCPU = Measure.cpu()
        let results = run.run([url.path])
        let runSeconds = Measure.now() - runStart
        report(
            label: "CheckRun, \(run.jobs) jobs (what `diagnose check` runs; keeps every result)", size: size,
            exchanges: results.exchanges.count, seconds: runSeconds, cpu: Measure.cpu() - runCPU)
    }

    /// One line of figures; `cpu` (seconds of CPU time over all threads) shows what parallel work cost in total.
    static func report(label: String, size: Int, exchanges: Int, seconds: Double, cpu: Double? = nil) {
        let cpuText = cpu.map { ", CPU \(Measure.fmt($0, 2)) s" } ?? ""
        print(
            "\(label): \(Measure.fmt(Measure.mb(size))) MB, \(exchanges) exchanges, \(Measure.fmt(seconds, 2)) s\(cpuText), "
                + "\(Int(Double(exchanges) / seconds)) exchanges/s, \(Measure.fmt(Measure.mb(size) / seconds)) MB/s, "
                + "peak memory \(Measure.fmt(Measure.peakMemoryMB())) MB")
    }
}
