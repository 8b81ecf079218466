/*
 The only file that calls libyaml. `YAMLParser` owns a `yaml_parser_t` and hands out events one at a time, with
 libyaml's marks already turned into UTF-8 byte offsets into the caller's text.

 Why the conversion: libyaml's `mark.index` counts characters (a CR LF pair counts two), after skipping a leading
 byte-order mark. Our locations are byte offsets. Events arrive in source order, so a cursor that walks from the
 previous mark to the next one converts every mark in O(total bytes); it also walks backwards, because an error's
 context mark can lie before the last event. Input without any byte ≥ 0x80 takes a shortcut (index + BOM length).

     bytes   ─ E2 80 9C  h  i  E2 80 9D  :  ─     "“hi”:"
     char    0          1  2  3          4        mark.index of ':' is 4, its byte offset is 8
*/

internal import CYAML

/// A libyaml event, converted: kind, byte offsets and borrowed payload.
struct YAMLRawEvent {
    /// The event kinds we act on (`YAML_*_EVENT`).
    enum Kind: UInt8 {
        /// `YAML_STREAM_START_EVENT`.
        case streamStart
        /// `YAML_STREAM_END_EVENT`.
        case streamEnd
        /// `YAML_DOCUMENT_START_EVENT`.
        case documentStart
        /// `YAML_DOCUMENT_END_EVENT`.
        case documentEnd
        /// `YAML_ALIAS_EVENT`.
        case alias
        /// `YAML_SCALAR_EVENT`.
        case scalar
        /// `YAML_SEQUENCE_START_EVENT`.
        case sequenceStart
        /// `YAML_SEQUENCE_END_EVENT`.
        case sequenceEnd
        /// `YAML_MAPPING_START_EVENT`.
        case mappingStart
        /// `YAML_MAPPING_END_EVENT`.
        case mappingEnd
    }

    /// How a scalar was written (`YAML_*_SCALAR_STYLE`).
    enum Style: UInt8 {
        /// `YAML_PLAIN_SCALAR_STYLE` (also used for non-scalars).
        case plain
        /// `YAML_SINGLE_QUOTED_SCALAR_STYLE`.
        case singleQuoted
        /// `YAML_DOUBLE_QUOTED_SCALAR_STYLE`.
        case doubleQuoted
        /// `YAML_LITERAL_SCALAR_STYLE` (`|`).
        case literal
        /// `YAML_FOLDED_SCALAR_STYLE` (`>`).
        case folded
    }

    var kind: Kind
    /// Byte offset of the event's start mark.
    var offset: Int
    /// Scalar style.
    var style: Style = .plain
    /// The anchor defined on this node, or the anchor an alias names.
    var anchor: String? = nil
    /// The resolved tag (`tag:yaml.org,2002:str`, `!`, `!custom`), when one was written.
    var tag: String? = nil
    /// A scalar's value; valid only until the next call to `next()`.
    var value: UnsafeBufferPointer<UInt8> = UnsafeBufferPointer(start: nil, count: 0)
}

/// What libyaml said when it stopped.
struct YAMLParserFailure: Error {
    /// libyaml's `problem` plus, when present, its `context`.
    var problem: String
    /// libyaml's `context` alone (e.g. "while scanning a plain scalar").
    var context: String?
    /// Byte offset of `problem_mark` (or `problem_offset` for reader errors).
    var offset: Int
    /// Byte offset of `context_mark`, when libyaml gave one.
    var contextOffset: Int?
}

/// Owns one libyaml parser over a private copy of the input; frees both in `deinit`.
final class YAMLParser {
    private let parser: UnsafeMutablePointer<yaml_parser_t>
    private let event: UnsafeMutablePointer<yaml_event_t>
    private var holdsEvent = false
    private let input: UnsafeMutableBufferPointer<UInt8>
    private var cursor: MarkCursor

    /// Creates a parser over `bytes` (UTF-8, an optional BOM first).
    init(bytes: [UInt8]) {
        parser = .allocate(capacity: 1)
        event = .allocate(capacity: 1)
        input = .allocate(capacity: max(bytes.count, 1))
        _ = input.initialize(from: bytes)
        yaml_parser_initialize(parser)
        yaml_parser_set_input_string(parser, input.baseAddress, bytes.count)
        cursor = MarkCursor(bytes: UnsafeBufferPointer(rebasing: input[0..<bytes.count]))
    }

    deinit {
        if holdsEvent { yaml_event_delete(event) }
        yaml_parser_delete(parser)
        event.deallocate()
        parser.deallocate()
        input.deallocate()
    }

