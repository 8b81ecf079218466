/*
 A `Document` is one parsed JSON or YAML text as a flat, pre-order array of 16-byte nodes.

 For `{"a": [1, true], "b": "x"}` the nodes are:

     index kind    start  a (payload)          b
     0     object  0      2 (members)          7 (end: index after last descendant)
     1     string  1      2 (content offset)   1 (content length)          key "a"
     2     array   6      2 (elements)         5
     3     number  7      7 (text offset)      1 (text length)
     4     bool    10     -                    -                             flags: true
     5     string  17     18                   1                           key "b"
     6     string  22     23                   1

 Children of a container start at `index + 1`; the next sibling of node `i` is `i + 1` for a scalar and `b` (end)
 for a container, so walking children never allocates. Object members are key, value, key, value… in source order.

 Strings and numbers are not decoded while parsing: they point into the source bytes (JSON) or into the document's
 side buffer (YAML, or built documents), and are decoded only when a caller asks. Keys without escapes are compared
 byte for byte against the source.
*/

/// One parsed JSON or YAML text: an immutable, shareable tree of values with the byte offset of each.
public final class Document: Sendable {
    /// The text the tree was parsed from (or a synthetic text for built documents).
    public let text: SourceText
    @usableFromInline let nodes: ContiguousArray<RawNode>
    /// Decoded bytes of strings and numbers that do not sit verbatim in `text` (YAML scalars, built values).
    @usableFromInline let side: ContiguousArray<UInt8>
    /// Problems that did not stop parsing (duplicate keys, a BOM), in source order.
    public let notes: [ParseNote]

    init(text: SourceText, nodes: ContiguousArray<RawNode>, side: ContiguousArray<UInt8>, notes: [ParseNote]) {
        self.text = text
        self.nodes = nodes
        self.side = side
        self.notes = notes
    }

    /// The top-level value.
    public var root: Node { Node(document: self, index: 0) }

    /// Number of nodes in the tree (object keys count as nodes).
    public var nodeCount: Int { nodes.count }

    /// The node at a raw index, as stored by `Node.index`.
    public func node(at index: Int) -> Node { Node(document: self, index: index) }

    /// Calls `body` with the payload bytes of a string or number node of this document (`Node.withPayload`).
    @inlinable
    func withPayload<R>(of r: RawNode, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let start = Int(r.a)
        let count = Int(r.b)
        if r.flags & RawNode.inSide != 0 {
            return try side.withUnsafeBufferPointer {
                try body(UnsafeBufferPointer(rebasing: $0[start..<start + count]))
            }
        }
        return try text.bytes.withUnsafeBufferPointer {
            try body(UnsafeBufferPointer(rebasing: $0[start..<start + count]))
        }
    }
}

/// A problem found while parsing that did not stop it, such as a duplicate object key.
public struct ParseNote: Sendable, Hashable {
    /// What kind of problem.
    public enum Kind: String, Sendable, Hashable {
        /// The same key appears twice in one object.
        case duplicateKey = "duplicate-key"
        /// The text starts with a UTF-8 byte-order mark, which was skipped.
        case byteOrderMark = "byte-order-mark"
        /// The YAML stream holds more than one document; only the first was read.
        case multipleDocuments = "multiple-documents"
    }
    /// What kind of problem.
    public var kind: Kind
    /// One sentence describing it.
    public var message: String
    /// Where it is.
    public var location: SourceLocation
}

/// Storage of one node. Meaning of `a` and `b` depends on `kind`; see the file comment.
@usableFromInline
struct RawNode: Sendable {
    @usableFromInline var start: UInt32
    @usableFromInline var a: UInt32
    @usableFromInline var b: UInt32
    @usableFromInline var kind: Node.Kind
    @usableFromInline var flags: UInt8

    @usableFromInline static let escaped: UInt8 = 1  // string contains backslash escapes
    @usableFromInline static let inSide: UInt8 = 2  // payload lives in the side buffer
    @usableFromInline static let isTrue: UInt8 = 4  // bool value
    @usableFromInline static let integerLiteral: UInt8 = 8  // number written without fraction or exponent
    @usableFromInline static let quoteEscapesOnly: UInt8 = 16  // with `escaped`: every escape is `\"`

    @inlinable init(kind: Node.Kind, start: UInt32, a: UInt32 = 0, b: UInt32 = 0, flags: UInt8 = 0) {
        self.kind = kind
        self.start = start
        self.a = a
        self.b = b
        self.flags = flags
    }
}
