/// How `SpecChecker` judges exchanges.
public struct CheckOptions: Sendable {
    /// Report fields the schema does not declare (but does not forbid) as warnings.
    public var strict: Bool = false
    /// Language of messages and hints.
    public var language: Language = .en
    /// Base URL of knowledge-base links.
    public var kbBaseURL: String = KnowledgeBase.defaultBaseURL
    /// Whether `format` keywords (date-time, email, int32…) are asserted.
    public var assertFormats: Bool = true
    /// At most this many findings per exchange; the rest are summarised in one info finding.
    public var maxFindingsPerExchange: Int = 50
    /// At most this many bytes of a body are parsed and validated.
    public var maxBodyBytes: Int = 16 << 20
    /// Rule ids not reported (`--disable`).
    public var disabledRules: Set<String> = []
    /// Redacts values quoted in findings.
    public var redactor: Redactor = .default

    /// Default options.
    public init() {}
}
