/// Where a schema lives: the parsed file holding it, the JSON pointer inside that file, and the dialect to read it in.
///
/// The spec model never copies or compiles schemas; the schema validator compiles a `SchemaRef` on first use and
/// resolves `$ref`s inside it against `document` (same file) or `OpenAPI.Document.files` /
/// `OpenAPI.Document.resolveReference(_:from:)` (other files).
///
/// Swagger 2.0 parameters that are not `in: body` carry their schema inline (`type`, `format`, `items`, …) and
/// `in: formData` parameters together form the body's schema. For those, the loader synthesizes a small document with
/// `DocumentBuilder`: the schema keywords are copied from the parameter (Swagger 2.0 forbids `$ref` inside them, so
/// nothing needs resolving), every copied node keeps its offset in the original file so locations still point at the
/// parameter, and `file` names the original file. Such a `SchemaRef` has `isSynthesized == true`, its `document` is the
/// synthetic one (not `files[file]`), and `pointer` is relative to that document.
public struct SchemaRef: Sendable {
    /// How to read the schema.
    public enum Dialect: String, Sendable, Hashable, Codable {
        /// OpenAPI 3.0 Schema Object (also used for Swagger 2.0): `nullable`, draft-04 style exclusive bounds.
        case oas30
        /// OpenAPI 3.1 / JSON Schema 2020-12.
        case oas31
    }

    /// The parsed tree holding the schema.
    public let document: Document
    /// The schema's pointer inside `document`.
    public let pointer: JSONPointer
    /// The file's display path (the key in `OpenAPI.Document.files`).
    public let file: String
    /// The file's absolute `file://` URI: the base for relative `$ref`s inside the schema, and the URI under which
    /// to register `files[file]` with a schema registry (see `OpenAPI.Document.fileURIs`).
    public let fileURI: String
    /// Where the schema starts (pointer included).
    public let location: SourceLocation
    /// The dialect to read the schema in.
    public let dialect: Dialect
    /// Whether the loader built this schema (Swagger 2.0 non-body parameters and form bodies).
    public let isSynthesized: Bool
    /// The raw index of the schema's node in `document`.
    let nodeIndex: Int

    /// Creates a reference to `node`, whose pointer inside its document is `pointer`.
    /// - Parameters:
    ///   - node: the schema's node.
    ///   - pointer: its pointer inside `node.document`.
    ///   - file: the display path of the file it comes from.
    ///   - fileURI: that file's `file://` URI (empty when unknown).
    ///   - dialect: how to read it.
    ///   - isSynthesized: whether the loader built it.
    ///   - location: where to report it; defaults to the node's own location with `pointer`.
    public init(
        node: Node, pointer: JSONPointer, file: String, fileURI: String = "", dialect: Dialect,
        isSynthesized: Bool = false, location: SourceLocation? = nil
    ) {
        self.document = node.document
        self.pointer = pointer
        self.file = file
        self.fileURI = fileURI
        if let location {
            self.location = location
        } else {
            var computed = node.location
            computed.pointer = pointer.description
            self.location = computed
        }
        self.dialect = dialect
        self.isSynthesized = isSynthesized
        self.nodeIndex = node.index
    }

    /// The schema's node.
    public var node: Node { document.node(at: nodeIndex) }
}
