/// A schema bound (`minimum`, `multipleOf`, …) with the fast forms precomputed.
struct NumberBound: Sendable {
    let number: JSONNumber
    let int: Int64?
    let double: Double?  // exact-enough: at most 15 significant digits

    init(_ n: JSONNumber) {
        number = n
        int = n.isIntegerLiteral ? Int64(n.text) : nil
        double = NumberBound.fastDouble(Array(n.text.utf8))
    }

    /// A double parsed from a short literal (≤ 15 significant digits, small exponent), where decimal to binary
    /// conversion keeps order and equality; nil otherwise.
    /// Generic so that a node's payload is read where it lies (copying it into an array first cost more than the
    /// parse: four HAR timings per exchange).
    static func fastDouble<Bytes: RandomAccessCollection<UInt8>>(_ b: Bytes) -> Double? where Bytes.Index == Int {
        var mantissa: Int64 = 0
        var digits = 0
        var fraction = 0
        var exp = 0
        var neg = false
        var i = b.startIndex
        if i < b.endIndex, b[i] == 0x2D { neg = true; i += 1 }
        var inFraction = false
        while i < b.endIndex {
            let c = b[i]
            if c >= 0x30 && c <= 0x39 {
                if mantissa == 0 && c == 0x30 {
                    if inFraction { fraction += 1 }
                } else {
                    digits += 1
                    if digits > 15 { return nil }
                    mantissa = mantissa * 10 + Int64(c - 0x30)
                    if inFraction { fraction += 1 }
                }
            } else if c == 0x2E {
                inFraction = true
            } else if c == 0x65 || c == 0x45 {
                var j = i + 1
                var eneg = false
                if j < b.endIndex, b[j] == 0x2D || b[j] == 0x2B { eneg = b[j] == 0x2D; j += 1 }
                var e = 0
                while j < b.endIndex {
                    let d = b[j]
                    guard d >= 0x30 && d <= 0x39 else { return nil }
                    e = e * 10 + Int(d - 0x30)
                    if e > 400 { return nil }
                    j += 1
                }
                exp = eneg ? -e : e
                break
            } else {
                return nil
            }
            i += 1
        }
        let p = exp - fraction
        guard p >= -22 && p <= 22 else { return mantissa == 0 ? 0 : nil }
        var v = Double(mantissa)
        if p >= 0 { v *= pow10[p] } else { v /= pow10[-p] }
        return neg ? -v : v
    }

    static let pow10: [Double] = (0...22).map { e in
        var v = 1.0; for _ in 0..<e { v *= 10 }; return v
    }
}

extension Node {
    /// The integer value when this is an integer literal of at most 18 characters (no allocation).
    var fastInt64: Int64? {
        let r = raw
        guard r.kind == .number, r.flags & RawNode.integerLiteral != 0, r.b <= 18 else { return nil }
        return withPayload { buf -> Int64? in
            var v: Int64 = 0
            var neg = false
            for (i, c) in buf.enumerated() {
                if i == 0 && c == 0x2D { neg = true; continue }
                guard c >= 0x30 && c <= 0x39 else { return nil }
                v = v * 10 + Int64(c - 0x30)
            }
            return neg ? -v : v
        }
    }

    /// A double for short number literals (see `NumberBound.fastDouble`).
    var fastDouble: Double? {
        withPayload { buf in
            guard buf.count <= 40 else { return nil }
            return NumberBound.fastDouble(buf)
        }
    }

    /// Compares this number node with a bound: -1, 0 or 1.
    func compare(to bound: NumberBound) -> Int {
        if let a = fastInt64, let b = bound.int { return a < b ? -1 : (a == b ? 0 : 1) }
        if let b = bound.double, let a = fastInt64.map(Double.init) ?? fastDouble, abs(a) < 1e15 || fastInt64 == nil {
            return a < b ? -1 : (a == b ? 0 : 1)
        }
        let a = numberValue!
        return a < bound.number ? -1 : (a == bound.number ? 0 : 1)
    }

    /// Whether this number is an exact multiple of `bound` (exact for any size or precision).
    func isMultiple(of bound: NumberBound) -> Bool {
        if let a = fastInt64, let b = bound.int, b != 0 { return a % b == 0 }
        return DecimalMath.isMultiple(numberValue!.decimal, of: bound.number.decimal)
    }
}

