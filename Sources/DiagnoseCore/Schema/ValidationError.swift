/// How a validation runs: which side of an API call the instance is on, how many errors to gather, and whether
/// `format` asserts.
public struct ValidationOptions: Sendable, Hashable {
    /// Which side of an exchange the instance belongs to; decides what `readOnly` and `writeOnly` mean.
    public enum Mode: String, Sendable, Hashable {
        /// A request body or parameter: `readOnly` properties must not be sent and are never required.
        case request
        /// A response body: `writeOnly` properties must not be returned and are never required.
        case response
        /// Neither: `readOnly` and `writeOnly` are annotations only.
        case neutral
    }
    /// How many errors to gather.
    public enum Collect: String, Sendable, Hashable {
        /// Every error (the default, for checks that report).
        case all
        /// Stop at the first error (fast reject).
        case first
    }
    /// Request, response or neutral.
    public var mode: Mode
    /// All errors or the first one.
    public var collect: Collect
    /// Whether `format` is checked (true) or only an annotation (false). OpenAPI numeric formats (`int32`,
    /// `int64`, `float`, `double`) are range checks and follow this flag too.
    public var assertFormats: Bool
    /// The longest one `pattern` match may run, in seconds (default 0.25). A pattern that backtracks
    /// catastrophically on a value (`^(a+)+$` against `aaaa…b`) is stopped there and reported as a `pattern` error
    /// naming this limit, instead of hanging.
    public var regexTimeLimit: Double = ValidationOptions.defaultRegexTimeLimit

    /// The default `regexTimeLimit`: a quarter of a second, about 100,000 times a typical match.
    public static let defaultRegexTimeLimit: Double = 0.25

    /// Creates options.
    /// - Parameters:
    ///   - mode: request, response or neutral (default).
    ///   - collect: all errors (default) or the first.
    ///   - assertFormats: whether `format` asserts (default true: API traffic with a bad `date-time` is a finding).
    public init(mode: Mode = .neutral, collect: Collect = .all, assertFormats: Bool = true) {
        self.mode = mode
        self.collect = collect
        self.assertFormats = assertFormats
    }
}

/// One reason an instance does not match a schema, with everything needed to act on it.
public struct ValidationError: Sendable, Hashable, CustomStringConvertible {
    /// Where in the instance (JSON pointer from the validated value).
    public var instancePath: JSONPointer
    /// The failing keyword (`type`, `required`, `additionalProperties`, `oneOf`, …).
    public var keyword: String
    /// The keyword's location along the evaluation path from the validator's root schema (`$ref` steps included).
    public var schemaPath: JSONPointer
    /// Where the keyword is written: file, line and column, with the absolute JSON pointer inside the schema's file.
    public var schemaLocation: SourceLocation?
    /// One sentence in plain words, e.g. `expected integer, found string "42"`.
    public var message: String
    /// What the schema wanted (`integer`, `one of "a", "b"`), when that is a short phrase.
    public var expected: String?
    /// What the instance had (`string "42"`), when relevant.
    public var found: String?
    /// What to do: a did-you-mean or the allowed values.
    public var hint: String?
    /// Further context, such as the other `oneOf` branches that were not reported.
    public var notes: [String]

    /// Creates an error.
    public init(
        instancePath: JSONPointer, keyword: String, schemaPath: JSONPointer, schemaLocation: SourceLocation? = nil,
        message: String, expected: String? = nil, found: String? = nil, hint: String? = nil, notes: [String] = []
    ) {
        self.instancePath = instancePath
        self.keyword = keyword
        self.schemaPath = schemaPath
        self.schemaLocation = schemaLocation
        self.message = message
        self.expected = expected
        self.found = found
        self.hint = hint
        self.notes = notes
    }

    /// A multi-line rendering: `<pointer>: <message>`, then the schema location, hint and notes indented.
    public var description: String {
        var out = "\(instancePath.description.isEmpty ? "(root)" : instancePath.description): \(message)"
        var schema = "  schema: \(schemaPath.fragment) [\(keyword)]"
        if let loc = schemaLocation {
            schema += " at \(loc)"
            if let p = loc.pointer { schema += " (#\(p))" }
        }
        out += "\n" + schema
        if let hint { out += "\n  hint: \(hint)" }
        for note in notes { out += "\n  note: \(note)" }
        return out
    }
}

/// The outcome of a validation.
public struct ValidationResult: Sendable, Hashable {
    /// Whether the instance matches.
    public var isValid: Bool
    /// The errors, in instance order of discovery (empty when valid).
    public var errors: [ValidationError]

    /// Creates a result.
    public init(isValid: Bool, errors: [ValidationError]) {
        self.isValid = isValid
        self.errors = errors
    }
}

/// Why a validator could not be built.
public struct SchemaError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, naming the URI or pointer.
    public var message: String
    /// What to do about it.
    public var hint: String?

    /// Creates an error.
    public init(message: String, hint: String? = nil) {
        self.message = message
        self.hint = hint
    }

    /// The message and hint.
    public var description: String { hint.map { "\(message) (\($0))" } ?? message }
}

extension Node {
    /// A short phrase naming the value for messages: `string "42"`, `number 3.5`, `object`, `array of 3 items`.
    var describedForMessage: String {
        switch kind {
        case .null: return "null"
        case .bool: return "boolean \(boolValue!)"
        case .number:
            let n = numberValue!
            return "\(n.isInteger ? "integer" : "number") \(n.text)"
        case .string: return "string \(quotedForMessage)"
        case .array: return count == 1 ? "array of 1 item" : "array of \(count) items"
        case .object: return count == 0 ? "empty object" : "object"
        }
    }

    /// The value as compact JSON, cut to 60 characters.
    var quotedForMessage: String {
        let s = JSONSerializer.serialize(self)
        if s.count > 60 { return String(s.prefix(57)) + "…" + (kind == .string ? "\"" : "") }
        return s
    }
}
