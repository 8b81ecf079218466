/// Request and response bodies: media type, parsing by media type, schema validation, and the mapping of
/// validation errors to rule ids (unknown field, read-only, write-only, invalid).
extension SpecChecker {
    enum Side: String {
        case request, response
    }

    func checkRequestBody(
        _ exchange: Exchange, _ operation: OpenAPI.Operation, _ forms: RequestForms, _ f: inout FindingFactory
    ) {
        let request = exchange.request
        let method = request.method.uppercased()
        let body = request.body
        let hasBody = body.map { !$0.isEmpty } ?? false
        let declaredType = request.header(named: "Content-Type") ?? body?.mediaType
        guard let requestBody = operation.requestBody else {
            if hasBody {
                f.add(
                    "request.body-unexpected", at: "/request/body",
                    args: ["method": method, "path": operation.pathTemplate, "mediaType": declaredType ?? ""],
                    spec: operation.location, found: declaredType)
            }
            return
        }
        guard hasBody, let body else {
            // `curl -v` and some HAR exporters do not record request bodies: a Content-Length says one was sent.
            let declaredLength = request.header(named: "Content-Length").flatMap { Int($0.httpTrimmed) } ?? 0
            let bodyNotRecorded = declaredLength > 0 || request.header(named: "Transfer-Encoding") != nil
            if requestBody.required && !bodyNotRecorded {
                f.add(
                    "request.body-missing", at: "/request/body",
                    args: ["method": method, "path": operation.pathTemplate,
                        "mediaType": requestBody.content.first?.mediaType ?? ""],
                    spec: requestBody.sourceLocation, expected: requestBody.content.first?.mediaType)
            }
            return
        }
        let accepted = requestBody.content.map(\.mediaType)
        guard let contentType = declaredType, let mediaType = requestBody.mediaType(matching: contentType) else {
            f.add(
                "request.content-type-unsupported", at: "/request/headers/Content-Type",
                args: ["found": declaredType ?? "no Content-Type", "allowed": accepted.joined(separator: ", "),
                    "expected": accepted.first ?? ""],
                spec: requestBody.sourceLocation, expected: accepted.joined(separator: ", "),
                found: declaredType ?? "no Content-Type header")
            return
        }
        checkBody(
            body, contentType: contentType, media: mediaType, side: .request, exchange: exchange,
            location: "/request/body", forms: forms, &f)
    }

    func checkResponse(
        _ exchange: Exchange, _ response: HTTPResponse, _ operation: OpenAPI.Operation, _ f: inout FindingFactory
    ) {
        let method = exchange.request.method.uppercased()
        guard let documented = operation.response(forStatus: response.status) else {
            let statuses = operation.responses.map(\.status)
            f.add(
                "response.status-undocumented", at: "/response/status",
                args: ["status": String(response.status), "method": method, "path": operation.pathTemplate,
                    "allowed": statuses.joined(separator: ", ")],
                spec: operation.location, expected: statuses.joined(separator: ", "), found: String(response.status))
            return
        }
        for header in documented.headers where header.required {
            if response.headers.first(named: header.name) == nil {
                f.add(
                    "response.header-missing", at: "/response/headers/\(JSONPointer.escape(header.name))",
                    args: ["name": header.name], spec: header.sourceLocation, expected: header.name)
            }
        }
        guard !documented.content.isEmpty, let body = response.body, !body.isEmpty else { return }
        let contentType = response.headers.first(named: "Content-Type") ?? body.mediaType
        guard let contentType, let media = documented.content.first(where: { MediaType(contentType)?.matches(range: $0.mediaType) ?? false }) else {
            let expected = documented.content.map(\.mediaType).joined(separator: ", ")
            f.add(
                "response.content-type-mismatch", at: "/response/headers/Content-Type",
                args: ["found": contentType ?? "no Content-Type", "expected": expected],
                spec: documented.sourceLocation, expected: expected, found: contentType ?? "no Content-Type header")
            return
        }
        checkBody(
            body, contentType: contentType, media: media, side: .response, exchange: exchange,
            location: "/response/body", &f)
    }

