public import Foundation

/// A language `diagnose` can explain findings in: message templates, rule titles and knowledge-base articles.
public enum Language: String, Sendable, Hashable, Codable, CaseIterable {
    /// English, the fallback for every missing translation.
    case en
    /// Simplified Chinese (`zh-Hans`).
    case zhHans = "zh-Hans"

    /// Parses a language tag as given to `--lang`: `en`, `en-US`, `zh-Hans`, `zh-CN`, `zh_CN.UTF-8`, `zh`.
    ///
    /// Traditional Chinese tags (`zh-Hant`, `zh-TW`, `zh-HK`) and other languages return nil: there is no
    /// translation for them, and silently showing Simplified Chinese to a Traditional reader would be wrong.
    /// - Parameter tag: a BCP 47 tag or a POSIX locale name.
    /// - Returns: the language, or nil when the tag names none we have.
    public init?(tag: String) {
        let normalized = Language.normalize(tag)
        if normalized == "en" || normalized.hasPrefix("en_") || normalized == "c" || normalized == "posix" {
            self = .en
        } else if Language.isSimplifiedChinese(normalized) {
            self = .zhHans
        } else {
            return nil
        }
    }

    /// The language chosen by the POSIX locale variables, in their precedence order `LC_ALL`, `LC_MESSAGES`, `LANG`.
    ///
    /// The first variable that is set and non-empty decides: `zh_CN*`, `zh_SG*`, `zh_Hans*` (and a bare `zh`)
    /// give Simplified Chinese; anything else, including `C`, `POSIX` and Traditional Chinese locales, gives English.
    /// - Parameter environment: the process environment (injectable for tests).
    /// - Returns: the language to use when `--lang` is not given.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> Language {
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let value = environment[name], !value.isEmpty else { continue }
            return isSimplifiedChinese(normalize(value)) ? .zhHans : .en
        }
        return .en
    }

    /// Lower-cases a tag, drops `.codeset` and `@modifier`, and turns `-` into `_`: `zh-Hans.UTF-8` → `zh_hans`.
    private static func normalize(_ tag: String) -> String {
        var value = Substring(tag.trimmingCharacters(in: .whitespaces))
        if let dot = value.firstIndex(of: ".") { value = value[..<dot] }
        if let at = value.firstIndex(of: "@") { value = value[..<at] }
        return value.lowercased().replacingOccurrences(of: "-", with: "_")
    }

    private static func isSimplifiedChinese(_ normalized: String) -> Bool {
        normalized == "zh" || normalized.hasPrefix("zh_cn") || normalized.hasPrefix("zh_sg")
            || normalized.hasPrefix("zh_hans")
    }
}

/// A piece of text in every supported language, English being the fallback.
public struct LocalizedText: Sendable, Hashable {
    /// The English text.
    public var en: String
    /// The Simplified Chinese text; empty means "not translated yet" and falls back to English.
    public var zhHans: String

    /// Creates a localized text.
    /// - Parameters:
    ///   - en: the English text.
    ///   - zhHans: the Simplified Chinese text.
    public init(en: String, zhHans: String) {
        self.en = en
        self.zhHans = zhHans
    }

    /// The text in a language, falling back to English when that translation is empty.
    /// - Parameter language: the wanted language.
    /// - Returns: the text.
    public func text(for language: Language) -> String {
        switch language {
        case .en: en
        case .zhHans: zhHans.isEmpty ? en : zhHans
        }
    }
}
