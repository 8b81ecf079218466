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
        var needle = needle
        return needle.withUTF8 { n in
            if let fast = utf8.withContiguousStorageIfAvailable({ ByteSearch.contains($0, n) }) { return fast }
            return Array(utf8).withUnsafeBufferPointer { ByteSearch.contains($0, n) }
        }
    }
}

enum ByteSearch {
    /// Whether `needle` occurs in `haystack`.
    static func contains(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: UnsafeBufferPointer<UInt8>) -> Bool {
        guard needle.count > 0 else { return true }
        guard haystack.count >= needle.count, let h = haystack.baseAddress, let n = needle.baseAddress else {
            return false
        }
        let last = haystack.count - needle.count
        var i = 0
        while i <= last {
            guard let hit = memchr(h + i, Int32(n[0]), last - i + 1) else { return false }
            let at = UnsafeRawPointer(hit) - UnsafeRawPointer(h)
            if memcmp(h + at, n, needle.count) == 0 { return true }
            i = at + 1
        }
        return false
    }
}
