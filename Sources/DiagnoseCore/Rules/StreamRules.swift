/*
 Rules that look across the whole recording, fed every exchange in time order by `RuleStream`:

     #3 POST /v1/charges amount=100           (no Idempotency-Key)
     #4 POST /v1/charges amount=100           (no Idempotency-Key)  → idempotency.retry-without-key at #4 (previous 3)
     #5 POST /v1/refunds  Idempotency-Key: k1
     #6 POST /v1/charges  Idempotency-Key: k1                       → idempotency.key-reused at #6 (previous 5)
     #7 GET /v1/customers → 429 Retry-After: 2; #8 the same 0.1 s later → ratelimit.retry-without-backoff at #8

 Each detector keeps only small per-key state (hashes, entry numbers), so a multi-gigabyte scan stays cheap.
*/

/// A request's identity for "the same request again": method, host, path, query and body bytes.
struct RequestFingerprint: Hashable {
    var endpoint: String
    var query: String
    var body: Int

    init(_ context: RuleContext) {
        let request = context.exchange.request
        endpoint = "\(request.method.uppercased()) \(context.url.host?.lowercased() ?? "") \(context.url.path)"
        query = context.url.query ?? ""
        body = RequestFingerprint.hash(request.body?.bytes ?? [])
    }

    /// A 64-bit hash of the body, eight bytes at a time. Not `Hasher`: SipHash cost about 10k instructions per
    /// form body, and this hash needs no protection against chosen collisions (it only tells a retry of the same
    /// body from a different body, among the bounded number of requests remembered).
    static func hash(_ bytes: [UInt8]) -> Int {
        bytes.withUnsafeBytes { raw in
            var h: UInt64 = 0x9E37_79B9_7F4A_7C15
            var i = 0
            func mix(_ w: UInt64) {
                h = (h ^ w) &* 0xBF58_476D_1CE4_E5B9
                h ^= h >> 31
            }
            while i + 8 <= raw.count {
                mix(raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                i += 8
            }
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while i < raw.count {
                tail |= UInt64(raw[i]) << shift
                shift += 8
                i += 1
            }
            mix(tail)
            // The length last, in a round of its own: xored in with the tail, `b` and `a\0` collided.
            mix(UInt64(raw.count))
            mix(0x94D0_49BB_1331_11EB)
            return Int(truncatingIfNeeded: h)
        }
    }
}

extension RuleContext {
    /// 1-based entry number of the exchange in its file.
    var entry: String { String(exchange.source.entry) }
    /// Whether the request is a webhook delivery (signed by the provider), not an API call.
    var isWebhookDelivery: Bool { WebhookSignatureRule.signatureHeader(of: exchange.request) != nil }
}

// MARK: - idempotency

/// `idempotency.retry-without-key` and `idempotency.key-reused`.
struct IdempotencyStream: StreamDetector {
    var keyless = BoundedMemo<RequestFingerprint, String>()
    /// The first request per key: its fingerprint, entry, method and path (quoted only when a reuse is reported).
    var keys = BoundedMemo<String, (fingerprint: RequestFingerprint, entry: String, method: String, path: String)>()
    var out: [(Int, Finding)] = []

    mutating func drain() -> [(Int, Finding)] {
        defer { out.removeAll() }
        return out
    }

    mutating func observe(_ context: RuleContext, index: Int) {
        let request = context.exchange.request
        guard request.method.equalsIgnoringASCIICase("POST"), context.isAPICall, !context.isWebhookDelivery else { return }
        let fingerprint = RequestFingerprint(context)
        guard let key = request.header(named: "Idempotency-Key"), !key.isEmpty else {
            // Only APIs that support idempotency keys: a Stripe-style call, or one routed by a spec.
            guard context.isProviderCall else { return }
            if let previous = keyless[fingerprint] {
                out.append(
                    (index,
                     context.finding(
                        "idempotency.retry-without-key", at: "/request/headers/Idempotency-Key",
                        args: ["method": "POST", "path": context.quote(context.url.path), "previous": previous],
                        expected: "an Idempotency-Key header")))
            } else {
                keyless[fingerprint] = context.entry
            }
            return
        }
        guard let first = keys[key] else {
            keys[key] = (fingerprint, context.entry, request.method, context.url.path)
            return
        }
        guard first.fingerprint != fingerprint else { return }  // a faithful retry
        let endpoint = "\(first.method.uppercased()) \(context.quote(first.path))"
        let reason =
            first.fingerprint.endpoint != fingerprint.endpoint
            ? context.localized(en: "it was sent to \(endpoint)", zhHans: "该键曾用于 \(endpoint)")
            : context.localized(en: "the parameters differ", zhHans: "参数不同")
        out.append(
            (index,
             context.finding(
                "idempotency.key-reused", at: "/request/headers/Idempotency-Key",
                args: ["value": context.quote(key), "previous": first.entry, "reason": reason],
                found: key)))
    }

