import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#elseif canImport(Musl)
    import Musl
#endif

/*
 A compiled schema is a tree of `CompiledSchema` nodes mirroring the schema's subschemas, each holding its keywords
 as an array of `Keyword` values in evaluation order (`unevaluated*` last). `$ref`, `$dynamicRef` and
 `$recursiveRef` hold a `RefSlot`: an atomic lazy reference compiled on first use and then read without locking,
 so recursive schemas are a graph with cycles through slots, never inlined copies.

     {"type": "object", "properties": {"next": {"$ref": "#"}}}

     CompiledSchema(index 0)  [.type(object), .properties(next → CompiledSchema(index 5))]
     CompiledSchema(index 5)  [.ref(RefSlot("urn:x#") → CompiledSchema(index 0), filled on first use)]
*/

/// JSON types as a bit set.
struct TypeMask: OptionSet, Sendable {
    let rawValue: UInt8
    static let null = TypeMask(rawValue: 1)
    static let boolean = TypeMask(rawValue: 2)
    static let integer = TypeMask(rawValue: 4)
    static let number = TypeMask(rawValue: 8)
    static let string = TypeMask(rawValue: 16)
    static let array = TypeMask(rawValue: 32)
    static let object = TypeMask(rawValue: 64)

    init(rawValue: UInt8) { self.rawValue = rawValue }

    init?(name: String) {
        switch name {
        case "null": self = .null
        case "boolean": self = .boolean
        case "integer": self = .integer
        case "number": self = .number
        case "string": self = .string
        case "array": self = .array
        case "object": self = .object
        default: return nil
        }
    }

    /// Names in a fixed order, for messages and `SchemaShape`.
    var names: [String] {
        var out: [String] = []
        if contains(.object) { out.append("object") }
        if contains(.array) { out.append("array") }
        if contains(.string) { out.append("string") }
        if contains(.number) { out.append("number") }
        if contains(.integer) { out.append("integer") }
        if contains(.boolean) { out.append("boolean") }
        if contains(.null) { out.append("null") }
        return out
    }
}

/// A reference compiled on first use.
final class RefSlot: Sendable {
    /// The absolute target URI, fragment included.
    let uri: String
    /// The reference as written.
    let written: String
    let target = AtomicLazyReference<CompiledSchema>()
    /// `target` once resolved, without its reference count: `target` and the registry keep it alive, and the
    /// fast pass follows a `$ref` without retaining it.
    let unretained = Atomic<Unmanaged<CompiledSchema>?>(nil)

    init(uri: String, written: String) {
        self.uri = uri
        self.written = written
    }

    /// The compiled target, or nil when nothing in the registry answers to `uri`.
    func resolve(_ registry: SchemaRegistry) -> CompiledSchema? {
        if let t = target.load() { return t }
        guard let compiled = registry.compile(uri: uri) else { return nil }
        let stored = target.storeIfNil(compiled)
        unretained.store(Unmanaged.passUnretained(stored), ordering: .releasing)
        return stored
    }

    /// The last path segment or fragment token of the reference, used to name `oneOf` branches (`card`).
    var label: String {
        let last = written.split(whereSeparator: { $0 == "/" || $0 == "#" }).last.map(String.init) ?? written
        return last.hasSuffix(".json") ? String(last.dropLast(5)) : last
    }
}

/// A property table that looks keys up by their UTF-8 bytes without allocating. A class, so that binding it from
/// a keyword costs one reference count, not four.
///
/// The hash slots, name offsets and name bytes share one allocation (a lookup touches few cache lines), and
/// `find(_:expecting:)` tries the name after the previous match first: when a payload lists its members in the
/// schema's order, no slot is read at all.
final class PropertyTable: @unchecked Sendable {
    let names: [String]
    let schemas: [CompiledSchema]
    /// `schemas[i].leaf`, side by side (read without touching the schema object).
    private let leaves: FrozenBuffer<LeafCheck?>
    /// `schemas`, without reference counts (`schemas` keeps them alive): the fast pass's view.
    private let unretained: FrozenBuffer<Unmanaged<CompiledSchema>>
    /// Whether name `i` appears in JSON text exactly as its bytes (no quote, backslash or control character).
    private let verbatim: FrozenBuffer<Bool>
    /// `cap` hash slots (`Int32`, -1 empty, open addressing), then `count + 1` name offsets (`Int32`; name `i` is
    /// bytes `offsets[i]..<offsets[i + 1]`), then every name's UTF-8 back to back. Immutable after `init`.
    private let storage: UnsafeMutableRawPointer
    private let mask: Int
    private let count: Int
    /// The name offsets and name bytes inside `storage` (kept, not recomputed per look-up).
    private let offsets: UnsafePointer<Int32>
    private let keyBytes: UnsafePointer<UInt8>
    /// Where each property's schema's sole hops end (see `target(_:_:)`).
    private let targets: HopTargets

