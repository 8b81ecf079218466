import Foundation
import Synchronization

/*
 The registry is the only place that knows documents by URI. Registering a document indexes it once:

     resources   "http://x/root.json"          → (document, node 0, dialect)       the document itself
                 "http://x/item.json"          → (document, node 17, dialect)      an embedded "$id"
     anchors     "http://x/root.json#name"     → (document, node 42)               "$anchor" / draft-06 "$id": "#name"
     dynamic     "http://x/root.json#meta"     → (document, node 0)                "$dynamicAnchor"

 Every compiled schema node is cached here by (document, node index), so a `$ref` reached from many places, or
 from itself (Stripe's recursive objects), compiles once; a `$ref` is a slot filled on first use (`RefSlot`).
 Compiling and loading run under one mutex; validating reads compiled nodes without locking.
*/

/// Known schema documents by absolute URI, with the `$id`, `$anchor` and `$dynamicAnchor` names inside them.
///
/// Remote references are never fetched: a `$ref` resolves to a registered document, to a file found through
/// ``mapPrefix(_:toLocalPath:)``, or to a local `file:` URI (read with the dialect of the last registration).
/// Thread-safe: scans validate in parallel against one registry. A loader set with ``setLoader(_:)`` runs under the
/// registry's lock and must not call back into the registry.
public final class SchemaRegistry: Sendable {
    let state = Mutex(State())
    /// Set when any indexed document uses `$dynamicRef` or `$recursiveRef`: validation then tracks dynamic scope.
    let usesDynamicScope = Atomic<Bool>(false)

    /// Creates an empty registry.
    public init() {}

    /// Reads a file that is not JSON (YAML, say) into a document; the default parses JSON with `JSONParser`.
    public typealias Loader = @Sendable (_ path: String) throws -> Document

    /// Sets the function that loads files found through ``mapPrefix(_:toLocalPath:)``.
    /// - Parameter loader: called with a file path, returns its parsed document.
    public func setLoader(_ loader: @escaping Loader) {
        state.withLock { $0.loader = loader }
    }

    /// Registers a document under an absolute URI.
    /// - Parameters:
    ///   - document: the parsed document (a schema, a metaschema, or a whole OpenAPI document).
    ///   - uri: its absolute URI (a `file:` URL or the URL its `$ref`s use); a fragment is ignored.
    ///   - dialect: how to read schemas without `$schema` (default: 2020-12).
    public func register(_ document: Document, uri: String, dialect: SchemaDialect? = nil) {
        let noted = state.withLock { state in
            state.fileDialect = dialect ?? .draft2020_12
            return state.register(document, uri: URIReference.splitFragment(uri).0, dialect: dialect ?? .draft2020_12)
        }
        if noted { usesDynamicScope.store(true, ordering: .relaxed) }
    }

    /// Maps a URL prefix to a local file or folder, for `--ref-map`: a reference under `urlPrefix` loads the file
    /// at `toLocalPath` plus the rest of the URL (trying `.json`, `.yaml` and `.yml` when the exact name is absent).
    /// - Parameters:
    ///   - urlPrefix: e.g. `https://example.com/schemas/`.
    ///   - toLocalPath: a folder (when the prefix ends with `/`) or a file.
    ///   - dialect: how to read loaded files that have no `$schema` (default 2020-12).
    public func mapPrefix(_ urlPrefix: String, toLocalPath: String, dialect: SchemaDialect? = nil) {
        state.withLock {
            $0.prefixes.append((urlPrefix, toLocalPath, dialect ?? .draft2020_12))
            $0.prefixes.sort { $0.0.count > $1.0.count }
        }
    }

    /// The node an absolute URI names: a document, an embedded `$id`, an `$anchor`, or a JSON-pointer fragment.
    /// - Parameter uri: an absolute URI, optionally with a fragment.
    /// - Returns: the node, or nil when nothing registered (or loadable) answers to it.
    public func lookup(_ uri: String) -> Node? {
        let (found, noted) = state.withLock { state -> (Node?, Bool) in
            let r = state.resolve(uri)
            return (r.map { $0.document.node(at: $0.index) }, state.sawDynamic)
        }
        if noted { usesDynamicScope.store(true, ordering: .relaxed) }
        return found
    }

