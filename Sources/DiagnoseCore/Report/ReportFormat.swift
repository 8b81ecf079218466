/// An output format of `diagnose scan` (and `diagnose merge`).
public enum ReportFormat: String, Sendable, Hashable, CaseIterable {
    /// Summary tables for a terminal.
    case text
    /// One JSON document: findings, then the summary.
    case json
    /// One finding per line, then one summary line.
    case ndjson
    /// An incident report: headline numbers, top problems with KB links, curl reproductions.
    case markdown
    /// SARIF 2.1.0 for code-scanning dashboards.
    case sarif
    /// JUnit XML, one test case per exchange, for CI dashboards.
    case junit
    /// One self-contained HTML page with sortable tables and inline SVG charts.
    case html
    /// A mergeable partial summary for `diagnose merge` (sharded scans).
    case partial

    /// The usual file extension for `-o`.
    public var fileExtension: String {
        switch self {
        case .text: "txt"
        case .json, .partial: "json"
        case .ndjson: "ndjson"
        case .markdown: "md"
        case .sarif: "sarif"
        case .junit: "xml"
        case .html: "html"
        }
    }
}

/// Settings shared by every renderer.
public struct RenderOptions: Sendable {
    /// Whether the text renderer adds ANSI colour (never used by other formats).
    public var color: Bool
    /// The knowledge-base base URL; a rule's page is this plus its id (e.g. `https://…/kb/` + `schema.type-mismatch`).
    public var kbBaseURL: String
    /// The version written into tool metadata.
    public var toolVersion: String
    /// Rule id → one-line title, from the rule catalog.
    public var ruleTitles: [String: String]
    /// Rule id → help URI, overriding `kbBaseURL` + id.
    public var ruleHelpURIs: [String: String]
    /// Where the tool lives, for SARIF's `informationUri`.
    public var informationURI: String
    /// How many rows the text, markdown and html tables show before "… and N more".
    public var maxRows: Int

    /// Creates options.
    public init(
        color: Bool = false, kbBaseURL: String = "https://diagnose.dev/kb/",
        toolVersion: String = DiagnoseVersion.current,
        ruleTitles: [String: String] = [:], ruleHelpURIs: [String: String] = [:],
        informationURI: String = "https://diagnose.dev", maxRows: Int = 50
    ) {
        self.color = color
        self.kbBaseURL = kbBaseURL
        self.toolVersion = toolVersion
        self.ruleTitles = ruleTitles
        self.ruleHelpURIs = ruleHelpURIs
        self.informationURI = informationURI
        self.maxRows = maxRows
    }

    /// The help page of a rule: its override, else `kbBaseURL` + id.
    /// - Parameter rule: the rule id.
    /// - Returns: the URL text.
    public func helpURI(for rule: String) -> String {
        ruleHelpURIs[rule] ?? kbBaseURL + rule
    }

    /// The rule's title, or its id when the catalog has none.
    /// - Parameter rule: the rule id.
    /// - Returns: the title.
    public func title(for rule: String) -> String {
        ruleTitles[rule] ?? rule
    }
}
