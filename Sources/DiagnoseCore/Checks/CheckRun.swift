import Foundation

/// One exchange's outcome in a `check` run.
public struct ExchangeResult: Sendable {
    /// The exchange: headers, timings and source; a body only where one of `findings` points into it (for the text
    /// output's snippets), decoded and detached from the recorded entry.
    public var exchange: Exchange {
        get { held.exchange }
        set {
            if isKnownUniquelyReferenced(&held) { held.exchange = newValue } else { held = Held(newValue) }
        }
    }
    /// The spec it was checked against, or nil when no spec fits its host.
    public var specPath: String?
    /// Its findings, in the order found.
    public var findings: [Finding]
    /// The exchange behind one reference (copied on write): an `Exchange` is some 600 bytes inline, and a run's
    /// array of results grew by doubling, copying every result into newly touched memory each time (a fifth of
    /// the page faults of a 20,000-exchange `check`).
    private var held: Held

    private final class Held: @unchecked Sendable {
        var exchange: Exchange
        init(_ exchange: Exchange) { self.exchange = exchange }
    }

    /// Creates a result.
    public init(exchange: Exchange, specPath: String?, findings: [Finding]) {
        self.held = Held(exchange)
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
        // Indexed, not `reduce`: the closure form copied every result (and retained all it holds).
        var total = 0
        for i in exchanges.indices {
            for finding in exchanges[i].findings where finding.severity == severity { total += 1 }
        }
        return total
    }

    /// Whether any finding is at or above `threshold`.
    public func hasFindings(atOrAbove threshold: Diagnostic.Severity) -> Bool {
        exchanges.contains { $0.findings.contains { $0.severity >= threshold } }
    }
}

/// Runs `check` over trace files: reads each (streaming), picks the spec per exchange, runs the spec checks and
/// the integration rules, and collects results in input order. Cross-exchange rules see every exchange in input
/// order (recordings are in time order) and attach each finding to the exchange it names.
///
/// With more than one job, a reader thread hands batches of exchanges to worker threads and the calling thread
/// puts their results back in input order (the same machinery as `scan`); the results are identical to a
/// one-job run.
public struct CheckRun: Sendable {
    /// The specs.
    public var specs: SpecSet
    /// Options for the spec checks.
    public var options: CheckOptions
    /// Which entries to read.
    public var selection: TraceSelection
    /// Integration rules (per exchange and across exchanges).
    public var rules: IntegrationRules
    /// Worker threads (default: all cores); 1 checks on the calling thread.
    public var jobs: Int = ProcessInfo.processInfo.activeProcessorCount
    /// Exchanges per unit of work handed to a worker.
    public var batchSize: Int = 256

    /// Creates a run.
    public init(specs: SpecSet, options: CheckOptions, selection: TraceSelection = .init(), rules: IntegrationRules) {
        self.specs = specs
        self.options = options
        self.selection = selection
        self.rules = rules
    }

    /// What the reader produces, in input order.
    enum Input: Sendable {
        case exchange(Exchange)
        case problem(Diagnostic)
        case failure(DiagnoseFailure)
    }

    /// What a worker makes of an input.
    enum Output: Sendable {
        case exchange(ExchangeResult, RuleContext)
        case problem(Diagnostic)
        case failure(DiagnoseFailure)
    }

    /// Checks the traces named by `arguments` (`FILE`, `FILE#N`, `FILE#N-M`, `-`).
    public func run(_ arguments: [String]) -> CheckResults {
        var results = CheckResults()
        results.problems = specs.problems
        var stream = rules.makeStream(options: options)
        func collect(_ output: consuming Output, _ returns: ReaderReturns? = nil) {
            switch consume output {
            case .problem(let diagnostic):
                results.problems.append(diagnostic)
            case .failure(let failure):
                results.failures.append(failure)
            case .exchange(let result, let context):
                let index = results.exchanges.count
                results.exchanges.append(consume result)  // moved: a copy retained every string and array it holds
                for (target, finding) in stream.observeNow(context, index: index) where target < results.exchanges.count {
                    results.exchanges[target].findings.append(finding)
                }
                // The context is the parsed entry's last holder: the reader that made it frees it.
                if let returns, let entry = context.exchange.record?.document { returns.add(entry) }
            }
        }
        if jobs <= 1 {
            read(arguments) { input, _ in collect(process(input)) }
        } else {
            let run = self
            OrderedWork.run(
                jobs: jobs, batchSize: batchSize, produce: { emit, _ in run.read(arguments, emit) },
                process: { run.process($0) },
                consume: { outputs, returns in
                    for i in outputs.indices { if let output = outputs[i].take() { collect(output, returns) } }
                })
        }
        for (index, finding) in stream.finishNow() where index < results.exchanges.count {
            results.exchanges[index].findings.append(finding)
        }
        return results
    }

    /// Reads every argument in order and passes on what it holds, with each exchange's `WorkGroup`.
    func read(_ arguments: [String], _ emit: (consuming Input, _ group: UInt64) -> Void) {
        for argument in arguments {
            let path: String
            var selection = self.selection
            do {
                let split = try TraceSelection.splitPath(argument)
                path = split.path
                if let entries = split.entries { selection.entries = entries }
            } catch {
                emit(.failure(error), 0)
                continue
            }
            let reader: TraceReader
            do {
                reader = try TraceReader(path: path, options: .init(selection: selection))
            } catch {
                emit(.failure(error), 0)
                continue
            }
            for item in reader {
                // Consumed: the exchange moves into the input instead of being copied (a retain of every string
                // and array it holds) and then released with the item.
                switch consume item {
                case .problem(let diagnostic): emit(.problem(diagnostic), 0)
                case .exchange(let exchange):
                    let group = WorkGroup.of(exchange.request)
                    emit(.exchange(exchange), group)
                }
            }
        }
    }

    /// Checks one exchange: spec checks and per-exchange rules (any thread).
    func process(_ input: consuming Input) -> Output {
        switch consume input {
        case .problem(let diagnostic): return .problem(diagnostic)
        case .failure(let failure): return .failure(failure)
        case .exchange(var exchange):
            // Changed in place, not copied: checks and rules share the decoded bytes, and the result keeps them.
            exchange.decodeBodies()
            let entry = specs.entry(for: exchange.request)
            let (findings, context) = rules.evaluate(exchange, spec: entry?.checker, options: options)
            // Results keep their headers, and a body only where a finding points into it (the text output quotes
            // that field): a body read from a HAR entry holds the whole entry.
            if findings.isEmpty { exchange.dropBodies() } else { exchange.keepBodies(pointedAtBy: findings) }
            let result = ExchangeResult(exchange: consume exchange, specPath: entry?.path, findings: findings)
            return .exchange(result, context)
        }
    }
}
