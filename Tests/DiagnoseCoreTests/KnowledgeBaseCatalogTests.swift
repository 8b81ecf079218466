import DiagnoseCore
import DiagnoseTestSupport
import Foundation
import Testing

/// The shipped knowledge base in the source tree.
private let shippedKB = KnowledgeBase(directory: TestPaths.packageRoot.appendingPathComponent("docs/kb"))

/// The rule ids promised to the rest of the project (the contract in the brief); the catalog must hold exactly these.
private let contractIDs: [String] = [
    "route.unknown-server", "route.unknown-path", "route.method-not-allowed", "request.param-missing",
    "request.param-unknown", "request.param-invalid", "request.param-deprecated", "request.body-missing",
    "request.body-unexpected", "request.body-malformed", "request.body-invalid", "request.body-unknown-field",
    "request.body-readonly-field", "request.content-type-unsupported", "auth.missing-credentials",
    "operation.deprecated", "response.status-undocumented", "response.content-type-mismatch",
    "response.body-malformed", "response.body-invalid", "response.body-unknown-field",
    "response.body-writeonly-field", "response.header-missing",
    "auth.malformed-header", "auth.publishable-key-server-side", "auth.key-mode-mismatch",
    "auth.secret-key-in-browser", "auth.secret-in-url", "auth.restricted-key-permission", "auth.expired-key",
    "encoding.json-body-on-form-endpoint", "encoding.nested-param-syntax", "encoding.array-param-syntax",
    "encoding.amount-not-minor-units", "encoding.currency-code-case",
    "idempotency.retry-without-key", "idempotency.key-reused", "idempotency.key-too-long",
    "ratelimit.retry-without-backoff", "ratelimit.burst", "version.header-missing", "version.drift",
    "pagination.limit-out-of-range", "pagination.conflicting-cursors", "pagination.cursor-loop", "expand.too-deep",
    "http.insecure-scheme", "http.redirect", "http.trailing-slash", "http.server-error", "http.no-response",
    "webhook.signature-mismatch", "webhook.timestamp-outside-tolerance", "webhook.secret-wrong-type",
    "webhook.body-reserialized", "provider.error", "secrets.live-secret-in-trace",
]

private let ruleIDs = RuleCatalog.all.map(\.id)

private let sectionHeadings: [Language: [String]] = [
    .en: ["## What it means", "## How to confirm it", "## How to fix it", "## Related"],
    .zhHans: ["## 含义", "## 如何确认", "## 如何修复", "## 相关文档"],
]

/// The fenced code blocks of an article, in order.
private func codeBlocks(_ markdown: String) -> [String] {
    var blocks: [String] = []
    var current: [Substring]?
    for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
        if line.hasPrefix("```") {
            if let open = current {
                blocks.append(open.joined(separator: "\n"))
                current = nil
            } else {
                current = []
            }
        } else if current != nil {
            current!.append(line)
        }
    }
    return blocks
}

@Suite("Rule catalog")
struct KnowledgeBaseRuleCatalogTests {
    @Test func holdsExactlyTheContractIDs() {
        #expect(ruleIDs == contractIDs.sorted())
        #expect(Set(ruleIDs).count == ruleIDs.count)
    }

    @Test func isSortedAndLooksUpByID() throws {
        #expect(ruleIDs == ruleIDs.sorted())
        let info = try #require(RuleCatalog.info("request.param-unknown"))
        #expect(info.category == "request")
        #expect(info.defaultSeverity == .error)
        #expect(RuleCatalog.info("no.such-rule") == nil)
        #expect(RuleCatalog.info("version.header-missing")?.defaultSeverity == .info)
    }

    @Test(arguments: RuleCatalog.all)
    func ruleHasIDCategoryAndTitles(_ rule: RuleInfo) {
        #expect(rule.id.hasPrefix(rule.category + "."))
        #expect(rule.id.allSatisfy { $0.isLowercase || $0 == "." || $0 == "-" })
        #expect(!rule.title.en.isEmpty && !rule.title.zhHans.isEmpty)
        #expect(rule.title.zhHans.contains { TerminalText.isCJK($0) }, "zh-Hans title of \(rule.id) is not Chinese")
    }

