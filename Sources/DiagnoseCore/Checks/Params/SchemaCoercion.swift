import Synchronization

/// Turns wire strings into typed JSON values the way the spec's schema describes them, so that the validator
/// sees `limit=10` as the integer 10 and `items[0][price]=p_1` as an array of objects.
///
/// It reads the raw schema nodes (following `$ref` through `resolveRef`) rather than compiled validators: it only
/// needs to know which types a schema allows. For `anyOf`/`oneOf` the first branch that fits the value's shape
/// wins, typed branches before string branches, so Stripe's `anyOf: [{type: integer}, {enum: [""]}]` turns
/// `"1700000000"` into a number and keeps `""` a string, and `created[gte]=…` picks the range-object branch.
/// A value that fits no branch stays a string and the validator explains why.
public struct SchemaCoercion: Sendable {
    /// Follows one `$ref`: given a schema node holding `$ref`, returns its target, or nil when unresolvable.
    public var resolveRef: @Sendable (Node) -> Node?
    /// What each schema node means for coercion, worked out once per node and shared by every exchange (and
    /// every scan worker): resolving a `$ref` string and scanning a schema's members for every form field was
    /// most of the cost of checking a form body.
    let shapes = ShapeCache()

    /// Creates a coercion with a reference resolver.
    public init(resolveRef: @escaping @Sendable (Node) -> Node?) {
        self.resolveRef = resolveRef
    }

    /// Coerces a decoded form value against a schema into a new document whose offsets point into `text`.
    /// - Parameters:
    ///   - value: the decoded value.
    ///   - schema: the schema node, or nil when the spec has none (values stay strings).
    ///   - text: the text offsets refer to (the query string or the body).
    /// - Returns: the typed document.
    public func coerce(_ value: FormValue, schema: Node?, text: SourceText) -> Document {
        coerce(FormTree(value), schema: schema, text: text)
    }

    /// Coerces form pairs, nested by their bracket paths, against a schema (a form body: no `FormValue` on the way).
    public func coerce(pairs: [FormPair], schema: Node?, text: SourceText) -> Document {
        coerce(FormTree(pairs), schema: schema, text: text)
    }

    func coerce(_ tree: FormTree, schema: Node?, text: SourceText) -> Document {
        var builder = DocumentBuilder(text: text)
        // A node per slot and one per member key; the tree's bytes plus numbers written out.
        builder.reserve(nodes: 2 * tree.slots.count, bytes: tree.bytes.count + 64)
        emit(tree, 0, shape: shapeRef(of: schema), into: &builder, depth: 0)
        return builder.build()
    }

    /// Coerces one scalar string (a header, path or cookie parameter) into a document.
    public func coerce(_ string: String, schema: Node?) -> Document {
        coerce(FormTree(.string(string, offset: 0)), schema: schema, text: SourceText(name: "<built>", bytes: []))
    }

    /// The JSON text `coerce(.string(value, …), schema:)` stands for, written directly: a parameter that is one
    /// wire string is then checked by the byte validator without building a tree and a document for one value.
    /// Nil where coercion does more than type the string (wraps it into an array of one), and for `Infinity` and
    /// `NaN`, typed as numbers but not JSON text.
    func scalarJSON(_ value: String, schema: Node) -> [UInt8]? {
        leafJSON(value, shape: shapeRef(of: schema), depth: 0)
    }

