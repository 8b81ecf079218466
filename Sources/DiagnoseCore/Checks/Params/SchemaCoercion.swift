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

    /// Creates a coercion with a reference resolver.
    public init(resolveRef: @escaping @Sendable (Node) -> Node?) {
        self.resolveRef = resolveRef
    }

    /// Coerces a decoded form tree against a schema into a new document whose offsets point into `text`.
    /// - Parameters:
    ///   - value: the decoded value.
    ///   - schema: the schema node, or nil when the spec has none (values stay strings).
    ///   - text: the text offsets refer to (the query string or the body).
    /// - Returns: the typed document.
    public func coerce(_ value: FormValue, schema: Node?, text: SourceText) -> Document {
        var builder = DocumentBuilder(text: text)
        emit(value, schema: schema, into: &builder, depth: 0)
        return builder.build()
    }

    /// Coerces one scalar string (a header, path or cookie parameter) into a document.
    public func coerce(_ string: String, schema: Node?) -> Document {
        var builder = DocumentBuilder()
        emit(.string(string, offset: 0), schema: schema, into: &builder, depth: 0)
        return builder.build()
    }

    /// The schema a node denotes after following `$ref`s (at most 64 hops).
    public func resolved(_ schema: Node?) -> Node? {
        guard var current = schema else { return nil }
        var hops = 0
        while current.kind == .object, current["$ref"] != nil, hops < 64 {
            guard let target = resolveRef(current) else { return current }
            current = target
            hops += 1
        }
        return current
    }

    /// JSON types a schema admits, as far as `type`, `enum`/`const`, `properties` and `items` say; empty means
    /// "anything" (no constraint found).
    public func types(of schema: Node?) -> Set<String> {
        guard let schema = resolved(schema), schema.kind == .object else { return [] }
        var result = Set<String>()
        if let type = schema["type"] {
            if let name = type.stringValue { result.insert(name) }
            for element in type.elements { if let name = element.stringValue { result.insert(name) } }
            return result
        }
        if let values = schema["enum"] {
            for v in values.elements { result.insert(v.kind == .number ? "number" : v.kind.description) }
            return result
        }
        if let c = schema["const"] { return [c.kind == .number ? "number" : c.kind.description] }
        if schema["properties"] != nil || schema["additionalProperties"] != nil { result.insert("object") }
        if schema["items"] != nil || schema["prefixItems"] != nil { result.insert("array") }
        if result.isEmpty, let all = schema["allOf"] {
            for part in all.elements { result.formUnion(types(of: part)) }
        }
        return result
    }

    /// The `anyOf`/`oneOf` branches of a schema, resolved.
    func branches(_ schema: Node) -> [Node] {
        var out: [Node] = []
        for key in ["anyOf", "oneOf"] {
            if let list = schema[key] { for b in list.elements { if let r = resolved(b) { out.append(r) } } }
        }
        return out
    }

    private func emit(_ value: FormValue, schema: Node?, into b: inout DocumentBuilder, depth: Int) {
        let schema = resolved(schema)
        if let schema, schema.kind == .object, depth < 64 {
            let options = branches(schema)
            if !options.isEmpty, let chosen = choose(value, among: options) {
                emit(value, schema: chosen, into: &b, depth: depth + 1)
                return
            }
            if schema["type"] == nil, let all = schema["allOf"],
                let typed = all.elements.first(where: { !types(of: $0).isEmpty })
            {
                emit(value, schema: typed, into: &b, depth: depth + 1)
                return
            }
        }
        let allowed = types(of: schema)
        switch value {
        case .string(let s, let offset):
            if let scalar = scalar(s, allowed: allowed) {
                switch scalar {
                case .number(let n): b.number(n, at: offset)
                case .bool(let v): b.bool(v, at: offset)
                case .null: b.null(at: offset)
                }
            } else if allowed.contains("array") && !allowed.contains("string") {
                // A single value where an array is expected (`expand=customer`): an array of one.
                b.beginArray(at: offset)
                emit(value, schema: items(of: schema), into: &b, depth: depth + 1)
                b.end()
            } else {
                b.string(s, at: offset)
            }
        case .array(let elements, let offset):
            b.beginArray(at: offset)
            let itemSchema = items(of: schema)
            for element in elements { emit(element, schema: itemSchema, into: &b, depth: depth + 1) }
            b.end()
        case .object(let members, let offset):
            if allowed.contains("array") && !allowed.contains("object"), let ordered = numericallyKeyed(members) {
                b.beginArray(at: offset)
                let itemSchema = items(of: schema)
                for element in ordered { emit(element, schema: itemSchema, into: &b, depth: depth + 1) }
                b.end()
                return
            }
            b.beginObject(at: offset)
            for (key, member) in members {
                b.string(key, at: member.offset)
                emit(member, schema: property(key, of: schema), into: &b, depth: depth + 1)
            }
            b.end()
        }
    }

    private enum Scalar {
        case number(JSONNumber)
        case bool(Bool)
        case null
    }

    /// The typed form of a wire string, when the schema wants a non-string type the string can express.
    private func scalar(_ s: String, allowed: Set<String>) -> Scalar? {
        if allowed.contains("integer"), let n = JSONNumber(s), n.isInteger { return .number(n) }
        if allowed.contains("number"), let n = JSONNumber(s) { return .number(n) }
        if allowed.contains("boolean") {
            if s == "true" { return .bool(true) }
            if s == "false" { return .bool(false) }
        }
        if allowed == ["null"], s.isEmpty || s == "null" { return .null }
        return nil
    }

    /// Picks the branch that fits the value's shape: for strings, a branch whose non-string type the string
    /// expresses, else a string-accepting one; for objects and arrays, a branch of that kind.
    private func choose(_ value: FormValue, among options: [Node]) -> Node? {
        switch value {
        case .string(let s, _):
            for option in options {
                let t = types(of: option)
                if !t.isEmpty, !t.contains("string"), scalar(s, allowed: t) != nil { return option }
            }
            for option in options where fitsString(s, option) { return option }
            return nil
        case .array:
            return options.first { types(of: $0).contains("array") }
        case .object(let members, _):
            if let o = options.first(where: { types(of: $0).contains("object") }) { return o }
            if numericallyKeyed(members) != nil { return options.first { types(of: $0).contains("array") } }
            return nil
        }
    }

    private func fitsString(_ s: String, _ option: Node) -> Bool {
        let t = types(of: option)
        guard t.isEmpty || t.contains("string") else { return false }
        if let values = option["enum"] {
            return values.elements.contains { $0.stringEquals(s) }
        }
        return true
    }

    private func items(of schema: Node?) -> Node? {
        guard let schema = resolved(schema), schema.kind == .object else { return nil }
        if let items = schema["items"], items.kind == .object { return items }
        return nil
    }

    private func property(_ key: String, of schema: Node?) -> Node? {
        guard let schema = resolved(schema), schema.kind == .object else { return nil }
        if let p = schema["properties"]?[key] { return p }
        if let extra = schema["additionalProperties"], extra.kind == .object { return extra }
        return nil
    }

    /// The members in index order when every key is a decimal index (`0`, `1`, … possibly sparse).
    private func numericallyKeyed(_ members: [(key: String, value: FormValue)]) -> [FormValue]? {
        var indexed: [(Int, FormValue)] = []
        for (key, value) in members {
            guard let i = JSONPointer.arrayIndex(key) else { return nil }
            indexed.append((i, value))
        }
        return indexed.sorted { $0.0 < $1.0 }.map { $0.1 }
    }
}
