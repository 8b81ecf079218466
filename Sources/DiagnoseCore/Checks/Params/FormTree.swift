#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Form pairs nested by their bracket paths, the way `FormDecoding.nest` describes, held flat: slots in one array
/// linked by index, member names and leaf values as byte ranges of one buffer. Building it allocates a handful of
/// buffers whatever the number of pairs (the `FormValue` tree it replaces on the body path allocated two arrays and
/// a string or two per pair), and `SchemaCoercion` reads it directly.
///
/// Slot 0 is the root: an object for pairs, or whatever a `FormValue` converted with `init(_:)` was.
struct FormTree {
    enum Kind: UInt8 { case leaf, object, array }

    struct Slot {
        var kind: Kind
        /// Byte offset, in the source text, of the pair that made the slot.
        var offset: Int
        /// The member name under an object (a range of `bytes`); empty for array elements and the root.
        var key: Range<Int> = 0..<0
        /// A leaf's value (a range of `bytes`).
        var value: Range<Int> = 0..<0
        /// First and last child, and the next sibling (-1: none).
        var first = -1
        var last = -1
        var next = -1
        /// Number of children.
        var count = 0
        /// Whether `indexes` holds a lookup table for this object.
        var indexed = false
    }

    private(set) var slots: [Slot]
    /// Decoded member names and leaf values.
    private(set) var bytes: [UInt8] = []
    /// Member lookup for objects with many members (by slot): their member slots hashed by key bytes.
    private var indexes: [Int: MemberIndex] = [:]

    /// An open-addressing table of an object's member slots (-1: empty), hashed by the key's bytes and compared in
    /// place: a `[String: Int]` made a string and hashed it for every member of a large object, and every pair of a
    /// Stripe body starts with a lookup in its large top-level object.
    private struct MemberIndex {
        var table: [Int32]
        var count = 0

        init(capacity: Int) {
            var size = 64
            while size < capacity * 2 { size *= 2 }
            table = Array(repeating: -1, count: size)
        }
    }
    /// Segment ranges of the name being inserted (kept to reuse its storage).
    private var segments: [Range<Int>] = []

    /// Objects with more members than this get a lookup table instead of a scan (comparing a few short keys byte by
    /// byte is cheaper than hashing one).
    private static let scanLimit = 24

    /// An empty root object.
    init() {
        slots = [Slot(kind: .object, offset: 0)]
    }

    /// Pairs nested by their bracket paths (see `FormDecoding.nest`).
    init(_ pairs: [FormPair]) {
        self.init()
        // Bracketed names add a slot per level: room for two per pair, and for every name and value's bytes.
        slots.reserveCapacity(2 * pairs.count + 1)
        segments.reserveCapacity(8)
        // The pairs are read where they lie: copying each out (and its name and value to make them contiguous)
        // retained and released both strings, for every pair of every form body.
        pairs.withUnsafeBufferPointer { pairs in
            var size = 0
            for i in pairs.indices { size += pairs[i].name.utf8.count + pairs[i].value.utf8.count }
            bytes.reserveCapacity(size)
            for i in pairs.indices {
                pairs[i].name.withBytes { n in
                    pairs[i].value.withBytes { v in insert(name: n, value: v, offset: pairs[i].offset) }
                }
            }
        }
    }

    /// The same structure as a decoded value (parameters are assembled as `FormValue`s).
    init(_ value: FormValue) {
        slots = []
        _ = add(value)
    }

    private mutating func add(_ value: FormValue) -> Int {
        switch value {
        case .string(let s, let offset):
            return add(Slot(kind: .leaf, offset: offset, value: store(s)))
        case .array(let elements, let offset):
            let slot = add(Slot(kind: .array, offset: offset))
            for element in elements { link(slot, child: add(element)) }
            return slot
        case .object(let members, let offset):
            let slot = add(Slot(kind: .object, offset: offset))
            for (key, member) in members {
                let child = add(member)
                slots[child].key = store(key)
                appendMember(slot, child: child)
            }
            return slot
        }
    }

    // MARK: - Reading

