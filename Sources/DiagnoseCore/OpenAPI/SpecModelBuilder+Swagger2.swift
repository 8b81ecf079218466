/// Swagger 2.0 normalisation: `host`/`basePath`/`schemes` become servers, `in: body` and `in: formData` parameters
/// become request bodies (media types from `consumes`), `responses.*.schema` becomes content (media types from
/// `produces`), and non-body parameters get schemas synthesized from their inline `type`/`format`/`items`/….
extension SpecModelBuilder {
    static let schemaKeywords: Set<String> = [
        "type", "format", "items", "enum", "default", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum",
        "maxLength", "minLength", "pattern", "maxItems", "minItems", "uniqueItems", "multipleOf", "x-nullable",
    ]
    static let formTypes = ["application/x-www-form-urlencoded", "multipart/form-data"]

    func swaggerServers(_ root: SpecCursor) -> [OpenAPI.Server] {
        var basePath = root.string("basePath") ?? "/"
        if !basePath.hasPrefix("/") { basePath = "/" + basePath }
        if basePath.count > 1 && basePath.hasSuffix("/") { basePath.removeLast() }
        let pathPart = basePath == "/" ? "" : basePath
        let location = (root.child("host") ?? root.child("basePath"))?.location
        guard let host = root.string("host") else {
            return [OpenAPI.Server(url: basePath, sourceLocation: location)]
        }
        let schemes = stringList(root.node["schemes"]).flatMap { $0.isEmpty ? nil : $0 } ?? ["https"]
        return schemes.map { OpenAPI.Server(url: "\($0)://\(host)\(pathPart)", sourceLocation: location) }
    }

    /// A Swagger 2.0 non-body parameter, with its schema synthesized from the inline keywords.
    func swaggerParameter(_ p: SpecCursor, name: String, location: OpenAPI.ParameterLocation) -> OpenAPI.Parameter {
        var required = p.bool("required") ?? false
        if location == .path && !required {
            reportOnce(
                "spec.path-param-not-required", .warning,
                "path parameter '\(name)' is not marked required; path parameters always are", at: p.location,
                help: "add required: true")
            required = true
        }
        var style: String?
        var explode: Bool?
        if p.string("type") == "array" {
            switch p.string("collectionFormat") ?? "csv" {
            case "multi": (style, explode) = ("form", true)
            case "ssv": (style, explode) = ("spaceDelimited", false)
            case "pipes": (style, explode) = ("pipeDelimited", false)
            case "tsv": (style, explode) = ("tabDelimited", false)
            default: (style, explode) = (location == .query ? "form" : "simple", false)
            }
        }
        return OpenAPI.Parameter(
            name: name, location: location, required: required, deprecated: p.bool("x-deprecated") ?? false,
            style: style, explode: explode, allowEmptyValue: p.bool("allowEmptyValue") ?? false,
            description: p.string("description"), schema: synthesizeSchema(p), sourceLocation: p.location)
    }

