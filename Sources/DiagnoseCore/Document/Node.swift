/// A value in a `Document`: a cheap handle (document plus index) that decodes on demand.
public struct Node: Sendable {
    /// The kind of a JSON value.
    public enum Kind: UInt8, Sendable, Hashable, CustomStringConvertible {
        case null, bool, number, string, array, object

        /// The JSON Schema type name (`number` for every number).
        public var description: String {
            switch self {
            case .null: "null"
            case .bool: "boolean"
            case .number: "number"
            case .string: "string"
            case .array: "array"
            case .object: "object"
            }
        }
    }

    /// The document holding the value.
    public let document: Document
    /// The node's index in the document; stable for the document's lifetime.
    public let index: Int

    @inlinable init(document: Document, index: Int) {
        self.document = document
        self.index = index
    }

    @usableFromInline var raw: RawNode { document.nodes[index] }

    /// The kind of value.
    public var kind: Node.Kind { raw.kind }

    /// Whether this is `null`.
    public var isNull: Bool { raw.kind == .null }

    /// The boolean value, or nil for other kinds.
    public var boolValue: Bool? {
        let r = raw
        return r.kind == .bool ? (r.flags & RawNode.isTrue) != 0 : nil
    }

    /// The string value, decoded, or nil for other kinds.
    public var stringValue: String? {
        raw.kind == .string ? decodedString() : nil
    }

    /// The number, losslessly, or nil for other kinds.
    public var numberValue: JSONNumber? {
        let r = raw
        guard r.kind == .number else { return nil }
        return JSONNumber(
            unchecked: withPayload { String(decoding: $0, as: UTF8.self) },
            integerLiteral: (r.flags & RawNode.integerLiteral) != 0)
    }

    /// Number of elements of an array or members of an object; 0 for scalars.
    public var count: Int {
        let r = raw
        return r.kind == .array || r.kind == .object ? Int(r.a) : 0
    }

    /// Index just past this node's last descendant.
    @inlinable var end: Int {
        let r = raw
        return r.kind == .array || r.kind == .object ? Int(r.b) : index + 1
    }

    /// Byte offset of the value's first byte in its text.
    public var offset: Int { Int(raw.start) }

    /// Where the value starts in its file.
    public var location: SourceLocation { document.text.location(at: offset) }

    /// The array's elements, in order (empty for other kinds).
    public var elements: Elements { Elements(node: self) }

    /// The object's members as (key, value) pairs in source order (empty for other kinds).
    public var members: Members { Members(node: self) }

    /// The member named `key` (the first one, when a key is duplicated), or nil.
    public subscript(key: String) -> Node? {
        guard raw.kind == .object else { return nil }
        var key = key
        return key.withUTF8 { member(utf8: $0) }
    }

    /// The element at `position`, or nil when out of range or not an array.
    public subscript(position: Int) -> Node? {
        let r = raw
        guard r.kind == .array, position >= 0, position < Int(r.a) else { return nil }
        var i = index + 1
        for _ in 0..<position { i = document.node(at: i).end }
        return Node(document: document, index: i)
    }

    /// Looks up an object member by the UTF-8 bytes of its key, without decoding other keys.
    /// Walks the raw nodes and compares key bytes (no `Node` handle, and so no reference count, per key): spec
    /// loading and schema compilation look up thousands of keywords this way.
    public func member(utf8 key: UnsafeBufferPointer<UInt8>) -> Node? {
        guard raw.kind == .object else { return nil }
        var found: Int?
        _ = document.forEachMember(of: index) { name, value in
            guard name.count == key.count, name.count == 0 || memcmp(name.baseAddress!, key.baseAddress!, name.count) == 0
            else { return true }
            found = value
            return false
        }
        return found.map { Node(document: document, index: $0) }
    }

    /// Whether this is a string whose decoded value equals `utf8`.
    public func stringEquals(utf8 other: UnsafeBufferPointer<UInt8>) -> Bool {
        let r = raw
        guard r.kind == .string else { return false }
        if r.flags & RawNode.escaped != 0 {
            let decoded = decodedString()
            return decoded.utf8.elementsEqual(other)
        }
        guard Int(r.b) == other.count else { return false }
        return withPayload { payload in
            payload.count == 0 || memcmp(payload.baseAddress!, other.baseAddress!, payload.count) == 0
        }
    }

    /// Whether this is a string equal to `string`.
    public func stringEquals(_ string: String) -> Bool {
        var s = string
        return s.withUTF8 { stringEquals(utf8: $0) }
    }

