/*
 Resolution of plain scalars by the YAML 1.2 core schema, over bytes.

     null    ~  null  Null  NULL  (empty)
     bool    true  True  TRUE  false  False  FALSE          (yes/no/on/off stay strings)
     int     [-+]?[0-9]+   0o[0-7]+   0x[0-9a-fA-F]+        → canonical decimal text, any size
     float   [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?   → JSON number text (`.5` → `0.5`, `+1e3` → `1e3`)
             [-+]?(\.inf|\.Inf|\.INF)   .nan  .NaN  .NAN    → `Infinity`, `-Infinity`, `NaN`

 Anything else is a string. Most plain scalars in an OpenAPI document are words, so the first byte decides almost
 every case without looking further.
*/

/// The value a scalar resolves to.
enum YAMLScalarValue {
    case null
    case bool(Bool)
    /// JSON number text and whether it is written as an integer.
    case number(String, integer: Bool)
    case string
}

enum YAMLScalar {
    private static let zero = UInt8(ascii: "0")
    private static let nine = UInt8(ascii: "9")
    private static let plus = UInt8(ascii: "+")
    private static let minus = UInt8(ascii: "-")
    private static let dot = UInt8(ascii: ".")

    @inline(__always) private static func isDigit(_ c: UInt8) -> Bool { c >= zero && c <= nine }

    /// Resolves an untagged plain scalar by the core schema.
    static func resolvePlain(_ v: UnsafeBufferPointer<UInt8>) -> YAMLScalarValue {
        guard let first = v.first else { return .null }
        switch first {
        case UInt8(ascii: "~"), UInt8(ascii: "n"), UInt8(ascii: "N"):
            return isNull(v) ? .null : .string
        case UInt8(ascii: "t"), UInt8(ascii: "T"), UInt8(ascii: "f"), UInt8(ascii: "F"):
            if let b = bool(v) { return .bool(b) }
            return .string
        case zero...nine, plus, minus, dot:
            if let (text, integer) = number(v) { return .number(text, integer: integer) }
            return .string
        default:
            return .string
        }
    }

    /// Whether the bytes are one of the core schema's null spellings (the empty scalar included).
    static func isNull(_ v: UnsafeBufferPointer<UInt8>) -> Bool {
        v.count == 0 || equals(v, "~") || equals(v, "null") || equals(v, "Null") || equals(v, "NULL")
    }

    /// The core schema's booleans.
    static func bool(_ v: UnsafeBufferPointer<UInt8>) -> Bool? {
        if equals(v, "true") || equals(v, "True") || equals(v, "TRUE") { return true }
        if equals(v, "false") || equals(v, "False") || equals(v, "FALSE") { return false }
        return nil
    }

    /// An integer or float in JSON number text, or nil when the bytes are not a core-schema number.
    static func number(_ v: UnsafeBufferPointer<UInt8>) -> (String, Bool)? {
        if let i = integer(v) { return (i, true) }
        return float(v).map { ($0, false) }
    }

    /// A core-schema integer (`[-+]?[0-9]+`, `0o…`, `0x…`) as canonical decimal text.
    static func integer(_ v: UnsafeBufferPointer<UInt8>) -> String? {
        let n = v.count
        guard n > 0 else { return nil }
        if n > 2 && v[0] == zero && (v[1] == UInt8(ascii: "x") || v[1] == UInt8(ascii: "o")) {
            let radix = v[1] == UInt8(ascii: "x") ? 16 : 8
            var digits: [UInt8] = []
            digits.reserveCapacity(n - 2)
            for c in v[2...] {
                guard let d = digitValue(c), d < radix else { return nil }
                digits.append(UInt8(d))
            }
            return decimalText(digits: digits, radix: radix)
        }
        var i = 0
        var negative = false
        if v[0] == plus || v[0] == minus {
            negative = v[0] == minus
            i = 1
        }
        guard i < n else { return nil }
        for j in i..<n where !isDigit(v[j]) { return nil }
        while i < n - 1 && v[i] == zero { i += 1 }
        var out = negative ? "-" : ""
        out.append(String(decoding: UnsafeBufferPointer(rebasing: v[i...]), as: UTF8.self))
        return out
    }

