import Synchronization

// Localized message and hint templates for every rule.
//
// A template is text with named placeholders and optional segments:
//
//     "unknown[[ {in}]] parameter '{name}'[[; did you mean '{suggestion}'?]]"
//
//   - `{name}` is replaced by the argument `name`. A required placeholder without a value renders as `<name>`, so a
//     missing argument is visible in tests instead of silently producing a wrong sentence.
//   - `[[ … ]]` is an optional segment: it is dropped when any placeholder inside it has no value or an empty one.
//     Segments do not nest.
//
// Keys are the rule id for the message (`request.param-unknown`) and the rule id plus `.hint` for the hint
// (`request.param-unknown.hint`). A few rules have extra `<id>.reason.<name>` templates whose rendered text is
// passed as the `{reason}` argument of the rule's message, so the reason is translated too.
//
// Argument values are data from the user's trace: callers pass them redacted (no secrets), and `render` escapes
// control characters so a trace cannot inject terminal escape sequences.

import Foundation

/// One localized template: a message, a hint or a reason, with named `{placeholders}` and `[[optional]]` segments.
public struct MessageTemplate: Sendable, Hashable {
    /// The key: `<rule-id>` for the message, `<rule-id>.hint` for the hint, `<rule-id>.reason.<name>` for reasons.
    public var id: String
    /// The English template.
    public var en: String
    /// The Simplified Chinese template; empty falls back to English.
    public var zhHans: String

    /// Creates a template.
    /// - Parameters:
    ///   - id: the key.
    ///   - en: the English template.
    ///   - zhHans: the Simplified Chinese template.
    public init(_ id: String, en: String, zhHans: String) {
        self.id = id
        self.en = en
        self.zhHans = zhHans
    }

    /// The template text in a language, falling back to English when the translation is empty.
    /// - Parameter language: the wanted language.
    /// - Returns: the raw template.
    public func text(for language: Language) -> String {
        switch language {
        case .en: en
        case .zhHans: zhHans.isEmpty ? en : zhHans
        }
    }

    /// The placeholder names used by the template in a language, e.g. `["name", "suggestion"]`.
    /// - Parameter language: the language whose template to read.
    /// - Returns: the set of names.
    public func placeholders(in language: Language) -> Set<String> {
        Set(TemplateParser.parse(text(for: language)).flatMap(\.placeholders))
    }
}

/// Renders message and hint templates for findings.
public enum Messages {
    /// Renders a template with named arguments, never returning an empty string and never failing.
    ///
    /// Falls back to the English template when the translation is empty, and to the English text of the generic
    /// template (`"<key>: see the knowledge-base article for details"`) when the key is unknown or renders empty.
    /// - Parameters:
    ///   - key: `<rule-id>`, `<rule-id>.hint` or `<rule-id>.reason.<name>`.
    ///   - args: placeholder values, already redacted; control characters are escaped.
    ///   - language: the language to render in.
    /// - Returns: the rendered text.
    public static func render(_ key: String, _ args: [String: String] = [:], language: Language) -> String {
        if let template = MessageCatalog.template(key) {
            let text = fill(template.text(for: language), args)
            if !text.isBlank { return text }
            if language != .en {
                let english = fill(template.en, args)
                if !english.isBlank { return english }
            }
        }
        let rule = key.hasSuffix(".hint") ? String(key.dropLast(5)) : key
        return fill(MessageCatalog.generic.en, ["rule": rule.isEmpty ? "diagnose" : rule])
    }

    /// Renders the message of a rule: shorthand for `render(rule, args, language:)`.
    /// - Parameters:
    ///   - rule: the rule id.
    ///   - args: placeholder values.
    ///   - language: the language to render in.
    /// - Returns: the message.
    public static func message(rule: String, _ args: [String: String] = [:], language: Language) -> String {
        render(rule, args, language: language)
    }

    /// Renders the hint of a rule: shorthand for `render(rule + ".hint", args, language:)`.
    /// - Parameters:
    ///   - rule: the rule id.
    ///   - args: placeholder values.
    ///   - language: the language to render in.
    /// - Returns: the hint.
    public static func hint(rule: String, _ args: [String: String] = [:], language: Language) -> String {
        render(rule + ".hint", args, language: language)
    }