    mutating func finish() -> [(Int, Finding)] { out }
}

// MARK: - http.server-error

/// `http.server-error`: each 5xx, noting a later retry of a POST without an Idempotency-Key.
struct ServerErrorStream: StreamDetector {
    struct Pending {
        var index: Int
        var context: RuleContext
        var fingerprint: RequestFingerprint?
        var retry: String?
    }
    var pending: [Pending] = []

    mutating func observe(_ context: RuleContext, index: Int) {
        let request = context.exchange.request
        let isPost = request.method.equalsIgnoringASCIICase("POST")
        let hasKey = !(request.header(named: "Idempotency-Key") ?? "").isEmpty
        if isPost, !hasKey, pending.contains(where: { $0.fingerprint != nil && $0.retry == nil }) {
            let fingerprint = RequestFingerprint(context)
            for i in pending.indices where pending[i].retry == nil && pending[i].fingerprint == fingerprint {
                pending[i].retry = context.entry
            }
        }
        guard (500..<600).contains(context.status), context.isAPICall else { return }
        let fingerprint = isPost && !hasKey ? RequestFingerprint(context) : nil
        pending.append(Pending(index: index, context: context, fingerprint: fingerprint))
    }

    mutating func finish() -> [(Int, Finding)] {
        pending.map { item in
            let context = item.context
            var reason = ""
            if let retry = item.retry {
                reason = context.reason("http.server-error", "retry-without-key", ["previous": retry])
            }
            return (
                item.index,
                context.finding(
                    "http.server-error", at: "/response/status",
                    args: ["status": String(context.status), "reason": reason], found: String(context.status),
                    severity: item.retry == nil ? nil : .error)
            )
        }
    }
}

// MARK: - rate limits

/// `ratelimit.retry-without-backoff`: a retry after a 429 sooner than `Retry-After`, or with delays that do not
/// grow.
struct RetryBackoffStream: StreamDetector {
    struct Chain {
        var ended: Double
        var retryAfter: Double?
        var lastDelay: Double?
    }
    var chains: [String: Chain] = [:]
    var out: [(Int, Finding)] = []

    mutating func drain() -> [(Int, Finding)] {
        defer { out.removeAll() }
        return out
    }

    mutating func observe(_ context: RuleContext, index: Int) {
        let exchange = context.exchange
        guard let started = exchange.startedAt else { return }
        // Chains start at a 429: until one has, there is nothing to look up (and no key to build per exchange).
        guard !chains.isEmpty || context.status == 429 else { return }
        let key = "\(exchange.request.method.uppercased()) \(context.url.host ?? "") \(context.url.path)"
        if let chain = chains[key] {
            let delay = max(0, started - chain.ended)
            var tooSoon = false
            var expected = ""
            if let retryAfter = chain.retryAfter, delay < retryAfter {
                tooSoon = true
                expected = Self.seconds(retryAfter)
            } else if chain.retryAfter == nil, let last = chain.lastDelay, delay <= last {
                tooSoon = true
            }
            if tooSoon {
                out.append(
                    (index,
                     context.finding(
                        "ratelimit.retry-without-backoff", at: "/request/url",
                        args: ["delay": Self.seconds(delay), "expected": expected],
                        expected: expected.isEmpty ? nil : expected, found: Self.seconds(delay))))
            }
            if context.status == 429 {
                chains[key] = Chain(
                    ended: started + (exchange.time ?? 0) / 1000, retryAfter: Self.retryAfter(exchange),
                    lastDelay: delay)
            } else {
                chains[key] = nil
            }
            return
        }
        if context.status == 429 {
            chains[key] = Chain(
                ended: started + (exchange.time ?? 0) / 1000, retryAfter: Self.retryAfter(exchange), lastDelay: nil)
        }
    }

    static func retryAfter(_ exchange: Exchange) -> Double? {
        guard let value = exchange.response?.header(named: "Retry-After") else { return nil }
        return Double(value.httpTrimmed)
    }

    static func seconds(_ value: Double) -> String {
        let tenths = (value * 10).rounded() / 10
        if tenths == tenths.rounded() { return "\(Int(tenths)) s" }
        return "\(tenths) s"
    }

    mutating func finish() -> [(Int, Finding)] { out }
}

/// `ratelimit.burst`: more API calls in one second than the configured limit; one finding per burst, at the call
/// that crossed the limit, naming the busiest second's count.
struct BurstStream: StreamDetector {
    let limit: Double
    var window: [Double] = []
    var head = 0
    var current: (index: Int, context: RuleContext, peak: Int)?
    var out: [(Int, Finding)] = []

