import DiagnoseCore
import DiagnoseTestSupport
import Foundation
import Testing

@Suite("Language selection")
struct KnowledgeBaseLanguageTests {
    @Test(
        arguments: [
            ([:], Language.en),
            (["LANG": "zh_CN.UTF-8"], .zhHans),
            (["LANG": "zh_SG"], .zhHans),
            (["LANG": "zh_Hans_CN.UTF-8"], .zhHans),
            (["LANG": "zh-Hans"], .zhHans),
            (["LANG": "zh_TW.UTF-8"], .en),
            (["LANG": "zh_HK.Big5"], .en),
            (["LANG": "en_US.UTF-8"], .en),
            (["LANG": "C"], .en),
            (["LANG": "de_DE@euro"], .en),
            (["LC_ALL": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"], .zhHans),
            (["LC_ALL": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"], .en),
            (["LC_MESSAGES": "zh_CN.GB18030", "LANG": "en_GB"], .zhHans),
            (["LC_ALL": "", "LC_MESSAGES": "", "LANG": "zh_CN"], .zhHans),
            (["LC_ALL": "C", "LC_MESSAGES": "zh_CN"], .en),
        ] as [([String: String], Language)])
    func fromEnvironment(_ environment: [String: String], _ expected: Language) {
        #expect(Language.fromEnvironment(environment) == expected)
    }

    @Test(
        arguments: [
            ("en", Language.en), ("en-US", .en), ("zh-Hans", .zhHans), ("zh-CN", .zhHans), ("zh_CN.UTF-8", .zhHans),
            ("zh", .zhHans), ("ZH-HANS", .zhHans),
        ] as [(String, Language)])
    func parsesLanguageTags(_ tag: String, _ expected: Language) {
        #expect(Language(tag: tag) == expected)
    }

    @Test(arguments: ["zh-Hant", "zh-TW", "fr", "", "klingon"])
    func rejectsLanguagesWithoutTranslation(_ tag: String) {
        #expect(Language(tag: tag) == nil)
    }

    @Test func localizedTextFallsBackToEnglish() {
        #expect(LocalizedText(en: "Hello", zhHans: "").text(for: .zhHans) == "Hello")
        #expect(LocalizedText(en: "Hello", zhHans: "你好").text(for: .zhHans) == "你好")
    }
}

@Suite("Terminal text")
struct KnowledgeBaseTerminalTextTests {
    @Test func measuresDisplayWidth() {
        #expect(TerminalText.width("abc") == 3)
        #expect(TerminalText.width("幂等键") == 6)
        #expect(TerminalText.width("（测试）") == 8)
        #expect(TerminalText.width("e\u{301}") == 1)
        #expect(TerminalText.width("\u{1B}[1mbold\u{1B}[0m") == 4)
        #expect(TerminalText.width("“x”") == 3)
    }

    @Test func wrapsCJKBetweenAnyTwoCharacters() {
        let text = "每个新操作都请生成新的键只有在原样重试同一个请求时才复用键"
        let lines = TerminalText.wrap(text, width: 10)
        #expect(lines == ["每个新操作", "都请生成新", "的键只有在", "原样重试同", "一个请求时", "才复用键"])
    }

    @Test func keepsClosingPunctuationOffLineStarts() {
        let lines = TerminalText.wrap("一二三四，五六七八。九十", width: 8)
        #expect(lines.allSatisfy { !$0.hasPrefix("，") && !$0.hasPrefix("。") })
        #expect(lines.allSatisfy { TerminalText.width($0) <= 10 })
        #expect(lines.joined() == "一二三四，五六七八。九十")
    }

    @Test func wrapsMixedTextWithinWidth() {
        let text =
            "请在每个创建请求中发送 Idempotency-Key（例如 UUID），重试时沿用同一个键，避免重试创建出第二个对象。"
            + " Then some English words follow to make the paragraph long enough."
        for width in [20, 33, 40, 80] {
            let lines = TerminalText.wrap(text, width: width)
            #expect(lines.allSatisfy { TerminalText.width($0) <= width }, "width \(width): \(lines)")
            #expect(lines.joined(separator: "").filter { !$0.isWhitespace } == text.filter { !$0.isWhitespace })
            #expect(lines.allSatisfy { !$0.hasPrefix("，") && !$0.hasPrefix("）") })
        }
    }

    @Test func neverCutsALongURL() {
        let url = "https://docs.stripe.com/api/idempotent_requests?some=very&long=query&string=that&goes=on"
        let lines = TerminalText.wrap("see \(url) now", width: 30)
        #expect(lines == ["see", url, "now"])
    }

    @Test func appliesIndents() {
        let lines = TerminalText.wrap("one two three four five six", width: 12, indent: "  - ", hangingIndent: "    ")
        #expect(lines == ["  - one two", "    three", "    four", "    five six"])
    }

    @Test func emptyTextGivesOneEmptyLine() {
        #expect(TerminalText.wrap("", width: 10) == [""])
    }
}

@Suite("Article renderer")
struct KnowledgeBaseRendererTests {
    private let shippedKB = KnowledgeBase(directory: TestPaths.packageRoot.appendingPathComponent("docs/kb"))

    @Test func rendersHeadingsListsLinksAndCode() {
        let markdown = """
            # Title here

            ## Section

            A paragraph with `inline code`, **bold** and a [link](https://example.com/x) that
            continues on a second source line.

            - first item that is long enough to wrap around the narrow width we use here
            - second

            ```sh
            curl https://api.payments.example/v1/customers/cus_123/a/very/long/path/that/must/not/be/wrapped -H "X: y"
            ```
            """
        let out = ArticleRenderer(width: 40).render(markdown)
        let expected = """
            Title here
            ==========

            Section
            -------

            A paragraph with `inline code`, bold and
            a link <https://example.com/x> that
            continues on a second source line.

              - first item that is long enough to
                wrap around the narrow width we use
                here
              - second

                curl https://api.payments.example/v1/customers/cus_123/a/very/long/path/that/must/not/be/wrapped -H "X: y"

            """
        #expect(out == expected)
    }

    @Test func joinsChineseSourceLinesWithoutSpaces() {
        let out = ArticleRenderer(width: 80).render("第一行\n第二行 and\nEnglish")
        #expect(out == "第一行第二行 and English\n")
    }

    @Test func usesANSIOnlyWithColor() {
        let markdown = "# T\n\nuse `x` and **y**\n"
        #expect(!ArticleRenderer(color: false).render(markdown).contains("\u{1B}"))
        let colored = ArticleRenderer(color: true).render(markdown)
        #expect(colored.contains("\u{1B}[1mT\u{1B}[0m"))
        #expect(colored.contains("\u{1B}[36mx\u{1B}[0m"))
    }

    @Test func neutralizesEscapesInArticleText() {
        let out = ArticleRenderer().render("bad \u{1B}[2J text\n\n```\nx\u{1B}y\n```\n")
        #expect(!out.contains("\u{1B}"))
    }

    @Test(arguments: [20, 40, 80, 100])
    func everyArticleFitsTheWidthOutsideCode(_ width: Int) throws {
        for rule in RuleCatalog.all {
            for language in Language.allCases {
                let text = try #require(shippedKB.article(rule: rule.id, language: language))
                let rendered = ArticleRenderer(width: width).render(text)
                let code = Set(
                    text.split(separator: "\n").map { "    " + $0 })
                for line in rendered.split(separator: "\n") where !code.contains(String(line)) {
                    let fits =
                        TerminalText.width(String(line)) <= width
                        || !line.trimmingCharacters(in: .whitespaces).contains(" ")  // one unbreakable token
                        || line.contains("<http")  // a link's URL stays whole
                    #expect(fits, "\(rule.id) (\(language)) at \(width): \(line)")
                }
            }
        }
    }

    @Test(arguments: [
        ("request.param-unknown", Language.en), ("auth.malformed-header", .en), ("idempotency.key-reused", .zhHans),
    ])
    func matchesGolden(_ id: String, _ language: Language) throws {
        let text = try #require(shippedKB.article(rule: id, language: language))
        assertGolden(ArticleRenderer(width: 80, color: false).render(text), named: "kb/\(id).\(language.rawValue).txt")
    }
}
