/*
 Integration rules turn "the request differs from the spec" into "this is the mistake, and this is the fix".

 Two kinds of detector:
 - `ExchangeDetector`: looks at one exchange (and its route in the spec, when there is one).
 - `StreamDetector`: a stateful consumer of every exchange in time order (idempotency, rate limits, version drift,
   cursor loops); it reports at the end, naming the exchange each finding belongs to by its input index.

 Both build findings through `RuleContext`, so messages are localized, severities come from the catalog, values are
 redacted and every finding carries its knowledge-base link.
*/

/// What a detector sees of one exchange.
public struct RuleContext: Sendable {
    /// The exchange.
    public var exchange: Exchange { _read { yield held.exchange } }
    /// The spec checker for it, if a spec fits its host.
    public var spec: SpecChecker? { _read { yield held.spec } }
    /// Its route in the spec, when it matched an operation.
    public var route: OpenAPI.RouteMatch? { _read { yield held.route } }
    /// Run options (language, links, redaction).
    public var options: CheckOptions { _read { yield held.options } }
    /// The request URL split once: every rule reads path, query and host from here rather than re-parsing it.
    var url: RequestURL { _read { yield held.url } }
    /// Everything above behind one reference, lent to readers (`_read`) rather than copied out. Contexts are
    /// copied into every detector, stream and result; stored inline, each copy counted some forty references there
    /// and back, half of them to objects every worker shares (the spec's operation, the checker), which on two
    /// cores is contended memory.
    private let held: HeldContext
    /// What several rules derive from the exchange, computed once on first use.
    let memo: RuleContextMemo

    /// Creates a context with a route already known (`SpecChecker.evaluate`), or routes the request when a spec
    /// is given and `route` is not.
    ///   Pass `routed: true` when `route` is the router's answer already (nil meaning "no operation"), so the
    ///   request is not routed twice.
    public init(
        exchange: Exchange, spec: SpecChecker?, route: OpenAPI.RouteMatch? = nil, routed: Bool = false,
        options: CheckOptions
    ) {
        self.init(
            exchange: exchange, spec: spec, route: route, routed: routed, options: options,
            forms: RequestForms(exchange.request))
    }

    /// A context sharing `forms` with the spec checks that ran on the same exchange.
    init(
        exchange: Exchange, spec: SpecChecker?, route: OpenAPI.RouteMatch?, routed: Bool, options: CheckOptions,
        forms: RequestForms
    ) {
        self.memo = RuleContextMemo(forms: forms)
        let url = RequestURL(exchange.request)
        var route = route
        if route == nil, !routed, let spec {
            let request = exchange.request
            route = spec.spec.router.route(method: request.method.uppercased(), url: request.url, host: url.host).match
        }
        self.held = HeldContext(exchange: exchange, spec: spec, route: route, options: options, url: url)
    }

    /// Builds a finding for this exchange.
    public func finding(
        _ rule: String, at location: String, args: [String: String] = [:], expected: String? = nil,
        found: String? = nil, severity: Diagnostic.Severity? = nil, message: String? = nil, hint: String? = nil
    ) -> Finding {
        var factory = FindingFactory(exchange: exchange, options: options)
        factory.add(
            rule, at: location, args: args, expected: expected, found: found, severity: severity, message: message,
            hint: hint)
        return factory.findings.first
            ?? Finding(rule: rule, severity: .info, message: "", exchange: factory.exchange, location: location)
    }

    /// A value as it may be quoted in a finding (secrets redacted).
    public func quote(_ value: String) -> String { FindingFactory.quote(value, redactor: options.redactor) }
}

/// A context's exchange, spec, route, options and URL behind one reference (immutable, so shared by copies).
final class HeldContext: Sendable {
    let exchange: Exchange
    let spec: SpecChecker?
    let route: OpenAPI.RouteMatch?
    let options: CheckOptions
    let url: RequestURL

    init(exchange: Exchange, spec: SpecChecker?, route: OpenAPI.RouteMatch?, options: CheckOptions, url: RequestURL) {
        self.exchange = exchange
        self.spec = spec
        self.route = route
        self.options = options
        self.url = url
    }
}

/// A rule over one exchange.
public protocol ExchangeDetector: Sendable {
    /// Findings for one exchange.
    func detect(_ context: RuleContext) -> [Finding]
}

/// A rule over the whole input in time order.
public protocol StreamDetector: Sendable {
    /// Sees the next exchange (`index` is its position in the input).
    mutating func observe(_ context: RuleContext, index: Int)
    /// Findings, each with the input index of the exchange it belongs to.
    mutating func finish() -> [(Int, Finding)]
    /// Findings ready so far (called after each `observe` by streaming scans, so findings attach to exchanges
    /// still held in memory); the default reports everything at `finish()`.
    mutating func drain() -> [(Int, Finding)]
}

extension StreamDetector {
    /// Reports nothing before `finish()`.
    public mutating func drain() -> [(Int, Finding)] { [] }
}

/// The integration rules of a run: the built-in detectors, configured, plus rule packs.
public struct IntegrationRules: Sendable {
    /// Per-exchange detectors.
    public var detectors: [any ExchangeDetector]
    /// Factories of cross-exchange detectors (a fresh state per run).
    public var streamFactories: [@Sendable () -> any StreamDetector]
    /// Rule ids switched off.
    public var disabled: Set<String> = []
    /// The ids of custom rules added from packs, with where each is declared.
    public internal(set) var customRules: [String: SourceLocation] = [:]