    /// A core-schema float as JSON number text (or `Infinity`, `-Infinity`, `NaN`).
    static func float(_ v: UnsafeBufferPointer<UInt8>) -> String? {
        let n = v.count
        var i = 0
        var negative = false
        if n > 0 && (v[0] == plus || v[0] == minus) {
            negative = v[0] == minus
            i = 1
        }
        let rest = UnsafeBufferPointer(rebasing: v[i...])
        if equals(rest, ".inf") || equals(rest, ".Inf") || equals(rest, ".INF") {
            return negative ? "-Infinity" : "Infinity"
        }
        if i == 0 && (equals(v, ".nan") || equals(v, ".NaN") || equals(v, ".NAN")) { return "NaN" }
        // Integer part.
        let intStart = i
        while i < n && isDigit(v[i]) { i += 1 }
        let intEnd = i
        var fracStart = i
        var fracEnd = i
        var hasDot = false
        if i < n && v[i] == dot {
            hasDot = true
            i += 1
            fracStart = i
            while i < n && isDigit(v[i]) { i += 1 }
            fracEnd = i
        }
        let intDigits = intEnd - intStart
        let fracDigits = fracEnd - fracStart
        // `.5` and `1.` are floats; `.` alone is not.
        guard intDigits > 0 || fracDigits > 0 else { return nil }
        var expStart = i
        if i < n && (v[i] == UInt8(ascii: "e") || v[i] == UInt8(ascii: "E")) {
            var j = i + 1
            if j < n && (v[j] == plus || v[j] == minus) { j += 1 }
            let digitsStart = j
            while j < n && isDigit(v[j]) { j += 1 }
            guard j > digitsStart else { return nil }
            expStart = i
            i = j
        }
        guard i == n else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(n + 2)
        if negative { out.append(minus) }
        if intDigits == 0 {
            out.append(zero)
        } else {
            var k = intStart
            while k < intEnd - 1 && v[k] == zero { k += 1 }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: v[k..<intEnd]))
        }
        if hasDot {
            out.append(dot)
            if fracDigits == 0 {
                out.append(zero)
            } else {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: v[fracStart..<fracEnd]))
            }
        }
        if expStart < n {
            out.append(contentsOf: UnsafeBufferPointer(rebasing: v[expStart..<n]))
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func digitValue(_ c: UInt8) -> Int? {
        switch c {
        case zero...nine: return Int(c - zero)
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return Int(c - UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return Int(c - UInt8(ascii: "A")) + 10
        default: return nil
        }
    }

    /// Converts digits in `radix` to decimal text of any length (schoolbook; such literals are rare and short).
    static func decimalText(digits: [UInt8], radix: Int) -> String {
        // Little-endian base-10^9 limbs.
        var limbs: [UInt64] = [0]
        let base: UInt64 = 1_000_000_000
        for d in digits {
            var carry = UInt64(d)
            for k in limbs.indices {
                let x = limbs[k] * UInt64(radix) + carry
                limbs[k] = x % base
                carry = x / base
            }
            while carry > 0 {
                limbs.append(carry % base)
                carry /= base
            }
        }
        var out = String(limbs[limbs.count - 1])
        for k in stride(from: limbs.count - 2, through: 0, by: -1) {
            let part = String(limbs[k])
            out.append(String(repeating: "0", count: 9 - part.utf8.count))
            out.append(part)
        }
        return out
    }

    @inline(__always) static func equals(_ v: UnsafeBufferPointer<UInt8>, _ literal: StaticString) -> Bool {
        guard v.count == literal.utf8CodeUnitCount else { return false }
        let p = literal.utf8Start
        for k in 0..<v.count where v[k] != p[k] { return false }
        return true
    }
}