    init(names: [String], schemas: [CompiledSchema]) {
        self.names = names
        self.schemas = schemas
        self.leaves = FrozenBuffer(schemas.map(\.leaf))
        self.unretained = FrozenBuffer(schemas.map { Unmanaged.passUnretained($0) })
        self.verbatim = FrozenBuffer(names.map { name in
            !name.utf8.contains { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 < 0x20 }
        })
        let bytes = names.map { Array($0.utf8) }
        var cap = 8
        while cap < names.count * 2 { cap *= 2 }
        mask = cap - 1
        count = names.count
        let total = bytes.reduce(0) { $0 + $1.count }
        let size = 4 * cap + 4 * (names.count + 1) + total
        storage = UnsafeMutableRawPointer.allocate(byteCount: max(size, 1), alignment: 8)
        let slots = storage.bindMemory(to: Int32.self, capacity: cap)
        slots.initialize(repeating: -1, count: cap)
        let offsets = (storage + 4 * cap).bindMemory(to: Int32.self, capacity: names.count + 1)
        let keyBytes = (storage + 4 * cap + 4 * (names.count + 1)).bindMemory(to: UInt8.self, capacity: total)
        self.offsets = UnsafePointer(offsets)
        self.keyBytes = UnsafePointer(keyBytes)
        targets = HopTargets(count: schemas.count)
        var at = 0
        for (i, b) in bytes.enumerated() {
            offsets[i] = Int32(at)
            for (j, byte) in b.enumerated() { keyBytes[at + j] = byte }
            at += b.count
            var h = b.withUnsafeBufferPointer { PropertyTable.hash($0) } & mask
            while slots[h] != -1 { h = (h + 1) & mask }
            slots[h] = Int32(i)
        }
        offsets[names.count] = Int32(at)
    }

    deinit {
        targets.deallocate()
        storage.deallocate()
        leaves.deallocate()
        unretained.deallocate()
        verbatim.deallocate()
    }

    /// The leaf check of property `i`'s schema, if it has one.
    @inline(__always) func leaf(_ i: Int) -> LeafCheck? { leaves[i] }
    /// Property `i`'s schema, unretained.
    @inline(__always) func schema(_ i: Int) -> Unmanaged<CompiledSchema> { unretained[i] }

    /// The schema property `i`'s value is checked against, with whether `null` passes on the way (see
    /// `HopTargets`).
    @inline(__always)
    func target(_ i: Int, _ registry: Unmanaged<SchemaRegistry>) -> (schema: Unmanaged<CompiledSchema>, nullable: Bool) {
        targets.target(i, of: unretained[i], registry)
    }

    @inline(__always) private var slots: UnsafePointer<Int32> {
        UnsafePointer(storage.assumingMemoryBound(to: Int32.self))
    }

    /// Mixes the length and the first and last eight bytes (keys are short; collisions are resolved by comparing).
    /// Keys under eight bytes are read as two overlapping loads, not byte by byte.
    static func hash(_ b: UnsafeBufferPointer<UInt8>) -> Int {
        let n = b.count
        var head: UInt64 = 0
        var tail: UInt64 = 0
        if let base = b.baseAddress {
            let raw = UnsafeRawPointer(base)
            if n >= 8 {
                head = raw.loadUnaligned(as: UInt64.self)
                tail = raw.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
            } else if n >= 4 {
                head = UInt64(raw.loadUnaligned(as: UInt32.self)) << 32
                    | UInt64(raw.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self))
            } else if n >= 2 {
                head = UInt64(raw.loadUnaligned(as: UInt16.self)) << 16
                    | UInt64(raw.loadUnaligned(fromByteOffset: n - 2, as: UInt16.self))
            } else if n == 1 {
                head = UInt64(raw.load(as: UInt8.self))
            }
        }
        var h = head &* 0x9E37_79B9_7F4A_7C15
        h ^= (tail &+ UInt64(n)) &* 0xC2B2_AE3D_27D4_EB4F
        h ^= h >> 29
        return Int(truncatingIfNeeded: h >> 1)
    }

    /// The position of a key, or nil.
    func find(_ key: UnsafeBufferPointer<UInt8>) -> Int? {
        var h = PropertyTable.hash(key) & mask
        let slots = self.slots
        while true {
            let s = Int(slots[h])
            if s < 0 { return nil }
            if matches(s, key) { return s }
            h = (h + 1) & mask
        }
    }

    /// The position of a key, trying position `expected` first (the one after the previous match).
    @inline(__always)
    func find(_ key: UnsafeBufferPointer<UInt8>, expecting expected: Int) -> Int? {
        if expected < count && matches(expected, key) { return expected }
        return find(key)
    }

    /// Whether name `i` is `key` (keys are short: a call to `memcmp` cost more than the comparison).
    @inline(__always)
    private func matches(_ i: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = Int(offsets[i])
        let n = key.count
        guard Int(offsets[i + 1]) - start == n else { return false }
        guard n > 0, let b = key.baseAddress else { return true }
        return shortBytesEqual(UnsafeRawPointer(keyBytes + start), UnsafeRawPointer(b), count: n)
    }

    /// Whether name `i` is written, unescaped, at `text[start...]` and closed by a quote there: then the JSON key
    /// starting at `start` is that name, with no need to scan it. Returns the closing quote's index. Only for names
    /// a JSON string holds verbatim (no quote, backslash or control character); the byte reader's prediction.
    @inline(__always)
    func writtenAt<Layout: JSONTextLayout>(
        _ i: Int, text: UnsafePointer<UInt8>, start: Int, end: Int, layout: Layout.Type = PlainJSON.self
    ) -> Int? {
        guard i < count, verbatim[i] else { return nil }
        let from = Int(offsets[i])
        let length = Int(offsets[i + 1]) - from
        let close = start + length
        guard close < end, Layout.isQuote(text, close) else { return nil }
        return matches(i, UnsafeBufferPointer(start: text + start, count: length)) ? close : nil
    }

    /// The first of names `i` and `i + 1` written at `text[start...]` (as `writtenAt` tells), with its closing
    /// quote's index: a body lists its members in the schema's order but may leave an optional one out. (Looking
    /// four names ahead found a few more keys in place but cost as much as it saved when it missed.)
    @inline(__always)
    func writtenNear<Layout: JSONTextLayout>(
        _ i: Int, text: UnsafePointer<UInt8>, start: Int, end: Int, layout: Layout.Type = PlainJSON.self
    ) -> (Int, Int)? {
        var k = i
        let last = Swift.min(count, i + 2)
        while k < last {
            if let close = writtenAt(k, text: text, start: start, end: end, layout: layout) { return (k, close) }
            k += 1
        }
        return nil
    }

    /// The position of a key node's decoded string, or nil.
    func find(_ key: Node) -> Int? {
        key.withPayloadDecoded { find($0) }
    }

    /// The position of a name.
    func find(_ name: String) -> Int? {
        var n = name
        return n.withUTF8 { find($0) }
    }
}