    /// The bytes of a range (a key or a value).
    func withBytes<R>(_ range: Range<Int>, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[range])) }
    }

    /// A range of the buffer as a string.
    func string(_ range: Range<Int>) -> String {
        withBytes(range) { String(decoding: $0, as: UTF8.self) }
    }

    /// The children of a slot, in order.
    func children(_ slot: Int) -> ChildSequence { ChildSequence(slots: slots, first: slots[slot].first) }

    struct ChildSequence: Sequence, IteratorProtocol {
        let slots: [Slot]
        var first: Int
        mutating func next() -> Int? {
            guard first >= 0 else { return nil }
            defer { first = slots[first].next }
            return first
        }
    }

    /// The tree as a `FormValue` (slot 0 down).
    func freeze(_ slot: Int = 0) -> FormValue {
        let s = slots[slot]
        switch s.kind {
        case .leaf: return .string(string(s.value), offset: s.offset)
        case .array: return .array(children(slot).map { freeze($0) }, offset: s.offset)
        case .object:
            var members: [(key: String, value: FormValue)] = []
            members.reserveCapacity(s.count)
            for child in children(slot) { members.append((string(slots[child].key), freeze(child))) }
            return .object(members, offset: s.offset)
        }
    }

    // MARK: - Building

    private mutating func add(_ slot: Slot) -> Int {
        slots.append(slot)
        return slots.count - 1
    }

    private mutating func store(_ b: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        let start = bytes.count
        bytes.append(contentsOf: b)
        return start..<bytes.count
    }

    private mutating func store(_ s: String) -> Range<Int> {
        var s = s
        return s.withUTF8 { store($0) }
    }

    /// Appends `child` to `slot`'s children (array elements, or object members already keyed).
    private mutating func link(_ slot: Int, child: Int) {
        slots[child].next = -1
        if slots[slot].last >= 0 { slots[slots[slot].last].next = child } else { slots[slot].first = child }
        slots[slot].last = child
        slots[slot].count += 1
    }

    /// Appends a keyed member and keeps the lookup table of a large object up to date.
    private mutating func appendMember(_ slot: Int, child: Int) {
        link(slot, child: child)
        if slots[slot].indexed {
            addToIndex(slot, child: child)
        } else if slots[slot].count > Self.scanLimit {
            buildIndex(slot)
        }
    }

    /// Builds the lookup table of a large object (the first member of each name wins).
    private mutating func buildIndex(_ slot: Int) {
        indexes[slot] = MemberIndex(capacity: slots[slot].count)
        slots[slot].indexed = true
        for c in children(slot) { addToIndex(slot, child: c) }
    }

    /// Enters `child` in its object's table unless a member of that name is there already; doubles the table when
    /// it is half full.
    private mutating func addToIndex(_ slot: Int, child: Int) {
        guard var index = indexes.removeValue(forKey: slot) else { return }
        defer { indexes[slot] = index }
        let key = slots[child].key
        let found: Int? = withBytes(key) { lookup(index, $0) }
        guard found == nil else { return }
        if (index.count + 1) * 2 > index.table.count {
            var bigger = MemberIndex(capacity: index.table.count)
            for c in index.table where c >= 0 { place(&bigger, Int(c)) }
            index = bigger
        }
        place(&index, child)
    }

    /// Puts `child` in the first free position of its key's probe sequence.
    private func place(_ index: inout MemberIndex, _ child: Int) {
        let mask = index.table.count - 1
        var h = withBytes(slots[child].key) { PropertyTable.hash($0) } & mask
        while index.table[h] >= 0 { h = (h + 1) & mask }
        index.table[h] = Int32(child)
        index.count += 1
    }

    /// The member of an indexed object named `key`, or nil.
    private func lookup(_ index: MemberIndex, _ key: UnsafeBufferPointer<UInt8>) -> Int? {
        let mask = index.table.count - 1
        var h = PropertyTable.hash(key) & mask
        return bytes.withUnsafeBufferPointer { all in
            index.table.withUnsafeBufferPointer { table in
                while true {
                    let c = Int(table[h])
                    if c < 0 { return nil }
                    let k = slots[c].key
                    if k.count == key.count, k.isEmpty || memcmp(all.baseAddress! + k.lowerBound, key.baseAddress!, k.count) == 0 {
                        return c
                    }
                    h = (h + 1) & mask
                }
            }
        }
    }

    /// The first member of object `slot` named `key`, or nil.
    private func member(_ slot: Int, _ key: UnsafeBufferPointer<UInt8>) -> Int? {
        if slots[slot].indexed { return indexes[slot].flatMap { lookup($0, key) } }
        return bytes.withUnsafeBufferPointer { all in
            var c = slots[slot].first
            while c >= 0 {
                let k = slots[c].key
                if k.count == key.count, k.isEmpty || memcmp(all.baseAddress! + k.lowerBound, key.baseAddress!, k.count) == 0 {
                    return c
                }
                c = slots[c].next
            }
            return nil
        }
    }

    /// Splits a pair's name into its base name and bracket segments (`items[0][price]` → items, 0, price); a name
    /// without brackets, or with malformed ones, is one literal segment.
    private mutating func split(_ name: UnsafeBufferPointer<UInt8>) {
        segments.removeAll(keepingCapacity: true)
        if let open = name.firstIndex(ofByte: UInt8(ascii: "[")), open != 0 {
            segments.append(0..<open)
            if FormPair.bracketSegments(name, from: open, { segments.append($0) }) { return }
            segments.removeAll(keepingCapacity: true)
        }
        segments.append(0..<name.count)
    }

    /// Inserts one pair: walks (and grows) the tree along the name's segments and puts the value at the end.
    mutating func insert(name: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>, offset: Int) {
        split(name)
        let path = segments
        var slot = 0
        var i = 0
        while i < path.count {
            let key = UnsafeBufferPointer(rebasing: name[path[i]])
            let last = i == path.count - 1
            switch slots[slot].kind {
            case .object:
                if let child = member(slot, key) {
                    if last {
                        // A repeated name collects into an array.
                        let leaf = add(Slot(kind: .leaf, offset: offset, value: store(value)))
                        if slots[child].kind != .array {
                            var moved = slots[child]
                            moved.key = 0..<0
                            let movedSlot = add(moved)
                            if moved.indexed { indexes[movedSlot] = indexes.removeValue(forKey: child) }
                            slots[child].kind = .array
                            slots[child].indexed = false
                            slots[child].first = -1
                            slots[child].last = -1
                            slots[child].count = 0
                            link(child, child: movedSlot)
                        }
                        link(child, child: leaf)
                        return
                    }
                    slot = child
                } else if last {
                    let leaf = add(Slot(kind: .leaf, offset: offset, key: store(key), value: store(value)))
                    appendMember(slot, child: leaf)
                    return
                } else {
                    let child = add(Slot(kind: path[i + 1].isEmpty ? .array : .object, offset: offset, key: store(key)))
                    appendMember(slot, child: child)
                    slot = child
                }
                i += 1
            case .array:
                if key.isEmpty {
                    if last {
                        link(slot, child: add(Slot(kind: .leaf, offset: offset, value: store(value))))
                        return
                    }
                    let child = add(Slot(kind: path[i + 1].isEmpty ? .array : .object, offset: offset))
                    link(slot, child: child)
                    slot = child
                    i += 1
                } else {
                    // Mixed `a[]=x&a[k]=y`: the array becomes an object keyed by position.
                    slots[slot].kind = .object
                    var position = 0
                    var c = slots[slot].first
                    while c >= 0 {
                        slots[c].key = store(String(position))
                        position += 1
                        c = slots[c].next
                    }
                    if slots[slot].count > Self.scanLimit { buildIndex(slot) }
                }
            case .leaf:
                // `a=1&a[b]=2`: keep both, the scalar under the key "".
                var moved = slots[slot]
                moved.key = 0..<0
                let movedSlot = add(moved)
                slots[slot].kind = .object
                slots[slot].first = -1
                slots[slot].last = -1
                slots[slot].count = 0
                appendMember(slot, child: movedSlot)
            }
        }
    }
}
