import DiagnoseCore

/// `diagnose redact IN [-o OUT]`: a sanitised copy of a trace, in the same format, to attach to a ticket.
enum RedactCommand: Command {
    static let spec = CommandSpec(
        name: "redact",
        abstract: "Write a copy of a trace with API keys, tokens, cookies and secret fields redacted, in the same format.",
        arguments: [.init(name: "IN", help: "A HAR, NDJSON log, raw HTTP or curl -v transcript, or curl command file; '-' reads standard input.")],
        options: [
            .value("output", short: "o", "OUT", "Where to write the copy (default: standard output). Never the input itself."),
        ],
        discussion: """
            Secrets keep what diagnosis needs: sk_test_… becomes sk_test_[redacted:4f2a] (kind, mode and a short digest
            so equal keys stay recognisably equal); a bearer JWT keeps its alg, exp and iat, never its signature.
            A HAR stays valid HAR with the same number of entries.

            EXIT STATUS: 0 written, 2 the input could not be read or the output not written, 64 usage error.
            """)

    static func run(_ arguments: ParsedArguments) throws -> ExitStatus {
        guard arguments.positionals.count == 1 else {
            throw UsageError(message: arguments.positionals.isEmpty ? "missing IN" : "expected one IN, got \(arguments.positionals.count)", command: spec)
        }
        Console.out.flush()
        let summary = try TraceRedaction.redactFile(input: arguments.positionals[0], output: arguments.value("output") ?? "-")
        for problem in summary.problems {
            Console.warning("\(problem.location.map { "\($0): " } ?? "")\(problem.message)")
        }
        if let out = arguments.value("output"), out != "-" {
            Console.err.line("diagnose: wrote \(summary.written) redacted \(summary.written == 1 ? "entry" : "entries") to \(out)")
        }
        return .ok
    }
}

/// `diagnose curl FILE#N`: a runnable curl command reproducing a recorded request, secrets as variables.
enum CurlExportCommand: Command {
    static let spec = CommandSpec(
        name: "curl",
        abstract: "Print a copy-pasteable curl command that reproduces a recorded request exactly, secrets as environment variables.",
        arguments: [.init(name: "TRACE#N", help: "The trace and the entry (1-based); without #N, every request of the trace.")],
        options: [
            .flag("show-secrets", "Put the recorded secrets in the command instead of environment variables."),
        ],
        discussion: "EXIT STATUS: 0 printed, 2 the trace could not be read or has no such entry, 64 usage error.")

    static func run(_ arguments: ParsedArguments) throws -> ExitStatus {
        guard arguments.positionals.count == 1 else {
            throw UsageError(message: arguments.positionals.isEmpty ? "missing TRACE#N" : "expected one TRACE#N", command: spec)
        }
        let (path, entries) = try TraceSelection.splitPath(arguments.positionals[0])
        let reader = try TraceReader(path: path, options: .init(selection: TraceSelection(entries: entries)))
        let redactor = Redactor(showSecrets: arguments.flag("show-secrets"))
        var printed = 0
        for item in reader {
            switch item {
            case .exchange(let exchange):
                if printed > 0 { Console.out.line() }
                Console.out.line("# \(exchange.source.file)#\(exchange.source.entry)")
                Console.out.line(CurlCommand.render(exchange.request, redactor: redactor))
                printed += 1
            case .problem(let problem):
                Console.warning("\(problem.location.map { "\($0): " } ?? "")\(problem.message)")
            }
        }
        guard printed > 0 else {
            throw DiagnoseFailure(
                "no request \(entries.map { "at entry \($0.lowerBound == $0.upperBound ? "\($0.lowerBound)" : "\($0)")" } ?? "") in '\(path)'",
                help: "entries are numbered from 1; 'diagnose scan \(path)' shows how many there are")
        }
        return .ok
    }
}
