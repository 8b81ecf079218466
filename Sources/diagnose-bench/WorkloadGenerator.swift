import DiagnoseCore
import Foundation

/// Writes Stripe-like HAR workloads for the `check` and `scan` sections, built with the library's `ExampleGenerator`
/// over Stripe's real spec: about 30 operations (customers, payment intents, charges, refunds, invoices,
/// subscriptions, prices, products, checkout sessions…), with ~20 % of the exchanges carrying one seeded
/// integration mistake. Mutated exchanges carry the header `X-Bench-Mutation: <kind>` and the User-Agent
/// `diagnose-bench-mutated/<kind>`, so findings on the valid part (false positives) can be counted.
///
/// Files are streamed to disk entry by entry (only a pool of generated variants per operation is kept in memory)
/// and cached under `.build/bench-data/`.
enum WorkloadGenerator {
    /// The operations the workload exercises, as `METHOD path`.
    static let operations = [
        "GET /v1/customers", "POST /v1/customers", "GET /v1/customers/{customer}", "POST /v1/customers/{customer}",
        "DELETE /v1/customers/{customer}", "GET /v1/payment_intents", "POST /v1/payment_intents",
        "GET /v1/payment_intents/{intent}", "POST /v1/payment_intents/{intent}/confirm",
        "POST /v1/payment_intents/{intent}/capture", "GET /v1/charges", "POST /v1/charges", "GET /v1/charges/{charge}",
        "GET /v1/refunds", "POST /v1/refunds", "GET /v1/invoices", "POST /v1/invoices", "GET /v1/invoices/{invoice}",
        "POST /v1/invoices/{invoice}/pay", "GET /v1/subscriptions", "POST /v1/subscriptions",
        "GET /v1/subscriptions/{subscription_exposed_id}", "GET /v1/prices", "POST /v1/prices", "GET /v1/products",
        "POST /v1/products", "POST /v1/checkout/sessions", "GET /v1/checkout/sessions/{session}", "GET /v1/balance",
        "GET /v1/events", "POST /v1/setup_intents",
    ]

    /// The mistakes seeded into ~20 % of the exchanges.
    enum Mutation: String, CaseIterable {
        case unknownParam = "unknown-param"
        case wrongType = "wrong-type"
        case jsonOnForm = "json-on-form"
        case missingAuth = "missing-auth"
        case decimalAmount = "decimal-amount"
        case unknownPath = "unknown-path"
    }

    /// The Stripe spec path, when the corpus is present.
    static var stripeSpecPath: String? {
        Measure.corpus.map { $0.appendingPathComponent("specs/stripe/spec3.json").path }
    }

    /// Returns the cached workload of `count` exchanges, generating it if needed.
    static func file(count: Int, seed: UInt64 = 2024) throws -> URL {
        let url = Measure.dataDirectory.appendingPathComponent("stripe-like-\(count)-\(seed).har")
        if FileManager.default.fileExists(atPath: url.path) { return url }
        guard let specPath = stripeSpecPath else {
            throw BenchError("the Stripe spec is needed to generate the workload: ../shared/corpus is absent")
        }
        let spec = try OpenAPI.Loader.load(path: specPath)
        let start = Measure.now()
        FileHandle.standardError.write("generating \(url.lastPathComponent) (\(count) exchanges)…\n".data(using: .utf8)!)
        let pool = makePool(spec: spec, variants: 24, seed: seed)
        let tmp = url.appendingPathExtension("partial")
        _ = FileManager.default.createFile(atPath: tmp.path, contents: nil)
        let handle = try FileHandle(forWritingTo: tmp)
        var out: [UInt8] = []
        out.reserveCapacity(1 << 23)
        out += Array("{\"log\": {\"version\": \"1.2\", \"creator\": {\"name\": \"diagnose-bench\", \"version\": \"1\"},\n \"entries\": [\n".utf8)
        var rng = ExampleGenerator.RNG(seed: seed ^ 0x5EED)
        for i in 0..<count {
            let variants = pool[rng.int(pool.count)]
            var exchange = variants[rng.int(variants.count)]
            personalise(&exchange, index: i, rng: &rng)
            if rng.int(100) < 20 {
                let kind = Mutation.allCases[rng.int(Mutation.allCases.count)]
                mutate(&exchange, kind)
            }
            if i > 0 { out += Array(",\n".utf8) }
            writeEntry(exchange, index: i, into: &out)
            if out.count > 1 << 22 {
                handle.write(Data(out))
                out.removeAll(keepingCapacity: true)
            }
        }
        out += Array("\n]}}\n".utf8)
        handle.write(Data(out))
        try handle.close()
        try FileManager.default.moveItem(at: tmp, to: url)
        FileHandle.standardError.write("generated in \(Measure.fmt(Measure.now() - start)) s\n".data(using: .utf8)!)
        return url
    }

