/// A node being read, with the file it sits in and its pointer there (kept both as tokens and as text, so locations
/// do not re-escape the whole pointer each time).
struct SpecCursor {
    let file: Int
    let node: Node
    let pointer: JSONPointer
    let pointerText: String

    init(file: Int, node: Node, pointer: JSONPointer, pointerText: String? = nil) {
        self.file = file
        self.node = node
        self.pointer = pointer
        self.pointerText = pointerText ?? pointer.description
    }

    func child(_ key: String) -> SpecCursor? {
        guard let n = node[key] else { return nil }
        return member(key, n)
    }

    func element(_ i: Int, _ n: Node) -> SpecCursor {
        SpecCursor(file: file, node: n, pointer: pointer.appending(i), pointerText: pointerText + "/" + String(i))
    }

    func member(_ key: String, _ n: Node) -> SpecCursor {
        SpecCursor(
            file: file, node: n, pointer: pointer.appending(key), pointerText: pointerText + "/" + specEscapeToken(key))
    }

    var key: SpecNodeKey { SpecNodeKey(file: file, index: node.index) }

    var location: SourceLocation {
        var l = node.location
        l.pointer = pointerText
        return l
    }

    func string(_ key: String) -> String? { node[key]?.stringValue }

    func bool(_ key: String) -> Bool? { node[key]?.boolValue }
}

/// `JSONPointer.escape` over bytes: `~` → `~0`, `/` → `~1` (most tokens have neither and are returned as is).
func specEscapeToken(_ token: String) -> String {
    var needs = false
    for b in token.utf8 where b == UInt8(ascii: "~") || b == UInt8(ascii: "/") {
        needs = true
        break
    }
    guard needs else { return token }
    var out: [UInt8] = []
    out.reserveCapacity(token.utf8.count + 8)
    for b in token.utf8 {
        if b == UInt8(ascii: "~") {
            out.append(UInt8(ascii: "~"))
            out.append(UInt8(ascii: "0"))
        } else if b == UInt8(ascii: "/") {
            out.append(UInt8(ascii: "~"))
            out.append(UInt8(ascii: "1"))
        } else {
            out.append(b)
        }
    }
    return String(decoding: out, as: UTF8.self)
}

/// Builds the `OpenAPI.Document` model from the resolved files.
final class SpecModelBuilder {
    let resolver: SpecRefResolver
    let kind: OpenAPI.Kind
    let specVersion: String
    let dialect: SchemaRef.Dialect
    var diagnostics: [Diagnostic] = []
    /// Swagger 2.0 global `consumes`/`produces`.
    var globalConsumes: [String] = []
    var globalProduces: [String] = []
    private var reportedLocations: Set<String> = []
    /// Swagger 2.0: the path item's `parameters`, for its `in: body` / `in: formData` entries.
    var currentPathParameters: SpecCursor?

    static let methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace", "query"]

    init(resolver: SpecRefResolver, kind: OpenAPI.Kind, specVersion: String) {
        self.resolver = resolver
        self.kind = kind
        self.specVersion = specVersion
        self.dialect = kind == .openapi31 ? .oas31 : .oas30
    }

    var rootFile: SpecFile { resolver.table.files[0] }

    func display(_ file: Int) -> String { resolver.table.files[file].display }

    // MARK: Diagnostics

    func report(
        _ id: String, _ severity: Diagnostic.Severity, _ message: String, at location: SourceLocation?,
        help: String? = nil, notes: [Diagnostic.Note] = []
    ) {
        diagnostics.append(
            Diagnostic(id: id, severity: severity, message: message, location: location, help: help, notes: notes))
    }

    /// Reports once per location (for problems in shared, ref'd definitions).
    func reportOnce(
        _ id: String, _ severity: Diagnostic.Severity, _ message: String, at location: SourceLocation,
        help: String? = nil
    ) {
        let key = "\(id)|\(location.file)|\(location.pointer ?? "")"
        guard reportedLocations.insert(key).inserted else { return }
        report(id, severity, message, at: location, help: help)
    }

    // MARK: Refs

