/*
 Most recorded bodies are valid, and for those the checker needs one bit: valid. Parsing a 7 KB Stripe object into
 a document and then walking the document costs twice what it must; `ByteValidator` walks the JSON text once,
 guided by the compiled schema, and builds nothing:

     {"id":"ch_1","amount":2000,"customer":null,…}      properties: id → leaf(string ≤ 5000) ✓
      ^ key looked up in the property table,            amount → leaf(integer) ✓
        value checked where it lies, then skipped       customer → anyOf[string, $ref customer] + nullable ✓

 It answers only what it can answer exactly like the evaluator's fast pass, and says `unknown` for everything else
 (a keyword outside the handful Stripe-style specs use on the hot path, an escaped key, a number whose integer-ness
 needs arithmetic, deep nesting, dynamic scope, annotations, a syntax error). The caller then parses and validates
 as before, so errors, messages and malformed-body findings are unchanged. A `valid` answer implies that every
 byte was scanned and is well-formed JSON: each value the schema does not look into is still scanned by the same
 string, number and literal scanners the parser uses.
*/

import Synchronization

/// Validates JSON text against a compiled schema without building a document (the fast pass only). `Layout` says
/// how the text lies in memory: as itself, or inside a JSON string (a HAR body, read without unescaping it).
struct ByteValidator<Layout: JSONTextLayout> {
    enum Verdict { case valid, invalid, unknown }

    private let p: UnsafePointer<UInt8>
    private let n: Int
    /// The parser's scanner over the same bytes: strings, numbers and literals are checked by the parser's code.
    private let scanner: JSONParser.Scanner
    /// Unretained: the registry is shared by every worker (the caller keeps it alive).
    private let registry: Unmanaged<SchemaRegistry>
    private let options: ValidationOptions
    private var mode: ValidationOptions.Mode { options.mode }
    private var depth = 0

    /// Schemas nested deeper than this (recursion in `check`) are left to the evaluator.
    static var maxDepth: Int { 128 }

    init(_ buffer: UnsafeBufferPointer<UInt8>, registry: SchemaRegistry, options: ValidationOptions) {
        let scanner = JSONParser.Scanner(buffer: buffer, text: JSONParser.scratchText, options: .init())
        self.scanner = scanner
        self.p = scanner.p  // never nil, even for an empty buffer
        self.n = scanner.n
        self.registry = .passUnretained(registry)
        self.options = options
    }

