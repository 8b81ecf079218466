/*
 A structural diff of two JSON values, as `compare` and `replay` use it to say what changed between a recorded and a
 replayed response body.

 The walk is parallel and pre-order: objects compare by key (old keys in their order, then keys only the new value
 has), arrays by position, scalars by value (numbers mathematically, so `1.0` equals `1`). Each difference becomes
 one `Change` naming its JSON pointer:

     old {"id":"ch_1Abc","amount":100,"paid":true,"refunds":[]}
     new {"id":"ch_9Xyz","amount":250,"paid":"yes","refunds":[],"review":null}
     →   changed /amount 100 → 250, typeChanged /paid boolean → string, added /review null
         (/id is ignored: both look like ids with the prefix ch_)

 Volatile values are skipped by default: ids with the same prefix (`ch_…` vs `ch_…`), UUIDs, ISO timestamps, epoch
 seconds close to each other, and fields named like timestamps or request ids. Users add `--ignore POINTER`
 patterns, where `*` matches any one token (so one pattern covers every array element); a pattern also ignores everything below it.
*/

/// Structural differences between two JSON values.
public enum JSONDiff {
    /// One difference, at a JSON pointer. Values are compact JSON text.
    public enum Change: Sendable, Hashable, CustomStringConvertible {
        /// Present only in the new value.
        case added(JSONPointer, value: String)
        /// Present only in the old value.
        case removed(JSONPointer, value: String)
        /// Same kind, different value.
        case changed(JSONPointer, old: String, new: String)
        /// A different kind of value (`boolean` → `string`).
        case typeChanged(JSONPointer, old: Node.Kind, new: Node.Kind)

        /// Where the difference is.
        public var pointer: JSONPointer {
            switch self {
            case .added(let p, _), .removed(let p, _), .changed(let p, _, _), .typeChanged(let p, _, _): p
            }
        }

        /// `added`, `removed`, `changed` or `type-changed`.
        public var kind: String {
            switch self {
            case .added: "added"
            case .removed: "removed"
            case .changed: "changed"
            case .typeChanged: "type-changed"
            }
        }

        /// One line, e.g. `changed /amount: 100 → 250`.
        public var description: String {
            let where_ = pointer.tokens.isEmpty ? "(root)" : pointer.description
            switch self {
            case .added(_, let v): return "added \(where_): \(v)"
            case .removed(_, let v): return "removed \(where_): \(v)"
            case .changed(_, let o, let n): return "changed \(where_): \(o) → \(n)"
            case .typeChanged(_, let o, let n): return "type changed \(where_): \(o) → \(n)"
            }
        }
    }

    /// What to ignore.
    public struct Options: Sendable, Hashable {
        /// Skip volatile values (ids with the same prefix, timestamps, request ids); on by default.
        public var ignoreVolatile: Bool
        /// `--ignore POINTER` patterns.
        public var ignore: [PointerPattern]
        /// Two epoch-second numbers at most this far apart count as the same moment of "now" (default 400 days).
        public var epochWindowSeconds: Int64

        /// Creates options.
        /// - Parameters:
        ///   - ignoreVolatile: skip volatile values.
        ///   - ignore: pointer patterns to skip.
        ///   - epochWindowSeconds: epoch window.
        public init(ignoreVolatile: Bool = true, ignore: [PointerPattern] = [], epochWindowSeconds: Int64 = 400 * 86400)
        {
            self.ignoreVolatile = ignoreVolatile
            self.ignore = ignore
            self.epochWindowSeconds = epochWindowSeconds
        }
    }

    /// Object keys whose values are volatile whatever they hold.
    public static let volatileKeys: Set<String> = [
        "created", "updated", "timestamp", "request_id", "requestid", "request_log_url", "idempotency_key",
        "date", "time", "trace_id", "traceid", "correlation_id",
    ]

    /// The differences from `old` to `new`.
    /// - Parameters:
    ///   - old: the recorded value.
    ///   - new: the replayed value.
    ///   - options: what to ignore.
    /// - Returns: changes in walk order (empty when equal up to ignored values).
    /// - Complexity: O(n·k) for objects of k keys (member lookup is linear), O(n) otherwise.
    public static func diff(_ old: Node, _ new: Node, options: Options = Options()) -> [Change] {
        var changes: [Change] = []
        walk(old, new, pointer: .root, key: nil, options: options, into: &changes)
        return changes
    }

    private static func walk(
        _ old: Node, _ new: Node, pointer: JSONPointer, key: String?, options: Options, into changes: inout [Change]
    ) {
        if options.ignore.contains(where: { $0.matches(pointer) }) { return }
        if old.kind != new.kind {
            if options.ignoreVolatile, let key, volatileKeys.contains(key.httpLowercased) { return }
            changes.append(.typeChanged(pointer, old: old.kind, new: new.kind))
            return
        }
        switch old.kind {
        case .object:
            var oldKeys: Set<String> = []
            for (k, value) in old.members {
                let name = k.stringValue ?? ""
                if !oldKeys.insert(name).inserted { continue }  // duplicate key: the first one counts
                let child = pointer.appending(name)
                if let other = new[name] {
                    walk(value, other, pointer: child, key: name, options: options, into: &changes)
                } else if !options.ignore.contains(where: { $0.matches(child) }) {
                    changes.append(.removed(child, value: JSONSerializer.serialize(value)))
                }
            }
            var seen: Set<String> = []
            for (k, value) in new.members {
                let name = k.stringValue ?? ""
                guard !oldKeys.contains(name), seen.insert(name).inserted else { continue }
                let child = pointer.appending(name)
                if !options.ignore.contains(where: { $0.matches(child) }) {
                    changes.append(.added(child, value: JSONSerializer.serialize(value)))
                }
            }
        case .array:
            var a = old.elements.makeIterator()
            var b = new.elements.makeIterator()
            var i = 0
            while true {
                let x = a.next()
                let y = b.next()
                let child = pointer.appending(i)
                switch (x, y) {
                case (nil, nil): return
                case (let x?, let y?): walk(x, y, pointer: child, key: key, options: options, into: &changes)
                case (let x?, nil):
                    if !options.ignore.contains(where: { $0.matches(child) }) {
                        changes.append(.removed(child, value: JSONSerializer.serialize(x)))
                    }
                case (nil, let y?):
                    if !options.ignore.contains(where: { $0.matches(child) }) {
                        changes.append(.added(child, value: JSONSerializer.serialize(y)))
                    }
                }
                i += 1
            }
        default:
            if old.jsonEquals(new) { return }
            if options.ignoreVolatile && isVolatile(key: key, old: old, new: new, options: options) { return }
            changes.append(.changed(pointer, old: JSONSerializer.serialize(old), new: JSONSerializer.serialize(new)))
        }
    }