    @Test func rendersJSONListThatParses() throws {
        let json = RuleCatalog.renderList(format: .json, language: .zhHans, kbBaseURL: "https://kb.example/x")
        let document = try JSONParser.parse(json)
        #expect(document.root["version"]?.numberValue?.text == "1")
        let rules = try #require(document.root["rules"])
        #expect(rules.count == RuleCatalog.all.count)
        let first = try #require(rules[0])
        #expect(first["id"]?.stringValue == ruleIDs[0])
        #expect(first["url"]?.stringValue == "https://kb.example/x/zh-Hans/\(ruleIDs[0]).md")
        #expect(first["title"]?.stringValue == RuleCatalog.all[0].title.zhHans)
    }

    @Test func listsMatchGolden() {
        assertGolden(RuleCatalog.renderList(format: .text, language: .en), named: "kb/rules.en.txt")
        assertGolden(RuleCatalog.renderList(format: .json, language: .zhHans), named: "kb/rules.zh-Hans.json")
    }

    @Test func rendersTextTableWithAlignedColumns() {
        let text = RuleCatalog.renderList(format: .text, language: .en)
        let lines = text.split(separator: "\n")
        #expect(lines.count == RuleCatalog.all.count + 1)
        #expect(lines[0].hasPrefix("ID "))
        #expect(
            lines.contains {
                $0.hasPrefix("version.header-missing ")
                    && $0.hasSuffix(" " + KnowledgeBase.defaultBaseURL + "version.header-missing.md")
                    && $0.contains(" info ")
            })
        // Every link starts in the same column of the table, CJK titles included.
        let zh = RuleCatalog.renderList(format: .text, language: .zhHans).split(separator: "\n").dropFirst()
        let columns = Set(
            zh.map { line in
                TerminalText.width(String(line[..<(line.range(of: "https://")?.lowerBound ?? line.endIndex)]))
            })
        #expect(columns.count == 1)
    }
}

@Suite("Knowledge-base articles")
struct KnowledgeBaseArticleTests {
    @Test(arguments: RuleCatalog.all.map(\.id), Language.allCases)
    func everyRuleHasAnArticle(_ id: String, _ language: Language) throws {
        let file = try #require(shippedKB.articleFile(rule: id, language: language), "no article for \(id)")
        if language == .zhHans {
            #expect(file.path.contains("/zh-Hans/"), "\(id) has no zh-Hans article (English fallback used)")
        }
    }

    @Test(arguments: Language.allCases)
    func everyArticleNamesAKnownRule(_ language: Language) {
        let files = shippedKB.articleIDs(language: language)
        let unknown = files.filter { RuleCatalog.info($0) == nil }
        #expect(unknown.isEmpty, "articles for unknown rules: \(unknown)")
        #expect(files.count == RuleCatalog.all.count)
    }

    @Test(arguments: RuleCatalog.all.map(\.id), Language.allCases)
    func articleHasTitleAndSections(_ id: String, _ language: Language) throws {
        let text = try #require(shippedKB.article(rule: id, language: language))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let title = try #require(RuleCatalog.info(id)).title.text(for: language)
        #expect(lines.first.map(String.init) == "# " + title, "first line of \(id) (\(language)) is not its title")
        var inCode = false
        var headings: [String] = []
        for line in lines {
            if line.hasPrefix("```") { inCode.toggle() }
            if !inCode, line.hasPrefix("## ") { headings.append(String(line)) }
        }
        #expect(headings == sectionHeadings[language])
        #expect(!inCode, "unclosed code block in \(id) (\(language))")
    }

