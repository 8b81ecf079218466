/*
 Enough of IDNA 2008 for `format: hostname` (A-labels, `xn--…`) and `format: idn-hostname`: Punycode decoding
 (RFC 3492), the label rules of RFC 5891 §4.2.3, the contextual rules of RFC 5892 appendix A and an approximation
 of the Bidi rule (RFC 5893) that classifies characters by Unicode block, since the Swift standard library exposes
 no Bidi class. The full IDNA derived-property table is not carried; letters, digits and marks are accepted, and
 uppercase letters, symbols and the listed exceptions are rejected.
*/

enum IDNA {
    /// Decodes the part after `xn--` of an A-label; nil for malformed Punycode.
    static func punycodeDecode(_ input: Substring) -> [Unicode.Scalar]? {
        let base = 36, tmin = 1, tmax = 26, skew = 38, damp = 700
        var output: [Unicode.Scalar] = []
        let chars = Array(input.unicodeScalars)
        var start = 0
        if let dash = chars.lastIndex(of: "-") {
            for c in chars[..<dash] {
                guard c.isASCII else { return nil }
                output.append(c)
            }
            start = dash + 1
        }
        func adapt(_ delta: Int, _ numPoints: Int, _ first: Bool) -> Int {
            var d = first ? delta / damp : delta / 2
            d += d / numPoints
            var k = 0
            while d > ((base - tmin) * tmax) / 2 {
                d /= base - tmin
                k += base
            }
            return k + (base - tmin + 1) * d / (d + skew)
        }
        var n = 128
        var i = 0
        var bias = 72
        var pos = start
        while pos < chars.count {
            let oldi = i
            var w = 1
            var k = base
            while true {
                guard pos < chars.count else { return nil }
                let c = chars[pos].value
                pos += 1
                let digit: Int
                switch c {
                case 0x61...0x7A: digit = Int(c - 0x61)
                case 0x41...0x5A: digit = Int(c - 0x41)
                case 0x30...0x39: digit = Int(c - 0x30) + 26
                default: return nil
                }
                let (m, o1) = digit.multipliedReportingOverflow(by: w)
                let (s, o2) = i.addingReportingOverflow(m)
                guard !o1, !o2 else { return nil }
                i = s
                let t = k <= bias ? tmin : (k >= bias + tmax ? tmax : k - bias)
                if digit < t { break }
                let (w2, o3) = w.multipliedReportingOverflow(by: base - t)
                guard !o3 else { return nil }
                w = w2
                k += base
            }
            bias = adapt(i - oldi, output.count + 1, oldi == 0)
            n += i / (output.count + 1)
            i %= output.count + 1
            guard n <= 0x10FFFF, let scalar = Unicode.Scalar(UInt32(n)) else { return nil }
            output.insert(scalar, at: i)
            i += 1
        }
        return output
    }

    /// Code points RFC 5892 §2.6 makes DISALLOWED although their properties would allow them.
    static let exceptions: Set<UInt32> = [
        0x0640, 0x07FA, 0x302E, 0x302F, 0x3031, 0x3032, 0x3033, 0x3034, 0x3035, 0x303B,
    ]

    /// Code points RFC 5892 §2.6 makes PVALID although their properties would not.
    static let pvalidExceptions: Set<UInt32> = [0x00DF, 0x03C2, 0x06FD, 0x06FE, 0x0F0B, 0x3007]

    static func isGreek(_ v: UInt32) -> Bool { (0x0370...0x03FF).contains(v) || (0x1F00...0x1FFF).contains(v) }
    static func isHebrew(_ v: UInt32) -> Bool { (0x0590...0x05FF).contains(v) || (0xFB1D...0xFB4F).contains(v) }
    static func isArabic(_ v: UInt32) -> Bool {
        (0x0600...0x06FF).contains(v) || (0x0750...0x077F).contains(v) || (0x08A0...0x08FF).contains(v)
            || (0xFB50...0xFDFF).contains(v) || (0xFE70...0xFEFF).contains(v)
    }
    static func isRTLLetter(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        return (isHebrew(v) || isArabic(v) || (0x07C0...0x07FF).contains(v)) && !isArabicIndicDigit(v)
            && !isExtendedArabicIndicDigit(v) && !isMark(s)
    }
    static func isArabicIndicDigit(_ v: UInt32) -> Bool { (0x0660...0x0669).contains(v) }
    static func isExtendedArabicIndicDigit(_ v: UInt32) -> Bool { (0x06F0...0x06F9).contains(v) }
    static func isMark(_ s: Unicode.Scalar) -> Bool {
        switch s.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }
    static func isKanaOrHan(_ v: UInt32) -> Bool {
        (0x3040...0x309F).contains(v) || ((0x30A0...0x30FF).contains(v) && v != 0x30FB)
            || (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v) || (0x20000...0x2FFFF).contains(v)
    }

