// Display width and line wrapping for terminal output, including CJK text.
//
// Terminals give East Asian wide and fullwidth characters (Han, kana, Hangul, fullwidth punctuation) two columns,
// combining marks and zero-width characters none, and everything else one. Wrapping works on tokens:
//
//     "请使用 expand[] 参数。"  →  请 使 用 ␠expand[] ␠参 数 。
//
// A break is allowed at a space (which is then dropped) and between two tokens when either is a CJK character,
// in the latter case except before closing punctuation (`，。）」` and ASCII `,.;:!?)]}`) and after opening punctuation (`（「“(`), so a
// line never starts with `。` or ends with `（`. A token wider than the line (a long URL) gets a line of its own
// and is never cut. ANSI escape sequences (`ESC [ … m`) count as zero width.

/// Display width and wrapping of text for fixed-width terminals.
public enum TerminalText {
    /// The number of terminal columns a character takes: 0, 1 or 2.
    /// - Parameter character: one grapheme cluster.
    /// - Returns: its display width.
    public static func width(of character: Character) -> Int {
        guard let scalar = character.unicodeScalars.first else { return 0 }
        if scalar.value < 0x20 || scalar.value == 0x7F { return 0 }
        if scalar.value < 0x7F { return 1 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if isWide(scalar) { return 2 }
        if character.unicodeScalars.count > 1, character.unicodeScalars.contains(where: { $0.value == 0xFE0F }) {
            return 2  // emoji presentation selector
        }
        return 1
    }

    /// The number of terminal columns a string takes, ignoring ANSI SGR escape sequences.
    /// - Parameter string: the text, without line breaks.
    /// - Returns: its display width.
    /// - Complexity: O(n) in the number of characters.
    public static func width(_ string: String) -> Int {
        var total = 0
        var inEscape = false
        for character in string {
            if inEscape {
                if character.isLetter { inEscape = false }
                continue
            }
            if character == "\u{1B}" {
                inEscape = true
                continue
            }
            total += width(of: character)
        }
        return total
    }

    /// Whether a character is Han, kana, Hangul or fullwidth: text that may break between any two characters.
    /// - Parameter character: one grapheme cluster.
    /// - Returns: true for wide East Asian characters.
    public static func isCJK(_ character: Character) -> Bool {
        guard let scalar = character.unicodeScalars.first else { return false }
        return isWide(scalar) && !isEmoji(scalar)
    }

    /// Wraps text to a width, breaking at spaces and between CJK characters.
    /// - Parameters:
    ///   - text: the text; runs of whitespace (including line breaks) count as one space.
    ///   - width: the maximum line width in columns, indent included.
    ///   - indent: prefix of the first line.
    ///   - hangingIndent: prefix of the following lines.
    /// - Returns: the lines, without trailing spaces; one empty line for empty text.
    public static func wrap(_ text: String, width: Int, indent: String = "", hangingIndent: String = "") -> [String] {
        let units = breakUnits(tokens(text))
        var lines: [String] = []
        var line = indent
        var lineWidth = self.width(indent)
        var lineHasText = false
        for unit in units {
            let separator = unit.spaceBefore && lineHasText ? " " : ""
            if lineHasText && lineWidth + separator.count + unit.width > width {
                lines.append(line)
                line = hangingIndent
                lineWidth = self.width(hangingIndent)
                lineHasText = false
                line += unit.text
                lineWidth += unit.width
            } else {
                line += separator + unit.text
                lineWidth += separator.count + unit.width
            }
            lineHasText = true
        }
        lines.append(line)
        return lines.map { String($0.reversed().drop(while: { $0 == " " }).reversed()) }
    }

    // MARK: tokens

    private struct Token {
        var text: String
        var width: Int
        var spaceBefore: Bool
        var cjk: Bool
    }

    private struct Unit {
        var text: String
        var width: Int
        var spaceBefore: Bool
    }

    private static func tokens(_ text: String) -> [Token] {
        var tokens: [Token] = []
        var word = ""
        var wordSpaceBefore = false
        var pendingSpace = false
        var inEscape = false

        func flushWord() {
            guard !word.isEmpty else { return }
            tokens.append(Token(text: word, width: width(word), spaceBefore: wordSpaceBefore, cjk: false))
            word = ""
        }

        for character in text {
            if inEscape {
                word.append(character)
                if character.isLetter { inEscape = false }
                continue
            }
            if character == "\u{1B}" {
                if word.isEmpty {
                    wordSpaceBefore = pendingSpace
                    pendingSpace = false
                }
                word.append(character)
                inEscape = true
                continue
            }
            if character.isWhitespace && character != "\u{00A0}" {
                flushWord()
                pendingSpace = true
                continue
            }
            if isCJK(character) {
                flushWord()
                tokens.append(
                    Token(text: String(character), width: width(of: character), spaceBefore: pendingSpace, cjk: true))
                pendingSpace = false
                continue
            }
            if word.isEmpty {
                wordSpaceBefore = pendingSpace
                pendingSpace = false
            }
            word.append(character)
        }
        flushWord()
        return tokens
    }

    /// Groups tokens into unbreakable units.
    private static func breakUnits(_ tokens: [Token]) -> [Unit] {
        var units: [Unit] = []
        var previous: Token?
        for token in tokens {
            let canBreak: Bool
            if let previous {
                // A space is always a break; between CJK characters punctuation decides.
                canBreak =
                    token.spaceBefore
                    || ((token.cjk || previous.cjk) && !noBreakBefore(token.text) && !noBreakAfter(previous.text))
            } else {
                canBreak = true
            }
            if canBreak || units.isEmpty {
                units.append(Unit(text: token.text, width: token.width, spaceBefore: token.spaceBefore))
            } else {
                units[units.count - 1].text += (token.spaceBefore ? " " : "") + token.text
                units[units.count - 1].width += (token.spaceBefore ? 1 : 0) + token.width
            }
            previous = token
        }
        return units
    }

    private static let closing: Set<Character> = [
        "，", "。", "、", "；", "：", "？", "！", "）", "」", "』", "】", "》", "〉", "”", "’", "…", "—", "～",
        ",", ".", ";", ":", "!", "?", ")", "]", "}", "%",
    ]
    private static let opening: Set<Character> = ["（", "「", "『", "【", "《", "〈", "“", "‘", "(", "[", "{"]

    private static func noBreakBefore(_ text: String) -> Bool {
        guard let first = text.first(where: { $0 != "\u{1B}" }) else { return false }
        return closing.contains(first)
    }

    private static func noBreakAfter(_ text: String) -> Bool {
        guard let last = text.last else { return false }
        return opening.contains(last)
    }

    // MARK: width tables

    /// East Asian Wide (W) and Fullwidth (F) ranges, after Unicode's EastAsianWidth.txt, plus emoji pictographs.
    private static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        switch v {
        case 0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0, 0x23F3, 0x25FD...0x25FE,
            0x2614...0x2615, 0x2648...0x2653, 0x267F, 0x2693, 0x26A1, 0x26AA...0x26AB, 0x26BD...0x26BE,
            0x26C4...0x26C5, 0x26CE, 0x26D4, 0x26EA, 0x26F2...0x26F3, 0x26F5, 0x26FA, 0x26FD, 0x2705,
            0x270A...0x270B, 0x2728, 0x274C, 0x274E, 0x2753...0x2755, 0x2757, 0x2795...0x2797, 0x27B0, 0x27BF,
            0x2B1B...0x2B1C, 0x2B50, 0x2B55:
            return true
        case 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
            0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F,
            0xFF00...0xFF60, 0xFFE0...0xFFE6:
            return true
        case 0x16FE0...0x16FE4, 0x17000...0x18CFF, 0x1B000...0x1B2FF, 0x1F004, 0x1F0CF, 0x1F18E,
            0x1F191...0x1F19A, 0x1F200...0x1F251, 0x1F300...0x1F64F, 0x1F680...0x1F6FF, 0x1F7E0...0x1F7EB,
            0x1F90C...0x1F9FF, 0x1FA70...0x1FAFF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    private static func isEmoji(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return (0x1F000...0x1FAFF).contains(v) || (0x2300...0x2BFF).contains(v)
    }
}
