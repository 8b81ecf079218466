/*
 Form and query decoding: `application/x-www-form-urlencoded` bodies and query strings as form-encoded APIs such as
 Stripe's write them.

     amount=2000&currency=usd&metadata[order_id]=6735&expand[]=customer&items[0][price]=p_1&items[0][quantity]=2

 decodes, before any schema is consulted, into the tree

     { amount: "2000", currency: "usd", metadata: { order_id: "6735" }, expand: [ "customer" ],
       items: { "0": { price: "p_1", quantity: "2" } } }

 Every leaf stays a string (that is what the wire carries). `SchemaCoercion` then turns the tree into a `Document`
 guided by the schema: `"2000"` becomes the integer 2000 where the schema says integer, and the numerically keyed
 `items` object becomes an array where the schema says array.
*/

/// A decoded form value: a string leaf, or nested objects and arrays from bracket syntax.
public indirect enum FormValue: Sendable, Hashable {
    /// A leaf, percent-decoded; `offset` is the byte offset of its pair in the source text.
    case string(String, offset: Int)
    /// `name[key]=…` members, in first-seen order.
    case object([(key: String, value: FormValue)], offset: Int)
    /// `name[]=…` elements, in order.
    case array([FormValue], offset: Int)

    /// Byte offset of the pair that produced the value.
    public var offset: Int {
        switch self {
        case .string(_, let o), .object(_, let o), .array(_, let o): o
        }
    }

    /// The leaf string, if this is one.
    public var stringValue: String? {
        if case .string(let s, _) = self { return s }
        return nil
    }

    /// Equality ignores offsets.
    public static func == (lhs: FormValue, rhs: FormValue) -> Bool {
        switch (lhs, rhs) {
        case (.string(let a, _), .string(let b, _)): a == b
        case (.array(let a, _), .array(let b, _)): a == b
        case (.object(let a, _), .object(let b, _)):
            a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: false
        }
    }

    /// Hashes the structure, not offsets.
    public func hash(into hasher: inout Hasher) {
        switch self {
        case .string(let s, _): hasher.combine(s)
        case .array(let a, _): hasher.combine(a)
        case .object(let members, _):
            for m in members {
                hasher.combine(m.key)
                hasher.combine(m.value)
            }
        }
    }
}

/// One `name=value` pair of a query string or form body, percent-decoded.
public struct FormPair: Sendable, Hashable {
    /// The decoded name, brackets included (`metadata[order_id]`).
    public var name: String
    /// The decoded value.
    public var value: String
    /// Byte offset of the pair in its text.
    public var offset: Int
    /// Whether the pair had an `=` (`flag` alone has none).
    public var hasValue: Bool

    /// Creates a pair.
    public init(name: String, value: String, offset: Int = 0, hasValue: Bool = true) {
        self.name = name
        self.value = value
        self.offset = offset
        self.hasValue = hasValue
    }

    /// Calls `body` with the byte range inside each `[...]` from `open` on; false when the brackets are malformed
    /// (text between or after them, or one left open).
    static func bracketSegments(
        _ u: UnsafeBufferPointer<UInt8>, from open: Int, _ body: (Range<Int>) -> Void
    ) -> Bool {
        var i = open
        while i < u.count {
            guard u[i] == UInt8(ascii: "[") else { return false }
            var close = i + 1
            while close < u.count, u[close] != UInt8(ascii: "]") { close += 1 }
            guard close < u.count else { return false }
            body((i + 1)..<close)
            i = close + 1
        }
        return true
    }

    /// The name before any bracket: `metadata` for `metadata[order_id]`.
    public var baseName: String {
        var copy = name
        return copy.withUTF8 { u in
            guard let i = u.firstIndex(of: UInt8(ascii: "[")), i != 0 else { return name }
            return String(decoding: UnsafeBufferPointer(rebasing: u[..<i]), as: UTF8.self)
        }
    }

    /// Whether the name has a bracket after its first character (`metadata[k]`, `expand[]`).
    public var hasBrackets: Bool {
        var copy = name
        return copy.withUTF8 { u in (u.firstIndex(of: UInt8(ascii: "[")) ?? 0) != 0 }
    }

    /// The bracket path after the base name: `["order_id"]` for `metadata[order_id]`, `[""]` for `expand[]`;
    /// nil when the brackets are malformed (then the whole name is literal).
    public var bracketPath: [String]? {
        // Byte-wise over the contiguous UTF-8: brackets are ASCII, so every split falls on a scalar boundary.
        var copy = name
        return copy.withUTF8 { u -> [String]? in
            guard let open = u.firstIndex(of: UInt8(ascii: "[")), open != 0 else { return [] }
            var path: [String] = []
            let wellFormed = Self.bracketSegments(u, from: open) {
                path.append(String(decoding: UnsafeBufferPointer(rebasing: u[$0]), as: UTF8.self))
            }
            guard wellFormed else { return nil }
            return path
        }
    }
}

