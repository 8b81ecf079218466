/*
 What several rules need to know about one exchange, computed on demand:

     Authorization: Bearer sk_test_51Hc…        →  APIKey(value: "sk_test_51Hc…", type: "sk", live: false)
     POST amount=10.99&metadata.order=7 (form)  →  RequestParam(name: "amount", value: "10.99", in: body) …
     401 {"error": {"type": "invalid_request_error", "code": "api_key_expired", …}}  →  ProviderError

 Nothing here is cached: each detector asks only for what it needs, and the expensive parts (bodies) are read only
 when the content type says they can hold what the rule looks for.
*/

/// The parts of a request URL rules read, split once per exchange (`HTTPRequest.path`, `.host` and `.rawQuery`
/// each split the URL again).
struct RequestURL: Sendable {
    var scheme: String?
    var host: String?
    var path: String
    var query: String?

    init(_ request: HTTPRequest) {
        let parts = request.components
        scheme = parts.scheme
        if let host = parts.host, !host.isEmpty {
            self.host = host
        } else if let value = request.header(named: "Host") ?? request.header(named: ":authority") {
            host = URLParts.splitHostPort(value).host
        } else {
            host = nil
        }
        path = parts.path.isEmpty ? "/" : parts.path
        query = parts.query
    }
}

/// A Stripe-style API key found in a request's credentials.
struct APIKey: Sendable, Hashable {
    /// The key as sent (never quoted in output; use `RuleContext.display(_:)`).
    var value: String
    /// `sk`, `pk` or `rk`.
    var type: String
    /// Whether it is a live-mode key.
    var live: Bool

    /// `test` or `live`.
    var mode: String { live ? "live" : "test" }

    /// Whether the key may call server-side endpoints (secret and restricted keys).
    var isSecret: Bool { type == "sk" || type == "rk" }

    /// Up to eight ASCII bytes as a little-endian word, starting at byte `at`.
    static func word(_ text: StaticString, at: Int = 0) -> UInt64 {
        var w: UInt64 = 0
        for k in 0..<text.utf8CodeUnitCount { w |= UInt64(text.utf8Start[k]) << UInt64(8 * (k + at)) }
        return w
    }
    static let testMode = word("test_", at: 3)
    static let liveMode = word("live_", at: 3)
    static let secretType = word("sk_")
    static let publishableType = word("pk_")
    static let restrictedType = word("rk_")

    /// Recognises `sk_test_…`, `pk_live_…`, `rk_test_…` (at least four characters after the mode).
    init?(_ raw: Substring) {
        // Byte by byte: every request's Authorization value comes through here.
        let text = raw.httpTrimmed
        let u = text.utf8
        guard u.count >= 12 else { return nil }
        // The first eight bytes, little-endian in one word: `sk_test_` and friends compare as integers.
        var head: UInt64 = 0
        var i = u.startIndex
        for k in 0..<8 {
            head |= UInt64(u[i]) << UInt64(8 * k)
            i = u.index(after: i)
        }
        let mode = head & 0xFFFF_FFFF_FF00_0000
        if mode == APIKey.testMode {
            live = false
        } else if mode == APIKey.liveMode {
            live = true
        } else {
            return nil
        }
        switch head & 0xFF_FFFF {
        case APIKey.secretType: type = "sk"
        case APIKey.publishableType: type = "pk"
        case APIKey.restrictedType: type = "rk"
        default: return nil
        }
        guard u[i...].allSatisfy({ Redactor.isAlnum($0) || $0 == 0x5F }) else { return nil }
        value = String(text)
    }
}

/// Where a form-style parameter was sent.
enum ParamPlace: String, Sendable {
    case query, body
}

/// One decoded query or form-body pair, with the pointer findings about it use.
struct RequestParam: Sendable {
    var pair: FormPair
    var place: ParamPlace
    /// Whether the name has brackets.
    let isNested: Bool
    /// Byte ranges in the name of the base name (before any bracket: `metadata` for `metadata[order_id]`) and of
    /// the innermost name (`unit_amount` for `items[0][price_data][unit_amount]`). Offsets, not slices: every rule
    /// asks about them for every pair, and a slice retained the name once more and checked its bounds by scalar.
    private let base: Range<Int32>
    private let leaf: Range<Int32>
    /// What the parameter rules test first, read from the bytes once here: most parameters match none, and each
    /// rule asking the strings again cost a pass over them and a copy of the parameter per rule.
    let marks: Marks

