import Foundation

/*
 `pattern`, `patternProperties` and `format: regex` use ECMA-262 regular expressions (with the `u` flag). We run
 them on ICU through `NSRegularExpression`, after translating the constructs whose meaning differs. Measured on
 Linux (Swift 6.3, -O, Stripe-like ids and dates): NSRegularExpression 0.8–1.5 µs per match, Swift `Regex`
 0.7–2.4 µs; ICU's syntax is also the closer one to ECMA-262 (property escapes, lookbehind).

     ECMA-262            ICU                         why
     \d \D               [0-9] [^0-9]                ICU's \d matches every Unicode decimal digit
     \w \W \b \B         ASCII word characters       ICU's \w is Unicode-aware
     \s \S               ECMA's explicit list        ICU's \s misses U+FEFF
     $ (no m flag)       \z                          ICU's $ also matches before a final line break
     [^]  []             [\s\S]  (?!)                empty classes are errors in ICU
     [ & inside a class  \[ \&                       ICU treats them as set syntax
     \cX                 \x{..}                      control letters
     \u{…}               \x{…}

 Patterns are compiled once per schema and cached by source text in the registry. Deviations are listed in
 docs/conformance.md.
*/

/// A compiled ECMA-262 pattern.
final class ECMARegex: @unchecked Sendable {
    /// The pattern as written in the schema.
    let source: String
    private let regex: NSRegularExpression
    /// A pattern that is a plain literal prefix (`^abc`) or always matches, answered without ICU.
    private let fast: Fast

    private enum Fast { case none, always, prefix([UInt8]) }

    /// Compiles a pattern; nil when ICU cannot compile the translation.
    init?(_ source: String) {
        self.source = source
        guard let translated = ECMARegex.translate(source),
            let regex = try? NSRegularExpression(pattern: translated, options: [])
        else { return nil }
        self.regex = regex
        if source.isEmpty || source == ".*" {
            fast = .always
        } else if source.hasPrefix("^"),
            source.dropFirst().allSatisfy({
                $0.isLetter && $0.isASCII || $0.isNumber && $0.isASCII || $0 == "_" || $0 == "-"
            })
        {
            fast = .prefix(Array(source.utf8.dropFirst()))
        } else {
            fast = .none
        }
    }

    /// Whether the pattern matches anywhere in `utf8` (ECMA-262 `test` semantics: unanchored).
    func matches(utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        switch fast {
        case .always: return true
        case .prefix(let p):
            return utf8.count >= p.count && zip(utf8, p).allSatisfy { $0 == $1 }
        case .none:
            return matches(String(decoding: utf8, as: UTF8.self))
        }
    }

    /// Whether the pattern matches anywhere in `string`.
    func matches(_ string: String) -> Bool {
        matches(string, timeLimit: ValidationOptions.defaultRegexTimeLimit) ?? false
    }

    /// Whether the pattern matches anywhere in `utf8`, or nil when matching ran past `timeLimit` seconds.
    func matches(utf8: UnsafeBufferPointer<UInt8>, timeLimit: Double) -> Bool? {
        switch fast {
        case .always, .prefix: return matches(utf8: utf8)
        case .none: return matches(String(decoding: utf8, as: UTF8.self), timeLimit: timeLimit)
        }
    }

    /// Whether the pattern matches anywhere in `string`, or nil when ICU was stopped after `timeLimit` seconds
    /// (its progress callback, `.reportProgress`, fires periodically during a long match).
    func matches(_ string: String, timeLimit: Double) -> Bool? {
        let ns = string as NSString
        let start = ContinuousClock.now
        let limit = Duration.milliseconds(Int64(max(0, timeLimit) * 1000))
        var found = false
        var timedOut = false
        regex.enumerateMatches(
            in: string, options: [.reportProgress], range: NSRange(location: 0, length: ns.length)
        ) { match, _, stop in
            if match != nil {
                found = true
                stop.pointee = true
            } else if ContinuousClock.now - start > limit {
                timedOut = true
                stop.pointee = true
            }
        }
        return found ? true : timedOut ? nil : false
    }