    /// Calls `body` with the raw payload bytes: string content (still escaped, for JSON strings with escapes) or
    /// number text.
    @inlinable public func withPayload<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try document.withPayload(of: raw, body)
    }

    /// Number of UTF-8 bytes of the decoded string (cheap when the string has no escapes).
    public var utf8Count: Int {
        let r = raw
        guard r.kind == .string else { return 0 }
        if r.flags & RawNode.escaped == 0 { return Int(r.b) }
        return decodedString().utf8.count
    }

    /// The string's content as UTF-8 bytes, escapes decoded (a copy of the payload when it has none).
    public func decodedBytes() -> [UInt8] {
        if raw.flags & RawNode.escaped == 0 { return withPayload { Array($0) } }
        return withPayload { JSONParser.unescapeBytes($0) }
    }

    func decodedString() -> String {
        let r = raw
        if r.flags & RawNode.escaped == 0 {
            return withPayload { String(decoding: $0, as: UTF8.self) }
        }
        return withPayload { JSONParser.unescape($0) }
    }
}

/// The elements of an array node.
public struct Elements: Sequence, Sendable {
    let node: Node
    /// Iterates the elements in order.
    public struct Iterator: IteratorProtocol {
        let document: Document
        var cursor: Int
        var remaining: Int
        /// The next element.
        public mutating func next() -> Node? {
            guard remaining > 0 else { return nil }
            remaining -= 1
            let n = Node(document: document, index: cursor)
            cursor = n.end
            return n
        }
    }
    /// An iterator over the elements.
    public func makeIterator() -> Iterator {
        Iterator(document: node.document, cursor: node.index + 1, remaining: node.kind == .array ? node.count : 0)
    }
    /// The number of elements.
    public var underestimatedCount: Int { node.kind == .array ? node.count : 0 }
}

/// The members of an object node.
public struct Members: Sequence, Sendable {
    let node: Node
    /// Iterates members in source order.
    public struct Iterator: IteratorProtocol {
        let document: Document
        var cursor: Int
        var remaining: Int
        /// The next member: its key node and its value.
        public mutating func next() -> (key: Node, value: Node)? {
            guard remaining > 0 else { return nil }
            remaining -= 1
            let key = Node(document: document, index: cursor)
            let value = Node(document: document, index: cursor + 1)
            cursor = value.end
            return (key, value)
        }
    }
    /// An iterator over the members.
    public func makeIterator() -> Iterator {
        Iterator(document: node.document, cursor: node.index + 1, remaining: node.kind == .object ? node.count : 0)
    }
    /// The number of members.
    public var underestimatedCount: Int { node.kind == .object ? node.count : 0 }
}

extension Node {
    /// The decoded keys of an object, in source order.
    public var keys: [String] { members.map { $0.key.stringValue ?? "" } }

    /// The node a JSON pointer names below this one, or nil.
    public func resolve(_ pointer: JSONPointer) -> Node? {
        var current = self
        for token in pointer.tokens {
            switch current.kind {
            case .object:
                guard let next = current[token] else { return nil }
                current = next
            case .array:
                guard let i = JSONPointer.arrayIndex(token), let next = current[i] else { return nil }
                current = next
            default:
                return nil
            }
        }
        return current
    }

    /// Deep equality as JSON Schema defines it: numbers compare mathematically (`1.0 == 1`), object member order is
    /// irrelevant, strings compare by code points.
    public func jsonEquals(_ other: Node) -> Bool {
        let k = kind
        guard k == other.kind else { return false }
        switch k {
        case .null: return true
        case .bool: return boolValue == other.boolValue
        case .number: return numberValue! == other.numberValue!
        case .string:
            if raw.flags & RawNode.escaped == 0 {
                return withPayload { other.stringEquals(utf8: $0) }
            }
            return stringValue == other.stringValue
        case .array:
            guard count == other.count else { return false }
            for (a, b) in zip(elements, other.elements) where !a.jsonEquals(b) { return false }
            return true
        case .object:
            guard count == other.count else { return false }
            for (key, value) in members {
                guard let otherValue = key.withPayloadDecoded({ other.member(utf8: $0) }),
                    value.jsonEquals(otherValue)
                else { return false }
            }
            return true
        }
    }

    /// Lends the payload of a string whose JSON text can be read where it lies: one without escapes (the payload
    /// is the text; `inJSONString` false) or with only `\"` ones (`RawNode.quoteEscapesOnly`; true). Nil for a
    /// string with other escapes (decode it first) or a node that is not a string.
    func withJSONTextInPlace<R>(_ body: (_ text: UnsafeBufferPointer<UInt8>, _ inJSONString: Bool) -> R) -> R? {
        let r = raw
        guard r.kind == .string, r.flags & RawNode.escaped == 0 || r.flags & RawNode.quoteEscapesOnly != 0 else {
            return nil
        }
        return withPayload { body($0, r.flags & RawNode.escaped != 0) }
    }

    /// Calls `body` with the decoded UTF-8 of a string node.
    public func withPayloadDecoded<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        if raw.flags & RawNode.escaped == 0 { return try withPayload(body) }
        var s = decodedString()
        return try s.withUTF8(body)
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#elseif canImport(Musl)
    import Musl
#endif