    /// The absolute URI under which `document` was registered, if it was.
    /// - Parameter document: a document passed to ``register(_:uri:dialect:)``.
    /// - Returns: its URI.
    public func uri(of document: Document) -> String? {
        state.withLock { $0.docURIs[ObjectIdentifier(document)] }
    }

    // MARK: - State

    struct Resource {
        var uri: String
        var document: Document
        var index: Int
        var end: Int
        var dialect: SchemaDialect
        /// The metaschema's `$vocabulary` omits the validation vocabulary.
        var noValidation: Bool
    }

    struct Target {
        var document: Document
        var index: Int
    }

    struct State: ~Copyable {
        var resources: [String: Resource] = [:]
        var docResources: [ObjectIdentifier: [Resource]] = [:]
        var docURIs: [ObjectIdentifier: String] = [:]
        var anchors: [String: Target] = [:]
        var dynamicAnchors: [String: Target] = [:]
        var prefixes: [(String, String, SchemaDialect)] = []
        var loader: Loader?
        var compiled: [NodeKey: CompiledSchema] = [:]
        var sawDynamic = false
        var failedLoads: Set<String> = []
        /// Dialect for `file:` documents loaded because a reference named them: that of the last registration.
        var fileDialect = SchemaDialect.draft2020_12

        /// Registers and indexes; returns whether dynamic references were seen.
        mutating func register(_ document: Document, uri: String, dialect: SchemaDialect) -> Bool {
            let id = ObjectIdentifier(document)
            if docURIs[id] == nil { docURIs[id] = uri }
            var indexer = Indexer(document: document)
            if dialect.isOpenAPI {
                // An OpenAPI document is not itself a schema: index every object except examples and extensions.
                indexer.resources.append(
                    Resource(uri: uri, document: document, index: 0, end: document.root.end, dialect: dialect, noValidation: false))
                if dialect == .oas31 { indexer.walkGeneric(document.root, base: uri, dialect: dialect) }
            } else {
                indexer.walkSchema(
                    document.root, base: uri, dialect: dialect, noValidation: false, isDocumentRoot: true,
                    registryState: &self)
            }
            for r in indexer.resources {
                if resources[r.uri] == nil || r.index == 0 { resources[r.uri] = r }
            }
            if resources[uri] == nil || resources[uri]!.document !== document, let rootResource = indexer.resources.first(where: { $0.index == 0 }) {
                var alias = rootResource
                alias.uri = uri
                resources[uri] = alias
            }
            docResources[id, default: []].append(contentsOf: indexer.resources)
            docResources[id]!.sort { $0.index < $1.index }
            for (k, v) in indexer.anchors where anchors[k] == nil { anchors[k] = v }
            for (k, v) in indexer.dynamicAnchors where dynamicAnchors[k] == nil { dynamicAnchors[k] = v }
            if indexer.sawDynamic { sawDynamic = true }
            return sawDynamic
        }

        /// The innermost resource holding a node.
        func resource(of document: Document, index: Int) -> Resource? {
            guard let list = docResources[ObjectIdentifier(document)] else { return nil }
            var best: Resource?
            for r in list where r.index <= index && index < r.end {
                if best == nil || r.index >= best!.index { best = r }
            }
            return best
        }

