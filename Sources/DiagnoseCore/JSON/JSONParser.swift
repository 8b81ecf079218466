/*
 A strict RFC 8259 parser that builds a `Document` in one pass over the bytes.

 The loop is iterative (an explicit stack of open containers), so the nesting limit is a real limit and deep input
 can never overflow the thread's stack. Strings are validated (escapes, UTF-8, surrogate pairs) but not decoded:
 the node records where the content starts and whether it holds escapes. Runs of plain string bytes are skipped
 eight at a time with a SWAR test for `"`, `\`, control bytes and non-ASCII bytes.
*/

/// Parses JSON text into a `Document`.
public struct JSONParser: Sendable {
    /// Limits applied while parsing.
    public struct Options: Sendable {
        /// Deepest nesting of arrays and objects accepted.
        public var maxDepth: Int = 512
        /// Whether to report duplicate object keys as notes (cheap; on by default).
        public var detectDuplicateKeys: Bool = true
        /// Largest document accepted, in bytes. The default and the ceiling is just under 4 GiB (offsets are 32-bit).
        public var maxDocumentBytes: Int = Int(UInt32.max) - 1
        /// Default options.
        public init() {}
        /// Options with a nesting limit.
        public init(maxDepth: Int) { self.maxDepth = maxDepth }
    }

    /// Parses a whole text.
    /// - Parameters:
    ///   - text: the bytes and their origin.
    ///   - options: limits.
    /// - Returns: the document.
    /// - Throws: `JSONError` naming the first problem's location, what was expected and what was found.
    public static func parse(_ text: SourceText, options: Options = Options()) throws(JSONError) -> Document {
        guard text.bytes.count < Int(UInt32.max) else {
            throw JSONError(
                message: "document is \(text.bytes.count) bytes; one JSON document may hold at most 4 GiB",
                location: text.location(at: 0),
                hint: "split the input, or stream it (HAR and NDJSON are read entry by entry)")
        }
        guard text.bytes.count <= options.maxDocumentBytes else {
            throw JSONError(
                message: "document is \(text.bytes.count) bytes, over the document size limit of \(options.maxDocumentBytes) bytes",
                location: text.location(at: 0),
                hint: "raise the limit with maxDocumentBytes (JSONParser.Options or DocumentLoader.Options) if the document is meant to be this large")
        }
        let result = text.bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(JSONError) -> (ContiguousArray<RawNode>, [ParseNote]) in
                var scanner = Scanner(buffer: buffer, text: text, options: options)
                // Beyond a megabyte the final copy of a pointer buffer would hold the tree twice at the peak.
                let nodes =
                    buffer.count <= 1 << 20
                    ? try scanner.parseDocument(into: NodeBuffer.self) : try scanner.parseDocument(into: NodeArray.self)
                return (nodes, scanner.notes)
            }
        }
        switch result {
        case .success(let (nodes, notes)):
            return Document(text: text, nodes: nodes, side: [], notes: notes)
        case .failure(let error):
            throw error
        }
    }

    /// Parses bytes given as a string (for tests and small inputs).
    public static func parse(_ string: String, name: String = "<string>", options: Options = Options())
        throws(JSONError) -> Document
    {
        try parse(SourceText(name: name, string: string), options: options)
    }
}

extension JSONParser {
    /// Parses the object or array at the start of `buffer` and stops after it, without requiring the buffer to
    /// end there: the HAR reader parses each entry where it lies instead of first scanning for its end.
    /// - Returns: the nodes (offsets relative to `buffer`) and the index just past the value; nil when the buffer
    ///   does not start with a complete, valid object or array (cut off by the end of the buffer, or malformed),
    ///   and the caller takes the general path, which reports errors with their locations.
    static func parseContainerPrefix(_ buffer: UnsafeBufferPointer<UInt8>, options: Options) -> (
        nodes: ContiguousArray<RawNode>, end: Int
    )? {
        guard let first = buffer.first, first == UInt8(ascii: "{") || first == UInt8(ascii: "["),
            buffer.count < Int(UInt32.max)
        else { return nil }
        var scanner = Scanner(buffer: buffer, text: SourceText(name: "", bytes: []), options: options)
        scanner.stopAfterValue = true
        guard let nodes = try? scanner.parseDocument(into: NodeBuffer.self) else { return nil }
        return (nodes, scanner.endPosition)
    }
}

/// A JSON syntax error: where, what was expected, what was found.
public struct JSONError: Error, Sendable, CustomStringConvertible {
    /// What was expected and what was found, in one sentence.
    public var message: String
    /// Where the problem is.
    public var location: SourceLocation
    /// What to do about it, when there is something to say.
    public var hint: String?

    /// Creates an error.
    public init(message: String, location: SourceLocation, hint: String? = nil) {
        self.message = message
        self.location = location
        self.hint = hint
    }

