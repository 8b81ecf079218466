/// Builds findings for one exchange: localized message and hint from the rule's templates, severity from the
/// catalog, knowledge-base link, and secrets redacted from every quoted value.
struct FindingFactory {
    /// What the exchange reference needs (a copy of the whole exchange retained every string and array of it).
    private let file: String
    private let entry: Int
    private let method: String
    private let url: String
    let options: CheckOptions
    var findings: [Finding] = []
    private var cachedRef: Finding.ExchangeRef?

    init(exchange: Exchange, options: CheckOptions) {
        file = exchange.source.file
        entry = exchange.source.entry
        method = exchange.request.method
        url = exchange.request.url
        self.options = options
    }

    /// The exchange reference, built (URL redacted) on the first finding: most exchanges have none.
    var exchange: Finding.ExchangeRef {
        mutating get {
            if let cachedRef { return cachedRef }
            let ref = Finding.ExchangeRef(
                file: file, entry: entry, method: method, url: options.redactor.redactURL(url))
            cachedRef = ref
            return ref
        }
    }

    /// A value quoted in a message: secrets redacted, long values shortened.
    func quote(_ value: String, limit: Int = 120) -> String {
        FindingFactory.quote(value, limit: limit, redactor: options.redactor)
    }

    /// `quote` without a factory (which holds a copy of the exchange).
    static func quote(_ value: String, limit: Int = 120, redactor: Redactor) -> String {
        // Values a rule already redacted stay as they are (redacting twice would mangle the digest).
        let redacted = value.containsBytes("[redacted") ? value : redactor.redactValue(value)
        guard redacted.utf8.count > limit, redacted.count > limit else { return redacted }
        return String(redacted.prefix(limit)) + "…"
    }

    mutating func add(
        _ rule: String, at location: String, args: [String: String], spec: SourceLocation? = nil,
        expected: String? = nil, found: String? = nil, severity: Diagnostic.Severity? = nil,
        message: String? = nil, hint: String? = nil
    ) {
        if options.disabledRules.contains(rule) { return }
        let language = options.language
        let text = message ?? Messages.render(rule, args, language: language)
        let help = hint ?? Messages.render(rule + ".hint", args, language: language)
        findings.append(
            Finding(
                rule: rule, severity: severity ?? RuleCatalog.info(rule)?.defaultSeverity ?? .error,
                message: text, exchange: exchange, location: location, spec: spec.map(Finding.SpecRef.init),
                expected: expected, found: found.map { quote($0) }, hint: help,
                kb: KnowledgeBase.url(rule: rule, language: language, baseURL: options.kbBaseURL)))
    }

    /// The findings, capped: past the limit, one info finding counts the rest.
    mutating func finish() -> [Finding] {
        let limit = max(1, options.maxFindingsPerExchange)
        guard findings.count > limit else { return findings }
        var kept = Array(findings.sorted { $0.severity > $1.severity }.prefix(limit))
        let ref = exchange
        kept.append(
            Finding(
                rule: "diagnose.findings-truncated", severity: .info,
                message: "\(findings.count - limit) more findings on this exchange were not reported",
                exchange: ref, location: "",
                hint: "raise the limit with --max-findings-per-exchange"))
        return kept
    }
}

extension JSONPointer {
    /// A field name as integrators write it: `items[0][price]` for form bodies, `items[0].price` for JSON.
    func fieldName(form: Bool) -> String {
        guard let first = tokens.first else { return "(body)" }
        var out = first
        for token in tokens.dropFirst() {
            if JSONPointer.arrayIndex(token) != nil {
                out += "[\(token)]"
            } else {
                out += form ? "[\(token)]" : ".\(token)"
            }
        }
        return out
    }
}
