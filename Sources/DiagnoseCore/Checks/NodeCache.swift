import Synchronization

/// Objects cached per schema node (validators, coercion shapes), read by every worker on every exchange without a
/// lock and without reference counting.
///
/// Each document gets one word per node: zero until the node's object is made, then the object's address. The
/// objects are kept alive by the cache itself, so readers hold them unretained. A lock guards only the making. With
/// two workers, a mutex and a retain per lookup were writes to cache lines both cores read, for every form field.
final class NodeCache<Value: AnyObject & Sendable>: Sendable {
    /// One document's words.
    private final class Slots: @unchecked Sendable {
        let document: Document
        let words: UnsafeMutablePointer<Atomic<UInt>>
        let count: Int

        init(document: Document) {
            self.document = document
            count = document.nodeCount
            words = .allocate(capacity: Swift.max(count, 1))
            for i in 0..<count { (words + i).initialize(to: Atomic(0)) }
        }

        deinit {
            words.deinitialize(count: count)
            words.deallocate()
        }
    }

    private struct State {
        var slots: [ObjectIdentifier: Slots] = [:]
        /// Owns every cached value.
        var values: [Value] = []
    }

    private let state = Mutex(State())
    /// The slots used last (unretained; `state` owns them), for the common case of one document.
    private let last = Atomic<UInt>(0)

    init() {}

    /// The cached value for `node`, unretained, or nil.
    func cached(_ node: Node) -> Unmanaged<Value>? {
        let word = withSlots(node.document) { $0.words[node.index].load(ordering: .acquiring) }
        guard word != 0 else { return nil }
        return Unmanaged.fromOpaque(UnsafeRawPointer(bitPattern: word)!)
    }

    /// The value for `node`, made by `make` (outside the lock) on first use. When two threads race, the first
    /// stored value wins and the other is dropped.
    func value(for node: Node, make: () -> Value) -> Unmanaged<Value> {
        if let known = cached(node) { return known }
        let made = make()
        return state.withLock { state in
            let slots = Self.slots(node.document, in: &state)
            let word = slots.words[node.index].load(ordering: .acquiring)
            if word != 0 { return Unmanaged.fromOpaque(UnsafeRawPointer(bitPattern: word)!) }
            state.values.append(made)
            let stored = Unmanaged.passUnretained(made)
            slots.words[node.index].store(UInt(bitPattern: stored.toOpaque()), ordering: .releasing)
            return stored
        }
    }

    private func withSlots(_ document: Document, _ body: (Slots) -> UInt) -> UInt {
        let word = last.load(ordering: .acquiring)
        if word != 0 {
            let hit = Unmanaged<Slots>.fromOpaque(UnsafeRawPointer(bitPattern: word)!)._withUnsafeGuaranteedRef { slots in
                slots.document === document ? body(slots) : nil
            }
            if let hit { return hit }
        }
        let slots = state.withLock { state in Unmanaged.passUnretained(Self.slots(document, in: &state)) }
        last.store(UInt(bitPattern: slots.toOpaque()), ordering: .releasing)
        return slots._withUnsafeGuaranteedRef(body)
    }

    private static func slots(_ document: Document, in state: inout State) -> Slots {
        let id = ObjectIdentifier(document)
        if let known = state.slots[id] { return known }
        let made = Slots(document: document)
        state.slots[id] = made
        return made
    }
}
