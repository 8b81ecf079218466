/*
 Parameters arrive as strings; the spec says how to read them (`style`, `explode`) and what they are (`schema`).

     GET /v1/customers?limit=10&expand[]=data.default_source&created[gte]=1700000000&email=a%40b.co

 `limit` (form, integer) → 10; `expand` (deepObject or form array) → ["data.default_source"];
 `created` (deepObject over `anyOf: [object, integer]`) → {"gte": 1700000000}. Each typed value is then
 validated against its schema. Query pairs no declared parameter claims are `request.param-unknown`.
*/
extension SpecChecker {
    func checkParameters(
        _ exchange: Exchange, _ match: OpenAPI.RouteMatch, _ forms: RequestForms, _ f: inout FindingFactory
    ) {
        let request = exchange.request
        let parameters = match.operation.parameters
        let queryText = request.rawQuery ?? ""
        let pairs = forms.queryPairs
        // Each parameter looks at every pair: the names before their brackets are worked out once.
        let baseNames = pairs.map(\.baseName)
        var claimed = [Bool](repeating: false, count: pairs.count)
        // The query as a text of its own, for coerced values' locations: made only if a value needs coercing (most
        // parameters are scalars decided on their JSON text, and most requests have no query).
        var queryTextSource: SourceText?
        func queryTextForCoercion() -> SourceText {
            if let queryTextSource { return queryTextSource }
            let made = SourceText(name: "\(exchange.source.file)#\(exchange.source.entry) query", string: queryText)
            queryTextSource = made
            return made
        }

        for parameter in parameters {
            // Built only for a finding: most declared parameters are absent or valid.
            var location: String { "/request/\(parameter.location.rawValue)/\(JSONPointer.escape(parameter.name))" }
            var value: FormValue?
            var repeats: [FormValue] = []
            switch parameter.location {
            case .path:
                if let raw = match.pathParams.first(where: { $0.name == parameter.name }) {
                    value = pathValue(raw.decodedValue, parameter)
                }
            case .query:
                value = queryValue(parameter, pairs, baseNames: baseNames, &claimed)
                // A scalar parameter sent twice (`limit=10&limit=ten`): every value is validated, not only the first.
                if parameter.style == "form", let schema = parameter.schema,
                    !coercion.typeMask(of: schema.node).contains(.array)
                {
                    repeats = pairs.filter { $0.name == parameter.name }.dropFirst().map { .string($0.value, offset: $0.offset) }
                }
            case .header:
                let values = request.headers(named: parameter.name)
                if !values.isEmpty { value = splitSimple(values.joined(separator: ","), parameter) }
            case .cookie:
                if let cookie = request.cookies.first(where: { $0.name == parameter.name }) {
                    value = .string(cookie.value, offset: 0)
                }
            }
            guard let value else {
                if parameter.required {
                    f.add(
                        "request.param-missing", at: location,
                        args: ["name": parameter.name, "in": parameter.location.rawValue,
                            "expected": parameter.schema.map { describeSchema($0.node) } ?? ""],
                        spec: parameter.sourceLocation, expected: parameter.schema.map { describeSchema($0.node) })
                }
                continue
            }
            if parameter.deprecated {
                f.add(
                    "request.param-deprecated", at: location, args: ["name": parameter.name],
                    spec: parameter.sourceLocation)
            }
            validateParameter(parameter, value, location: location, text: queryTextForCoercion, &f)
            for extra in repeats {
                validateParameter(parameter, extra, location: location, text: queryTextForCoercion, &f)
            }
        }

        // Undeclared query parameters: OpenAPI cannot forbid them, but form-encoded APIs reject them.
        guard claimed.contains(false) else { return }
        let declared = parameters.compactMap { $0.location == .query ? $0.name : nil }
        var reported = Set<String>()
        for i in pairs.indices where !claimed[i] {
            let name = baseNames[i]
            guard reported.insert(name).inserted else { continue }
            if isCredentialParameter(name) { continue }
            let suggestion = NearestName.suggest(name, among: declared)
            f.add(
                "request.param-unknown", at: "/request/query/\(JSONPointer.escape(name))",
                args: ["name": f.quote(name), "in": "query", "suggestion": suggestion ?? "",
                    "allowed": declared.count <= 12 ? declared.joined(separator: ", ") : ""],
                spec: match.operation.location, found: name)
        }
    }

    /// Query parameters that an apiKey security scheme declares are credentials, not unknown parameters.
    func isCredentialParameter(_ name: String) -> Bool {
        spec.securitySchemes.values.contains { $0.type == .apiKey && $0.location == .query && $0.parameterName == name }
    }