    /// Substitutes arguments into a template.
    /// Parsed templates: a run fills the same few templates for every finding.
    private static let parsed = Mutex<[String: [TemplateParser.Piece]]>([:])

    static func fill(_ template: String, _ args: [String: String]) -> String {
        var out = ""
        let pieces: [TemplateParser.Piece]
        if let known = parsed.withLock({ $0[template] }) {
            pieces = known
        } else {
            pieces = TemplateParser.parse(template)
            parsed.withLock { if $0.count < 4_096 { $0[template] = pieces } }
        }
        for piece in pieces {
            switch piece {
            case .literal(let text):
                out += text
            case .placeholder(let name):
                if let value = args[name], !value.isEmpty { out += escapeControls(value) } else { out += "<\(name)>" }
            case .optional(let parts):
                let names = parts.flatMap(\.placeholders)
                guard names.allSatisfy({ !(args[$0] ?? "").isEmpty }) else { continue }
                out += fill(parts, args)
            }
        }
        return out
    }

    private static func fill(_ parts: [TemplateParser.Piece], _ args: [String: String]) -> String {
        var out = ""
        for part in parts {
            switch part {
            case .literal(let text): out += text
            case .placeholder(let name): out += escapeControls(args[name] ?? "")
            case .optional(let inner): out += fill(inner, args)
            }
        }
        return out
    }

    /// Replaces C0 controls, DEL and C1 controls with `\u{…}` so trace data cannot drive the terminal.
    static func escapeControls(_ value: String) -> String {
        guard value.unicodeScalars.contains(where: isControl) else { return value }
        var out = ""
        for scalar in value.unicodeScalars {
            if isControl(scalar) {
                out += "\\u{" + String(scalar.value, radix: 16) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }
}

/// Splits templates into literals, `{placeholders}` and `[[optional]]` segments.
enum TemplateParser {
    /// One part of a template.
    enum Piece: Equatable, Sendable {
        case literal(String)
        case placeholder(String)
        case optional([Piece])

        var placeholders: [String] {
            switch self {
            case .literal: []
            case .placeholder(let name): [name]
            case .optional(let parts): parts.flatMap(\.placeholders)
            }
        }
    }

    /// Parses a template. Braces that do not enclose an identifier (`{}`, `{ x }`) stay literal text, and an
    /// unclosed `[[` is literal too, so no template can make rendering fail.
    static func parse(_ template: String) -> [Piece] {
        var pieces: [Piece] = []
        var rest = Substring(template)
        while !rest.isEmpty {
            if rest.hasPrefix("[["), let close = rest.range(of: "]]") {
                let inner = rest[rest.index(rest.startIndex, offsetBy: 2)..<close.lowerBound]
                pieces.append(.optional(parseFlat(inner)))
                rest = rest[close.upperBound...]
                continue
            }
            let next = rest.range(of: "[[")?.lowerBound ?? rest.endIndex
            let chunkEnd = next == rest.startIndex ? rest.index(rest.startIndex, offsetBy: 2) : next
            pieces.append(contentsOf: parseFlat(rest[..<chunkEnd]))
            rest = rest[chunkEnd...]
        }
        return merged(pieces)
    }

    private static func parseFlat(_ text: Substring) -> [Piece] {
        var pieces: [Piece] = []
        var literal = ""
        var index = text.startIndex
        while index < text.endIndex {
            let char = text[index]
            if char == "{", let close = text[index...].firstIndex(of: "}") {
                let name = text[text.index(after: index)..<close]
                if let first = name.first, first.isASCII, first.isLetter,
                    name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) })
                {
                    if !literal.isEmpty { pieces.append(.literal(literal)) }
                    literal = ""
                    pieces.append(.placeholder(String(name)))
                    index = text.index(after: close)
                    continue
                }
            }
            literal.append(char)
            index = text.index(after: index)
        }
        if !literal.isEmpty { pieces.append(.literal(literal)) }
        return pieces
    }

    private static func merged(_ pieces: [Piece]) -> [Piece] {
        var out: [Piece] = []
        for piece in pieces {
            if case .literal(let text) = piece, case .literal(let previous)? = out.last {
                out[out.count - 1] = .literal(previous + text)
            } else {
                out.append(piece)
            }
        }
        return out
    }
}

extension String {
    /// Whether the text is empty or only whitespace.
    fileprivate var isBlank: Bool { allSatisfy(\.isWhitespace) }
}
