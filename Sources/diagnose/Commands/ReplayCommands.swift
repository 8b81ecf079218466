import DiagnoseCore
import Foundation

/// Reads the exchanges named by `FILE#N` arguments, in order.
enum ExchangeArguments {
    static func read(_ arguments: [String]) throws -> [Exchange] {
        var exchanges: [Exchange] = []
        for argument in arguments {
            let (path, entries) = try TraceSelection.splitPath(argument)
            let before = exchanges.count
            for item in try TraceReader(path: path, options: .init(selection: TraceSelection(entries: entries))) {
                switch item {
                case .exchange(let exchange): exchanges.append(exchange)
                case .problem(let problem): Console.warning("\(problem.location.map { "\($0): " } ?? "")\(problem.message)")
                }
            }
            if exchanges.count == before {
                throw DiagnoseFailure("no exchange at '\(argument)'", help: "entries are numbered from 1; 'diagnose scan \(path)' shows how many there are")
            }
        }
        return exchanges
    }
}

/// `diagnose replay TRACE#N…`: re-sends recorded requests through libcurl and compares the responses.
enum ReplayCommand: Command {
    static let spec = CommandSpec(
        name: "replay",
        abstract: "Re-send recorded requests through libcurl, exactly as recorded, and compare the new responses with the old.",
        arguments: [.init(name: "TRACE#N", help: "Recorded exchanges to replay, in order (FILE#N, FILE#N-M, or a whole file).", repeating: true)],
        options: [
            .value("target", "URL", "Send to this scheme://host:port/base instead (e.g. a local mock)."),
            .repeatable("header", short: "H", "'Name: value'", "Override or add a header ('Name:' removes it); repeatable."),
            .repeatable("secret-env", "NAME", "Fill redacted credentials from this environment variable (default STRIPE_API_KEY)."),
            .value("timeout", "SECONDS", "Whole-request timeout (default 30)."),
            .value("connect-timeout", "SECONDS", "Connection timeout (default 10)."),
            .value("cacert", "FILE", "Trust this CA certificate (PEM)."),
            .flag("insecure", short: "k", "Do not verify the server's certificate (warned)."),
            .flag("http1.1", "Use HTTP/1.1."),
            .flag("http2", "Use HTTP/2."),
            .value("repeat", "N", "Send each request N times and report latency (min, median, p95, max)."),
            .flag("allow-unsafe", "Allow POST, PATCH and DELETE without an Idempotency-Key."),
            .flag("allow-live", "Allow live-mode keys (sk_live_, rk_live_)."),
            .flag("follow", "Follow redirects (never carrying credentials to another host)."),
            .flag("dry-run", "Print what would be sent (redacted) and the equivalent curl command; send nothing."),
            .repeatable("ignore", "POINTER", "Ignore this JSON pointer in the body diff (* matches one token); repeatable."),
            .repeatable("spec", short: "s", "SPEC", "Also check the new responses against this spec."),
            .value("format", short: "f", "FORMAT", "text (default), json or markdown."),
        ],
        discussion: """
            EXAMPLES:
              STRIPE_API_KEY=sk_test_… diagnose replay ticket.har#3
              diagnose replay ticket.har#3 --target http://localhost:12111 --repeat 100
              diagnose replay ticket.har#1-4 --dry-run

            EXIT STATUS: 0 the responses match the recorded ones (volatile values ignored), 1 they differ or the spec
            check fails, 2 a request could not be sent (transport failure or a safety refusal), 64 usage error.
            """)

