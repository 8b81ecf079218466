/// One exchange's outcome in a `check` run.
public struct ExchangeResult: Sendable {
    /// The exchange (bodies decoded lazily; kept for snippets in text output).
    public var exchange: Exchange
    /// The spec it was checked against, or nil when no spec fits its host.
    public var specPath: String?
    /// Its findings, in the order found.
    public var findings: [Finding]

    /// Creates a result.
    public init(exchange: Exchange, specPath: String?, findings: [Finding]) {
        self.exchange = exchange
        self.specPath = specPath
        self.findings = findings
    }
}

/// Everything a `check` run produced, in input order.
public struct CheckResults: Sendable {
    /// Per-exchange results, in input order.
    public var exchanges: [ExchangeResult] = []
    /// Problems reading traces (malformed entries, unknown curl options) and loading specs.
    public var problems: [Diagnostic] = []
    /// Files that could not be read at all.
    public var failures: [DiagnoseFailure] = []

    /// Empty results.
    public init() {}

    /// Every finding, in exchange order.
    public var findings: [Finding] { exchanges.flatMap(\.findings) }

    /// Count of findings at each severity.
    public func count(_ severity: Diagnostic.Severity) -> Int {
        exchanges.reduce(0) { $0 + $1.findings.filter { $0.severity == severity }.count }
    }

    /// Whether any finding is at or above `threshold`.
    public func hasFindings(atOrAbove threshold: Diagnostic.Severity) -> Bool {
        exchanges.contains { $0.findings.contains { $0.severity >= threshold } }
    }
}

/// Runs `check` over trace files: reads each (streaming), picks the spec per exchange, runs the spec checks and
/// the integration rules, and collects results in input order. Cross-exchange rules see every exchange in input
/// order (recordings are in time order) and attach each finding to the exchange it names.
public struct CheckRun: Sendable {
    /// The specs.
    public var specs: SpecSet
    /// Options for the spec checks.
    public var options: CheckOptions
    /// Which entries to read.
    public var selection: TraceSelection
    /// Integration rules (per exchange and across exchanges).
    public var rules: IntegrationRules

    /// Creates a run.
    public init(specs: SpecSet, options: CheckOptions, selection: TraceSelection = .init(), rules: IntegrationRules) {
        self.specs = specs
        self.options = options
        self.selection = selection
        self.rules = rules
    }

    /// Checks the traces named by `arguments` (`FILE`, `FILE#N`, `FILE#N-M`, `-`).
    public func run(_ arguments: [String]) -> CheckResults {
        var results = CheckResults()
        results.problems = specs.problems
        var stream = rules.makeStream(options: options)
        for argument in arguments {
            let path: String
            var selection = self.selection
            do {
                let split = try TraceSelection.splitPath(argument)
                path = split.path
                if let entries = split.entries { selection.entries = entries }
            } catch {
                results.failures.append(error)
                continue
            }
            let reader: TraceReader
            do {
                reader = try TraceReader(path: path, options: .init(selection: selection))
            } catch {
                results.failures.append(error)
                continue
            }
            for item in reader {
                switch item {
                case .problem(let diagnostic):
                    results.problems.append(diagnostic)
                case .exchange(let recorded):
                    let exchange = recorded.withDecodedBodies  // checks and rules share the decoded bytes
                    let entry = specs.entry(for: exchange.request)
                    let outcome = entry?.checker.evaluate(exchange)
                    let context = RuleContext(
                        exchange: exchange, spec: entry?.checker, route: outcome?.route, routed: true, options: options)
                    var findings = outcome?.findings ?? []
                    findings += rules.check(context)
                    let index = results.exchanges.count
                    // Exchanges without findings keep their headers only: their bodies are never shown.
                    results.exchanges.append(
                        ExchangeResult(
                            exchange: findings.isEmpty ? exchange.withoutBodies : recorded, specPath: entry?.path,
                            findings: findings))
                    for (target, finding) in stream.observeNow(context, index: index) where target < results.exchanges.count {
                        results.exchanges[target].findings.append(finding)
                    }
                }
            }
        }
        for (index, finding) in stream.finishNow() where index < results.exchanges.count {
            results.exchanges[index].findings.append(finding)
        }
        return results
    }
}
