import Foundation

/*
 Authentication rules, all on one exchange and without a spec:

     Authorization: Bearer Bearer sk_test_…             auth.malformed-header (repeated-scheme)
     Authorization: Bearer pk_live_… on POST /v1/charges auth.publishable-key-server-side
     404 "… exists in live mode, but a test mode key …"  auth.key-mode-mismatch
     sk_… with Origin / Sec-Fetch-* / Mozilla UA         auth.secret-key-in-browser
     GET /v1/charges?api_key=sk_…                         auth.secret-in-url
     403 with rk_…                                        auth.restricted-key-permission
     401 api_key_expired                                  auth.expired-key

 Keys are quoted only through `RuleContext.display` (type, mode and a four-digit hash), never whole.
*/

/// `auth.*`: the integration mistakes around API keys.
struct AuthRules: ExchangeDetector {
    func detect(_ context: RuleContext) -> [Finding] {
        var out: [Finding] = []
        let request = context.exchange.request
        let key = context.apiKey
        if let header = request.header(named: "Authorization"), let finding = malformed(header, context) {
            out.append(finding)
        }
        if let key, key.type == "pk", needsSecretKey(context) {
            out.append(
                context.finding(
                    "auth.publishable-key-server-side", at: "/request/headers/Authorization",
                    args: ["found": context.display(key), "method": request.method.uppercased(),
                        "path": context.quote(context.url.path)],
                    expected: "a secret key (sk_) or restricted key (rk_)", found: context.display(key)))
        }
        if let key, key.isSecret, let signal = browserSignal(request) {
            out.append(
                context.finding(
                    "auth.secret-key-in-browser", at: "/request/headers/Authorization",
                    args: ["found": signal], found: signal))
        }
        if let name = credentialInQuery(context) {
            out.append(
                context.finding(
                    "auth.secret-in-url", at: "/request/query/\(JSONPointer.escape(name))", args: ["name": context.quote(name)]))
        }
        let status = context.status
        guard status == 401 || status == 403 || status == 404 || (200..<300).contains(status) else { return out }
        let error = context.providerError
        if let key, let finding = modeMismatch(key, error, context) { out.append(finding) }
        if status == 403, let key, key.type == "rk" {
            out.append(
                context.finding(
                    "auth.restricted-key-permission", at: "/response/status",
                    args: ["method": request.method.uppercased(), "path": context.quote(context.url.path),
                        "reason": context.quote(error?.message ?? "")],
                    found: "403"))
        }
        if status == 401, let error,
            error.code == "api_key_expired" || (error.message ?? "").lowercased().contains("expired api key")
        {
            let shown = key.map(context.display) ?? ""
            out.append(
                context.finding(
                    "auth.expired-key", at: "/response/status", args: ["found": shown], found: shown.isEmpty ? nil : shown))
        }
        return out
    }

    // MARK: auth.malformed-header

    func malformed(_ header: String, _ context: RuleContext) -> Finding? {
        func report(_ reason: String, _ args: [String: String] = [:]) -> Finding {
            var finding = context.finding(
                "auth.malformed-header", at: "/request/headers/Authorization",
                args: ["reason": context.reason("auth.malformed-header", reason, args)])
            finding.found = context.quoteHeader("Authorization", header)
            return finding
        }
        // Nearly every request sends a well-formed `Bearer <token>` or `Basic <credentials>`: that is decided on
        // the bytes (the general reading below cost about 5,000 instructions a request).
        if Self.isWellFormed(header) { return nil }
        // On the UTF-8 throughout: this runs for every request, and the separators and schemes are ASCII.
        let value = Substring(header)
        let trimmed = value.httpTrimmed
        func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }
        guard let space = trimmed.utf8.firstIndex(where: isBlank) else {
            if trimmed.equalsIgnoringASCIICase("bearer") { return report("empty-token") }
            // A bare key with no scheme at all.
            if APIKey(trimmed) != nil {
                return report("unknown-scheme", ["scheme": context.quote(String(trimmed))])
            }
            return nil
        }
        let scheme = trimmed[..<space]
        let token = value[value.utf8.index(after: value.utf8.firstIndex(where: isBlank)!)...]
        if scheme.equalsIgnoringASCIICase("bearer") {
            let inner = token.httpTrimmed
            if inner.isEmpty { return report("empty-token") }
            if inner.hasPrefixIgnoringASCIICase("bearer ") || inner.equalsIgnoringASCIICase("bearer") {
                return report("repeated-scheme")
            }
            func isQuote(_ b: UInt8) -> Bool { b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") }
            if let first = inner.utf8.first, isQuote(first) { return report("quoted-token") }
            if let last = inner.utf8.last, isQuote(last) { return report("quoted-token") }
            if token.utf8.first.map(isBlank) == true || value.utf8.count != trimmed.utf8.count || inner.hasWhitespace {
                return report("whitespace")
            }
            return nil
        }
        if scheme.equalsIgnoringASCIICase("basic") {
            let credentials = String(token.httpTrimmed)
            guard let data = TrafficBase64.strict(credentials), data.contains(UInt8(ascii: ":")) else {
                return report("basic-not-base64")
            }
            return nil
        }
        // Only a Stripe-shaped key behind an unknown scheme is surely a mistake; other APIs use `token`, `Digest`,
        // AWS signatures….
        guard token.split(separator: " ").contains(where: { APIKey($0) != nil }) else { return nil }
        return report("unknown-scheme", ["scheme": context.quote(String(scheme))])
    }

