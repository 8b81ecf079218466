import DiagnoseCore
import DiagnoseTestSupport
import Foundation
import Testing

@testable import DiagnoseCore
import Synchronization

/// A cross-exchange detector that notes whether its state was shared when a run fed it an exchange: a shared
/// copy makes every mutation copy the detector's tables, which made `scan` quadratic in its input.
final class ProbeState: @unchecked Sendable {
    var observed = 0
}

struct ProbeStream: StreamDetector {
    var state = ProbeState()
    let shared: SharedCounter

    mutating func observe(_ context: RuleContext, index: Int) {
        if !isKnownUniquelyReferenced(&state) { shared.count.withLock { $0 += 1 } }
        state.observed += 1
    }

    mutating func finish() -> [(Int, Finding)] { [] }
}

final class SharedCounter: Sendable {
    let count = Mutex<Int>(0)
}

/// The speed work on `check` replaced several general routines with byte-level ones; each is held here to the
/// answer of the simple code it replaced (or of Foundation), on the awkward inputs.
@Suite("Fast paths agree with the simple ones")
struct FastPathTests {
    // MARK: parallel check

    /// A check run on several workers, in small batches, gives exactly the one-thread results: same exchanges in
    /// the same order, same findings (cross-exchange ones included), same problems.
    @Test func parallelCheckEqualsSerialCheck() throws {
        let root = TestPaths.packageRoot.path
        let options = CheckOptions()
        let specs = try SpecSet.load(paths: [root + "/specs/payments.yaml"], checkOptions: options)
        var settings = IntegrationRules.Settings()
        settings.webhookSecret = "whsec_demoSigningSecret0123456789"
        let files = try FileManager.default.contentsOfDirectory(atPath: root + "/recordings").sorted().map {
            root + "/recordings/" + $0
        }
        // Twice over, plus a missing file in the middle: failures keep their place too.
        let inputs = files + [root + "/recordings/no-such-file.har"] + files
        var run = CheckRun(specs: specs, options: options, rules: .builtIn(settings))
        run.jobs = 1
        let serial = run.run(inputs)
        run.jobs = 3
        run.batchSize = 2
        let parallel = run.run(inputs)
        let renderer = CheckRenderer(color: false, language: .en)
        #expect(serial.exchanges.count > 20)
        #expect(serial.failures.count == 1 && parallel.failures.count == 1)
        #expect(renderer.render(parallel, format: .json) == renderer.render(serial, format: .json))
        #expect(renderer.render(parallel, format: .text) == renderer.render(serial, format: .text))
        #expect(parallel.problems.map(\.message) == serial.problems.map(\.message))
    }

    /// A result keeps a body only when one of its findings points into it, decoded and detached from the parsed
    /// HAR entry (which holds every byte of the entry: a kept request body used to keep the response's 6 KB
    /// alive too); the text output's snippets are those of the full exchange.
    @Test func resultsKeepOnlyTheBodiesTheirFindingsPointInto() throws {
        let root = TestPaths.packageRoot.path
        let options = CheckOptions()
        let specs = try SpecSet.load(paths: [root + "/specs/payments.yaml"], checkOptions: options)
        let files = try FileManager.default.contentsOfDirectory(atPath: root + "/recordings").sorted().map {
            root + "/recordings/" + $0
        }
        let results = CheckRun(specs: specs, options: options, rules: .builtIn()).run(files)
        func holdsEntry(_ storage: HTTPBody.Storage) -> Bool {
            switch storage {
            case .jsonString: return true
            case .decoded(_, let original), .redacted(let original, _): return holdsEntry(original)
            case .bytes, .params, .detachedString: return false
            }
        }
        var kept = (request: 0, response: 0)
        var recorded: [SourceRef: Exchange] = [:]
        for file in files {
            for item in try TraceReader(path: file) {
                if case .exchange(let exchange) = item { recorded[exchange.source] = exchange.withDecodedBodies }
            }
        }
        let renderer = CheckRenderer(color: false, language: .en)
        for result in results.exchanges {
            let locations = result.findings.map(\.location)
            let wantsRequest = locations.contains { $0.hasPrefix("/request/body/") }
            let wantsResponse = locations.contains { $0.hasPrefix("/response/body/") }
            let full = try #require(recorded[result.exchange.source])
            #expect((result.exchange.request.body != nil) == (wantsRequest && full.request.body != nil))
            #expect((result.exchange.response?.body != nil) == (wantsResponse && full.response?.body != nil))
            #expect(result.exchange.record == nil)
            for body in [result.exchange.request.body, result.exchange.response?.body].compactMap({ $0 }) {
                #expect(!holdsEntry(body.storage))
            }
            if let body = result.exchange.request.body {
                kept.request += 1
                #expect(body.bytes == full.request.body?.bytes)
                #expect(body.wasBase64 == full.request.body?.wasBase64)
                #expect(body.isSynthesized == full.request.body?.isSynthesized)
            }
            if let body = result.exchange.response?.body {
                kept.response += 1
                #expect(body.bytes == full.response?.body?.bytes)
            }
            for finding in result.findings {
                #expect(renderer.snippet(finding, result.exchange) == renderer.snippet(finding, full))
            }
        }
        // The recordings have findings on both bodies, and on exchanges whose other body is not kept.
        #expect(kept.request >= 1 && kept.response >= 3)
        #expect(results.exchanges.contains { $0.exchange.request.body == nil && $0.findings.contains { $0.location.hasPrefix("/response/body/") } })
    }

    /// A result holds its exchange behind one reference; it is still a value: changing a copy's exchange leaves the
    /// original as it was, and changing a result that is not shared changes it in place.
    @Test func resultsAreValuesThoughTheirExchangeIsHeldByReference() {
        var request = HTTPRequest(method: "GET", url: "https://api.example/v1/a")
        request.headers = [HTTPHeader(name: "Accept", value: "application/json")]
        let original = ExchangeResult(
            exchange: Exchange(request: request, response: nil, source: SourceRef(file: "f.har", entry: 1)),
            specPath: nil, findings: [])
        var copy = original
        copy.exchange.request.url = "https://api.example/v1/b"
        copy.exchange.request.headers.append(HTTPHeader(name: "X-Extra", value: "1"))
        #expect(original.exchange.request.url == "https://api.example/v1/a")
        #expect(original.exchange.request.headers.count == 1)
        #expect(copy.exchange.request.url == "https://api.example/v1/b")
        #expect(copy.exchange.request.path == "/v1/b")
        #expect(copy.exchange.request.headers.count == 2)
        var results = [original, copy]
        results[1].exchange.request.method = "POST"
        #expect(results[1].exchange.request.method == "POST" && copy.exchange.request.method == "GET")
        #expect(results[0].exchange.request.method == "GET")
    }