    static func run(_ arguments: ParsedArguments) throws -> ExitStatus {
        guard !arguments.positionals.isEmpty else { throw UsageError(message: "missing TRACE#N", command: spec) }
        let format = try CheckCommand.choice(arguments, "format", default: ReplayReport.Format.text)
        var options = ReplayOptions()
        options.target = arguments.value("target")
        for header in arguments.values("header") {
            guard let parsed = ReplayHeader(parsing: header) else {
                throw UsageError(message: "invalid value '\(header)' for '-H'; expected 'Name: value'", command: spec)
            }
            options.headerOverrides.append(parsed)
        }
        if !arguments.values("secret-env").isEmpty { options.secretEnvironmentNames = arguments.values("secret-env") }
        if let t = arguments.value("timeout") { options.timeoutSeconds = try seconds(t, "timeout") }
        if let t = arguments.value("connect-timeout") { options.connectTimeoutSeconds = try seconds(t, "connect-timeout") }
        options.caCertificatePath = arguments.value("cacert")
        options.insecure = arguments.flag("insecure")
        if arguments.flag("http1.1") && arguments.flag("http2") {
            throw UsageError(message: "'--http1.1' and '--http2' exclude each other", command: spec)
        }
        if arguments.flag("http1.1") { options.httpVersion = .http1_1 }
        if arguments.flag("http2") { options.httpVersion = .http2 }
        if let n = arguments.value("repeat") {
            guard let count = Int(n), count >= 1, count <= 100_000 else {
                throw UsageError(message: "invalid value '\(n)' for '--repeat'; expected 1 to 100000", command: spec)
            }
            options.repeatCount = count
        }
        options.allowUnsafe = arguments.flag("allow-unsafe")
        options.allowLive = arguments.flag("allow-live")
        options.followRedirects = arguments.flag("follow")
        options.dryRun = arguments.flag("dry-run")
        var compare = ResponseComparison.Options()
        for pointer in arguments.values("ignore") {
            do throws(JSONPointer.ParseError) { compare.json.ignore.append(try PointerPattern(parsing: pointer)) } catch {
                throw UsageError(message: "invalid value '\(pointer)' for '--ignore': \(error.reason)", command: spec)
            }
        }
        if options.insecure { Console.warning("--insecure: the server's certificate is not verified") }

        let exchanges = try ExchangeArguments.read(arguments.positionals)
        let outcomes = Replayer.replay(
            requests: exchanges.map { ReplayRequest($0.request) }, options: options, transport: CurlTransport())
        let recorded = exchanges.map { $0.response.map(ReplayResponse.init) }
        Console.out.write(ReplayReport.render(outcomes, recorded: recorded, compareOptions: compare, format: format))

        var status = ExitStatus.ok
        // The new responses against the spec, when one is given.
        if !arguments.values("spec").isEmpty {
            let specs = try SpecSet.load(paths: arguments.values("spec"), checkOptions: CheckOptions())
            var results = CheckResults()
            for (outcome, exchange) in zip(outcomes, exchanges) {
                guard let response = outcome.response else { continue }
                let replayed = Exchange(replayed: outcome.sent ?? outcome.recorded, response: response, source: exchange.source)
                let findings = specs.entry(for: replayed.request)?.checker.check(replayed) ?? []
                results.exchanges.append(ExchangeResult(exchange: replayed, specPath: specs.entries.first?.path, findings: findings))
            }
            if !results.findings.isEmpty {
                Console.out.line()
                Console.out.write(CheckRenderer(color: false).render(results, format: format == .json ? .json : format == .markdown ? .markdown : .text))
                if results.hasFindings(atOrAbove: Diagnostic.Severity.error) { status = .findings }
            }
        }
        for (outcome, old) in zip(outcomes, recorded) {
            switch outcome.result {
            case .failed, .refused: return .failure
            case .dryRun: continue
            case .response(let new):
                if let old, !ResponseComparison.compare(recorded: old, replayed: new, options: compare).isEqual { status = .findings }
            }
        }
        return status
    }

    static func seconds(_ text: String, _ option: String) throws(UsageError) -> Double {
        guard let value = Double(text), value > 0 else {
            throw UsageError(message: "invalid value '\(text)' for '--\(option)'; expected a number of seconds", command: spec)
        }
        return value
    }
}