    /// The definition a node stands for: itself, or the end of its `$ref` chain.
    /// - Parameters:
    ///   - cursor: the node as written.
    ///   - allowed: whether the spec allows a `$ref` here; if not, a followed ref is a warning.
    ///   - what: what the node is, for the warning (`an operation`).
    /// - Returns: the definition, or nil when a ref failed (already reported).
    func deref(_ cursor: SpecCursor, allowed: Bool, what: String) -> SpecCursor? {
        guard cursor.node.kind == .object, resolver.isSite(cursor.key) else { return cursor }
        if !allowed {
            reportOnce(
                "spec.ref-in-unusual-place", .warning,
                "$ref used in place of \(what), which OpenAPI \(specVersion) does not allow; followed it anyway",
                at: cursor.location, help: "inline \(what), or move the $ref to a place the specification allows")
        }
        guard let target = resolver.follow(cursor.key) else { return nil }
        let node = resolver.table.node(target)
        return SpecCursor(file: Int(target.file), node: node, pointer: specPointer(to: node))
    }

    func schemaRef(_ cursor: SpecCursor) -> SchemaRef {
        SchemaRef(
            node: cursor.node, pointer: cursor.pointer, file: display(cursor.file),
            fileURI: resolver.table.files[cursor.file].uri, dialect: dialect,
            location: cursor.location)
    }

    // MARK: Build

    func build() -> OpenAPI.Document {
        let root = SpecCursor(file: 0, node: rootFile.document.root, pointer: .root)
        let info = root.child("info").flatMap { deref($0, allowed: false, what: "the info object") }
        let title = info?.string("title") ?? ""
        let version = info?.string("version") ?? info?.node["version"]?.numberValue?.text ?? ""
        if info == nil {
            report(
                "spec.missing-info", .warning, "the spec has no 'info' object (title and version)",
                at: root.location, help: "add info: {title: ..., version: ...}")
        }
        if kind == .swagger2 {
            globalConsumes = stringList(root.node["consumes"]) ?? []
            globalProduces = stringList(root.node["produces"]) ?? []
        }
        let servers = kind == .swagger2 ? swaggerServers(root) : (servers(root.child("servers")) ?? [])
        let (schemes, schemeNames) = securitySchemes(root)
        let security = securityRequirements(root.child("security")) ?? []
        var operations: [OpenAPI.Operation] = []
        if let paths = root.child("paths").flatMap({ deref($0, allowed: false, what: "the paths object") }) {
            for (key, value) in paths.node.members {
                guard let template = key.stringValue, !template.hasPrefix("x-") else { continue }
                let item = paths.member(template, value)
                if !template.hasPrefix("/") {
                    report(
                        "spec.path-not-absolute", .warning, "path '\(template)' does not start with '/'",
                        at: item.location, help: "write it as '/\(template)'")
                }
                operations += pathItemOperations(item, template: template, isWebhook: false)
            }
        } else if kind != .openapi31 {
            report(
                "spec.missing-paths", .warning, "the spec has no 'paths' object", at: root.location,
                help: "add the API's paths")
        }
        var webhooks: [OpenAPI.Operation] = []
        if let hooks = root.child("webhooks") {
            for (key, value) in hooks.node.members {
                guard let name = key.stringValue, !name.hasPrefix("x-") else { continue }
                webhooks += pathItemOperations(hooks.member(name, value), template: name, isWebhook: true)
            }
        }
        checkOperationIDs(operations + webhooks)
        checkSecurityNames(global: root.child("security"), operations: operations + webhooks, known: schemes)
        reportParseNotes()
        var tags: [String] = []
        for element in specElements(root.node["tags"]) {
            if let name = element["name"]?.stringValue { tags.append(name) }
        }
        resolver.finishReports()
        var files: [String: DiagnoseCore.Document] = [:]
        for file in resolver.table.files { files[file.display] = file.document }
        return OpenAPI.Document(
            specVersion: specVersion, kind: kind, title: title, version: version,
            description: info?.string("description"), servers: servers, securitySchemes: schemes,
            securitySchemeNames: schemeNames, security: security, operations: operations, webhooks: webhooks,
            tags: tags, jsonSchemaDialect: root.string("jsonSchemaDialect"),
            diagnostics: resolver.diagnostics + diagnostics, files: files, rootFile: rootFile.display,
            references: resolver.table)
    }

    func stringList(_ node: Node?) -> [String]? {
        guard let node, node.kind == .array else { return nil }
        return node.elements.compactMap(\.stringValue)
    }

    // MARK: Servers

