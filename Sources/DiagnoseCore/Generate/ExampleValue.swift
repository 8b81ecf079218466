/// A generated JSON-like value: what `ExampleGenerator` produces from a schema, before it is written to the wire as
/// JSON, as form pairs (`a[b][0]=x`), as a parameter or as a header.
public indirect enum ExampleValue: Sendable {
    /// `null`.
    case null
    /// `true` / `false`.
    case bool(Bool)
    /// A number, kept as its JSON literal (`42`, `12.5`) so nothing is lost.
    case number(JSONNumber)
    /// A string.
    case string(String)
    /// An array.
    case array([ExampleValue])
    /// An object, members in generation order.
    case object([(key: String, value: ExampleValue)])

    /// An integer value.
    public static func integer(_ value: Int) -> ExampleValue { .number(JSONNumber(value)) }

    /// The value as compact JSON text.
    public var json: String {
        var out: [UInt8] = []
        writeJSON(into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the value as compact JSON to `out`.
    public func writeJSON(into out: inout [UInt8]) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .number(let n): out.append(contentsOf: n.text.utf8)
        case .string(let s):
            var copy = s
            copy.withUTF8 { JSONSerializer.writeString($0, into: &out) }
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (i, e) in elements.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                e.writeJSON(into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (i, m) in members.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                var key = m.key
                key.withUTF8 { JSONSerializer.writeString($0, into: &out) }
                out.append(UInt8(ascii: ":"))
                m.value.writeJSON(into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// The value as a `Document` (for validating it directly).
    public var document: Document {
        var builder = DocumentBuilder()
        build(into: &builder)
        return builder.build()
    }

    func build(into b: inout DocumentBuilder) {
        switch self {
        case .null: b.null()
        case .bool(let v): b.bool(v)
        case .number(let n): b.number(n)
        case .string(let s): b.string(s)
        case .array(let elements):
            b.beginArray()
            for e in elements { e.build(into: &b) }
            b.end()
        case .object(let members):
            b.beginObject()
            for m in members {
                b.string(m.key)
                m.value.build(into: &b)
            }
            b.end()
        }
    }

    /// The text of a scalar as it travels in a query, a form field or a header (`true`, `42`, `abc`); nil for
    /// containers and `null`.
    public var scalarText: String? {
        switch self {
        case .bool(let b): b ? "true" : "false"
        case .number(let n): n.text
        case .string(let s): s
        default: nil
        }
    }

    /// The member named `key` of an object.
    public subscript(key: String) -> ExampleValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// Form pairs with bracket nesting, as Stripe-style APIs write them: `name[key]=…` for object members,
    /// `name[]=…` for scalar array elements and `name[0][key]=…` for arrays of objects.
    /// - Parameters:
    ///   - name: the field's name.
    ///   - indexed: write scalar array elements as `name[0]=…` (stripe-node's style) instead of `name[]=…`.
    /// - Returns: decoded (not percent-encoded) name/value pairs in order.
    public func bracketPairs(name: String, indexed: Bool = false) -> [(name: String, value: String)] {
        var out: [(name: String, value: String)] = []
        appendBracketPairs(name: name, indexed: indexed, into: &out)
        return out
    }

    private func appendBracketPairs(name: String, indexed: Bool, into out: inout [(name: String, value: String)]) {
        switch self {
        case .null: out.append((name, ""))
        case .bool, .number, .string: out.append((name, scalarText ?? ""))
        case .array(let elements):
            let scalars = elements.allSatisfy { $0.scalarText != nil }
            for (i, e) in elements.enumerated() {
                e.appendBracketPairs(name: scalars && !indexed ? "\(name)[]" : "\(name)[\(i)]", indexed: indexed, into: &out)
            }
        case .object(let members):
            for m in members { m.value.appendBracketPairs(name: "\(name)[\(m.key)]", indexed: indexed, into: &out) }
        }
    }

    /// Whether the value can travel in a form or query string: no `null`, no empty array or object anywhere.
    public var isFormRepresentable: Bool {
        switch self {
        case .null: false
        case .bool, .number, .string: true
        case .array(let e): !e.isEmpty && e.allSatisfy(\.isFormRepresentable)
        case .object(let m): !m.isEmpty && m.allSatisfy { $0.value.isFormRepresentable }
        }
    }
}

extension ExampleValue {
    /// The value of a parsed JSON node (for editing a recorded or generated body).
    /// - Parameter node: any node.
    public init(_ node: Node) {
        self = ExampleGenerator.value(of: node)
    }

    /// A copy with the member at `key` replaced (or added, when absent); non-objects are returned unchanged.
    public func setting(_ key: String, to value: ExampleValue) -> ExampleValue {
        guard case .object(var members) = self else { return self }
        if let i = members.firstIndex(where: { $0.key == key }) {
            members[i].value = value
        } else {
            members.append((key, value))
        }
        return .object(members)
    }
}