/// `diagnose compare A B`: a working call beside a failing one, differences ranked by how likely they explain it.
enum CompareCommand: Command {
    static let spec = CommandSpec(
        name: "compare",
        abstract: "Put a working call beside a failing one and rank the differences by how likely they explain the failure.",
        arguments: [
            .init(name: "GOOD", help: "The working exchange (FILE#N)."),
            .init(name: "BAD", help: "The failing exchange (FILE#N)."),
        ],
        options: [
            .repeatable("spec", short: "s", "SPEC", "Check both against this spec; findings on one side only rank first."),
            .value("format", short: "f", "FORMAT", "text (default), json or markdown."),
            .flag("show-secrets", "Do not redact values."),
        ],
        discussion: "EXIT STATUS: 0 no difference, 1 differences found, 2 an input could not be read, 64 usage error.")

    static func run(_ arguments: ParsedArguments) throws -> ExitStatus {
        guard arguments.positionals.count == 2 else {
            throw UsageError(message: "expected GOOD and BAD, got \(arguments.positionals.count) argument\(arguments.positionals.count == 1 ? "" : "s")", command: spec)
        }
        let format = try CheckCommand.choice(arguments, "format", default: CheckRenderer.Format.text)
        let exchanges = try ExchangeArguments.read([arguments.positionals[0]]).prefix(1) + ExchangeArguments.read([arguments.positionals[1]]).prefix(1)
        let good = exchanges[exchanges.startIndex], bad = exchanges[exchanges.startIndex + 1]
        var goodFindings: [Finding] = [], badFindings: [Finding] = []
        var options = CheckOptions()
        options.redactor = Redactor(showSecrets: arguments.flag("show-secrets"))
        let specs = arguments.values("spec").isEmpty ? SpecSet.empty : try SpecSet.load(paths: arguments.values("spec"), checkOptions: options)
        let rules = IntegrationRules.builtIn()
        for (exchange, isGood) in [(good, true), (bad, false)] {
            let entry = specs.entry(for: exchange.request)
            let findings = rules.evaluate(exchange, spec: entry?.checker, options: options).findings
            if isGood { goodFindings = findings } else { badFindings = findings }
        }
        let comparison = ExchangeComparison(good: good, bad: bad, goodFindings: goodFindings, badFindings: badFindings, redactor: options.redactor)
        Console.out.write(render(comparison, good: arguments.positionals[0], bad: arguments.positionals[1], format: format))
        return comparison.differences.isEmpty ? .ok : .findings
    }

    static func render(_ c: ExchangeComparison, good: String, bad: String, format: CheckRenderer.Format) -> String {
        let q = JSONSerializer.quote
        switch format {
        case .json:
            let items = c.differences.map { d in
                "{\"kind\":\(q(d.kind)),\"location\":\(q(d.location)),\"good\":\(d.good.map(q) ?? "null"),\"bad\":\(d.bad.map(q) ?? "null"),\"rank\":\(d.rank),\"summary\":\(q(d.summary))}"
            }
            return "{\"version\":1,\"good\":\(q(good)),\"bad\":\(q(bad)),\"differences\":[" + items.joined(separator: ",") + "]}\n"
        case .markdown:
            var out = "### \(good) (works) vs \(bad) (fails)\n\n"
            if c.differences.isEmpty { return out + "No differences that matter.\n" }
            out += "| # | difference | works | fails |\n| --- | --- | --- | --- |\n"
            for (i, d) in c.differences.enumerated() {
                out += "| \(i + 1) | \(cell(d.summary)) | \(cell(d.good ?? "–")) | \(cell(d.bad ?? "–")) |\n"
            }
            return out
        case .text:
            var out = "\(good) works, \(bad) fails. Differences, most likely cause first:\n"
            if c.differences.isEmpty { return out + "  none that matter\n" }
            for (i, d) in c.differences.enumerated() {
                out += "  \(i + 1). \(d.summary)\n     at \(d.location)\n"
                if d.kind != "finding" && d.kind != "response" {
                    out += "     works: \(d.good ?? "(absent)")\n     fails: \(d.bad ?? "(absent)")\n"
                }
            }
            return out
        }
    }

    static func cell(_ s: String) -> String {
        "`" + s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "`", with: "'").replacingOccurrences(of: "\n", with: " ") + "`"
    }
}