    func servers(_ cursor: SpecCursor?) -> [OpenAPI.Server]? {
        guard let cursor, cursor.node.kind == .array else { return nil }
        var out: [OpenAPI.Server] = []
        for (i, element) in cursor.node.elements.enumerated() {
            let c = cursor.element(i, element)
            guard let url = c.string("url") else {
                report(
                    "spec.invalid-server", .warning, "server has no 'url'", at: c.location,
                    help: "add url: https://…")
                continue
            }
            var variables: [OpenAPI.ServerVariable] = []
            for (key, value) in specMembers(element["variables"]) {
                guard let name = key.stringValue else { continue }
                let def = value["default"]?.stringValue ?? value["default"]?.numberValue?.text
                let enumValues = value["enum"].map { $0.elements.compactMap { $0.stringValue ?? $0.numberValue?.text } }
                if def == nil {
                    var l = value.location
                    l.pointer = c.pointer.appending("variables").appending(name).description
                    report(
                        "spec.invalid-server", .warning, "server variable '\(name)' has no default", at: l,
                        help: "add default: to the variable")
                }
                variables.append(
                    OpenAPI.ServerVariable(
                        name: name, defaultValue: def ?? enumValues?.first ?? "", enumValues: enumValues))
            }
            out.append(
                OpenAPI.Server(
                    url: url, description: c.string("description"), variables: variables, sourceLocation: c.location))
        }
        return out
    }

    // MARK: Security

    func securitySchemes(_ root: SpecCursor) -> ([String: OpenAPI.SecurityScheme], [String]) {
        let container =
            kind == .swagger2 ? root.child("securityDefinitions") : root.child("components")?.child("securitySchemes")
        guard let container else { return ([:], []) }
        var schemes: [String: OpenAPI.SecurityScheme] = [:]
        var names: [String] = []
        for (key, value) in container.node.members {
            guard let name = key.stringValue, !name.hasPrefix("x-") else { continue }
            guard let c = deref(container.member(name, value), allowed: true, what: "a security scheme") else {
                continue
            }
            let typeString = c.string("type") ?? ""
            var type = OpenAPI.SecurityScheme.SchemeType(rawValue: typeString) ?? .unknown
            var scheme = c.string("scheme")?.lowercased()
            if kind == .swagger2, typeString == "basic" {
                type = .http
                scheme = "basic"
            }
            if type == .unknown {
                report(
                    "spec.unknown-security-type", .warning,
                    "security scheme '\(name)' has unknown type '\(typeString)'",
                    at: c.location, help: "use apiKey, http, oauth2, openIdConnect or mutualTLS")
            }
            let location = c.string("in").flatMap(OpenAPI.ParameterLocation.init(rawValue:))
            schemes[name] = OpenAPI.SecurityScheme(
                name: name, type: type, scheme: scheme, bearerFormat: c.string("bearerFormat"),
                location: type == .apiKey ? location : nil, parameterName: type == .apiKey ? c.string("name") : nil,
                description: c.string("description"), sourceLocation: c.location)
            names.append(name)
        }
        return (schemes, names)
    }

    func securityRequirements(_ cursor: SpecCursor?) -> [[String: [String]]]? {
        guard let cursor, cursor.node.kind == .array else { return nil }
        return cursor.node.elements.map { requirement in
            var out: [String: [String]] = [:]
            for (key, value) in requirement.members {
                guard let name = key.stringValue else { continue }
                out[name] = value.elements.compactMap(\.stringValue)
            }
            return out
        }
    }

    // MARK: Paths and operations

    func pathItemOperations(_ written: SpecCursor, template: String, isWebhook: Bool) -> [OpenAPI.Operation] {
        guard let item = deref(written, allowed: true, what: "a path item") else { return [] }
        guard item.node.kind == .object else { return [] }
        let pathServers = servers(item.child("servers"))
        let pathParameters = parameterList(item.child("parameters"))
        currentPathParameters = item.child("parameters")
        var operations: [OpenAPI.Operation] = []
        var opNodes: [(String, SpecCursor)] = []
        for (key, value) in item.node.members {
            guard let name = key.stringValue else { continue }
            let lower = name.lowercased()
            if Self.methods.contains(lower) {
                opNodes.append((name.uppercased(), item.member(name, value)))
            } else if name == "additionalOperations" {
                let c = item.member(name, value)
                for (k, v) in value.members {
                    if let m = k.stringValue { opNodes.append((m.uppercased(), c.member(m, v))) }
                }
            }
        }
        for (method, written) in opNodes {
            guard let op = deref(written, allowed: false, what: "an operation"), op.node.kind == .object else {
                continue
            }
            if let operation = operation(
                op, method: method, template: template, pathParameters: pathParameters, pathServers: pathServers,
                isWebhook: isWebhook)
            {
                operations.append(operation)
            }
        }
        if !isWebhook { checkPathParameters(template: template, item: item, operations: operations) }
        return operations
    }

