/*
 Turns libyaml events into a `Document`, in two passes per YAML document.

 Pass 1 (`collect`) records the document's events in a flat array, each container pointing past its last
 descendant, each alias pointing at the event that carries its anchor, every scalar's bytes copied into one buffer.
 It also counts how many nodes the document will have once every alias is expanded: an alias adds the whole size of
 its target, so `a: &a [1,1,1,1,1,1,1,1,1]`, `b: &b [*a,*a,…]`, … (a "billion laughs") is rejected at the first
 alias that crosses `maxNodes`, before anything is expanded. Undefined and self-referencing aliases and nesting
 beyond `maxDepth` stop here too, at the offending event.

     events for  `x: &a [1, 2]` / `y: *a`
     0 mapping  end=7            3 scalar 1        5 scalar y
     1 scalar x                  4 scalar 2        6 alias → 2   (2 is 3 nodes, so the alias adds 3)
     2 sequence end=5 anchor a

 Pass 2 (`emit`) walks the array and feeds `DocumentBuilder`: plain scalars resolve by the core schema (see
 `YAMLScalar`), aliases replay their target's events (so the copy keeps the offsets where the values are written),
 and merge keys (`<<`) splice in the members of the mappings they name unless the mapping itself sets that key.
 Duplicate keys become notes. Recursion depth is bounded by `maxDepth`, checked again here because an alias can
 nest a deep anchor under a deep place.
*/

/// One recorded event of a YAML document.
struct YAMLEvent {
    enum Kind: UInt8 {
        case scalar, sequence, mapping, alias
    }
    enum Tag: UInt8 {
        case none, str, int, float, bool, null, nonSpecific, merge, other
    }
    var kind: Kind
    var style: YAMLRawEvent.Style
    var tag: Tag
    var offset: UInt32
    /// scalar: start of the value in the byte buffer; container: index past its last descendant; alias: target.
    var a: UInt32
    /// scalar: length of the value.
    var b: UInt32
    /// Nodes this event expands to (containers and aliases; 1 for scalars).
    var size: Int
}

/// A collected document: its events and scalar bytes.
struct YAMLCollected {
    var events = ContiguousArray<YAMLEvent>()
    var bytes = ContiguousArray<UInt8>()
}

/// Reference to a key's bytes for duplicate and merge checks.
private struct KeyRef {
    var start: Int
    var count: Int
    var hash: UInt64
    var offset: Int
}

enum YAMLComposer {
    // MARK: Pass 1