/// Exact decimal arithmetic for `multipleOf`.
enum DecimalMath {
    /// Whether `a / b` is an integer. `a = da × 10^ea`, `b = db × 10^eb`; scale both to the smaller exponent and
    /// take the remainder of the digit strings.
    static func isMultiple(_ a: JSONNumber.Decimal, of b: JSONNumber.Decimal) -> Bool {
        guard a.isFinite, b.isFinite, !b.digits.isEmpty else { return false }
        if a.digits.isEmpty { return true }
        let e = min(a.exponent, b.exponent)
        let (aZeros, aOverflow) = a.exponent.subtractingReportingOverflow(e)
        let (bZeros, bOverflow) = b.exponent.subtractingReportingOverflow(e)
        guard !aOverflow, !bOverflow, aZeros <= 10_000_000 else { return false }
        // Digits carry no leading zeros: a divisor with more digits than the (non-zero) dividend is larger than it,
        // and the quotient is no integer. Checked before padding the divisor with `bZeros` zeros, which may be
        // astronomically many (`multipleOf: 1e4816168520184233983`, found by fuzzing).
        if bZeros > a.digits.count + aZeros - b.digits.count { return false }
        if aZeros > 0 {
            // `a.digits × 10^aZeros` over `b.digits` (bZeros is 0 here). Write b = b′ · 2^x · 5^y with b′ prime to
            // 10: once aZeros ≥ max(x, y) the power of ten holds every 2 and 5 of b, so b divides the dividend
            // exactly when b′ divides a.digits. Without this a huge exponent (`1.0e3089012` against a long
            // `multipleOf`, found by fuzzing) meant dividing a number millions of digits long.
            var reduced = b.digits
            var twos = 0
            var fives = 0
            while let last = reduced.last, last % 2 == 0 {
                reduced = divide(reduced, by: 2)
                twos += 1
            }
            while let last = reduced.last, last == 5 {
                reduced = divide(reduced, by: 5)
                fives += 1
            }
            if aZeros >= max(twos, fives) { return divides(reduced, a.digits) }
            // Fewer zeros than that (at most about 3.3 per digit of b): pad them and divide as usual.
        }
        return divides(b.digits + [UInt8](repeating: 0, count: bZeros), a.digits + [UInt8](repeating: 0, count: aZeros))
    }

    /// Whether `divisor` (no leading zeros, not zero) divides `dividend`, both decimal digit strings.
    static func divides(_ divisor: [UInt8], _ dividend: [UInt8]) -> Bool {
        // A divisor that fits in UInt64: stream the dividend's digits.
        if divisor.count <= 18 {
            var d: UInt64 = 0
            for digit in divisor { d = d * 10 + UInt64(digit) }
            var r: UInt64 = 0
            for digit in dividend { r = (r * 10 + UInt64(digit)) % d }
            return r == 0
        }
        // Big divisor: schoolbook long division on digit arrays.
        var rem: [UInt8] = []
        for digit in dividend {
            rem.append(digit)
            while let f = rem.first, f == 0, rem.count > 0 { rem.removeFirst() }
            while compare(rem, divisor) >= 0 { rem = subtract(rem, divisor) }
        }
        return rem.allSatisfy { $0 == 0 }
    }

    /// `digits × n` for a small `n` (tests build divisors with it).
    static func multiply(_ digits: [UInt8], by n: Int) -> [UInt8] {
        var out: [UInt8] = []
        var carry = 0
        for digit in digits.reversed() {
            let v = Int(digit) * n + carry
            out.append(UInt8(v % 10))
            carry = v / 10
        }
        while carry > 0 {
            out.append(UInt8(carry % 10))
            carry /= 10
        }
        return out.reversed()
    }

    /// `digits / n` for a small `n`, exactly divisible (no leading zeros in the result).
    static func divide(_ digits: [UInt8], by n: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(digits.count)
        var carry = 0
        for digit in digits {
            let v = carry * 10 + Int(digit)
            let q = v / n
            carry = v % n
            if !out.isEmpty || q != 0 { out.append(UInt8(q)) }
        }
        return out
    }

    static func compare(_ a: [UInt8], _ b: [UInt8]) -> Int {
        if a.count != b.count { return a.count < b.count ? -1 : 1 }
        for (x, y) in zip(a, b) where x != y { return x < y ? -1 : 1 }
        return 0
    }

    static func subtract(_ a: [UInt8], _ b: [UInt8]) -> [UInt8] {
        var out = a
        var borrow = 0
        var j = b.count - 1
        for i in stride(from: out.count - 1, through: 0, by: -1) {
            var v = Int(out[i]) - borrow - (j >= 0 ? Int(b[j]) : 0)
            j -= 1
            if v < 0 { v += 10; borrow = 1 } else { borrow = 0 }
            out[i] = UInt8(v)
        }
        while let f = out.first, f == 0 { out.removeFirst() }
        return out
    }
}