    func operation(
        _ op: SpecCursor, method: String, template: String, pathParameters: [OpenAPI.Parameter],
        pathServers: [OpenAPI.Server]?, isWebhook: Bool
    ) -> OpenAPI.Operation? {
        var parameters = pathParameters
        var requestBody: OpenAPI.RequestBody?
        var responses: [OpenAPI.Response]
        if kind == .swagger2 {
            let swagger = swaggerOperation(op, pathParameters: pathParameters)
            parameters = swagger.parameters
            requestBody = swagger.body
            responses = swagger.responses
        } else {
            let own = parameterList(op.child("parameters"))
            parameters.removeAll { p in own.contains { $0.sameIdentity(as: p) } }
            parameters += own
            if let written = op.child("requestBody") {
                requestBody = self.requestBody(written)
            }
            responses = self.responses(op.child("responses"))
        }
        let tags = stringList(op.node["tags"]) ?? []
        return OpenAPI.Operation(
            method: method, pathTemplate: template, operationId: op.string("operationId"),
            summary: op.string("summary"), description: op.string("description"), tags: tags,
            deprecated: op.bool("deprecated") ?? false, parameters: parameters, requestBody: requestBody,
            responses: responses, security: securityRequirements(op.child("security")),
            servers: servers(op.child("servers")) ?? pathServers, isWebhook: isWebhook, location: op.location)
    }

    // MARK: Parameters

    /// Reads a `parameters` array (3.x), reporting duplicates within it.
    func parameterList(_ cursor: SpecCursor?) -> [OpenAPI.Parameter] {
        guard let cursor else { return [] }
        guard cursor.node.kind == .array else {
            if cursor.node.kind == .object, resolver.isSite(cursor.key),
                let target = deref(cursor, allowed: false, what: "a parameters list")
            {
                return parameterList(target)
            }
            return []
        }
        var out: [OpenAPI.Parameter] = []
        for (i, element) in cursor.node.elements.enumerated() {
            guard let parameter = parameter(cursor.element(i, element)) else { continue }
            if let first = out.first(where: { $0.sameIdentity(as: parameter) }) {
                reportOnce(
                    "spec.duplicate-parameter", .error,
                    "\(parameter.location.rawValue) parameter '\(parameter.name)' is declared twice in the same list",
                    at: parameter.sourceLocation,
                    help: "remove one of the two declarations (first at \(first.sourceLocation))")
                continue
            }
            out.append(parameter)
        }
        return out
    }

    /// Reads one 3.x parameter (or a Swagger 2.0 non-body one through `swaggerParameter`).
    func parameter(_ written: SpecCursor) -> OpenAPI.Parameter? {
        guard let p = deref(written, allowed: true, what: "a parameter"), p.node.kind == .object else { return nil }
        guard let name = p.string("name") else {
            reportOnce(
                "spec.invalid-parameter", .error, "parameter has no 'name'", at: p.location,
                help: "add name: and in: to the parameter")
            return nil
        }
        var inString = p.string("in") ?? ""
        let fixed = inString.lowercased() == "formdata" ? "formData" : inString.lowercased()
        if fixed != inString,
            OpenAPI.ParameterLocation(rawValue: fixed) != nil
                || (kind == .swagger2 && ["body", "formData"].contains(fixed))
        {
            // `in: Query`: the intent is clear.
            reportOnce(
                "spec.unknown-parameter-location", .warning,
                "parameter '\(name)' has in: '\(inString)'; read as '\(fixed)'",
                at: p.child("in")?.location ?? p.location, help: "write in: \(fixed)")
            inString = fixed
        }
        guard let location = OpenAPI.ParameterLocation(rawValue: inString) else {
            if kind == .swagger2 && (inString == "body" || inString == "formData") { return nil }
            reportOnce(
                "spec.unknown-parameter-location", .error,
                "parameter '\(name)' has unknown location in: '\(inString)'", at: p.child("in")?.location ?? p.location,
                help: kind != .swagger2 && (inString == "body" || inString == "formData")
                    ? "OpenAPI 3 has no in: \(inString); describe the body under the operation's requestBody"
                    : "use one of path, query, header, cookie\(kind == .swagger2 ? ", body, formData" : "")")
            return nil
        }
        if kind == .swagger2 { return swaggerParameter(p, name: name, location: location) }
        var required = p.bool("required") ?? false
        if location == .path && !required {
            reportOnce(
                "spec.path-param-not-required", .warning,
                "path parameter '\(name)' is not marked required; path parameters always are",
                at: p.location, help: "add required: true")
            required = true
        }
        var content: [OpenAPI.MediaType] = []
        if let c = p.child("content") { content = mediaTypes(c) }
        return OpenAPI.Parameter(
            name: name, location: location, required: required, deprecated: p.bool("deprecated") ?? false,
            style: p.string("style"), explode: p.bool("explode"), allowReserved: p.bool("allowReserved") ?? false,
            allowEmptyValue: p.bool("allowEmptyValue") ?? false,
            description: siblingOverride(written, "description") ?? p.string("description"),
            schema: p.child("schema").map(schemaRef), content: content, sourceLocation: p.location)
    }

