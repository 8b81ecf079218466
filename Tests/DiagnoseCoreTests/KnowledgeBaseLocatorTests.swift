import DiagnoseCore
import DiagnoseTestSupport
import Foundation
import Testing

/// A scratch folder tree for one test, removed at the end.
private struct Scratch: ~Copyable {
    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("kb-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    /// Creates a file (and its folders) with text.
    @discardableResult
    func file(_ relative: String, _ text: String = "# x\n") throws -> URL {
        let url = root.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    func url(_ relative: String) -> URL { root.appendingPathComponent(relative) }
}

@Suite("Knowledge-base locator")
struct KnowledgeBaseLocatorTests {
    @Test func environmentVariableWins() throws {
        let scratch = try Scratch()
        try scratch.file("mine/auth.expired-key.md")
        try scratch.file("prefix/share/diagnose/kb/auth.expired-key.md")
        let exe = try scratch.file("prefix/bin/diagnose")
        let kb = KnowledgeBase.locate(
            environment: ["DIAGNOSE_KB_DIR": scratch.url("mine").path], executableURL: exe,
            currentDirectory: scratch.root)
        #expect(kb?.directory.standardizedFileURL.path == scratch.url("mine").standardizedFileURL.path)
    }

    @Test func wrongEnvironmentVariableIsNotSilentlyIgnored() throws {
        let scratch = try Scratch()
        try scratch.file("prefix/share/diagnose/kb/auth.expired-key.md")
        let exe = try scratch.file("prefix/bin/diagnose")
        let kb = KnowledgeBase.locate(
            environment: ["DIAGNOSE_KB_DIR": scratch.url("missing").path], executableURL: exe,
            currentDirectory: scratch.root)
        #expect(kb == nil)
    }

    @Test func findsInstalledShareFolderThroughSymlinks() throws {
        let scratch = try Scratch()
        try scratch.file("prefix/share/diagnose/kb/auth.expired-key.md")
        let exe = try scratch.file("prefix/bin/diagnose")
        let link = scratch.url("elsewhere/diagnose")
        try FileManager.default.createDirectory(
            at: link.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: exe)
        let kb = KnowledgeBase.locate(environment: [:], executableURL: link, currentDirectory: scratch.url("elsewhere"))
        #expect(
            kb?.directory.resolvingSymlinksInPath().path
                == scratch.url("prefix/share/diagnose/kb").resolvingSymlinksInPath().path)
    }

    @Test func walksUpFromTheExecutableThenFromTheCurrentFolder() throws {
        let scratch = try Scratch()
        try scratch.file("repo/docs/kb/http.redirect.md")
        let exe = try scratch.file("repo/.build/debug/diagnose")
        let fromExe = KnowledgeBase.locate(environment: [:], executableURL: exe, currentDirectory: scratch.root)
        #expect(fromExe?.directory.path == scratch.url("repo/docs/kb").standardizedFileURL.path)

        try scratch.file("other/docs/kb/http.redirect.md")
        try FileManager.default.createDirectory(
            at: scratch.url("other/Sources/deep"), withIntermediateDirectories: true)
        let fromCwd = KnowledgeBase.locate(
            environment: [:], executableURL: scratch.url("nowhere/bin/diagnose"),
            currentDirectory: scratch.url("other/Sources/deep"))
        #expect(fromCwd?.directory.path == scratch.url("other/docs/kb").standardizedFileURL.path)
    }

    @Test func ignoresFoldersWithoutArticles() throws {
        let scratch = try Scratch()
        try scratch.file("repo/docs/kb/README.md")
        let kb = KnowledgeBase.locate(
            environment: [:], executableURL: nil, currentDirectory: scratch.url("repo"))
        #expect(kb == nil || kb?.directory.path != scratch.url("repo/docs/kb").standardizedFileURL.path)
    }

    @Test func findsTheShippedArticlesFromTheTestProcess() {
        #expect(KnowledgeBase.locate()?.article(rule: "http.redirect", language: .en) != nil)
    }

    @Test func fallsBackToEnglishAndRejectsPaths() throws {
        let scratch = try Scratch()
        try scratch.file("kb/a.b.md", "# English\n")
        try scratch.file("kb/zh-Hans/c.d.md", "# 中文\n")
        try scratch.file("secret.md", "# secret\n")
        let kb = KnowledgeBase(directory: scratch.url("kb"))
        #expect(kb.article(rule: "a.b", language: .zhHans) == "# English\n")
        #expect(kb.article(rule: "c.d", language: .zhHans) == "# 中文\n")
        #expect(kb.article(rule: "c.d", language: .en) == nil)
        #expect(kb.article(rule: "../secret", language: .en) == nil)
        #expect(kb.article(rule: "..", language: .en) == nil)
        #expect(kb.article(rule: "A.B", language: .en) == nil)
        #expect(kb.articleIDs(language: .en) == ["a.b"])
        #expect(kb.articleIDs(language: .zhHans) == ["c.d"])
    }

    @Test func buildsLinks() {
        #expect(
            KnowledgeBase.url(rule: "http.redirect", language: .en)
                == "https://github.com/diagnose-dev/diagnose/blob/main/docs/kb/http.redirect.md")
        #expect(
            KnowledgeBase.url(rule: "http.redirect", language: .zhHans, baseURL: "https://kb.example/docs")
                == "https://kb.example/docs/zh-Hans/http.redirect.md")
    }
}
