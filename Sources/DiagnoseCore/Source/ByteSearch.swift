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
        withBytes { x in other.withBytes { y in x.count == y.count && ASCIICase.equal(x, y, at: 0) } }
    }

    /// Whether this string starts with `prefix`, ASCII letters compared case-insensitively.
    func hasPrefixIgnoringASCIICase(_ prefix: some StringProtocol) -> Bool {
        withBytes { x in prefix.withBytes { y in x.count >= y.count && ASCIICase.equal(x, y, at: 0) } }
    }

    /// Whether this string ends with `suffix`, ASCII letters compared case-insensitively.
    func hasSuffixIgnoringASCIICase(_ suffix: some StringProtocol) -> Bool {
        withBytes { x in suffix.withBytes { y in x.count >= y.count && ASCIICase.equal(x, y, at: x.count - y.count) } }
    }

    /// Whether `needle` occurs in this string, ASCII letters compared case-insensitively.
    func containsIgnoringASCIICase(_ needle: some StringProtocol) -> Bool {
        withBytes { x in
            needle.withBytes { y in
                guard y.count <= x.count else { return false }
                if y.isEmpty { return true }
                for start in 0...(x.count - y.count) where ASCIICase.equal(x, y, at: start) { return true }
                return false
            }
        }
    }

    /// The string without leading and trailing spaces and tabs, found on the contiguous UTF-8 (HTTP's optional
    /// whitespace is bytes; a walk of a generic UTF-8 view costs a call per byte, a Character walk a grapheme-break
    /// test per character).
    var httpTrimmed: SubSequence {
        let (lead, trail) = withBytes { u -> (Int, Int) in
            var start = 0
            var end = u.count
            while start < end, u[start] == 0x20 || u[start] == 0x09 { start += 1 }
            while end > start, u[end - 1] == 0x20 || u[end - 1] == 0x09 { end -= 1 }
            return (start, u.count - end)
        }
        let u = utf8
        // Blanks are ASCII, so both ends fall on character boundaries.
        return self[u.index(u.startIndex, offsetBy: lead)..<u.index(u.endIndex, offsetBy: -trail)]
    }

    /// Whether the UTF-8 holds `byte` (`memchr`; `utf8.contains(_:)` is a generic walk, a call per byte).
    func containsByte(_ byte: UInt8) -> Bool {
        withBytes { $0.firstIndex(ofByte: byte) != nil }
    }

    /// The index of the first `byte` in the UTF-8 (`memchr`; a generic view's `firstIndex(of:)` is a call per
    /// byte). For an ASCII byte the index is also a character boundary.
    func firstIndex(ofByte byte: UInt8) -> Index? {
        withBytes { $0.firstIndex(ofByte: byte) }.map { utf8.index(utf8.startIndex, offsetBy: $0) }
    }

    /// Whether the UTF-8 holds any byte that `test` accepts, on the contiguous bytes.
    func containsByte(where test: (UInt8) -> Bool) -> Bool {
        withBytes { u in u.contains(where: test) }
    }
}

extension StringProtocol {
    /// Whether the UTF-8 ends with `suffix` (`String.hasSuffix` compares Characters, several hundred
    /// instructions a call).
    func hasSuffixBytes(_ suffix: StaticString) -> Bool {
        withBytes { $0.hasSuffix(suffix) }
    }

    /// Whether the UTF-8 starts with `prefix`.
    func hasPrefixBytes(_ prefix: StaticString) -> Bool {
        withBytes { $0.hasPrefix(prefix) }
    }

    /// Whether the UTF-8 is exactly `other` (a byte comparison; `==` on a `Substring` takes the general path).
    func equalsBytes(_ other: StaticString) -> Bool {
        withBytes { $0.equals(other) }
    }

    /// Calls `body` with the UTF-8 bytes in `range` (byte offsets, within bounds).
    func withBytes<R>(in range: Range<Int>, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        withBytes { body(UnsafeBufferPointer(rebasing: $0[range])) }
    }

    /// Calls `body` with the UTF-8, contiguous (copied only for a string that is not stored as UTF-8). Through
    /// the view's own contiguous access: an `as? String` test was a dynamic cast on every call.
    @inline(__always)
    func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let result = utf8.withContiguousStorageIfAvailable(body) { return result }
        return Array(utf8).withUnsafeBufferPointer(body)
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// The offset of the first `byte` in `from..<to` (default: all of it), found with `memchr`.
    func firstIndex(ofByte byte: UInt8, from: Int = 0, to end: Int? = nil) -> Int? {
        let end = end ?? count
        guard from < end, let base = baseAddress, let hit = memchr(base + from, Int32(byte), end - from) else {
            return nil
        }
        return UnsafeRawPointer(hit) - UnsafeRawPointer(base)
    }

    /// Whether the bytes start with `prefix`.
    func hasPrefix(_ prefix: StaticString) -> Bool {
        let n = prefix.utf8CodeUnitCount
        return count >= n && (n == 0 || memcmp(baseAddress!, prefix.utf8Start, n) == 0)
    }

    /// Whether the bytes end with `suffix`.
    func hasSuffix(_ suffix: StaticString) -> Bool {
        let n = suffix.utf8CodeUnitCount
        return count >= n && (n == 0 || memcmp(baseAddress! + (count - n), suffix.utf8Start, n) == 0)
    }

    /// Whether the bytes are exactly `other`.
    func equals(_ other: StaticString) -> Bool {
        let n = other.utf8CodeUnitCount
        return count == n && (n == 0 || memcmp(baseAddress!, other.utf8Start, n) == 0)
    }
}

enum ASCIICase {
    /// Folds an ASCII upper-case letter to lower case; every other byte stays as it is.
    @inline(__always)
    static func lower(_ b: UInt8) -> UInt8 { b &- 0x41 < 26 ? b | 0x20 : b }

    /// Whether `y` occurs in `x` at `start` up to ASCII case (`x` holds at least `start + y.count` bytes).
    @inline(__always)
    static func equal(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>, at start: Int) -> Bool {
        for i in 0..<y.count where lower(x[start + i]) != lower(y[i]) { return false }
        return true
    }
}

/// Whether `count` bytes at `x` and at `y` are equal, for short runs such as member names: whole words, then one
/// word overlapping the last, and under eight bytes two overlapping halves (a byte loop over the last few bytes
/// cost more than the words before it; a call to `memcmp` more than both). Reads only the `count` bytes.
@inline(__always)
func shortBytesEqual(_ x: UnsafeRawPointer, _ y: UnsafeRawPointer, count n: Int) -> Bool {
    if n >= 8 {
        var j = 0
        while j + 8 < n {
            if x.loadUnaligned(fromByteOffset: j, as: UInt64.self) != y.loadUnaligned(fromByteOffset: j, as: UInt64.self) {
                return false
            }
            j += 8
        }
        return x.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self) == y.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
    }
    if n >= 4 {
        return x.loadUnaligned(as: UInt32.self) == y.loadUnaligned(as: UInt32.self)
            && x.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self) == y.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)
    }
    if n >= 2 {
        return x.loadUnaligned(as: UInt16.self) == y.loadUnaligned(as: UInt16.self)
            && x.loadUnaligned(fromByteOffset: n - 2, as: UInt16.self) == y.loadUnaligned(fromByteOffset: n - 2, as: UInt16.self)
    }
    return n <= 0 || x.load(as: UInt8.self) == y.load(as: UInt8.self)
}
