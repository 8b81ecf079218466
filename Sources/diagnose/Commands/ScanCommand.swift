import DiagnoseCore
import Foundation

/// `diagnose scan`: batch-scans trace dumps on all cores, with reports for people, CI, scripts and SQL.
enum ScanCommand: Command {
    static let spec = CommandSpec(
        name: "scan",
        abstract: "Scan trace dumps (files, folders, globs, stdin) on all cores and summarise what is failing.",
        arguments: [.init(name: "PATH", help: "Trace files, folders (recursive) or glob patterns; '-' reads NDJSON or HAR from standard input.", repeating: true)],
        options: [
            .repeatable("spec", short: "s", "SPEC", "The OpenAPI or Swagger spec; repeatable (one is picked per exchange by host)."),
            .value("specs", "DIR", "Load every spec in DIR (default: ./specs when present)."),
            .repeatable("ref-map", "URL=PATH", "Resolve remote $refs under URL from the local file or folder PATH."),
            .repeatable("format", short: "f", "FORMAT", "text (default), json, ndjson, markdown, sarif, junit, html or partial; repeatable."),
            .repeatable("output", short: "o", "FILE", "Write the corresponding --format to FILE (in order); without it, standard output."),
            .value("sqlite", "FILE", "Also write every exchange and finding to an SQLite database."),
            .value("jobs", short: "j", "N", "Worker threads (default: all cores)."),
            .value("shard", "K/N", "Scan only the K-th of N deterministic parts (by file, or by entry blocks of one file)."),
            .value("sla", "DURATION", "Count and list exchanges slower than this (e.g. 800ms, 2s)."),
            .value("fail-on", "LEVEL", "Exit 1 when a finding is at least: error (default), warning, or never."),
            .flag("strict", "Also report fields the schema does not declare (as warnings)."),
            .repeatable("match", "'METHOD /prefix'", "Only exchanges with this method and path prefix."),
            .repeatable("status", "CODE", "Only exchanges with this status (404, 4xx, 5xx); repeatable."),
            .value("webhook-secret", "SECRET", "Verify Stripe-Signature on webhook deliveries (or DIAGNOSE_WEBHOOK_SECRET)."),
            .repeatable("disable", "RULE", "Do not report this rule id; repeatable."),
            .repeatable("rules", "FILE", "Load custom rules from a rule pack (YAML or JSON; see docs/rule-packs.md); repeatable."),
            .flag("quiet", short: "q", "No progress line on standard error."),
            LanguageOption.option,
            .value("kb-base-url", "URL", "Base URL of knowledge-base links."),
            .flag("show-secrets", "Do not redact API keys, tokens and cookies in the output."),
            ColorChoice.option,
        ] + LimitOptions.options,
        discussion: """
            EXAMPLES:
              diagnose scan --spec spec3.json dumps/ --format html -o report.html --format sarif -o scan.sarif
              zcat today.ndjson.gz | diagnose scan --spec spec3.json - --format ndjson | jq .
              diagnose scan --shard 2/8 --format partial -o part2.json dumps/   # then: diagnose merge part*.json

            EXIT STATUS: 0 no finding at or above --fail-on, 1 findings, 2 an input could not be read, 64 usage error.
            """)

    static func run(_ arguments: ParsedArguments) throws -> ExitStatus {
        guard !arguments.positionals.isEmpty else { throw UsageError(message: "missing PATH", command: spec) }
        let outputs = try ReportOutputs.parse(arguments, spec: spec, inputs: arguments.positionals)
        let failOn = try FailOn.parse(arguments.value("fail-on"), spec: spec)
        var check = CheckOptions()
        check.strict = arguments.flag("strict")
        check.language = try LanguageOption.resolve(arguments, spec: spec)
        if let base = arguments.value("kb-base-url") { check.kbBaseURL = base.hasSuffix("/") ? base : base + "/" }
        check.redactor = Redactor(showSecrets: arguments.flag("show-secrets"))
        check.disabledRules = Set(arguments.values("disable"))
        try LimitOptions.apply(arguments, to: &check, spec: spec)

        var options = ScanOptions()
        options.selection = try TrafficOptions.selection(arguments, spec: spec)
        if let jobs = arguments.value("jobs") {
            guard let n = Int(jobs), n > 0 else { throw UsageError(message: "invalid value '\(jobs)' for '--jobs'; expected a positive integer", command: spec) }
            options.jobs = n
        }
        if let shard = arguments.value("shard") {
            let parts = shard.split(separator: "/")
            guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), n >= 1, k >= 1, k <= n else {
                throw UsageError(message: "invalid value '\(shard)' for '--shard'; expected K/N with 1 ≤ K ≤ N", command: spec)
            }
            options.shard = (k, n)
        }
        if let sla = arguments.value("sla") {
            guard let ms = Duration.milliseconds(sla) else {
                throw UsageError(message: "invalid value '\(sla)' for '--sla'; expected a duration such as 800ms or 2s", command: spec)
            }
            options.sla = ms
        }
        let specs = try SpecOptions.load(arguments, options: check, spec: spec)
        var settings = IntegrationRules.Settings()
        settings.webhookSecret = arguments.value("webhook-secret") ?? ProcessEnvironment.get("DIAGNOSE_WEBHOOK_SECRET")
        var rules = IntegrationRules.builtIn(settings)
        rules.disabled = check.disabledRules
        for path in arguments.values("rules") { rules = try rules.adding(RulePack.load(path: path)) }

