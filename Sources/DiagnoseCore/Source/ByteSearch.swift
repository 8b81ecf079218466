#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#elseif canImport(Musl)
    import Musl
#endif

extension StringProtocol {
    /// Whether the UTF-8 of `needle` occurs in this string's UTF-8: a byte search (`memchr` for the first byte,
    /// then `memcmp`), for hot paths where `contains(_:)`'s Unicode-aware comparison walks every Character.
    func containsBytes(_ needle: String) -> Bool {
        withBytes { h in needle.withBytes { ByteSearch.contains(h, $0) } }
    }
}

enum ByteSearch {
    /// Whether `needle` occurs in `haystack`.
    static func contains(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: UnsafeBufferPointer<UInt8>) -> Bool {
        firstIndex(of: needle, in: haystack) != nil
    }

    /// Where `needle` first occurs in `haystack`, searching from `from`. `memchr` looks for the needle's byte at
    /// `anchor` (pick a rare one: `v` in `_live_`, where `_` and `l` are everywhere in form bodies), `memcmp`
    /// checks the rest.
    static func firstIndex(
        of needle: UnsafeBufferPointer<UInt8>, in haystack: UnsafeBufferPointer<UInt8>, from: Int = 0, anchor: Int = 0
    ) -> Int? {
        guard needle.count > 0 else { return from <= haystack.count ? from : nil }
        guard haystack.count - from >= needle.count, let h = haystack.baseAddress, let n = needle.baseAddress else {
            return nil
        }
        precondition(anchor >= 0 && anchor < needle.count)
        let last = haystack.count - needle.count
        var i = from
        while i <= last {
            guard let hit = memchr(h + i + anchor, Int32(n[anchor]), last - i + 1) else { return nil }
            let at = (UnsafeRawPointer(hit) - UnsafeRawPointer(h)) - anchor
            if memcmp(h + at, n, needle.count) == 0 { return at }
            i = at + 1
        }
        return nil
    }
}

extension StringProtocol {
    /// Whether this string equals `other` with ASCII letters compared case-insensitively (HTTP header names,
    /// schemes, methods, hosts): no lowercased copies, which cost an allocation each on every exchange. Header
    /// lookups run dozens of times per exchange, so contiguous bytes are compared directly.
    func equalsIgnoringASCIICase(_ other: some StringProtocol) -> Bool {
        guard utf8.count == other.utf8.count else { return false }
        return withBytes { x in
            other.withBytes { y in
                for i in 0..<x.count where ASCIICase.lower(x[i]) != ASCIICase.lower(y[i]) { return false }
                return true
            }
        }
    }

    /// Whether this string starts with `prefix`, ASCII letters compared case-insensitively.
    func hasPrefixIgnoringASCIICase(_ prefix: some StringProtocol) -> Bool {
        utf8.count >= prefix.utf8.count && ASCIICase.equal(utf8.prefix(prefix.utf8.count), prefix.utf8)
    }

    /// Whether this string ends with `suffix`, ASCII letters compared case-insensitively.
    func hasSuffixIgnoringASCIICase(_ suffix: some StringProtocol) -> Bool {
        utf8.count >= suffix.utf8.count && ASCIICase.equal(utf8.suffix(suffix.utf8.count), suffix.utf8)
    }

    /// Whether `needle` occurs in this string, ASCII letters compared case-insensitively.
    func containsIgnoringASCIICase(_ needle: some StringProtocol) -> Bool {
        let h = Array(utf8)
        let n = Array(needle.utf8)
        guard n.count <= h.count else { return false }
        if n.isEmpty { return true }
        for start in 0...(h.count - n.count) where ASCIICase.equal(h[start..<(start + n.count)], n) { return true }
        return false
    }

    /// The string without leading and trailing spaces and tabs, found on the UTF-8 (HTTP's optional whitespace
    /// is bytes; a Character walk costs a grapheme-break test per character).
    var httpTrimmed: SubSequence {
        let u = utf8
        var start = u.startIndex
        while start < u.endIndex, u[start] == 0x20 || u[start] == 0x09 { start = u.index(after: start) }
        // Forward to the end (a generic UTF-8 view only walks forward), remembering where the last non-blank ends.
        var end = start
        var i = start
        while i < u.endIndex {
            let b = u[i]
            i = u.index(after: i)
            if b != 0x20 && b != 0x09 { end = i }
        }
        return self[start..<end]
    }
}

extension StringProtocol {
    /// Whether the UTF-8 ends with `suffix` (`String.hasSuffix` compares Characters, several hundred
    /// instructions a call).
    func hasSuffixBytes(_ suffix: StaticString) -> Bool {
        withBytes { u in
            let n = suffix.utf8CodeUnitCount
            return u.count >= n && (n == 0 || memcmp(u.baseAddress! + (u.count - n), suffix.utf8Start, n) == 0)
        }
    }

    /// Whether the UTF-8 starts with `prefix`.
    func hasPrefixBytes(_ prefix: StaticString) -> Bool {
        withBytes { u in
            let n = prefix.utf8CodeUnitCount
            return u.count >= n && (n == 0 || memcmp(u.baseAddress!, prefix.utf8Start, n) == 0)
        }
    }

    /// Whether the UTF-8 is exactly `other` (a byte comparison; `==` on a `Substring` takes the general path).
    func equalsBytes(_ other: StaticString) -> Bool {
        withBytes { u in
            let n = other.utf8CodeUnitCount
            return u.count == n && (n == 0 || memcmp(u.baseAddress!, other.utf8Start, n) == 0)
        }
    }

    /// Calls `body` with the UTF-8, contiguous (copied only for a string that is not stored as UTF-8).
    fileprivate func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let string = self as? String {
            var copy = string
            return copy.withUTF8(body)
        }
        if let substring = self as? Substring {
            var copy = substring
            return copy.withUTF8(body)
        }
        return Array(utf8).withUnsafeBufferPointer(body)
    }
}

enum ASCIICase {
    /// Folds an ASCII upper-case letter to lower case; every other byte stays as it is.
    @inline(__always)
    static func lower(_ b: UInt8) -> UInt8 { b &- 0x41 < 26 ? b | 0x20 : b }

    /// Whether two byte sequences of the same length are equal up to ASCII case.
    static func equal<A: Sequence<UInt8>, B: Sequence<UInt8>>(_ a: A, _ b: B) -> Bool {
        var ib = b.makeIterator()
        for x in a {
            guard let y = ib.next(), lower(x) == lower(y) else { return false }
        }
        return ib.next() == nil
    }
}
