/// A working exchange beside a failing one: every difference in the requests and responses, ranked by how likely
/// it explains the failure.
///
/// Ranking: findings (spec or integration rules) that only the failing side has come first; then differences
/// that usually break calls (method, path, credentials' kind or mode, API version, content type, body fields and
/// query parameters); then other headers. Volatile values (dates, request ids, idempotency keys, content lengths,
/// secrets' digests) are not differences.
public struct ExchangeComparison: Sendable {
    /// One difference.
    public struct Difference: Sendable, Hashable {
        /// What area: `finding`, `method`, `path`, `query`, `auth`, `version`, `content-type`, `body`, `header`,
        /// `status`, `response-header`, `response-body`.
        public var kind: String
        /// JSON pointer into the exchange (`/request/query/limit`).
        public var location: String
        /// Value in the working exchange (redacted), nil when absent.
        public var good: String?
        /// Value in the failing exchange (redacted), nil when absent.
        public var bad: String?
        /// Higher is more likely to explain the failure.
        public var rank: Int
        /// One sentence.
        public var summary: String
    }

    /// The differences, most likely cause first.
    public var differences: [Difference]

    /// Compares two exchanges.
    /// - Parameters:
    ///   - good: the working exchange.
    ///   - bad: the failing exchange.
    ///   - goodFindings: findings on the working exchange.
    ///   - badFindings: findings on the failing exchange.
    ///   - redactor: hides secrets in values.
    public init(good: Exchange, bad: Exchange, goodFindings: [Finding] = [], badFindings: [Finding] = [], redactor: Redactor = .default) {
        var out: [Difference] = []
        func add(_ kind: String, _ location: String, _ a: String?, _ b: String?, _ rank: Int, _ summary: String) {
            out.append(Difference(kind: kind, location: location, good: a.map(redactor.redactValue), bad: b.map(redactor.redactValue), rank: rank, summary: summary))
        }
        // Findings only the failing side has.
        let goodRules = Set(goodFindings.map { $0.rule + " " + $0.location })
        for f in badFindings where !goodRules.contains(f.rule + " " + f.location) {
            add("finding", f.location, nil, f.rule, f.severity == .error ? 100 : 80, "only the failing call has \(f.rule): \(f.message)")
        }
        let r1 = good.request, r2 = bad.request
        if r1.method.uppercased() != r2.method.uppercased() {
            add("method", "/request/method", r1.method, r2.method, 90, "the method differs")
        }
        if r1.path != r2.path {
            add("path", "/request/url", r1.path, r2.path, 85, "the path differs")
        }
        if r1.host?.lowercased() != r2.host?.lowercased() {
            add("host", "/request/url", r1.host, r2.host, 70, "the host differs")
        }
        // Credentials: compare kind and mode, never the secret.
        let a1 = ExchangeComparison.authKind(r1, redactor), a2 = ExchangeComparison.authKind(r2, redactor)
        if a1 != a2 {
            add("auth", "/request/headers/Authorization", a1, a2, 88, "the credentials differ in kind or mode")
        }
        // API version headers.
        for name in ExchangeComparison.versionHeaderNames(r1, r2) {
            let v1 = r1.header(named: name), v2 = r2.header(named: name)
            if v1 != v2 { add("version", "/request/headers/\(name)", v1, v2, 75, "the API version (\(name)) differs") }
        }
        let c1 = r1.header(named: "Content-Type").map(HTTPMediaType.essence), c2 = r2.header(named: "Content-Type").map(HTTPMediaType.essence)
        if c1 != c2 { add("content-type", "/request/headers/Content-Type", c1, c2, 82, "the request's Content-Type differs") }
        // Query parameters and form/JSON body fields by name.
        for (name, v1, v2) in ExchangeComparison.fieldDiff(FormDecoding.pairs(r1.rawQuery ?? ""), FormDecoding.pairs(r2.rawQuery ?? "")) {
            add("query", "/request/query/\(JSONPointer.escape(name))", v1, v2, v1 == nil || v2 == nil ? 65 : 55,
                v1 == nil ? "only the failing call sends query parameter '\(name)'" : v2 == nil ? "the failing call lacks query parameter '\(name)'" : "query parameter '\(name)' differs")
        }
        for (name, v1, v2) in ExchangeComparison.bodyFields(r1, r2) {
            add("body", "/request/body/\(name)", v1, v2, v1 == nil || v2 == nil ? 68 : 60,
                v1 == nil ? "only the failing call sends body field '\(name)'" : v2 == nil ? "the failing call lacks body field '\(name)'" : "body field '\(name)' differs")
        }
        // Other request headers (names only matter when present on one side; values for a few).
        let volatile: Set<String> = ["date", "content-length", "idempotency-key", "x-request-id", "request-id", "cookie", "authorization", "content-type", "traceparent", "tracestate", "x-amzn-trace-id", "user-agent", "host"]
        let n1 = Set(r1.headers.map { $0.name.lowercased() }), n2 = Set(r2.headers.map { $0.name.lowercased() })
        for name in n1.symmetricDifference(n2).sorted() where !volatile.contains(name) && !name.contains("version") {
            add("header", "/request/headers/\(name)", r1.header(named: name), r2.header(named: name), 40,
                n1.contains(name) ? "the failing call lacks header '\(name)'" : "only the failing call sends header '\(name)'")
        }
        if r1.header(named: "User-Agent") != r2.header(named: "User-Agent") {
            add("header", "/request/headers/User-Agent", r1.header(named: "User-Agent"), r2.header(named: "User-Agent"), 30, "the client (User-Agent) differs")
        }
        // Responses.
        if let s1 = good.response, let s2 = bad.response,
            case let comparison = ResponseComparison.compare(recorded: ReplayResponse(s1), replayed: ReplayResponse(s2)),
            !comparison.isEqual
        {
            if let status = comparison.status {
                add("status", "/response/status", String(status.recorded), String(status.replayed), 20, "the status differs")
            }
            let lines = comparison.lines.filter { !$0.hasPrefix("status") }
            let bodyLines = lines.filter { $0.hasPrefix("body") }
            for line in lines where !line.hasPrefix("body") { add("response", "/response", nil, line, 10, line) }
            if bodyLines.count > 5 {
                // A success beside an error: one line, not a field-by-field list.
                add("response", "/response/body", nil, nil, 10,
                    "the response bodies differ in \(bodyLines.count) places, e.g. " + bodyLines.prefix(2).joined(separator: "; "))
            } else {
                for line in bodyLines { add("response", "/response/body", nil, line, 10, line) }
            }
        }
        differences = out.enumerated().sorted { ($0.element.rank, -$0.offset) > ($1.element.rank, -$1.offset) }.map(\.element)
    }