        let useColor = try ColorChoice.resolve(arguments)
        let render = RenderOptions.catalog(language: check.language, kbBaseURL: check.kbBaseURL, color: useColor)
        let sqlite = try arguments.value("sqlite").map { path throws in
            try ReportOutputs.refuseInput(path, inputs: arguments.positionals)
            return try SQLiteReportWriter(path: path, inputs: arguments.positionals)
        }
        let ndjson = outputs.first { $0.format == .ndjson }
        let ndjsonSink = try ndjson.map { try OutputSink(path: $0.path) }
        var sqliteError: DiagnoseFailure?
        let progress = ProgressLine(enabled: !arguments.flag("quiet") && Console.err.isTerminal)

        let pipeline = ScanPipeline(specs: specs, check: check, rules: rules, options: options)
        var outcome = pipeline.run(
            arguments.positionals,
            onRecord: { record in
                if let sink = ndjsonSink {
                    for finding in record.findings { sink.write(FindingJSON.write(finding) + "\n") }
                }
                if let sqlite, sqliteError == nil {
                    do throws(DiagnoseFailure) { try sqlite.add(record) } catch { sqliteError = error }
                }
            },
            onLateFinding: { finding in ndjsonSink?.write(FindingJSON.write(finding) + "\n") },
            onProgress: { progress.show($0) })
        progress.clear()

        // Sorted and trimmed in place, once, before any output (normalizing a shared copy per format duplicated the
        // kept findings and rows at the scan's end: its peak memory).
        outcome.report.normalize()
        for problem in specs.problems + outcome.problems {
            Console.warning("\(problem.location.map { "\($0): " } ?? "")\(problem.message)")
        }
        if let sink = ndjsonSink {
            sink.write(ReportRenderer.ndjsonSummaryLine(outcome.report, options: render) + "\n")
            sink.close()
        }
        for output in outputs where output.format != .ndjson {
            let sink = try OutputSink(path: output.path)
            sink.write(ReportRenderer.render(outcome.report, format: output.format, options: render))
            sink.close()
        }
        if let sqlite {
            if let sqliteError { throw sqliteError }
            try sqlite.finish(options: render)
        }
        for failure in outcome.failures { Console.error(failure.description, help: failure.help) }
        if !outcome.failures.isEmpty { return .failure }
        guard let failOn else { return .ok }
        return outcome.report.hasFindings(atOrAbove: failOn) ? .findings : .ok
    }
}

/// `diagnose merge`: combines partial reports of sharded scans.
enum MergeCommand: Command {
    static let spec = CommandSpec(
        name: "merge",
        abstract: "Merge partial reports of sharded scans into the reports a single scan would give.",
        arguments: [.init(name: "PARTIAL", help: "Files written by 'diagnose scan --format partial'.", repeating: true)],
        options: [
            .repeatable("format", short: "f", "FORMAT", "text (default), json, ndjson, markdown, sarif, junit, html or partial; repeatable."),
            .repeatable("output", short: "o", "FILE", "Write the corresponding --format to FILE (in order)."),
            .value("fail-on", "LEVEL", "Exit 1 when a finding is at least: error (default), warning, or never."),
            LanguageOption.option,
            .value("kb-base-url", "URL", "Base URL of knowledge-base links."),
            ColorChoice.option,
        ])

