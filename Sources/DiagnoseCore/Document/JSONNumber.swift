/// A JSON number kept exactly as written, compared mathematically.
///
/// `1`, `1.0`, `10e-1` and `0.1e1` are equal and all integers in JSON Schema's sense; `-0` equals `0`; integers of
/// any size and decimals of any length keep every digit. YAML's `.inf`, `-.inf` and `.nan` are represented by the
/// texts `Infinity`, `-Infinity` and `NaN`.
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible, Comparable {
    /// The number's text, as written in the source (or canonical decimal for YAML `0x`/`0o` integers).
    public let text: String
    /// Whether the text had neither fraction nor exponent.
    public let isIntegerLiteral: Bool

    init(unchecked text: String, integerLiteral: Bool) {
        self.text = text
        self.isIntegerLiteral = integerLiteral
    }

    /// Creates a number from a JSON number literal; nil when `text` is not one.
    public init?(_ text: String) {
        var copy = text
        let kind = copy.withUTF8 { JSONParser.numberKind($0) }
        guard let kind else {
            if text == "Infinity" || text == "-Infinity" || text == "NaN" {
                self.init(unchecked: text, integerLiteral: false)
                return
            }
            return nil
        }
        self.init(unchecked: text, integerLiteral: kind)
    }

    /// Creates a number from an integer.
    public init(_ value: Int) {
        self.init(unchecked: String(value), integerLiteral: true)
    }

    /// The number's text.
    public var description: String { text }

    /// The value as a `Double` (rounded; infinite when out of range).
    public var doubleValue: Double {
        switch text {
        case "Infinity": return .infinity
        case "-Infinity": return -.infinity
        case "NaN": return .nan
        default: return Double(text) ?? .nan
        }
    }

    /// The value as an `Int64`, when it is an integer in range (`2.0` and `2e0` qualify).
    public var int64Value: Int64? {
        if isIntegerLiteral { return Int64(text) }
        let d = decimal
        guard d.isFinite, d.exponent >= 0, d.digits.count + d.exponent <= 19 else { return nil }
        var v: Int64 = 0
        for digit in d.digits {
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(Int64(digit))
            if o1 || o2 { return nil }
            v = s
        }
        for _ in 0..<d.exponent {
            let (m, o) = v.multipliedReportingOverflow(by: 10)
            if o { return nil }
            v = m
        }
        return d.negative ? -v : v
    }

    /// Whether the value is mathematically an integer (`1.0` is; `1.5` is not; infinities and NaN are not).
    public var isInteger: Bool {
        if isIntegerLiteral { return true }
        let d = decimal
        return d.isFinite && d.exponent >= 0
    }

    /// The number as sign, significant digits and a power-of-ten exponent, normalized so that equal numbers have
    /// equal decimals: no leading or trailing zero digits; zero is `digits == []`, never negative.
    public var decimal: Decimal {
        Decimal(parsing: text)
    }

    /// Mathematical equality.
    public static func == (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        if lhs.text == rhs.text { return true }
        return lhs.decimal == rhs.decimal
    }

    /// Hashes the normalized value, so equal numbers hash equally.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(decimal)
    }

    /// Mathematical order (NaN sorts below everything).
    public static func < (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        if lhs.isIntegerLiteral, rhs.isIntegerLiteral, let a = Int64(lhs.text), let b = Int64(rhs.text) {
            return a < b
        }
        return lhs.decimal < rhs.decimal
    }

    /// An exact decimal: `(-1)^negative × digits × 10^exponent`.
    public struct Decimal: Sendable, Hashable, Comparable {
        /// Sign (false for zero).
        public var negative: Bool
        /// Significant digits, most significant first, each 0…9, without leading or trailing zeros.
        public var digits: [UInt8]
        /// Power of ten applied to `digits` read as an integer.
        public var exponent: Int
        /// 0 finite, 1 +infinity, -1 -infinity, 2 NaN.
        public var special: Int8

        /// Whether the value is a finite number.
        public var isFinite: Bool { special == 0 }

        /// Parses a JSON number literal or one of `Infinity`, `-Infinity`, `NaN`.
        public init(parsing text: String) {
            negative = false
            digits = []
            exponent = 0
            special = 0
            switch text {
            case "Infinity": special = 1; return
            case "-Infinity": special = -1; negative = true; return
            case "NaN": special = 2; return
            default: break
            }
            var digits: [UInt8] = []
            var fractionDigits = 0
            var exp = 0
            var neg = false
            var inFraction = false
            var utf8 = Array(text.utf8)[...]
            if utf8.first == UInt8(ascii: "-") { neg = true; utf8 = utf8.dropFirst() } else if utf8.first == UInt8(ascii: "+") { utf8 = utf8.dropFirst() }
            while let c = utf8.first {
                if c >= 0x30 && c <= 0x39 {
                    digits.append(c - 0x30)
                    if inFraction { fractionDigits += 1 }
                } else if c == UInt8(ascii: ".") {
                    inFraction = true
                } else if c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
                    exp = Int(String(decoding: utf8.dropFirst(), as: UTF8.self)) ?? 0
                    break
                }
                utf8 = utf8.dropFirst()
            }
            // strip leading zeros
            var lead = 0
            while lead < digits.count && digits[lead] == 0 { lead += 1 }
            digits.removeFirst(lead)
            var e = exp - fractionDigits
            while let last = digits.last, last == 0 { digits.removeLast(); e += 1 }
            if digits.isEmpty { neg = false; e = 0 }
            self.negative = neg
            self.digits = digits
            self.exponent = e
        }

        /// Mathematical order; NaN sorts below everything.
        public static func < (lhs: Decimal, rhs: Decimal) -> Bool {
            if lhs.special == 2 || rhs.special == 2 { return lhs.special == 2 && rhs.special != 2 }
            if lhs.special != 0 || rhs.special != 0 {
                return lhs.rank < rhs.rank
            }
            if lhs.negative != rhs.negative { return lhs.negative }
            let magnitudeLess = Decimal.magnitudeLess(lhs, rhs)
            let magnitudeGreater = Decimal.magnitudeLess(rhs, lhs)
            return lhs.negative ? magnitudeGreater : magnitudeLess
        }

        private var rank: Int { special == 1 ? 2 : special == -1 ? -2 : (digits.isEmpty ? 0 : (negative ? -1 : 1)) }

        private static func magnitudeLess(_ a: Decimal, _ b: Decimal) -> Bool {
            if a.digits.isEmpty { return !b.digits.isEmpty }
            if b.digits.isEmpty { return false }
            let ma = a.digits.count + a.exponent
            let mb = b.digits.count + b.exponent
            if ma != mb { return ma < mb }
            let n = max(a.digits.count, b.digits.count)
            for i in 0..<n {
                let da = i < a.digits.count ? a.digits[i] : 0
                let db = i < b.digits.count ? b.digits[i] : 0
                if da != db { return da < db }
            }
            return false
        }
    }
}