    /// Reads the events of one document (after its DOCUMENT-START, through its DOCUMENT-END).
    static func collect(
        from source: YAMLEventSource, text: SourceText, options: YAMLLoader.Options
    ) throws(YAMLError) -> YAMLCollected {
        var out = YAMLCollected()
        // Rough sizes for OpenAPI YAML (about one event per 22 bytes, half the bytes in scalars): fewer regrowths.
        out.events.reserveCapacity(text.bytes.count / 24)
        out.bytes.reserveCapacity(text.bytes.count / 2)
        var anchors: [String: (index: Int, complete: Bool)] = [:]
        // Open containers: event index, node count when opened, anchor.
        var open: [(index: Int, expandedAtStart: Int, anchor: String?)] = []
        var expanded = 0

        func tooMany(_ offset: Int, alias: String?) -> YAMLError {
            let what =
                alias.map { "alias *\($0) expands the document past the limit of \(options.maxNodes) nodes" }
                ?? "the document has more than \(options.maxNodes) nodes, the limit"
            return YAMLError(
                message: what + (alias == nil ? "" : " (aliases repeat their anchor's whole subtree)"),
                location: text.location(at: offset),
                hint:
                    "raise the limit with the maxNodes option (YAMLLoader.Options or DocumentLoader.Options) if the document is meant to be this large"
            )
        }

        while true {
            let e = try source.next()
            switch e.kind {
            case .documentEnd:
                return out
            case .scalar:
                let start = out.bytes.count
                out.bytes.append(contentsOf: e.value)
                if let anchor = e.anchor { anchors[anchor] = (out.events.count, true) }
                out.events.append(
                    YAMLEvent(
                        kind: .scalar, style: e.style, tag: tag(e.tag), offset: UInt32(clamping: e.offset),
                        a: UInt32(start), b: UInt32(e.value.count), size: 1))
                expanded += 1
                if expanded > options.maxNodes { throw tooMany(e.offset, alias: nil) }
            case .alias:
                let name = e.anchor ?? ""
                guard let target = anchors[name] else {
                    throw YAMLError(
                        message: "alias *\(name) names no anchor defined before it",
                        location: text.location(at: e.offset),
                        hint:
                            "define the anchor with &\(name) on a value earlier in the same document; an alias can only refer back"
                    )
                }
                guard target.complete else {
                    throw YAMLError(
                        message: "alias *\(name) refers to a value that contains it, a cycle JSON cannot represent",
                        location: text.location(at: e.offset),
                        hint: "replace the alias with a copy of the value, or restructure the data without the cycle")
                }
                let size = out.events[target.index].size
                out.events.append(
                    YAMLEvent(
                        kind: .alias, style: .plain, tag: .none, offset: UInt32(clamping: e.offset),
                        a: UInt32(target.index), b: 0, size: size))
                expanded = expanded &+ size
                if expanded > options.maxNodes || expanded < 0 { throw tooMany(e.offset, alias: name) }
            case .sequenceStart, .mappingStart:
                if open.count >= options.maxDepth {
                    throw YAMLError(
                        message: "values are nested more than \(options.maxDepth) levels deep, the limit",
                        location: text.location(at: e.offset),
                        hint: "raise the limit with the maxDepth option if the document is meant to be this deep")
                }
                if let anchor = e.anchor { anchors[anchor] = (out.events.count, false) }
                open.append((out.events.count, expanded, e.anchor))
                out.events.append(
                    YAMLEvent(
                        kind: e.kind == .mappingStart ? .mapping : .sequence, style: .plain, tag: tag(e.tag),
                        offset: UInt32(clamping: e.offset), a: 0, b: 0, size: 0))
                expanded += 1
                if expanded > options.maxNodes { throw tooMany(e.offset, alias: nil) }
            case .sequenceEnd, .mappingEnd:
                guard let top = open.popLast() else { continue }
                out.events[top.index].a = UInt32(out.events.count)
                out.events[top.index].size = expanded - top.expandedAtStart
                if let anchor = top.anchor, anchors[anchor]?.index == top.index {
                    anchors[anchor] = (top.index, true)
                }
            case .streamStart, .streamEnd, .documentStart:
                // libyaml never sends these inside a document.
                continue
            }
        }
    }

    private static func tag(_ tag: String?) -> YAMLEvent.Tag {
        guard let tag else { return .none }
        switch tag {
        case "tag:yaml.org,2002:str": return .str
        case "tag:yaml.org,2002:int": return .int
        case "tag:yaml.org,2002:float": return .float
        case "tag:yaml.org,2002:bool": return .bool
        case "tag:yaml.org,2002:null": return .null
        case "tag:yaml.org,2002:merge": return .merge
        case "!": return .nonSpecific
        default: return .other
        }
    }

    // MARK: Pass 2

    /// Owns a copy of the collected scalar bytes, so emission can read them through a stable pointer.
    final class ByteStore {
        let buffer: UnsafeMutableBufferPointer<UInt8>
        init(_ bytes: ContiguousArray<UInt8>) {
            buffer = .allocate(capacity: max(bytes.count, 1))
            _ = buffer.initialize(from: bytes)
        }
        deinit { buffer.deallocate() }
    }