    mutating func drain() -> [(Int, Finding)] {
        defer { out.removeAll() }
        return out
    }

    init(limit: Double) { self.limit = limit }

    mutating func observe(_ context: RuleContext, index: Int) {
        guard let time = context.exchange.startedAt, context.isAPICall else { return }
        window.append(time)
        while window[head] <= time - 1 { head += 1 }
        if head > 4096 {
            window.removeFirst(head)
            head = 0
        }
        let count = window.count - head
        if Double(count) > limit {
            if current == nil {
                current = (index, context, count)
            } else {
                current!.peak = max(current!.peak, count)
            }
        } else if current != nil {
            flush()
        }
    }

    mutating func flush() {
        guard let burst = current else { return }
        let limitText = limit == limit.rounded() ? String(Int(limit)) : String(limit)
        out.append(
            (burst.index,
             burst.context.finding(
                "ratelimit.burst", at: "/request/url", args: ["count": String(burst.peak), "limit": limitText],
                expected: "at most \(limitText) per second", found: "\(burst.peak) in one second")))
        current = nil
    }

    mutating func finish() -> [(Int, Finding)] {
        flush()
        return out
    }
}

// MARK: - versions

/// `version.header-missing` (the first API call without `Stripe-Version`) and `version.drift` (more than one
/// version in the recording, reported where the second one appears).
struct VersionStream: StreamDetector {
    var missingReported = false
    var versions: [String] = []
    var drift: (index: Int, context: RuleContext)?
    var out: [(Int, Finding)] = []

    mutating func drain() -> [(Int, Finding)] {
        defer { out.removeAll() }
        return out
    }
    var headerName = "Stripe-Version"

    /// The API's version header: the operation's declared header parameter named like a version, else a
    /// `*-Version` header the request sends, else Stripe's.
    static func headerName(_ context: RuleContext) -> String {
        if let parameters = context.route?.operation.parameters,
            let i = parameters.firstIndex(in: .header, named: { $0.containsIgnoringASCIICase("version") })
        {
            return parameters[i].name
        }
        if let sent = context.exchange.request.headers.first(where: { $0.name.hasSuffixIgnoringASCIICase("-version") }) {
            return sent.name
        }
        return "Stripe-Version"
    }

    mutating func observe(_ context: RuleContext, index: Int) {
        let request = context.exchange.request
        guard context.apiKey != nil || context.url.host?.equalsIgnoringASCIICase("api.stripe.com") == true,
            !context.isWebhookDelivery
        else { return }
        let name = VersionStream.headerName(context)
        headerName = name
        let sent = request.header(named: name)
        if sent == nil, !missingReported {
            missingReported = true
            out.append(
                (index,
                 context.finding(
                    "version.header-missing", at: "/request/headers/\(name)",
                    args: ["name": name], expected: "a \(name) header")))
        }
        guard let version = (sent ?? context.exchange.response?.header(named: name))?.httpTrimmed,
            !version.isEmpty
        else { return }
        let text = String(version)
        if !versions.contains(text) {
            versions.append(text)
            if versions.count == 2 { drift = (index, context) }
        }
    }

    mutating func finish() -> [(Int, Finding)] {
        if let drift {
            let found = versions.map { drift.context.quote($0) }.joined(separator: ", ")
            out.append(
                (drift.index,
                 drift.context.finding(
                    "version.drift",
                    at: drift.context.exchange.request.header(named: headerName) != nil
                        ? "/request/headers/\(headerName)" : "/response/headers/\(headerName)",
                    args: ["count": String(versions.count), "found": found], found: found)))
        }
        return out
    }
}

// MARK: - pagination.cursor-loop

/// `pagination.cursor-loop`: a list page requested again with a cursor that already returned successfully.
struct CursorLoopStream: StreamDetector {
    var seen = BoundedMemo<String, String>()
    var out: [(Int, Finding)] = []

    mutating func drain() -> [(Int, Finding)] {
        defer { out.removeAll() }
        return out
    }

    mutating func observe(_ context: RuleContext, index: Int) {
        let request = context.exchange.request
        guard request.method.equalsIgnoringASCIICase("GET"), let query = context.url.query,
            query.containsBytes("starting_after=") || query.containsBytes("ending_before=")
        else { return }
        for pair in context.memo.forms.queryPairs
        where (pair.name == "starting_after" || pair.name == "ending_before") && !pair.value.isEmpty {
            let key = "\(context.url.host ?? "") \(context.url.path) \(pair.name)=\(pair.value)"
            if let previous = seen[key] {
                out.append(
                    (index,
                     context.finding(
                        "pagination.cursor-loop", at: "/request/query/\(pair.name)",
                        args: ["value": context.quote(pair.value), "previous": previous], found: pair.value)))
            } else if (200..<300).contains(context.status) {
                seen[key] = context.entry  // a failed page may be retried with the same cursor
            }
        }
    }

