#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#elseif canImport(Musl)
    import Musl
#endif

/// Measures trace reading for `make bench`: writes a synthetic HAR of a chosen size, streams it, and compares with
/// parsing a file whole with `JSONParser`.
///
/// ```swift
/// let entries = try TraceBenchmark.writeSyntheticHAR(to: "/tmp/bench.har", targetBytes: 1 << 30)
/// let r = try TraceBenchmark.read(path: "/tmp/bench.har")
/// print(r)   // 1073.7 MB, 215000 exchanges in 5.1 s: 210 MB/s, 42000 exchanges/s, peak RSS 34 MB
/// ```
public enum TraceBenchmark {
    /// The outcome of one measurement.
    public struct Result: Sendable, CustomStringConvertible {
        /// Bytes read.
        public var bytes: Int
        /// Exchanges read.
        public var exchanges: Int
        /// Problems met.
        public var problems: Int
        /// Wall-clock seconds.
        public var seconds: Double
        /// Peak resident set size of the process so far, in megabytes (nil when unknown).
        public var peakResidentMegabytes: Int?

        /// Throughput in megabytes (10^6 bytes) per second.
        public var megabytesPerSecond: Double { seconds > 0 ? Double(bytes) / 1e6 / seconds : 0 }
        /// Exchanges per second.
        public var exchangesPerSecond: Double { seconds > 0 ? Double(exchanges) / seconds : 0 }

        /// One line for humans.
        public var description: String {
            let mb = (Double(bytes) / 1e5).rounded() / 10
            let s = (seconds * 100).rounded() / 100
            return "\(mb) MB, \(exchanges) exchanges, \(problems) problems in \(s) s: \(Int(megabytesPerSecond)) MB/s, "
                + "\(Int(exchangesPerSecond)) exchanges/s, peak RSS \(peakResidentMegabytes.map { "\($0) MB" } ?? "unknown")"
        }
    }

    /// Streams a trace with `TraceReader`, optionally decoding every body.
    /// - Parameters:
    ///   - path: the trace (`-` for standard input).
    ///   - decodeBodies: whether to decode each request and response body (the lazy path skips them).
    /// - Returns: the measurement.
    /// - Throws: `DiagnoseFailure` when the trace cannot be read.
    public static func read(path: String, decodeBodies: Bool = false) throws(DiagnoseFailure) -> Result {
        let clock = ContinuousClock()
        let start = clock.now
        let reader = try TraceReader(path: path)
        var exchanges = 0
        var problems = 0
        var sink = 0
        for item in reader {
            switch item {
            case .exchange(let x):
                exchanges += 1
                if decodeBodies {
                    sink &+= x.request.body?.bytes.count ?? 0
                    sink &+= x.response?.body?.bytes.count ?? 0
                }
            case .problem: problems += 1
            }
        }
        let elapsed = clock.now - start
        return Result(
            bytes: fileSize(path) ?? 0, exchanges: exchanges, problems: problems, seconds: seconds(elapsed),
            peakResidentMegabytes: peakResidentMegabytes())
    }

    /// The baseline: reads a whole file and parses it as one JSON document (memory grows with the file).
    /// - Parameter path: a JSON file.
    /// - Returns: the measurement (`exchanges` counts `log.entries` when present).
    /// - Throws: `DiagnoseFailure` when the file cannot be read or is not JSON.
    public static func parseWhole(path: String) throws(DiagnoseFailure) -> Result {
        let clock = ContinuousClock()
        let start = clock.now
        let input = try ByteInput(path: path, chunkSize: 16 << 20)
        while input.fill() {}
        let text = SourceText(name: path, bytes: input.buffer)
        let doc: Document
        do {
            doc = try JSONParser.parse(text)
        } catch {
            throw DiagnoseFailure(error.message, location: error.location)
        }
        let elapsed = clock.now - start
        return Result(
            bytes: text.bytes.count, exchanges: doc.root["log"]?["entries"]?.count ?? 0, problems: 0,
            seconds: seconds(elapsed), peakResidentMegabytes: peakResidentMegabytes())
    }