    @Test(arguments: RuleCatalog.all.map(\.id))
    func translationsShareCodeBlocksAndHaveACurlExample(_ id: String) throws {
        let en = try #require(shippedKB.article(rule: id, language: .en))
        let zh = try #require(shippedKB.article(rule: id, language: .zhHans))
        #expect(codeBlocks(en) == codeBlocks(zh), "code blocks of \(id) differ between en and zh-Hans")
        #expect(codeBlocks(en).contains { $0.contains("curl ") }, "\(id) has no curl example")
    }

    @Test(arguments: RuleCatalog.all.map(\.id), Language.allCases)
    func articleHasNoRealLookingSecretsAndHTTPSLinks(_ id: String, _ language: Language) throws {
        let text = try #require(shippedKB.article(rule: id, language: language))
        let secret = try Regex("(sk|rk|pk)_(live|test)_[A-Za-z0-9]{6,}|whsec_[A-Za-z0-9]{6,}")
        #expect(text.firstMatch(of: secret) == nil, "\(id) (\(language)) contains a real-looking secret")
        let links = text.matches(of: try Regex(#"\]\(([^)]*)\)"#)).map { String(text[$0.range]) }
        #expect(!links.isEmpty, "\(id) (\(language)) links to no documentation")
        #expect(links.allSatisfy { $0.hasPrefix("](https://") }, "\(id) (\(language)) has a non-https link")
    }

    @Test(arguments: RuleCatalog.all.map(\.id))
    func englishArticleIsConcise(_ id: String) throws {
        let text = try #require(shippedKB.article(rule: id, language: .en))
        var prose = text
        for block in codeBlocks(text) { prose = prose.replacingOccurrences(of: block, with: "") }
        let words = prose.split(whereSeparator: { $0 == " " || $0 == "\n" }).count
        #expect((120...380).contains(words), "\(id) has \(words) words of prose")
    }
}

@Suite("Message templates")
struct KnowledgeBaseMessageTests {
    @Test(arguments: RuleCatalog.all.map(\.id))
    func everyRuleHasMessageAndHintInBothLanguages(_ id: String) throws {
        for key in [id, id + ".hint"] {
            let template = try #require(MessageCatalog.template(key), "no template \(key)")
            #expect(!template.en.isEmpty, "\(key) has no English")
            #expect(!template.zhHans.isEmpty, "\(key) has no zh-Hans")
            #expect(template.zhHans.contains { TerminalText.isCJK($0) }, "\(key) zh-Hans is not Chinese")
        }
    }

    @Test(arguments: MessageCatalog.templates)
    func placeholdersAgreeAcrossLanguages(_ template: MessageTemplate) {
        #expect(template.placeholders(in: .en) == template.placeholders(in: .zhHans), "\(template.id)")
    }

    @Test func everyTemplateBelongsToAKnownRule() {
        let keys = MessageCatalog.templates.map(\.id)
        #expect(Set(keys).count == keys.count, "duplicate template keys")
        for key in keys {
            let rule = key.hasSuffix(".hint") ? String(key.dropLast(5)) : key.components(separatedBy: ".reason.")[0]
            #expect(RuleCatalog.info(rule) != nil, "template \(key) names no rule")
        }
    }

    @Test func rendersTheLeadsExample() {
        let args = ["name": "limt", "suggestion": "limit"]
        #expect(
            Messages.render("request.param-unknown", args, language: .en)
                == "unknown parameter 'limt'; did you mean 'limit'?")
        #expect(
            Messages.render("request.param-unknown", args, language: .zhHans) == "未知的参数“limt”；您是否想用“limit”？")
        #expect(
            Messages.hint(rule: "request.param-unknown", args, language: .en)
                == "rename it to 'limit' or remove it: the API rejects parameters it does not know")
    }

    @Test func dropsOptionalSegmentsWithoutValues() {
        #expect(
            Messages.render("request.param-unknown", ["name": "foo", "in": "query", "suggestion": ""], language: .en)
                == "unknown query parameter 'foo'")
        #expect(Messages.render("auth.expired-key", [:], language: .en) == "the API key has expired")
    }

    @Test func showsMissingRequiredPlaceholders() {
        #expect(
            Messages.render("route.unknown-path", ["method": "GET"], language: .en)
                == "no operation in the spec matches GET <path>")
    }

    @Test func unknownKeysFallBackToGenericEnglish() {
        #expect(
            Messages.render("no.such-rule", [:], language: .zhHans)
                == "no.such-rule: see the knowledge-base article for details")
        #expect(
            Messages.render("no.such-rule.hint", [:], language: .en)
                == "no.such-rule: see the knowledge-base article for details")
        #expect(!Messages.render("", [:], language: .en).isEmpty)
    }

    @Test func escapesControlCharactersInValues() {
        let text = Messages.render("request.param-unknown", ["name": "a\u{1B}[31mb\nc"], language: .en)
        #expect(!text.contains("\u{1B}") && !text.contains("\n"))
        #expect(text.contains("a\\u{1b}[31mb\\u{a}c"))
    }

    @Test(arguments: ["", "{", "}", "{}", "{ x }", "[[", "]]", "[[{a}", "{a}]]", "[[]]", "x[[y]]z", "{1a}", "{a"])
    func oddTemplatesRenderWithoutCrashing(_ source: String) {
        let template = MessageTemplate("test", en: source, zhHans: "")
        #expect(template.text(for: .zhHans) == source)
        _ = template.placeholders(in: .en)
    }

    @Test func rendersReasonsForComposition() {
        let reason = Messages.render("auth.malformed-header.reason.repeated-scheme", language: .zhHans)
        #expect(
            Messages.render("auth.malformed-header", ["reason": reason], language: .zhHans)
                == "Authorization 请求头格式错误：认证方案重复了（“Bearer Bearer …”）")
    }
}

