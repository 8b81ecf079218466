/// Builds a `Document` value by value: the YAML loader, the form decoder and tests use it to produce the same tree
/// the JSON parser produces.
///
/// Containers are opened with `beginObject`/`beginArray` and closed with `end()`. Inside an object, calls alternate
/// key (`string`) and value. Offsets name the byte in `text` each value came from, for locations.
public struct DocumentBuilder: Sendable {
    private var nodes = ContiguousArray<RawNode>()
    private var side = ContiguousArray<UInt8>()
    private var stack: [Int] = []
    private var notes: [ParseNote] = []
    /// The text that offsets refer to.
    public let text: SourceText

    /// Creates a builder whose locations refer to `text` (an empty synthetic text by default).
    public init(text: SourceText = SourceText(name: "<built>", bytes: [])) {
        self.text = text
    }

    /// Makes room for about `nodes` nodes and `bytes` bytes of keys and values, when the caller knows the size of
    /// what it will build (each growth of a buffer is an allocation and a copy).
    mutating func reserve(nodes count: Int, bytes: Int) {
        nodes.reserveCapacity(count)
        side.reserveCapacity(bytes)
        stack.reserveCapacity(16)
        childParity.reserveCapacity(16)
    }

    /// Number of nodes added so far.
    public var nodeCount: Int { nodes.count }

    /// Depth of open containers.
    public var depth: Int { stack.count }

    private mutating func countChild() {
        // Object members are counted at their key: a child at an even position (0, 2, 4 …) of an object is a key.
        guard let top = stack.last else { return }
        if nodes[top].kind == .array {
            nodes[top].a += 1
        } else if childParity[childParity.count - 1] {
            nodes[top].a += 1
            childParity[childParity.count - 1] = false
        } else {
            childParity[childParity.count - 1] = true
        }
    }
    // For each open object: true when the next child is a key.
    private var childParity: [Bool] = []

    /// Opens an object.
    public mutating func beginObject(at offset: Int = 0) {
        countChild()
        stack.append(nodes.count)
        childParity.append(true)
        nodes.append(RawNode(kind: .object, start: UInt32(clamping: offset)))
    }

    /// Opens an array.
    public mutating func beginArray(at offset: Int = 0) {
        countChild()
        stack.append(nodes.count)
        childParity.append(true)
        nodes.append(RawNode(kind: .array, start: UInt32(clamping: offset)))
    }

    /// Closes the innermost open container.
    public mutating func end() {
        guard let top = stack.popLast() else { return }
        childParity.removeLast()
        nodes[top].b = UInt32(nodes.count)
    }

    /// Adds a string (a key, inside an object at a key position).
    public mutating func string(_ value: String, at offset: Int = 0) {
        var v = value
        v.withUTF8 { string(utf8: $0, at: offset) }
    }

    /// Adds a string given as UTF-8 bytes.
    public mutating func string(utf8 value: UnsafeBufferPointer<UInt8>, at offset: Int = 0) {
        countChild()
        let start = side.count
        side.append(contentsOf: value)
        nodes.append(
            RawNode(
                kind: .string, start: UInt32(clamping: offset), a: UInt32(start), b: UInt32(value.count),
                flags: RawNode.inSide))
    }

    /// Adds a number; `text` must be a JSON number literal or `Infinity`, `-Infinity`, `NaN`.
    public mutating func number(_ value: JSONNumber, at offset: Int = 0) {
        countChild()
        let start = side.count
        side.append(contentsOf: value.text.utf8)
        nodes.append(
            RawNode(
                kind: .number, start: UInt32(clamping: offset), a: UInt32(start), b: UInt32(value.text.utf8.count),
                flags: RawNode.inSide | (value.isIntegerLiteral ? RawNode.integerLiteral : 0)))
    }

    /// Adds a boolean.
    public mutating func bool(_ value: Bool, at offset: Int = 0) {
        countChild()
        nodes.append(RawNode(kind: .bool, start: UInt32(clamping: offset), flags: value ? RawNode.isTrue : 0))
    }

    /// Adds `null`.
    public mutating func null(at offset: Int = 0) {
        countChild()
        nodes.append(RawNode(kind: .null, start: UInt32(clamping: offset)))
    }

    /// Adds a copy of `node` and everything below it (for YAML aliases, or to graft values).
    /// - Complexity: O(size of the subtree).
    public mutating func copy(_ node: Node, at offset: Int? = nil) {
        switch node.kind {
        case .null: null(at: offset ?? node.offset)
        case .bool: bool(node.boolValue!, at: offset ?? node.offset)
        case .number: number(node.numberValue!, at: offset ?? node.offset)
        case .string: node.withPayloadDecoded { string(utf8: $0, at: offset ?? node.offset) }
        case .array:
            beginArray(at: offset ?? node.offset)
            for element in node.elements { copy(element) }
            end()
        case .object:
            beginObject(at: offset ?? node.offset)
            for (key, value) in node.members {
                copy(key)
                copy(value)
            }
            end()
        }
    }

    /// Records a note (duplicate key and the like) to carry on the document.
    public mutating func note(_ note: ParseNote) { notes.append(note) }

    /// Finishes the document; unclosed containers are closed.
    public mutating func build() -> Document {
        while !stack.isEmpty { end() }
        if nodes.isEmpty { nodes.append(RawNode(kind: .null, start: 0)) }
        return Document(text: text, nodes: nodes, side: side, notes: notes)
    }
}

extension Document {
    /// A document holding a single string (handy for validating scalar values that come from headers or queries).
    public static func string(_ value: String) -> Document {
        var b = DocumentBuilder()
        b.string(value)
        return b.build()
    }
}
