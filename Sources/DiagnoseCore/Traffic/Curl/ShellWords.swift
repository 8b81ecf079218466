/// Splits shell command text into words the way a POSIX shell (bash) would for a pasted curl command: single
/// quotes, double quotes (`\` escapes `$`, `` ` ``, `"`, `\` and newline), ANSI-C `$'…'`, backslash escapes,
/// backslash-newline continuations, `#` comments. An unquoted newline ends a command; `|`, `;`, `&&`, `>`
/// end it too (what follows is not part of the request).
struct ShellWords {
    /// One word: its bytes after quote removal and the offset of its first character.
    struct Word {
        var bytes: [UInt8]
        var offset: Int
        /// Whether any part was quoted (a quoted `|` is not a pipe).
        var quoted: Bool
        var text: String { String(decoding: bytes, as: UTF8.self) }
    }

    /// A command: its words and what ended it early (pipe, redirect), if anything.
    struct Command {
        var words: [Word] = []
        var offset: Int = 0
        var cutAt: (offset: Int, what: String)? = nil
    }

    /// An unterminated quote.
    struct QuoteError: Error {
        var offset: Int
        var quote: String
    }

    static func split(_ text: [UInt8]) throws(QuoteError) -> [Command] {
        var commands: [Command] = []
        var current = Command()
        var word: [UInt8] = []
        var wordStart = -1
        var quoted = false
        var skipping = false  // after a pipe or redirect, until the end of the command
        var i = 0
        let n = text.count

        func endWord() {
            if wordStart >= 0 {
                if !skipping { current.words.append(Word(bytes: word, offset: wordStart, quoted: quoted)) }
                word = []
                wordStart = -1
                quoted = false
            }
        }
        func endCommand() {
            endWord()
            if !current.words.isEmpty { commands.append(current) }
            current = Command()
            skipping = false
        }
        func begin() { if wordStart < 0 { wordStart = i } }

        while i < n {
            let c = text[i]
            switch c {
            case 0x20, 0x09, 0x0D:
                endWord()
                i += 1
            case 0x0A:
                endCommand()
                i += 1
            case UInt8(ascii: "\\"):
                if i + 1 < n && text[i + 1] == 0x0A {
                    i += 2
                } else if i + 2 < n && text[i + 1] == 0x0D && text[i + 2] == 0x0A {
                    i += 3
                } else {
                    begin()
                    if i + 1 < n { word.append(text[i + 1]) }
                    quoted = true
                    i += 2
                }
            case UInt8(ascii: "'"):
                begin()
                quoted = true
                let start = i
                i += 1
                while i < n && text[i] != UInt8(ascii: "'") {
                    word.append(text[i])
                    i += 1
                }
                guard i < n else { throw QuoteError(offset: start, quote: "'") }
                i += 1
            case UInt8(ascii: "\""):
                begin()
                quoted = true
                let start = i
                i += 1
                while i < n && text[i] != UInt8(ascii: "\"") {
                    if text[i] == UInt8(ascii: "\\"), i + 1 < n {
                        let e = text[i + 1]
                        if e == 0x0A {
                            i += 2
                            continue
                        }
                        if e == UInt8(ascii: "$") || e == UInt8(ascii: "`") || e == UInt8(ascii: "\"")
                            || e == UInt8(ascii: "\\")
                        {
                            word.append(e)
                            i += 2
                            continue
                        }
                    }
                    word.append(text[i])
                    i += 1
                }
                guard i < n else { throw QuoteError(offset: start, quote: "\"") }
                i += 1
            case UInt8(ascii: "$") where i + 1 < n && text[i + 1] == UInt8(ascii: "'"):
                begin()
                quoted = true
                let start = i
                i += 2
                var closed = false
                while i < n {
                    let d = text[i]
                    if d == UInt8(ascii: "'") {
                        closed = true
                        i += 1
                        break
                    }
                    if d == UInt8(ascii: "\\"), i + 1 < n {
                        i += 1
                        i = ansiEscape(text, at: i, into: &word)
                        continue
                    }
                    word.append(d)
                    i += 1
                }
                guard closed else { throw QuoteError(offset: start, quote: "$'") }
            case UInt8(ascii: "#") where wordStart < 0:
                while i < n && text[i] != 0x0A { i += 1 }
            case UInt8(ascii: "|"), UInt8(ascii: ";"), UInt8(ascii: ">"), UInt8(ascii: "<"):
                endWord()
                if !skipping {
                    current.cutAt = (i, String(UnicodeScalar(c)))
                }
                skipping = true
                i += 1
            case UInt8(ascii: "&") where i + 1 < n && text[i + 1] == UInt8(ascii: "&"):
                endWord()
                if !skipping { current.cutAt = (i, "&&") }
                skipping = true
                i += 2
            default:
                begin()
                if current.words.isEmpty && wordStart == i && word.isEmpty { current.offset = i }
                word.append(c)
                i += 1
            }
        }
        endCommand()
        return commands
    }