    /// Whether two different scalars are a volatile pair: the same kind of id, two timestamps, a request id.
    /// - Parameters:
    ///   - key: the object key holding them (the nearest one for array elements), if any.
    ///   - old: the recorded value.
    ///   - new: the replayed value.
    ///   - options: the epoch window.
    /// - Returns: true when the difference is expected between two runs.
    public static func isVolatile(key: String?, old: Node, new: Node, options: Options = Options()) -> Bool {
        let lowerKey = key?.httpLowercased ?? ""
        if volatileKeys.contains(lowerKey) || lowerKey.hasSuffix("_at") { return true }
        if let a = old.stringValue, let b = new.stringValue {
            if let pa = idPrefix(a), pa == idPrefix(b) { return true }
            if isUUID(a) && isUUID(b) { return true }
            if isISOTimestamp(a) && isISOTimestamp(b) { return true }
            if (lowerKey == "id" || lowerKey.hasSuffix("_id")) && a.utf8.count == b.utf8.count { return true }
            return false
        }
        if let a = old.numberValue, let b = new.numberValue, let x = Int64(a.text), let y = Int64(b.text) {
            let seconds: ClosedRange<Int64> = 946_684_800...4_102_444_800  // 2000-01-01 … 2100-01-01
            if seconds.contains(x) && seconds.contains(y) && abs(x - y) <= options.epochWindowSeconds { return true }
            let millis = (seconds.lowerBound * 1000)...(seconds.upperBound * 1000)
            if millis.contains(x) && millis.contains(y) && abs(x - y) <= options.epochWindowSeconds * 1000 {
                return true
            }
        }
        return false
    }

    /// The prefix of an id like `ch_3NkQ2a…` or `cus_Q1w2…` (`ch`, `cus`), or nil when the string is not such an id.
    static func idPrefix(_ s: String) -> Substring? {
        guard let underscore = s.firstIndex(of: "_") else { return nil }
        let prefix = s[..<underscore]
        let rest = s[s.index(after: underscore)...]
        guard (1...8).contains(prefix.count), prefix.allSatisfy({ $0.isASCII && $0.isLetter }),
            rest.count >= 6, rest.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }),
            rest.contains(where: { $0.isNumber })
        else { return nil }
        return prefix
    }

    static func isUUID(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard u.count == 36 else { return false }
        for (i, c) in u.enumerated() {
            if i == 8 || i == 13 || i == 18 || i == 23 {
                if c != UInt8(ascii: "-") { return false }
            } else if !isHex(c) {
                return false
            }
        }
        return true
    }

    static func isISOTimestamp(_ s: String) -> Bool {
        // 2024-06-20, 2024-06-20T12:34:56Z, 2024-06-20 12:34:56.789+02:00
        let u = Array(s.utf8)
        guard u.count >= 10 else { return false }
        let digits = [0, 1, 2, 3, 5, 6, 8, 9]
        guard digits.allSatisfy({ isDigit(u[$0]) }), u[4] == UInt8(ascii: "-"), u[7] == UInt8(ascii: "-") else {
            return false
        }
        if u.count == 10 { return true }
        guard u.count >= 16, u[10] == UInt8(ascii: "T") || u[10] == UInt8(ascii: " "), isDigit(u[11]), isDigit(u[12]),
            u[13] == UInt8(ascii: ":")
        else { return false }
        return true
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
    private static func isHex(_ c: UInt8) -> Bool { isDigit(c) || (c | 0x20 >= 97 && c | 0x20 <= 102) }
}

/// A JSON pointer pattern for `--ignore`: `*` matches any one token, and a pattern covers everything below it.
public struct PointerPattern: Sendable, Hashable, CustomStringConvertible {
    /// The tokens; `*` is the wildcard.
    public var tokens: [String]

    /// Parses `/data/*/created`.
    /// - Parameter text: the pattern.
    /// - Throws: `JSONPointer.ParseError` when it is not a JSON pointer.
    public init(parsing text: String) throws(JSONPointer.ParseError) {
        tokens = try JSONPointer(parsing: text).tokens
    }

    /// Whether `pointer` is the pattern's target or lies below it.
    /// - Parameter pointer: a pointer in the compared document.
    /// - Returns: true when it is ignored.
    public func matches(_ pointer: JSONPointer) -> Bool {
        guard pointer.tokens.count >= tokens.count else { return false }
        for (p, t) in zip(tokens, pointer.tokens) where p != "*" && p != t { return false }
        return true
    }

    /// The pattern text.
    public var description: String { JSONPointer(tokens: tokens).description }
}
