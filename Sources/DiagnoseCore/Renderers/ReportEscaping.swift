/// Escaping for each output language; renderers pass every user-derived string through one of these.
enum ReportEscaping {
    /// XML/HTML text and attribute escaping; C0 controls other than tab/newline/CR (invalid in XML 1.0) become
    /// U+FFFD, as do unpaired surrogates (impossible in Swift strings) and U+FFFE/U+FFFF.
    static func xml(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// Text safe to print on a terminal: control characters (ESC, CR, …) are shown as `\u{1B}` instead of acting.
    static func terminal(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Markdown inline text (never at the start of a line): inline markup characters are backslash-escaped, `<`,
    /// `>` and `&` become entities (so no raw HTML passes), newlines and controls become spaces. Safe in table cells.
    static func markdown(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\\", "`", "*", "_", "[", "]", "|", "~":
                out += "\\"
                out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += " "
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// A fenced Markdown code block whose fence is longer than any backtick run inside.
    static func markdownCodeBlock(_ code: String, language: String) -> String {
        var longest = 0
        var run = 0
        for c in code.unicodeScalars {
            if c == "`" {
                run += 1
                longest = max(longest, run)
            } else {
                run = 0
            }
        }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        var clean = ""
        for scalar in code.unicodeScalars {
            if (scalar.value < 0x20 && scalar != "\n" && scalar != "\t") || scalar.value == 0x7F {
                clean += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                clean.unicodeScalars.append(scalar)
            }
        }
        return fence + language + "\n" + clean + "\n" + fence + "\n"
    }

    /// A URL fit for an `href` or a Markdown link target: only `http:`/`https:` URLs pass (anything else, such as
    /// `javascript:`, becomes `#`); every byte outside letters, digits and `-._~:/?#@!$&+,;=%` is percent-encoded,
    /// so the result cannot close a Markdown link, a table cell or an HTML attribute.
    static func safeURL(_ s: String) -> String {
        let lower = s.lowercased()
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://") else { return "#" }
        return HTTPForm.percentEncode(s, keeping: ":/?#@!$&+,;=%")
    }
}