/// Splits and decodes form-encoded text.
public enum FormDecoding {
    /// Splits `a=1&b=2` (also `;`-free, `&&` tolerant) into decoded pairs; `+` means space.
    /// - Parameters:
    ///   - text: the query string (without `?`) or body.
    ///   - plusIsSpace: true for forms and query strings.
    /// - Returns: pairs in order, with byte offsets into `text`.
    public static func pairs(_ text: String, plusIsSpace: Bool = true) -> [FormPair] {
        var text = text
        return text.withUTF8 { bytes in
            guard let base = bytes.baseAddress, bytes.count > 0 else { return [] }
            let n = bytes.count
            // `memchr` finds each `&` and `=` (a Stripe body is a few dozen pairs of long bracketed names): one pass
            // to size the array, one to split, instead of a loop over every byte and a second over every name.
            func next(_ byte: UInt8, from: Int, to end: Int) -> Int {
                bytes.firstIndex(ofByte: byte, from: from, to: end) ?? end
            }
            var separators = 0
            var at = next(UInt8(ascii: "&"), from: 0, to: n)
            while at < n {
                separators += 1
                at = next(UInt8(ascii: "&"), from: at + 1, to: n)
            }
            var result: [FormPair] = []
            result.reserveCapacity(separators + 1)
            var start = 0
            while start <= n {
                let end = next(UInt8(ascii: "&"), from: start, to: n)
                if end > start {
                    let eq = next(UInt8(ascii: "="), from: start, to: end)
                    if eq < end {
                        result.append(
                            FormPair(
                                name: percentDecode(UnsafeBufferPointer(start: base + start, count: eq - start), plusIsSpace: plusIsSpace),
                                value: percentDecode(UnsafeBufferPointer(start: base + eq + 1, count: end - eq - 1), plusIsSpace: plusIsSpace),
                                offset: start))
                    } else {
                        result.append(
                            FormPair(
                                name: percentDecode(UnsafeBufferPointer(start: base + start, count: end - start), plusIsSpace: plusIsSpace),
                                value: "", offset: start, hasValue: false))
                    }
                }
                start = end + 1
            }
            return result
        }
    }

    /// The byte `escapeBits` looks for besides `%`: `+` when it means a space, else `%` again (one test serves
    /// both cases).
    @inline(__always)
    static func plusByte(_ plusIsSpace: Bool) -> UInt64 { plusIsSpace ? 0x2B : 0x25 }

    /// The high bit of each byte of `w` that is `%` or `plus`, by the borrowing test: none when there is none, and
    /// the lowest set bit exact (extra bits appear only above a true one).
    @inline(__always)
    static func escapeBits(_ w: UInt64, plus: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let p = w ^ (ones &* 0x25)
        let q = w ^ (ones &* plus)
        return ((p &- ones) & ~p | (q &- ones) & ~q) & 0x8080_8080_8080_8080
    }

    /// Whether `bytes` holds a `%` (or a `+` when it means a space), eight bytes at a time.
    @inline(__always)
    static func needsDecoding(_ bytes: UnsafeBufferPointer<UInt8>, plusIsSpace: Bool) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        let n = bytes.count
        let raw = UnsafeRawPointer(base)
        let plus = plusByte(plusIsSpace)
        var i = 0
        while i + 8 <= n {
            if escapeBits(raw.loadUnaligned(fromByteOffset: i, as: UInt64.self), plus: plus) != 0 { return true }
            i += 8
        }
        while i < n {
            let c = base[i]
            if c == UInt8(ascii: "%") || (plusIsSpace && c == UInt8(ascii: "+")) { return true }
            i += 1
        }
        return false
    }

    /// Percent-decodes bytes (see `percentDecode(_:plusIsSpace:)` on slices).
    static func percentDecode(_ bytes: UnsafeBufferPointer<UInt8>, plusIsSpace: Bool) -> String {
        if !needsDecoding(bytes, plusIsSpace: plusIsSpace) { return String(decoding: bytes, as: UTF8.self) }
        // Decoded straight into the string's storage (invalid UTF-8 is repaired as `String(decoding:)` would):
        // no intermediate array, one allocation per long name or value instead of two.
        let n = bytes.count
        let plus = plusByte(plusIsSpace)
        return String(unsafeUninitializedCapacity: n) { out in
            let source = UnsafeRawPointer(bytes.baseAddress!)
            let target = UnsafeMutableRawPointer(out.baseAddress!)
            var i = 0
            var o = 0
            while i < n {
                // Eight bytes at a time up to the next `%` (or `+`): names such as `a%5Bb%5D%5Bc%5D` have runs of
                // plain bytes between escapes. A word is stored whole (the output never gets ahead of the input,
                // so it fits), and the output position moves past its plain bytes only.
                while i + 8 <= n {
                    let w = source.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                    target.storeBytes(of: w, toByteOffset: o, as: UInt64.self)
                    let hits = escapeBits(w, plus: plus)
                    let plain = hits == 0 ? 8 : hits.trailingZeroBitCount >> 3
                    i += plain
                    o += plain
                    if plain < 8 { break }
                }
                guard i < n else { break }
                let c = bytes[i]
                if c == UInt8(ascii: "%"), i + 2 < n, let h = hexValue(bytes[i + 1]), let l = hexValue(bytes[i + 2]) {
                    out[o] = h << 4 | l
                    i += 3
                } else {
                    out[o] = plusIsSpace && c == UInt8(ascii: "+") ? 0x20 : c
                    i += 1
                }
                o += 1
            }
            return o
        }
    }

    /// Percent-decodes bytes; malformed escapes stay literal (the wire carried them that way).
    public static func percentDecode(_ bytes: ArraySlice<UInt8>, plusIsSpace: Bool) -> String {
        bytes.withUnsafeBufferPointer { percentDecode($0, plusIsSpace: plusIsSpace) }
    }

    /// Percent-decodes a string (path segments: `+` stays `+`).
    public static func percentDecode(_ string: String, plusIsSpace: Bool = false) -> String {
        percentDecode(Array(string.utf8)[...], plusIsSpace: plusIsSpace)
    }

    /// Nests pairs by their bracket paths into one object tree; pairs with malformed brackets keep their literal
    /// names. A repeated plain name (`a=1&a=2`) becomes an array.
    public static func nest(_ pairs: [FormPair]) -> FormValue {
        FormTree(pairs).freeze()
    }
}
