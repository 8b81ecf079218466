/*
 `diagnose scan`: stream every exchange of every input through the checks on all cores, in bounded memory, with
 output in input order.

     reader thread ──batches of 256 exchanges──► worker pool (spec checks + per-exchange rules)
                                                        │ results by batch number
     main thread ◄──────────── reorder ─────────────────┘
        │  per file: cross-exchange rules in input order (streaming), hold window for their findings
        └► records in input order: ScanReport, NDJSON findings as found, SQLite rows

 At most `2 × jobs` batches are in flight, and the hold window keeps the last `holdWindow` records of a file, so
 memory does not grow with the input. Sequence numbers are `fileIndex << 32 | entry`: the same in every shard, so
 sharded scans merge into exactly the unsharded report.
*/
import Foundation
import Synchronization

/// Settings of a scan.
public struct ScanOptions: Sendable {
    /// Worker threads (default: all cores).
    public var jobs: Int = ProcessInfo.processInfo.activeProcessorCount
    /// Exchanges per unit of work.
    public var batchSize: Int = 256
    /// Records of a file held back so cross-exchange findings can attach to them.
    public var holdWindow: Int = 2_000
    /// `--shard K/N`: 1-based K of N.
    public var shard: (index: Int, count: Int)?
    /// Which entries to read.
    public var selection: TraceSelection = .init()
    /// SLA in milliseconds.
    public var sla: Double?
    /// Attach a redacted curl reproduction to the records the report keeps as examples.
    public var curlExamples: Bool = true
    /// Report limits.
    public var limits: ScanReport.Limits = .default

    /// Defaults.
    public init() {}
}

/// Progress figures, reported now and then from the main thread.
public struct ScanProgress: Sendable {
    /// Files done and in total.
    public var files: (done: Int, total: Int)
    /// Exchanges processed.
    public var exchanges: Int
    /// Bytes read (approximate within the current file) and in total.
    public var bytes: (done: Int, total: Int)
    /// Findings so far.
    public var findings: Int
    /// Seconds since the start.
    public var elapsed: Double
}

/// What a scan produced besides the report.
public struct ScanOutcome: Sendable {
    /// The summary report.
    public var report: ScanReport
    /// Problems reading inputs (malformed entries and the like).
    public var problems: [Diagnostic]
    /// Inputs that could not be read at all.
    public var failures: [DiagnoseFailure]
    /// Input bytes.
    public var bytes: Int
    /// Wall time in seconds.
    public var seconds: Double
}

/// Runs a scan.
public struct ScanPipeline: Sendable {
    /// The specs.
    public var specs: SpecSet
    /// Check options.
    public var check: CheckOptions
    /// Integration rules.
    public var rules: IntegrationRules
    /// Scan options.
    public var options: ScanOptions
    /// Each `Authorization` value's client, redacted once (a dump has few keys; redacting one costs a hash).
    private let clients = ClientMemo()

    /// Creates a pipeline.
    public init(specs: SpecSet, check: CheckOptions, rules: IntegrationRules, options: ScanOptions) {
        self.specs = specs
        self.check = check
        self.rules = rules
        self.options = options
    }

    /// Expands inputs: directories recursively (sorted, hidden entries skipped), glob patterns, `-`.
    public static func expand(_ inputs: [String]) -> (files: [String], failures: [DiagnoseFailure]) {
        var files: [String] = []
        var failures: [DiagnoseFailure] = []
        for input in inputs {
            if input == "-" {
                files.append(input)
            } else if input.contains(where: { "*?[".contains($0) }) && !FileSystem.exists(input) {
                let matches = Glob.expand(input)
                if matches.isEmpty {
                    failures.append(DiagnoseFailure("no file matches '\(input)'", help: "check the pattern; quote it so the shell passes it through"))
                }
                for match in matches { files += (try? FileSystem.files(under: match)) ?? [match] }
            } else if FileSystem.isDirectory(input) {
                do { files += try FileSystem.files(under: input) } catch { failures.append(error) }
            } else {
                files.append(input)
            }
        }
        return (files, failures)
    }

