/// A read-only view of a compiled schema's structure (through `$ref`s), for the parameter and form decoders that
/// must coerce strings (`"10"` → integer) by the branch that fits.
public struct SchemaShape: Sendable {
    let schema: CompiledSchema
    let registry: SchemaRegistry

    init(schema: CompiledSchema, registry: SchemaRegistry) {
        // Follow pure `$ref`s so the view shows the target.
        var s = schema
        var hops = 0
        while let slot = s.soleRef, let t = slot.resolve(registry), hops < 64 {
            s = t
            hops += 1
        }
        self.schema = s
        self.registry = registry
    }

    private func firstKeyword<T>(_ pick: (Keyword) -> T?) -> T? {
        for k in schema.keywords { if let v = pick(k) { return v } }
        return nil
    }

    private func view(_ s: CompiledSchema) -> SchemaShape { SchemaShape(schema: s, registry: registry) }

    /// The declared `type` names (empty when the schema has no `type`; `null` included when `nullable`).
    public var types: [String] {
        var names =
            firstKeyword { k -> [String]? in if case .type(let m) = k { return m.names } else { return nil } } ?? []
        if schema.nullable && !names.isEmpty && !names.contains("null") { names.append("null") }
        return names
    }

    /// Whether `null` is allowed by `nullable: true` (OpenAPI 3.0).
    public var isNullable: Bool { schema.nullable }

    /// The `properties` subschemas by name, in declaration order.
    public var properties: [(name: String, shape: SchemaShape)] {
        guard
            let t = firstKeyword({ k -> PropertyTable? in
                if case .properties(let t) = k { return t } else { return nil }
            })
        else { return [] }
        return zip(t.names, t.schemas).map { ($0, view($1)) }
    }

    /// The subschema of one property (from `properties`), or nil.
    /// - Parameter name: the property name.
    /// - Returns: its shape.
    public func property(_ name: String) -> SchemaShape? {
        guard
            let t = firstKeyword({ k -> PropertyTable? in
                if case .properties(let t) = k { return t } else { return nil }
            }),
            let i = t.find(name)
        else { return nil }
        return view(t.schemas[i])
    }

    /// `additionalProperties` (or `unevaluatedProperties`) when it is a schema; nil when absent.
    public var additionalProperties: SchemaShape? {
        firstKeyword { k -> SchemaShape? in
            if case .additionalProperties(let s, _, _) = k { return view(s) }
            if case .unevaluatedProperties(let s) = k { return view(s) }
            return nil
        }
    }

    /// The `required` property names (those of `allOf` parts not included).
    public var required: [String] {
        firstKeyword { k -> [String]? in if case .required(let list) = k { return list.names } else { return nil } }
            ?? []
    }

    /// The OpenAPI discriminator's property name, when the branches have one.
    public var discriminatorProperty: String? {
        firstKeyword { k -> String? in
            switch k {
            case .anyOf(_, let d), .oneOf(_, let d): return d?.propertyName
            default: return nil
            }
        }
    }

    /// The schema every array item (after any `prefixItems`) must match.
    public var items: SchemaShape? {
        firstKeyword { k -> SchemaShape? in if case .items(let s, _, _) = k { return view(s) } else { return nil } }
    }

    /// The `anyOf` or `oneOf` branches (empty when neither); `allOf` parts are in ``allOf``.
    public var branches: [SchemaShape] {
        firstKeyword { k -> [SchemaShape]? in
            switch k {
            case .anyOf(let subs, _), .oneOf(let subs, _): return subs.map(view)
            default: return nil
            }
        } ?? []
    }

    /// Whether the branches are `oneOf` (exactly one must match) rather than `anyOf`.
    public var isOneOf: Bool {
        firstKeyword { k -> Bool? in if case .oneOf = k { return true } else { return nil } } ?? false
    }

    /// The `allOf` parts.
    public var allOf: [SchemaShape] {
        firstKeyword { k -> [SchemaShape]? in if case .allOf(let subs) = k { return subs.map(view) } else { return nil }
        } ?? []
    }

    /// The `enum` values (or the single `const`), when the schema restricts to literals.
    public var enumValues: [Node]? {
        firstKeyword { k -> [Node]? in
            if case .enumeration(let v) = k { return v }
            if case .constant(let c) = k { return [c] }
            return nil
        }
    }

    /// The `format`, when it is one we know.
    public var format: String? {
        firstKeyword { k -> String? in if case .format(let f) = k { return f.rawValue } else { return nil } }
    }

    /// Validates a value against this (sub)schema, e.g. to find which branch a coerced value fits.
    /// - Parameters:
    ///   - instance: the value.
    ///   - options: mode, collect, formats.
    /// - Returns: the result.
    public func validate(_ instance: Node, options: ValidationOptions = ValidationOptions()) -> ValidationResult {
        SchemaValidator(registry: registry, compiled: schema).validate(instance, options: options)
    }
}
