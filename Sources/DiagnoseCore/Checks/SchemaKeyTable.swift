/// A table from schema nodes (document and index) to cached objects, for the per-schema caches every exchange
/// reads (validators, coercion shapes). Open addressing with a multiplicative hash of the two words: a `Dictionary`
/// hashes its keys with SipHash, which for these two-word keys cost more than the lookups it served.
struct SchemaKeyTable<Value: AnyObject> {
    private var keys: [SpecChecker.SchemaKey?] = []
    private var values: [Value?] = []
    private(set) var count = 0

    private static func hash(_ key: SpecChecker.SchemaKey) -> Int {
        let h =
            (UInt(bitPattern: key.document) &* 0x9E37_79B9_7F4A_7C15) ^ (UInt(bitPattern: key.index) &* 0xC2B2_AE3D_27D4_EB4F)
        return Int(bitPattern: h ^ (h >> 29))
    }

    /// The value stored for `key`, or nil.
    subscript(key: SpecChecker.SchemaKey) -> Value? {
        guard !keys.isEmpty else { return nil }
        let mask = keys.count - 1
        var slot = Self.hash(key) & mask
        while let stored = keys[slot] {
            if stored == key { return values[slot] }
            slot = (slot + 1) & mask
        }
        return nil
    }

    /// Stores `value` for `key`, replacing any value stored before.
    mutating func set(_ value: Value, for key: SpecChecker.SchemaKey) {
        if (count + 1) * 2 > keys.count { grow() }
        let mask = keys.count - 1
        var slot = Self.hash(key) & mask
        while let stored = keys[slot] {
            if stored == key {
                values[slot] = value
                return
            }
            slot = (slot + 1) & mask
        }
        keys[slot] = key
        values[slot] = value
        count += 1
    }

    private mutating func grow() {
        let (oldKeys, oldValues) = (keys, values)
        let capacity = max(64, keys.count * 2)
        keys = [SpecChecker.SchemaKey?](repeating: nil, count: capacity)
        values = [Value?](repeating: nil, count: capacity)
        count = 0
        for slot in 0..<oldKeys.count {
            if let key = oldKeys[slot], let value = oldValues[slot] { set(value, for: key) }
        }
    }
}