    /// Checks that the template's `{names}` and the declared path parameters agree.
    func checkPathParameters(template: String, item: SpecCursor, operations: [OpenAPI.Operation]) {
        let names = SpecPathTemplate.parameterNames(template)
        for name in names {
            let missing = operations.filter { op in
                !op.parameters.contains { $0.location == .path && $0.name == name }
            }
            guard !missing.isEmpty else { continue }
            let which =
                missing.count == operations.count ? "" : " (in \(missing.map(\.method).joined(separator: ", ")))"
            report(
                "spec.path-param-undeclared", .error,
                "path '\(template)' has template parameter '{\(name)}' that is not declared\(which)",
                at: item.location,
                help: "declare it: parameters: [{name: \(name), in: path, required: true, schema: {type: string}}]")
        }
        for op in operations {
            for p in op.parameters where p.location == .path && !names.contains(p.name) {
                reportOnce(
                    "spec.path-param-not-in-template", .error,
                    "path parameter '\(p.name)' is declared but '\(template)' has no '{\(p.name)}'",
                    at: p.sourceLocation,
                    help: names.isEmpty
                        ? "remove the parameter or add '{\(p.name)}' to the path"
                        : "the path's parameters are \(names.map { "{\($0)}" }.joined(separator: ", ")); "
                            + "rename one to match"
                )
            }
        }
    }

    /// In 3.1, `description` and `summary` written next to a `$ref` override the target's.
    func siblingOverride(_ written: SpecCursor, _ key: String) -> String? {
        guard kind == .openapi31, written.node["$ref"] != nil else { return nil }
        return written.string(key)
    }

    /// Security requirements must name declared schemes.
    func checkSecurityNames(
        global: SpecCursor?, operations: [OpenAPI.Operation], known: [String: OpenAPI.SecurityScheme]
    ) {
        var places: [(requirements: [[String: [String]]], location: SourceLocation)] = []
        if let global, let requirements = securityRequirements(global) {
            places.append((requirements, global.location))
        }
        for op in operations {
            if let security = op.security { places.append((security, op.location)) }
        }
        var reported: Set<String> = []
        for (requirements, location) in places {
            for name in requirements.flatMap(\.keys).sorted() where known[name] == nil {
                guard reported.insert(name).inserted else { continue }
                let near = specNearestName(name, among: Array(known.keys))
                report(
                    "spec.unknown-security-scheme", .error,
                    "security requirement names '\(name)', which is not a declared security scheme",
                    at: location,
                    help: near.map { "did you mean '\($0)'?" }
                        ?? "declare it under "
                        + (kind == .swagger2 ? "securityDefinitions" : "components.securitySchemes")
                )
            }
        }
    }

    /// The pointer of the object member whose key starts at `offset` (for parse notes, which carry offsets only).
    static func pointer(ofKeyAt offset: Int, in document: DiagnoseCore.Document) -> String? {
        let base = document.text.baseOffset
        for i in 0..<document.nodeCount {
            let node = document.node(at: i)
            guard node.kind == .string, node.offset + base == offset, i + 1 < document.nodeCount else { continue }
            // The key's value follows it; its pointer ends with the key (the descent follows index ranges, so the
            // right one of two equal keys is named).
            return specPointer(to: document.node(at: i + 1)).description
        }
        return nil
    }

