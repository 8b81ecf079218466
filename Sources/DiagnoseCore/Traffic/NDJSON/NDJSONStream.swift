#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#elseif canImport(Musl)
    import Musl
#endif

/// Splits an NDJSON input into its non-blank lines, each as a `SourceText` carrying its file position.
final class NDJSONStream {
    let input: ByteInput
    private var pos = 0
    private var record = 0

    init(input: ByteInput) {
        self.input = input
        if input.ensure(2), input.buffer[0] == 0xEF, input.buffer[1] == 0xBB, input.buffer[2] == 0xBF { pos = 3 }
    }

    /// The next non-blank line and its 1-based record number.
    func next() -> (SourceText, Int)? {
        while true {
            pos -= input.consume(upTo: pos)
            guard input.ensure(pos) else { return nil }
            var end = pos
            var found = false
            while !found {
                let n = input.buffer.count
                let hit: Int? = input.buffer.withUnsafeBufferPointer { b in
                    guard end < n, let h = memchr(b.baseAddress! + end, 0x0A, n - end) else { return nil }
                    return UnsafeRawPointer(b.baseAddress!).distance(to: UnsafeRawPointer(h))
                }
                if let hit {
                    end = hit
                    found = true
                } else {
                    end = n
                    if !input.fill() { break }
                }
            }
            var s = pos
            var e = end
            while s < e, isSpace(input.buffer[s]) { s += 1 }
            while e > s, isSpace(input.buffer[e - 1]) { e -= 1 }
            let next = found ? end + 1 : end
            if s == e {
                pos = next
                continue
            }
            record += 1
            let (line, column) = input.position(of: s)
            let text = SourceText(
                name: input.name, bytes: Array(input.buffer[s..<e]), baseOffset: input.offset(of: s), baseLine: line,
                baseColumn: column)
            pos = next
            return (text, record)
        }
    }

    private func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0D || c == 0x0A }
}