    /// Builds the document from collected events.
    struct Emitter {
        let doc: YAMLCollected
        let store: ByteStore
        let text: SourceText
        let options: YAMLLoader.Options
        var builder: DocumentBuilder
        private var keys: [KeyRef] = []
        /// Offset of the outermost alias being expanded, so limits hit inside a copy point at the alias.
        private var expandingAlias: Int?
        /// Members of mappings used as merge sources, with their own merges applied, by event index.
        private var mergedCache: [Int: [(KeyRef, Int)]] = [:]

        init(doc: YAMLCollected, text: SourceText, options: YAMLLoader.Options) {
            self.doc = doc
            self.store = ByteStore(doc.bytes)
            self.text = text
            self.options = options
            builder = DocumentBuilder(text: text)
        }

        /// Index of the event after `i` and its descendants.
        @inline(__always) func skip(_ i: Int) -> Int {
            let e = doc.events[i]
            return e.kind == .sequence || e.kind == .mapping ? Int(e.a) : i + 1
        }

        /// The event an alias stands for (or `i` itself).
        @inline(__always) func deref(_ i: Int) -> Int {
            let e = doc.events[i]
            return e.kind == .alias ? Int(e.a) : i
        }

        mutating func emitRoot() throws(YAMLError) {
            if doc.events.isEmpty {
                builder.null(at: 0)
            } else {
                try emit(0, depth: 1)
            }
        }

        mutating func emit(_ index: Int, depth: Int) throws(YAMLError) {
            let i = deref(index)
            if i != index && expandingAlias == nil {
                expandingAlias = Int(doc.events[index].offset)
                defer { expandingAlias = nil }
                try emit(i, depth: depth)
                return
            }
            let e = doc.events[i]
            switch e.kind {
            case .scalar:
                try emitScalar(e)
            case .sequence:
                guard depth <= options.maxDepth else { throw tooDeep(e) }
                builder.beginArray(at: Int(e.offset))
                var j = i + 1
                let end = Int(e.a)
                while j < end {
                    try emit(j, depth: depth + 1)
                    j = skip(j)
                }
                builder.end()
            case .mapping:
                guard depth <= options.maxDepth else { throw tooDeep(e) }
                try emitMapping(i, depth: depth)
            case .alias:
                break  // deref never yields an alias
            }
        }

        private func tooDeep(_ e: YAMLEvent) -> YAMLError {
            YAMLError(
                message: "values are nested more than \(options.maxDepth) levels deep once aliases are expanded",
                location: text.location(at: expandingAlias ?? Int(e.offset)),
                hint: "raise the limit with the maxDepth option if the document is meant to be this deep")
        }

        private func value(_ e: YAMLEvent) -> UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(rebasing: store.buffer[Int(e.a)..<Int(e.a + e.b)])
        }

        private mutating func emitScalar(_ e: YAMLEvent) throws(YAMLError) {
            let at = Int(e.offset)
            let v = value(e)
            let resolved: YAMLScalarValue
            switch e.tag {
            case .str, .nonSpecific:
                resolved = .string
            case .null:
                resolved = .null
            case .bool:
                guard let b = YAMLScalar.bool(v) else { throw badTag(e, "!!bool", "true or false") }
                resolved = .bool(b)
            case .int:
                guard let i = YAMLScalar.integer(v) else { throw badTag(e, "!!int", "an integer") }
                resolved = .number(i, integer: true)
            case .float:
                guard let (n, integer) = YAMLScalar.number(v) else { throw badTag(e, "!!float", "a number") }
                resolved = .number(n, integer: integer)
            case .none, .other, .merge:
                resolved = e.style == .plain ? YAMLScalar.resolvePlain(v) : .string
            }
            switch resolved {
            case .null: builder.null(at: at)
            case .bool(let b): builder.bool(b, at: at)
            case .number(let t, let integer): builder.number(JSONNumber(unchecked: t, integerLiteral: integer), at: at)
            case .string: builder.string(utf8: v, at: at)
            }
        }

        private func badTag(_ e: YAMLEvent, _ tag: String, _ expected: String) -> YAMLError {
            let written = String(decoding: value(e), as: UTF8.self)
            return YAMLError(
                message: "value \"\(written)\" is tagged \(tag) but is not \(expected)",
                location: text.location(at: Int(e.offset)),
                hint: "fix the value, or remove the \(tag) tag")
        }

