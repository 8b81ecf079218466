/*
 Streams the entries of a HAR file without holding the file in memory.

 A HAR file is `{"log": {"version": …, "creator": …, "pages": […], "entries": [ {…}, {…} ], …}}` with members in
 any order. The stream walks the root object and the `log` object member by member; every member other than
 `entries` is captured whole (they are small: version, creator, pages, comment, custom `_fields`) and handed to
 the caller, who may keep it (the redacting writer does) or drop it. Inside `entries`, each element is delimited
 by a byte scan that only tracks string state (quotes, backslash runs, found with memchr) and bracket depth; the
 element's bytes alone are then parsed with `JSONParser`, with the file offset, line and column at which it starts,
 so node locations are file locations. Memory is bounded by the largest entry plus one read chunk.

 A syntax error inside an entry costs only that entry (the delimiting scan does not care about JSON validity
 beyond strings and brackets), and reading goes on with the next one. A break in the structure around entries
 (missing comma, file cut short) ends the stream with a located problem.
*/

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#elseif canImport(Musl)
    import Musl
#endif

/// 1 for the bytes the entry-delimiting scan must look at outside strings: `"`, `{`, `}`, `[`, `]`.
private let structural: [UInt8] = {
    var t = [UInt8](repeating: 0, count: 256)
    for c in "\"{}[]".utf8 { t[Int(c)] = 1 }
    return t
}()

