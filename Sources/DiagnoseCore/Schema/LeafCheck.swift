/*
 Most values in an API payload are scalars checked by a schema such as `{"type": "string", "maxLength": 5000}`,
 `{"type": "integer"}` or `{"type": "boolean", "nullable": true}`. For those the fast pass needs neither a node
 handle nor keyword dispatch: `LeafCheck` answers from the raw node, or says it cannot (an escaped string, or one
 whose length needs counting in code points; a number without an integer literal against `integer`), and the
 evaluator then runs the keywords as usual. Only the fast pass uses it; the explaining pass always runs the
 keywords, so errors and messages are unchanged.
*/

/// The whole of a schema made only of `type`, `maxLength`, `minLength`, `readOnly`, `writeOnly`, and `enum` or
/// `const` of strings (and OpenAPI's `nullable`), checked against a raw node.
struct LeafCheck: Sendable {
    enum Verdict { case valid, invalid, unknown }

    private var types: TypeMask?
    private var nullable: Bool
    private var maxLength = Int.max
    private var minLength = 0
    private var readOnly = false
    private var writeOnly = false
    /// The allowed strings of an `enum` or `const` made only of strings, unretained so that the check stays a
    /// trivial value (copied without reference counting): `init` hands the table to `owner`, which keeps it.
    private var allowed: Unmanaged<PropertyTable>?

    /// The leaf form of a schema, or nil when a keyword needs the evaluator (draft-04 reads `integer` by its
    /// literal, so its schemas always take the evaluator).
    init?(
        keywords: [Keyword], nullable: Bool, constant: Bool?, dialect: SchemaDialect, owner: inout PropertyTable?
    ) {
        guard constant == nil, dialect != .draft4, !keywords.isEmpty else { return nil }
        self.nullable = nullable
        var table: PropertyTable?
        for k in keywords {
            switch k {
            case .type(let mask): types = mask
            case .maxLength(let n): maxLength = n
            case .minLength(let n): minLength = n
            case .readOnly: readOnly = true
            case .writeOnly: writeOnly = true
            case .enumeration(let values):
                guard table == nil, let strings = LeafCheck.table(values) else { return nil }
                table = strings
            case .constant(let value):
                guard table == nil, let strings = LeafCheck.table([value]) else { return nil }
                table = strings
            default: return nil
            }
        }
        allowed = table.map { Unmanaged.passUnretained($0) }
        owner = table
    }

    /// A lookup table of the values when every one is a string (JSON equality is then byte equality of the decoded
    /// strings), else nil.
    private static func table(_ values: [Node]) -> PropertyTable? {
        var strings: [String] = []
        for v in values {
            guard let s = v.stringValue else { return nil }
            strings.append(s)
        }
        return PropertyTable(names: strings, schemas: [])
    }

    /// Whether `r` passes, fails, or needs the evaluator.
    @inline(__always)
    func verdict(_ r: RawNode, in document: Document, mode: ValidationOptions.Mode) -> Verdict {
        verdict(r, mode: mode) { table in
            // Without retaining the table: it is shared by every worker, and a reference count is a write to it.
            document.withPayload(of: r) { key in table._withUnsafeGuaranteedRef { $0.find(key) } }
        }
    }

    /// The same for a value read straight from JSON text (`ByteValidator`): `payload` is the string's content.
    @inline(__always)
    func verdict(_ r: RawNode, payload: UnsafeBufferPointer<UInt8>, mode: ValidationOptions.Mode) -> Verdict {
        verdict(r, mode: mode) { table in table._withUnsafeGuaranteedRef { $0.find(payload) } }
    }

    @inline(__always)
    private func verdict(
        _ r: RawNode, mode: ValidationOptions.Mode, lookup: (Unmanaged<PropertyTable>) -> Int?
    ) -> Verdict {
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
        if let unmanaged = allowed {
            guard r.kind == .string else { return .invalid }
            if r.flags & RawNode.escaped != 0 { return .unknown }
            if lookup(unmanaged) == nil { return .invalid }
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