    /// Creates a rule set.
    public init(detectors: [any ExchangeDetector], streamFactories: [@Sendable () -> any StreamDetector]) {
        self.detectors = detectors
        self.streamFactories = streamFactories
    }

    /// Settings of the built-in rules.
    public struct Settings: Sendable {
        /// The webhook signing secret (`--webhook-secret`, `DIAGNOSE_WEBHOOK_SECRET`).
        public var webhookSecret: String?
        /// Allowed skew of a webhook timestamp, seconds.
        public var webhookTolerance: Int64 = 300
        /// Requests per second above which `ratelimit.burst` fires.
        public var burstLimit: Double = 25
        /// Defaults.
        public init() {}
    }

    /// The built-in rules.
    public static func builtIn(_ settings: Settings = Settings()) -> IntegrationRules {
        IntegrationRules(
            detectors: BuiltInRules.detectors(settings),
            streamFactories: BuiltInRules.streams(settings))
    }

    /// No rules at all.
    public static let none = IntegrationRules(detectors: [], streamFactories: [])

    /// Runs the per-exchange detectors.
    public func check(
        _ exchange: Exchange, spec: SpecChecker?, route: OpenAPI.RouteMatch? = nil, options: CheckOptions
    ) -> [Finding] {
        guard !detectors.isEmpty else { return [] }
        return check(RuleContext(exchange: exchange, spec: spec, route: route, routed: spec != nil, options: options))
    }

    /// The per-exchange work of `check` and `scan`: the spec checks (when a spec fits), then the per-exchange
    /// detectors, sharing the route and the request's decoded query and form.
    /// - Parameters:
    ///   - exchange: the exchange, bodies decoded (`Exchange.withDecodedBodies`).
    ///   - spec: the checker of the spec that fits its host, if any.
    ///   - options: run options.
    /// - Returns: the findings (spec checks first), and the context the cross-exchange rules observe.
    public func evaluate(_ exchange: Exchange, spec: SpecChecker?, options: CheckOptions) -> (
        findings: [Finding], context: RuleContext
    ) {
        let forms = RequestForms(exchange.request)
        let outcome = spec?.evaluate(exchange, forms: forms)
        let context = RuleContext(
            exchange: exchange, spec: spec, route: outcome?.route, routed: true, options: options, forms: forms)
        let findings = (outcome?.findings ?? []) + check(context)
        context.memo.shed()  // freed here, on the worker, not by the in-order consumer
        return (findings, context)
    }

    /// Runs the per-exchange detectors on a context already built (routing done once per exchange).
    public func check(_ context: RuleContext) -> [Finding] {
        detectors.flatMap { $0.detect(context) }.filter { !disabled.contains($0.rule) }
    }

    /// A fresh cross-exchange state for one run.
    public func makeStream(options: CheckOptions) -> RuleStream {
        RuleStream(detectors: streamFactories.map { $0() }, options: options, disabled: disabled)
    }
}

/// The cross-exchange detectors of one run. Exchanges may arrive out of time order (several files); they are
/// buffered as lightweight contexts and replayed in time order at the end.
public struct RuleStream: Sendable {
    var detectors: [any StreamDetector]
    let options: CheckOptions
    let disabled: Set<String>
    var contexts: [RuleContext] = []
    var order: [(time: Double, index: Int)] = []

    /// Records one exchange.
    public mutating func observe(_ exchange: Exchange, index: Int, spec: SpecChecker?) {
        guard !detectors.isEmpty else { return }
        observe(RuleContext(exchange: exchange, spec: spec, options: options), index: index)
    }

    /// Records one exchange whose context is already built (so a run can share it with `IntegrationRules.check`).
    public mutating func observe(_ context: RuleContext, index: Int) {
        guard !detectors.isEmpty else { return }
        order.append((context.exchange.startedAt ?? .infinity, index))
        contexts.append(context)
    }

    /// Feeds one exchange straight to the detectors (input order, no buffering) and returns what they report so
    /// far: the streaming mode of `scan`, whose memory must not grow with the input.
    public mutating func observeNow(_ context: RuleContext, index: Int) -> [(Int, Finding)] {
        var out: [(Int, Finding)] = []
        for i in detectors.indices {
            detectors[i].observe(context, index: index)
            out += detectors[i].drain()
        }
        return out.filter { !disabled.contains($0.1.rule) }
    }

    /// Ends a streaming run: what the detectors still hold.
    public mutating func finishNow() -> [(Int, Finding)] {
        var out: [(Int, Finding)] = []
        for i in detectors.indices { out += detectors[i].finish() }
        return out.filter { !disabled.contains($0.1.rule) }
    }

    /// Runs the detectors in time order (ties and untimed exchanges in input order) and returns their findings.
    public mutating func finish() -> [(Int, Finding)] {
        // Sort positions, not contexts: contexts are large and moving them dominated the run.
        let positions = order.indices.sorted { (order[$0].time, order[$0].index) < (order[$1].time, order[$1].index) }
        var out: [(Int, Finding)] = []
        for i in detectors.indices {
            for position in positions { detectors[i].observe(contexts[position], index: order[position].index) }
            out += detectors[i].finish()
        }
        contexts.removeAll()
        order.removeAll()
        return out.filter { !disabled.contains($0.1.rule) }.sorted { $0.0 < $1.0 }
    }
}