/// The names of `required`, with which are `readOnly`/`writeOnly` (skipped in requests/responses).
final class RequiredList: Sendable {
    let names: [String]
    let readOnly: [Bool]
    let writeOnly: [Bool]
    /// Hash table of `names`, for one pass over the instance when there are at most 64 names.
    let table: PropertyTable
    /// Whether the one-pass check applies (2…64 distinct names).
    let hashed: Bool

    init(names: [String], readOnly: [Bool], writeOnly: [Bool]) {
        self.hashed = names.count > 2 && names.count <= 64 && Set(names).count == names.count
        self.names = names
        self.readOnly = readOnly
        self.writeOnly = writeOnly
        self.table = PropertyTable(names: names, schemas: [])
    }

    /// Whether every name whose bit is clear in `seen` may be missing in `mode` (readOnly ones in requests,
    /// writeOnly ones in responses).
    func missingAreExempt(seen: UInt64, mode: ValidationOptions.Mode) -> Bool {
        for i in 0..<names.count where seen & (1 << UInt64(i)) == 0 {
            if mode == .request && readOnly[i] { continue }
            if mode == .response && writeOnly[i] { continue }
            return false
        }
        return true
    }
}

/// The OpenAPI `discriminator` of a `oneOf`/`anyOf`.
struct Discriminator: Sendable {
    let propertyName: String
    /// Explicit mapping: value → reference.
    let mapping: [(String, RefSlot)]
}

/// One compiled keyword. `indirect`, so a copy is one reference count instead of an outlined multi-payload copy.
indirect enum Keyword: Sendable {
    case type(TypeMask)
    case enumeration([Node])
    case constant(Node)
    case multipleOf(NumberBound)
    case maximum(NumberBound, exclusive: Bool)
    case minimum(NumberBound, exclusive: Bool)
    case maxLength(Int)
    case minLength(Int)
    case pattern(ECMARegex)
    case format(FormatKind)
    case prefixItems([CompiledSchema], keyword: String)
    case items(CompiledSchema, from: Int, keyword: String)
    case contains(CompiledSchema, min: Int, max: Int?)
    case maxItems(Int)
    case minItems(Int)
    case uniqueItems
    case properties(PropertyTable)
    case patternProperties([(ECMARegex, CompiledSchema)])
    case additionalProperties(CompiledSchema, known: PropertyTable?, patterns: [ECMARegex])
    case required(RequiredList)
    case dependentRequired([(String, [String])], keyword: String)
    case dependentSchemas([(String, CompiledSchema)], keyword: String)
    case propertyNames(CompiledSchema)
    case maxProperties(Int)
    case minProperties(Int)
    case allOf([CompiledSchema])
    case anyOf([CompiledSchema], Discriminator?)
    case oneOf([CompiledSchema], Discriminator?)
    case not(CompiledSchema)
    case conditional(if: CompiledSchema, then: CompiledSchema?, else: CompiledSchema?)
    case ref(RefSlot)
    case dynamicRef(RefSlot, anchor: String?)
    case recursiveRef(RefSlot)
    case readOnly
    case writeOnly
    case unevaluatedProperties(CompiledSchema)
    case unevaluatedItems(CompiledSchema)
    case unresolvable(String)
    /// draft-07 `contentEncoding: base64` / `contentMediaType: application/json` (asserted with formats).
    case content(base64: Bool, json: Bool)
}