    /// A detached body has its bytes and says what the recording was (base64, synthesized from params), without
    /// the entry.
    @Test func detachedBodiesKeepWhatTheRecordingWas() throws {
        let har = #"{"log":{"version":"1.2","entries":[{"startedDateTime":"2024-01-01T00:00:00Z","time":1,"request":{"method":"POST","url":"https://x.example/a","httpVersion":"HTTP/1.1","headers":[],"queryString":[],"cookies":[],"headersSize":-1,"bodySize":-1,"postData":{"mimeType":"application/x-www-form-urlencoded","params":[{"name":"a","value":"1"}]}},"response":{"status":200,"statusText":"","httpVersion":"HTTP/1.1","headers":[],"cookies":[],"content":{"size":2,"mimeType":"application/json","text":"e30=","encoding":"base64"},"redirectURL":"","headersSize":-1,"bodySize":-1},"cache":{},"timings":{"send":0,"wait":1,"receive":0}}]}}"#
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("detached-\(UUID().uuidString).har")
        try Data(har.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        var exchanges: [Exchange] = []
        for item in try TraceReader(path: url.path) { if case .exchange(let e) = item { exchanges.append(e) } }
        let exchange = try #require(exchanges.first)
        let request = try #require(exchange.request.body)
        let response = try #require(exchange.response?.body)
        for (body, base64, synthesized) in [(request, false, true), (response, true, false)] {
            for detached in [body.detached, body.decoded.detached] {
                #expect(detached.bytes == body.bytes)
                #expect(detached.wasBase64 == base64)
                #expect(detached.isSynthesized == synthesized)
                if case .decoded(_, .jsonString) = detached.storage { Issue.record("still holds the entry") }
            }
        }
        #expect(response.bytes == Array("{}".utf8))
    }

    /// `IntegrationRules.evaluate` decodes the query and form body once for the spec checks and the rules; its
    /// findings are exactly those of the two run apart, each decoding for itself.
    @Test func sharedFormsGiveTheSameFindings() throws {
        let root = TestPaths.packageRoot.path
        let options = CheckOptions()
        let specs = try SpecSet.load(paths: [root + "/specs/payments.yaml"], checkOptions: options)
        let rules = IntegrationRules.builtIn()
        var checked = 0
        for file in try FileManager.default.contentsOfDirectory(atPath: root + "/recordings").sorted() {
            for item in try TraceReader(path: root + "/recordings/" + file) {
                guard case .exchange(let recorded) = item else { continue }
                let exchange = recorded.withDecodedBodies
                let checker = specs.entry(for: exchange.request)?.checker
                let outcome = checker?.evaluate(exchange)
                let apart =
                    (outcome?.findings ?? [])
                    + rules.check(exchange, spec: checker, route: outcome?.route, options: options)
                let shared = rules.evaluate(exchange, spec: checker, options: options)
                #expect(shared.findings.map(\.rule) == apart.map(\.rule), "\(file)")
                #expect(shared.findings.map(\.location) == apart.map(\.location), "\(file)")
                #expect(shared.findings.map(\.message) == apart.map(\.message), "\(file)")
                #expect(shared.context.route?.operation.displayName == outcome?.route?.operation.displayName)
                checked += 1
            }
        }
        #expect(checked > 10)
    }

    /// The HAR reader parses each entry where it lies in the read buffer (one pass, where scanning for the entry's
    /// end and then parsing it took two). Entries cut by the end of the buffer, malformed entries and entries that
    /// are not objects take the two-pass path. Both give the same exchanges and problems at any buffer size.
    @Test func inPlaceEntryParsingMatchesTwoPasses() throws {
        var entries: [String] = []
        for i in 0..<40 {
            let pad = String(repeating: "x", count: i * 97 % 3000)
            entries.append(
                #"{"startedDateTime": "2024-05-01T00:00:0\#(i % 10).000Z", "time": \#(i), "request": {"method": "POST", "url": "https://api.example.com/v1/items/\#(i)?q=\#(i)", "httpVersion": "HTTP/1.1", "headers": [{"name": "Content-Type", "value": "application/json"}], "queryString": [], "cookies": [], "headersSize": -1, "bodySize": 0, "postData": {"mimeType": "application/json", "text": "{\"n\": \#(i), \"pad\": \"\#(pad)\"}"}}, "response": {"status": \#(200 + i % 3), "statusText": "OK", "httpVersion": "HTTP/1.1", "headers": [], "cookies": [], "content": {"size": 2, "mimeType": "application/json", "text": "{}"}, "redirectURL": "", "headersSize": -1, "bodySize": 2}, "cache": {}, "timings": {"send": 0, "wait": 1, "receive": 0}}"#
            )
        }
        entries[17] = #"{"request": {"method": "GET", "url": }, "response": {}}"#
        entries[23] = "[1, 2]"
        entries[31] = #"{"request": {"method": "GET", "url": "https://api.example.com/\u00e9"}, "response": {"status": 204}}"#
        let har =
            #"{"log": {"version": "1.2", "creator": {"name": "t", "version": "1"}, "entries": [\#(entries.joined(separator: ",\n  "))]}}"#
        let bytes = Array(har.utf8)

        func describe(_ item: TraceItem) -> String {
            switch item {
            case .exchange(let x):
                let s = x.source
                return "\(x.request.method) \(x.request.url) \(x.request.body?.text ?? "-") \(x.response?.status ?? 0) "
                    + "\(s.entry) \(s.offset) \(s.line):\(s.column)"
            case .problem(let d):
                return "\(d.id) \(d.message) \(d.location.map { "\($0.line):\($0.column) \($0.pointer ?? "")" } ?? "")"
            }
        }
        let twoPass = HAREngine(HARStream(input: ByteInput(name: "t.har", bytes: bytes)))
        var expected: [String] = []
        while let item = twoPass.next() { expected.append(describe(item)) }
        #expect(expected.count == 40)
        #expect(expected.filter { !$0.hasPrefix("POST") && !$0.hasPrefix("GET") }.count == 2)

        let url = FileManager.default.temporaryDirectory.appendingPathComponent("inplace-\(UUID().uuidString).har")
        try Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        for chunk in [1024, 1500, 4096, 1 << 22] {
            let reader = try TraceReader(path: url.path, options: TraceReader.Options(chunkSize: chunk))
            #expect(reader.map(describe) == expected, "chunk size \(chunk)")
        }
    }

    /// Regression: `scan` copied its rule stream for every exchange (`if var s = stream { …; stream = s }`), so
    /// each detector's dictionaries were copied whole per exchange. Detectors must be fed in place.
    @Test func streamDetectorsAreFedInPlace() throws {
        let root = TestPaths.packageRoot.path
        let options = CheckOptions()
        let specs = try SpecSet.load(paths: [root + "/specs/payments.yaml"], checkOptions: options)
        let inputs = ["app-log.ndjson", "ticket-4711.har", "checkout-ok.har"].map { root + "/recordings/" + $0 }
        let counter = SharedCounter()
        let rules = IntegrationRules(
            detectors: [],
            streamFactories: [{ ProbeStream(shared: counter) }])
        var scanOptions = ScanOptions()
        scanOptions.batchSize = 2
        let outcome = ScanPipeline(specs: specs, check: options, rules: rules, options: scanOptions).run(inputs)
        #expect(outcome.report.totals.exchanges > 10)
        #expect(counter.count.withLock { $0 } == 0, "a scan fed a shared copy of a stream detector")
        var run = CheckRun(specs: specs, options: options, rules: rules)
        for jobs in [1, 2] {
            run.jobs = jobs
            #expect(run.run(inputs).exchanges.count > 10)
            #expect(counter.count.withLock { $0 } == 0, "check (\(jobs) jobs) fed a shared copy of a stream detector")
        }
    }

    /// What the consumer hands back is released on the reader thread (the one that made it), every object once,
    /// the last ones when the run ends.
    @Test func handedBackObjectsAreReleasedByTheReader() {
        final class Log: Sendable {
            let releases = Mutex<[(id: Int, thread: pthread_t)]>([])
            let reader = Mutex<pthread_t?>(nil)
        }
        final class Tracked: Sendable {
            let id: Int
            let log: Log
            init(_ id: Int, _ log: Log) {
                self.id = id
                self.log = log
            }
            deinit {
                let entry = (id: id, thread: pthread_self())
                log.releases.withLock { $0.append(entry) }
            }
        }
        let log = Log()
        OrderedWork.run(
            jobs: 2, batchSize: 16,
            produce: { emit, _ in
                let me = pthread_self()
                log.reader.withLock { $0 = me }
                for i in 0..<300 { emit(Tracked(i, log), 0) }
            },
            process: { (t: Tracked) -> Tracked in t },
            consume: { outputs, returns in
                for i in outputs.indices {
                    if let t = outputs[i].take() { returns.add(t) }
                }
            })
        let reader = log.reader.withLock { $0 }
        let all = log.releases.withLock { $0 }
        #expect(all.map(\.id).sorted() == Array(0..<300))
        // Most go on the reader's turns; what the consumer hands back after the reader's last turn is released
        // at the end of the run, on the calling thread.
        var onReader = 0
        for entry in all where reader.map({ pthread_equal(entry.thread, $0) != 0 }) ?? false { onReader += 1 }
        // At most the batches in flight (2 × jobs) and the one being filled are left to the end: 300 - 5 × 16.
        #expect(onReader >= 150, "\(onReader) of 300 released by the reader")
    }

    /// Workers take each batch a group at a time (the group's inputs in input order), and the outputs still come
    /// back in input order, each once; requests that share method, host, first two path segments and depth share a
    /// group.
    @Test func batchesRunAGroupAtATimeAndKeepTheirOrder() {
        let processed = Mutex<[Int]>([])
        var consumed: [Int] = []
        OrderedWork.run(
            jobs: 3, batchSize: 64,
            produce: { emit, flush in
                for i in 0..<1_000 {
                    emit(i, UInt64(i * 7 % 5))
                    if i == 500 { flush() }  // a short batch, as at the end of a file
                }
            },
            process: { (i: Int) -> Int in
                processed.withLock { $0.append(i) }
                return i * 2
            },
            consume: { outputs, _ in
                for i in outputs.indices { if let output = outputs[i].take() { consumed.append(output / 2) } }
            })
        #expect(consumed == Array(0..<1_000))
        let order = processed.withLock { $0 }
        #expect(order.sorted() == Array(0..<1_000))
        // Batches are 0...63, 64...127, …, 448...500, then 501...564, …: each ran as sorted (group, index).
        func batch(_ i: Int) -> Int { i <= 500 ? i / 64 : 100 + (i - 501) / 64 }
        for b in Set(order.map(batch)) {
            let ran = order.filter { batch($0) == b }
            let grouped = ran.sorted { ($0 * 7 % 5, $0) < ($1 * 7 % 5, $1) }
            #expect(ran == grouped, "batch \(b)")
        }

        func group(_ method: String, _ url: String) -> UInt64 { WorkGroup.of(HTTPRequest(method: method, url: url)) }
        let customer = group("POST", "https://api.stripe.com/v1/customers/cus_1")
        #expect(group("POST", "https://api.stripe.com/v1/customers/cus_2?expand[]=x") == customer)
        #expect(group("POST", "https://api.stripe.com//v1/customers/cus_3/") == customer)
        for other in [
            group("GET", "https://api.stripe.com/v1/customers/cus_1"), group("POST", "https://api.stripe.com/v1/customers"),
            group("POST", "https://files.stripe.com/v1/customers/cus_1"),
            group("POST", "https://api.stripe.com/v1/charges/ch_1"),
            group("POST", "https://api.stripe.com/v1/customers/cus_1/sources"),
        ] {
            #expect(other != customer)
        }
    }

    /// Cross-exchange detectors remember at most `capacity` keys, oldest forgotten first.
    @Test func boundedMemoForgetsTheOldest() {
        var memo = BoundedMemo<String, Int>(capacity: 3)
        for (i, key) in ["a", "b", "c", "d", "e"].enumerated() { memo[key] = i }
        #expect(memo["a"] == nil && memo["b"] == nil)
        #expect(memo["c"] == 2 && memo["d"] == 3 && memo["e"] == 4)
        memo["e"] = 40  // an update keeps its place
        memo["f"] = 5
        #expect(memo["c"] == nil && memo["e"] == 40 && memo["f"] == 5)
        var big = BoundedMemo<Int, Int>(capacity: 100)
        for i in 0..<20_000 { big[i] = i }
        #expect(big[19_999] == 19_999 && big[19_900] == 19_900 && big[19_899] == nil)
    }

    // MARK: unescaping

    @Test(arguments: [
        #"plain"#, #"a\"b\\c\/d"#, #"\b\f\n\r\t"#, #"\u0041\u00e9\u4e2d"#, #"\ud83d\ude00 smile"#,
        #"\u0000nul"#, #"{\"livemode\": false, \"id\": \"ch_1\"}"#,
        #"ends with escape \n"#, "",
    ])
    func unescapeMatchesFoundation(_ content: String) throws {
        let expected = try JSONSerialization.jsonObject(
            with: Data("[\"\(content)\"]".utf8), options: []) as? [String]
        let bytes = Array(content.utf8)
        let ours = bytes.withUnsafeBufferPointer { JSONParser.unescapeBytes($0) }
        #expect(String(decoding: ours, as: UTF8.self) == expected?.first)
        #expect(bytes.withUnsafeBufferPointer { JSONParser.unescape($0) } == expected?.first)
        #expect(ours.count <= bytes.count)
    }

    /// Unescaping copies eight bytes at a time up to the next backslash: every escape at every offset of a word
    /// (and escapes back to back, at the very end, next to multi-byte characters) gives what Foundation gives.
    @Test func unescapeFindsEscapesAtEveryOffset() throws {
        for escape in [
            #"\""#, #"\\"#, #"\n"#, #"\u00e9"#, #"\ud83d\ude00"#, #"\"\"\\"#, #"\/\"\n\\\u00e9\""#, #"\\\\\"x\\"#,
        ] {
            for offset in 0..<19 {
                for tail in ["", "x", "abcdefghijklmnop", "é中"] {
                    let content = String(repeating: "a", count: offset) + escape + tail
                    let expected = try JSONSerialization.jsonObject(with: Data("[\"\(content)\"]".utf8)) as? [String]
                    let ours = Array(content.utf8).withUnsafeBufferPointer { JSONParser.unescapeBytes($0) }
                    #expect(String(decoding: ours, as: UTF8.self) == expected?.first, "\(content)")
                }
            }
        }
    }

    /// Strings are scanned and unescaped a word at a time, `\"` escapes included: random contents built from
    /// escapes, plain runs and multi-byte characters at every alignment, valid and broken (a raw control character,
    /// an unknown escape, a stray quote or backslash), are accepted, rejected and decoded as Foundation does.
    @Test func stringsScanAndUnescapeLikeFoundationAtRandom() throws {
        let pieces = [
            "a", "bcdefgh", #"\""#, #"\\"#, #"\/"#, #"\n"#, #"\u00e9"#, "é", "中", " ", #"\"\""#, #"x\"y"#, #"\\\""#,
            #"\"\\"#, "\u{1F600}",
        ]
        let broken = ["\u{01}", "\u{1F}", #"\x"#, #"""#, #"\"#, "\u{7F}"]
        var random = SplitMix64(state: 0x5EED_0F57_2196)
        for round in 0..<3_000 {
            var content = ""
            for _ in 0..<Int.random(in: 0...24, using: &random) { content += pieces.randomElement(using: &random)! }
            if round % 3 == 0 {
                let cut = content.index(content.startIndex, offsetBy: Int.random(in: 0...content.count, using: &random))
                content.insert(contentsOf: broken.randomElement(using: &random)!, at: cut)
            }
            let text = "[\"\(content)\"]"
            let expected = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String]
            let parsed = try? JSONParser.parse(text)
            #expect((parsed != nil) == (expected != nil), "\(text)")
            if let expected, let parsed {
                #expect(parsed.root.elements.first(where: { _ in true })?.stringValue == expected.first, "\(text)")
                let ours = Array(content.utf8).withUnsafeBufferPointer { JSONParser.unescapeBytes($0) }
                #expect(String(decoding: ours, as: UTF8.self) == expected.first, "\(text)")
            }
        }
    }

    /// Strings are scanned sixteen bytes at a time, each byte compared with the one before it: every escape, pair
    /// run and broken byte at every offset of two blocks (after plain bytes, a run of `\"` pairs, or `\\`),
    /// followed by tails that end the string inside, at and past a block, is accepted or rejected as Foundation
    /// does, decodes to the same string, and is flagged as escaped, and as having only `\"` escapes, exactly when
    /// it is.
    @Test func stringsScanSixteenBytesAtATimeLikeFoundation() throws {
        let probes = [
            #"\""#, #"\\"#, #"\\\""#, #"\"\\"#, #"\n"#, #"\u00e9"#, "é", "中", #"\"\""#, #"\\\\"#, #"x\""#,
            "\u{01}", "\u{1F}", #"\x"#, #"""#, #"\"#, "\u{7F}", "\u{80}",
        ]
        let leads = ["", "abcdefghijklmnopqrstu", #"\"\"\"\"\"\"\"\"\"\""#, #"a\"b\"c\"d\"e\"f\"g\"h\""#, #"\\\\"#]
        let tails = [
            "", "a", #"\""#, "abcdefghijklmno", "abcdefghijklmnop", "abcdefghijklmnopq",
            String(repeating: #"ab\""#, count: 12), String(repeating: "z", count: 40),
        ]
        for lead in leads {
            for offset in 0..<34 {
                for probe in probes {
                    for tail in tails {
                        let content = lead + String(repeating: "a", count: offset) + probe + tail
                        let text = "[\"\(content)\"]"
                        let expected = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String]
                        let parsed = try? JSONParser.parse(text)
                        #expect((parsed != nil) == (expected != nil), "\(text)")
                        guard let expected, let parsed, let node = parsed.root.elements.first(where: { _ in true })
                        else { continue }
                        #expect(node.stringValue == expected.first, "\(text)")
                        // Valid here: every backslash begins an escape, so counting them counts the escapes.
                        let escapes = content.utf8.split(separator: UInt8(ascii: "\\"), omittingEmptySubsequences: false).count - 1
                        let pairs = content.components(separatedBy: #"\\"#).joined(separator: "__")
                            .components(separatedBy: #"\""#).count - 1
                        let backslashPairs = content.components(separatedBy: #"\\"#).count - 1
                        let escapeCount = escapes - backslashPairs
                        #expect((node.raw.flags & RawNode.escaped != 0) == (escapeCount > 0), "\(text)")
                        let onlyQuotes = escapeCount > 0 && pairs == escapeCount
                        #expect((node.raw.flags & RawNode.quoteEscapesOnly != 0) == onlyQuotes, "\(text)")
                    }
                }
            }
        }
    }

    /// Scan workers remember each `Authorization` value's redacted client: the memo answers what the function
    /// does, for every credential shape, for requests without the header, and after it starts over when full.
    @Test func clientMemoAnswersWhatTheFunctionDoes() {
        let memo = ClientMemo()
        let redactor = Redactor()
        let values = [
            "Bearer sk_test_FAKE0123456789", "Bearer sk_live_FAKE0123456789", "Basic c2tfdGVzdF9GQUtFMDEyMzQ1Njc4OTo=",
            "Bearer rk_test_FAKE0123456789", "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlc2ln",
            "Bearer opaque-token-value", "sk_test_bare", "Basic not*base64", "", " Bearer  sk_test_FAKE0123456789 ",
        ] + (0..<5_000).map { "Bearer sk_test_FAKE\($0)" }
        for round in 0..<2 {
            for value in values {
                let request = HTTPRequest(method: "GET", url: "https://api.stripe.com/v1/charges",
                                          headers: [HTTPHeader(name: "Authorization", value: value)])
                let expected = ScanPipeline.client(of: request, redactor: redactor)
                #expect(memo.client(of: request, redactor: redactor) == expected, "\(value) in round \(round)")
                #expect(expected.map { !$0.contains("FAKE0123456789") } ?? true, "\(value) is redacted")
            }
        }
        let none = HTTPRequest(method: "GET", url: "https://api.stripe.com/v1/charges")
        #expect(memo.client(of: none, redactor: redactor) == nil)
    }

    /// Secret shapes are told apart on the UTF-8: each known prefix, one byte short of it, non-ASCII after it.
    @Test func secretShapesAreReadFromBytes() {
        let cases: [(String, SecretKind?)] = [
            ("sk_live_abcd", .stripeSecretKey(live: true)), ("sk_test_abcd", .stripeSecretKey(live: false)),
            ("sk_test_abc", nil), ("sk_test_abcé", nil), ("rk_live_abcd", .stripeRestrictedKey(live: true)),
            ("whsec_abcdef", .stripeWebhookSecret), ("whsec_abc", nil), ("  sk_test_abcd\t", .stripeSecretKey(live: false)),
            ("AKIAABCDEFGHIJKLMNOP", .awsAccessKey), ("AKIAABCDEFGHIJKLMNOp", nil), ("ASIAABCDEFGHIJKLMNO", nil),
            ("ghp_" + String(repeating: "a", count: 20), .githubToken), ("ghx_" + String(repeating: "a", count: 20), nil),
            ("github_pat_" + String(repeating: "a", count: 20), .githubToken), ("xoxb-1234567", .slackToken),
            ("xoxq-1234567", nil), ("AIza" + String(repeating: "a", count: 31), .googleAPIKey),
            ("sk-" + String(repeating: "a", count: 20), .openAIKey), ("sk-short", nil),
            ("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln", .jwt), ("sk_live\u{301}_abcd", nil), ("plain value", nil),
        ]
        for (value, kind) in cases { #expect(Redactor.kind(of: value) == kind, "\(value)") }
    }

    /// Secret names are read on the UTF-8: the innermost bracketed name decides, names normalise to ASCII letters
    /// and digits, and the suffixes count after normalising.
    @Test func secretNamesAreReadFromBytes() {
        let secret = [
            "key", "api_key", "X-Api-Key", "client_secret", "card[cvc]", "metadata[api_key]", "refresh_token",
            "code_verifier", "a[b][password]", "[token]", "my-access-token", "PRIVATE_KEY", "stripe_secret", "Token", "token[]",
        ]
        let plain = [
            "amount", "a[]", "card[number]", "metadata[order_id]", "tokens", "ab[]]", "]", "[", "", "secretive",
            "key_id", "é[ü]", "card[cvc]x",
        ]
        for name in secret { #expect(Redactor.isSecretName(name), "\(name)") }
        for name in plain { #expect(!Redactor.isSecretName(name), "\(name)") }
    }

    /// Foundation rejects lone surrogates; we keep the string and put U+FFFD in their place.
    @Test func loneSurrogatesBecomeReplacementCharacters() {
        for (content, expected) in [(#"lone \ud800 high"#, "lone \u{FFFD} high"), (#"lone \udc00 low"#, "lone \u{FFFD} low")] {
            let ours = Array(content.utf8).withUnsafeBufferPointer { JSONParser.unescapeBytes($0) }
            #expect(String(decoding: ours, as: UTF8.self) == expected)
        }
    }

    // MARK: form nesting

    @Test func nestingKeepsEveryShape() {
        func nest(_ text: String) -> FormValue { FormDecoding.nest(FormDecoding.pairs(text)) }
        func s(_ v: String) -> FormValue { .string(v, offset: 0) }
        func o(_ m: [(String, FormValue)]) -> FormValue { .object(m.map { (key: $0.0, value: $0.1) }, offset: 0) }
        func a(_ e: [FormValue]) -> FormValue { .array(e, offset: 0) }
        #expect(nest("a=1&b=2") == o([("a", s("1")), ("b", s("2"))]))
        #expect(nest("a=1&a=2&a=3") == o([("a", a([s("1"), s("2"), s("3")]))]))
        #expect(nest("a=1&a[b]=2") == o([("a", o([("", s("1")), ("b", s("2"))]))]))
        #expect(nest("a[]=x&a[k]=y") == o([("a", o([("0", s("x")), ("k", s("y"))]))]))
        #expect(nest("items[0][price]=p&items[0][qty]=2&items[1][price]=q") == o([
            ("items", o([("0", o([("price", s("p")), ("qty", s("2"))])), ("1", o([("price", s("q"))]))])),
        ]))
        #expect(nest("e[]=a&e[]=b") == o([("e", a([s("a"), s("b")]))]))
        #expect(nest("m[a][]=1&m[a][]=2") == o([("m", o([("a", a([s("1"), s("2")]))]))]))
        #expect(nest("bad[x=1&[y]=2") == o([("bad[x", s("1")), ("[y]", s("2"))]))
        // More than eight members: the member index takes over, first-seen order stays.
        let many = (0..<20).map { "k\($0)=\($0)" }.joined(separator: "&") + "&k3=again&k19[x]=y"
        var expected = (0..<20).map { ("k\($0)", s("\($0)")) }
        expected[3].1 = a([s("3"), s("again")])
        expected[19].1 = o([("", s("19")), ("x", s("y"))])
        #expect(nest(many) == o(expected))
        // Past the scan limit objects get a lookup table; one that turns into an array element keeps it.
        let big = (0..<30).map { "big[k\($0)]=\($0)" }.joined(separator: "&") + "&big=x&big[0][k5]=z&big[0][k40]=w"
        var members = (0..<30).map { ("k\($0)", s("\($0)")) }
        members[5].1 = a([s("5"), s("z")])
        members.append(("k40", s("w")))
        #expect(nest(big) == o([("big", o([("0", o(members)), ("1", s("x"))]))]))
        // A table that grows (past 32 members), with a repeat, a scalar turned object and an empty key.
        let grown = (0..<100).map { "g[k\($0)]=\($0)" }.joined(separator: "&") + "&g[k7]=again&g[k99][z]=1&g[]=e"
        var entries = (0..<100).map { ("k\($0)", s("\($0)")) }
        entries[7].1 = a([s("7"), s("again")])
        entries[99].1 = o([("", s("99")), ("z", s("1"))])
        entries.append(("", s("e")))
        #expect(nest(grown) == o([("g", o(entries))]))
    }

    @Test func bracketNamesSplitByBytes() {
        #expect(FormPair(name: "metadata[order_id]", value: "").baseName == "metadata")
        #expect(FormPair(name: "metadata[order_id]", value: "").bracketPath == ["order_id"])
        #expect(FormPair(name: "a[]", value: "").bracketPath == [""])
        #expect(FormPair(name: "a[b]c", value: "").bracketPath == nil)
        #expect(FormPair(name: "a[b", value: "").bracketPath == nil)
        #expect(FormPair(name: "[x]", value: "").bracketPath == [])
        #expect(FormPair(name: "[x]", value: "").baseName == "[x]")
        #expect(FormPair(name: "métadonnées[clé]", value: "").bracketPath == ["clé"])
        #expect(FormPair(name: "métadonnées[clé]", value: "").baseName == "métadonnées")
        #expect(FormDecoding.pairs("a%5Bb%5D=%E4%B8%AD+x&c").map(\.name) == ["a[b]", "c"])
        #expect(FormDecoding.pairs("a%5Bb%5D=%E4%B8%AD+x&c").map(\.value) == ["中 x", ""])
        #expect(FormDecoding.pairs("bad=%zz%4").first?.value == "%zz%4")
    }

    // MARK: URL splitting for the router

    @Test func routerSplitsURLsByBytes() {
        let cases: [(String, String?, String)] = [
            ("https://api.stripe.com/v1/charges?limit=3", "api.stripe.com", "/v1/charges"),
            ("https://user:pw@API.Example.com:8443/x#frag", "api.example.com:8443", "/x"),
            ("http://h", "h", "/"),
            ("/v1/charges?next=https://elsewhere/", nil, "/v1/charges"),
            ("v1/charges", nil, "/v1/charges"),
            ("/a:b://c/d", "c", "/d"),
            ("https://h/caf%C3%A9/é", "h", "/caf%C3%A9/é"),
            ("https://ÉXAMPLE.Com/x", "éxample.com", "/x"),
            ("https://a@b@C/x", "c", "/x"),
            ("https://h/a@b", "h", "/a@b"),
            ("https://h?x=https://z/", "h", "/"),
            ("", nil, "/"),
            ("?q=1", nil, "/"),
            ("x:/", nil, "/x:/"),
            ("x:/?://h/", nil, "/x:/"),
            ("HTTPS://H", "h", "/"),
        ]
        for (url, host, path) in cases {
            let split = OpenAPI.Router.split(url)
            #expect(split.host == host, "\(url)")
            #expect(split.path == path, "\(url)")
        }
    }

    /// A lone parameter value is decided on the JSON text `scalarJSON` writes: that text must be the value
    /// `coerce` types (or nil where coercion does more than type a scalar), and the byte validator's answer on it
    /// the evaluator's on the coerced document.
    @Test func scalarParameterJSONIsWhatCoercionTypes() throws {
        let doc = try JSONParser.parse(
            #"""
            {"defs": {"int": {"type": "integer", "minimum": 1, "maximum": 100}, "ref": {"$ref": "#/defs/int"}},
             "schemas": [
              {"type": "integer"}, {"type": "integer", "minimum": 1, "maximum": 100}, {"$ref": "#/defs/ref"},
              {"type": "number", "multipleOf": 0.5}, {"type": "boolean"}, {"type": "null"}, {"type": ["integer", "null"]},
              {"type": "string"}, {"type": "string", "enum": ["usd", "eur"]}, {"type": "string", "format": "date-time"},
              {"type": "string", "maxLength": 3}, {"type": ["string", "integer"]}, {"enum": [1, 2, "x"]}, {"const": true},
              {"type": "integer", "nullable": true}, {}, {"type": "array", "items": {"type": "string"}},
              {"type": "object", "properties": {"a": {"type": "string"}}}, {"anyOf": [{"type": "integer"}, {"type": "string", "enum": [""]}]},
              {"allOf": [{"type": "integer"}, {"minimum": 3}]}, {"oneOf": [{"type": "string"}]}, {"type": ["array", "string"]},
              {"anyOf": [{"type": "integer"}, {"type": "string"}]}, {"anyOf": [{"$ref": "#/defs/ref"}, {"type": "boolean"}]},
              {"allOf": [{"$ref": "#/defs/int"}]}, {"anyOf": [{"anyOf": [{"type": "number"}]}, {"enum": ["x"]}]},
              {"anyOf": [{"type": "array", "items": {"type": "string"}}, {"type": "string", "enum": [""]}]},
              {"oneOf": [{"type": "object"}, {"type": "null"}]}, {"anyOf": [{"type": "string", "maxLength": 2}], "nullable": true}
             ]}
            """#)
        let coercion = SchemaCoercion { node in
            guard let ref = node["$ref"]?.stringValue, let pointer = try? JSONPointer(fragment: String(ref.dropFirst()))
            else { return nil }
            return doc.root.resolve(pointer)
        }
        let registry = SchemaRegistry()
        let values = [
            "10", "0", "-3", "1.5", "2.0", "1e2", "007", "+1", " 1", "Infinity", "NaN", "true", "false", "null", "", "usd",
            "USD", "abcd", "2024-05-01T10:00:00Z", "not a date", "x", "\"q\"", "é\n\u{1}\\", "a,b",
        ]
        var decided = 0
        for schema in try #require(doc.root["schemas"]).elements {
            let validator = SchemaValidator(registry: registry, schema: schema, dialect: .oas30)
            for value in values {
                for assertFormats in [false, true] {
                    let typed = coercion.coerce(.string(value, offset: 0), schema: schema, text: SourceText(name: "q", string: value))
                    guard let json = coercion.scalarJSON(value, schema: schema) else { continue }
                    let parsed = try JSONParser.parse(SourceText(name: "j", bytes: json))
                    let label = "\(value) against \(JSONSerializer.serialize(schema))"
                    #expect(JSONSerializer.serialize(parsed.root) == JSONSerializer.serialize(typed.root), "\(label)")
                    let options = ValidationOptions(mode: .request, assertFormats: assertFormats)
                    if let answer = validator.isValid(json: json, options: options) {
                        decided += 1
                        #expect(answer == validator.validate(typed.root, options: options).isValid, "\(label)")
                    }
                }
            }
        }
        #expect(decided > 800)
    }

    @Test func expandDepthCountsLevelsAsSplittingDid() {
        for path in [
            "", ".", "data", "data.", ".data.a", "customer", "data.customer", "a.b.c.d", "a.b.c.d.e", "data.a.b.c.d",
            "data.a.b.c.d.e", "a..b...c.d.e", "datax.a.b.c.d", "a.data.b.c.d", "...", "data.data.a.b.c",
            "subscription.default_payment_method.customer.invoice_settings.default_payment_method", "é.ü.data",
        ] {
            var segments = path.split(separator: ".")
            if segments.first == "data" { segments.removeFirst() }
            #expect(ParamRules.expandDepth(of: path) == segments.count, "\(path)")
        }
    }

    @Test func byteSearch() {
        #expect("limit=3&starting_after=cus_1".containsBytes("starting_after="))
        #expect(!"limit=3&ending_before".containsBytes("ending_before="))
        #expect("anything".containsBytes(""))
        #expect(!"".containsBytes("x"))
        #expect("ééé=x".containsBytes("é="))
        #expect(!"aaa".containsBytes("aaaa"))
    }

    /// Short comparisons read overlapping words: equal runs of every length up to 40 compare equal, and a run
    /// differing in any one byte (first, last, inside the overlap) compares unequal; the property table built on
    /// it finds every name of every length, misses names one byte off, and the hash reads keys of every length.
    @Test func shortComparisonsAndLookUpsAtEveryLength() {
        var generator = SystemRandomNumberGenerator()
        for n in 0...40 {
            let x = (0..<n).map { _ in UInt8.random(in: 0...255, using: &generator) }
            // Both copies sit at an odd offset inside a larger buffer, so the loads are unaligned.
            let padded = [0x55] + x + [0x55]
            padded.withUnsafeBufferPointer { a in
                for position in -1..<n {
                    var y = x
                    if position >= 0 { y[position] ^= 0x01 << UInt8(position % 8) }
                    let other = [0xAA] + y + [0xAA]
                    other.withUnsafeBufferPointer { b in
                        let equal = shortBytesEqual(
                            UnsafeRawPointer(a.baseAddress! + 1), UnsafeRawPointer(b.baseAddress! + 1), count: n)
                        #expect(equal == (x == y), "length \(n), byte \(position) changed")
                    }
                }
            }
        }
        let names = (0...40).map { n in String((0..<n).map { i in Character(UnicodeScalar(UInt8(97 + (n + i) % 26))) }) }
        let table = PropertyTable(names: names, schemas: [])
        for (i, name) in names.enumerated() {
            #expect(table.find(name) == i, "\(name.count)-byte name")
            guard !name.isEmpty else { continue }
            var changed = Array(name.utf8)
            changed[changed.count - 1] = UInt8(ascii: "#")
            #expect(table.find(String(decoding: changed, as: UTF8.self)) == nil)
            #expect(table.find(name + "#") == nil)
        }
        // Keys of different lengths and contents spread over the slots (the hash reads every length).
        let hashes = Set(names.map { name in name.utf8.withContiguousStorageIfAvailable { PropertyTable.hash($0) }! })
        #expect(hashes.count == names.count)
    }

    // MARK: scalar schemas decided on the raw node

    /// `LeafCheck` answers the fast pass for scalar-only schemas. The same schema with one more keyword that never
    /// applies to a scalar (`minProperties: 0`) is no leaf, so it runs the keywords: the two must agree on every
    /// instance, as properties, array items, additional properties and at the root, including the cases the
    /// shortcut hands back (escapes, multi-byte strings, `1.0` for `integer`).
    @Test(arguments: [
        #"{"type": "string", "maxLength": 3}"#,
        #"{"type": "string", "minLength": 2}"#,
        #"{"type": "integer"}"#,
        #"{"type": ["integer", "null"]}"#,
        #"{"type": "number"}"#,
        #"{"type": "boolean", "nullable": true}"#,
        #"{"type": "string", "readOnly": true}"#,
        #"{"type": "string", "writeOnly": true}"#,
        #"{"maxLength": 2}"#,
        #"{"enum": ["abc", "a\"b", "ééé", ""]}"#,
        #"{"type": "string", "enum": ["a", "ééé"], "nullable": true}"#,
        #"{"const": "abc"}"#,
    ])
    func leafSchemasAgreeWithTheKeywords(leaf: String) throws {
        let instances = [
            #""abc""#, #""abcd""#, #""ééé""#, #""éééé""#, #""a\u00e9c""#, #""a\"b""#, #""""#, #""a""#, "1", "1.0",
            "-7", "1e2", "2.5", "true", "null", "[]", "{}",
        ]
        let plain = String(leaf.dropLast()) + #", "minProperties": 0}"#
        func validators(_ sub: String, _ dialect: SchemaDialect) throws -> (SchemaValidator, SchemaValidator) {
            let registry = SchemaRegistry()
            let schema = try JSONParser.parse(
                #"{"properties": {"p": \#(sub)}, "items": \#(sub), "additionalProperties": \#(sub), "$defs": {"x": \#(sub)}}"#)
            return (
                SchemaValidator(registry: registry, schema: schema.root, dialect: dialect),
                SchemaValidator(registry: registry, schema: schema.root["$defs"]!["x"]!, dialect: dialect)
            )
        }
        var invalid = 0
        for dialect in [SchemaDialect.oas30, .draft2020_12] {
            let (fastWrapper, fastRoot) = try validators(leaf, dialect)
            let (slowWrapper, slowRoot) = try validators(plain, dialect)
            for mode in [ValidationOptions.Mode.request, .response, .neutral] {
                let options = ValidationOptions(mode: mode)
                for value in instances {
                    for wrapped in [#"{"p": \#(value)}"#, "[\(value)]", #"{"q": \#(value)}"#] {
                        let doc = try JSONParser.parse(wrapped)
                        let fast = fastWrapper.isValid(doc.root, options: options)
                        #expect(
                            fast == slowWrapper.isValid(doc.root, options: options),
                            "\(leaf) \(dialect) \(mode) \(wrapped)")
                        let full = fastWrapper.validate(doc.root, options: options)
                        #expect(full.isValid == fast && full.isValid == full.errors.isEmpty)
                        let bytes = fastWrapper.isValid(json: Array(wrapped.utf8), options: options)
                        #expect(bytes == nil || bytes == fast, "bytes: \(leaf) \(dialect) \(mode) \(wrapped)")
                        if !fast { invalid += 1 }
                    }
                    let doc = try JSONParser.parse(value)
                    #expect(
                        fastRoot.isValid(doc.root, options: options) == slowRoot.isValid(doc.root, options: options),
                        "\(leaf) \(dialect) \(mode) \(value)")
                }
            }
        }
        #expect(invalid > 0, "every leaf schema rejects something in the list")
    }

    // MARK: schema caches

    /// The per-node cache behind the validator and shape caches agrees with a dictionary across several documents
    /// (switching documents in and out of its last-used slot), makes each value once, and hands back that value
    /// ever after.
    @Test func nodeCacheAgreesWithADictionary() throws {
        final class Box: Sendable { let n: Int; init(_ n: Int) { self.n = n } }
        let text = "[" + (0..<1_000).map(String.init).joined(separator: ",") + "]"
        let documents = try (0..<3).map { _ in try JSONParser.parse(SourceText(name: "d.json", string: text)) }
        let cache = NodeCache<Box>()
        var oracle: [[Int: Int]] = Array(repeating: [:], count: 3)
        var made = 0
        var rng = SystemRandomNumberGenerator()
        for step in 0..<5_000 {
            let d = Int.random(in: 0..<3, using: &rng)
            let node = documents[d].node(at: Int.random(in: 0..<documents[d].nodeCount, using: &rng))
            let value = cache.value(for: node) {
                made += 1
                return Box(step)
            }.takeUnretainedValue()
            if let known = oracle[d][node.index] {
                #expect(value.n == known, "a cached node keeps its first value")
            } else {
                #expect(value.n == step)
                oracle[d][node.index] = step
            }
        }
        #expect(made == oracle.reduce(0) { $0 + $1.count }, "each node's value is made once")
        for (d, document) in documents.enumerated() {
            for index in 0..<document.nodeCount {
                #expect(cache.cached(document.node(at: index))?.takeUnretainedValue().n == oracle[d][index])
            }
        }
    }

    /// Workers racing for the same nodes all get the one value that was stored first.
    @Test func nodeCacheRacesSettleOnOneValue() async throws {
        final class Box: Sendable { let id: Int; init(_ id: Int) { self.id = id } }
        let document = try JSONParser.parse(SourceText(name: "d.json", string: "[" + String(repeating: "1,", count: 255) + "1]"))
        let cache = NodeCache<Box>()
        let seen = await withTaskGroup(of: [Int].self) { group in
            for worker in 0..<8 {
                group.addTask {
                    (0..<document.nodeCount).map { i in
                        cache.value(for: document.node(at: i)) { Box(worker * 1_000 + i) }.takeUnretainedValue().id
                    }
                }
            }
            var all: [[Int]] = []
            for await ids in group { all.append(ids) }
            return all
        }
        for ids in seen.dropFirst() { #expect(ids == seen[0]) }
    }

    // MARK: multipleOf

    /// The shortcut for numbers with many trailing zeros (divide out the divisor's 2s and 5s) agrees with long
    /// division of the padded digits on random cases.
    @Test func multipleOfShortcutAgreesWithLongDivision() throws {
        var rng = SystemRandomNumberGenerator()
        func digits(_ count: Int) -> [UInt8] {
            var d = (0..<count).map { _ in UInt8.random(in: 0...9, using: &rng) }
            d[0] = UInt8.random(in: 1...9, using: &rng)
            d[count - 1] = UInt8.random(in: 1...9, using: &rng)
            return d
        }
        for _ in 0..<2_000 {
            let aDigits = digits(Int.random(in: 1...6, using: &rng))
            let aZeros = Int.random(in: 0...40, using: &rng)
            let a = JSONNumber.Decimal(parsing: aDigits.map(String.init).joined() + "e\(aZeros)")
            // Divisors rich in 2s and 5s (powers times a small odd part), long and short.
            var b = [UInt8(Int.random(in: 1...9, using: &rng))]
            for _ in 0..<Int.random(in: 0...30, using: &rng) {
                b = DecimalMath.multiply(b, by: [2, 5, 4, 8, 25][Int.random(in: 0..<5, using: &rng)])
            }
            while b.last == 0 { b.removeLast() }
            let divisor = JSONNumber.Decimal(parsing: b.map(String.init).joined())
            let padded = aDigits + [UInt8](repeating: 0, count: aZeros)
            #expect(DecimalMath.isMultiple(a, of: divisor) == DecimalMath.divides(b, padded), "\(a) / \(divisor)")
        }
    }

    // MARK: edit distance

    /// The byte edit distance (rows on the stack) on known pairs, both ways round (non-ASCII counts bytes).
    @Test func byteEditDistanceOnKnownPairs() {
        let cases: [(String, String, Int)] = [
            ("", "", 0), ("", "abc", 3), ("a", "a", 0), ("ab", "ba", 2), ("abc", "acb", 2), ("kitten", "sitting", 3),
            ("flaw", "lawn", 2), ("customers", "customer", 1), ("customers", "cusotmers", 2), ("charges", "xyzzy", 7),
            ("é", "e", 2), ("é", "é", 0),
        ]
        for (a, b, d) in cases {
            #expect(specEditDistance(Array(a.utf8), Array(b.utf8)) == d, "\(a) \(b)")
            #expect(specEditDistance(Array(b.utf8), Array(a.utf8)) == d, "\(b) \(a)")
        }
    }

    // MARK: header names

    /// Header names compare byte by byte ignoring ASCII case only: every pair of ASCII characters (`@` and `` ` ``,
    /// `[` and `{` differ by the case bit but are not letters), and names with non-ASCII bytes.
    @Test func headerNamesCompareIgnoringASCIICaseOnly() {
        func reference(_ a: String, _ b: String) -> Bool {
            func fold(_ c: UInt8) -> UInt8 { c >= 65 && c <= 90 ? c + 32 : c }
            return Array(a.utf8).map(fold) == Array(b.utf8).map(fold)
        }
        for x in 0..<128 {
            for y in 0..<128 {
                let a = "X-" + String(UnicodeScalar(UInt8(x))) + "-Name"
                let b = "x-" + String(UnicodeScalar(UInt8(y))) + "-NAME"
                #expect(a.equalsIgnoringASCIICase(b) == reference(a, b), "\(x) \(y)")
            }
        }
        for (a, b) in [("Ümlaut", "ümlaut"), ("Content-Type", "content-type"), ("", ""), ("a", ""), ("É", "é"), ("ÿ", "ß")] {
            #expect(a.equalsIgnoringASCIICase(b) == reference(a, b), "\(a) \(b)")
        }
    }

    /// The byte helpers read a `String` or a `Substring` through its contiguous UTF-8 (small, large and sliced
    /// strings, non-ASCII text, blanks only) and agree with plain byte-array references.
    @Test func byteHelpersAgreeWithReferencesOnStringsAndSlices() {
        func fold(_ c: UInt8) -> UInt8 { c >= 65 && c <= 90 ? c + 32 : c }
        func trimmed(_ u: [UInt8]) -> [UInt8] {
            let blank: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 }
            guard let first = u.firstIndex(where: { !blank($0) }), let last = u.lastIndex(where: { !blank($0) }) else { return [] }
            return Array(u[first...last])
        }
        func contains(_ h: [UInt8], _ n: [UInt8]) -> Bool {
            n.isEmpty || (n.count <= h.count && (0...(h.count - n.count)).contains { Array(h[$0..<($0 + n.count)]) == n })
        }
        let texts = [
            "", " ", "\t \t", "a", " Bearer sk_test_123 ", "\tContent-Type\t", "  é ü  ", "Ümlaut", "x-REQUEST-id",
            "a long value that is stored out of line, with  inner  blanks\t", "\t\u{1F600} ", "[]{}@`",
        ]
        let needles = ["", "bearer", "TYPE", "é", "x", "request-ID", " ", "\u{1F600}", "long value that is stored out"]
        var slices: [Substring] = []
        for text in texts {
            let padded = "<<" + text + ">>"
            slices.append(padded.dropFirst(2).dropLast(2))
        }
        for (text, slice) in zip(texts, slices) {
            let u = Array(text.utf8)
            #expect(Array(text.httpTrimmed.utf8) == trimmed(u), "\(text)")
            #expect(Array(slice.httpTrimmed.utf8) == trimmed(u), "\(text)")
            for byte: UInt8 in [0x20, 0x09, 0x61, 0xC3, 0x5B] {
                #expect(text.containsByte(byte) == u.contains(byte) && slice.containsByte(byte) == u.contains(byte))
            }
            for needle in needles {
                let n = Array(needle.utf8)
                let prefix = n.count <= u.count && u.prefix(n.count).map(fold) == n.map(fold)
                let suffix = n.count <= u.count && u.suffix(n.count).map(fold) == n.map(fold)
                let inside = contains(u.map(fold), n.map(fold))
                for value in [text[...], slice] {
                    #expect(value.hasPrefixIgnoringASCIICase(needle) == prefix, "\(text) \(needle)")
                    #expect(value.hasSuffixIgnoringASCIICase(needle) == suffix, "\(text) \(needle)")
                    #expect(value.containsIgnoringASCIICase(needle) == inside, "\(text) \(needle)")
                    #expect(value.equalsIgnoringASCIICase(needle) == (u.map(fold) == n.map(fold)), "\(text) \(needle)")
                    #expect(value.containsBytes(needle) == contains(u, n), "\(text) \(needle)")
                }
            }
        }
    }

    // MARK: properties and required in one walk

    /// The fast pass checks `properties` and `required` in one walk over the members when every required name is
    /// declared. It must agree with two walks: the same schema requiring one more, undeclared name (which every
    /// object has) never takes one walk. Objects with every subset of the members, in declaration order and
    /// reversed, in requests (readOnly required names exempt), responses (writeOnly exempt) and neither; and the
    /// schemas that keep two walks themselves (an undeclared required name, more than 64 names).
    @Test func propertiesAndRequiredInOneWalkAgreeWithTheKeywords() throws {
        let many = (0..<70).map { "\"k\($0)\": {\"type\": \"integer\"}" }.joined(separator: ", ")
        let manyNames = (0..<70).map { "\"k\($0)\"" }.joined(separator: ", ")
        let first64 = (0..<64).map { "\"k\($0)\"" }.joined(separator: ", ")
        let cases: [(properties: String, required: String)] = [
            (
                #"{"a": {"type": "integer"}, "b": {"type": "string", "readOnly": true}, "c": {"type": "string", "writeOnly": true}, "d\u00e9": {}}"#,
                #"["a", "b", "c", "d\u00e9"]"#
            ),
            (#"{"a": {"type": "integer"}, "b": {"type": "string"}}"#, #"["b"]"#),
            (#"{"a": {"type": "integer"}}"#, #"["a", "z"]"#),
            (#"{"a": {"type": "integer"}, "b": {}}"#, #"["a", "a"]"#),
            ("{\(many)}", "[\(manyNames)]"),
            ("{\(many)}", "[\(first64)]"),
        ]
        let members = [#""a": 1"#, #""b": "x""#, #""c": "y""#, #""d\u00e9": 0"#, #""dé": 2"#, #""z": true"#, #""a": "no""#]
        var objects: [String] = []
        for mask in 0..<(1 << members.count) {
            let picked = members.indices.filter { mask & (1 << $0) != 0 }.map { members[$0] }
            objects.append("{" + picked.joined(separator: ", ") + "}")
            objects.append("{" + picked.reversed().joined(separator: ", ") + "}")
        }
        objects.append("{" + (0..<70).map { "\"k\($0)\": \($0)" }.joined(separator: ", ") + "}")
        objects.append("{" + (1..<70).map { "\"k\($0)\": \($0)" }.joined(separator: ", ") + "}")
        objects.append("{" + (0..<64).map { "\"k\($0)\": \($0)" }.reversed().joined(separator: ", ") + "}")
        objects.append("{" + (0..<63).map { "\"k\($0)\": \($0)" }.joined(separator: ", ") + "}")
        var outcomes: Set<Bool> = []
        for (properties, required) in cases {
            for dialect in [SchemaDialect.oas30, .draft2020_12] {
                func validator(_ text: String) throws -> SchemaValidator {
                    SchemaValidator(registry: SchemaRegistry(), schema: try JSONParser.parse(text).root, dialect: dialect)
                }
                let together = try validator(#"{"properties": \#(properties), "required": \#(required)}"#)
                let apart = try validator(
                    #"{"properties": \#(properties), "required": ["zz", \#(required.dropFirst())}"#)
                for mode in [ValidationOptions.Mode.request, .response, .neutral] {
                    let options = ValidationOptions(mode: mode)
                    for object in objects {
                        let text = String(object.dropLast()) + (object == "{}" ? "" : ", ") + #""zz": 0}"#
                        let doc = try JSONParser.parse(text)
                        let fast = together.isValid(doc.root, options: options)
                        for v in [together, apart] {
                            let bytes = v.isValid(json: Array(text.utf8), options: options)
                            #expect(bytes == nil || bytes == v.isValid(doc.root, options: options), "bytes: \(text)")
                        }
                        #expect(
                            fast == apart.isValid(doc.root, options: options),
                            "\(properties) \(required) \(dialect) \(mode) \(object)")
                        #expect(fast == together.validate(doc.root, options: options).errors.isEmpty)
                        outcomes.insert(fast)
                    }
                }
            }
        }
        #expect(outcomes == [true, false])
    }

    /// A lookup that tries the position after the previous match first finds what the hash lookup finds, whatever
    /// the guess (in range, past the end, wrong) and for names of every length around the 8-byte comparison.
    @Test func propertyLookupWithAGuessMatchesTheHashLookup() {
        let names = ["", "a", "ab", "abcdefg", "abcdefgh", "abcdefghi", "abcdefgh_abcdefgh", "amount", "amount_due", "é"]
        let table = PropertyTable(names: names, schemas: [])
        for probe in names + ["b", "abcdefgi", "amount_duf", "amoun", "abcdefgh_abcdefgg", "e"] {
            var bytes = Array(probe.utf8)
            let expected = names.firstIndex(of: probe)
            bytes.withUnsafeMutableBufferPointer { buffer in
                let key = UnsafeBufferPointer(buffer)
                #expect(table.find(key) == expected, "\(probe)")
                for guess in 0...(names.count + 1) {
                    #expect(table.find(key, expecting: guess) == expected, "\(probe) guessing \(guess)")
                }
            }
        }
    }

    // MARK: JSON string scanning

    /// The scanner jumps from an 8-byte word to its first special byte: a quote, escape, control or non-ASCII byte
    /// at every offset of the word (and across words) is found, and its position reported exactly.
    @Test func stringScanFindsSpecialBytesAtEveryOffset() throws {
        for offset in 0..<20 {
            let pad = String(repeating: "a", count: offset)
            for (raw, decoded) in [
                (#"\""#, "\""), (#"\\"#, "\\"), (#"\/"#, "/"), (#"\n"#, "\n"), (#"\u00e9"#, "é"), ("é", "é"),
                ("中", "中"), (#"\ud83d\ude00"#, "😀"), ("", ""),
            ] {
                let text = #"["\#(pad)\#(raw)\#(pad)z", 1]"#
                let doc = try JSONParser.parse(text)
                #expect(doc.root[0]?.stringValue == pad + decoded + pad + "z", "\(text)")
                #expect(doc.root[1]?.numberValue?.description == "1")
            }
            // A raw control byte is rejected at its own column.
            do {
                _ = try JSONParser.parse("[\"\(pad)\u{01}x\"]")
                Issue.record("a control byte at offset \(offset) was accepted")
            } catch {
                #expect(error.location.column == offset + 3, "offset \(offset): \(error)")
            }
            // A bad escape is rejected too, wherever it sits.
            #expect(throws: JSONError.self) { try JSONParser.parse("[\"\(pad)\\x\"]") }
        }
    }
}