/// Whether any byte of `w` equals `b` (exact: the classic "has zero byte" test on `w ^ b…b`).
@inline(__always)
private func hasByte(_ w: UInt64, _ b: UInt8) -> Bool {
    let x = w ^ (0x0101_0101_0101_0101 &* UInt64(b))
    return (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080 != 0
}

/// What the HAR stream yields.
enum HAREvent {
    /// One element of `log.entries`: its bytes and where they start, and its document when the stream could
    /// parse it in place (with `parseEntries`).
    case entry(SourceText, number: Int, parsed: Document?)
    /// A member other than `log.entries`; `path` is `["log", key]` or `[key]` for root members.
    case member(path: [String], bytes: [UInt8], afterEntries: Bool)
    /// The `entries` array opens (its members follow as `.entry`).
    case entriesBegin
    /// The `entries` array closed.
    case entriesEnd
    /// A problem; `fatal` when reading stops.
    case problem(Diagnostic, fatal: Bool)
}

final class HARStream {
    let input: ByteInput
    private var pos = 0
    private enum State {
        case start
        case root(first: Bool)
        case log(first: Bool)
        case entries(first: Bool)
        case done
    }
    private var state = State.start
    private var entryNumber = 0
    private var sawLog = false
    private var sawEntries = false
    /// Whether entries are parsed as they are read (`.entry(_, parsed:)`); the redactor wants only their bytes.
    var parseEntries = false

    init(input: ByteInput) {
        self.input = input
    }

    /// Number of `entries` elements seen so far.
    var entriesSeen: Int { entryNumber }

    func next() -> HAREvent? {
        while true {
            switch state {
            case .done:
                return nil
            case .start:
                if input.ensure(2), input.buffer[0] == 0xEF, input.buffer[1] == 0xBB, input.buffer[2] == 0xBF {
                    pos = 3
                }
                guard skipWhitespace(), input.buffer[pos] == UInt8(ascii: "{") else {
                    return fatal("not a HAR file: expected '{' at the start")
                }
                pos += 1
                state = .root(first: true)
            case .root(let first):
                guard let key = memberKey(first: first) else {
                    if case .done = state { return pendingProblem }
                    state = .done
                    if !sawLog {
                        return .problem(
                            TraceDiagnostics.malformedEntry(
                                "not a HAR file: the top-level object has no \"log\" member",
                                at: input.location(of: max(0, pos - 1)),
                                help: "export the trace again as HAR 1.2, or pass NDJSON (one entry per line)"),
                            fatal: true)
                    }
                    return nil
                }
                if key == "log", input.buffer[pos] == UInt8(ascii: "{") {
                    sawLog = true
                    pos += 1
                    state = .log(first: true)
                    continue
                }
                state = .root(first: false)
                return captureMember(path: [key])
            case .log(let first):
                guard let key = memberKey(first: first) else {
                    if case .done = state { return pendingProblem }
                    state = .root(first: false)
                    continue
                }
                if key == "entries", input.buffer[pos] == UInt8(ascii: "[") {
                    sawEntries = true
                    pos += 1
                    state = .entries(first: true)
                    return .entriesBegin
                }
                state = .log(first: false)
                return captureMember(path: ["log", key])
            case .entries(let first):
                compact()
                guard skipWhitespace() else { return fatal("the file ends inside \"entries\"", truncated: true) }
                if input.buffer[pos] == UInt8(ascii: "]") {
                    pos += 1
                    state = .log(first: false)
                    return .entriesEnd
                }
                if !first {
                    guard input.buffer[pos] == UInt8(ascii: ",") else {
                        return fatal(
                            "expected ',' or ']' after entry \(entryNumber), found '\(printable(input.buffer[pos]))'")
                    }
                    pos += 1
                    guard skipWhitespace() else {
                        return fatal("the file ends inside \"entries\"", truncated: true)
                    }
                }
                entryNumber += 1
                let start = pos
                if parseEntries, let (nodes, length) = parseInPlace(from: start) {
                    let end = start + length
                    let text = entryText(start, end)
                    pos = end
                    state = .entries(first: false)
                    return .entry(
                        text, number: entryNumber, parsed: Document(text: text, nodes: nodes, side: [], notes: []))
                }
                guard let end = scanValue(from: start) else {
                    return fatal("the file ends inside entry \(entryNumber)", truncated: true, at: start)
                }
                let text = entryText(start, end)
                pos = end
                state = .entries(first: false)
                return .entry(text, number: entryNumber, parsed: nil)
            }
        }
    }

    private var pendingProblem: HAREvent?

    /// The bytes of an entry, with where they start in the file.
    private func entryText(_ start: Int, _ end: Int) -> SourceText {
        let (line, column) = input.position(of: start)
        return SourceText(
            name: input.name, bytes: Array(input.buffer[start..<end]), baseOffset: input.offset(of: start),
            baseLine: line, baseColumn: column)
    }

    /// Parses the entry at `start` within the bytes already read (one pass, where scanning for its end and then
    /// parsing took two); nil when it is cut off by the end of the buffer or malformed.
    private func parseInPlace(from start: Int) -> (ContiguousArray<RawNode>, Int)? {
        input.buffer.withUnsafeBufferPointer { buffer in
            JSONParser.parseContainerPrefix(UnsafeBufferPointer(rebasing: buffer[start...]), options: entryParseOptions)
        }
    }

    private func fatal(_ message: String, truncated: Bool = false, at index: Int? = nil) -> HAREvent {
        state = .done
        let location = input.location(of: min(index ?? pos, input.buffer.count))
        let d =
            truncated
            ? TraceDiagnostics.truncated(message, at: location)
            : TraceDiagnostics.malformedEntry(
                message, at: location, help: "the HAR structure is broken here; entries before it were read")
        return .problem(d, fatal: true)
    }

    /// Reads `,`? `"key"` `:` before a member value; nil at the closing `}` (or on error, with state `.done` and
    /// `pendingProblem` set). Leaves `pos` at the value's first byte.
    private func memberKey(first: Bool) -> String? {
        guard skipWhitespace() else {
            pendingProblem = fatal("the file ends inside an object", truncated: true)
            return nil
        }
        if input.buffer[pos] == UInt8(ascii: "}") {
            pos += 1
            return nil
        }
        if !first {
            guard input.buffer[pos] == UInt8(ascii: ",") else {
                pendingProblem = fatal("expected ',' or '}', found '\(printable(input.buffer[pos]))'")
                return nil
            }
            pos += 1
            _ = skipWhitespace()
        }
        guard pos < input.buffer.count, input.buffer[pos] == UInt8(ascii: "\"") else {
            pendingProblem = fatal("expected a member name in quotes")
            return nil
        }
        let keyStart = pos
        guard let keyEnd = scanValue(from: pos) else {
            pendingProblem = fatal("the file ends inside a member name", truncated: true)
            return nil
        }
        let key = input.buffer[(keyStart + 1)..<(keyEnd - 1)].withUnsafeBufferPointer { JSONParser.unescape($0) }
        pos = keyEnd
        guard skipWhitespace(), input.buffer[pos] == UInt8(ascii: ":") else {
            pendingProblem = fatal("expected ':' after \"\(key)\"")
            return nil
        }
        pos += 1
        guard skipWhitespace() else {
            pendingProblem = fatal("the file ends after \"\(key)\":", truncated: true)
            return nil
        }
        return key
    }

    private func captureMember(path: [String]) -> HAREvent {
        let start = pos
        guard let end = scanValue(from: start) else {
            return fatal("the file ends inside \"\(path.last ?? "")\"", truncated: true, at: start)
        }
        pos = end
        return .member(path: path, bytes: Array(input.buffer[start..<end]), afterEntries: sawEntries)
    }

    private func compact() {
        pos -= input.consume(upTo: pos)
    }

    /// Skips JSON whitespace; false at end of input.
    private func skipWhitespace() -> Bool {
        while input.ensure(pos) {
            switch input.buffer[pos] {
            case 0x20, 0x0A, 0x0D, 0x09: pos += 1
            default: return true
            }
        }
        return false
    }

    /// The index just past the JSON value starting at `i`, found by tracking strings and bracket depth only;
    /// nil when input ends first.
    func scanValue(from i0: Int) -> Int? {
        guard input.ensure(i0) else { return nil }
        let first = input.buffer[i0]
        if first != UInt8(ascii: "{") && first != UInt8(ascii: "[") && first != UInt8(ascii: "\"") {
            var i = i0
            while input.ensure(i) {
                switch input.buffer[i] {
                case 0x2C, 0x7D, 0x5D, 0x20, 0x0A, 0x0D, 0x09: return i
                default: i += 1
                }
            }
            return i > i0 ? i : nil
        }
        var i = i0
        var depth = 0
        var inString = false
        while true {
            let n = input.buffer.count
            let done: Int? = input.buffer.withUnsafeBufferPointer { b -> Int? in
                structural.withUnsafeBufferPointer { table -> Int? in
                    let p = b.baseAddress!
                    while i < n {
                        if inString {
                            // Most strings are short: test eight bytes at a time for a quote before paying for a
                            // memchr call.
                            var q = -1
                            var j = i
                            while j + 8 <= n {
                                let w = UnsafeRawPointer(p + j).loadUnaligned(as: UInt64.self).littleEndian
                                let x = w ^ 0x2222_2222_2222_2222
                                let t = (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080
                                if t != 0 {
                                    q = j + t.trailingZeroBitCount / 8
                                    break
                                }
                                j += 8
                                if j - i >= 64 { break }
                            }
                            if q < 0 {
                                guard let hit = memchr(p + j, 0x22, n - j) else {
                                    i = n
                                    return nil
                                }
                                q = UnsafeRawPointer(p).distance(to: UnsafeRawPointer(hit))
                            }
                            var k = q - 1
                            var slashes = 0
                            while k > i0 && p[k] == 0x5C {
                                slashes += 1
                                k -= 1
                            }
                            i = q + 1
                            if slashes & 1 == 0 {
                                inString = false
                                if depth == 0 { return i }
                            }
                        } else {
                            // Skip whitespace, commas, colons and scalars: eight bytes at a time while none of them is
                            // a quote or bracket, then byte by byte.
                            while i + 8 <= n {
                                let w = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self).littleEndian
                                if hasByte(w, 0x22) || hasByte(w, 0x7B) || hasByte(w, 0x7D) || hasByte(w, 0x5B)
                                    || hasByte(w, 0x5D)
                                {
                                    break
                                }
                                i += 8
                            }
                            while i < n && table[Int(p[i])] == 0 { i += 1 }
                            guard i < n else { return nil }
                            let c = p[i]
                            i += 1
                            switch c {
                            case 0x22: inString = true
                            case 0x7B, 0x5B: depth += 1
                            case 0x7D, 0x5D:
                                depth -= 1
                                if depth <= 0 { return i }
                            default: break
                            }
                        }
                    }
                    return nil
                }
            }
            if let done { return done }
            if !input.fill() { return nil }
        }
    }

    private func printable(_ c: UInt8) -> String {
        c >= 0x20 && c < 0x7F ? String(UnicodeScalar(c)) : "\\x" + String(c, radix: 16)
    }
}
