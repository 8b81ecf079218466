/*
 Most values in an API payload are scalars checked by a schema such as `{"type": "string", "maxLength": 5000}`,
 `{"type": "integer"}` or `{"type": "boolean", "nullable": true}`. For those the fast pass needs neither a node
 handle nor keyword dispatch: `LeafCheck` answers from the raw node, or says it cannot (an escaped string, or one
 whose length needs counting in code points; a number without an integer literal against `integer`), and the
 evaluator then runs the keywords as usual. Only the fast pass uses it; the explaining pass always runs the
 keywords, so errors and messages are unchanged.
*/

/// The whole of a schema made only of `type`, `maxLength`, `minLength`, `readOnly` and `writeOnly` (and
/// OpenAPI's `nullable`), checked against a raw node.
struct LeafCheck: Sendable {
    enum Verdict { case valid, invalid, unknown }

    private var types: TypeMask?
    private var nullable: Bool
    private var maxLength = Int.max
    private var minLength = 0
    private var readOnly = false
    private var writeOnly = false

    /// The leaf form of a schema, or nil when a keyword needs the evaluator (draft-04 reads `integer` by its
    /// literal, so its schemas always take the evaluator).
    init?(keywords: [Keyword], nullable: Bool, constant: Bool?, dialect: SchemaDialect) {
        guard constant == nil, dialect != .draft4, !keywords.isEmpty else { return nil }
        self.nullable = nullable
        for k in keywords {
            switch k {
            case .type(let mask): types = mask
            case .maxLength(let n): maxLength = n
            case .minLength(let n): minLength = n
            case .readOnly: readOnly = true
            case .writeOnly: writeOnly = true
            default: return nil
            }
        }
    }

    /// Whether `r` passes, fails, or needs the evaluator.
    @inline(__always)
    func verdict(_ r: RawNode, mode: ValidationOptions.Mode) -> Verdict {
        if nullable && r.kind == .null { return .valid }
        if readOnly && mode == .request { return .invalid }
        if writeOnly && mode == .response { return .invalid }
        if let types {
            switch r.kind {
            case .null: if !types.contains(.null) { return .invalid }
            case .bool: if !types.contains(.boolean) { return .invalid }
            case .string: if !types.contains(.string) { return .invalid }
            case .array: if !types.contains(.array) { return .invalid }
            case .object: if !types.contains(.object) { return .invalid }
            case .number:
                if !types.contains(.number) {
                    guard types.contains(.integer) else { return .invalid }
                    // 1.0 is an integer too: only a plain integer literal is decided here.
                    if r.flags & RawNode.integerLiteral == 0 { return .unknown }
                }
            }
        }
        if r.kind == .string && (maxLength != .max || minLength > 0) {
            if r.flags & RawNode.escaped != 0 { return .unknown }
            let bytes = Int(r.b)
            // Lengths count code points: at most one per byte, at least one per four bytes.
            if bytes > maxLength { return .unknown }
            if minLength > 0 && bytes / 4 < minLength { return .unknown }
        }
        return .valid
    }
}