    /// `emit` for a leaf, into JSON text (see `scalarJSON`): the same branch choice and the same `leaf` decision.
    private func leafJSON(_ value: String, shape ref: Unmanaged<Shape>?, depth: Int) -> [UInt8]? {
        var allowed: TypeMask = []
        if let ref {
            let (next, types) = ref._withUnsafeGuaranteedRef { shape -> (Unmanaged<Shape>??, TypeMask) in
                if depth < 64 {
                    if shape.branchRefs.count > 0, let chosen = chooseLeaf(value, among: shape.branchRefs) {
                        return (.some(chosen), [])
                    }
                    if shape.typedAllOf != nil { return (.some(shape.link(shape.allOfLink, self)), []) }
                }
                return (nil, shape.types)
            }
            if let next { return leafJSON(value, shape: next, depth: depth + 1) }
            allowed = types
        }
        switch leaf(value, allowed: allowed, depth: depth) {
        case .scalar(.number(let n)):
            let text = Array(n.text.utf8)
            return text.withUnsafeBufferPointer { JSONParser.numberKind($0) } == nil ? nil : text
        case .scalar(.bool(let v)): return Array((v ? "true" : "false").utf8)
        case .scalar(.null): return Array("null".utf8)
        case .wrapped: return nil
        case .string: break
        }
        return value.withBytes { bytes -> [UInt8] in
            // Quoted as is when nothing needs escaping (most values), else as the serializer writes strings.
            guard !bytes.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else {
                var quoted = ""
                JSONSerializer.append(quoted: value, to: &quoted)
                return Array(quoted.utf8)
            }
            return [UInt8](unsafeUninitializedCapacity: bytes.count + 2) { out, count in
                out[0] = UInt8(ascii: "\"")
                for i in bytes.indices { out[i + 1] = bytes[i] }
                out[bytes.count + 1] = UInt8(ascii: "\"")
                count = bytes.count + 2
            }
        }
    }

    /// The schema a node denotes after following `$ref`s (at most 64 hops).
    public func resolved(_ schema: Node?) -> Node? {
        guard let schema else { return nil }
        return shape(of: schema)?.node ?? schema
    }

    /// JSON types a schema admits, as far as `type`, `enum`/`const`, `properties` and `items` say; empty means
    /// "anything" (no constraint found).
    public func types(of schema: Node?) -> Set<String> {
        shape(of: schema)?.typeNames ?? []
    }

    /// The JSON Schema types a schema admits, as bits (empty: anything), read without retaining anything shared.
    func typeMask(of schema: Node?) -> TypeMask {
        shapeRef(of: schema)?._withUnsafeGuaranteedRef { $0.types } ?? []
    }

    // MARK: - Shapes

    /// One schema node, resolved, with what coercion asks of it. Immutable but for `links`, whose words are only
    /// read and written atomically (hence unchecked).
    final class Shape: @unchecked Sendable {
        /// The schema after following `$ref`s.
        let node: Node
        /// The types it admits (empty: anything), as bits.
        let types: TypeMask
        /// The same as names, including ones JSON Schema does not define (Swagger's `file`).
        let typeNames: Set<String>
        /// For a schema without `type`: its first `allOf` part that says which types it admits.
        let typedAllOf: Node?
        /// `items`, when an object schema.
        let items: Node?
        /// `properties` by name (looked up by the form key's bytes: a `String` and a hash per member cost about
        /// a fifth of coercing a Stripe form body), the first of a duplicated name winning.
        let propertyNames: PropertyTable
        /// `properties` values, in `propertyNames` order.
        let propertyNodes: [Node]
        /// `additionalProperties`, when an object schema.
        let additional: Node?
        /// `enum`.
        let enumValues: Node?
        /// The shapes of the `anyOf`/`oneOf` branches, in order, unretained (the shape cache keeps them alive).
        let branchRefs: FrozenBuffer<Unmanaged<Shape>>
        /// The shapes of the schemas this one leads to, found on first use: one word per property, then `items`,
        /// `additionalProperties` and the typed `allOf` part (0: not looked up yet, 1: none, else the shape).
        private let links: UnsafeMutablePointer<Atomic<UInt>>
        private let linkCount: Int