    /// Parses a body by its media type and validates it against the media type's schema.
    /// - Parameter forms: the request's decoded forms, when `body` is the request body.
    func checkBody(
        _ body: HTTPBody, contentType: String, media: OpenAPI.MediaType, side: Side, exchange: Exchange,
        location: String, forms: RequestForms? = nil, _ f: inout FindingFactory
    ) {
        guard let schema = media.schema else { return }
        let parsed = MediaType(contentType)
        let mode: ValidationOptions.Mode = side == .request ? .request : .response
        let validation = ValidationOptions(mode: mode, assertFormats: options.assertFormats)
        // Most JSON bodies are valid: read those straight from the text, and parse only what needs explaining (or
        // what the byte reader cannot decide). Strict mode lists undeclared fields from the parsed document. A
        // body recorded in a HAR string is read there, escapes and all, and decoded only when that is not enough.
        let isJSON = parsed?.isJSON ?? false
        var decidedOnBytes = false
        if isJSON, !options.strict {
            let validator = validator(for: schema)
            let answer = body.withRecordedText { text, inJSONString -> Bool? in
                guard text.count <= options.maxBodyBytes else { return nil }  // decoded, it may still fit
                decidedOnBytes = !inJSONString
                return validator.isValid(text: text, inJSONString: inJSONString, options: validation)
            }
            if answer == true { return }
            if answer == false { decidedOnBytes = true }  // invalid for certain: explain it below
        }
        let bytes = body.bytes
        guard bytes.count <= options.maxBodyBytes else {
            f.add(
                "diagnose.body-too-large", at: location, args: [:], severity: .info,
                message: "the \(side.rawValue) body is \(bytes.count) bytes; bodies over \(options.maxBodyBytes) bytes are not validated",
                hint: "raise the limit with --max-body-bytes")
            return
        }
        if isJSON, !options.strict, !decidedOnBytes, validator(for: schema).isValid(json: bytes, options: validation) == true {
            return
        }
        let name = "\(exchange.source.file)#\(exchange.source.entry) \(side.rawValue) body"
        let instance: Document
        var form = false
        if parsed?.isJSON ?? false {
            do {
                // Duplicate-key notes are not reported for bodies; skipping the detection saves a pass per object.
                var parse = JSONParser.Options()
                parse.detectDuplicateKeys = false
                instance = try JSONParser.parse(SourceText(name: name, bytes: bytes), options: parse)
            } catch {
                let at = error.location.line > 0 ? " at line \(error.location.line), column \(error.location.column)" : ""
                f.add(
                    "\(side.rawValue).body-malformed", at: location,
                    args: ["mediaType": parsed?.essence ?? contentType, "reason": error.message + at],
                    spec: media.sourceLocation, expected: parsed?.essence, found: String(decoding: bytes.prefix(80), as: UTF8.self))
                return
            }
        } else if parsed?.isFormURLEncoded ?? false {
            form = true
            let text = SourceText(name: name, bytes: bytes)
            let pairs = forms?.bodyPairs ?? FormDecoding.pairs(String(decoding: bytes, as: UTF8.self))
            instance = coercion.coerce(pairs: pairs, schema: schema.node, text: text)
        } else if parsed?.isMultipartFormData ?? false {
            form = true
            guard let boundary = parsed?.parameter("boundary") else {
                f.add(
                    "\(side.rawValue).body-malformed", at: location,
                    args: ["mediaType": "multipart/form-data", "reason": "the Content-Type has no boundary parameter"],
                    spec: media.sourceLocation)
                return
            }
            do {
                let multipart = try MultipartBody(body: bytes, boundary: boundary)
                let pairs = multipart.parts.map { part in
                    FormPair(
                        name: part.name ?? "", value: part.filename != nil ? "<file \(part.filename!) (\(part.body.count) bytes)>" : String(decoding: part.body, as: UTF8.self),
                        offset: part.offset)
                }
                instance = coercion.coerce(pairs: pairs, schema: schema.node, text: SourceText(name: name, bytes: bytes))
            } catch {
                f.add(
                    "\(side.rawValue).body-malformed", at: location,
                    args: ["mediaType": "multipart/form-data", "reason": error.description], spec: media.sourceLocation)
                return
            }
        } else if parsed?.type == "text" {
            instance = Document.string(String(decoding: bytes, as: UTF8.self))
        } else {
            return  // opaque bytes: nothing to validate structurally
        }
        let result = validator(for: schema).validate(
            instance.root, options: ValidationOptions(mode: mode, collect: .all, assertFormats: options.assertFormats))
        for error in result.errors {
            report(error, side: side, form: form, location: location, instance: instance, schema: schema, &f)
        }
        if options.strict {
            for path in undeclaredFields(instance.root, schema: schema.node, at: .root) {
                let rule = side == .request ? "request.body-unknown-field" : "response.body-unknown-field"
                f.add(
                    rule, at: location + path.description, args: ["name": path.fieldName(form: form)],
                    spec: schema.location, found: path.fieldName(form: form), severity: .warning)
            }
        }
    }

