/// Produces a string matching a simple ECMA-262 pattern: literals, escapes (`\d \w \s \.`), classes with ranges,
/// `.`, groups with alternatives, and the quantifiers `? * + {n} {n,} {n,m}`, anchors `^ $`. Anything else
/// (lookaround, back-references, negated classes over wide ranges) is "not simple": the sampler returns nil and the
/// caller falls back to the schema's `example`/`default`. Every result is checked with the real pattern engine.
struct PatternSampler {
    private indirect enum Atom {
        case chars([Character])  // pick one
        case group([[Piece]])  // alternatives
    }
    private struct Piece {
        var atom: Atom
        var min: Int
        var max: Int
    }

    /// A matching string, or nil when the pattern is not simple enough (or the sample does not match).
    static func sample(_ pattern: String, rng: inout ExampleGenerator.RNG) -> String? {
        var parser = Parser(chars: Array(pattern))
        guard let alternatives = parser.alternatives(), parser.i == parser.chars.count else { return nil }
        var out = ""
        emit(.group(alternatives), &out, &rng)
        guard let regex = ECMARegex(pattern), regex.matches(out) else { return nil }
        return out
    }

    private static func emit(_ atom: Atom, _ out: inout String, _ rng: inout ExampleGenerator.RNG) {
        switch atom {
        case .chars(let set): if !set.isEmpty { out.append(set[rng.int(set.count)]) }
        case .group(let alternatives):
            guard !alternatives.isEmpty else { return }
            for piece in alternatives[rng.int(alternatives.count)] {
                let n = piece.min + rng.int(piece.max - piece.min + 1)
                for _ in 0..<n { emit(piece.atom, &out, &rng) }
            }
        }
    }

    private struct Parser {
        let chars: [Character]
        var i = 0
        static let digits = Array("0123456789")
        static let word = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
        static let any = Array("abcxyz0123")

        mutating func alternatives() -> [[Piece]]? {
            var result: [[Piece]] = []
            var current: [Piece] = []
            while i < chars.count {
                let c = chars[i]
                if c == "|" {
                    result.append(current)
                    current = []
                    i += 1
                    continue
                }
                if c == ")" { break }
                if c == "^" || c == "$" {
                    // Anchors only at the ends of an alternative are supported.
                    i += 1
                    continue
                }
                guard let atom = atom() else { return nil }
                guard let (lo, hi) = quantifier() else { return nil }
                current.append(Piece(atom: atom, min: lo, max: hi))
            }
            result.append(current)
            return result
        }

        mutating func atom() -> Atom? {
            let c = chars[i]
            i += 1
            switch c {
            case "(":
                if i < chars.count, chars[i] == "?" {
                    // Only non-capturing groups.
                    guard i + 1 < chars.count, chars[i + 1] == ":" else { return nil }
                    i += 2
                }
                guard let alts = alternatives(), i < chars.count, chars[i] == ")" else { return nil }
                i += 1
                return .group(alts)
            case "[": return charClass()
            case "\\": return escape().map { .chars($0) }
            case ".": return .chars(Self.any)
            case "*", "+", "?", "{", "}", "]": return nil
            default: return .chars([c])
            }
        }

        mutating func escape() -> [Character]? {
            guard i < chars.count else { return nil }
            let c = chars[i]
            i += 1
            switch c {
            case "d": return Self.digits
            case "w": return Self.word
            case "s": return [" "]
            case "D", "W", "S", "b", "B", "1", "2", "3", "4", "5", "6", "7", "8", "9", "k", "p", "P", "u", "x", "c":
                return nil
            case "n": return ["\n"]
            case "t": return ["\t"]
            default: return [c]
            }
        }

        mutating func charClass() -> Atom? {
            guard i < chars.count, chars[i] != "^" else { return nil }
            var set: [Character] = []
            while i < chars.count, chars[i] != "]" {
                var c = chars[i]
                i += 1
                if c == "\\" {
                    guard let e = escape() else { return nil }
                    if e.count > 1 {
                        set += e
                        continue
                    }
                    c = e[0]
                }
                if i + 1 < chars.count, chars[i] == "-", chars[i + 1] != "]" {
                    var end = chars[i + 1]
                    i += 2
                    if end == "\\" {
                        guard let e = escape(), e.count == 1 else { return nil }
                        end = e[0]
                    }
                    guard let a = c.unicodeScalars.first?.value, let b = end.unicodeScalars.first?.value, a <= b,
                        b - a < 200
                    else { return nil }
                    for v in a...b { if let s = Unicode.Scalar(v) { set.append(Character(s)) } }
                } else {
                    set.append(c)
                }
            }
            guard i < chars.count else { return nil }
            i += 1
            return .chars(set)
        }

        mutating func quantifier() -> (Int, Int)? {
            guard i < chars.count else { return (1, 1) }
            var result: (Int, Int)
            switch chars[i] {
            case "?": i += 1; result = (0, 1)
            case "*": i += 1; result = (0, 3)
            case "+": i += 1; result = (1, 3)
            case "{":
                guard let close = chars[i...].firstIndex(of: "}") else { return nil }
                let body = String(chars[(i + 1)..<close])
                i = close + 1
                let parts = body.split(separator: ",", omittingEmptySubsequences: false)
                guard let lo = Int(parts[0]) else { return nil }
                if parts.count == 1 {
                    result = (lo, lo)
                } else if parts[1].isEmpty {
                    result = (lo, lo + 2)
                } else if let hi = Int(parts[1]), hi >= lo {
                    result = (lo, min(hi, lo + 3))
                } else {
                    return nil
                }
            default: return (1, 1)
            }
            if i < chars.count, chars[i] == "?" { i += 1 }  // lazy: same language
            return result
        }
    }
}