    /// Whether the whole text is one value that `schema` accepts: true or false when that is certain, nil when
    /// the evaluator must decide.
    static func isValid(
        _ bytes: UnsafeBufferPointer<UInt8>, schema: CompiledSchema, registry: SchemaRegistry,
        options: ValidationOptions
    ) -> Bool? {
        // Dynamic references need the evaluator's scope tracking; a byte-order mark is the parser's to note.
        guard !registry.usesDynamicScope.load(ordering: .relaxed), bytes.count < Int(UInt32.max),
            !(bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
        else { return nil }
        var validator = ByteValidator(bytes, registry: registry, options: options)
        var end = 0
        switch validator.check(schema, at: 0, end: &end) {
        case .valid:
            return validator.skipWhitespace(end) == validator.n ? true : nil
        case .invalid:
            return false
        case .unknown:
            return nil
        }
    }

    // MARK: - Schemas

    /// Checks the value starting at or after `pos` (leading whitespace allowed); on `.valid`, `end` is the index
    /// just past the value.
    mutating func check(_ s: CompiledSchema, at start: Int, end: inout Int) -> Verdict {
        depth += 1
        defer { depth -= 1 }
        guard depth <= ByteValidator.maxDepth, s.dialect != .draft4 else { return .unknown }
        let pos = skipWhitespace(start)
        guard pos < n else { return .unknown }
        if let c = s.constant {
            guard c else { return .invalid }
            return skip(pos, end: &end)
        }
        if s.nullable && p[pos] == UInt8(ascii: "n") { return literal(pos, end: &end) }
        if let leaf = s.leaf {
            var tokenEnd = 0
            guard let token = token(at: pos, end: &tokenEnd) else { return .unknown }
            switch leaf.verdict(token, payload: payload(of: token), mode: mode) {
            case .valid:
                if token.kind == .object || token.kind == .array { return skip(pos, end: &end) }
                end = tokenEnd
                return .valid
            case .invalid: return .invalid
            case .unknown: break
            }
        }
        if s.soleHop != nil, let (target, nullable) = registry._withUnsafeGuaranteedRef({ s.collapsed($0) }) {
            if nullable && p[pos] == UInt8(ascii: "n") { return literal(pos, end: &end) }
            return target._withUnsafeGuaranteedRef { check($0, at: pos, end: &end) }
        }
        guard !s.needsAnnotations else { return .unknown }
        var scanned = -1
        // The value as a token, read once for the keywords that look at scalars.
        var scalar: (token: RawNode, end: Int)?
        // Nothing here is retained: the schemas are shared by every worker, and a reference count is a write to
        // memory the other cores read (the ops are trivial values; keywords are borrowed in place).
        let ops = s.fastOps.elements
        for i in 0..<ops.count {
            let verdict: Verdict
            switch ops[i] {
            case .type(let mask):
                verdict = typeMatches(mask, at: pos)
            case .properties(let table):
                verdict = properties(table, nil, at: pos, end: &scanned)
            case .propertiesRequired(let table, let marks):
                verdict = properties(table, marks, at: pos, end: &scanned)
            case .required(let list):
                verdict = required(list, at: pos, end: &scanned)
            case .ref(let slot):
                guard
                    let target = slot._withUnsafeGuaranteedRef({ slot in
                        slot.unretained.load(ordering: .acquiring) ?? registry._withUnsafeGuaranteedRef({ slot.resolve($0) }).map { .passUnretained($0) }
                    })
                else { return .unknown }
                verdict = target._withUnsafeGuaranteedRef { check($0, at: pos, end: &scanned) }
            case .items(let sub, let from):
                verdict = items(sub, from: from, at: pos, end: &scanned)
            case .branches(let branches):
                verdict = self.branches(branches, at: pos, end: &scanned)
            case .maxLength(let limit, _):
                verdict = string(at: pos, &scalar) { bytes in
                    bytes.count <= limit || ByteValidator.codePoints(bytes) <= limit
                }
            case .minLength(let limit, _):
                verdict = string(at: pos, &scalar) { bytes in
                    bytes.count / 4 >= limit || ByteValidator.codePoints(bytes) >= limit
                }
            case .pattern(let regex, _):
                let limit = options.regexTimeLimit
                var timedOut = false
                verdict = string(at: pos, &scalar) { bytes in
                    guard let matched = regex._withUnsafeGuaranteedRef({ $0.matches(utf8: bytes, timeLimit: limit) }) else {
                        timedOut = true
                        return false
                    }
                    return matched
                }
                if timedOut { return .unknown }
            case .additional(let sub, let known, _):
                verdict = additionalProperties(sub, known, at: pos, end: &scanned)
            case .keyword(let k):
                verdict = s.keywords.withUnsafeBufferPointer { keyword($0[k], at: pos, &scalar) }
            }
            if verdict != .valid { return verdict }
        }
        if scanned >= 0 {
            end = scanned
            return .valid
        }
        if let scalar, scalar.token.kind != .object, scalar.token.kind != .array {
            end = scalar.end
            return .valid
        }
        return skip(pos, end: &end)
    }

    /// A keyword outside the fast ops, borrowed from the schema: `enum` is decided here, the rest by the evaluator.
    private mutating func keyword(_ keyword: Keyword, at pos: Int, _ scalar: inout (token: RawNode, end: Int)?) -> Verdict {
        guard case .enumeration(let values) = keyword else { return .unknown }
        return enumeration(values, at: pos, &scalar)
    }

    /// The token at `pos`, read on first use.
    private func scalarToken(at pos: Int, _ cache: inout (token: RawNode, end: Int)?) -> (token: RawNode, end: Int)? {
        if let cache { return cache }
        var end = 0
        guard let token = token(at: pos, end: &end) else { return nil }
        cache = (token, end)
        return cache
    }

    /// A string keyword: valid for other kinds, `test` on an unescaped string's bytes, unknown for escaped ones
    /// (their length and content need decoding) or malformed text.
    private func string(
        at pos: Int, _ cache: inout (token: RawNode, end: Int)?, _ test: (UnsafeBufferPointer<UInt8>) -> Bool
    ) -> Verdict {
        guard Layout.isQuote(p, pos) else { return .valid }
        guard let (token, _) = scalarToken(at: pos, &cache), token.flags & RawNode.escaped == 0 else { return .unknown }
        return test(payload(of: token)) ? .valid : .invalid
    }

    /// `enum`: JSON equality decided where it is certain from the text (null, booleans, unescaped strings, numbers
    /// written the same way); anything else (escaped strings, `1.0` against `1`, containers) is unknown.
    private func enumeration(_ values: [Node], at pos: Int, _ cache: inout (token: RawNode, end: Int)?) -> Verdict {
        guard let (token, _) = scalarToken(at: pos, &cache) else { return .unknown }
        guard token.kind != .object, token.kind != .array, token.flags & RawNode.escaped == 0 else { return .unknown }
        let bytes = payload(of: token)
        var certain = true
        for value in values {
            let raw = value.raw
            switch (raw.kind, token.kind) {
            case (.null, .null): return .valid
            case (.bool, .bool): if raw.flags & RawNode.isTrue == token.flags & RawNode.isTrue { return .valid }
            case (.string, .string):
                if raw.flags & RawNode.escaped != 0 {
                    certain = false
                } else if value.withPayload({ $0.count == bytes.count && ($0.count == 0 || memcmp($0.baseAddress!, bytes.baseAddress!, $0.count) == 0) }) {
                    return .valid
                }
            case (.number, .number):
                if value.withPayload({ $0.count == bytes.count && memcmp($0.baseAddress!, bytes.baseAddress!, $0.count) == 0 }) {
                    return .valid
                }
                certain = false  // equal numbers can be written differently
            default:
                if raw.kind == .object || raw.kind == .array { certain = false }
            }
        }
        return certain ? .invalid : .unknown
    }

    /// Code points in valid UTF-8 (the bytes that do not continue a sequence).
    static func codePoints(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var count = 0
        for b in bytes where b & 0xC0 != 0x80 { count += 1 }
        return count
    }

    private mutating func typeMatches(_ mask: TypeMask, at pos: Int) -> Verdict {
        if Layout.isQuote(p, pos) { return mask.contains(.string) ? .valid : .invalid }
        switch p[pos] {
        case UInt8(ascii: "{"): return mask.contains(.object) ? .valid : .invalid
        case UInt8(ascii: "["): return mask.contains(.array) ? .valid : .invalid
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return mask.contains(.boolean) ? .valid : .invalid
        case UInt8(ascii: "n"): return mask.contains(.null) ? .valid : .invalid
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            if mask.contains(.number) { return .valid }
            guard mask.contains(.integer) else { return .invalid }
            // `1.0` and `1e2` are integers too: only a plain integer literal is decided here.
            guard let (_, integer) = JSONParser.Scanner.numberEnd(p, n, pos) else { return .unknown }
            return integer ? .valid : .unknown
        default:
            return .unknown  // not a value's first byte: malformed text (or an escape the layout does not read)
        }
    }

    /// `properties` (and `required` through `marks`), in one walk over the members. Keys are predicted: bodies
    /// list their members in the schema's order, so the next two declared names are compared in place first (a
    /// body may leave optional members out), and only a miss scans the key and looks it up.
    private mutating func properties(
        _ table: Unmanaged<PropertyTable>, _ marks: Unmanaged<RequiredMarks>?, at pos: Int, end: inout Int
    ) -> Verdict {
        guard p[pos] == UInt8(ascii: "{") else { return .valid }
        // The table is borrowed once for the whole walk: borrowed per key, the prediction was an outlined closure
        // called for every member.
        return table._withUnsafeGuaranteedRef { properties($0, marks, at: pos, end: &end) }
    }

    @inline(__always)
    private mutating func properties(
        _ t: PropertyTable, _ marks: Unmanaged<RequiredMarks>?, at pos: Int, end: inout Int
    ) -> Verdict {
        var seen: UInt64 = 0
        var expected = 0
        var i = skipWhitespace(pos + 1)
        guard i < n else { return .unknown }
        if p[i] == UInt8(ascii: "}") {
            end = i + 1
        } else {
            while true {
                guard i < n, Layout.isQuote(p, i) else { return .unknown }
                let idx: Int?
                let close: Int
                if let (k, predicted) = t.writtenNear(expected, text: p, start: i + Layout.quoteWidth, end: n, layout: Layout.self) {
                    idx = k
                    close = predicted
                } else {
                    guard let (found, escaped) = Layout.scanString(scanner, i), !escaped else { return .unknown }
                    close = found
                    let key = UnsafeBufferPointer(start: p + i + Layout.quoteWidth, count: found - i - Layout.quoteWidth)
                    idx = t.find(key)
                }
                guard let value = valueStart(afterKey: close) else { return .unknown }
                i = value
                var valueEnd = 0
                let verdict: Verdict
                if let idx {
                    expected = idx + 1
                    if let marks { seen |= marks._withUnsafeGuaranteedRef { $0.bit(idx) } }
                    verdict = member(t, idx, at: i, end: &valueEnd)
                } else {
                    verdict = skip(i, end: &valueEnd)
                }
                if verdict != .valid { return verdict }
                if let closed = afterMember(valueEnd, &i, end: &end) {
                    if closed != .valid { return closed }
                    break
                }
            }
        }
        guard let marks else { return .valid }
        return marks._withUnsafeGuaranteedRef { marks in
            seen == marks.all || marks.list.missingAreExempt(seen: seen, mode: mode) ? .valid : .invalid
        }
    }

    /// The value of declared property `idx` at `pos`: most are scalars under a leaf check, decided here without
    /// `check`'s general prologue.
    @inline(__always)
    private mutating func member(_ table: PropertyTable, _ idx: Int, at pos: Int, end: inout Int) -> Verdict {
        let first = p[pos]
        if first != UInt8(ascii: "{"), first != UInt8(ascii: "["), let leaf = table.leaf(idx) {
            guard let token = token(at: pos, end: &end) else { return .unknown }
            switch leaf.verdict(token, payload: payload(of: token), mode: mode) {
            case .valid: return .valid
            case .invalid: return .invalid
            case .unknown: break
            }
        }
        let (schema, nullable) = table.target(idx, registry)
        if nullable && first == UInt8(ascii: "n") { return literal(pos, end: &end) }
        return schema._withUnsafeGuaranteedRef { check($0, at: pos, end: &end) }
    }

    private mutating func required(_ list: Unmanaged<RequiredList>, at pos: Int, end: inout Int) -> Verdict {
        guard p[pos] == UInt8(ascii: "{") else { return .valid }
        let count = list._withUnsafeGuaranteedRef { $0.names.count }
        guard count <= 64 else { return .unknown }
        var seen: UInt64 = 0
        let verdict = members(at: pos, end: &end) { this, key, valuePos, valueEnd in
            list._withUnsafeGuaranteedRef { list in
                if list.hashed {
                    if let i = list.table.find(key) { seen |= 1 << UInt64(i) }
                } else {
                    for (i, name) in list.names.enumerated() where ByteValidator.equal(name, key) { seen |= 1 << UInt64(i) }
                }
            }
            return this.skip(valuePos, end: &valueEnd)
        }
        guard verdict == .valid else { return verdict }
        let all: UInt64 = count == 64 ? ~0 : (1 << UInt64(count)) - 1
        return seen == all || list._withUnsafeGuaranteedRef({ $0.missingAreExempt(seen: seen, mode: mode) }) ? .valid : .invalid
    }

    private mutating func additionalProperties(
        _ sub: Unmanaged<CompiledSchema>, _ known: Unmanaged<PropertyTable>?, at pos: Int, end: inout Int
    ) -> Verdict {
        guard p[pos] == UInt8(ascii: "{") else { return .valid }
        return members(at: pos, end: &end) { this, key, valuePos, valueEnd in
            if let known, known._withUnsafeGuaranteedRef({ $0.find(key) }) != nil { return this.skip(valuePos, end: &valueEnd) }
            return sub._withUnsafeGuaranteedRef { this.check($0, at: valuePos, end: &valueEnd) }
        }
    }

    private mutating func items(_ sub: Unmanaged<CompiledSchema>, from: Int, at pos: Int, end: inout Int) -> Verdict {
        guard p[pos] == UInt8(ascii: "[") else { return .valid }
        var i = skipWhitespace(pos + 1)
        guard i < n else { return .unknown }
        if p[i] == UInt8(ascii: "]") {
            end = i + 1
            return .valid
        }
        var index = 0
        while true {
            var itemEnd = 0
            let verdict =
                index < from ? skip(i, end: &itemEnd) : sub._withUnsafeGuaranteedRef { check($0, at: i, end: &itemEnd) }
            if verdict != .valid { return verdict }
            index += 1
            i = skipWhitespace(itemEnd)
            guard i < n else { return .unknown }
            if p[i] == UInt8(ascii: ",") {
                i += 1
                continue
            }
            guard p[i] == UInt8(ascii: "]") else { return .unknown }
            end = i + 1
            return .valid
        }
    }

    /// `anyOf` / `oneOf` without a discriminator: the same counting as the evaluator's, each branch reading the
    /// value from its start.
    private mutating func branches(_ branches: Unmanaged<Branches>, at pos: Int, end: inout Int) -> Verdict {
        var matches = 0
        let (schemas, exactlyOne) = branches._withUnsafeGuaranteedRef { ($0.schemaPointer, $0.exactlyOne) }
        for b in schemas {
            var branchEnd = 0
            let verdict = b._withUnsafeGuaranteedRef { check($0, at: pos, end: &branchEnd) }
            if verdict == .unknown { return .unknown }
            guard verdict == .valid else { continue }
            matches += 1
            end = branchEnd
            // anyOf needs one match; oneOf needs to know there is no second.
            if !exactlyOne || matches > 1 { break }
        }
        return matches == 1 || (!exactlyOne && matches > 0) ? .valid : .invalid
    }

    // MARK: - Text

    /// Walks an object's members, calling `body` with each key's bytes and its value's position; `body` checks or
    /// skips the value and sets its end. Keys with escapes are left to the evaluator (they compare decoded).
    private mutating func members(
        at pos: Int, end: inout Int,
        _ body: (inout ByteValidator, UnsafeBufferPointer<UInt8>, Int, inout Int) -> Verdict
    ) -> Verdict {
        var i = skipWhitespace(pos + 1)
        guard i < n else { return .unknown }
        if p[i] == UInt8(ascii: "}") {
            end = i + 1
            return .valid
        }
        while true {
            guard i < n, Layout.isQuote(p, i), let (close, escaped) = Layout.scanString(scanner, i), !escaped else {
                return .unknown
            }
            let key = UnsafeBufferPointer(start: p + i + Layout.quoteWidth, count: close - i - Layout.quoteWidth)
            guard let value = valueStart(afterKey: close) else { return .unknown }
            i = value
            var valueEnd = 0
            let verdict = body(&self, key, i, &valueEnd)
            if verdict != .valid { return verdict }
            if let closed = afterMember(valueEnd, &i, end: &end) { return closed }
        }
    }

    /// Where a member's value starts, given its key's closing quote: past `:` and whitespace; nil for malformed
    /// text.
    @inline(__always)
    private func valueStart(afterKey close: Int) -> Int? {
        var i = skipWhitespace(close + Layout.quoteWidth)
        guard i < n, p[i] == UInt8(ascii: ":") else { return nil }
        i = skipWhitespace(i + 1)
        return i < n ? i : nil
    }

    /// After a member's value (ending at `valueEnd`): steps over `,` to the next key (nil: go on), or over the
    /// closing `}` (`.valid`, with `end` just past it); `.unknown` for malformed text.
    @inline(__always)
    private func afterMember(_ valueEnd: Int, _ i: inout Int, end: inout Int) -> Verdict? {
        i = skipWhitespace(valueEnd)
        guard i < n else { return .unknown }
        if p[i] == UInt8(ascii: ",") {
            i = skipWhitespace(i + 1)
            return nil
        }
        guard p[i] == UInt8(ascii: "}") else { return .unknown }
        end = i + 1
        return .valid
    }

    /// The scalar token at `pos` as the parser would record it (containers: kind only), and where it ends.
    /// Inlined: a call cost a frame, a copy of the validator for the scanner, and (the two layouts' callers being
    /// merged into one function) an indirect jump, about a third of the instructions spent per member.
    @inline(__always)
    private func token(at pos: Int, end: inout Int) -> RawNode? {
        if Layout.isQuote(p, pos) {
            guard let (close, escaped) = Layout.scanString(scanner, pos) else { return nil }
            let w = Layout.quoteWidth
            end = close + w
            return RawNode(
                kind: .string, start: UInt32(pos), a: UInt32(pos + w), b: UInt32(close - pos - w),
                flags: escaped ? RawNode.escaped : 0)
        }
        let c = p[pos]
        switch c {
        case UInt8(ascii: "{"): return RawNode(kind: .object, start: UInt32(pos))
        case UInt8(ascii: "["): return RawNode(kind: .array, start: UInt32(pos))
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            guard let (numberEnd, integer) = JSONParser.Scanner.numberEnd(p, n, pos) else { return nil }
            end = numberEnd
            return RawNode(
                kind: .number, start: UInt32(pos), a: UInt32(pos), b: UInt32(numberEnd - pos),
                flags: integer ? RawNode.integerLiteral : 0)
        case UInt8(ascii: "t"):
            guard JSONParser.Scanner.literal(p, n, pos, "true") else { return nil }
            end = pos + 4
            return RawNode(kind: .bool, start: UInt32(pos), flags: RawNode.isTrue)
        case UInt8(ascii: "f"):
            guard JSONParser.Scanner.literal(p, n, pos, "false") else { return nil }
            end = pos + 5
            return RawNode(kind: .bool, start: UInt32(pos))
        case UInt8(ascii: "n"):
            guard JSONParser.Scanner.literal(p, n, pos, "null") else { return nil }
            end = pos + 4
            return RawNode(kind: .null, start: UInt32(pos))
        default:
            return nil
        }
    }

    private func payload(of r: RawNode) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: p + Int(r.a), count: Int(r.b))
    }

    /// `null` at `pos` (a nullable schema's answer).
    private func literal(_ pos: Int, end: inout Int) -> Verdict {
        guard JSONParser.Scanner.literal(p, n, pos, "null") else { return .unknown }
        end = pos + 4
        return .valid
    }

    /// Scans any value at `pos` for well-formedness only; containers nest at most 64 deep here (a bit stack).
    private func skip(_ pos: Int, end: inout Int) -> Verdict {
        var objects: UInt64 = 0  // bit d: the open container at depth d is an object
        var level = 0
        var i = pos
        next: while true {
            // `i` is at the first byte of a value.
            let c = p[i]
            if c == UInt8(ascii: "{") || c == UInt8(ascii: "[") {
                guard level < 64 else { return .unknown }
                let isObject = c == UInt8(ascii: "{")
                if isObject { objects |= 1 << UInt64(level) } else { objects &= ~(1 << UInt64(level)) }
                level += 1
                i = skipWhitespace(i + 1)
                guard i < n else { return .unknown }
                if p[i] == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    i += 1
                    level -= 1
                } else {
                    guard descend(&i, isObject: isObject) else { return .unknown }
                    continue next
                }
            } else {
                var scalarEnd = 0
                guard token(at: i, end: &scalarEnd) != nil else { return .unknown }
                i = scalarEnd
            }
            // Just after a complete value: close containers, or step to the next member or element.
            while true {
                if level == 0 {
                    end = i
                    return .valid
                }
                let inObject = objects & (1 << UInt64(level - 1)) != 0
                i = skipWhitespace(i)
                guard i < n else { return .unknown }
                if p[i] == (inObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    i += 1
                    level -= 1
                    continue
                }
                guard p[i] == UInt8(ascii: ",") else { return .unknown }
                i = skipWhitespace(i + 1)
                guard descend(&i, isObject: inObject) else { return .unknown }
                continue next
            }
        }
    }

    /// Steps over `"key":` when in an object; leaves `i` at the value's first byte. False on malformed text.
    private func descend(_ i: inout Int, isObject: Bool) -> Bool {
        guard i < n else { return false }
        if isObject {
            guard Layout.isQuote(p, i), let (close, _) = Layout.scanString(scanner, i),
                let value = valueStart(afterKey: close)
            else { return false }
            i = value
        }
        return i < n
    }

    @inline(__always)
    func skipWhitespace(_ start: Int) -> Int { JSONParser.Scanner.skipWhitespace(p, n, start) }

    private static func equal(_ name: String, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        var name = name
        return name.withUTF8 { $0.count == key.count && ($0.count == 0 || memcmp($0.baseAddress!, key.baseAddress!, $0.count) == 0) }
    }
}