    /// The next event. Borrowed payloads stay valid until the following call.
    func next() throws(YAMLParserFailure) -> YAMLRawEvent {
        if holdsEvent {
            yaml_event_delete(event)
            holdsEvent = false
        }
        guard yaml_parser_parse(parser, event) == 1 else { throw failure() }
        holdsEvent = true
        let e = event.pointee
        let offset = cursor.byteOffset(ofCharacter: Int(e.start_mark.index))
        switch e.type {
        case YAML_STREAM_START_EVENT: return YAMLRawEvent(kind: .streamStart, offset: offset)
        case YAML_STREAM_END_EVENT: return YAMLRawEvent(kind: .streamEnd, offset: offset)
        case YAML_DOCUMENT_START_EVENT: return YAMLRawEvent(kind: .documentStart, offset: offset)
        case YAML_DOCUMENT_END_EVENT: return YAMLRawEvent(kind: .documentEnd, offset: offset)
        case YAML_ALIAS_EVENT:
            return YAMLRawEvent(kind: .alias, offset: offset, anchor: Self.string(e.data.alias.anchor))
        case YAML_SCALAR_EVENT:
            let s = e.data.scalar
            let style: YAMLRawEvent.Style
            switch s.style {
            case YAML_SINGLE_QUOTED_SCALAR_STYLE: style = .singleQuoted
            case YAML_DOUBLE_QUOTED_SCALAR_STYLE: style = .doubleQuoted
            case YAML_LITERAL_SCALAR_STYLE: style = .literal
            case YAML_FOLDED_SCALAR_STYLE: style = .folded
            default: style = .plain
            }
            return YAMLRawEvent(
                kind: .scalar, offset: offset, style: style, anchor: Self.string(s.anchor), tag: Self.string(s.tag),
                value: UnsafeBufferPointer(start: s.value, count: s.length))
        case YAML_SEQUENCE_START_EVENT:
            let s = e.data.sequence_start
            return YAMLRawEvent(
                kind: .sequenceStart, offset: offset, anchor: Self.string(s.anchor), tag: Self.string(s.tag))
        case YAML_SEQUENCE_END_EVENT: return YAMLRawEvent(kind: .sequenceEnd, offset: offset)
        case YAML_MAPPING_START_EVENT:
            let s = e.data.mapping_start
            return YAMLRawEvent(
                kind: .mappingStart, offset: offset, anchor: Self.string(s.anchor), tag: Self.string(s.tag))
        case YAML_MAPPING_END_EVENT: return YAMLRawEvent(kind: .mappingEnd, offset: offset)
        default:
            // YAML_NO_EVENT: libyaml only returns it after an error, which was handled above.
            throw YAMLParserFailure(problem: "libyaml returned no event", context: nil, offset: offset)
        }
    }

    private func failure() -> YAMLParserFailure {
        let p = parser.pointee
        let problem = p.problem.map { String(cString: $0) } ?? "libyaml could not parse the text"
        let context = p.context.map { String(cString: $0) }
        let offset: Int
        if p.error == YAML_READER_ERROR {
            // Reader errors (bad UTF-8, control characters) carry a raw byte offset, not a mark.
            offset = min(Int(p.problem_offset), input.count)
        } else {
            offset = cursor.byteOffset(ofCharacter: Int(p.problem_mark.index))
        }
        let contextOffset = context == nil ? nil : cursor.byteOffset(ofCharacter: Int(p.context_mark.index))
        return YAMLParserFailure(problem: problem, context: context, offset: offset, contextOffset: contextOffset)
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: pointer)
    }
}

/// Converts libyaml character indexes to byte offsets by walking the UTF-8 from the previous position.
struct MarkCursor {
    private let bytes: UnsafeBufferPointer<UInt8>
    private let asciiOnly: Bool
    private let bomLength: Int
    private var character = 0
    private var byte: Int

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        var ascii = true
        for b in bytes where b >= 0x80 {
            ascii = false
            break
        }
        asciiOnly = ascii
        bomLength = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
        byte = bomLength
    }

    /// The byte offset of the character libyaml numbers `index` (counted after the BOM, if any).
    mutating func byteOffset(ofCharacter index: Int) -> Int {
        if asciiOnly { return min(index + bomLength, bytes.count) }
        let n = bytes.count
        while character < index && byte < n {
            // Eight ASCII bytes are eight characters: skip them at once (most of a spec is ASCII).
            if index - character >= 8 && byte + 8 <= n {
                let word = UnsafeRawPointer(bytes.baseAddress! + byte).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 == 0 {
                    byte += 8
                    character += 8
                    continue
                }
            }
            // libyaml has validated the UTF-8 up to here, so the lead byte gives the length.
            let lead = bytes[byte]
            byte += lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
            character += 1
        }
        byte = min(byte, n)
        while character > index && byte > bomLength {
            byte -= 1
            while byte > bomLength && bytes[byte] & 0xC0 == 0x80 { byte -= 1 }
            character -= 1
        }
        return byte
    }
}
