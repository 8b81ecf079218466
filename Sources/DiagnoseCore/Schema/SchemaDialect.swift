/// Which set of JSON Schema keywords, and which meaning of them, a schema is read with.
///
/// A schema resource's `$schema` wins; otherwise the dialect given at registration (or the validator's default)
/// applies. OpenAPI 3.0 and Swagger 2.0 schemas use ``oas30``; OpenAPI 3.1 and 3.2 use ``oas31``.
public enum SchemaDialect: String, Sendable, Hashable, CaseIterable {
    /// JSON Schema draft-04 (`id`, boolean `exclusiveMinimum`, `$ref` hides its siblings).
    case draft4
    /// JSON Schema draft-06 (`$id`, `const`, `contains`, `propertyNames`, boolean schemas).
    case draft6
    /// JSON Schema draft-07 (`if`/`then`/`else`).
    case draft7
    /// JSON Schema 2019-09 (`$anchor`, `$recursiveRef`, `unevaluated*`, `dependentSchemas`).
    case draft2019_09 = "2019-09"
    /// JSON Schema 2020-12 (`prefixItems`, `$dynamicRef`).
    case draft2020_12 = "2020-12"
    /// OpenAPI 3.0 Schema Object (and Swagger 2.0): draft-04 subset plus `nullable`, `discriminator`,
    /// `readOnly`/`writeOnly`.
    case oas30 = "oas3.0"
    /// OpenAPI 3.1/3.2 Schema Object: 2020-12 plus the OAS vocabulary (`discriminator`, `xml`, `externalDocs`,
    /// `example` as annotations).
    case oas31 = "oas3.1"

    /// The dialect a well-known `$schema` URI names, or nil.
    /// - Parameter uri: the value of `$schema`.
    /// - Returns: the dialect, when the URI is one of the official metaschemas or OpenAPI dialect URIs.
    public static func fromSchemaURI(_ uri: String) -> SchemaDialect? {
        var u = uri
        if u.hasSuffix("#") { u.removeLast() }
        if u.hasPrefix("https://") { u = "http://" + u.dropFirst(8) }
        switch u {
        case "http://json-schema.org/draft-04/schema", "http://json-schema.org/schema": return .draft4
        case "http://json-schema.org/draft-06/schema": return .draft6
        case "http://json-schema.org/draft-07/schema": return .draft7
        case "http://json-schema.org/draft/2019-09/schema": return .draft2019_09
        case "http://json-schema.org/draft/2020-12/schema": return .draft2020_12
        default:
            if u.hasPrefix("http://spec.openapis.org/oas/3.1/dialect")
                || u.hasPrefix("http://spec.openapis.org/oas/3.2/dialect")
            {
                return .oas31
            }
            return nil
        }
    }

    /// draft-04 rules for `id`, boolean exclusive bounds and `$ref` siblings.
    var isDraft4Like: Bool { self == .draft4 || self == .oas30 }
    /// `$ref` hides every sibling keyword (draft-04 … draft-07, OpenAPI 3.0).
    var refHidesSiblings: Bool { self == .draft4 || self == .draft6 || self == .draft7 || self == .oas30 }
    /// The `$id` keyword name (`id` in draft-04).
    var idKeyword: String { isDraft4Like ? "id" : "$id" }
    /// 2019-09 or later.
    var isModern: Bool { self == .draft2019_09 || self == .draft2020_12 || self == .oas31 }
    /// 2020-12 array keywords (`prefixItems`, `items` as a single schema).
    var is2020: Bool { self == .draft2020_12 || self == .oas31 }
    /// draft-06 or later keywords (`const`, `contains`, `propertyNames`).
    var hasDraft6Keywords: Bool { self != .draft4 && self != .oas30 }
    /// draft-07 or later (`if`/`then`/`else`).
    var hasConditionals: Bool { hasDraft6Keywords && self != .draft6 }
    /// OpenAPI keywords (`nullable` in 3.0, `discriminator`).
    var isOpenAPI: Bool { self == .oas30 || self == .oas31 }
    /// Whether `format` asserts by default.
    var formatAssertsByDefault: Bool { false }
}