    /// Translates ECMA-262 syntax to ICU syntax; nil for syntax ECMA-262 rejects that ICU would accept.
    static func translate(_ source: String) -> String? {
        let s = Array(source.unicodeScalars)
        var out = ""
        var i = 0
        var inClass = false
        let spaceClass =
            "\\t\\n\\x{0B}\\f\\r \\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}"
        func hex(_ v: UInt32) -> String { "\\x{" + String(v, radix: 16) + "}" }
        while i < s.count {
            let c = s[i]
            if c == "\\" {
                guard i + 1 < s.count else { return nil }
                let n = s[i + 1]
                i += 2
                switch n {
                case "d": out += inClass ? "0-9" : "[0-9]"
                case "D": out += inClass ? "[^0-9]" : "[^0-9]"
                case "w": out += inClass ? "a-zA-Z0-9_" : "[a-zA-Z0-9_]"
                case "W": out += "[^a-zA-Z0-9_]"
                case "s": out += inClass ? spaceClass : "[" + spaceClass + "]"
                case "S": out += "[^" + spaceClass + "]"
                case "b":
                    out +=
                        inClass ? "\\x{8}" : "(?:(?<=[a-zA-Z0-9_])(?![a-zA-Z0-9_])|(?<![a-zA-Z0-9_])(?=[a-zA-Z0-9_]))"
                case "B": out += "(?:(?<=[a-zA-Z0-9_])(?=[a-zA-Z0-9_])|(?<![a-zA-Z0-9_])(?![a-zA-Z0-9_]))"
                case "c":
                    guard i < s.count, s[i].properties.isAlphabetic, s[i].isASCII else { return nil }
                    out += hex(s[i].value % 32)
                    i += 1
                case "u":
                    if i < s.count, s[i] == "{" {
                        var j = i + 1
                        var v: UInt32 = 0
                        while j < s.count, s[j] != "}" {
                            guard let d = s[j].hexDigitValue else { return nil }
                            v = v * 16 + UInt32(d)
                            j += 1
                        }
                        out += hex(v)
                        i = j + 1
                    } else {
                        guard i + 4 <= s.count else { return nil }
                        var v: UInt32 = 0
                        for k in 0..<4 {
                            guard let d = s[i + k].hexDigitValue else { return nil }
                            v = v * 16 + UInt32(d)
                        }
                        out += hex(v)
                        i += 4
                    }
                case "x":
                    guard i + 2 <= s.count, let a = s[i].hexDigitValue, let b = s[i + 1].hexDigitValue else {
                        return nil
                    }
                    out += hex(UInt32(a * 16 + b))
                    i += 2
                case "a", "e", "z", "Z", "A", "G", "Q", "E", "h", "H", "R", "X", "N", "V", "o":
                    // ICU-only escapes: in ECMA-262 with the `u` flag these are syntax errors.
                    return nil
                case "p", "P":
                    out += "\\" + String(n)
                default:
                    out += "\\" + String(n)
                }
                continue
            }
            if inClass {
                switch c {
                case "]": inClass = false; out += "]"
                case "[": out += "\\["
                case "&": out += "\\&"
                case "-" where i + 1 < s.count && s[i + 1] == "-": out += "\\-"
                default: out.unicodeScalars.append(c)
                }
                i += 1
                continue
            }
            switch c {
            case "(" where i + 1 < s.count && s[i + 1] == "?":
                // ECMA-262 groups: (?: (?= (?! (?<= (?<! (?<name>; inline flags and comments are not ECMA-262.
                guard i + 2 < s.count, ":=!<".unicodeScalars.contains(s[i + 2]) else { return nil }
                out += "(?"
                i += 2
                continue
            case "[":
                if i + 1 < s.count, s[i + 1] == "]" {
                    out += "(?!)"
                    i += 2
                    continue
                }
                if i + 2 < s.count, s[i + 1] == "^", s[i + 2] == "]" {
                    out += "[\\s\\S]"
                    i += 3
                    continue
                }
                inClass = true
                out += "["
                if i + 1 < s.count, s[i + 1] == "^" {
                    out += "^"
                    i += 1
                }
            case "$": out += "\\z"
            default: out.unicodeScalars.append(c)
            }
            i += 1
        }
        return out
    }
}

extension Unicode.Scalar {
    fileprivate var hexDigitValue: Int? {
        switch value {
        case 0x30...0x39: Int(value - 0x30)
        case 0x41...0x46: Int(value - 0x41 + 10)
        case 0x61...0x66: Int(value - 0x61 + 10)
        default: nil
        }
    }
}