    mutating func finish() -> [(Int, Finding)] { out }
}

// MARK: - secrets.live-secret-in-trace

/// `secrets.live-secret-in-trace`: each distinct unredacted live secret key, where it first appears.
struct LiveSecretStream: StreamDetector {
    var seen: Set<String> = []
    var out: [(Int, Finding)] = []

    mutating func drain() -> [(Int, Finding)] {
        defer { out.removeAll() }
        return out
    }

    mutating func observe(_ context: RuleContext, index: Int) {
        let request = context.exchange.request
        var places: [(String, String, String)] = []  // (pointer, field description, key)
        if let key = context.apiKey, key.isSecret, key.live {
            places.append(("/request/headers/Authorization", "request header Authorization", key.value))
        }
        for header in request.headers where !header.name.equalsIgnoringASCIICase("Authorization") {
            if let key = Self.liveKey(in: header.value) {
                places.append(("/request/headers/\(JSONPointer.escape(header.name))", "request header \(header.name)", key))
            }
        }
        // Escapes can hide a key's start (`?x=%20rk_live_…`): a URL with any is searched decoded too.
        if let key = Self.liveKey(in: request.url)
            ?? (request.url.containsByte(UInt8(ascii: "%"))
                ? Self.liveKey(in: HTTPForm.percentDecode(request.url, plusIsSpace: true)) : nil)
        {
            places.append(("/request/url", "the URL", key))
        }
        if let body = request.body, !body.isEmpty {
            let bytes = body.bytes
            if bytes.count <= context.options.maxBodyBytes, let key = bytes.withUnsafeBufferPointer({ Self.liveKey(in: $0) }) {
                places.append(("/request/body", "the request body", key))
            }
        }
        for (pointer, field, key) in places where !seen.contains(key) {
            seen.insert(key)
            guard let parsed = APIKey(Substring(key)) else { continue }
            let shown = context.display(parsed)
            out.append(
                (index,
                 context.finding(
                    "secrets.live-secret-in-trace", at: pointer, args: ["found": shown, "field": field], found: shown)))
        }
    }

    static let liveMarker: [UInt8] = Array("_live_".utf8)

    /// The first `sk_live_…` or `rk_live_…` key in a text (a byte search; no allocation unless one is there).
    static func liveKey(in text: String) -> String? {
        var text = text
        return text.withUTF8 { liveKey(in: $0) }
    }

    static func liveKey(in u: UnsafeBufferPointer<UInt8>) -> String? {
        @inline(__always) func isToken(_ c: UInt8) -> Bool { Redactor.isAlnum(c) || c == 0x5F }
        var from = 0
        // "_live_" at i - 1, preceded by "sk" or "rk" at a token start.
        while let at = liveMarker.withUnsafeBufferPointer({ ByteSearch.firstIndex(of: $0, in: u, from: from, anchor: 3) }) {
            from = at + 1
            let i = at - 1
            guard i >= 1, u[i] == 0x6B, u[i - 1] == 0x73 || u[i - 1] == 0x72, i == 1 || !isToken(u[i - 2]) else {
                continue
            }
            var end = i + 7
            while end < u.count, isToken(u[end]) { end += 1 }
            let candidate = String(decoding: UnsafeBufferPointer(rebasing: u[(i - 1)..<end]), as: UTF8.self)
            if let key = APIKey(Substring(candidate)), key.isSecret, key.live { return key.value }
            from = end
        }
        return nil
    }

    mutating func finish() -> [(Int, Finding)] { out }
}

/// A dictionary that forgets its oldest entries beyond `capacity`, so a cross-exchange detector's memory stays
/// bounded on a dump of any size: a key reused after `capacity` newer ones (a day of traffic at a few exchanges
/// a second; Stripe itself forgets idempotency keys after 24 hours) is no longer recognised.
struct BoundedMemo<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private var values: [Key: Value] = [:]
    private var order: [Key] = []
    private var head = 0
    /// Entries kept.
    let capacity: Int

    init(capacity: Int = 20_000) {
        self.capacity = capacity
    }

    subscript(key: Key) -> Value? {
        get { values[key] }
        set {
            guard let newValue else {
                values[key] = nil
                return
            }
            if values.updateValue(newValue, forKey: key) == nil { order.append(key) }
            while values.count > capacity, head < order.count {
                values[order[head]] = nil
                head += 1
            }
            if head >= 4_096, head * 2 >= order.count {
                order.removeFirst(head)
                head = 0
            }
        }
    }
}
