import DiagnoseCore

/// `diagnose check`: validates recorded exchanges against a spec and the integration rules.
enum CheckCommand: Command {
    static let spec = CommandSpec(
        name: "check",
        abstract: "Check recorded exchanges against an API spec and explain each finding.",
        arguments: [
            .init(
                name: "TRACE",
                help: "A HAR, NDJSON log, raw HTTP or curl -v transcript, or a curl command file; FILE#N or FILE#N-M selects entries; '-' reads standard input.",
                repeating: true)
        ],
        options: [
            .repeatable("spec", short: "s", "SPEC", "The OpenAPI or Swagger spec (JSON or YAML). Repeatable; the spec whose servers match each exchange's host is used."),
            .value("specs", "DIR", "Load every spec in DIR and pick one per exchange by host (default: ./specs when present)."),
            .repeatable("ref-map", "URL=PATH", "Resolve remote $refs under URL from the local file or folder PATH."),
            .value("format", short: "f", "FORMAT", "text (default), json or markdown."),
            .value("fail-on", "LEVEL", "Exit 1 when a finding is at least: error (default), warning, or never."),
            .flag("strict", "Also report fields the schema does not declare (as warnings)."),
            .repeatable("match", "'METHOD /prefix'", "Only exchanges with this method and path prefix."),
            .repeatable("status", "CODE", "Only exchanges with this status (404, 4xx, 5xx); repeatable."),
            .value("webhook-secret", "SECRET", "Verify Stripe-Signature on webhook deliveries (or set DIAGNOSE_WEBHOOK_SECRET)."),
            .repeatable("disable", "RULE", "Do not report this rule id; repeatable."),
            .repeatable("rules", "FILE", "Load custom rules from a rule pack (YAML or JSON; see docs/rule-packs.md); repeatable."),
            .value("max-findings-per-exchange", "N", "Report at most N findings per exchange (default 50)."),
            .value("jobs", short: "j", "N", "Worker threads (default: all cores); the output is the same for any N."),
            LanguageOption.option,
            .value("kb-base-url", "URL", "Base URL of knowledge-base links."),
            .flag("show-secrets", "Do not redact API keys, tokens and cookies in the output."),
            ColorChoice.option,
        ] + LimitOptions.options,
        discussion: """
            EXAMPLES:
              diagnose check --spec specs/payments.yaml recordings/failing.har
              diagnose check --spec spec3.json 'ticket-4711.har#3' --format markdown
              pbpaste | diagnose check --spec spec3.json -

            EXIT STATUS: 0 no finding at or above --fail-on, 1 findings, 2 an input could not be read, 64 usage error.
            """)

    static func run(_ arguments: ParsedArguments) throws -> ExitStatus {
        guard !arguments.positionals.isEmpty else { throw UsageError(message: "missing TRACE", command: spec) }
        let format = try choice(arguments, "format", default: CheckRenderer.Format.text)
        let failOn = try FailOn.parse(arguments.value("fail-on"), spec: spec)
        var options = CheckOptions()
        options.strict = arguments.flag("strict")
        options.language = try LanguageOption.resolve(arguments, spec: spec)
        if let base = arguments.value("kb-base-url") { options.kbBaseURL = base.hasSuffix("/") ? base : base + "/" }
        options.redactor = Redactor(showSecrets: arguments.flag("show-secrets"))
        if let max = arguments.value("max-findings-per-exchange") {
            guard let n = Int(max), n > 0 else {
                throw UsageError(message: "invalid value '\(max)' for '--max-findings-per-exchange'; expected a positive integer", command: spec)
            }
            options.maxFindingsPerExchange = n
        }
        try LimitOptions.apply(arguments, to: &options, spec: spec)
        let selection = try TrafficOptions.selection(arguments, spec: spec)
        let specs = try SpecOptions.load(arguments, options: options, spec: spec)

        var settings = IntegrationRules.Settings()
        settings.webhookSecret = arguments.value("webhook-secret") ?? ProcessEnvironment.get("DIAGNOSE_WEBHOOK_SECRET")
        var rules = IntegrationRules.builtIn(settings)
        rules.disabled = Set(arguments.values("disable"))
        for path in arguments.values("rules") { rules = try rules.adding(RulePack.load(path: path)) }
        options.disabledRules = rules.disabled

        var run = CheckRun(specs: specs, options: options, selection: selection, rules: rules)
        if let jobs = arguments.value("jobs") {
            guard let n = Int(jobs), n > 0 else {
                throw UsageError(message: "invalid value '\(jobs)' for '--jobs'; expected a positive integer", command: spec)
            }
            run.jobs = n
        }
        let results = run.run(arguments.positionals)

        let useColor = try ColorChoice.resolve(arguments)
        var renderer = CheckRenderer(color: format == .text && useColor, language: options.language)
        renderer.redactor = options.redactor
        let lines = SpecOptions.lineLookup(specs)
        renderer.specLine = { file, line in lines(file, line) }
        Console.out.write(renderer.render(results, format: format))
        for failure in results.failures {
            Console.error(failure.description, help: failure.help)
        }
        if !results.failures.isEmpty { return .failure }
        guard let failOn else { return .ok }
        return results.hasFindings(atOrAbove: failOn) ? .findings : .ok
    }