        /// Finds a loaded resource by URI (without fragment), loading mapped files on demand.
        mutating func resourceByURI(_ uri: String) -> Resource? {
            if let r = resources[uri] { return r }
            if failedLoads.contains(uri) { return nil }
            for (prefix, local, prefixDialect) in prefixes where uri.hasPrefix(prefix) {
                let rest = String(uri.dropFirst(prefix.count))
                var candidates: [String] = []
                if rest.isEmpty {
                    candidates = [local]
                } else {
                    let base = local.hasSuffix("/") ? local : local + "/"
                    candidates = [base + rest, base + rest + ".json", base + rest + ".yaml", base + rest + ".yml"]
                }
                for path in candidates {
                    var isDir: ObjCBool = false
                    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue else { continue }
                    guard let document = try? load(path) else { continue }
                    _ = register(document, uri: uri, dialect: prefixDialect)
                    if let r = resources[uri] { return r }
                }
            }
            // A `file:` URI next to a registered spec (`$ref: ./schemas/pet.yaml`) is read from disk.
            if uri.hasPrefix("file://"), let url = URL(string: uri), url.isFileURL,
                FileManager.default.fileExists(atPath: url.path), let document = try? load(url.path)
            {
                _ = register(document, uri: uri, dialect: fileDialect)
                if let r = resources[uri] { return r }
            }
            failedLoads.insert(uri)
            return nil
        }

        func load(_ path: String) throws -> Document {
            if let loader, !path.hasSuffix(".json") { return try loader(path) }
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            return try JSONParser.parse(SourceText(name: path, bytes: Array(data)))
        }

        /// Resolves an absolute URI with optional fragment to a node.
        mutating func resolve(_ uri: String) -> Target? {
            let (base, fragment) = URIReference.splitFragment(uri)
            guard let r = resourceByURI(base) else { return nil }
            guard let fragment, !fragment.isEmpty else { return Target(document: r.document, index: r.index) }
            if fragment.hasPrefix("/") {
                guard let pointer = try? JSONPointer(fragment: fragment),
                    let node = r.document.node(at: r.index).resolve(pointer)
                else { return nil }
                return Target(document: r.document, index: node.index)
            }
            let name = fragment.removingPercentEncodingLossless ?? fragment
            if let t = anchors[r.uri + "#" + name] ?? anchors[base + "#" + name] { return t }
            if let t = dynamicAnchors[r.uri + "#" + name] ?? dynamicAnchors[base + "#" + name] { return t }
            return nil
        }
    }

    struct NodeKey: Hashable {
        var document: ObjectIdentifier
        var index: Int
    }
}

/// Walks a document once and records `$id` resources and anchors.
struct Indexer {
    let document: Document
    var resources: [SchemaRegistry.Resource] = []
    var anchors: [String: SchemaRegistry.Target] = [:]
    var dynamicAnchors: [String: SchemaRegistry.Target] = [:]
    var sawDynamic = false

    init(document: Document) { self.document = document }

    static let schemaMaps: Set<String> = [
        "properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "dependencies",
    ]
    static let schemaArrays: Set<String> = ["allOf", "anyOf", "oneOf", "prefixItems", "items"]
    static let schemaSingles: Set<String> = [
        "additionalProperties", "items", "additionalItems", "contains", "propertyNames", "if", "then", "else", "not",
        "unevaluatedProperties", "unevaluatedItems", "contentSchema",
    ]