/// A keyword as the fast pass reads it: a trivial value (no reference counting when copied), with the hot
/// keywords' objects unretained (the schema's `keywords` keep them alive) and every other keyword by position.
enum FastOp: Sendable {
    case type(TypeMask)
    case properties(Unmanaged<PropertyTable>)
    /// `properties` and `required` in one walk over the members (see `RequiredMarks`).
    case propertiesRequired(Unmanaged<PropertyTable>, Unmanaged<RequiredMarks>)
    case required(Unmanaged<RequiredList>)
    case ref(Unmanaged<RefSlot>)
    case items(Unmanaged<CompiledSchema>, from: Int)
    /// `anyOf`/`oneOf` without a discriminator.
    case branches(Unmanaged<Branches>)
    /// `keywords[i]`, run by `evalKeyword`.
    case keyword(Int)
    /// Keywords the byte reader decides itself, with their position in `keywords` (the evaluator runs
    /// `keywords[keyword]` for them as for `.keyword`).
    case maxLength(Int, keyword: Int)
    case minLength(Int, keyword: Int)
    case pattern(Unmanaged<ECMARegex>, keyword: Int)
    /// `additionalProperties` without `patternProperties`.
    case additional(Unmanaged<CompiledSchema>, known: Unmanaged<PropertyTable>?, keyword: Int)

    /// The fast form of `keywords`; objects created for it are appended to `owners`, which the schema keeps.
    static func ops(_ keywords: [Keyword], owners: inout [any AnyObject & Sendable]) -> [FastOp] {
        var ops: [FastOp] = []
        var marks: RequiredMarks?
        for k in keywords {
            guard case .properties(let table) = k else { continue }
            for case .required(let list) in keywords { marks = RequiredMarks(table: table, list: list) }
        }
        for (i, k) in keywords.enumerated() {
            switch k {
            case .type(let mask): ops.append(.type(mask))
            case .properties(let table):
                if let marks {
                    owners.append(marks)
                    ops.append(.propertiesRequired(.passUnretained(table), .passUnretained(marks)))
                } else {
                    ops.append(.properties(.passUnretained(table)))
                }
            case .required(let list):
                if marks == nil { ops.append(.required(.passUnretained(list))) }
            case .ref(let slot): ops.append(.ref(.passUnretained(slot)))
            case .items(let sub, let from, _): ops.append(.items(.passUnretained(sub), from: from))
            case .anyOf(let subs, nil), .oneOf(let subs, nil):
                var exactlyOne = false
                if case .oneOf = k { exactlyOne = true }
                let branches = Branches(subs, exactlyOne: exactlyOne)
                owners.append(branches)
                ops.append(.branches(.passUnretained(branches)))
            case .maxLength(let n): ops.append(.maxLength(n, keyword: i))
            case .minLength(let n): ops.append(.minLength(n, keyword: i))
            case .pattern(let regex): ops.append(.pattern(.passUnretained(regex), keyword: i))
            case .additionalProperties(let sub, let known, let patterns) where patterns.isEmpty:
                ops.append(.additional(.passUnretained(sub), known: known.map { .passUnretained($0) }, keyword: i))
            default: ops.append(.keyword(i))
            }
        }
        return ops
    }
}

/// Which declared properties are `required`, so that the fast pass checks both keywords in its one walk over the
/// members: `bits[i]` has bit `j` set when property `i` is required name `j`. Only when every required name is a
/// declared property and there are at most 64 distinct ones.
final class RequiredMarks: Sendable {
    let list: RequiredList
    private let bits: FrozenBuffer<UInt64>
    let all: UInt64

    init?(table: PropertyTable, list: RequiredList) {
        let names = list.names
        guard !names.isEmpty, names.count <= 64, Set(names).count == names.count else { return nil }
        var bits = [UInt64](repeating: 0, count: table.names.count)
        for (j, name) in names.enumerated() {
            guard let i = table.find(name) else { return nil }
            bits[i] |= 1 << UInt64(j)
        }
        self.list = list
        self.bits = FrozenBuffer(bits)
        self.all = names.count == 64 ? ~0 : (1 << UInt64(names.count)) - 1
    }

    deinit { bits.deallocate() }

    /// The required names property `i` satisfies, as bits.
    @inline(__always) func bit(_ i: Int) -> UInt64 { bits[i] }
}

/// The branches of an `anyOf` or `oneOf`, unretained (the keyword keeps them alive), for the fast pass.
final class Branches: Sendable {
    private let schemas: FrozenBuffer<Unmanaged<CompiledSchema>>
    let exactlyOne: Bool
    /// Where each branch's sole hops end (`anyOf: [{type: string}, {$ref: …}]`: the second branch is a wrapper).
    private let targets: HopTargets

    init(_ subs: [CompiledSchema], exactlyOne: Bool) {
        schemas = FrozenBuffer(subs.map { Unmanaged.passUnretained($0) })
        self.exactlyOne = exactlyOne
        targets = HopTargets(count: subs.count)
    }

    deinit {
        schemas.deallocate()
        targets.deallocate()
    }

    /// The branches, in order.
    var schemaPointer: UnsafeBufferPointer<Unmanaged<CompiledSchema>> { schemas.elements }

    /// The schema branch `i` is checked against, with whether `null` passes on the way (see `HopTargets`).
    @inline(__always)
    func target(_ i: Int, _ registry: Unmanaged<SchemaRegistry>) -> (schema: Unmanaged<CompiledSchema>, nullable: Bool) {
        targets.target(i, of: schemas[i], registry)
    }
}

