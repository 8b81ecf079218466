public import Foundation

/// The folder of knowledge-base articles: `<id>.md` in English and `zh-Hans/<id>.md` in Simplified Chinese.
///
/// `locate()` finds it at run time, in this order:
/// 1. `$DIAGNOSE_KB_DIR` (when set, it is the only place looked at, so a wrong value is not silently ignored);
/// 2. `<executable dir>/../share/diagnose/kb` (an installed copy);
/// 3. `docs/kb` in the executable's folder or any folder above it (a build inside a checkout);
/// 4. `docs/kb` in the current folder or any folder above it.
public struct KnowledgeBase: Sendable, Hashable {
    /// Where published articles live; `--kb-base-url` overrides it. Ends with a slash.
    public static let defaultBaseURL = "https://github.com/diagnose-dev/diagnose/blob/main/docs/kb/"

    /// The environment variable naming the article folder.
    public static let environmentVariable = "DIAGNOSE_KB_DIR"

    /// The folder holding the English articles (and the `zh-Hans` subfolder).
    public let directory: URL

    /// Uses a folder as the knowledge base without checking it.
    /// - Parameter directory: the folder holding `<id>.md` files.
    public init(directory: URL) {
        self.directory = directory
    }

    /// Finds the articles for the running executable.
    /// - Returns: the knowledge base, or nil when no candidate folder holds articles.
    public static func locate() -> KnowledgeBase? {
        locate(
            environment: ProcessInfo.processInfo.environment,
            executableURL: Bundle.main.executableURL,
            currentDirectory: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
    }

    /// Finds the articles from explicit inputs (for tests and for callers with their own notion of "here").
    /// - Parameters:
    ///   - environment: the environment; only `DIAGNOSE_KB_DIR` is read.
    ///   - executableURL: the running executable; symbolic links are resolved.
    ///   - currentDirectory: the working folder.
    /// - Returns: the knowledge base, or nil when no candidate folder holds articles.
    public static func locate(
        environment: [String: String], executableURL: URL?, currentDirectory: URL
    ) -> KnowledgeBase? {
        if let explicit = environment[environmentVariable], !explicit.isEmpty {
            let url = URL(fileURLWithPath: explicit, relativeTo: currentDirectory).standardizedFileURL
            return holdsArticles(url) ? KnowledgeBase(directory: url) : nil
        }
        var candidates: [URL] = []
        if let executableURL {
            let binDir = executableURL.resolvingSymlinksInPath().deletingLastPathComponent()
            candidates.append(
                binDir.deletingLastPathComponent().appendingPathComponent("share/diagnose/kb").standardizedFileURL)
            candidates.append(contentsOf: ancestors(of: binDir).map { $0.appendingPathComponent("docs/kb") })
        }
        candidates.append(contentsOf: ancestors(of: currentDirectory).map { $0.appendingPathComponent("docs/kb") })
        return candidates.first(where: holdsArticles).map { KnowledgeBase(directory: $0) }
    }

    /// The article text for a rule, falling back to English when there is no translation.
    /// - Parameters:
    ///   - rule: a rule id; anything that is not a plain id (`a-z`, `0-9`, `.`, `-`) returns nil.
    ///   - language: the wanted language.
    /// - Returns: the Markdown text, or nil when neither language has the article.
    public func article(rule: String, language: Language) -> String? {
        guard let file = articleFile(rule: rule, language: language) else { return nil }
        return try? String(contentsOf: file, encoding: .utf8)
    }

    /// The file `article(rule:language:)` would read, after the English fallback.
    /// - Parameters:
    ///   - rule: a rule id.
    ///   - language: the wanted language.
    /// - Returns: the existing file, or nil.
    public func articleFile(rule: String, language: Language) -> URL? {
        guard Self.isPlainID(rule) else { return nil }
        var files = [file(rule: rule, language: language)]
        if language != .en { files.append(file(rule: rule, language: .en)) }
        return files.first { FileManager.default.fileExists(atPath: $0.path) }
    }

    /// The ids of the articles present in one language, from the file names, sorted.
    /// - Parameter language: the language folder to list.
    /// - Returns: the ids (file names without `.md`); `README.md` is not an article.
    public func articleIDs(language: Language) -> [String] {
        let folder = language == .en ? directory : directory.appendingPathComponent(language.rawValue)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".md") && $0 != "README.md" }.map { String($0.dropLast(3)) }.sorted()
    }

    /// The published link to a rule's article.
    /// - Parameters:
    ///   - rule: the rule id.
    ///   - language: English links to `<base><id>.md`, Chinese to `<base>zh-Hans/<id>.md`.
    ///   - baseURL: the base, with or without its trailing slash.
    /// - Returns: the URL as text.
    public func url(rule: String, language: Language, baseURL: String = KnowledgeBase.defaultBaseURL) -> String {
        Self.url(rule: rule, language: language, baseURL: baseURL)
    }

    /// The published link to a rule's article, without needing a located knowledge base.
    /// - Parameters:
    ///   - rule: the rule id.
    ///   - language: English links to `<base><id>.md`, Chinese to `<base>zh-Hans/<id>.md`.
    ///   - baseURL: the base, with or without its trailing slash.
    /// - Returns: the URL as text.
    public static func url(rule: String, language: Language, baseURL: String = defaultBaseURL) -> String {
        let base = baseURL.hasSuffix("/") ? baseURL : baseURL + "/"
        switch language {
        case .en: return base + rule + ".md"
        case .zhHans: return base + "zh-Hans/" + rule + ".md"
        }
    }

    // MARK: private

    private func file(rule: String, language: Language) -> URL {
        switch language {
        case .en: directory.appendingPathComponent(rule + ".md")
        case .zhHans: directory.appendingPathComponent("zh-Hans").appendingPathComponent(rule + ".md")
        }
    }

    /// Rule ids are lower-case words joined by `.` and `-`; this also keeps `../` out of file paths.
    static func isPlainID(_ id: String) -> Bool {
        !id.isEmpty && !id.hasPrefix(".") && !id.contains("..")
            && id.utf8.allSatisfy {
                ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E || $0 == 0x2D
            }
    }

    private static func holdsArticles(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue,
            let names = try? FileManager.default.contentsOfDirectory(atPath: url.path)
        else { return false }
        return names.contains { $0.hasSuffix(".md") && $0 != "README.md" }
    }

    /// The folder and each folder above it, nearest first.
    private static func ancestors(of url: URL) -> [URL] {
        var result: [URL] = []
        var current = url.standardizedFileURL
        for _ in 0..<64 {
            result.append(current)
            let parent = current.deletingLastPathComponent()
            if parent.path == current.path { break }
            current = parent
        }
        return result
    }
}