    /// `file:line:column: message`.
    public var description: String { "\(location): \(message)" }
}

/// Where the parser puts nodes as it makes them.
protocol NodeStorage {
    init(capacity: Int)
    var count: Int { get }
    subscript(i: Int) -> RawNode { get set }
    mutating func append(_ node: RawNode)
    /// The nodes as an array (called once, on success).
    mutating func finish() -> ContiguousArray<RawNode>
    /// Frees what `finish` did not hand over (called once, last, on success or failure).
    func discard()
}

/// Nodes behind a pointer: appends and in-place updates without the uniqueness and capacity checks an array makes
/// on each (one per node, and one per member count update), copied into an array once at the end. For small
/// documents (HAR entries, bodies), where the copy is cheap next to the checks it saves.
struct NodeBuffer: NodeStorage {
    private var base: UnsafeMutablePointer<RawNode>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(16, capacity)
        base = .allocate(capacity: self.capacity)
    }

    @inline(__always)
    mutating func append(_ node: RawNode) {
        if count == capacity { grow() }
        (base + count).initialize(to: node)
        count += 1
    }

    private mutating func grow() {
        let bigger = UnsafeMutablePointer<RawNode>.allocate(capacity: capacity * 2)
        bigger.moveInitialize(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity *= 2
    }

    subscript(i: Int) -> RawNode {
        @inline(__always) get { base[i] }
        @inline(__always) set { base[i] = newValue }
    }

    func finish() -> ContiguousArray<RawNode> { ContiguousArray(UnsafeBufferPointer(start: base, count: count)) }

    func discard() { base.deallocate() }
}

/// Nodes in an array from the start: no copy at the end, so a large document does not need its tree twice.
struct NodeArray: NodeStorage {
    private var nodes = ContiguousArray<RawNode>()

    init(capacity: Int) { nodes.reserveCapacity(capacity) }
    var count: Int { nodes.count }

    subscript(i: Int) -> RawNode {
        get { nodes[i] }
        set { nodes[i] = newValue }
    }

    mutating func append(_ node: RawNode) { nodes.append(node) }

    mutating func finish() -> ContiguousArray<RawNode> {
        defer { nodes = [] }
        return nodes
    }

    func discard() {}
}

private let quote = UInt8(ascii: "\"")
private let backslash = UInt8(ascii: "\\")

extension JSONParser {
    struct Scanner {
        let p: UnsafePointer<UInt8>
        let n: Int
        let text: SourceText
        let options: Options
        var notes: [ParseNote] = []
        /// Stop after the top-level value instead of requiring the end of input there (`parseContainerPrefix`).
        var stopAfterValue = false
        /// Where the top-level value ended, when `stopAfterValue` stopped the parse.
        var endPosition = 0

        init(buffer: UnsafeBufferPointer<UInt8>, text: SourceText, options: Options) {
            // An empty buffer may have a nil base address; point at a static byte instead.
            self.p = buffer.baseAddress ?? UnsafePointer(emptyByte)
            self.n = buffer.count
            self.text = text
            self.options = options
        }

        private enum State { case value, afterValue, key }

