#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Offsets of the start of every line of a text, built only when a message needs a line:column.
///
/// - Complexity: building is O(n) in the text's length; a lookup is O(log lines).
public struct LineTable: Sendable {
    /// Byte offset of the first byte of each line; `lineStarts[0] == 0`.
    public let lineStarts: [Int]

    /// Scans `bytes` for line feeds (a CR LF pair ends one line).
    public init(_ bytes: UnsafeBufferPointer<UInt8>) {
        var starts = [0]
        starts.reserveCapacity(bytes.count / 32 + 1)
        // memchr from one line feed to the next: a byte loop cost about 17 million instructions on Stripe's spec,
        // whose table the first finding with a spec location builds.
        if let base = bytes.baseAddress {
            var i = 0
            let n = bytes.count
            while i < n, let hit = memchr(base + i, 0x0A, n - i) {
                let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                starts.append(at + 1)
                i = at + 1
            }
        }
        lineStarts = starts
    }

    /// Creates a table over an array of bytes.
    public init(_ bytes: [UInt8]) {
        self = bytes.withUnsafeBufferPointer { LineTable($0) }
    }

    /// The 1-based line and UTF-8 byte column of `offset`.
    public func position(of offset: Int) -> (line: Int, column: Int) {
        var lo = 0
        var hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        return (lo + 1, offset - lineStarts[lo] + 1)
    }
}