    func validateParameter(
        _ parameter: OpenAPI.Parameter, _ value: FormValue, location: @autoclosure () -> String,
        text: () -> SourceText, _ f: inout FindingFactory
    ) {
        guard let schema = parameter.schema ?? parameter.content.first?.schema else { return }
        // Most parameters are one valid scalar: decided on its JSON text, and explained below only when it fails.
        if case .string(let s, _) = value, let json = coercion.scalarJSON(s, schema: schema.node),
            validator(for: schema).isValid(
                json: json, options: ValidationOptions(mode: .request, assertFormats: options.assertFormats)) == true
        {
            return
        }
        let typed = coercion.coerce(value, schema: schema.node, text: text())
        let result = validator(for: schema).validate(
            typed.root, options: ValidationOptions(mode: .request, collect: .all, assertFormats: options.assertFormats))
        guard !result.errors.isEmpty else { return }
        let location = location()
        for error in result.errors {
            let found = error.found ?? JSONSerializer.serialize(typed.root.resolve(error.instancePath) ?? typed.root)
            let expected = error.expected ?? error.message
            let raw = value.stringValue ?? JSONSerializer.serialize(typed.root)
            f.add(
                "request.param-invalid", at: location + error.instancePath.description,
                args: ["name": parameter.name + (error.instancePath.tokens.isEmpty ? "" : error.instancePath.fieldName(form: true).bracketSuffix),
                    "in": parameter.location.rawValue, "value": f.quote(raw), "expected": expected,
                    "allowed": error.hint ?? ""],
                spec: error.schemaLocation ?? schema.location, expected: expected, found: found)
        }
    }

    /// Reads a query parameter by its style; marks the pairs it consumes. `baseNames` are the pairs' names before
    /// any bracket.
    func queryValue(
        _ parameter: OpenAPI.Parameter, _ pairs: [FormPair], baseNames: [String], _ claimed: inout [Bool]
    ) -> FormValue? {
        let name = parameter.name
        let wantsArray = parameter.schema.map { coercion.typeMask(of: $0.node).contains(.array) } ?? false
        switch parameter.style {
        case "deepObject":
            // `created[gte]=1`, `metadata[k]=v`, `expand[]=a`, `expand[0]=a`; a bare `expand=a` is tolerated.
            var selected: [FormPair] = []
            for (i, pair) in pairs.enumerated() where baseNames[i] == name {
                claimed[i] = true
                selected.append(pair)
            }
            guard !selected.isEmpty else { return nil }
            guard case .object(let members, _) = FormDecoding.nest(selected) else { return nil }
            return members.first { $0.key == name }?.value
        case "spaceDelimited", "pipeDelimited":
            let separator: Character = parameter.style == "spaceDelimited" ? " " : "|"
            var values: [FormValue] = []
            for (i, pair) in pairs.enumerated() where pair.name == name {
                claimed[i] = true
                values += pair.value.split(separator: separator, omittingEmptySubsequences: false)
                    .map { .string(String($0), offset: pair.offset) }
            }
            return values.isEmpty ? nil : .array(values, offset: values[0].offset)
        default:  // form
            var values: [FormValue] = []
            var firstOffset = 0
            let bracketed = name + "[]"
            for (i, pair) in pairs.enumerated() where pair.name == name || pair.name == bracketed || (wantsArray && baseNames[i] == name) {
                claimed[i] = true
                if values.isEmpty { firstOffset = pair.offset }
                if wantsArray && !parameter.explode {
                    values += pair.value.split(separator: ",", omittingEmptySubsequences: false)
                        .map { .string(String($0), offset: pair.offset) }
                } else {
                    values.append(.string(pair.value, offset: pair.offset))
                }
            }
            if values.isEmpty { return nil }
            if wantsArray { return .array(values, offset: firstOffset) }
            return values[0]
        }
    }

    /// A path parameter by style: `simple` (`a,b`), `label` (`.a.b`), `matrix` (`;id=a,b`).
    func pathValue(_ raw: String, _ parameter: OpenAPI.Parameter) -> FormValue {
        var text = Substring(raw)
        switch parameter.style {
        case "label": if text.hasPrefix(".") { text = text.dropFirst() }
        case "matrix":
            if text.hasPrefix(";\(parameter.name)=") { text = text.dropFirst(parameter.name.count + 2) }
        default: break
        }
        return splitSimple(String(text), parameter)
    }

    /// `simple` style: comma-separated when the schema is an array.
    func splitSimple(_ text: String, _ parameter: OpenAPI.Parameter) -> FormValue {
        let wantsArray = parameter.schema.map { coercion.typeMask(of: $0.node).contains(.array) } ?? false
        guard wantsArray else { return .string(text, offset: 0) }
        let separator: Character = parameter.style == "label" ? "." : ","
        return .array(text.split(separator: separator).map { .string(String($0), offset: 0) }, offset: 0)
    }

    /// A short description of what a schema expects: `integer`, `string (one of: a, b)`.
    func describeSchema(_ schema: Node) -> String {
        let types = coercion.types(of: schema).sorted()
        var text = types.isEmpty ? "a value" : types.joined(separator: " or ")
        if let values = coercion.resolved(schema)?["enum"], values.count > 0, values.count <= 8 {
            text += " (one of: " + values.elements.map { $0.stringValue ?? JSONSerializer.serialize($0) }.joined(separator: ", ") + ")"
        }
        return text
    }
}

extension String {
    /// `[a][b]` from `a[b]`-style names, for appending to a parameter name.
    var bracketSuffix: String {
        guard let first = firstIndex(of: "[") else { return "[\(self)]" }
        return "[" + self[..<first] + "]" + self[first...]
    }
}