    /// `variants` generated exchanges per operation.
    static func makePool(spec: OpenAPI.Document, variants: Int, seed: UInt64) -> [[Exchange]] {
        var options = ExampleGenerator.Options()
        options.optionalRate = 0.8
        options.nullRate = 0.15
        options.expandRate = 0.3
        options.maxExtraItems = 2
        var pool: [[Exchange]] = []
        for (n, name) in operations.enumerated() {
            let parts = name.split(separator: " ", maxSplits: 1).map(String.init)
            guard let operation = spec.operations.first(where: { $0.method == parts[0] && $0.pathTemplate == parts[1] })
            else { continue }
            var generator = ExampleGenerator(spec: spec, seed: seed &+ UInt64(n) &* 7919, options: options)
            pool.append((0..<variants).map {
                var exchange = generator.exchange(for: operation, entry: $0 + 1)
                makeRealistic(&exchange)
                return exchange
            })
        }
        return pool
    }

    /// Schema-valid is not the same as what a working integration sends: the generator may pick any `limit`, both
    /// cursors at once, or `livemode: true` in a response to a test key. The integration rules rightly flag those,
    /// so the valid part of the workload is brought in line with a real client's traffic (limit 1–100, one cursor,
    /// test-mode objects for the `sk_test_` keys `personalise` sets).
    static func makeRealistic(_ exchange: inout Exchange) {
        let parts = exchange.request.url.split(separator: "?", maxSplits: 1).map(String.init)
        if parts.count == 2 {
            var pairs = parts[1].split(separator: "&").map(String.init)
            if pairs.contains(where: { $0.hasPrefix("starting_after=") }) {
                pairs.removeAll { $0.hasPrefix("ending_before=") }
            }
            for i in pairs.indices where pairs[i].hasPrefix("limit=") {
                let value = Int(pairs[i].dropFirst("limit=".count)) ?? 10
                pairs[i] = "limit=\(1 + abs(value) % 100)"
            }
            exchange.request.url = parts[0] + (pairs.isEmpty ? "" : "?" + pairs.joined(separator: "&"))
        }
        if var response = exchange.response, let body = response.body {
            let text = body.text
            if text.contains("\"livemode\":true") || text.contains("\"livemode\": true") {
                response.body = HTTPBody(
                    text: text.replacing("\"livemode\":true", with: "\"livemode\":false")
                        .replacing("\"livemode\": true", with: "\"livemode\": false"),
                    mediaType: body.mediaType)
                exchange.response = response
            }
        }
    }

    /// Fresh ids, key and time per entry, so entries are not byte-identical.
    static func personalise(_ exchange: inout Exchange, index: Int, rng: inout ExampleGenerator.RNG) {
        var headers = exchange.request.headers
        // Keys of 1,000 integrations (a dump holds many calls per client, not a new key per call).
        let key = "sk_test_" + String(repeating: "0", count: 20) + String(format: "%04d", rng.int(1_000))
        for i in headers.indices where headers[i].name == "Authorization" {
            headers[i].value = headers[i].value.hasPrefix("Basic ")
                ? "Basic " + Data((key + ":").utf8).base64EncodedString()
                : "Bearer " + key
        }
        headers.removeAll { $0.name == "User-Agent" }
        headers.append(HTTPHeader(name: "User-Agent", value: "Stripe/v1 RubyBindings/10.1.0"))
        if exchange.request.method == "POST" {
            headers.append(HTTPHeader(name: "Idempotency-Key", value: "idem_" + rng.word(20)))
        }
        exchange.request.headers = headers
        // A client pages forward with a new cursor each time; the pool's few variants would repeat one, which is
        // exactly what `pagination.cursor-loop` reports.
        for name in ["starting_after=", "ending_before="] where exchange.request.url.contains(name) {
            exchange.request.url = exchange.request.url.replacing(name, with: name + "p\(index)_")
        }
        let seconds = index / 10
        exchange.startedDateTime = String(
            format: "2024-05-01T%02d:%02d:%02d.%03dZ", (seconds / 3600) % 24, (seconds / 60) % 60, seconds % 60,
            (index % 10) * 100)
    }