        init(
            node: Node, typeNames: Set<String>, branches: [Shape], typedAllOf: Node?, items: Node?,
            properties: [(String, Node)], additional: Node?, enumValues: Node?
        ) {
            self.node = node
            self.typeNames = typeNames
            self.types = typeNames.reduce(into: TypeMask()) { $0.formUnion(TypeMask(name: $1) ?? []) }
            self.typedAllOf = typedAllOf
            self.items = items
            self.propertyNames = PropertyTable(names: properties.map(\.0), schemas: [])
            self.propertyNodes = properties.map(\.1)
            self.additional = additional
            self.enumValues = enumValues
            self.branchRefs = FrozenBuffer(branches.map { Unmanaged.passUnretained($0) })
            linkCount = properties.count + 3
            links = .allocate(capacity: linkCount)
            for i in 0..<linkCount { (links + i).initialize(to: Atomic(0)) }
        }

        deinit {
            branchRefs.deallocate()
            links.deinitialize(count: linkCount)
            links.deallocate()
        }

        /// Link positions past the properties.
        var itemsLink: Int { linkCount - 3 }
        var additionalLink: Int { linkCount - 2 }
        var allOfLink: Int { linkCount - 1 }

        /// The shape behind link `i`, looked up through `coercion` once and then read with one load.
        @inline(__always)
        func link(_ i: Int, _ coercion: SchemaCoercion) -> Unmanaged<Shape>? {
            let word = links[i].load(ordering: .acquiring)
            if word > 1 { return Unmanaged.fromOpaque(UnsafeRawPointer(bitPattern: word)!) }
            if word == 1 { return nil }
            let node: Node? =
                i < propertyNodes.count ? propertyNodes[i] : i == itemsLink ? items : i == additionalLink ? additional : typedAllOf
            let found = coercion.shapeRef(of: node)
            links[i].store(found.map { UInt(bitPattern: $0.toOpaque()) } ?? 1, ordering: .releasing)
            return found
        }
    }

    /// Shapes by schema node (document and index), filled on first use.
    final class ShapeCache: Sendable {
        let table = NodeCache<Shape>()
    }

    /// The shape of a schema node (nil only for no schema); a node that is not a schema object after resolving
    /// has an empty shape: no constraint.
    func shape(of schema: Node?, depth: Int = 0) -> Shape? {
        shapeRef(of: schema, depth: depth)?.takeUnretainedValue()
    }

    /// The same, unretained (the cache keeps every shape alive): shapes are shared by every worker, and a
    /// reference count is a write to memory the other cores read.
    func shapeRef(of schema: Node?, depth: Int = 0) -> Unmanaged<Shape>? {
        guard let schema else { return nil }
        return shapes.table.value(for: schema) { makeShape(schema, depth: depth) }
    }

    private func makeShape(_ schema: Node, depth: Int) -> Shape {
        var current = schema
        var hops = 0
        while current.kind == .object, current["$ref"] != nil, hops < 64 {
            guard let target = resolveRef(current) else { break }
            current = target
            hops += 1
        }
        guard current.kind == .object else {
            return Shape(
                node: current, typeNames: [], branches: [], typedAllOf: nil, items: nil, properties: [],
                additional: nil, enumValues: nil)
        }
        var types = Set<String>()
        if let type = current["type"] {
            if let name = type.stringValue { types.insert(name) }
            for element in type.elements { if let name = element.stringValue { types.insert(name) } }
        } else if let values = current["enum"] {
            for v in values.elements { types.insert(v.kind == .number ? "number" : v.kind.description) }
        } else if let c = current["const"] {
            types = [c.kind == .number ? "number" : c.kind.description]
        } else {
            if current["properties"] != nil || current["additionalProperties"] != nil { types.insert("object") }
            if current["items"] != nil || current["prefixItems"] != nil { types.insert("array") }
            if types.isEmpty, let all = current["allOf"], depth < 32 {
                for part in all.elements { types.formUnion(shape(of: part, depth: depth + 1)?.typeNames ?? []) }
            }
        }
        var branches: [Shape] = []
        // The depth bound also ends cycles of branches (`A: anyOf: [$ref: B]`, `B: anyOf: [$ref: A]`): shapes are
        // cached only once made, so a cycle would otherwise recurse for ever.
        if depth < 32 {
            for key in ["anyOf", "oneOf"] {
                if let list = current[key] {
                    for b in list.elements { if let made = shape(of: b, depth: depth + 1) { branches.append(made) } }
                }
            }
        }
        var typedAllOf: Node?
        if current["type"] == nil, let all = current["allOf"], depth < 32 {
            typedAllOf = all.elements.first { !(shape(of: $0, depth: depth + 1)?.typeNames.isEmpty ?? true) }
        }
        var properties: [(String, Node)] = []
        if let list = current["properties"], list.kind == .object {
            var seen = Set<String>()
            for (key, value) in list.members {
                let name = key.stringValue ?? ""
                if seen.insert(name).inserted { properties.append((name, value)) }
            }
        }
        let items = current["items"].flatMap { $0.kind == .object ? $0 : nil }
        let additional = current["additionalProperties"].flatMap { $0.kind == .object ? $0 : nil }
        return Shape(
            node: current, typeNames: types, branches: branches, typedAllOf: typedAllOf, items: items,
            properties: properties, additional: additional, enumValues: current["enum"])
    }