    /// Writes a HAR of about `targetBytes` with varied, Stripe-like entries (form and JSON requests, JSON, text and
    /// base64 responses, escapes, non-ASCII), streaming, so any size can be written in constant memory.
    /// - Parameters:
    ///   - path: where to write (overwritten).
    ///   - targetBytes: the size to reach (the file ends after the entry that crosses it).
    /// - Returns: the number of entries written.
    /// - Throws: `DiagnoseFailure` when the file cannot be written.
    @discardableResult
    public static func writeSyntheticHAR(to path: String, targetBytes: Int) throws(DiagnoseFailure) -> Int {
        let sink = try OutputSink(path: path)
        let header = Array(
            "{\n  \"log\": {\n    \"version\": \"1.2\",\n    \"creator\": {\"name\": \"diagnose-bench\", \"version\": \"1\"},\n    \"pages\": [],\n    \"entries\": [\n"
                .utf8)
        sink.write(header)
        var written = header.count
        var n = 0
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            seed ^= seed << 13
            seed ^= seed >> 7
            seed ^= seed << 17
            return seed
        }
        while written < targetBytes {
            let entry = syntheticEntry(n, next)
            let bytes = Array(((n > 0 ? ",\n" : "") + entry).utf8)
            sink.write(bytes)
            written += bytes.count
            n += 1
        }
        sink.write(Array("\n    ]\n  }\n}\n".utf8))
        try sink.finish()
        return n
    }

    static func syntheticEntry(_ n: Int, _ random: () -> UInt64) -> String {
        let kinds = ["charges", "customers", "payment_intents", "refunds", "invoices"]
        let kind = kinds[Int(random() % UInt64(kinds.count))]
        let id = String(random() % 1_000_000_000, radix: 36)
        let post = n % 3 != 0
        let status = [200, 200, 200, 201, 400, 402, 404, 429, 500][Int(random() % 9)]
        let second = n % 60
        let started = "2024-05-01T10:\(n / 60 % 60 < 10 ? "0" : "")\(n / 60 % 60):\(second < 10 ? "0" : "")\(second).\(n % 1000)Z"
        var items = ""
        let count = Int(random() % 12)
        for i in 0..<count {
            items += (i > 0 ? ", " : "") + #"{\"id\": \"\#(kind.prefix(2))_\#(id)\#(i)\", \"amount\": \#(random() % 100000), \"description\": \"Caf\#u{e9} \\\"order\\\" #\#(i)\\n\", \"metadata\": {\"k\": \"v\"}}"#
        }
        let responseText = #"{\"object\": \"list\", \"data\": [\#(items)], \"has_more\": false}"#
        let requestBody =
            post
            ? #""postData": {"mimeType": "application/x-www-form-urlencoded", "text": "amount=\#(random() % 10000)&currency=usd&metadata[order]=\#(id)&description=Order+\#(n)"},"#
            : ""
        let binary = n % 7 == 0
        let content =
            binary
            ? #"{"size": 96, "mimeType": "image/png", "text": "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "encoding": "base64"}"#
            : #"{"size": \#(responseText.utf8.count), "mimeType": "application/json", "text": "\#(responseText)"}"#
        return #"""
                  {
                    "startedDateTime": "\#(started)",
                    "time": \#(random() % 900 + 20).\#(random() % 1000),
                    "request": {
                      "method": "\#(post ? "POST" : "GET")",
                      "url": "https://api.stripe.com/v1/\#(kind)\#(post ? "" : "?limit=10&starting_after=\(kind.prefix(2))_\(id)")",
                      "httpVersion": "HTTP/2",
                      "cookies": [],
                      "headers": [
                        {"name": ":authority", "value": "api.stripe.com"},
                        {"name": "authorization", "value": "Bearer sk_test_\#(id)BENCHxxxxxxxx"},
                        {"name": "content-type", "value": "application/x-www-form-urlencoded"},
                        {"name": "idempotency-key", "value": "\#(id)-\#(n)"},
                        {"name": "stripe-version", "value": "2024-06-20"},
                        {"name": "user-agent", "value": "Stripe/v1 RubyBindings/12.0.0"}
                      ],
                      "queryString": [],
                      \#(requestBody)
                      "headersSize": -1,
                      "bodySize": -1
                    },
                    "response": {
                      "status": \#(status),
                      "statusText": "",
                      "httpVersion": "HTTP/2",
                      "cookies": [],
                      "headers": [
                        {"name": "content-type", "value": "application/json"},
                        {"name": "request-id", "value": "req_\#(id)"},
                        {"name": "stripe-version", "value": "2024-06-20"}
                      ],
                      "content": \#(content),
                      "redirectURL": "",
                      "headersSize": -1,
                      "bodySize": -1,
                      "_transferSize": \#(random() % 5000)
                    },
                    "cache": {},
                    "timings": {"blocked": -1, "dns": -1, "connect": -1, "ssl": -1, "send": 0.1, "wait": \#(random() % 500), "receive": 0.5},
                    "serverIPAddress": "54.187.174.169",
                    "connection": "\#(n % 6)"
                  }
            """#
    }

    static func seconds(_ d: Duration) -> Double {
        let (s, atto) = d.components
        return Double(s) + Double(atto) / 1e18
    }

    static func fileSize(_ path: String) -> Int? {
        guard path != "-" else { return nil }
        var st = stat()
        return stat(path, &st) == 0 ? Int(st.st_size) : nil
    }

    /// Peak resident set size of this process in megabytes, from `getrusage`.
    public static func peakResidentMegabytes() -> Int? {
        var usage = rusage()
        #if canImport(Darwin)
            guard getrusage(RUSAGE_SELF, &usage) == 0 else { return nil }
            return Int(usage.ru_maxrss) / (1 << 20)
        #else
            guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return nil }
            return Int(usage.ru_maxrss) / 1024
        #endif
    }
}