/// For each of a parent's subschemas (properties, branches), where its chain of sole hops ends (see
/// `CompiledSchema.collapsed(_:)`), found on first use and then read with one load: OpenAPI 3.0 wraps most
/// object-valued properties in `anyOf: [{$ref: …}]`, and reading the end from the parent saves loading the
/// wrapper (a cache miss, in a walk that meets a new schema for most values) and checking it. Draft-04 wrappers
/// are not skipped: `ByteValidator.check` hands those to the evaluator.
///
/// Each word is 0 (not known yet), 1 (the subschema itself), or the end schema's address with bit 0 set when a
/// schema on the way is `nullable`. Words are written with release and read with acquire ordering; two threads
/// working one out at once store the same value.
struct HopTargets: @unchecked Sendable {
    private let words: UnsafeMutablePointer<Atomic<UInt>>
    private let count: Int

    init(count: Int) {
        self.count = count
        words = .allocate(capacity: Swift.max(count, 1))
        for i in 0..<count { (words + i).initialize(to: Atomic(0)) }
    }

    func deallocate() {
        words.deinitialize(count: count)
        words.deallocate()
    }

    /// Where subschema `i` (`schema`) leads, and whether `null` passes on the way there.
    @inline(__always)
    func target(
        _ i: Int, of schema: Unmanaged<CompiledSchema>, _ registry: Unmanaged<SchemaRegistry>
    ) -> (schema: Unmanaged<CompiledSchema>, nullable: Bool) {
        let word = words[i].load(ordering: .acquiring)
        if word > 1 { return (Unmanaged.fromOpaque(UnsafeRawPointer(bitPattern: word & ~1)!), word & 1 != 0) }
        if word == 1 { return (schema, false) }
        let end = schema._withUnsafeGuaranteedRef { s -> (Unmanaged<CompiledSchema>, Bool)? in
            guard s.soleHop != nil, s.dialect != .draft4 else { return nil }
            return registry._withUnsafeGuaranteedRef { s.collapsed($0) }
        }
        words[i].store(end.map { UInt(bitPattern: $0.0.toOpaque()) | ($0.1 ? 1 : 0) } ?? 1, ordering: .releasing)
        return end ?? (schema, false)
    }
}

/// One compiled schema node.
///
/// The fields the fast passes read for every value come first, so that they share the object's first cache lines
/// (a payload's walk meets a different schema for most of its values; loading the schema was the costliest
/// instruction of `ByteValidator.check`). Swift lays a class's stored properties out in declaration order.
final class CompiledSchema: Sendable {
    // MARK: Read by the fast passes
    let dialect: SchemaDialect
    /// `true`/`false` boolean schemas (and `{}`); nil for schemas with keywords.
    let constant: Bool?
    /// OpenAPI `nullable: true`: null passes the whole schema.
    let nullable: Bool
    /// Has `unevaluatedProperties`/`unevaluatedItems`: evaluation must collect annotations.
    let needsAnnotations: Bool
    /// `keywords` for the fast pass, in a buffer the schema owns: read without a closure (the byte reader's loop
    /// over them was an outlined closure called for every value).
    let fastOps: FrozenBuffer<FastOp>
    /// The one in-place subschema this schema is, when it asserts nothing else: a lone `$ref`, or an `anyOf` or
    /// `oneOf` of one branch. OpenAPI 3.0 wraps every optional object that way (`anyOf: [{$ref: …}]` with
    /// `nullable`), so a fast-pass walk through a payload met three schema objects per nested object.
    let soleHop: SoleHop?
    /// The end of the chain of sole hops from here, found on first use (see `collapsed(_:)`): the schema's address
    /// with bit 0 set when a schema on the way is `nullable`; 1 when the chain does not collapse; 0 not yet known.
    private let collapsedWord = Atomic<UInt>(0)
    /// The schema as a scalar check, when it is one (the fast pass's shortcut).
    let leaf: LeafCheck?

    // MARK: The rest
    /// The schema's document and node.
    let document: Document
    let index: Int
    /// Base URI of the resource the node belongs to.
    let base: String
    /// Whether the node is a resource root (its own `$id`, or a document root): entering it extends dynamic scope.
    let isResourceRoot: Bool
    let keywords: [Keyword]
    let recursiveAnchor: Bool
    let dynamicAnchor: String?
    /// `title`, for naming branches.
    let title: String?
    /// Objects the unretained references in `leaf` and `fastOps` point to, beyond `keywords`.
    private let fastOwners: [any AnyObject & Sendable]

    enum SoleHop: Sendable {
        case ref(Unmanaged<RefSlot>)
        case branch(Unmanaged<CompiledSchema>)
    }

    init(
        document: Document, index: Int, base: String, isResourceRoot: Bool, dialect: SchemaDialect, constant: Bool?,
        nullable: Bool, keywords: [Keyword], recursiveAnchor: Bool, dynamicAnchor: String?, title: String?
    ) {
        self.document = document
        self.index = index
        self.base = base
        self.isResourceRoot = isResourceRoot
        self.dialect = dialect
        self.constant = constant
        self.nullable = nullable
        self.keywords = keywords
        self.needsAnnotations = keywords.contains {
            if case .unevaluatedProperties = $0 { return true }
            if case .unevaluatedItems = $0 { return true }
            return false
        }
        self.recursiveAnchor = recursiveAnchor
        self.dynamicAnchor = dynamicAnchor
        self.title = title
        var table: PropertyTable?
        self.leaf = LeafCheck(
            keywords: keywords, nullable: nullable, constant: constant, dialect: dialect, owner: &table)
        var owners: [any AnyObject & Sendable] = []
        if let table { owners.append(table) }
        self.fastOps = FrozenBuffer(FastOp.ops(keywords, owners: &owners))
        self.fastOwners = owners
        var hop: SoleHop?
        if keywords.count == 1, fastOps.count == 1, constant == nil {
            switch fastOps[0] {
            case .ref(let slot): hop = .ref(slot)
            case .branches(let b) where b._withUnsafeGuaranteedRef({ $0.schemaPointer.count == 1 }):
                hop = .branch(b._withUnsafeGuaranteedRef { $0.schemaPointer[0] })
            default: break
            }
        }
        self.soleHop = hop
    }