    /// Checks one U-label (already decoded) against RFC 5891 §4.2.3 and RFC 5892 appendix A.
    static func labelValid(_ label: [Unicode.Scalar]) -> Bool {
        guard let first = label.first, let last = label.last else { return false }
        if first == "-" || last == "-" { return false }
        if label.count >= 4 && label[2] == "-" && label[3] == "-" { return false }
        if isMark(first) { return false }
        var hasArabicIndic = false
        var hasExtendedArabicIndic = false
        for (i, s) in label.enumerated() {
            let v = s.value
            if exceptions.contains(v) { return false }
            if pvalidExceptions.contains(v) { continue }
            if s.isASCII {
                let c = UInt8(v)
                guard Formats.isAlnum(c) || c == 0x2D else { return false }
                if c >= 0x41 && c <= 0x5A { return false }  // uppercase is not a valid U-label character
                continue
            }
            switch v {
            case 0x00B7:  // MIDDLE DOT: between two 'l'
                guard i > 0, i + 1 < label.count, label[i - 1] == "l", label[i + 1] == "l" else { return false }
                continue
            case 0x0375:  // GREEK KERAIA: followed by Greek
                guard i + 1 < label.count, isGreek(label[i + 1].value) else { return false }
                continue
            case 0x05F3, 0x05F4:  // HEBREW GERESH / GERSHAYIM: preceded by Hebrew
                guard i > 0, isHebrew(label[i - 1].value) else { return false }
                continue
            case 0x30FB:  // KATAKANA MIDDLE DOT: some Hiragana, Katakana or Han in the label
                guard label.contains(where: { isKanaOrHan($0.value) }) else { return false }
                continue
            case 0x200D:  // ZERO WIDTH JOINER: after a virama
                guard i > 0, label[i - 1].properties.canonicalCombiningClass.rawValue == 9 else { return false }
                continue
            case 0x200C:  // ZERO WIDTH NON-JOINER: after a virama, or between joining letters (not checked)
                guard i > 0 else { return false }
                continue
            default: break
            }
            if isArabicIndicDigit(v) { hasArabicIndic = true }
            if isExtendedArabicIndicDigit(v) { hasExtendedArabicIndic = true }
            let p = s.properties
            if p.isUppercase || p.changesWhenNFKCCaseFolded { return false }
            switch p.generalCategory {
            case .lowercaseLetter, .otherLetter, .modifierLetter, .nonspacingMark, .spacingMark, .enclosingMark,
                .decimalNumber:
                break
            default: return false
            }
        }
        return !(hasArabicIndic && hasExtendedArabicIndic)
    }

    /// Bidi character classes we can tell apart without the Unicode Bidi table.
    enum BidiClass { case l, r, an, en, nsm, other }

    static func bidiClass(_ s: Unicode.Scalar) -> BidiClass {
        let v = s.value
        if isMark(s) { return .nsm }
        if isArabicIndicDigit(v) { return .an }
        if isExtendedArabicIndicDigit(v) || (0x30...0x39).contains(v) { return .en }
        if isRTLLetter(s) { return .r }
        if s == "-" { return .other }
        return .l
    }

    /// RFC 5893: applies when any label holds right-to-left characters.
    static func bidiValid(_ labels: [[Unicode.Scalar]]) -> Bool {
        let classes = labels.map { $0.map(bidiClass) }
        guard classes.contains(where: { $0.contains(.r) || $0.contains(.an) }) else { return true }
        for cls in classes where !cls.isEmpty {
            guard cls[0] == .l || cls[0] == .r else { return false }
            let trimmed = cls.reversed().drop { $0 == .nsm }
            guard let end = trimmed.first else { return false }
            if cls[0] == .r {
                if cls.contains(.l) { return false }
                if cls.contains(.an) && cls.contains(.en) { return false }
                guard end == .r || end == .en || end == .an else { return false }
            } else {
                if cls.contains(.r) || cls.contains(.an) { return false }
                guard end == .l || end == .en else { return false }
            }
        }
        return true
    }

    /// `format: idn-hostname` (and, with `asciiOnly`, the A-label part of `format: hostname`).
    static func hostname(_ s: String, asciiOnly: Bool) -> Bool {
        guard !s.isEmpty else { return false }
        let separators: Set<Unicode.Scalar> = asciiOnly ? ["."] : [".", "\u{3002}", "\u{FF0E}", "\u{FF61}"]
        var labels: [[Unicode.Scalar]] = []
        var current: [Unicode.Scalar] = []
        for scalar in s.unicodeScalars {
            if separators.contains(scalar) {
                labels.append(current)
                current = []
            } else {
                current.append(scalar)
            }
        }
        labels.append(current)
        var decoded: [[Unicode.Scalar]] = []
        var total = 0
        for label in labels {
            guard !label.isEmpty else { return false }
            if asciiOnly && !label.allSatisfy({ $0.isASCII }) { return false }
            let text = String(String.UnicodeScalarView(label))
            if text.lowercased().hasPrefix("xn--") {
                guard label.count <= 63, let u = punycodeDecode(Substring(text.dropFirst(4))), !u.isEmpty,
                    !u.allSatisfy({ $0.isASCII }), labelValid(u)
                else { return false }
                decoded.append(u)
                total += label.count + 1
            } else if label.allSatisfy({ $0.isASCII }) {
                guard label.count <= 63, Formats.hostname(text, idnaRules: true) else { return false }
                decoded.append(label)
                total += label.count + 1
            } else {
                guard labelValid(label) else { return false }
                decoded.append(label)
                total += label.count + 5
            }
        }
        return total - 1 <= 253 && bidiValid(decoded)
    }
}
