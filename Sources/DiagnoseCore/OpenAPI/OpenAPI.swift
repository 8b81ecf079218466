/// The OpenAPI spec model: one normalised model for Swagger 2.0, OpenAPI 3.0 and OpenAPI 3.1 (3.2 loads as 3.1).
///
/// Load a spec with `OpenAPI.Loader.load(path:options:)`; the result is an immutable `OpenAPI.Document` holding the
/// operations, servers, security schemes, a `Router` and every loading diagnostic.
public enum OpenAPI {}

extension OpenAPI {
    /// Which family of specification a document follows.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// Swagger 2.0 (`swagger: "2.0"`), normalised into the OpenAPI 3 model.
        case swagger2
        /// OpenAPI 3.0.x.
        case openapi30
        /// OpenAPI 3.1.x and 3.2.x.
        case openapi31
    }

    /// A loaded spec: immutable after loading and safe to share between tasks.
    ///
    /// Schemas are not copied or compiled here: each is a `SchemaRef` naming the file, the parsed tree and the JSON
    /// pointer, so the schema validator compiles them on first use.
    public final class Document: Sendable {
        /// The version string as written (`"3.0.3"`, `"3.1.0"`, `"2.0"`).
        public let specVersion: String
        /// The specification family.
        public let kind: Kind
        /// `info.title`.
        public let title: String
        /// `info.version`.
        public let version: String
        /// `info.description`, when present.
        public let description: String?
        /// The servers, in source order (Swagger 2.0: one per scheme built from `host` and `basePath`; none
        /// declared: a single relative server `/`).
        public let servers: [Server]
        /// Security schemes by name (`components.securitySchemes`, Swagger 2.0 `securityDefinitions`).
        public let securitySchemes: [String: SecurityScheme]
        /// The names of the security schemes in source order.
        public let securitySchemeNames: [String]
        /// Global security requirements (`security` at the root); each element is one alternative.
        public let security: [[String: [String]]]
        /// Every operation under `paths`, in source order.
        public let operations: [Operation]
        /// Every operation under `webhooks` (3.1); `pathTemplate` holds the webhook's name.
        public let webhooks: [Operation]
        /// Tags declared at the root, in source order.
        public let tags: [String]
        /// `jsonSchemaDialect` (3.1), when present.
        public let jsonSchemaDialect: String?
        /// Every problem found while loading, in the order found.
        public let diagnostics: [Diagnostic]
        /// Every loaded file's parsed tree, keyed by the file's display path (the same string as `SchemaRef.file`
        /// and `Document.text.name`); the root file is `rootFile`.
        public let files: [String: DiagnoseCore.Document]
        /// The display path of the root file as the user gave it.
        public let rootFile: String
        /// Routes requests to operations; built at load.
        public let router: Router
        /// The reference indexes kept to resolve `$ref` strings inside schemas after loading.
        let references: SpecReferenceIndex

        init(
            specVersion: String, kind: Kind, title: String, version: String, description: String?,
            servers: [Server], securitySchemes: [String: SecurityScheme], securitySchemeNames: [String],
            security: [[String: [String]]], operations: [Operation], webhooks: [Operation], tags: [String],
            jsonSchemaDialect: String?, diagnostics: [Diagnostic], files: [String: DiagnoseCore.Document],
            rootFile: String, references: SpecReferenceIndex
        ) {
            self.specVersion = specVersion
            self.kind = kind
            self.title = title
            self.version = version
            self.description = description
            self.servers = servers
            self.securitySchemes = securitySchemes
            self.securitySchemeNames = securitySchemeNames
            self.security = security
            self.operations = operations
            self.webhooks = webhooks
            self.tags = tags
            self.jsonSchemaDialect = jsonSchemaDialect
            self.diagnostics = diagnostics
            self.files = files
            self.rootFile = rootFile
            self.references = references
            self.router = Router(operations: operations, servers: servers)
        }

        /// The parsed tree of the root file.
        public var rootDocument: DiagnoseCore.Document { files[rootFile]! }

        /// Whether any diagnostic is an error.
        public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

        /// The first operation with this `operationId`, or nil.
        /// - Complexity: O(operations).
        public func operation(id: String) -> Operation? {
            operations.first { $0.operationId == id } ?? webhooks.first { $0.operationId == id }
        }

        /// The `file://` URI of every loaded file, keyed like `files`: register each `files[key]` under
        /// `fileURIs[key]` with a schema registry and `$ref`s between files resolve there as they did here.
        public var fileURIs: [String: String] {
            var out: [String: String] = [:]
            for file in references.files { out[file.display] = file.uri }
            return out
        }

        /// The `--ref-map` prefixes the spec was loaded with (URL prefix → local path), for the schema registry.
        public var refMap: [(prefix: String, path: String)] { references.refMap }

        /// Resolves a `$ref` string written inside a schema (or any node) of this spec, the way the loader does:
        /// local pointers (percent-encoded, `~0`/`~1`), relative files resolved against the referring file,
        /// `--ref-map` URL prefixes, 3.1 `$id`/`$anchor`. Remote URLs without a mapping are not fetched.
        /// - Parameters:
        ///   - ref: the `$ref` value, e.g. `#/components/schemas/customer` or `./schemas/x.yaml#/Foo`.
        ///   - from: the schema the `$ref` sits in (its file is the base for relative refs).
        /// - Returns: the target as a `SchemaRef`, or nil when it cannot be resolved (the loader reported it).
        public func resolveReference(_ ref: String, from: SchemaRef) -> SchemaRef? {
            references.resolve(ref, fromFile: from.file, dialect: from.dialect)
        }
    }
}
