// `diagnose rules`: the catalog as a table or as one JSON document.

extension RuleCatalog {
    /// Output formats of `renderList`.
    public enum ListFormat: String, Sendable, CaseIterable {
        /// An aligned table: id, severity, title, link.
        case text
        /// One JSON document: `{"version": 1, "language": …, "rules": [{id, severity, category, title, url}]}`.
        case json
    }

    /// Renders every rule for `diagnose rules`.
    /// - Parameters:
    ///   - format: table or JSON.
    ///   - language: the language of the titles and links.
    ///   - kbBaseURL: the knowledge-base base URL (`--kb-base-url`).
    /// - Returns: the text, ending with a line break.
    public static func renderList(
        format: ListFormat, language: Language, kbBaseURL: String = KnowledgeBase.defaultBaseURL
    ) -> String {
        switch format {
        case .text: return renderTable(language: language, kbBaseURL: kbBaseURL)
        case .json: return renderJSON(language: language, kbBaseURL: kbBaseURL)
        }
    }

    private static func renderTable(language: Language, kbBaseURL: String) -> String {
        let header = language == .en ? ["ID", "SEVERITY", "TITLE", "LINK"] : ["ID", "级别", "标题", "链接"]
        var rows = [header]
        for rule in all {
            rows.append([
                rule.id, rule.defaultSeverity.rawValue, rule.title.text(for: language),
                KnowledgeBase.url(rule: rule.id, language: language, baseURL: kbBaseURL),
            ])
        }
        var widths = [0, 0, 0]
        for row in rows {
            for column in 0..<3 { widths[column] = max(widths[column], TerminalText.width(row[column])) }
        }
        var out = ""
        for row in rows {
            var line = ""
            for column in 0..<3 {
                line += row[column]
                line += String(repeating: " ", count: widths[column] - TerminalText.width(row[column]) + 2)
            }
            out += line + row[3] + "\n"
        }
        return out
    }

    private static func renderJSON(language: Language, kbBaseURL: String) -> String {
        var out = "{\n  \"version\": 1,\n  \"language\": \(JSONSerializer.quote(language.rawValue)),\n  \"rules\": ["
        for (index, rule) in all.enumerated() {
            out += index == 0 ? "\n" : ",\n"
            let url = KnowledgeBase.url(rule: rule.id, language: language, baseURL: kbBaseURL)
            out += "    {\"id\": \(JSONSerializer.quote(rule.id)), "
            out += "\"severity\": \(JSONSerializer.quote(rule.defaultSeverity.rawValue)), "
            out += "\"category\": \(JSONSerializer.quote(rule.category)), "
            out += "\"title\": \(JSONSerializer.quote(rule.title.text(for: language))), "
            out += "\"url\": \(JSONSerializer.quote(url))}"
        }
        out += "\n  ]\n}\n"
        return out
    }
}