    struct Marks: OptionSet {
        let rawValue: UInt8
        /// The name has a `.` (`metadata.order_id`).
        static let nameHasDot = Marks(rawValue: 1)
        /// The value has a `{` or `[` (JSON text in a field).
        static let valueHasBracket = Marks(rawValue: 2)
        /// The value has a `,` (`expand=a,b`).
        static let valueHasComma = Marks(rawValue: 4)
        /// The innermost name names an amount of money (`ParamRules.isAmountName`).
        static let leafIsAmount = Marks(rawValue: 8)
        /// The innermost name is `currency`.
        static let leafIsCurrency = Marks(rawValue: 16)
        /// The base name is `expand`.
        static let baseIsExpand = Marks(rawValue: 32)
    }

    /// Splits the name once.
    init(pair: FormPair, place: ParamPlace) {
        self.pair = pair
        self.place = place
        let (nested, base, leaf, nameMarks) = pair.name.withBytes { u -> (Bool, Range<Int>, Range<Int>, Marks) in
            let whole = 0..<u.count
            let (nested, base, leaf): (Bool, Range<Int>, Range<Int>)
            if let open = u.firstIndex(ofByte: UInt8(ascii: "[")) {
                if open == 0 {
                    (nested, base, leaf) = (true, whole, whole)
                } else {
                    var last: Range<Int>?
                    if FormPair.bracketSegments(u, from: open, { if !$0.isEmpty { last = $0 } }), let last,
                        !RequestParam.isArrayIndex(UnsafeBufferPointer(rebasing: u[last]))
                    {
                        (nested, base, leaf) = (true, 0..<open, last)
                    } else {
                        (nested, base, leaf) = (true, 0..<open, 0..<open)
                    }
                }
            } else {
                (nested, base, leaf) = (false, whole, whole)
            }
            var marks: Marks = []
            if u.firstIndex(ofByte: UInt8(ascii: ".")) != nil { marks.insert(.nameHasDot) }
            let leafBytes = UnsafeBufferPointer(rebasing: u[leaf])
            if ParamRules.isAmountName(leafBytes) { marks.insert(.leafIsAmount) }
            if leafBytes.equals("currency") { marks.insert(.leafIsCurrency) }
            if UnsafeBufferPointer(rebasing: u[base]).equals("expand") { marks.insert(.baseIsExpand) }
            return (nested, base, leaf, marks)
        }
        let valueMarks = pair.value.withBytes { v -> Marks in
            var marks: Marks = []
            for b in v {
                switch b {
                case UInt8(ascii: "{"), UInt8(ascii: "["): marks.insert(.valueHasBracket)
                case UInt8(ascii: ","): marks.insert(.valueHasComma)
                default: break
                }
            }
            return marks
        }
        isNested = nested
        self.base = Int32(base.lowerBound)..<Int32(base.upperBound)
        self.leaf = Int32(leaf.lowerBound)..<Int32(leaf.upperBound)
        self.marks = nameMarks.union(valueMarks)
    }

    /// Whether a bracket segment is an array index, as `JSONPointer.arrayIndex` reads one (digits, no leading
    /// zero, within `Int`).
    private static func isArrayIndex(_ u: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = u.first, first >= 0x30, first <= 0x39, u.count == 1 || first != 0x30,
            u.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 })
        else { return false }
        return u.count < 19 || Int(String(decoding: u, as: UTF8.self)) != nil
    }

    /// The name before any bracket.
    var baseName: Substring { slice(base) }
    /// The innermost name.
    var leafName: Substring { slice(leaf) }

    private func slice(_ r: Range<Int32>) -> Substring {
        let u = pair.name.utf8
        return Substring(u[u.index(u.startIndex, offsetBy: Int(r.lowerBound))..<u.index(u.startIndex, offsetBy: Int(r.upperBound))])
    }

    var name: String { pair.name }
    var value: String { pair.value }

    /// `/request/body/metadata/order_id` for `metadata[order_id]`; empty bracket segments (`expand[]`) are dropped.
    var pointer: String {
        var tokens = [pair.baseName]
        if let path = pair.bracketPath { tokens += path.filter { !$0.isEmpty } } else { tokens = [pair.name] }
        return "/request/\(place.rawValue)/" + tokens.map(JSONPointer.escape).joined(separator: "/")
    }
}