        /// Parses into `Storage`: `NodeBuffer` for small texts, `NodeArray` for large ones.
        mutating func parseDocument<Storage: NodeStorage>(into _: Storage.Type) throws(JSONError) -> ContiguousArray<RawNode> {
            var pos = 0
            if n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF {
                notes.append(
                    ParseNote(
                        kind: .byteOrderMark,
                        message: "the file starts with a UTF-8 byte-order mark, which JSON does not allow; it was skipped",
                        location: text.location(at: 0)))
                pos = 3
            }
            // A prefix parse sees the rest of a large buffer: size for a typical entry, not for the buffer.
            var nodes = Storage(capacity: max(16, min(n, stopAfterValue ? 4_096 : n) / 12))
            defer { nodes.discard() }
            var stack = ContiguousArray<Int32>()
            stack.reserveCapacity(32)
            var state = State.value
            // The innermost open container (-1: none) and whether it is an object, kept in locals: every value and
            // every separator asks, and reading them back from `stack` and `nodes` each time cost about 8 % of the
            // parse of a large document.
            var top = -1
            var topIsObject = false

            while true {
                switch state {
                case .value:
                    pos = skipWhitespace(pos)
                    guard pos < n else { throw error(at: pos, expected: "a value") }
                    if top >= 0 && !topIsObject { nodes[top].a &+= 1 }
                    let c = p[pos]
                    switch c {
                    case UInt8(ascii: "{"), UInt8(ascii: "["):
                        guard stack.count < options.maxDepth else {
                            throw JSONError(
                                message: "nesting is deeper than \(options.maxDepth) levels",
                                location: text.location(at: pos),
                                hint: "raise the limit with --max-depth if this document is legitimate")
                        }
                        let isObject = c == UInt8(ascii: "{")
                        let opened = nodes.count
                        nodes.append(RawNode(kind: isObject ? .object : .array, start: UInt32(pos)))
                        pos = skipWhitespace(pos + 1)
                        if pos < n && p[pos] == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                            nodes[opened].b = UInt32(nodes.count)
                            pos += 1
                            state = .afterValue
                        } else {
                            stack.append(Int32(opened))
                            top = opened
                            topIsObject = isObject
                            state = isObject ? .key : .value
                        }
                        continue
                    case quote:
                        let (end, flags) = try scanString(pos)
                        nodes.append(
                            RawNode(kind: .string, start: UInt32(pos), a: UInt32(pos + 1), b: UInt32(end - pos - 1), flags: flags))
                        pos = end + 1
                    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                        let (end, integer) = try scanNumber(pos)
                        nodes.append(
                            RawNode(
                                kind: .number, start: UInt32(pos), a: UInt32(pos), b: UInt32(end - pos),
                                flags: integer ? RawNode.integerLiteral : 0))
                        pos = end
                    case UInt8(ascii: "t"):
                        try expectLiteral(pos, "true")
                        nodes.append(RawNode(kind: .bool, start: UInt32(pos), flags: RawNode.isTrue))
                        pos += 4
                    case UInt8(ascii: "f"):
                        try expectLiteral(pos, "false")
                        nodes.append(RawNode(kind: .bool, start: UInt32(pos)))
                        pos += 5
                    case UInt8(ascii: "n"):
                        try expectLiteral(pos, "null")
                        nodes.append(RawNode(kind: .null, start: UInt32(pos)))
                        pos += 4
                    default:
                        throw error(at: pos, expected: "a value")
                    }
                    state = .afterValue

                case .afterValue:
                    if stopAfterValue && top < 0 {
                        endPosition = pos
                        return nodes.finish()
                    }
                    pos = skipWhitespace(pos)
                    guard top >= 0 else {
                        guard pos == n else { throw error(at: pos, expected: "end of input after the top-level value") }
                        return nodes.finish()
                    }
                    let isObject = topIsObject
                    guard pos < n else {
                        throw error(at: pos, expected: isObject ? "',' or '}'" : "',' or ']'")
                    }
                    let c = p[pos]
                    if c == UInt8(ascii: ",") {
                        pos += 1
                        state = isObject ? .key : .value
                    } else if c == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                        stack.removeLast()
                        nodes[top].b = UInt32(nodes.count)
                        if isObject && options.detectDuplicateKeys && nodes[top].a > 1 {
                            checkDuplicates(nodes: nodes, object: top)
                        }
                        if let outer = stack.last {
                            top = Int(outer)
                            topIsObject = nodes[top].kind == .object
                        } else {
                            top = -1
                        }
                        pos += 1
                    } else {
                        throw error(at: pos, expected: isObject ? "',' or '}' after an object member" : "',' or ']' after an array element")
                    }

                case .key:
                    pos = skipWhitespace(pos)
                    guard pos < n, p[pos] == quote else {
                        throw error(at: pos, expected: "a string key in double quotes")
                    }
                    let (end, flags) = try scanString(pos)
                    nodes[top].a &+= 1
                    nodes.append(
                        RawNode(kind: .string, start: UInt32(pos), a: UInt32(pos + 1), b: UInt32(end - pos - 1), flags: flags))
                    pos = skipWhitespace(end + 1)
                    guard pos < n, p[pos] == UInt8(ascii: ":") else {
                        throw error(at: pos, expected: "':' after the object key")
                    }
                    pos += 1
                    // The value parser counts array elements only; object members were counted at their key.
                    pos = skipWhitespace(pos)
                    guard pos < n else { throw error(at: pos, expected: "a value") }
                    state = .value
                }
            }
        }

        @inline(__always)
        func skipWhitespace(_ start: Int) -> Int { Scanner.skipWhitespace(p, n, start) }

        /// The same over the bytes alone (static, for the byte validator as `number`).
        @inline(__always)
        static func skipWhitespace(_ p: UnsafePointer<UInt8>, _ n: Int, _ start: Int) -> Int {
            // Compact JSON has none: one test decides.
            if start < n && p[start] > 0x20 { return start }
            var i = start
            while i < n {
                let c = p[i]
                if c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { i += 1 } else { break }
            }
            return i
        }

        /// Scans a string starting at its opening quote; returns the index of the closing quote and the string
        /// node's flags: `RawNode.escaped` when it has escapes, with `RawNode.quoteEscapesOnly` when all of them
        /// are `\"` (JSON text inside a HAR string, which `ByteValidator` reads without unescaping).
        @inline(__always)
        func scanString(_ start: Int) throws(JSONError) -> (Int, UInt8) {
            var from = start + 1
            // Most strings are short and plain (keys, ids, header values): when the first byte of interest in the
            // next sixteen is a quote, it closes the string, found here without a call.
            if from + 16 < n {
                let stop = Scanner.firstStop16(UnsafeRawPointer(p), from)
                if stop == 16 {
                    from += 16
                } else if p[from + stop] == quote {
                    return (from + stop, 0)
                }
            }
            let (end, escaped, other) = try scanString(start, from: from, stopAtOtherEscape: true)
            if !other { return (end, escaped ? RawNode.escaped | RawNode.quoteEscapesOnly : 0) }
            return (try scanRestOfString(start, from: end), RawNode.escaped)
        }

        /// The rest of a string from an escape other than `\"` (kept out of line: the common loop then carries
        /// no more state than whether it saw an escape).
        @inline(never)
        func scanRestOfString(_ start: Int, from i: Int) throws(JSONError) -> Int {
            try scanString(start, from: i, stopAtOtherEscape: false).0
        }

        /// Scans a string from `i` (inside it); returns the index of the closing quote and whether there were
        /// escapes, or, with `stopAtOtherEscape`, the index of the first escape other than `\"` and true.
        /// Out of line: inlined at every string, its loops made the parser too large to inline the rest.
        @inline(never)
        func scanString(_ start: Int, from i: Int, stopAtOtherEscape: Bool) throws(JSONError) -> (Int, Bool, Bool) {
            var i = i
            var escaped = false
            let raw = UnsafeRawPointer(p)
            while true {
                // Eight bytes at a time: plain ASCII, and `\"` escapes too (JSON inside a HAR string has one every
                // few bytes), up to the closing quote or the first byte the loop below must look at.
                while i + 8 <= n {
                    // Sixteen first: plain or `\"` pairs only are skipped, anything else is found and looked at.
                    if i + 16 < n, p[i &- 1] != backslash {
                        let (advance, stopped) = Scanner.block16(raw, i, &escaped)
                        i += advance
                        if stopped { break }
                        continue
                    }
                    let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                    let quotes = Scanner.bytesEqual(w, quote)
                    let backslashes = Scanner.bytesEqual(w, backslash)
                    let other = Scanner.controlOrNonASCII(w)
                    if backslashes == 0 {
                        let stop = quotes | other
                        if stop != 0 {
                            i += stop.trailingZeroBitCount >> 3
                            break
                        }
                        i += 8
                        continue
                    }
                    // The byte after each backslash is escaped (the last byte's escape lies in the next word).
                    let escapedBytes = backslashes << 8
                    // The common case first: every backslash is followed by a quote and every quote is escaped
                    // (`\"` pairs only, up to a backslash in the last byte), nothing else to look at.
                    if escapedBytes ^ quotes | other == 0 {
                        escaped = true
                        i += backslashes >> 63 != 0 ? 7 : 8
                        continue
                    }
                    let stop = (quotes & ~escapedBytes) | other
                    let upTo = stop ^ (stop &- 1)  // the bits up to the first stop, itself included (all when none)
                    // A `\\` run, or an escape other than `\"` up to the stop: one byte at a time from the first.
                    if backslashes & escapedBytes != 0 || escapedBytes & ~quotes & upTo != 0 {
                        i += (quotes | backslashes | other).trailingZeroBitCount >> 3
                        break
                    }
                    if backslashes & upTo != 0 { escaped = true }
                    if stop != 0 {
                        i += stop.trailingZeroBitCount >> 3
                        break
                    }
                    i += backslashes >> 63 != 0 ? 7 : 8
                }
                guard i < n else {
                    throw JSONError(
                        message: "unterminated string: expected '\"', found end of input",
                        location: text.location(at: start), hint: "the string that starts here is never closed")
                }
                let c = p[i]
                if c == quote { return (i, escaped, false) }
                if c == backslash {
                    if stopAtOtherEscape, !(i + 1 < n && p[i + 1] == quote) { return (i, true, true) }
                    escaped = true
                    // The one-character escapes inline (JSON inside a HAR string is full of \"), the rest checked.
                    if i + 1 < n, Scanner.isSimpleEscape(p[i + 1]) {
                        i += 2
                    } else {
                        i = try scanEscape(i)
                    }
                } else if c < 0x20 {
                    throw JSONError(
                        message: "control character U+\(hex4(UInt32(c))) inside a string",
                        location: text.location(at: i), hint: "escape it, e.g. as \\n or \\u\(hex4(UInt32(c)))")
                } else if c >= 0x80 {
                    i = try scanUTF8(i)
                } else {
                    i += 1
                }
            }
        }

        /// The sixteen bytes at `i`: when they hold no control, non-ASCII or unescaped quote byte and every
        /// backslash among them escapes a quote, how far to skip them (`stopped` false); otherwise the offset of the
        /// first quote, backslash, control or non-ASCII byte, for the byte-at-a-time step (`stopped` true).
        /// Each byte is compared with the byte before it (`i - 1` lies in the string and is not a backslash): a
        /// quote must follow a backslash, and only a quote may. `\\` fails the test (its second backslash follows
        /// one), so a backslash here always escapes. A skip stops short of a backslash in the last byte, whose
        /// quote is the next block's first byte. Swift's SIMD types compile to SSE2 on x86-64 and NEON on arm64.
        @inline(__always)
        static func block16(_ raw: UnsafeRawPointer, _ i: Int, _ escaped: inout Bool) -> (Int, Bool) {
            let v = raw.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self)
            let before = raw.loadUnaligned(fromByteOffset: i &- 1, as: SIMD16<UInt8>.self)
            // Typed constants: with `SIMD16(repeating:)` inferred, the comparisons resolve to the generic
            // lane-by-lane implementations.
            let backslashes = SIMD16<UInt8>(repeating: backslash)
            let quotes = SIMD16<UInt8>(repeating: quote)
            let afterBackslash = before .== backslashes
            let isQuote = v .== quotes
            // Control characters and bytes past ASCII are the ones below a space as signed bytes.
            let other = unsafeBitCast(v, to: SIMD16<Int8>.self) .< SIMD16<Int8>(repeating: 0x20)
            guard anyLane(isQuote .^ afterBackslash .| other) else {
                if anyLane(afterBackslash) { escaped = true }
                return (raw.load(fromByteOffset: i &+ 15, as: UInt8.self) == backslash ? 15 : 16, false)
            }
            return (firstStop16(raw, i), true)
        }

        /// The offset of the first quote, backslash, control or non-ASCII byte among the sixteen at `i`; 16 when
        /// there is none. (Lane order is memory order: little-endian, as the word scans assume.)
        @inline(__always)
        static func firstStop16(_ raw: UnsafeRawPointer, _ i: Int) -> Int {
            let v = raw.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self)
            let stops =
                v .== SIMD16<UInt8>(repeating: quote) .| (v .== SIMD16<UInt8>(repeating: backslash))
                .| (unsafeBitCast(v, to: SIMD16<Int8>.self) .< SIMD16<Int8>(repeating: 0x20))
            let (low, high) = unsafeBitCast(stops, to: (UInt64, UInt64).self)
            return low != 0 ? low.trailingZeroBitCount >> 3 : 8 + high.trailingZeroBitCount >> 3
        }

        /// Whether any lane is set (the stdlib's `any` goes through a generic `min` that is not always inlined).
        @inline(__always)
        static func anyLane(_ mask: SIMDMask<SIMD16<Int8>>) -> Bool {
            let (low, high) = unsafeBitCast(mask, to: (UInt64, UInt64).self)
            return low | high != 0
        }

        /// The high bit of each byte of `w` that equals `byte`, exactly (no borrow between bytes).
        @inline(__always)
        static func bytesEqual(_ w: UInt64, _ byte: UInt8) -> UInt64 {
            let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
            let x = w ^ (0x0101_0101_0101_0101 &* UInt64(byte))
            return ~(((x & low7) &+ low7) | x) & 0x8080_8080_8080_8080
        }

        /// The high bit of each byte of `w` that is a control character or not ASCII; the lowest set bit is exact
        /// (later ones may be false positives from borrows).
        @inline(__always)
        static func controlOrNonASCII(_ w: UInt64) -> UInt64 {
            let ones: UInt64 = 0x0101_0101_0101_0101
            return ((w &- ones &* 0x20) & ~w | w) & 0x8080_8080_8080_8080
        }

        /// `"` `\` `/` `b` `f` `n` `r` `t`: the escapes that are two bytes and need no further check.
        @inline(__always)
        static func isSimpleEscape(_ c: UInt8) -> Bool {
            switch c {
            case quote, backslash, UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"), UInt8(ascii: "n"),
                UInt8(ascii: "r"), UInt8(ascii: "t"):
                true
            default: false
            }
        }

        /// Validates an escape at `i` (the backslash); returns the index after it.
        func scanEscape(_ i: Int) throws(JSONError) -> Int {
            guard i + 1 < n else { throw error(at: i + 1, expected: "an escape character after '\\'") }
            switch p[i + 1] {
            case quote, backslash, UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"), UInt8(ascii: "n"),
                UInt8(ascii: "r"), UInt8(ascii: "t"):
                return i + 2
            case UInt8(ascii: "u"):
                let first = try hex4At(i + 2)
                if first >= 0xDC00 && first <= 0xDFFF {
                    throw JSONError(
                        message: "lone low surrogate \\u\(hex4(first)) in a string", location: text.location(at: i),
                        hint: "a low surrogate must follow a high surrogate (\\uD800-\\uDBFF)")
                }
                if first >= 0xD800 && first <= 0xDBFF {
                    guard i + 7 < n, p[i + 6] == backslash, p[i + 7] == UInt8(ascii: "u") else {
                        throw JSONError(
                            message: "lone high surrogate \\u\(hex4(first)) in a string: expected a \\uDC00-\\uDFFF escape after it",
                            location: text.location(at: i),
                            hint: "encode the character as a surrogate pair, or write it directly as UTF-8")
                    }
                    let second = try hex4At(i + 8)
                    guard second >= 0xDC00 && second <= 0xDFFF else {
                        throw JSONError(
                            message: "high surrogate \\u\(hex4(first)) is followed by \\u\(hex4(second)), not a low surrogate",
                            location: text.location(at: i + 6), hint: "the second escape must be in \\uDC00-\\uDFFF")
                    }
                    return i + 12
                }
                return i + 6
            default:
                throw JSONError(
                    message: "invalid escape '\\\(describeByte(p[i + 1]))' in a string",
                    location: text.location(at: i),
                    hint: "JSON allows \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX")
            }
        }

        func hex4At(_ i: Int) throws(JSONError) -> UInt32 {
            var v: UInt32 = 0
            for k in 0..<4 {
                guard i + k < n, let d = hexValue(p[i + k]) else {
                    throw error(at: i + k, expected: "four hexadecimal digits after '\\u'")
                }
                v = v << 4 | UInt32(d)
            }
            return v
        }

        /// Validates one UTF-8 sequence starting at `i`; returns the index after it.
        func scanUTF8(_ i: Int) throws(JSONError) -> Int {
            let c = p[i]
            var length = 0
            var lo: UInt8 = 0x80
            var hi: UInt8 = 0xBF
            switch c {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; lo = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; hi = 0x9F
            case 0xF0: length = 4; lo = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; hi = 0x8F
            default:
                throw invalidUTF8(at: i)
            }
            guard i + length <= n else { throw invalidUTF8(at: i) }
            let second = p[i + 1]
            guard second >= lo && second <= hi else { throw invalidUTF8(at: i) }
            for k in 2..<length where p[i + k] & 0xC0 != 0x80 { throw invalidUTF8(at: i) }
            return i + length
        }

        func invalidUTF8(at i: Int) -> JSONError {
            JSONError(
                message: "invalid UTF-8 byte 0x\(String(p[i], radix: 16, uppercase: true)) inside a string",
                location: text.location(at: i), hint: "JSON text must be UTF-8; re-export the file as UTF-8")
        }

        /// Scans a number; returns the index after it and whether it was an integer literal.
        @inline(__always)
        func scanNumber(_ start: Int) throws(JSONError) -> (Int, Bool) {
            switch Scanner.number(p, n, start) {
            case .number(let end, let integer): return (end, integer)
            case .malformed(let at, let expected): throw error(at: at, expected: String(describing: expected))
            }
        }

        /// What a number literal at `start` is: where it ends and whether it is an integer literal, or where it
        /// goes wrong and what was expected there.
        enum NumberScan {
            case number(end: Int, integer: Bool)
            case malformed(at: Int, expected: StaticString)
        }

        /// Scans a number literal over the bytes alone (static: the byte validator calls it without a copy of a
        /// scanner, and without building an error it would throw away).
        @inline(__always)
        static func number(_ p: UnsafePointer<UInt8>, _ n: Int, _ start: Int) -> NumberScan {
            var i = start
            if p[i] == UInt8(ascii: "-") { i += 1 }
            guard i < n else { return .malformed(at: i, expected: "a digit") }
            if p[i] == UInt8(ascii: "0") {
                i += 1
            } else if p[i] >= UInt8(ascii: "1") && p[i] <= UInt8(ascii: "9") {
                i += 1
                while i < n && isDigit(p[i]) { i += 1 }
            } else {
                return .malformed(at: i, expected: "a digit")
            }
            var integer = true
            if i < n && p[i] == UInt8(ascii: ".") {
                integer = false
                i += 1
                guard i < n && isDigit(p[i]) else { return .malformed(at: i, expected: "a digit after the decimal point") }
                while i < n && isDigit(p[i]) { i += 1 }
            }
            if i < n && (p[i] == UInt8(ascii: "e") || p[i] == UInt8(ascii: "E")) {
                integer = false
                i += 1
                if i < n && (p[i] == UInt8(ascii: "+") || p[i] == UInt8(ascii: "-")) { i += 1 }
                guard i < n && isDigit(p[i]) else { return .malformed(at: i, expected: "a digit in the exponent") }
                while i < n && isDigit(p[i]) { i += 1 }
            }
            return .number(end: i, integer: integer)
        }

        /// The number at `start` as the byte validator asks: its end and integer-ness, nil where it is malformed.
        @inline(__always)
        static func numberEnd(_ p: UnsafePointer<UInt8>, _ n: Int, _ start: Int) -> (Int, Bool)? {
            guard case .number(let end, let integer) = number(p, n, start) else { return nil }
            return (end, integer)
        }

        /// Checks that `true`, `false` or `null` starts at `i`: one four-byte comparison (and one byte more for
        /// `false`) rather than a loop.
        func expectLiteral(_ i: Int, _ literal: StaticString) throws(JSONError) {
            if Scanner.literal(p, n, i, literal) { return }
            throw error(at: i, expected: "a value (did you mean '\(literal)'?)")
        }

        /// Whether `literal` is written at `i` (static, for the byte validator as `number`).
        @inline(__always)
        static func literal(_ p: UnsafePointer<UInt8>, _ n: Int, _ i: Int, _ literal: StaticString) -> Bool {
            let count = literal.utf8CodeUnitCount
            let bytes = literal.utf8Start
            guard count >= 4, i + count <= n,
                UnsafeRawPointer(p + i).loadUnaligned(as: UInt32.self) == UnsafeRawPointer(bytes).loadUnaligned(as: UInt32.self)
            else { return false }
            var k = 4
            while k < count && p[i + k] == bytes[k] { k += 1 }
            return k == count
        }

        mutating func checkDuplicates<Storage: NodeStorage>(nodes: Storage, object: Int) {
            let count = Int(nodes[object].a)
            var keys: [Int] = []
            keys.reserveCapacity(count)
            var i = object + 1
            for _ in 0..<count {
                keys.append(i)
                let value = nodes[i + 1]
                i = value.kind == .object || value.kind == .array ? Int(value.b) : i + 2
            }
            if count <= 16 {
                for x in 1..<keys.count {
                    for y in 0..<x where sameKey(nodes[keys[x]], nodes[keys[y]]) {
                        reportDuplicate(nodes[keys[x]], first: nodes[keys[y]])
                        break
                    }
                }
            } else {
                // A small open-addressing table of key positions, hashed on the key's bytes (decoded when it has
                // escapes, so both spellings of a key meet): a String per key made this a tenth of parsing a
                // Stripe object.
                var cap = 32
                while cap < count * 2 { cap <<= 1 }
                var table = [Int32](repeating: -1, count: cap)
                for k in keys {
                    let key = nodes[k]
                    var h = keyHash(key) & (cap - 1)
                    var duplicate = false
                    while table[h] >= 0 {
                        let other = nodes[Int(table[h])]
                        if sameKey(key, other) {
                            reportDuplicate(key, first: other)
                            duplicate = true
                            break
                        }
                        h = (h + 1) & (cap - 1)
                    }
                    if !duplicate { table[h] = Int32(k) }
                }
            }
        }

        func keyHash(_ k: RawNode) -> Int {
            if k.flags & RawNode.escaped == 0 {
                return PropertyTable.hash(UnsafeBufferPointer(start: p + Int(k.a), count: Int(k.b)))
            }
            var decoded = keyString(k)
            return decoded.withUTF8 { PropertyTable.hash($0) }
        }

        func sameKey(_ a: RawNode, _ b: RawNode) -> Bool {
            if a.flags & RawNode.escaped == 0 && b.flags & RawNode.escaped == 0 {
                return a.b == b.b && memcmp(p + Int(a.a), p + Int(b.a), Int(a.b)) == 0
            }
            return keyString(a) == keyString(b)
        }

        func keyString(_ k: RawNode) -> String {
            let bytes = UnsafeBufferPointer(start: p + Int(k.a), count: Int(k.b))
            return k.flags & RawNode.escaped != 0
                ? JSONParser.unescape(bytes) : String(decoding: bytes, as: UTF8.self)
        }

        mutating func reportDuplicate(_ key: RawNode, first: RawNode) {
            let firstAt = text.location(at: Int(first.start))
            notes.append(
                ParseNote(
                    kind: .duplicateKey,
                    message: "duplicate key \"\(keyString(key))\" (first at line \(firstAt.line), column \(firstAt.column)); readers disagree on which value wins",
                    location: text.location(at: Int(key.start))))
        }

        func error(at i: Int, expected: String) -> JSONError {
            let found: String
            if i >= n {
                found = "end of input"
            } else {
                found = "'\(describeByte(p[i]))'"
            }
            return JSONError(message: "expected \(expected), found \(found)", location: text.location(at: i))
        }
    }
}

