/*
 Transport-level rules on one exchange:

     http://api.stripe.com/v1/charges          http.insecure-scheme
     POST → 301 Location: https://…            http.redirect (method-changed; auth-dropped for another host)
     GET /v1/customers/ → 404 (no spec)        http.trailing-slash (with a spec, the check engine reports it)
     Idempotency-Key of 300 characters         idempotency.key-too-long
     {"error": {"type": …, "code": …}}         provider.error (kb link to the rule the code maps to)
*/

/// `http.insecure-scheme`, `http.redirect`, `http.trailing-slash` and `idempotency.key-too-long`.
struct HTTPRules: ExchangeDetector {
    static let maxIdempotencyKeyLength = 255

    func detect(_ context: RuleContext) -> [Finding] {
        var out: [Finding] = []
        let request = context.exchange.request
        if let scheme = request.scheme, scheme.lowercased() == "http", !Self.isLoopback(request.host) {
            out.append(
                context.finding(
                    "http.insecure-scheme", at: "/request/url", args: ["scheme": "http"], expected: "https",
                    found: "http"))
        }
        if let key = request.header(named: "Idempotency-Key"), key.count > Self.maxIdempotencyKeyLength {
            out.append(
                context.finding(
                    "idempotency.key-too-long", at: "/request/headers/Idempotency-Key",
                    args: ["length": String(key.count), "limit": String(Self.maxIdempotencyKeyLength)],
                    expected: "at most \(Self.maxIdempotencyKeyLength) characters", found: "\(key.count) characters"))
        }
        let status = context.status
        if [301, 302, 303, 307, 308].contains(status), context.isAPICall || request.method.uppercased() != "GET",
            let finding = redirect(status, context)
        {
            out.append(finding)
        }
        if status == 404, context.spec == nil, let finding = trailingSlash(context) { out.append(finding) }
        return out
    }

    static func isLoopback(_ host: String?) -> Bool {
        guard let host = host?.lowercased() else { return true }
        return host == "localhost" || host.hasPrefix("127.") || host == "[::1]" || host == "::1"
            || host.hasSuffix(".localhost") || host == "0.0.0.0"
    }

    func redirect(_ status: Int, _ context: RuleContext) -> Finding? {
        let request = context.exchange.request
        let location = context.exchange.response?.header(named: "Location") ?? ""
        var reasons: [String] = []
        if request.method.uppercased() == "POST", [301, 302, 303].contains(status) {
            reasons.append(context.reason("http.redirect", "method-changed"))
        }
        if request.header(named: "Authorization") != nil, let target = URLParts(location).host,
            let host = request.host, target.lowercased() != host.lowercased()
        {
            reasons.append(context.reason("http.redirect", "auth-dropped"))
        }
        let shown = context.quote(context.options.redactor.redactURL(location.isEmpty ? "?" : location))
        var finding = context.finding(
            "http.redirect", at: "/response/headers/Location",
            args: ["status": String(status), "found": shown, "reason": reasons.joined(separator: "; ")],
            found: shown)
        if !reasons.isEmpty { finding.severity = .error }
        return finding
    }

    func trailingSlash(_ context: RuleContext) -> Finding? {
        let path = context.exchange.request.path
        guard path.count > 1, path.hasSuffix("/") else { return nil }
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        return context.finding(
            "http.trailing-slash", at: "/request/url",
            args: ["path": context.quote(path), "suggestion": context.quote(String(trimmed))],
            expected: String(trimmed), found: path)
    }
}

/// `provider.error`: a provider error object in the response, with its type, code, parameter, message, links and
/// request id; the finding links the article of the rule the code maps to, when there is one.
struct ProviderErrorRule: ExchangeDetector {
    func detect(_ context: RuleContext) -> [Finding] {
        guard let error = context.providerError, let response = context.exchange.response else { return [] }
        let requestId = response.header(named: "Request-Id") ?? ""
        let args = [
            "status": String(response.status), "type": context.quote(error.type ?? "error"),
            "code": context.quote(error.code ?? ""), "param": context.quote(error.param ?? ""),
            "message": context.quote(error.message ?? ""), "docURL": context.quote(error.docURL ?? ""),
            "requestId": context.quote(requestId),
        ]
        var hint = Messages.render("provider.error.hint", args, language: context.options.language)
        if let log = error.requestLogURL, !log.isEmpty {
            hint += context.localized(en: "; request log: ", zhHans: "；请求日志：") + context.quote(log)
        }
        let mapped = RuleCatalog.rule(forProviderErrorType: error.type, code: error.code, message: error.message)
        if let mapped, mapped != "provider.error" {
            hint += context.localized(en: "; see the article on \(mapped)", zhHans: "；参阅 \(mapped) 的文章")
        }
        var finding = context.finding(
            "provider.error", at: "/response/body/error", args: args,
            found: [error.type, error.code].compactMap { $0 }.joined(separator: " "), hint: hint)
        if let mapped {
            finding.kb = KnowledgeBase.url(rule: mapped, language: context.options.language, baseURL: context.options.kbBaseURL)
        }
        // A declined card is the customer's problem, not the integration's.
        if error.type == "card_error" { finding.severity = .warning }
        return [finding]
    }
}