    static func authKind(_ request: HTTPRequest, _ redactor: Redactor) -> String? {
        guard let value = request.header(named: "Authorization") else {
            return request.queryItems.contains { Redactor.isSecretName($0.name) } ? "key in the query string" : nil
        }
        let parts = value.split(separator: " ", maxSplits: 1)
        let scheme = parts.first.map(String.init) ?? ""
        var token = parts.count > 1 ? String(parts[1]) : ""
        if scheme.lowercased() == "basic", let decoded = TrafficBase64.decode(token) {
            token = String(String(decoding: decoded, as: UTF8.self).split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
        }
        // `sk_test_[redacted:4f2a]` → `sk_test`: kind and mode, no digest (two different test keys are equally fine).
        let redacted = Redactor.default.redactValue(token)
        let kind = redacted.split(separator: "[").first.map { $0.hasSuffix("_") ? String($0.dropLast()) : String($0) } ?? "token"
        return "\(scheme) \(kind.isEmpty ? "token" : kind)"
    }

    static func versionHeaderNames(_ a: HTTPRequest, _ b: HTTPRequest) -> [String] {
        var names: [String] = []
        for h in a.headers + b.headers where h.name.lowercased().contains("version") && !names.contains(where: { $0.lowercased() == h.name.lowercased() }) {
            names.append(h.name)
        }
        return names
    }

    static func fieldDiff(_ a: [FormPair], _ b: [FormPair]) -> [(String, String?, String?)] {
        var first: [String: String] = [:], second: [String: String] = [:]
        var order: [String] = []
        for p in a { if first[p.name] == nil { first[p.name] = p.value; order.append(p.name) } }
        for p in b { if second[p.name] == nil { second[p.name] = p.value; if first[p.name] == nil { order.append(p.name) } } }
        return order.compactMap { name in first[name] == second[name] ? nil : (name, first[name], second[name]) }
    }

    static func bodyFields(_ a: HTTPRequest, _ b: HTTPRequest) -> [(String, String?, String?)] {
        func flatten(_ request: HTTPRequest) -> [FormPair] {
            guard let body = request.body, !body.isEmpty else { return [] }
            let type = request.header(named: "Content-Type") ?? body.mediaType
            if HTTPMediaType.isJSON(type), let doc = try? JSONParser.parse(SourceText(name: "body", bytes: body.bytes)) {
                var out: [FormPair] = []
                func walk(_ node: Node, _ path: String) {
                    switch node.kind {
                    case .object: for (k, v) in node.members { walk(v, path.isEmpty ? (k.stringValue ?? "") : path + "." + (k.stringValue ?? "")) }
                    case .array: for (i, v) in node.elements.enumerated() { walk(v, path + "[\(i)]") }
                    default: out.append(FormPair(name: path, value: JSONSerializer.serialize(node)))
                    }
                }
                walk(doc.root, "")
                return out
            }
            return FormDecoding.pairs(body.text)
        }
        return fieldDiff(flatten(a), flatten(b))
    }
}