    /// `Bearer <token>` or `Basic <credentials>` (either case) with one space, nothing around, and a token the
    /// checks below accept: no whitespace or quote in a bearer token (nor the word `bearer` again), canonical
    /// base64 of `user:password` for Basic. False means "read it the general way", not "malformed".
    static func isWellFormed(_ header: String) -> Bool {
        var header = header
        return header.withUTF8 { u -> Bool in
            guard u.count > 6, u[5] == 0x20 || u[6] == 0x20 else { return false }
            func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
            if u.count > 7, u[6] == 0x20, ASCIICase.equal(u, Self.bearerWord, at: 0) {
                let token = UnsafeBufferPointer(rebasing: u[7...])
                guard let first = token.first, let last = token.last, first != 0x22, first != 0x27, last != 0x22, last != 0x27,
                    !token.contains(where: isBlank)
                else { return false }
                return !(token.count == 6 && ASCIICase.equal(token, Self.bearerWord, at: 0))
            }
            if u[5] == 0x20, ASCIICase.equal(u, Self.basicWord, at: 0) {
                let token = UnsafeBufferPointer(rebasing: u[6...])
                guard !token.isEmpty, !token.contains(where: isBlank),
                    let decoded = TrafficBase64.canonical(token)
                else { return false }
                return decoded.contains(UInt8(ascii: ":"))
            }
            return false
        }
    }