    deinit { fastOps.deallocate() }

    /// The schema this one stands for once its sole hops are followed, and whether one of the schemas on the way
    /// (this one included) lets `null` through; nil when this schema is not a sole hop, or its chain does not end
    /// within 16 hops (a `$ref` cycle) or names a schema that does not resolve: the evaluator then walks it hop by
    /// hop as usual, reporting what it must. The answer is computed once and shared by every thread.
    func collapsed(_ registry: SchemaRegistry) -> (target: Unmanaged<CompiledSchema>, nullable: Bool)? {
        let word = collapsedWord.load(ordering: .acquiring)
        if word > 1 {
            return (Unmanaged.fromOpaque(UnsafeRawPointer(bitPattern: word & ~1)!), word & 1 != 0)
        }
        if word == 1 || soleHop == nil { return nil }
        var current = Unmanaged.passUnretained(self)
        var nullable = false
        var hops = 0
        while let hop = current._withUnsafeGuaranteedRef({ $0.soleHop }) {
            guard hops < 16 else { break }
            nullable = nullable || current._withUnsafeGuaranteedRef { $0.nullable }
            switch hop {
            case .branch(let next): current = next
            case .ref(let slot):
                guard let target = slot._withUnsafeGuaranteedRef({ $0.resolve(registry) }) else {
                    collapsedWord.store(1, ordering: .releasing)
                    return nil
                }
                current = .passUnretained(target)
            }
            hops += 1
        }
        guard current._withUnsafeGuaranteedRef({ $0.soleHop }) == nil else {
            collapsedWord.store(1, ordering: .releasing)
            return nil
        }
        let address = UInt(bitPattern: current.toOpaque())
        collapsedWord.store(address | (nullable ? 1 : 0), ordering: .releasing)
        return (current, nullable)
    }

    /// The schema's JSON node.
    var node: Node { document.node(at: index) }

    /// The pure `$ref` this schema is, if it has no other assertions.
    var soleRef: RefSlot? {
        guard keywords.count == 1, case .ref(let slot) = keywords[0] else { return nil }
        return slot
    }
}

extension SchemaRegistry {
    /// Compiles (or fetches from cache) the schema an absolute URI names.
    func compile(uri: String) -> CompiledSchema? {
        let (result, dyn) = state.withLock { state -> (CompiledSchema?, Bool) in
            guard let t = state.resolve(uri) else { return (nil, state.sawDynamic) }
            return (state.compile(t.document, t.index), state.sawDynamic)
        }
        if dyn { usesDynamicScope.store(true, ordering: .relaxed) }
        return result
    }

    /// Compiles a node of a registered document.
    func compile(_ node: Node) -> CompiledSchema {
        state.withLock { $0.compile(node.document, node.index) }
    }

    /// The compiled `$dynamicAnchor` named `anchor` in the resource `base`, if there is one.
    func dynamicAnchor(_ anchor: String, in base: String) -> CompiledSchema? {
        state.withLock { state in
            guard let t = state.dynamicAnchors[base + "#" + anchor] else { return nil }
            return state.compile(t.document, t.index)
        }
    }
}

extension SchemaRegistry.State {
    /// Compiles the schema at a node, reusing the cache.
    mutating func compile(_ document: Document, _ index: Int) -> CompiledSchema {
        let key = SchemaRegistry.NodeKey(document: ObjectIdentifier(document), index: index)
        if let c = compiled[key] { return c }
        let resource = self.resource(of: document, index: index)
        let base = resource?.uri ?? docURIs[ObjectIdentifier(document)] ?? "urn:diagnose:anonymous"
        let dialect = resource?.dialect ?? .draft2020_12
        let c = build(
            document.node(at: index), base: base, isRoot: resource?.index == index, dialect: dialect,
            noValidation: resource?.noValidation ?? false)
        compiled[key] = c
        return c
    }

    private mutating func sub(_ node: Node) -> CompiledSchema { compile(node.document, node.index) }

    /// Compiles a pattern once per registry: the same `pattern` in many schemas shares one ICU regex.
    private mutating func regex(_ source: String) -> ECMARegex? {
        if let r = regexCache[source] { return r }
        if badPatterns.contains(source) { return nil }
        guard let r = ECMARegex(source) else {
            badPatterns.insert(source)
            return nil
        }
        regexCache[source] = r
        return r
    }