    // MARK: - Emitting

    private func emit(_ tree: FormTree, _ slot: Int, shape: Unmanaged<Shape>?, into b: inout DocumentBuilder, depth: Int) {
        guard let shape else { return emit(tree, slot, shape: nil as Shape?, into: &b, depth: depth) }
        shape._withUnsafeGuaranteedRef { emit(tree, slot, shape: $0, into: &b, depth: depth) }
    }

    private func emit(_ tree: FormTree, _ slot: Int, shape: Shape?, into b: inout DocumentBuilder, depth: Int) {
        if let shape, depth < 64 {
            if shape.branchRefs.count > 0, let chosen = choose(tree, slot, among: shape.branchRefs) {
                emit(tree, slot, shape: chosen, into: &b, depth: depth + 1)
                return
            }
            if shape.typedAllOf != nil {
                emit(tree, slot, shape: shape.link(shape.allOfLink, self), into: &b, depth: depth + 1)
                return
            }
        }
        let allowed = shape?.types ?? []
        let node = tree.slots[slot]
        switch node.kind {
        case .leaf:
            switch leaf(tree.string(node.value), allowed: allowed, depth: depth) {
            case .scalar(.number(let n)): b.number(n, at: node.offset)
            case .scalar(.bool(let v)): b.bool(v, at: node.offset)
            case .scalar(.null): b.null(at: node.offset)
            case .wrapped:
                b.beginArray(at: node.offset)
                emit(tree, slot, shape: shape?.link(shape!.itemsLink, self), into: &b, depth: depth + 1)
                b.end()
            case .string:
                tree.withBytes(node.value) { b.string(utf8: $0, at: node.offset) }
            }
        case .array:
            b.beginArray(at: node.offset)
            let itemShape = shape?.link(shape!.itemsLink, self)
            for element in tree.children(slot) { emit(tree, element, shape: itemShape, into: &b, depth: depth + 1) }
            b.end()
        case .object:
            if allowed.contains(.array) && !allowed.contains(.object), let ordered = numericallyKeyed(tree, slot) {
                b.beginArray(at: node.offset)
                let itemShape = shape?.link(shape!.itemsLink, self)
                for element in ordered { emit(tree, element, shape: itemShape, into: &b, depth: depth + 1) }
                b.end()
                return
            }
            b.beginObject(at: node.offset)
            for member in tree.children(slot) {
                let key = tree.slots[member].key
                let offset = tree.slots[member].offset
                tree.withBytes(key) { b.string(utf8: $0, at: offset) }
                var memberShape: Unmanaged<Shape>?
                if let shape {
                    if !shape.propertyNodes.isEmpty, let i = tree.withBytes(key, { shape.propertyNames.find($0) }) {
                        memberShape = shape.link(i, self)
                    } else {
                        memberShape = shape.link(shape.additionalLink, self)
                    }
                }
                emit(tree, member, shape: memberShape, into: &b, depth: depth + 1)
            }
            b.end()
        }
    }