    /// Duplicate keys and extra YAML documents found while parsing any loaded file.
    func reportParseNotes() {
        for file in resolver.table.files {
            for note in file.document.notes {
                switch note.kind {
                case .duplicateKey:
                    var location = note.location
                    location.pointer = Self.pointer(ofKeyAt: location.offset, in: file.document)
                    report(
                        "spec.duplicate-key", .warning, note.message, at: location,
                        help: "merge the two or remove one; tools disagree on which one wins")
                case .multipleDocuments:
                    report(
                        "spec.multiple-documents", .warning, note.message, at: note.location,
                        help: "put one spec per file")
                case .byteOrderMark:
                    continue
                }
            }
        }
    }

    func checkOperationIDs(_ operations: [OpenAPI.Operation]) {
        var seen: [String: OpenAPI.Operation] = [:]
        for op in operations {
            guard let id = op.operationId else { continue }
            if let first = seen[id] {
                report(
                    "spec.duplicate-operation-id", .error,
                    "operationId '\(id)' of \(op.displayName) is already used by \(first.displayName)",
                    at: op.location, help: "operationIds must be unique; rename one of them",
                    notes: [Diagnostic.Note(message: "first used here", location: first.location)])
            } else {
                seen[id] = op
            }
        }
    }

    // MARK: Bodies and responses (3.x)

    func requestBody(_ written: SpecCursor) -> OpenAPI.RequestBody? {
        guard let body = deref(written, allowed: true, what: "a request body"), body.node.kind == .object else {
            return nil
        }
        return OpenAPI.RequestBody(
            required: body.bool("required") ?? false, description: body.string("description"),
            content: body.child("content").map(mediaTypes) ?? [], sourceLocation: body.location)
    }

    func mediaTypes(_ content: SpecCursor) -> [OpenAPI.MediaType] {
        var out: [OpenAPI.MediaType] = []
        for (key, value) in content.node.members {
            guard let type = key.stringValue else { continue }
            let c = content.member(type, value)
            var encoding: [String: OpenAPI.Encoding] = [:]
            for (k, v) in specMembers(value["encoding"]) {
                guard let name = k.stringValue else { continue }
                encoding[name] = OpenAPI.Encoding(
                    contentType: v["contentType"]?.stringValue, style: v["style"]?.stringValue,
                    explode: v["explode"]?.boolValue, allowReserved: v["allowReserved"]?.boolValue ?? false)
            }
            out.append(
                OpenAPI.MediaType(
                    mediaType: type, schema: c.child("schema").map(schemaRef), encoding: encoding,
                    sourceLocation: c.location))
        }
        return out
    }

    func responses(_ written: SpecCursor?) -> [OpenAPI.Response] {
        guard let written, let responses = deref(written, allowed: false, what: "a responses object") else { return [] }
        var out: [OpenAPI.Response] = []
        for (key, value) in responses.node.members {
            guard let status = key.stringValue ?? key.numberValue?.text, !status.hasPrefix("x-") else { continue }
            guard let r = deref(responses.member(status, value), allowed: true, what: "a response"),
                r.node.kind == .object
            else { continue }
            var headers: [OpenAPI.Header] = []
            if let hs = r.child("headers") {
                for (k, v) in hs.node.members {
                    guard let name = k.stringValue, let h = deref(hs.member(name, v), allowed: true, what: "a header")
                    else { continue }
                    var schema = h.child("schema").map(schemaRef)
                    if schema == nil, let content = h.child("content") { schema = mediaTypes(content).first?.schema }
                    headers.append(
                        OpenAPI.Header(
                            name: name, required: h.bool("required") ?? false,
                            deprecated: h.bool("deprecated") ?? false,
                            schema: schema, sourceLocation: h.location))
                }
            }
            out.append(
                OpenAPI.Response(
                    status: status,
                    description: siblingOverride(responses.member(status, value), "description")
                        ?? r.string("description"),
                    headers: headers,
                    content: r.child("content").map(mediaTypes) ?? [], sourceLocation: r.location))
        }
        return out
    }
}

/// The members of an optional object node (empty when absent or not an object).
func specMembers(_ node: Node?) -> [(key: Node, value: Node)] {
    guard let node else { return [] }
    return Array(node.members)
}

/// The elements of an optional array node (empty when absent or not an array).
func specElements(_ node: Node?) -> [Node] {
    guard let node else { return [] }
    return Array(node.elements)
}
