/*
 A forward-only window over a file or standard input, read in fixed-size chunks.

     file:    [ consumed, dropped ........ | buffer[0] ....... buffer[start] ....... buffer[count-1] | not yet read ]
                                             ^ baseOffset        ^ next byte to look at

 Scanners work with indices into `buffer`; `fill()` appends a chunk and never moves bytes, so indices stay valid
 during a scan. Between entries the reader calls `consume(upTo:)`, which drops the bytes before that index once
 they are more than a chunk (the only memmove). Lines are counted lazily with memchr up to the positions asked
 for, so a location costs nothing until somebody needs one, and the whole file is counted at most once.
*/

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#elseif canImport(Musl)
    import Musl
#endif

final class ByteInput {
    /// The name used in locations.
    let name: String
    private let fd: Int32
    private let ownsDescriptor: Bool
    let chunkSize: Int
    /// The window of bytes read and not yet dropped.
    var buffer: [UInt8] = []
    /// File offset of `buffer[0]`.
    private(set) var baseOffset = 0
    /// Whether the end of input was reached.
    private(set) var atEOF = false
    /// The read buffer, reused for every chunk.
    private var scratch: [UInt8] = []
    /// Total bytes read so far.
    private(set) var bytesRead = 0
    /// Total bytes moved to the front by `consume(upTo:)` (a cost the window's policy keeps small).
    private(set) var bytesMoved = 0

    // Line counting: `countedIndex` is the buffer index up to which newlines were counted.
    private var countedIndex = 0
    private var line = 1
    private var lineStart = 0  // file offset of the current line's first byte

    /// Opens `path` (`-` is standard input).
    /// - Throws: `DiagnoseFailure` when the file cannot be opened.
    init(path: String, chunkSize: Int = 1 << 20) throws(DiagnoseFailure) {
        self.chunkSize = max(1024, chunkSize)
        if path == "-" {
            name = "<stdin>"
            fd = 0
            ownsDescriptor = false
        } else {
            name = path
            let d = open(path, O_RDONLY)
            guard d >= 0 else {
                let reason = String(cString: strerror(errno))
                throw DiagnoseFailure(
                    "cannot read '\(path)': \(reason.lowercased())",
                    help: "check the path, or pass '-' to read standard input")
            }
            var st = stat()
            if fstat(d, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR {
                close(d)
                throw DiagnoseFailure(
                    "cannot read '\(path)': it is a directory", help: "name a trace file inside it")
            }
            fd = d
            ownsDescriptor = true
        }
    }

    /// Wraps bytes already in memory (tests, strings).
    init(name: String, bytes: [UInt8]) {
        self.name = name
        self.fd = -1
        self.ownsDescriptor = false
        self.chunkSize = max(1024, bytes.count)
        self.buffer = bytes
        self.bytesRead = bytes.count
        self.atEOF = true
    }

    deinit {
        if ownsDescriptor { close(fd) }
    }

    /// Reads one more chunk onto the end of the window; false at end of input.
    @discardableResult
    func fill() -> Bool {
        guard !atEOF else { return false }
        if scratch.isEmpty { scratch = [UInt8](repeating: 0, count: chunkSize) }
        var got = 0
        scratch.withUnsafeMutableBufferPointer { b in
            while got < chunkSize {
                let n = read(fd, b.baseAddress! + got, chunkSize - got)
                if n < 0 {
                    if errno == EINTR { continue }
                    break
                }
                if n == 0 { break }
                got += n
                // A pipe returns what it has; do not wait for a whole chunk once we have something.
                if fd == 0 && got > 0 { break }
            }
        }
        // Appending a slice of [UInt8] is a memcpy (unlike appending a generic sequence).
        buffer.append(contentsOf: scratch[0..<got])
        bytesRead += got
        if got == 0 { atEOF = true }
        return got > 0
    }

    /// Makes sure `buffer[index]` exists, reading as needed; false when input ends first.
    @inline(__always)
    func ensure(_ index: Int) -> Bool {
        while index >= buffer.count {
            if !fill() { return false }
        }
        return true
    }

    /// Drops bytes before `index` when that frees at least a chunk and leaves little to move; indices after the
    /// call shift accordingly.
    ///
    /// Dropping moves the bytes after `index` to the front. Right after a `fill()` that is most of a chunk, so the
    /// drop waits until the reader is near the end of what was read (an eighth of a chunk left), or, for entries so
    /// large that no boundary falls there, until two chunks could be freed: the window stays within three chunks
    /// and the bytes moved are a small fraction of those read (dropping at the first boundary past a chunk moved
    /// most of each chunk again).
    /// - Returns: the number of bytes dropped (subtract it from any index you keep).
    @discardableResult
    func consume(upTo index: Int) -> Int {
        guard index > 0, index <= buffer.count else { return 0 }
        let left = buffer.count - index
        guard left == 0 || index >= 2 * chunkSize || (index >= chunkSize && left <= chunkSize / 8) else { return 0 }
        advanceLines(to: index)
        bytesMoved += left
        buffer.removeFirst(index)
        baseOffset += index
        countedIndex -= index
        return index
    }

    /// File offset of a buffer index.
    func offset(of index: Int) -> Int { baseOffset + index }

    /// 1-based line and byte column of a buffer index (which must not go backwards between calls past a
    /// `consume`).
    func position(of index: Int) -> (line: Int, column: Int) {
        advanceLines(to: index)
        return (line, baseOffset + index - lineStart + 1)
    }

    /// The location of a buffer index.
    func location(of index: Int) -> SourceLocation {
        let (l, c) = position(of: index)
        return SourceLocation(file: name, line: l, column: c, offset: offset(of: index))
    }

    private func advanceLines(to index: Int) {
        guard index > countedIndex else { return }
        let end = min(index, buffer.count)
        buffer.withUnsafeBufferPointer { b in
            guard let base = b.baseAddress else { return }
            var i = countedIndex
            while i < end {
                guard let hit = memchr(base + i, 0x0A, end - i) else { break }
                let at = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(hit))
                line += 1
                lineStart = baseOffset + at + 1
                i = at + 1
            }
        }
        countedIndex = end
    }
}