/// Values derived from one exchange that several rules read: computed by the first, reused by the rest.
///
/// `@unchecked Sendable`: a context is used by one thread at a time (a scan worker, then the main thread after
/// the hand-over through the work queue's lock), so the lazily filled fields are never written concurrently.
final class RuleContextMemo: @unchecked Sendable {
    /// The request's query and form pairs, shared with the spec checks.
    let forms: RequestForms
    var requestParams: [RequestParam]?
    /// The `Authorization` key, once looked for (`.some(nil)`: there is none).
    var apiKey: APIKey??

    init(forms: RequestForms) {
        self.forms = forms
    }

    /// Forgets what the per-exchange checks and rules built from the request body (recomputed on demand). The
    /// context goes on to the thread that runs the cross-exchange rules in input order, which then freed these
    /// arrays: memory another core allocated, each free taking that core's malloc arena lock while it was
    /// allocating for the next exchange. Shed on the worker, they are freed where they were made.
    func shed() {
        requestParams = nil
        forms.shedBody()
    }
}

/// A provider (Stripe-style) error object: `{"error": {"type", "code", "param", "message", "doc_url", …}}`.
struct ProviderError: Sendable {
    var type: String?
    var code: String?
    var declineCode: String?
    var param: String?
    var message: String?
    var docURL: String?
    var requestLogURL: String?
}

extension RuleContext {
    /// The API key in the `Authorization` header (`Bearer <key>`, Basic with the key as user name, or bare).
    var apiKey: APIKey? {
        if let key = memo.apiKey { return key }
        let key = findAPIKey()
        memo.apiKey = .some(key)
        return key
    }

    private func findAPIKey() -> APIKey? {
        guard let header = exchange.request.header(named: "Authorization") else { return nil }
        let value = header.httpTrimmed
        guard let space = value.utf8.firstIndex(of: 0x20) else { return APIKey(value) }
        let credentials = value[value.utf8.index(after: space)...].httpTrimmed
        if value[..<space].equalsIgnoringASCIICase("basic") {
            guard let decoded = TrafficBase64.decode(String(credentials)) else { return nil }
            let user = decoded.firstIndex(of: UInt8(ascii: ":")).map { decoded[..<$0] } ?? decoded[...]
            return APIKey(Substring(String(decoding: user, as: UTF8.self)))
        }
        return APIKey(credentials)
    }

    /// A key as findings may show it: its type and mode, and four hex digits of its hash (`pk_test_[redacted:1a2b]`).
    func display(_ key: APIKey) -> String {
        let redactor = options.redactor
        if redactor.showSecrets { return key.value }
        if key.isSecret { return redactor.redactSecret(key.value) }
        return String(key.value.prefix(8)) + "[redacted:\(SecretDigest.short(key.value))]"
    }

    /// A header value as findings may show it (credential headers redacted by name), shortened. Not passed
    /// through `quote` again: free-text redaction of `Bearer sk_test_[redacted:…]` would redact the marker.
    func quoteHeader(_ name: String, _ value: String, limit: Int = 120) -> String {
        let redacted = options.redactor.redactHeader(name: name, value: value)
        return redacted.count > limit ? String(redacted.prefix(limit)) + "…" : redacted
    }

    /// The query pairs, then the form-body pairs when the body is `application/x-www-form-urlencoded` (decoded on
    /// first use and shared by every rule).
    var requestParams: [RequestParam] {
        if let params = memo.requestParams { return params }
        let params = decodeRequestParams()
        memo.requestParams = params
        return params
    }

    private func decodeRequestParams() -> [RequestParam] {
        var out: [RequestParam] = []
        // Appended one by one: `+=` of a mapped array copied every parameter (and retained its strings) once more.
        if let query = url.query, !query.isEmpty {
            memo.forms.queryPairs.withUnsafeBufferPointer { pairs in
                out.reserveCapacity(pairs.count)
                for i in pairs.indices { out.append(RequestParam(pair: pairs[i], place: .query)) }
            }
        }
        if let body = exchange.request.body, isFormBody, !body.isEmpty, body.bytes.count <= options.maxBodyBytes {
            memo.forms.bodyPairs.withUnsafeBufferPointer { pairs in
                out.reserveCapacity(out.count + pairs.count)
                for i in pairs.indices { out.append(RequestParam(pair: pairs[i], place: .body)) }
            }
        }
        return out
    }