    private mutating func build(_ node: Node, base: String, isRoot: Bool, dialect: SchemaDialect, noValidation: Bool)
        -> CompiledSchema
    {
        func make(
            _ constant: Bool?, _ keywords: [Keyword] = [], nullable: Bool = false, recursiveAnchor: Bool = false,
            dynamicAnchor: String? = nil, title: String? = nil
        ) -> CompiledSchema {
            CompiledSchema(
                document: node.document, index: node.index, base: base, isResourceRoot: isRoot, dialect: dialect,
                constant: constant, nullable: nullable, keywords: keywords, recursiveAnchor: recursiveAnchor,
                dynamicAnchor: dynamicAnchor, title: title)
        }
        if let b = node.boolValue { return make(b) }
        guard node.kind == .object else { return make(true) }
        var kw: [Keyword] = []
        // `x-nullable` is Swagger 2.0's spelling, common in specs converted to 3.0.
        let nullable =
            dialect.isOpenAPI && (node["nullable"]?.boolValue == true || node["x-nullable"]?.boolValue == true)
        func slot(_ ref: String) -> RefSlot { RefSlot(uri: URIReference.resolve(ref, against: base), written: ref) }

        if let ref = node["$ref"]?.stringValue {
            kw.append(.ref(slot(ref)))
            if dialect.refHidesSiblings {
                return make(nil, kw, nullable: nullable)
            }
        }
        if dialect.is2020, let ref = node["$dynamicRef"]?.stringValue {
            let s = slot(ref)
            let fragment = URIReference.splitFragment(s.uri).1
            let anchor = fragment.flatMap { $0.isEmpty || $0.hasPrefix("/") ? nil : $0 }
            kw.append(.dynamicRef(s, anchor: anchor))
        }
        if dialect == .draft2019_09, let ref = node["$recursiveRef"]?.stringValue {
            kw.append(.recursiveRef(slot(ref)))
        }
        let validation = !noValidation
        // Validation vocabulary.
        if validation, let t = node["type"] {
            var mask = TypeMask()
            if let name = t.stringValue, let m = TypeMask(name: name) { mask = m }
            for e in t.elements { if let name = e.stringValue, let m = TypeMask(name: name) { mask.formUnion(m) } }
            if t.kind == .string || t.kind == .array { kw.append(.type(mask)) }
        }
        if validation, let e = node["enum"], e.kind == .array { kw.append(.enumeration(Array(e.elements))) }
        if validation, dialect.hasDraft6Keywords, let c = node["const"] { kw.append(.constant(c)) }
        if validation, let n = node["multipleOf"]?.numberValue { kw.append(.multipleOf(NumberBound(n))) }
        if validation, let n = node["maximum"]?.numberValue {
            let exclusive = dialect.isDraft4Like && node["exclusiveMaximum"]?.boolValue == true
            kw.append(.maximum(NumberBound(n), exclusive: exclusive))
        }
        if validation, !dialect.isDraft4Like, let n = node["exclusiveMaximum"]?.numberValue {
            kw.append(.maximum(NumberBound(n), exclusive: true))
        }
        if validation, let n = node["minimum"]?.numberValue {
            let exclusive = dialect.isDraft4Like && node["exclusiveMinimum"]?.boolValue == true
            kw.append(.minimum(NumberBound(n), exclusive: exclusive))
        }
        if validation, !dialect.isDraft4Like, let n = node["exclusiveMinimum"]?.numberValue {
            kw.append(.minimum(NumberBound(n), exclusive: true))
        }
        func count(_ name: String) -> Int? {
            guard let n = node[name]?.numberValue, n.isInteger else { return nil }
            return Int(clamping: n.int64Value ?? Int64.max)
        }
        if validation, let n = count("maxLength") { kw.append(.maxLength(n)) }
        if validation, let n = count("minLength") { kw.append(.minLength(n)) }
        if validation, let p = node["pattern"]?.stringValue, let r = regex(p) { kw.append(.pattern(r)) }
        if let f = node["format"]?.stringValue, let k = FormatKind(rawValue: f) { kw.append(.format(k)) }
        if dialect == .draft7 {
            let base64 = node["contentEncoding"]?.stringValue == "base64"
            let json = node["contentMediaType"]?.stringValue == "application/json"
            if base64 || json { kw.append(.content(base64: base64, json: json)) }
        }
        if validation, let n = count("maxItems") { kw.append(.maxItems(n)) }
        if validation, let n = count("minItems") { kw.append(.minItems(n)) }
        if validation, node["uniqueItems"]?.boolValue == true { kw.append(.uniqueItems) }
        if validation, let n = count("maxProperties") { kw.append(.maxProperties(n)) }
        if validation, let n = count("minProperties") { kw.append(.minProperties(n)) }

        // Arrays.
        if dialect.is2020 {
            var prefix = 0
            if let p = node["prefixItems"], p.kind == .array {
                let subs = p.elements.map { sub($0) }
                prefix = subs.count
                kw.append(.prefixItems(subs, keyword: "prefixItems"))
            }
            if let i = node["items"], i.kind == .object || i.kind == .bool {
                kw.append(.items(sub(i), from: prefix, keyword: "items"))
            }
        } else if let i = node["items"] {
            if i.kind == .array {
                let subs = i.elements.map { sub($0) }
                kw.append(.prefixItems(subs, keyword: "items"))
                if let a = node["additionalItems"], a.kind == .object || a.kind == .bool {
                    kw.append(.items(sub(a), from: subs.count, keyword: "additionalItems"))
                }
            } else if i.kind == .object || i.kind == .bool {
                kw.append(.items(sub(i), from: 0, keyword: "items"))
            }
        }
        if dialect.hasDraft6Keywords, let c = node["contains"] {
            var minC = 1
            var maxC: Int?
            if dialect.isModern, validation {
                if let m = count("minContains") { minC = m }
                maxC = count("maxContains")
            }
            kw.append(.contains(sub(c), min: minC, max: maxC))
        }

        // Objects.
        var propTable: PropertyTable?
        var readOnlyProps: Set<String> = []
        var writeOnlyProps: Set<String> = []
        if let p = node["properties"], p.kind == .object {
            var names: [String] = []
            var subs: [CompiledSchema] = []
            for (k, v) in p.members {
                let name = k.stringValue ?? ""
                names.append(name)
                subs.append(sub(v))
                if v["readOnly"]?.boolValue == true { readOnlyProps.insert(name) }
                if v["writeOnly"]?.boolValue == true { writeOnlyProps.insert(name) }
            }
            let t = PropertyTable(names: names, schemas: subs)
            propTable = t
            kw.append(.properties(t))
        }
        var patterns: [ECMARegex] = []
        if let p = node["patternProperties"], p.kind == .object {
            var list: [(ECMARegex, CompiledSchema)] = []
            for (k, v) in p.members {
                guard let source = k.stringValue, let r = regex(source) else { continue }
                list.append((r, sub(v)))
                patterns.append(r)
            }
            kw.append(.patternProperties(list))
        }
        if let a = node["additionalProperties"], a.kind == .object || a.kind == .bool {
            kw.append(.additionalProperties(sub(a), known: propTable, patterns: patterns))
        }
        if validation, let r = node["required"], r.kind == .array {
            let names = r.elements.compactMap { $0.stringValue }
            kw.append(
                .required(
                    RequiredList(
                        names: names, readOnly: names.map { readOnlyProps.contains($0) },
                        writeOnly: names.map { writeOnlyProps.contains($0) })))
        }
        if let d = node["dependencies"], d.kind == .object {
            var req: [(String, [String])] = []
            var schemas: [(String, CompiledSchema)] = []
            for (k, v) in d.members {
                let name = k.stringValue ?? ""
                if v.kind == .array {
                    req.append((name, v.elements.compactMap { $0.stringValue }))
                } else {
                    schemas.append((name, sub(v)))
                }
            }
            // 2019-09 split `dependencies` in two; we keep reading the old form there too (compatibility).
            if validation, !req.isEmpty { kw.append(.dependentRequired(req, keyword: "dependencies")) }
            if !schemas.isEmpty { kw.append(.dependentSchemas(schemas, keyword: "dependencies")) }
        }
        if dialect.isModern {
            if validation, let d = node["dependentRequired"], d.kind == .object {
                kw.append(
                    .dependentRequired(
                        d.members.map { ($0.key.stringValue ?? "", $0.value.elements.compactMap { $0.stringValue }) },
                        keyword: "dependentRequired"))
            }
            if let d = node["dependentSchemas"], d.kind == .object {
                kw.append(
                    .dependentSchemas(
                        d.members.map { ($0.key.stringValue ?? "", sub($0.value)) }, keyword: "dependentSchemas"))
            }
        }
        if dialect.hasDraft6Keywords, let p = node["propertyNames"] { kw.append(.propertyNames(sub(p))) }

        // Applicators.
        var discriminator: Discriminator?
        if dialect.isOpenAPI, let d = node["discriminator"], let name = d["propertyName"]?.stringValue {
            var mapping: [(String, RefSlot)] = []
            if let m = d["mapping"] {
                for (k, v) in m.members {
                    guard let key = k.stringValue, let ref = v.stringValue else { continue }
                    // A mapping value is a reference or a bare schema name.
                    let written =
                        ref.contains("/") || ref.contains("#") || ref.contains(".")
                        ? ref : "#/components/schemas/" + ref
                    mapping.append((key, slot(written)))
                }
            }
            discriminator = Discriminator(propertyName: name, mapping: mapping)
        }
        if let a = node["allOf"], a.kind == .array { kw.append(.allOf(a.elements.map { sub($0) })) }
        if let a = node["anyOf"], a.kind == .array { kw.append(.anyOf(a.elements.map { sub($0) }, discriminator)) }
        if let a = node["oneOf"], a.kind == .array { kw.append(.oneOf(a.elements.map { sub($0) }, discriminator)) }
        if let n = node["not"] { kw.append(.not(sub(n))) }
        if dialect.hasConditionals, let i = node["if"] {
            kw.append(.conditional(if: sub(i), then: node["then"].map { sub($0) }, else: node["else"].map { sub($0) }))
        }
        if node["readOnly"]?.boolValue == true { kw.append(.readOnly) }
        if node["writeOnly"]?.boolValue == true { kw.append(.writeOnly) }
        if dialect.isModern {
            if let u = node["unevaluatedItems"] { kw.append(.unevaluatedItems(sub(u))) }
            if let u = node["unevaluatedProperties"] { kw.append(.unevaluatedProperties(sub(u))) }
        }
        return make(
            kw.isEmpty ? true : nil, kw, nullable: nullable,
            recursiveAnchor: dialect == .draft2019_09 && node["$recursiveAnchor"]?.boolValue == true,
            dynamicAnchor: dialect.is2020 ? node["$dynamicAnchor"]?.stringValue : nil,
            title: node["title"]?.stringValue)
    }
}