    func swaggerOperation(_ op: SpecCursor, pathParameters: [OpenAPI.Parameter]) -> (
        parameters: [OpenAPI.Parameter], body: OpenAPI.RequestBody?, responses: [OpenAPI.Response]
    ) {
        var parameters = pathParameters
        let own = parameterList(op.child("parameters"))
        parameters.removeAll { p in own.contains { $0.sameIdentity(as: p) } }
        parameters += own

        // Body and form parameters: path level first, operation level overriding by name.
        var bodyParam: SpecCursor?
        var formParams: [(String, SpecCursor)] = []
        for list in [currentPathParameters, op.child("parameters")] {
            guard let list, list.node.kind == .array else { continue }
            for (i, element) in list.node.elements.enumerated() {
                guard let p = deref(list.element(i, element), allowed: true, what: "a parameter") else { continue }
                switch p.string("in")?.lowercased() {
                case "body": bodyParam = p
                case "formdata":
                    let name = p.string("name") ?? ""
                    formParams.removeAll { $0.0 == name }
                    formParams.append((name, p))
                default: continue
                }
            }
        }
        let consumes = stringList(op.node["consumes"]) ?? globalConsumes
        let produces = stringList(op.node["produces"]) ?? globalProduces
        var body: OpenAPI.RequestBody?
        if let bodyParam {
            if !formParams.isEmpty {
                report(
                    "spec.body-and-formdata", .error,
                    "operation has both an 'in: body' and 'in: formData' parameters; the body parameter wins",
                    at: op.location, help: "keep one kind: a body is either a JSON document or a form")
            }
            let types = consumes.isEmpty ? ["application/json"] : consumes
            let schema = bodyParam.child("schema").map(schemaRef)
            body = OpenAPI.RequestBody(
                required: bodyParam.bool("required") ?? false, description: bodyParam.string("description"),
                content: types.map {
                    OpenAPI.MediaType(mediaType: $0, schema: schema, sourceLocation: bodyParam.location)
                },
                sourceLocation: bodyParam.location)
        } else if !formParams.isEmpty {
            let hasFile = formParams.contains { $0.1.string("type") == "file" }
            var types = consumes.filter { Self.formTypes.contains($0.lowercased()) }
            if types.isEmpty { types = [hasFile ? "multipart/form-data" : "application/x-www-form-urlencoded"] }
            let schema = synthesizeFormSchema(formParams, at: formParams[0].1)
            var encoding: [String: OpenAPI.Encoding] = [:]
            for (name, p) in formParams where p.string("type") == "array" {
                let multi = p.string("collectionFormat") == "multi"
                encoding[name] = OpenAPI.Encoding(style: "form", explode: multi)
            }
            body = OpenAPI.RequestBody(
                required: formParams.contains { $0.1.bool("required") ?? false },
                content: types.map {
                    OpenAPI.MediaType(
                        mediaType: $0, schema: schema, encoding: encoding, sourceLocation: formParams[0].1.location)
                },
                sourceLocation: formParams[0].1.location)
        }

        var responses: [OpenAPI.Response] = []
        if let written = op.child("responses"), let rs = deref(written, allowed: false, what: "a responses object") {
            for (key, value) in rs.node.members {
                guard let status = key.stringValue ?? key.numberValue?.text, !status.hasPrefix("x-") else { continue }
                guard let r = deref(rs.member(status, value), allowed: true, what: "a response"), r.node.kind == .object
                else { continue }
                var headers: [OpenAPI.Header] = []
                if let hs = r.child("headers") {
                    for (k, v) in hs.node.members {
                        guard let name = k.stringValue else { continue }
                        let h = hs.member(name, v)
                        headers.append(
                            OpenAPI.Header(name: name, schema: synthesizeSchema(h), sourceLocation: h.location))
                    }
                }
                var content: [OpenAPI.MediaType] = []
                if let schema = r.child("schema").map(schemaRef) {
                    let types = produces.isEmpty ? ["application/json"] : produces
                    content = types.map { OpenAPI.MediaType(mediaType: $0, schema: schema, sourceLocation: r.location) }
                }
                responses.append(
                    OpenAPI.Response(
                        status: status, description: r.string("description"), headers: headers, content: content,
                        sourceLocation: r.location))
            }
        }
        return (parameters, body, responses)
    }

    /// A schema built from a Swagger 2.0 parameter's or header's inline keywords.
    func synthesizeSchema(_ p: SpecCursor) -> SchemaRef {
        var builder = DocumentBuilder(text: resolver.table.files[p.file].document.text)
        Self.writeSchemaKeywords(p.node, into: &builder)
        let document = builder.build()
        return SchemaRef(
            node: document.root, pointer: .root, file: display(p.file), fileURI: resolver.table.files[p.file].uri,
            dialect: .oas30, isSynthesized: true,
            location: p.location)
    }

    /// An object schema whose properties are the form parameters.
    func synthesizeFormSchema(_ params: [(String, SpecCursor)], at first: SpecCursor) -> SchemaRef {
        var builder = DocumentBuilder(text: resolver.table.files[first.file].document.text)
        let offset = first.node.offset
        builder.beginObject(at: offset)
        builder.string("type", at: offset)
        builder.string("object", at: offset)
        builder.string("properties", at: offset)
        builder.beginObject(at: offset)
        for (name, p) in params {
            builder.string(name, at: p.node.offset)
            Self.writeSchemaKeywords(p.node, into: &builder)
        }
        builder.end()
        let required = params.filter { $0.1.bool("required") ?? false }
        if !required.isEmpty {
            builder.string("required", at: offset)
            builder.beginArray(at: offset)
            for (name, p) in required { builder.string(name, at: p.node.offset) }
            builder.end()
        }
        builder.end()
        let document = builder.build()
        return SchemaRef(
            node: document.root, pointer: .root, file: display(first.file),
            fileURI: resolver.table.files[first.file].uri, dialect: .oas30, isSynthesized: true,
            location: first.location)
    }

    /// Copies the schema keywords of a Swagger 2.0 parameter, header or `items` object; `type: file` becomes
    /// `type: string, format: binary`.
    static func writeSchemaKeywords(_ node: Node, into builder: inout DocumentBuilder) {
        builder.beginObject(at: node.offset)
        let isFile = node["type"]?.stringValue == "file"
        for (key, value) in node.members {
            guard let name = key.stringValue, schemaKeywords.contains(name) else { continue }
            if isFile && name == "format" { continue }
            if name == "type" && isFile {
                builder.string("type", at: key.offset)
                builder.string("string", at: value.offset)
                builder.string("format", at: key.offset)
                builder.string("binary", at: value.offset)
            } else if name == "items" && value.kind == .object {
                builder.copy(key)
                writeSchemaKeywords(value, into: &builder)
            } else {
                builder.copy(key)
                builder.copy(value)
            }
        }
        builder.end()
    }
}