/// How JSON text lies in memory for `ByteValidator`. A HAR file records a JSON body as a JSON string, so its text is
/// there with every `"` written `\"`: `InJSONString` reads it in place, where unescaping a 6 KB response body first
/// cost about as much as the rest of reading its HAR entry.
protocol JSONTextLayout {
    /// The bytes of a quote (`"` or `\"`).
    static var quoteWidth: Int { get }
    /// Whether a quote starts at `i`.
    static func isQuote(_ p: UnsafePointer<UInt8>, _ i: Int) -> Bool
    /// Scans the string whose opening quote is at `i`: the index of its closing quote and whether it has escapes;
    /// nil for malformed text.
    static func scanString(_ scanner: JSONParser.Scanner, _ i: Int) -> (Int, Bool)?
}

/// JSON text as itself (a body read from a file, a request, a decoded HAR string).
enum PlainJSON: JSONTextLayout {
    static var quoteWidth: Int { 1 }

    @inline(__always)
    static func isQuote(_ p: UnsafePointer<UInt8>, _ i: Int) -> Bool { p[i] == UInt8(ascii: "\"") }

    @inline(__always)
    static func scanString(_ scanner: JSONParser.Scanner, _ i: Int) -> (Int, Bool)? {
        guard let (close, flags) = try? scanner.scanString(i) else { return nil }
        return (close, flags != 0)
    }
}