    /// Scans inputs.
    /// - Parameters:
    ///   - inputs: files, directories, globs, `-`.
    ///   - onRecord: called on the main thread for each exchange in input order, with its findings (for NDJSON
    ///     streaming and SQLite).
    ///   - onLateFinding: called for a finding whose exchange was already passed to `onRecord`.
    ///   - onProgress: called about ten times a second.
    /// - Returns: the report and what went wrong.
    public func run(
        _ inputs: [String], onRecord: (ExchangeRecord) -> Void = { _ in }, onLateFinding: (Finding) -> Void = { _ in },
        onProgress: (ScanProgress) -> Void = { _ in }
    ) -> ScanOutcome {
        let start = Date().timeIntervalSince1970
        var (files, failures) = ScanPipeline.expand(inputs)
        let fileIndexes = Array(files.indices)
        var entryShard: (Int, Int)?
        if let shard = options.shard, shard.count > 1 {
            if files.count > 1 {
                files = fileIndexes.filter { $0 % shard.count == shard.index - 1 }.map { files[$0] }
            } else {
                entryShard = (shard.index, shard.count)
            }
        }
        let allFiles = ScanPipeline.expand(inputs).files
        let indexOf = Dictionary(allFiles.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let totalBytes = files.reduce(0) { $0 + FileSystem.size($1) }

        let readFiles = files
        let readShard = entryShard
        let pipeline = self
        let selection = options.selection
        let produce: @Sendable ((consuming WorkItem, UInt64) -> Void, () -> Void) -> Void = { emit, flush in
            for path in readFiles {
                let fileIndex = indexOf[path] ?? 0
                emit(.fileStart(fileIndex, path), 0)
                do throws(DiagnoseFailure) {
                    let reader = try TraceReader(path: path, options: .init(selection: selection))
                    for item in reader {
                        switch consume item {  // the exchange moves on, not copied (see `CheckRun.read`)
                        case .exchange(let exchange):
                            if let (k, n) = readShard, ((exchange.source.entry - 1) / 1000) % n != k - 1 { continue }
                            let group = WorkGroup.of(exchange.request)
                            emit(.exchange(fileIndex << 32 | exchange.source.entry, exchange), group)
                        case .problem(let diagnostic):
                            emit(.problem(diagnostic), 0)
                        }
                    }
                } catch {
                    emit(.failure(error), 0)
                }
                emit(.fileEnd(FileSystem.size(path)), 0)
                flush()
            }
        }

        var report = ScanReport(sla: options.sla, limits: options.limits)
        var problems: [Diagnostic] = []
        var stream: RuleStream?
        // Held records are `held[heldStart...]`; released ones are dropped in chunks, not one `removeFirst()` (a
        // shift of the whole window) per exchange.
        var held: [(sequence: Int, record: ExchangeRecord, request: HTTPRequest?)] = []
        var heldStart = 0
        var heldCount: Int { held.count - heldStart }
        var heldIndex: [Int: Int] = [:]  // sequence → position in the window (offset by `heldBase`)
        var heldBase = 0
        var filesDone = 0
        var bytesDone = 0
        var currentOffset = 0
        var exchanges = 0
        var findingsCount = 0
        var lastProgress = 0.0

        func release(_ count: Int) {
            for _ in 0..<min(count, heldCount) {
                let (sequence, record, request) = held[heldStart]
                held[heldStart].record.findings = []  // the record lives on in the report; drop the copy's payload
                held[heldStart].request = nil
                heldStart += 1
                heldIndex[sequence] = nil
                heldBase += 1
                // The curl reproduction is rendered only for records the report keeps as examples.
                report.add(record, curl: { request.map { CurlCommand.render($0, redactor: self.check.redactor) } })
                onRecord(record)
            }
        }
        func attach(_ late: [(Int, Finding)], startedAt: [Int: Double]) {
            for (sequence, finding) in late {
                findingsCount += 1
                if let position = heldIndex[sequence] {
                    held[heldStart + position - heldBase].record.findings.append(finding)
                } else {
                    report.addLate(finding, sequence: sequence, startedAt: startedAt[sequence], ordinal: 1_000)
                    onLateFinding(finding)
                }
            }
        }

        OrderedWork.run(
            jobs: options.jobs, batchSize: options.batchSize, produce: produce, process: { pipeline.process($0) }
        ) { results, returns in
            for i in results.indices {
                // Taken out of the batch, not copied: a result holds its exchange's record and rule context.
                guard let result = results[i].take() else { continue }
                switch consume result {
                case .fileStart:
                    stream = rules.makeStream(options: check)
                case .fileEnd(let size):
                    // In place (`stream!`): a copy would share the detectors' tables and copy them on write.
                    if stream != nil { attach(stream!.finishNow(), startedAt: [:]) }
                    stream = nil
                    release(heldCount)
                    filesDone += 1
                    bytesDone += size
                    currentOffset = 0
                case .problem(let diagnostic):
                    problems.append(diagnostic)
                case .failure(let failure):
                    failures.append(failure)
                case .exchange(let sequence, let record, let context):
                    exchanges += 1
                    findingsCount += record.findings.count
                    currentOffset = context.exchange.source.offset
                    if heldStart >= 1_024, heldStart * 2 >= held.count {
                        held.removeFirst(heldStart)
                        heldStart = 0
                    }
                    heldIndex[sequence] = heldBase + heldCount
                    let keepRequest = options.curlExamples && !record.findings.isEmpty
                    held.append((sequence, record, keepRequest ? context.exchange.request : nil))
                    if stream != nil {
                        // In place: `if var s = stream` made the detectors' dictionaries shared, so every exchange
                        // copied them whole (quadratic in the input).
                        let late = stream!.observeNow(context, index: sequence)
                        attach(late, startedAt: [sequence: record.startedAt ?? .nan])
                    }
                    if heldCount > options.holdWindow { release(heldCount - options.holdWindow) }
                    // The context is the parsed entry's last holder: the reader that made it frees it.
                    if let entry = context.exchange.record?.document { returns.add(entry) }
                }
            }
            let now = Date().timeIntervalSince1970
            if now - lastProgress > 0.1 {
                lastProgress = now
                onProgress(
                    ScanProgress(
                        files: (filesDone, files.count), exchanges: exchanges,
                        bytes: (bytesDone + currentOffset, totalBytes), findings: findingsCount, elapsed: now - start))
            }
        }
        release(heldCount)
        let seconds = Date().timeIntervalSince1970 - start
        onProgress(
            ScanProgress(
                files: (files.count, files.count), exchanges: exchanges, bytes: (totalBytes, totalBytes),
                findings: findingsCount, elapsed: seconds))
        return ScanOutcome(report: report, problems: problems, failures: failures, bytes: totalBytes, seconds: seconds)
    }

    enum WorkItem: Sendable {
        case fileStart(Int, String)
        case exchange(Int, Exchange)
        case problem(Diagnostic)
        case failure(DiagnoseFailure)
        case fileEnd(Int)
    }

    enum WorkResult: Sendable {
        case fileStart
        case exchange(Int, ExchangeRecord, RuleContext)
        case problem(Diagnostic)
        case failure(DiagnoseFailure)
        case fileEnd(Int)
    }

    /// Checks one exchange on a worker thread.
    func process(_ item: consuming WorkItem) -> WorkResult {
        switch consume item {
        case .fileStart: return .fileStart
        case .problem(let d): return .problem(d)
        case .failure(let f): return .failure(f)
        case .fileEnd(let size): return .fileEnd(size)
        case .exchange(let sequence, var exchange):
            exchange.decodeBodies()  // in place: checks and rules share the decoded bytes
            let entry = specs.entry(for: exchange.request)
            let (findings, context) = rules.evaluate(exchange, spec: entry?.checker, options: check)
            let request = exchange.request
            let record = ExchangeRecord(
                file: exchange.source.file, entry: exchange.source.entry, sequence: sequence,
                startedAt: exchange.startedAt, method: request.method.uppercased(), host: request.host ?? "",
                path: check.redactor.redactURL(request.path), operation: context.route?.operation.displayName,
                status: exchange.response?.status, durationMs: exchange.time, waitMs: exchange.timings?.wait,
                client: clients.client(of: request, redactor: check.redactor),
                userAgent: request.header(named: "User-Agent"),
                curl: nil,  // rendered on the main thread, for the records the report keeps as examples
                findings: findings)
            return .exchange(sequence, record, context)
        }
    }

    /// The client an exchange came from: its credential, always redacted whatever its shape (`sk_test_[redacted:4f2a]`,
    /// `[redacted:91ce]` for an opaque token), so that one client's exchanges group together without the secret.
    static func client(of request: HTTPRequest, redactor: Redactor) -> String? {
        guard let authorization = request.header(named: "Authorization") else { return nil }
        let parts = authorization.split(separator: " ", maxSplits: 1)
        guard parts.count == 2 else { return redactor.redactSecret(authorization) }
        if parts[0].lowercased() == "basic", let decoded = TrafficBase64.decode(String(parts[1])) {
            let user = String(decoding: decoded, as: UTF8.self).split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            return redactor.redactSecret(String(user))
        }
        return redactor.redactSecret(String(parts[1]))
    }
}

/// `ScanPipeline.client(of:redactor:)` remembered per `Authorization` value, shared by the workers. Bounded: it
/// starts over past 4,096 values (a dump of more keys then costs what it did without the memo).
final class ClientMemo: Sendable {
    private let known = Mutex<[String: String?]>([:])