    /// Decodes one ANSI-C escape starting at the byte after the backslash; returns the index after it.
    static func ansiEscape(_ t: [UInt8], at i0: Int, into out: inout [UInt8]) -> Int {
        var i = i0
        let e = t[i]
        i += 1
        switch e {
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "a"): out.append(0x07)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "e"), UInt8(ascii: "E"): out.append(0x1B)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "v"): out.append(0x0B)
        case UInt8(ascii: "x"):
            var v: UInt32 = 0
            var k = 0
            while k < 2, i < t.count, let h = hexValue(t[i]) {
                v = v << 4 | UInt32(h)
                i += 1
                k += 1
            }
            if k == 0 { out += [UInt8(ascii: "\\"), UInt8(ascii: "x")] } else { out.append(UInt8(v)) }
        case UInt8(ascii: "u"), UInt8(ascii: "U"):
            var v: UInt32 = 0
            var k = 0
            let maxDigits = e == UInt8(ascii: "u") ? 4 : 8
            while k < maxDigits, i < t.count, let h = hexValue(t[i]) {
                v = v << 4 | UInt32(h)
                i += 1
                k += 1
            }
            out += Array(String(Character(Unicode.Scalar(v) ?? "\u{FFFD}")).utf8)
        case UInt8(ascii: "0")...UInt8(ascii: "7"):
            var v = UInt32(e - 0x30)
            var k = 1
            while k < 3, i < t.count, t[i] >= 0x30, t[i] <= 0x37 {
                v = v * 8 + UInt32(t[i] - 0x30)
                i += 1
                k += 1
            }
            out.append(UInt8(truncatingIfNeeded: v))
        default:
            // \\ \' \" \? and anything else: the character itself.
            out.append(e)
        }
        return i
    }

    /// Quotes bytes for a POSIX shell: `'…'` when printable, `$'…'` with escapes otherwise.
    static func quote(_ bytes: [UInt8]) -> String {
        let valid = String(validating: bytes, as: UTF8.self) != nil
        let needsANSI = !valid || bytes.contains { ($0 < 0x20) || $0 == 0x7F }
        if !needsANSI {
            if bytes.isEmpty { return "''" }
            let safe = bytes.allSatisfy {
                Redactor.isAlnum($0)
                    || [
                        UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "/"),
                        UInt8(ascii: ":"), UInt8(ascii: "@"), UInt8(ascii: "="), UInt8(ascii: ","),
                    ].contains($0)
            }
            if safe && bytes.first != UInt8(ascii: "=") { return String(decoding: bytes, as: UTF8.self) }
            return "'" + String(decoding: bytes, as: UTF8.self).replacing("'", with: "'\\''") + "'"
        }
        // ANSI-C quoting: escapes for control bytes, quote and backslash; valid UTF-8 is kept as characters,
        // bytes of invalid UTF-8 become \xHH.
        let hex = Array("0123456789abcdef".utf8)
        var out: [UInt8] = Array("$'".utf8)
        for c in bytes {
            switch c {
            case 0x0A: out += Array("\\n".utf8)
            case 0x0D: out += Array("\\r".utf8)
            case 0x09: out += Array("\\t".utf8)
            case UInt8(ascii: "\\"): out += Array("\\\\".utf8)
            case UInt8(ascii: "'"): out += Array("\\'".utf8)
            case 0x20..<0x7F: out.append(c)
            case 0x80... where valid: out.append(c)
            default: out += Array("\\x".utf8) + [hex[Int(c >> 4)], hex[Int(c & 15)]]
            }
        }
        out.append(UInt8(ascii: "'"))
        return String(decoding: out, as: UTF8.self)
    }

    /// The inside of a double-quoted shell word: `\`, `"`, `$` and `` ` `` escaped, no quotes around.
    static func doubleQuoted(_ s: String) -> String {
        var out = ""
        for ch in s {
            if ch == "\\" || ch == "\"" || ch == "$" || ch == "`" { out.append("\\") }
            out.append(ch)
        }
        return out
    }
}