/// JSON text as the payload of a JSON string that `JSONParser` accepted and whose only escapes are `\"` (a string
/// node flagged `RawNode.quoteEscapesOnly`: compact JSON in a HAR `text` field), read without unescaping. Every
/// backslash there begins a quote, so a string ends at the next one; raw quotes, control characters and invalid
/// UTF-8 cannot occur (the parser rejected them), and neither can an escape inside a string of the text (it
/// would have been written `\\`), so strings need no further checks.
enum InJSONString: JSONTextLayout {
    static var quoteWidth: Int { 2 }

    @inline(__always)
    static func isQuote(_ p: UnsafePointer<UInt8>, _ i: Int) -> Bool { p[i] == UInt8(ascii: "\\") }

    @inline(__always)
    static func scanString(_ scanner: JSONParser.Scanner, _ i: Int) -> (Int, Bool)? {
        let p = scanner.p
        let n = scanner.n
        var j = i + 2
        let raw = UnsafeRawPointer(p)
        // Sixteen bytes at a time (most strings end in the first sixteen), then eight, then one.
        while j + 16 <= n {
            let v = raw.loadUnaligned(fromByteOffset: j, as: SIMD16<UInt8>.self)
            let hits = unsafeBitCast(v .== SIMD16<UInt8>(repeating: UInt8(ascii: "\\")), to: (UInt64, UInt64).self)
            if hits.0 != 0 { return (j + hits.0.trailingZeroBitCount >> 3, false) }
            if hits.1 != 0 { return (j + 8 + hits.1.trailingZeroBitCount >> 3, false) }
            j += 16
        }
        while j + 8 <= n {
            let x = raw.loadUnaligned(fromByteOffset: j, as: UInt64.self) ^ 0x5C5C_5C5C_5C5C_5C5C
            let hit = (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080
            if hit != 0 { return (j + hit.trailingZeroBitCount >> 3, false) }
            j += 8
        }
        while j < n {
            if p[j] == UInt8(ascii: "\\") { return (j, false) }
            j += 1
        }
        return nil
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#elseif canImport(Musl)
    import Musl
#endif