    private static var bearerWord: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: StaticString("bearer").utf8Start, count: 6) }
    private static var basicWord: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: StaticString("basic").utf8Start, count: 5) }

    // MARK: auth.publishable-key-server-side

    /// Endpoints a publishable key may call: tokenization, payment-method and source creation, and client-side
    /// confirmation with a `client_secret`.
    static let publishablePrefixes = [
        "/v1/tokens", "/v1/payment_methods", "/v1/sources", "/v1/elements", "/v1/3ds2", "/v1/apple_pay",
        "/v1/consumers", "/v1/link_account_sessions", "/v1/payment_pages", "/v1/radar/session",
    ]

    func needsSecretKey(_ context: RuleContext) -> Bool {
        let path = context.url.path
        if Self.publishablePrefixes.contains(where: { path.hasPrefix($0) }) { return false }
        if path.hasSuffix("/confirm") || path.hasSuffix("/verify_microdeposits") { return false }
        if context.requestParams.contains(where: { $0.name == "client_secret" || $0.name == "key" }) { return false }
        return true
    }

    // MARK: auth.secret-key-in-browser

    /// The first browser signal: `Origin`, a `Sec-Fetch-*` header, or a browser `User-Agent`.
    func browserSignal(_ request: HTTPRequest) -> String? {
        for header in request.headers {
            let name = header.name
            if name.equalsIgnoringASCIICase("origin") || name.hasPrefixIgnoringASCIICase("sec-fetch-") {
                return "\(header.name): \(Redactor.default.redactValue(header.value))"
            }
        }
        if let agent = request.header(named: "User-Agent"), agent.hasPrefix("Mozilla/") {
            return "User-Agent: \(agent.prefix(60))"
        }
        return nil
    }

    // MARK: auth.secret-in-url

    /// Query parameter names that carry API credentials (client secrets of PaymentIntents are meant for the URL).
    static let credentialNames: Set<String> = [
        "key", "apikey", "token", "accesstoken", "authtoken", "secret", "secretkey", "password", "authorization",
        "auth", "bearer", "privatekey", "accesskey",
    ]

    func credentialInQuery(_ context: RuleContext) -> String? {
        guard context.url.query?.isEmpty == false else { return nil }
        for pair in context.memo.forms.queryPairs where !pair.value.isEmpty {
            if Self.credentialNames.contains(Redactor.normalize(pair.name)) { return pair.name }
            // Every key shape below starts with one of `Redactor.secretFirstBytes` (after blanks) and is at least
            // eight bytes long: most values are neither, and skip the parsers.
            let bytes = pair.value.utf8
            guard bytes.count >= 8,
                let first = bytes.first(where: { $0 != 0x20 && $0 != 0x09 }),
                Redactor.secretFirstBytes[Int(first)] != 0
            else { continue }
            if APIKey(Substring(pair.value)).map({ $0.isSecret }) == true { return pair.name }
            if let kind = Redactor.kind(of: pair.value), kind != .jwt || pair.name != "id_token_hint" {
                if case .stripeWebhookSecret = kind { return pair.name }
                if case .stripeSecretKey = kind { return pair.name }
                if case .stripeRestrictedKey = kind { return pair.name }
            }
        }
        return nil
    }

    // MARK: auth.key-mode-mismatch

    func modeMismatch(_ key: APIKey, _ error: ProviderError?, _ context: RuleContext) -> Finding? {
        if let error, let message = error.message {
            let lower = message.lowercased()
            let liveObject = lower.contains("exists in live mode") && lower.contains("test mode key")
            let testObject = lower.contains("exists in test mode") && lower.contains("live mode key")
            if liveObject || testObject {
                return context.finding(
                    "auth.key-mode-mismatch", at: "/response/body/error/message",
                    args: ["keyMode": liveObject ? "test" : "live", "objectMode": liveObject ? "live" : "test",
                        "reason": context.quote(message)],
                    expected: "a \(liveObject ? "live" : "test")-mode key", found: context.display(key))
            }
            return nil
        }
        // Parse only when a cheap byte scan says the body names the other mode.
        guard (200..<300).contains(context.status), let body = context.exchange.response?.body,
            Self.firstLivemode(body) == !key.live, let document = context.responseJSON(),
            let livemode = document.root["livemode"]?.boolValue, livemode != key.live
        else { return nil }
        let objectMode = livemode ? "live" : "test"
        return context.finding(
            "auth.key-mode-mismatch", at: "/response/body/livemode",
            args: ["keyMode": key.mode, "objectMode": objectMode],
            expected: "a \(objectMode)-mode key", found: context.display(key))
    }
}

extension AuthRules {
    /// The value of the first `"livemode": true|false` in a body's JSON text, found without parsing (a `memchr`
    /// for the key's `v`, rare in JSON text where `"` and `l` are everywhere, and a comparison) and without
    /// decoding a body recorded in a HAR string (its `\"livemode\":` is searched as written there).
    static func firstLivemode(_ body: HTTPBody) -> Bool? {
        body.withRecordedText { text, inJSONString in
            inJSONString
                ? firstLivemode(text, key: "\\\"livemode\\\"", anchor: 4) : firstLivemode(text, key: "\"livemode\"", anchor: 3)
        } ?? firstLivemode(body.bytes)
    }

    /// The same over JSON text.
    static func firstLivemode(_ bytes: [UInt8]) -> Bool? {
        bytes.withUnsafeBufferPointer { firstLivemode($0, key: "\"livemode\"", anchor: 3) }
    }

    /// After `key` (the quoted name as the text writes it; `anchor` is its `v`): separators and whitespace, then
    /// the value's first letter.
    static func firstLivemode(_ text: UnsafeBufferPointer<UInt8>, key: StaticString, anchor: Int) -> Bool? {
        let needle = UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount)
        guard text.count > needle.count, let at = ByteSearch.firstIndex(of: needle, in: text, anchor: anchor)
        else { return nil }
        var j = at + needle.count
        while j < text.count {
            switch text[j] {
            case 0x20, 0x3A, 0x0A, 0x0D, 0x09: j += 1
            case UInt8(ascii: "t"): return true
            case UInt8(ascii: "f"): return false
            default: return nil
            }
        }
        return nil
    }
}

extension TrafficBase64 {
    /// Strict base64 (padding required, no stray characters), as HTTP Basic credentials must be.
    static func strict(_ text: String) -> [UInt8]? {
        guard !text.isEmpty, text.utf8.count % 4 == 0 else { return nil }
        return canonical(text) ?? Data(base64Encoded: text).map { Array($0) }
    }
}
