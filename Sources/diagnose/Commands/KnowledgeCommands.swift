import DiagnoseCore
import Foundation

/// Options shared by commands that print localized text.
enum LanguageOption {
    static let option = OptionSpec.value(
        "lang", "LANG", "Language of titles, messages and articles: en or zh-Hans (default from LC_ALL/LC_MESSAGES/LANG).")

    static func resolve(_ arguments: ParsedArguments, spec: CommandSpec) throws(UsageError) -> Language {
        guard let tag = arguments.value("lang") else { return Language.fromEnvironment() }
        guard let language = Language(tag: tag) else {
            throw UsageError(message: "invalid value '\(tag)' for '--lang'; expected en or zh-Hans", command: spec)
        }
        return language
    }
}

/// Terminal width from `COLUMNS`, else 80, clamped to something readable.
enum TerminalWidth {
    static var current: Int {
        if let columns = ProcessEnvironment.get("COLUMNS"), let n = Int(columns), n >= 40 { return min(n, 120) }
        return 80
    }
}

/// `diagnose explain RULE-ID`: prints a rule's knowledge-base article.
enum ExplainCommand: Command {
    static let spec = CommandSpec(
        name: "explain",
        abstract: "Print the knowledge-base article for a rule id, in English or Simplified Chinese.",
        arguments: [.init(name: "RULE-ID", help: "A rule id such as request.param-unknown (see 'diagnose rules').")],
        options: [
            LanguageOption.option,
            .flag("raw", "Print the Markdown source instead of formatted text."),
            ColorChoice.option,
        ],
        discussion: "EXIT STATUS: 0 printed, 2 the articles could not be found, 64 unknown rule id.")

    static func run(_ arguments: ParsedArguments) throws -> ExitStatus {
        guard arguments.positionals.count == 1, let id = arguments.positionals.first else {
            throw UsageError(message: arguments.positionals.isEmpty ? "missing RULE-ID" : "expected one RULE-ID, got \(arguments.positionals.count)", command: spec)
        }
        let language = try LanguageOption.resolve(arguments, spec: spec)
        guard RuleCatalog.info(id) != nil else {
            var message = "unknown rule id '\(id)'"
            if let guess = NearestRule.suggest(id) { message += "; did you mean '\(guess)'?" }
            throw UsageError(message: message, command: spec)
        }
        guard let kb = KnowledgeBase.locate() else {
            throw DiagnoseFailure(
                "cannot find the knowledge-base articles (docs/kb)",
                help: "set \(KnowledgeBase.environmentVariable) to the folder holding the articles, or run 'make install'")
        }
        guard let article = kb.article(rule: id, language: language) else {
            throw DiagnoseFailure("no article for '\(id)' in \(kb.directory.path)", help: "reinstall diagnose; the knowledge base is incomplete")
        }
        if arguments.flag("raw") {
            Console.out.write(article)
        } else {
            Console.out.write(ArticleRenderer(width: TerminalWidth.current, color: try ColorChoice.resolve(arguments)).render(article))
        }
        Console.out.line()
        Console.out.line(kb.url(rule: id, language: language))
        return .ok
    }
}

/// `diagnose rules`: lists every rule.
enum RulesCommand: Command {
    static let spec = CommandSpec(
        name: "rules",
        abstract: "List every rule with its id, default severity, title and knowledge-base link.",
        options: [
            .value("format", "FORMAT", "text (default) or json."),
            LanguageOption.option,
            .value("kb-base-url", "URL", "Base URL of knowledge-base links (default: the project's docs/kb)."),
        ])

    static func run(_ arguments: ParsedArguments) throws -> ExitStatus {
        guard arguments.positionals.isEmpty else {
            throw UsageError(message: "unexpected argument '\(arguments.positionals[0])'", command: spec)
        }
        let raw = arguments.value("format") ?? "text"
        guard let format = RuleCatalog.ListFormat(rawValue: raw) else {
            throw UsageError(message: "invalid value '\(raw)' for '--format'; expected text or json", command: spec)
        }
        let language = try LanguageOption.resolve(arguments, spec: spec)
        Console.out.write(
            RuleCatalog.renderList(
                format: format, language: language,
                kbBaseURL: arguments.value("kb-base-url") ?? KnowledgeBase.defaultBaseURL))
        return .ok
    }
}

enum NearestRule {
    static func suggest(_ id: String) -> String? {
        ArgumentParser.closest(id, among: RuleCatalog.all.map(\.id))
    }
}