    static func mutate(_ exchange: inout Exchange, _ kind: Mutation) {
        var request = exchange.request
        let isForm = request.header(named: "Content-Type")?.hasPrefix("application/x-www-form-urlencoded") ?? false
        func removeQuery(_ name: String) {
            let parts = request.url.split(separator: "?", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { return }
            let kept = parts[1].split(separator: "&").filter { !$0.hasPrefix(name + "=") }
            request.url = parts[0] + (kept.isEmpty ? "" : "?" + kept.joined(separator: "&"))
        }
        func appendQuery(_ pair: String) {
            request.url += (request.url.contains("?") ? "&" : "?") + pair
        }
        switch kind {
        case .unknownParam:
            appendQuery("limt=3")
        case .wrongType:
            if request.method == "GET" {
                removeQuery("limit")
                appendQuery("limit=ten")
            } else if isForm {
                let pairs = HTTPForm.decode(request.body?.text ?? "").filter { !$0.name.hasPrefix("metadata") } + [("metadata", "oops")]
                request.body = HTTPBody(text: HTTPForm.encode(pairs), mediaType: "application/x-www-form-urlencoded")
            } else {
                appendQuery("limit=ten")
            }
        case .jsonOnForm:
            if isForm {
                let text = request.body?.text ?? ""
                let json = "{" + HTTPForm.decode(text).prefix(6).map { "\"\($0.name)\": \"\($0.value)\"" }.joined(separator: ", ") + "}"
                request.headers.removeAll { $0.name == "Content-Type" }
                request.headers.append(HTTPHeader(name: "Content-Type", value: "application/json"))
                request.body = HTTPBody(text: json, mediaType: "application/json")
            } else {
                appendQuery("limt=1")
            }
        case .missingAuth:
            request.headers.removeAll { $0.name == "Authorization" }
        case .decimalAmount:
            if isForm {
                let pairs = HTTPForm.decode(request.body?.text ?? "").filter { $0.name != "amount" } + [("amount", "10.99")]
                request.body = HTTPBody(text: HTTPForm.encode(pairs), mediaType: "application/x-www-form-urlencoded")
            } else {
                appendQuery("amount=10.99")
            }
        case .unknownPath:
            request.url = request.url.replacingOccurrences(of: "/v1/", with: "/v2/")
        }
        request.headers.removeAll { $0.name == "User-Agent" }
        request.headers.append(HTTPHeader(name: "User-Agent", value: "diagnose-bench-mutated/\(kind.rawValue)"))
        request.headers.append(HTTPHeader(name: "X-Bench-Mutation", value: kind.rawValue))
        exchange.request = request
    }

    /// Whether an exchange was mutated (by header, or by the User-Agent that scan records keep).
    static func isMutated(userAgent: String?) -> Bool { userAgent?.hasPrefix("diagnose-bench-mutated/") ?? false }

    static func str(_ s: String, _ out: inout [UInt8]) {
        var s = s
        s.withUTF8 { JSONSerializer.writeString($0, into: &out) }
    }

    static func headers(_ list: [HTTPHeader], _ out: inout [UInt8]) {
        out += Array("[".utf8)
        for (i, h) in list.enumerated() {
            if i > 0 { out += Array(", ".utf8) }
            out += Array("{\"name\": ".utf8)
            str(h.name, &out)
            out += Array(", \"value\": ".utf8)
            str(h.value, &out)
            out += Array("}".utf8)
        }
        out += Array("]".utf8)
    }

    static func writeEntry(_ e: Exchange, index: Int, into out: inout [UInt8]) {
        let request = e.request
        out += Array("  {\"startedDateTime\": ".utf8)
        str(e.startedDateTime ?? "2024-05-01T12:00:00.000Z", &out)
        out += Array(", \"time\": \(80 + index % 300).5,\n   \"request\": {\"method\": ".utf8)
        str(request.method, &out)
        out += Array(", \"url\": ".utf8)
        str(request.url, &out)
        out += Array(", \"httpVersion\": \"HTTP/1.1\", \"cookies\": [], \"headers\": ".utf8)
        headers(request.headers, &out)
        out += Array(", \"queryString\": [], \"headersSize\": -1".utf8)
        if let body = request.body {
            let text = body.text
            out += Array(", \"bodySize\": \(text.utf8.count), \"postData\": {\"mimeType\": ".utf8)
            str(body.mediaType ?? "application/octet-stream", &out)
            out += Array(", \"text\": ".utf8)
            str(text, &out)
            out += Array("}".utf8)
        } else {
            out += Array(", \"bodySize\": 0".utf8)
        }
        out += Array("},\n   \"response\": ".utf8)
        if let response = e.response {
            let text = response.body?.text ?? ""
            out += Array("{\"status\": \(response.status), \"statusText\": \"\", \"httpVersion\": \"HTTP/1.1\", \"cookies\": [], \"headers\": ".utf8)
            headers(response.headers + [HTTPHeader(name: "Stripe-Version", value: "2022-11-15")], &out)
            out += Array(", \"content\": {\"size\": \(text.utf8.count), \"mimeType\": ".utf8)
            str(response.body?.mediaType ?? "application/json", &out)
            out += Array(", \"text\": ".utf8)
            str(text, &out)
            out += Array("}, \"redirectURL\": \"\", \"headersSize\": -1, \"bodySize\": \(text.utf8.count)}".utf8)
        } else {
            out += Array("{\"status\": 0, \"statusText\": \"\", \"httpVersion\": \"\", \"cookies\": [], \"headers\": [], \"content\": {\"size\": 0, \"mimeType\": \"\"}, \"redirectURL\": \"\", \"headersSize\": -1, \"bodySize\": -1}".utf8)
        }
        out += Array(",\n   \"cache\": {}, \"timings\": {\"blocked\": -1, \"dns\": -1, \"connect\": -1, \"ssl\": -1, \"send\": 0.1, \"wait\": \(60 + index % 250).2, \"receive\": 0.4}, \"serverIPAddress\": \"54.187.174.169\"}".utf8)
    }
}

/// A bench setup failure.
struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