    static func run(_ arguments: ParsedArguments) throws -> ExitStatus {
        guard !arguments.positionals.isEmpty else { throw UsageError(message: "missing PARTIAL", command: spec) }
        let outputs = try ReportOutputs.parse(arguments, spec: spec, inputs: arguments.positionals)
        let failOn = try FailOn.parse(arguments.value("fail-on"), spec: spec)
        let language = try LanguageOption.resolve(arguments, spec: spec)
        let base = arguments.value("kb-base-url").map { $0.hasSuffix("/") ? $0 : $0 + "/" } ?? KnowledgeBase.defaultBaseURL
        let render = RenderOptions.catalog(language: language, kbBaseURL: base, color: try ColorChoice.resolve(arguments))
        var report = try ScanReport.mergingPartials(at: arguments.positionals)
        report.normalize()
        for output in outputs {
            let sink = try OutputSink(path: output.path)
            sink.write(ReportRenderer.render(report, format: output.format, options: render))
            sink.close()
        }
        guard let failOn else { return .ok }
        return report.hasFindings(atOrAbove: failOn) ? .findings : .ok
    }
}

/// Pairs `--format` with `-o` in order.
enum ReportOutputs {
    struct Output {
        var format: ReportFormat
        var path: String?
    }

    static func parse(_ arguments: ParsedArguments, spec: CommandSpec, inputs: [String]) throws -> [Output] {
        var formats: [ReportFormat] = []
        for raw in arguments.values("format") {
            guard let format = ReportFormat(rawValue: raw) else {
                throw UsageError(
                    message: "invalid value '\(raw)' for '--format'; expected \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", "))",
                    command: spec)
            }
            formats.append(format)
        }
        if formats.isEmpty { formats = [.text] }
        let paths = arguments.values("output")
        guard paths.count <= formats.count else {
            throw UsageError(message: "more -o files (\(paths.count)) than --format values (\(formats.count))", command: spec)
        }
        let outputs = formats.enumerated().map { Output(format: $1, path: $0 < paths.count ? paths[$0] : nil) }
        if outputs.filter({ $0.path == nil }).count > 1 {
            throw UsageError(message: "several formats would go to standard output; give each but one an -o FILE", command: spec)
        }
        for output in outputs { if let path = output.path { try refuseInput(path, inputs: inputs) } }
        return outputs
    }

    /// Refuses to write a report over one of the inputs.
    static func refuseInput(_ path: String, inputs: [String]) throws(DiagnoseFailure) {
        let target = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
        for input in inputs where URL(fileURLWithPath: input).standardizedFileURL.resolvingSymlinksInPath().path == target {
            throw DiagnoseFailure("refusing to write '\(path)': it is one of the inputs", help: "choose another output file")
        }
    }
}

/// Where a report goes: a file (created with the user's umask) or standard output.
final class OutputSink {
    private let handle: FileHandle?

    init(path: String?) throws(DiagnoseFailure) {
        guard let path, path != "-" else {
            handle = nil
            return
        }
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw DiagnoseFailure("cannot write '\(path)'", help: "check that the folder exists and is writable")
        }
        self.handle = handle
    }

    func write(_ text: String) {
        if let handle { handle.write(Data(text.utf8)) } else { Console.out.write(text) }
    }

    func close() {
        if let handle { try? handle.close() } else { Console.out.flush() }
    }
}

/// The progress line on a terminal: files, exchanges, MB, MB/s, findings, ETA.
final class ProgressLine {
    let enabled: Bool
    init(enabled: Bool) { self.enabled = enabled }

    func show(_ p: ScanProgress) {
        guard enabled else { return }
        let mb = Double(p.bytes.done) / 1_000_000
        let rate = p.elapsed > 0 ? mb / p.elapsed : 0
        var eta = ""
        if rate > 0, p.bytes.total > p.bytes.done {
            eta = String(format: ", ETA %.0fs", (Double(p.bytes.total - p.bytes.done) / 1_000_000) / rate)
        }
        let line = String(format: "\r\u{1B}[2Kfiles %d/%d, %d exchanges, %.1f MB, %.1f MB/s, %d findings%@",
                          p.files.done, p.files.total, p.exchanges, mb, rate, p.findings, eta)
        Console.err.write(line)
        Console.err.flush()
    }

    func clear() {
        guard enabled else { return }
        Console.err.write("\r\u{1B}[2K")
        Console.err.flush()
    }
}

/// `800ms`, `2s`, `1.5s`, `250` (milliseconds).
enum Duration {
    static func milliseconds(_ text: String) -> Double? {
        if text.hasSuffix("ms") { return Double(text.dropLast(2)).flatMap { $0 >= 0 ? $0 : nil } }
        if text.hasSuffix("s") { return Double(text.dropLast()).flatMap { $0 >= 0 ? $0 * 1000 : nil } }
        return Double(text).flatMap { $0 >= 0 ? $0 : nil }
    }
}