    func client(of request: HTTPRequest, redactor: Redactor) -> String? {
        guard let authorization = request.header(named: "Authorization") else { return nil }
        if let client = known.withLock({ $0[authorization] }) { return client }
        let client = ScanPipeline.client(of: request, redactor: redactor)
        known.withLock { memo in
            if memo.count >= 4_096 { memo.removeAll(keepingCapacity: true) }
            memo[authorization] = client
        }
        return client
    }
}

/// Bounded hand-over of batch results from workers to the main thread, in batch order.
final class WorkQueue<Item: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var results: [Int: [Item]] = [:]
    private var total: Int?
    private let permits: DispatchSemaphore

    init(capacity: Int) {
        permits = DispatchSemaphore(value: capacity)
    }

    /// Waits for room for one more batch in flight.
    func acquire() { permits.wait() }

    /// Stores a batch's results, taking the caller's reference: borrowed, the worker's copy outlived the hand-over
    /// whenever it was preempted before returning, so the consumer's `take()` copied the whole batch (retaining
    /// every output) and the worker later released the outputs' last references itself.
    func complete(_ number: Int, _ batch: consuming [Item]) {
        condition.lock()
        results[number] = consume batch
        condition.broadcast()
        condition.unlock()
    }

    /// No batches after `batches`.
    func finish(batches: Int) {
        condition.lock()
        total = batches
        condition.broadcast()
        condition.unlock()
    }

    /// The results of batch `number`, waiting for them; nil when there are no more batches.
    func next(_ number: Int) -> [Item]? {
        condition.lock()
        defer { condition.unlock() }
        while results[number] == nil {
            if let total, number >= total { return nil }
            condition.wait()
        }
        let batch = results.removeValue(forKey: number)
        permits.signal()
        return batch
    }
}

/// Shell-style patterns (`*`, `?`, `[…]`) over the file system, via glob(3).
enum Glob {
    static func expand(_ pattern: String) -> [String] {
        var g = glob_t()
        defer { globfree(&g) }
        guard glob(pattern, 0, nil, &g) == 0 else { return [] }
        var out: [String] = []
        for i in 0..<Int(g.gl_pathc) {
            if let p = g.gl_pathv[i] { out.append(String(cString: p)) }
        }
        return out.sorted()
    }
}

extension FileSystem {
    /// A file's size in bytes (0 when unknown, e.g. standard input).
    public static func size(_ path: String) -> Int {
        var st = stat()
        guard path != "-", stat(path, &st) == 0 else { return 0 }
        return Int(st.st_size)
    }
}
