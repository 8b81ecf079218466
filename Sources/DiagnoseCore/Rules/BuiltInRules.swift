/// The catalog of built-in detectors.
enum BuiltInRules {
    static func detectors(_ settings: IntegrationRules.Settings) -> [any ExchangeDetector] {
        var list: [any ExchangeDetector] = [
            NoResponseRule(), AuthRules(), ParamRules(), HTTPRules(), ProviderErrorRule(),
        ]
        if let secret = settings.webhookSecret {
            list.append(WebhookSignatureRule(secret: secret, tolerance: settings.webhookTolerance))
        }
        return list
    }

    static func streams(_ settings: IntegrationRules.Settings) -> [@Sendable () -> any StreamDetector] {
        let limit = settings.burstLimit
        return [
            { IdempotencyStream() }, { ServerErrorStream() }, { RetryBackoffStream() }, { BurstStream(limit: limit) },
            { VersionStream() }, { CursorLoopStream() }, { LiveSecretStream() },
        ]
    }
}

/// `http.no-response`: status 0, aborted or timed out, with what the recording shows.
struct NoResponseRule: ExchangeDetector {
    func detect(_ context: RuleContext) -> [Finding] {
        let exchange = context.exchange
        // Only a recorded status 0 means no answer came; a request recorded alone (a curl command, a raw request)
        // simply has no response.
        guard let response = exchange.response, response.status == 0 else { return [] }
        _ = response
        let language = context.options.language
        var reason = ""
        let statusText = exchange.response?.statusText.lowercased() ?? ""
        if statusText.contains("timeout") || statusText.contains("timed out") || statusText.contains("timed_out") {
            let seconds = (exchange.time ?? 0) / 1000
            reason = Messages.render("http.no-response.reason.timeout", ["seconds": String(Int(seconds.rounded()))], language: language)
        } else if statusText.contains("ssl") || statusText.contains("tls") || statusText.contains("cert") {
            reason = Messages.render("http.no-response.reason.tls", [:], language: language)
        } else if exchange.request.header(named: "Origin") != nil || exchange.request.header(named: "Sec-Fetch-Mode") != nil {
            reason = Messages.render("http.no-response.reason.cors", [:], language: language)
        } else if statusText.contains("abort") || statusText.contains("cancel") {
            reason = Messages.render("http.no-response.reason.aborted", [:], language: language)
        }
        return [context.finding("http.no-response", at: "/response/status", args: ["reason": reason], found: "status 0")]
    }
}

/// `webhook.*`: verifies Stripe-style signatures (`t=…,v1=…`) on recorded webhook deliveries, in `Stripe-Signature`
/// or any other `*-Signature` header in that format (APIs built the same way name it after themselves).
struct WebhookSignatureRule: ExchangeDetector {
    let secret: String
    let tolerance: Int64

    func detect(_ context: RuleContext) -> [Finding] {
        let request = context.exchange.request
        guard let (name, header) = WebhookSignatureRule.signatureHeader(of: request) else { return [] }
        let payload = request.body?.bytes ?? []
        let verdict = WebhookSignature.verify(
            header: header, payload: payload, secret: secret, deliveredAt: context.exchange.startedAt,
            tolerance: tolerance)
        let at = "/request/headers/\(name)"
        switch verdict {
        case .valid:
            return []
        case .missingHeader:
            return [context.finding("webhook.signature-mismatch", at: at, args: ["path": context.url.path], found: context.quote(header), message: "the \(name) header has no t= timestamp or no v1= signature")]
        case .secretWrongType(let kind):
            return [context.finding("webhook.secret-wrong-type", at: at, args: ["found": "\(kind)_…"], found: "\(kind)_…")]
        case .timestampOutsideTolerance(let skew, let tolerance):
            return [context.finding("webhook.timestamp-outside-tolerance", at: at, args: ["found": String(skew), "limit": String(tolerance)], expected: "within \(tolerance) s", found: "\(skew) s")]
        case .bodyReserialized(let variant):
            return [context.finding("webhook.body-reserialized", at: "/request/body", args: ["reason": variant], found: variant)]
        case .signatureMismatch:
            return [context.finding("webhook.signature-mismatch", at: at, args: ["path": context.url.path])]
        }
    }
}

extension WebhookSignatureRule {
    /// `Stripe-Signature`, else the first `*-Signature` header whose value has the `t=…,v1=…` shape.
    static func signatureHeader(of request: HTTPRequest) -> (name: String, value: String)? {
        if let value = request.header(named: "Stripe-Signature") { return ("Stripe-Signature", value) }
        for header in request.headers where header.name.hasSuffixIgnoringASCIICase("-signature") {
            let value = header.value
            if value.hasPrefix("t=") && value.contains("v1=") { return (header.name, value) }
        }
        return nil
    }
}