nonisolated(unsafe) private let emptyByte = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)

@inline(__always) private func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

@inline(__always) func hexValue(_ c: UInt8) -> UInt8? {
    switch c {
    case 0x30...0x39: c - 0x30
    case 0x41...0x46: c - 0x41 + 10
    case 0x61...0x66: c - 0x61 + 10
    default: nil
    }
}

func hex4(_ v: UInt32) -> String {
    let s = String(v, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, 4 - s.count)) + s
}

func describeByte(_ c: UInt8) -> String {
    switch c {
    case 0x20..<0x7F: String(UnicodeScalar(c))
    case 0x0A: "\\n"
    case 0x0D: "\\r"
    case 0x09: "\\t"
    default: "\\x" + String(c, radix: 16, uppercase: true)
    }
}

extension JSONParser {
    /// Decodes the escapes of validated string content into a `String`.
    public static func unescape(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: unescapeBytes(bytes), as: UTF8.self)
    }

    /// Decodes the escapes of validated string content into UTF-8 bytes: runs without a backslash are copied
    /// whole (found with `memchr`), so a large escaped body such as a HAR `content.text` costs about a copy.
    /// The output is never longer than the input (`\uXXXX` is six bytes for at most three, a surrogate pair
    /// twelve for four).
    public static func unescapeBytes(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return [] }
        let n = bytes.count
        return [UInt8](unsafeUninitializedCapacity: n) { out, count in
            let target = out.baseAddress!
            var i = 0
            var o = 0
            func put(_ b: UInt8) {
                target[o] = b
                o += 1
            }
            let raw = UnsafeRawPointer(base)
            let out = UnsafeMutableRawPointer(target)
            while i < n {
                // Eight bytes at a time up to the next backslash. A JSON body inside a HAR string has one every few
                // bytes (`\"` around each key), so this beats a `memchr` and a copy per run. `o <= i` always (the
                // output is never longer than the input), so a whole word fits wherever one can be read.
                while i + 8 <= n {
                    let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                    let x = word ^ 0x5C5C_5C5C_5C5C_5C5C
                    let hit = (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080
                    out.storeBytes(of: word, toByteOffset: o, as: UInt64.self)
                    if hit == 0 {
                        i += 8
                        o += 8
                        continue
                    }
                    // The lowest flagged byte is the first backslash (borrows only flag bytes above it).
                    let k = hit.trailingZeroBitCount >> 3
                    i += k
                    o += k
                    // `\"`, `\\` and `\/` stand for their second byte: written here, without leaving the loop (a
                    // JSON body in a HAR string has a `\"` every few bytes). The rest take the general path.
                    guard i + 1 < n else { break }
                    let e = base[i + 1]
                    guard e == quote || e == backslash || e == UInt8(ascii: "/") else { break }
                    target[o] = e
                    o += 1
                    i += 2
                }
                while i < n && base[i] != backslash {
                    put(base[i])
                    i += 1
                }
                guard i < n else { break }
                guard i + 1 < n else {
                    put(base[i])
                    i += 1
                    break
                }
                let e = base[i + 1]
                i += 2
                switch e {
                case UInt8(ascii: "b"): put(0x08)
                case UInt8(ascii: "f"): put(0x0C)
                case UInt8(ascii: "n"): put(0x0A)
                case UInt8(ascii: "r"): put(0x0D)
                case UInt8(ascii: "t"): put(0x09)
                case UInt8(ascii: "u"):
                    var v: UInt32 = 0
                    for k in 0..<4 where i + k < n { v = v << 4 | UInt32(hexValue(base[i + k]) ?? 0) }
                    i += 4
                    if v >= 0xD800 && v <= 0xDBFF && i + 5 < n && base[i] == backslash && base[i + 1] == UInt8(ascii: "u") {
                        var low: UInt32 = 0
                        for k in 0..<4 { low = low << 4 | UInt32(hexValue(base[i + 2 + k]) ?? 0) }
                        if low >= 0xDC00 && low <= 0xDFFF {
                            v = 0x10000 + ((v - 0xD800) << 10) + (low - 0xDC00)
                            i += 6
                        }
                    }
                    let scalar = Unicode.Scalar(v) ?? "\u{FFFD}"
                    for unit in UTF8.encode(scalar)! { put(unit) }
                default: put(e)
                }
            }
            count = o
        }
    }

    /// The text of scanners whose errors are only tested, never shown (the byte validator's): one
    /// shared empty text instead of an allocation per scan. Immutable (its line table of nothing is built once,
    /// under its lock).
    static let scratchText = SourceText(name: "", bytes: [])

    /// Whether `bytes` is exactly one JSON number literal: nil if not, else whether it is an integer literal.
    public static func numberKind(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return nil }
        guard let (end, integer) = Scanner.numberEnd(base, bytes.count, 0), end == bytes.count else { return nil }
        return integer
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#elseif canImport(Musl)
    import Musl
#endif