    /// Whether the request body is declared as a form.
    var isFormBody: Bool {
        let request = exchange.request
        return HTTPMediaType.isForm(request.header(named: "Content-Type") ?? request.body?.mediaType)
    }

    /// Whether the request body is declared as JSON.
    var isJSONBody: Bool {
        let request = exchange.request
        return HTTPMediaType.isJSON(request.header(named: "Content-Type") ?? request.body?.mediaType)
    }

    /// The response status, 0 when there is none.
    var status: Int { exchange.response?.status ?? 0 }

    /// The response body parsed as JSON, when the response says it is JSON (or looks like an object) and is small.
    func responseJSON(limit: Int = 1 << 20) -> Document? {
        guard let response = exchange.response, let body = response.body, !body.isEmpty else { return nil }
        let bytes = body.bytes
        guard bytes.count <= min(limit, options.maxBodyBytes) else { return nil }
        let declared = HTTPMediaType.isJSON(response.mediaType)
        guard declared || bytes.first(where: { $0 > 0x20 }) == UInt8(ascii: "{") else { return nil }
        return try? JSONParser.parse(SourceText(name: exchange.source.file, bytes: bytes))
    }

    /// The provider error object of a 4xx/5xx response, when its body is one.
    var providerError: ProviderError? {
        guard status >= 400, let document = responseJSON(), let error = document.root["error"],
            error.kind == .object
        else { return nil }
        func string(_ key: String) -> String? { error[key]?.stringValue }
        let result = ProviderError(
            type: string("type"), code: string("code"), declineCode: string("decline_code"), param: string("param"),
            message: string("message"), docURL: string("doc_url"), requestLogURL: string("request_log_url"))
        guard result.type != nil || result.code != nil || result.message != nil else { return nil }
        return result
    }

    /// Renders a `<rule>.reason.<name>` template in the run's language.
    func reason(_ rule: String, _ name: String, _ args: [String: String] = [:]) -> String {
        Messages.render("\(rule).reason.\(name)", args, language: options.language)
    }

    /// Picks the English or Chinese wording of a short free-text fragment.
    func localized(en: String, zhHans: String) -> String {
        options.language == .zhHans ? zhHans : en
    }

    /// The schema types of a top-level form field of the routed operation's body (empty when unknown).
    func bodyFieldTypes(_ name: String) -> Set<String>? {
        guard let spec, let route, let body = route.operation.requestBody else { return nil }
        guard let media = body.content.first(where: { HTTPMediaType.isForm($0.mediaType) }) ?? body.content.first,
            let schema = spec.coercion.resolved(media.schema?.node),
            let property = schema["properties"]?[name]
        else { return nil }
        return spec.coercion.types(of: property)
    }

    /// The routed operation's query parameter named `name`.
    func queryParameter(_ name: String) -> OpenAPI.Parameter? {
        guard let parameters = route?.operation.parameters, let i = parameters.firstIndex(in: .query, named: { $0 == name })
        else { return nil }
        return parameters[i]
    }

    /// Whether this looks like an API call, not a page or asset load: routed by a spec, credentials in a header
    /// (cookies aside), a JSON or form request body, or a JSON response.
    var isAPICall: Bool {
        if route != nil { return true }
        let request = exchange.request
        for header in request.headers where Redactor.isSecretHeader(header.name) {
            let name = header.name
            if !name.equalsIgnoringASCIICase("cookie") && !name.equalsIgnoringASCIICase("set-cookie") { return true }
        }
        if request.body.map({ !$0.isEmpty }) == true, isFormBody || isJSONBody { return true }
        return HTTPMediaType.isJSON(exchange.response?.mediaType)
    }

    /// Whether this is a call to a form-encoded, Stripe-style API, whose conventions the encoding and list rules
    /// check: routed by a spec, made with a Stripe key, or sent to api.stripe.com.
    var isProviderCall: Bool {
        route != nil || apiKey != nil || url.host?.equalsIgnoringASCIICase("api.stripe.com") == true
    }
}

extension Substring {
    /// Whether the text contains ASCII whitespace (space, tab, CR, LF).
    var hasWhitespace: Bool { utf8.contains { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D } }
}