    mutating func walkSchema(
        _ node: Node, base: String, dialect: SchemaDialect, noValidation: Bool, isDocumentRoot: Bool,
        registryState: inout SchemaRegistry.State
    ) {
        guard node.kind == .object else {
            if isDocumentRoot {
                resources.append(.init(uri: base, document: document, index: node.index, end: node.end, dialect: dialect, noValidation: noValidation))
            }
            return
        }
        var dialect = dialect
        var noValidation = noValidation
        var base = base
        let hasRef = node["$ref"] != nil
        // `$schema` counts at a resource root: the document root or a subschema with an id.
        let idNode = node["$id"]?.stringValue ?? node["id"]?.stringValue
        if isDocumentRoot || idNode != nil, let s = node["$schema"]?.stringValue {
            if let d = SchemaDialect.fromSchemaURI(s) {
                dialect = d
                noValidation = false
            } else if let meta = registryState.resolve(URIReference.resolve(s, against: base)) {
                // A custom metaschema: take its own dialect and its `$vocabulary`.
                let metaNode = meta.document.node(at: meta.index)
                if let ms = metaNode["$schema"]?.stringValue, let d = SchemaDialect.fromSchemaURI(ms) { dialect = d }
                if let vocab = metaNode["$vocabulary"], vocab.kind == .object {
                    noValidation = !vocab.keys.contains { $0.hasSuffix("/vocab/validation") }
                }
            }
        }
        var isResource = isDocumentRoot
        if let id = node[dialect.idKeyword]?.stringValue, !(hasRef && dialect.refHidesSiblings) {
            let resolved = URIReference.resolve(id, against: base)
            let (uri, fragment) = URIReference.splitFragment(resolved)
            if id.hasPrefix("#") {
                if !dialect.isModern, let fragment, !fragment.isEmpty {
                    anchors[uri + "#" + fragment] = .init(document: document, index: node.index)
                }
            } else if fragment == nil || fragment!.isEmpty || !dialect.isModern {
                base = uri
                isResource = true
                if let fragment, !fragment.isEmpty { anchors[uri + "#" + fragment] = .init(document: document, index: node.index) }
            }
        }
        if isResource {
            resources.append(.init(uri: base, document: document, index: node.index, end: node.end, dialect: dialect, noValidation: noValidation))
        }
        if dialect.isModern, let a = node["$anchor"]?.stringValue {
            anchors[base + "#" + a] = .init(document: document, index: node.index)
        }
        if dialect.is2020, let a = node["$dynamicAnchor"]?.stringValue {
            dynamicAnchors[base + "#" + a] = .init(document: document, index: node.index)
        }
        if node["$dynamicRef"] != nil || node["$recursiveRef"] != nil { sawDynamic = true }
        for (keyNode, value) in node.members {
            guard let key = keyNode.stringValue else { continue }
            if Indexer.schemaMaps.contains(key), value.kind == .object {
                for (_, sub) in value.members {
                    walkSchema(sub, base: base, dialect: dialect, noValidation: noValidation, isDocumentRoot: false, registryState: &registryState)
                }
            } else if Indexer.schemaArrays.contains(key), value.kind == .array {
                for sub in value.elements {
                    walkSchema(sub, base: base, dialect: dialect, noValidation: noValidation, isDocumentRoot: false, registryState: &registryState)
                }
            } else if Indexer.schemaSingles.contains(key) {
                walkSchema(value, base: base, dialect: dialect, noValidation: noValidation, isDocumentRoot: false, registryState: &registryState)
            }
        }
    }

    /// OpenAPI 3.1 documents: any object may be a schema; skip example values and extensions.
    mutating func walkGeneric(_ node: Node, base: String, dialect: SchemaDialect) {
        switch node.kind {
        case .object:
            var base = base
            if let id = node["$id"]?.stringValue, node["$id"]!.kind == .string {
                let (uri, _) = URIReference.splitFragment(URIReference.resolve(id, against: base))
                if !id.hasPrefix("#") {
                    base = uri
                    resources.append(.init(uri: base, document: document, index: node.index, end: node.end, dialect: dialect, noValidation: false))
                }
            }
            if let a = node["$anchor"]?.stringValue { anchors[base + "#" + a] = .init(document: document, index: node.index) }
            if let a = node["$dynamicAnchor"]?.stringValue {
                dynamicAnchors[base + "#" + a] = .init(document: document, index: node.index)
            }
            if node["$dynamicRef"] != nil { sawDynamic = true }
            for (k, v) in node.members {
                guard let key = k.stringValue else { continue }
                if key == "example" || key == "examples" || key == "enum" || key == "const" || key == "default"
                    || key.hasPrefix("x-")
                {
                    continue
                }
                walkGeneric(v, base: base, dialect: dialect)
            }
        case .array:
            for e in node.elements { walkGeneric(e, base: base, dialect: dialect) }
        default: break
        }
    }
}