        // MARK: Mappings

        private func keyRef(_ keyIndex: Int) throws(YAMLError) -> KeyRef {
            let k = doc.events[deref(keyIndex)]
            guard k.kind == .scalar else {
                throw YAMLError(
                    message:
                        "a mapping key must be a scalar, but this key is a \(k.kind == .mapping ? "mapping" : "sequence")",
                    location: text.location(at: Int(doc.events[keyIndex].offset)),
                    hint: "JSON and OpenAPI keys are strings; write the key as a plain or quoted string")
            }
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in value(k) { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
            return KeyRef(start: Int(k.a), count: Int(k.b), hash: h, offset: Int(doc.events[keyIndex].offset))
        }

        private func sameKey(_ x: KeyRef, _ y: KeyRef) -> Bool {
            guard x.hash == y.hash, x.count == y.count else { return false }
            let b = store.buffer
            for k in 0..<x.count where b[x.start + k] != b[y.start + k] { return false }
            return true
        }

        /// Index in `keys[base...]` of a key equal to `key`, if any (a linear scan: mappings are small).
        private func find(_ key: KeyRef, from base: Int) -> Int? {
            var k = base
            while k < keys.count {
                if sameKey(keys[k], key) { return k }
                k += 1
            }
            return nil
        }

        /// Like `find`, but switches to a hash index once the mapping has more than 32 keys, so a mapping with a
        /// hundred thousand keys stays linear.
        private func find(_ key: KeyRef, from base: Int, index: inout [UInt64: Int]?) -> Int? {
            if index == nil && keys.count - base > 32 {
                var built: [UInt64: Int] = [:]
                for k in base..<keys.count where built[keys[k].hash] == nil { built[keys[k].hash] = k }
                index = built
            }
            guard let index else { return find(key, from: base) }
            guard let k = index[key.hash] else { return nil }
            return sameKey(keys[k], key) ? k : find(key, from: base)  // a hash collision: rare, scan
        }

        private mutating func append(_ key: KeyRef, index: inout [UInt64: Int]?) {
            if index != nil && index![key.hash] == nil { index![key.hash] = keys.count }
            keys.append(key)
        }

        private func isMergeKey(_ keyIndex: Int) -> Bool {
            let k = doc.events[keyIndex]
            guard k.kind == .scalar, k.style == .plain, k.tag == .none || k.tag == .merge, k.b == 2 else {
                return false
            }
            let v = value(k)
            return v[0] == UInt8(ascii: "<") && v[1] == UInt8(ascii: "<")
        }

        private mutating func emitKey(_ key: KeyRef) {
            builder.string(
                utf8: UnsafeBufferPointer(rebasing: store.buffer[key.start..<key.start + key.count]), at: key.offset)
        }

        private mutating func noteDuplicate(_ key: KeyRef, first: KeyRef) {
            let firstAt = text.location(at: first.offset)
            let name = String(decoding: store.buffer[key.start..<key.start + key.count], as: UTF8.self)
            builder.note(
                ParseNote(
                    kind: .duplicateKey,
                    message:
                        "duplicate key \"\(name)\" (first at line \(firstAt.line), column \(firstAt.column)); YAML forbids duplicate keys and readers disagree on which value wins",
                    location: text.location(at: key.offset)))
        }

        private mutating func emitMapping(_ i: Int, depth: Int) throws(YAMLError) {
            let e = doc.events[i]
            let end = Int(e.a)
            let base = keys.count
            var index: [UInt64: Int]? = nil
            defer { keys.removeSubrange(base...) }
            // Only mappings with a merge key need the two-step treatment below.
            var hasMerge = false
            var j = i + 1
            while j < end {
                if isMergeKey(j) {
                    hasMerge = true
                    break
                }
                j = skip(skip(j))
            }
            builder.beginObject(at: Int(e.offset))
            if !hasMerge {
                j = i + 1
                while j < end {
                    let key = try keyRef(j)
                    if let first = find(key, from: base, index: &index) { noteDuplicate(key, first: keys[first]) }
                    append(key, index: &index)
                    emitKey(key)
                    let v = skip(j)
                    try emit(v, depth: depth + 1)
                    j = skip(v)
                }
                builder.end()
                return
            }
            // Explicit keys first, so merged members they override are left out wherever the `<<` stands.
            j = i + 1
            while j < end {
                if !isMergeKey(j) {
                    let key = try keyRef(j)
                    if let first = find(key, from: base, index: &index) { noteDuplicate(key, first: keys[first]) }
                    append(key, index: &index)
                }
                j = skip(skip(j))
            }
            j = i + 1
            while j < end {
                let v = skip(j)
                if isMergeKey(j) {
                    let outermost = expandingAlias == nil
                    if outermost { expandingAlias = Int(doc.events[v].offset) }
                    defer { if outermost { expandingAlias = nil } }
                    for source in try mergeSources(v) {
                        for (key, valueIndex) in try mergedEntries(source, depth: depth + 1)
                        where find(key, from: base, index: &index) == nil {
                            append(key, index: &index)
                            emitKey(key)
                            try emit(valueIndex, depth: depth + 1)
                        }
                    }
                } else {
                    emitKey(try keyRef(j))
                    try emit(v, depth: depth + 1)
                }
                j = skip(v)
            }
            builder.end()
        }

        /// The mappings a `<<` value names: one mapping, or a sequence of mappings (earlier ones win).
        private func mergeSources(_ valueIndex: Int) throws(YAMLError) -> [Int] {
            let v = deref(valueIndex)
            let e = doc.events[v]
            if e.kind == .mapping { return [v] }
            let wrong = YAMLError(
                message: "the merge key << needs a mapping or a list of mappings",
                location: text.location(at: Int(doc.events[valueIndex].offset)),
                hint: "write `<<: *anchor` or `<<: [*first, *second]` where each anchor names a mapping")
            guard e.kind == .sequence else { throw wrong }
            var sources: [Int] = []
            var j = v + 1
            while j < Int(e.a) {
                let m = deref(j)
                guard doc.events[m].kind == .mapping else { throw wrong }
                sources.append(m)
                j = skip(j)
            }
            return sources
        }

        /// A mapping's members with its own merge keys applied: explicit keys first, then merged ones they do not
        /// override. `depth` bounds the recursion through chains of merges by `maxDepth`.
        private mutating func mergedEntries(_ mapping: Int, depth: Int) throws(YAMLError) -> [(KeyRef, Int)] {
            // Memoized: a chain of n mappings each merging the previous would otherwise cost n³.
            if let cached = mergedCache[mapping] { return cached }
            guard depth <= options.maxDepth else { throw tooDeep(doc.events[mapping]) }
            let end = Int(doc.events[mapping].a)
            var result: [(KeyRef, Int)] = []
            var merges: [Int] = []
            var j = mapping + 1
            while j < end {
                let v = skip(j)
                if isMergeKey(j) {
                    merges.append(v)
                } else {
                    result.append((try keyRef(j), v))
                }
                j = skip(v)
            }
            guard !merges.isEmpty else { return result }
            // Hash → positions in `result`, so large merged mappings stay linear.
            var seen: [UInt64: [Int]] = [:]
            for (k, entry) in result.enumerated() { seen[entry.0.hash, default: []].append(k) }
            for m in merges {
                for source in try mergeSources(m) {
                    for entry in try mergedEntries(source, depth: depth + 1) {
                        let same = seen[entry.0.hash]?.contains { sameKey(result[$0].0, entry.0) } ?? false
                        if same { continue }
                        seen[entry.0.hash, default: []].append(result.count)
                        result.append(entry)
                    }
                }
            }
            mergedCache[mapping] = result
            return result
        }
    }
}
