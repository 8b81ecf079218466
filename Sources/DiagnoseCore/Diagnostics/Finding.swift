/// A finding about one recorded exchange: the one currency between checks, rules and every renderer.
///
/// Its JSON shape (see `FindingJSON`) is a public contract used by `check --format json`, `scan --format ndjson`,
/// SARIF, SQLite and users' scripts.
public struct Finding: Sendable, Hashable {
    /// Stable rule id, e.g. `request.param-unknown`.
    public var rule: String
    /// Severity after configuration.
    public var severity: Diagnostic.Severity
    /// One sentence, quoting the offending value.
    public var message: String
    /// The exchange this is about.
    public var exchange: ExchangeRef
    /// JSON pointer into the exchange, e.g. `/request/body/metadata/k` or `/response/status`.
    public var location: String
    /// The violated part of the spec, when a spec is involved.
    public var spec: SpecRef?
    /// What the spec or rule expects, in plain words.
    public var expected: String?
    /// What was found, in plain words (secrets redacted).
    public var found: String?
    /// What to do: a did-you-mean, the allowed values, the correct encoding.
    public var hint: String?
    /// Knowledge-base link (filled from the rule id and the configured base URL).
    public var kb: String?

    /// Creates a finding.
    public init(
        rule: String, severity: Diagnostic.Severity, message: String, exchange: ExchangeRef, location: String,
        spec: SpecRef? = nil, expected: String? = nil, found: String? = nil, hint: String? = nil, kb: String? = nil
    ) {
        self.rule = rule
        self.severity = severity
        self.message = message
        self.exchange = exchange
        self.location = location
        self.spec = spec
        self.expected = expected
        self.found = found
        self.hint = hint
        self.kb = kb
    }

    /// Identifies the exchange a finding is about.
    public struct ExchangeRef: Sendable, Hashable {
        /// Trace file as the user named it.
        public var file: String
        /// 1-based entry number within the file.
        public var entry: Int
        /// Request method.
        public var method: String
        /// Request URL (secrets redacted).
        public var url: String

        /// Creates a reference.
        public init(file: String, entry: Int, method: String, url: String) {
            self.file = file
            self.entry = entry
            self.method = method
            self.url = url
        }
    }

    /// The spec location of a violated schema or declaration.
    public struct SpecRef: Sendable, Hashable {
        /// Spec file.
        public var file: String
        /// 1-based line, 0 when unknown.
        public var line: Int
        /// 1-based column, 0 when unknown.
        public var column: Int
        /// JSON pointer inside the spec file.
        public var pointer: String

        /// Creates a spec reference.
        public init(file: String, line: Int, column: Int, pointer: String) {
            self.file = file
            self.line = line
            self.column = column
            self.pointer = pointer
        }

        /// Creates a spec reference from a location.
        public init(_ location: SourceLocation) {
            self.init(
                file: location.file, line: location.line, column: location.column, pointer: location.pointer ?? "")
        }
    }
}