    func report(
        _ error: ValidationError, side: Side, form: Bool, location: String, instance: Document, schema: SchemaRef,
        _ f: inout FindingFactory
    ) {
        let field = error.instancePath.fieldName(form: form)
        let at = location + error.instancePath.description
        let spec = error.schemaLocation ?? schema.location
        switch error.keyword {
        case "additionalProperties", "unevaluatedProperties":
            let rule = side == .request ? "request.body-unknown-field" : "response.body-unknown-field"
            f.add(
                rule, at: at, args: ["name": field, "suggestion": suggestion(in: error.hint) ?? ""], spec: spec,
                found: field)
        case "readOnly" where side == .request:
            f.add("request.body-readonly-field", at: at, args: ["name": field], spec: spec, found: field)
        case "writeOnly" where side == .response:
            f.add("response.body-writeonly-field", at: at, args: ["name": field], spec: spec, found: field)
        case "required":
            // The validator names the missing property in `expected` (`property "currency"`).
            let rule = side == .request ? "request.body-invalid" : "response.body-invalid"
            let missing = quoted(in: error.expected) ?? quoted(in: error.message) ?? ""
            let path = missing.isEmpty ? error.instancePath : error.instancePath.appending(missing)
            let name = path.fieldName(form: form)
            let zh = options.language == .zhHans
            f.add(
                rule, at: location + path.description, args: ["field": name, "expected": "a value", "found": "nothing"],
                spec: spec, expected: "field \(name)", found: "absent",
                message: zh ? "缺少必填字段“\(name)”" : "required field '\(name)' is missing",
                hint: error.hint ?? (zh ? "请在请求中加入“\(name)”" : "add '\(name)' to the \(side == .request ? "request" : "response") body"))
        default:
            let rule = side == .request ? "request.body-invalid" : "response.body-invalid"
            let found = error.found ?? instance.root.resolve(error.instancePath).map { JSONSerializer.serialize($0) } ?? ""
            // The validator's hints speak JSON; for form bodies the rule's own hint fits better.
            let hint = form ? nil : error.hint
            if let expected = error.expected {
                f.add(
                    rule, at: at, args: ["field": field, "expected": expected, "found": f.quote(found), "allowed": ""],
                    spec: spec, expected: expected, found: found, hint: hint)
            } else {
                // Without an expected value the request rule's own hint ("send 'x' as …") would quote the message as
                // if it were a type; say what to do instead.
                let zh = options.language == .zhHans
                let fallback =
                    side == .request
                    ? (zh ? "请修改“\(field)”，使其符合所示规范位置的 schema" : "change '\(field)' so that it matches the schema at the spec location shown")
                    : nil
                f.add(
                    rule, at: at, args: ["field": field, "expected": error.message, "found": f.quote(found)], spec: spec,
                    found: found, message: "\(side == .request ? "request body" : "response") field '\(field)': \(error.message)",
                    hint: hint ?? fallback)
            }
        }
    }

    /// The first double-quoted word in a text.
    func quoted(in text: String?) -> String? {
        guard let text, let open = text.firstIndex(of: "\"") else { return nil }
        let rest = text[text.index(after: open)...]
        guard let close = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<close])
    }

    /// `did you mean "currency"?` → `currency`.
    func suggestion(in hint: String?) -> String? {
        let marker = "did you mean \""
        guard let hint, let start = hint.firstRange(of: marker) else { return nil }
        let rest = hint[start.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<end])
    }

    /// Object members no `properties` (of the schema or any of its branches) declares, where the schema does not
    /// itself forbid extra members (those are validator errors already). For `--strict`.
    func undeclaredFields(_ node: Node, schema: Node?, at path: JSONPointer, depth: Int = 0) -> [JSONPointer] {
        guard depth < 32, let schema = coercion.resolved(schema), schema.kind == .object else { return [] }
        var out: [JSONPointer] = []
        switch node.kind {
        case .object:
            let declared = declaredProperties(schema)
            let open = schema["additionalProperties"].map { $0.kind == .object || $0.boolValue == true } ?? false
            for (key, value) in node.members {
                let name = key.stringValue ?? ""
                if let sub = declared[name] {
                    out += undeclaredFields(value, schema: sub, at: path.appending(name), depth: depth + 1)
                } else if !open && !declared.isEmpty {
                    out.append(path.appending(name))
                }
            }
        case .array:
            for (i, element) in node.elements.enumerated() {
                out += undeclaredFields(element, schema: schema["items"], at: path.appending(i), depth: depth + 1)
            }
        default: break
        }
        return out
    }

    /// The properties a schema declares, its own and those of its `allOf`/`anyOf`/`oneOf` branches, each branch
    /// schema visited once: a schema whose `allOf` names itself (once or twice) ends instead of recursing for ever.
    func declaredProperties(_ schema: Node) -> [String: Node] {
        var visited = Set<SchemaRegistry.NodeKey>()
        return declaredProperties(schema, visited: &visited)
    }

    private func declaredProperties(_ schema: Node, visited: inout Set<SchemaRegistry.NodeKey>) -> [String: Node] {
        var result: [String: Node] = [:]
        guard visited.insert(SchemaRegistry.NodeKey(document: ObjectIdentifier(schema.document), index: schema.index)).inserted
        else { return result }
        if let properties = schema["properties"] {
            for (key, value) in properties.members { result[key.stringValue ?? ""] = value }
        }
        for combinator in ["allOf", "anyOf", "oneOf"] {
            for branch in schema[combinator].map({ Array($0.elements) }) ?? [] {
                if let resolved = coercion.resolved(branch) {
                    for (k, v) in declaredProperties(resolved, visited: &visited) where result[k] == nil { result[k] = v }
                }
            }
        }
        return result
    }
}
