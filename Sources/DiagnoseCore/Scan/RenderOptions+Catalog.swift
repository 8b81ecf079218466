extension RenderOptions {
    /// Render options whose rule titles and help links come from the rule catalog and knowledge base.
    /// - Parameters:
    ///   - language: language of titles and links.
    ///   - kbBaseURL: base URL of knowledge-base links.
    ///   - color: ANSI colour in text output.
    public static func catalog(language: Language, kbBaseURL: String = KnowledgeBase.defaultBaseURL, color: Bool = false)
        -> RenderOptions
    {
        var titles: [String: String] = [:]
        var links: [String: String] = [:]
        for rule in RuleCatalog.all {
            titles[rule.id] = rule.title.text(for: language)
            links[rule.id] = KnowledgeBase.url(rule: rule.id, language: language, baseURL: kbBaseURL)
        }
        return RenderOptions(
            color: color, kbBaseURL: kbBaseURL, ruleTitles: titles, ruleHelpURIs: links,
            informationURI: "https://github.com/diagnose-dev/diagnose")
    }
}