    static func choice<T: RawRepresentable & CaseIterable>(_ arguments: ParsedArguments, _ name: String, default value: T) throws(UsageError) -> T where T.RawValue == String {
        guard let raw = arguments.value(name) else { return value }
        guard let parsed = T(rawValue: raw) else {
            throw UsageError(
                message: "invalid value '\(raw)' for '--\(name)'; expected \(T.allCases.map(\.rawValue).joined(separator: ", "))",
                command: spec)
        }
        return parsed
    }
}

/// `--fail-on error|warning|never`.
enum FailOn {
    /// The threshold, or nil for `never`.
    static func parse(_ value: String?, spec: CommandSpec) throws(UsageError) -> Diagnostic.Severity? {
        switch value ?? "error" {
        case "error": return .error
        case "warning": return .warning
        case "info": return .info
        case "never": return nil
        case let other:
            throw UsageError(message: "invalid value '\(other)' for '--fail-on'; expected error, warning or never", command: spec)
        }
    }
}

/// Options shared by commands that read traffic.
enum TrafficOptions {
    static func selection(_ arguments: ParsedArguments, spec: CommandSpec) throws -> TraceSelection {
        var selection = TraceSelection()
        for pattern in arguments.values("match") { try selection.setMatch(pattern) }
        for status in arguments.values("status") { try selection.addStatus(status) }
        return selection
    }
}

/// Limits shared by commands that load specs and check traffic; each names the limit its error message mentions.
enum LimitOptions {
    static let options: [OptionSpec] = [
        .value("max-files", "N", "Refuse specs that pull in more than N files (default 1000)."),
        .value("max-ref-chain", "N", "Longest chain of $refs followed (default 64)."),
        .value("max-body-bytes", "N", "Validate bodies up to N bytes (default 16777216)."),
    ]

    static func positive(_ arguments: ParsedArguments, _ name: String, spec: CommandSpec) throws(UsageError) -> Int? {
        guard let raw = arguments.value(name) else { return nil }
        guard let n = Int(raw), n > 0 else {
            throw UsageError(message: "invalid value '\(raw)' for '--\(name)'; expected a positive integer", command: spec)
        }
        return n
    }

    static func apply(_ arguments: ParsedArguments, to options: inout CheckOptions, spec: CommandSpec) throws(UsageError) {
        if let n = try positive(arguments, "max-body-bytes", spec: spec) { options.maxBodyBytes = n }
    }

    static func apply(_ arguments: ParsedArguments, to load: inout OpenAPI.LoadOptions, spec: CommandSpec) throws(UsageError) {
        if let n = try positive(arguments, "max-files", spec: spec) { load.maxFiles = n }
        if let n = try positive(arguments, "max-ref-chain", spec: spec) { load.maxRefChain = n }
    }
}

/// Options shared by commands that load specs.
enum SpecOptions {
    static func refMap(_ arguments: ParsedArguments, spec: CommandSpec) throws(UsageError) -> [String: String] {
        var map: [String: String] = [:]
        for entry in arguments.values("ref-map") {
            guard let eq = entry.firstIndex(of: "="), eq != entry.startIndex, entry.index(after: eq) != entry.endIndex else {
                throw UsageError(message: "invalid value '\(entry)' for '--ref-map'; expected URL=PATH", command: spec)
            }
            map[String(entry[..<eq])] = String(entry[entry.index(after: eq)...])
        }
        return map
    }

    static func load(_ arguments: ParsedArguments, options: CheckOptions, spec: CommandSpec) throws -> SpecSet {
        var load = OpenAPI.LoadOptions()
        load.refMap = try refMap(arguments, spec: spec)
        if spec.options.contains(where: { $0.long == "max-files" }) { try LimitOptions.apply(arguments, to: &load, spec: spec) }
        let paths = arguments.values("spec")
        if !paths.isEmpty { return try SpecSet.load(paths: paths, loadOptions: load, checkOptions: options) }
        if let dir = arguments.value("specs") { return try SpecSet.load(directory: dir, loadOptions: load, checkOptions: options) }
        if FileSystem.isDirectory("specs") { return try SpecSet.load(directory: "specs", loadOptions: load, checkOptions: options) }
        return .empty
    }

    /// Finds a spec file's line by the file name findings use.
    static func lineLookup(_ specs: SpecSet) -> @Sendable (String, Int) -> String? {
        var texts: [String: SourceText] = [:]
        for entry in specs.entries {
            for (path, document) in entry.checker.spec.files {
                texts[path] = document.text
                texts[document.text.name] = document.text
            }
        }
        let frozen = texts
        return { file, line in
            guard let text = frozen[file] else { return nil }
            let starts = text.lineTable.lineStarts
            guard line >= 1, line <= starts.count else { return nil }
            let s = text.lineText(at: starts[line - 1])
            return s.count > 140 ? String(s.prefix(140)) + "…" : s
        }
    }
}