    /// What a leaf becomes under the types its schema admits (branches already followed).
    private enum Leaf {
        /// A number, boolean or null the string expresses.
        case scalar(Scalar)
        /// A single value where an array is expected (`expand=customer`): an array of one. Bounded by depth like the
        /// branches: an array schema whose items are itself (`A: {type: array, items: {$ref: A}}`) would otherwise
        /// wrap the same value for ever.
        case wrapped
        /// The string as it is.
        case string
    }

    /// The one decision `emit` and `scalarJSON` share for a leaf (the string is made only when a type needs it).
    private func leaf(_ s: @autoclosure () -> String, allowed: TypeMask, depth: Int) -> Leaf {
        if !allowed.isEmpty, allowed != .string, let typed = scalar(s(), allowed: allowed) { return .scalar(typed) }
        if allowed.contains(.array) && !allowed.contains(.string) && depth < 64 { return .wrapped }
        return .string
    }

    private enum Scalar {
        case number(JSONNumber)
        case bool(Bool)
        case null
    }

    /// The typed form of a wire string, when the schema wants a non-string type the string can express.
    private func scalar(_ s: String, allowed: TypeMask) -> Scalar? {
        guard !allowed.isEmpty, allowed != .string else { return nil }
        if allowed.contains(.integer), let n = JSONNumber(s), n.isInteger { return .number(n) }
        if allowed.contains(.number), let n = JSONNumber(s) { return .number(n) }
        if allowed.contains(.boolean) {
            if s == "true" { return .bool(true) }
            if s == "false" { return .bool(false) }
        }
        if allowed == .null, s.isEmpty || s == "null" { return .null }
        return nil
    }

    /// Picks the branch that fits the value's shape: for strings, a branch whose non-string type the string
    /// expresses, else a string-accepting one; for objects and arrays, a branch of that kind.
    private func choose(
        _ tree: FormTree, _ slot: Int, among shapes: FrozenBuffer<Unmanaged<Shape>>
    ) -> Unmanaged<Shape>? {
        func first(_ test: (Shape) -> Bool) -> Unmanaged<Shape>? {
            for option in shapes.elements where option._withUnsafeGuaranteedRef(test) { return option }
            return nil
        }
        switch tree.slots[slot].kind {
        case .leaf:
            return chooseLeaf(tree.string(tree.slots[slot].value), among: shapes)
        case .array:
            return first { $0.types.contains(.array) }
        case .object:
            if let o = first({ $0.types.contains(.object) }) { return o }
            if numericallyKeyed(tree, slot) != nil { return first { $0.types.contains(.array) } }
            return nil
        }
    }

    /// The branch a string leaf takes: the first whose non-string type the string expresses, else the first that
    /// accepts it as a string.
    private func chooseLeaf(_ s: String, among shapes: FrozenBuffer<Unmanaged<Shape>>) -> Unmanaged<Shape>? {
        for option in shapes.elements
        where option._withUnsafeGuaranteedRef({ !$0.types.isEmpty && !$0.types.contains(.string) && scalar(s, allowed: $0.types) != nil }) {
            return option
        }
        for option in shapes.elements where option._withUnsafeGuaranteedRef({ fitsString(s, $0) }) { return option }
        return nil
    }

    private func fitsString(_ s: String, _ option: Shape) -> Bool {
        guard option.typeNames.isEmpty || option.types.contains(.string) else { return false }
        if let values = option.enumValues {
            return values.elements.contains { $0.stringEquals(s) }
        }
        return true
    }

    /// The members in index order when every key is a decimal index (`0`, `1`, … possibly sparse).
    private func numericallyKeyed(_ tree: FormTree, _ slot: Int) -> [Int]? {
        var indexed: [(Int, Int)] = []
        for member in tree.children(slot) {
            guard let i = JSONPointer.arrayIndex(tree.string(tree.slots[member].key)) else { return nil }
            indexed.append((i, member))
        }
        return indexed.sorted { $0.0 < $1.0 }.map { $0.1 }
    }
}