@Suite("Provider error mapping")
struct KnowledgeBaseProviderErrorTests {
    @Test(
        arguments: [
            ("invalid_request_error", "parameter_unknown", nil, "request.param-unknown"),
            ("invalid_request_error", "parameter_missing", nil, "request.param-missing"),
            ("invalid_request_error", "parameter_invalid_integer", nil, "request.param-invalid"),
            ("invalid_request_error", "api_key_expired", nil, "auth.expired-key"),
            ("invalid_request_error", "rate_limit", nil, "ratelimit.burst"),
            ("idempotency_error", nil, nil, "idempotency.key-reused"),
            (
                "invalid_request_error", "resource_missing",
                "No such customer: 'cus_123'; a similar object exists in live mode, but a test mode key was used",
                "auth.key-mode-mismatch"
            ),
            ("invalid_request_error", "resource_missing", "No such customer: 'cus_123'", nil),
            ("card_error", "card_declined", "Your card was declined.", nil),
            (nil, nil, nil, nil),
        ] as [(String?, String?, String?, String?)])
    func mapsKnownCodesToRules(_ type: String?, _ code: String?, _ message: String?, _ expected: String?) {
        let rule = RuleCatalog.rule(forProviderErrorType: type, code: code, message: message)
        #expect(rule == expected)
        if let rule { #expect(RuleCatalog.info(rule) != nil) }
    }
}

@Suite("Knowledge-base index")
struct KnowledgeBaseIndexTests {
    @Test(arguments: Language.allCases)
    func indexLinksEveryRuleWithItsTitle(_ language: Language) throws {
        let folder = language == .en ? shippedKB.directory : shippedKB.directory.appendingPathComponent("zh-Hans")
        let index = try String(contentsOf: folder.appendingPathComponent("README.md"), encoding: .utf8)
        for rule in RuleCatalog.all {
            #expect(index.contains("[`\(rule.id)`](\(rule.id).md)"), "index (\(language)) lacks \(rule.id)")
            #expect(index.contains(rule.title.text(for: language)), "index (\(language)) lacks the title of \(rule.id)")
        }
    }
}
