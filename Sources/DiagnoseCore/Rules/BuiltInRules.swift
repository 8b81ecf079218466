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
        let status = exchange.response?.status ?? 0
        guard status == 0 else { return [] }
        let language = context.options.language
        var reason = ""
        let statusText = exchange.response?.statusText.lowercased() ?? ""
        if statusText.contains("timeout") || statusText.contains("timed out") {
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

/// `webhook.*`: verifies `Stripe-Signature` on recorded webhook deliveries.
struct WebhookSignatureRule: ExchangeDetector {
    let secret: String
    let tolerance: Int64

    func detect(_ context: RuleContext) -> [Finding] {
        let request = context.exchange.request
        guard let header = request.header(named: "Stripe-Signature") else { return [] }
        let payload = request.body?.bytes ?? []
        let verdict = WebhookSignature.verify(
            header: header, payload: payload, secret: secret, deliveredAt: context.exchange.startedAt,
            tolerance: tolerance)
        let at = "/request/headers/Stripe-Signature"
        switch verdict {
        case .valid:
            return []
        case .missingHeader:
            return [context.finding("webhook.signature-mismatch", at: at, args: ["path": context.exchange.request.path], found: context.quote(header), message: "the Stripe-Signature header has no t= timestamp or no v1= signature")]
        case .secretWrongType(let kind):
            return [context.finding("webhook.secret-wrong-type", at: at, args: ["found": "\(kind)_…"], found: "\(kind)_…")]
        case .timestampOutsideTolerance(let skew, let tolerance):
            return [context.finding("webhook.timestamp-outside-tolerance", at: at, args: ["found": String(skew), "limit": String(tolerance)], expected: "within \(tolerance) s", found: "\(skew) s")]
        case .bodyReserialized(let variant):
            return [context.finding("webhook.body-reserialized", at: "/request/body", args: ["reason": variant], found: variant)]
        case .signatureMismatch:
            return [context.finding("webhook.signature-mismatch", at: at, args: ["path": context.exchange.request.path])]
        }
    }
}
