/*
 A whole valid exchange for one operation:

     POST https://api.stripe.com/v1/customers?expand[]=ex_4k
     Authorization: Bearer sk_test_…            (the first security alternative the operation accepts)
     Content-Type: application/x-www-form-urlencoded

     email=user12%40example.com&metadata[key_0_x1]=ex_ab&address[city]=ex_q

     200 application/json {"id": "ex_…", "object": "customer", …}

 The URL comes from the operation's (or the spec's) first server with variables at their defaults (a relative
 server gets `https://api.example.com`); path parameters are percent-encoded; query parameters follow their `style`
 (`deepObject` brackets, `form` with or without `explode`, `spaceDelimited`, `pipeDelimited`); bodies are written
 per media type (JSON, form with bracket nesting, multipart with one part per field, text); the response is a
 documented 2xx (else the first documented status) with a body for its first media type and its required headers.
*/

extension ExampleGenerator {
    /// A valid exchange for an operation, generated with a fresh generator seeded with `seed`.
    /// - Parameters:
    ///   - operation: the operation (from `spec.operations`).
    ///   - spec: the spec it belongs to.
    ///   - seed: the PRNG seed.
    /// - Returns: the exchange; values that could not be generated are left out (see `exchange(for:)`).
    public static func exchange(for operation: OpenAPI.Operation, in spec: OpenAPI.Document, seed: UInt64) -> Exchange
    {
        var generator = ExampleGenerator(spec: spec, seed: seed)
        return generator.exchange(for: operation)
    }

    /// A valid exchange for an operation; advances `rng` and appends to `skips` for values left out.
    /// - Parameters:
    ///   - operation: the operation.
    ///   - entry: the entry number recorded in the exchange's `source`.
    public mutating func exchange(for operation: OpenAPI.Operation, entry: Int = 1) -> Exchange {
        var headers: [HTTPHeader] = []
        var path = operation.pathTemplate
        var query: [String] = []
        var cookies: [String] = []

        for parameter in operation.parameters {
            guard let schema = parameter.schema ?? parameter.content.first?.schema else {
                if parameter.required { fillUntyped(parameter, &path, &query, &headers, &cookies) }
                continue
            }
            if !parameter.required && (parameter.deprecated || !rng.chance(options.optionalRate)) { continue }
            let wire: Wire = parameter.location == .query || parameter.location == .cookie ? .form : .simple
            let before = skips.count
            guard var value = self.value(for: schema, side: .request, wire: wire, rich: parameter.location != .header) else {
                if skips.count == before {
                    skips.append(Skip(schema: schema.location.description, reason: "parameter \(parameter.name) has no value"))
                }
                continue
            }
            if !parameter.content.isEmpty {
                value = .string(value.json)  // content-based parameters carry serialized JSON
            }
            switch parameter.location {
            case .path:
                path = path.replacing("{\(parameter.name)}", with: pathText(value, parameter))
            case .query:
                query += queryPairs(value, parameter)
            case .header:
                headers.append(HTTPHeader(name: parameter.name, value: simpleText(value, explode: parameter.explode)))
            case .cookie:
                cookies.append("\(parameter.name)=\(HTTPForm.percentEncode(simpleText(value, explode: false)))")
            }
        }

        addCredentials(operation, &headers, &query)
        if !cookies.isEmpty { headers.append(HTTPHeader(name: "Cookie", value: cookies.joined(separator: "; "))) }
        headers.append(HTTPHeader(name: "User-Agent", value: "diagnose-example/1"))
        headers.append(HTTPHeader(name: "Accept", value: "application/json"))

        var body: HTTPBody?
        if let requestBody = operation.requestBody, let media = requestBody.content.first {
            if let (bytes, contentType) = encodeBody(media, requestBody.required) {
                headers.append(HTTPHeader(name: "Content-Type", value: contentType))
                body = HTTPBody(bytes: bytes, mediaType: contentType)
            }
        }

        var url = Self.baseURL(operation.servers ?? spec.servers) + path
        if !query.isEmpty { url += "?" + query.joined(separator: "&") }
        if options.wireVariations { headers = headers.map { HTTPHeader(name: $0.name.lowercased(), value: $0.value) } }
        let request = HTTPRequest(method: operation.method, url: url, headers: headers, body: body)
        return Exchange(
            request: request, response: response(for: operation), startedDateTime: "2024-05-01T12:00:00.000Z",
            time: 120, source: SourceRef(file: "<generated>", entry: entry))
    }

    /// The server URL without a trailing slash; relative servers get `https://api.example.com`.
    static func baseURL(_ servers: [OpenAPI.Server]) -> String {
        var base = servers.first?.defaultURL ?? "/"
        if base.hasPrefix("//") { base = "https:" + base }
        if !base.contains("://") {
            base = "https://api.example.com" + (base.hasPrefix("/") ? base : "/" + base)
        }
        while base.hasSuffix("/") { base.removeLast() }
        return base
    }

    mutating func fillUntyped(
        _ parameter: OpenAPI.Parameter, _ path: inout String, _ query: inout [String], _ headers: inout [HTTPHeader],
        _ cookies: inout [String]
    ) {
        let text = "ex_" + rng.word(6)
        switch parameter.location {
        case .path: path = path.replacing("{\(parameter.name)}", with: text)
        case .query: query.append("\(HTTPForm.percentEncode(parameter.name))=\(text)")
        case .header: headers.append(HTTPHeader(name: parameter.name, value: text))
        case .cookie: cookies.append("\(parameter.name)=\(text)")
        }
    }

    /// `simple` style text: scalars as is, arrays comma-joined, objects `k,v` (or `k=v` exploded).
    func simpleText(_ value: ExampleValue, explode: Bool) -> String {
        switch value {
        case .array(let elements): return elements.map { $0.scalarText ?? $0.json }.joined(separator: ",")
        case .object(let members):
            return members.map { explode ? "\($0.key)=\($0.value.scalarText ?? "")" : "\($0.key),\($0.value.scalarText ?? "")" }
                .joined(separator: ",")
        default: return value.scalarText ?? value.json
        }
    }

    func pathText(_ value: ExampleValue, _ parameter: OpenAPI.Parameter) -> String {
        let encode = { (s: String) in HTTPForm.percentEncode(s) }
        switch parameter.style {
        case "label":
            if case .array(let e) = value { return "." + e.map { encode($0.scalarText ?? "") }.joined(separator: ".") }
            return "." + encode(simpleText(value, explode: parameter.explode))
        case "matrix":
            return ";\(parameter.name)=" + encode(simpleText(value, explode: false))
        default:
            if case .array(let e) = value { return e.map { encode($0.scalarText ?? "") }.joined(separator: ",") }
            return encode(simpleText(value, explode: parameter.explode))
        }
    }

    /// Query pairs (already percent-encoded) for one parameter by its style.
    func queryPairs(_ value: ExampleValue, _ parameter: OpenAPI.Parameter) -> [String] {
        let name = parameter.name
        func pair(_ n: String, _ v: String) -> String {
            let encoded = HTTPForm.percentEncode(n)
            let encodedName = options.encodeQueryBrackets ? encoded : encoded.replacing("%5B", with: "[").replacing("%5D", with: "]")
            return "\(encodedName)=\(HTTPForm.percentEncode(v))"
        }
        switch parameter.style {
        case "deepObject":
            return value.bracketPairs(name: name, indexed: options.indexedArrays).map { pair($0.name, $0.value) }
        case "spaceDelimited", "pipeDelimited":
            let separator = parameter.style == "spaceDelimited" ? " " : "|"
            if case .array(let e) = value { return [pair(name, e.map { $0.scalarText ?? "" }.joined(separator: separator))] }
            return [pair(name, value.scalarText ?? value.json)]
        default:
            switch value {
            case .array(let e):
                if parameter.explode { return e.map { pair(name, $0.scalarText ?? $0.json) } }
                return [pair(name, e.map { $0.scalarText ?? $0.json }.joined(separator: ","))]
            case .object(let members):
                if parameter.explode { return members.map { pair($0.key, $0.value.scalarText ?? $0.value.json) } }
                return [pair(name, members.map { "\($0.key),\($0.value.scalarText ?? "")" }.joined(separator: ","))]
            default:
                return [pair(name, value.scalarText ?? value.json)]
            }
        }
    }

    /// Credentials for the first security alternative of the operation (or the spec).
    mutating func addCredentials(_ operation: OpenAPI.Operation, _ headers: inout [HTTPHeader], _ query: inout [String]) {
        let requirements = operation.security ?? spec.security
        guard !requirements.isEmpty, !requirements.contains(where: \.isEmpty) else { return }
        let alternative = requirements[rng.int(requirements.count)]
        var cookieValues: [String] = []
        for name in alternative.keys.sorted() {
            guard let scheme = spec.securitySchemes[name] else { continue }
            let key = "sk_test_" + rng.word(24)
            switch scheme.type {
            case .http:
                if (scheme.scheme ?? "bearer").lowercased() == "basic" {
                    headers.append(HTTPHeader(name: "Authorization", value: "Basic " + TrafficBase64.encode(Array((key + ":").utf8))))
                } else {
                    headers.append(HTTPHeader(name: "Authorization", value: "\(Self.capitalized(scheme.scheme ?? "bearer")) \(key)"))
                }
            case .oauth2, .openIdConnect:
                headers.append(HTTPHeader(name: "Authorization", value: "Bearer \(key)"))
            case .apiKey:
                let parameter = scheme.parameterName ?? "api_key"
                switch scheme.location {
                case .query: query.append("\(HTTPForm.percentEncode(parameter))=\(key)")
                case .cookie: cookieValues.append("\(parameter)=\(key)")
                default: headers.append(HTTPHeader(name: parameter, value: key))
                }
            case .mutualTLS, .unknown: break
            }
        }
        if !cookieValues.isEmpty { headers.append(HTTPHeader(name: "Cookie", value: cookieValues.joined(separator: "; "))) }
    }

    static func capitalized(_ s: String) -> String { s.prefix(1).uppercased() + s.dropFirst().lowercased() }

    /// A concrete media type for a declared one (`*/*` → JSON, `text/*` → `text/plain`).
    static func concrete(_ mediaType: String) -> String {
        let lower = mediaType.lowercased()
        if lower == "*/*" || lower == "application/*" { return "application/json" }
        if lower.hasSuffix("/*") { return lower.dropLast(2) + "/plain" }
        return mediaType
    }

    /// A body for a media type: its bytes and `Content-Type`; nil when none could be generated (and it is optional,
    /// or skipped).
    mutating func encodeBody(_ media: OpenAPI.MediaType, _ required: Bool) -> ([UInt8], String)? {
        let mediaType = Self.concrete(media.mediaType)
        let parsed = MediaType(mediaType)
        let isForm = parsed?.isFormURLEncoded ?? false
        let isMultipart = parsed?.isMultipartFormData ?? false
        guard let schema = media.schema else {
            return (Array("ex_\(rng.word(8))".utf8), mediaType)
        }
        let wire: Wire = isForm || isMultipart ? .form : .json
        let before = skips.count
        guard let value = value(for: schema, side: .request, wire: wire) else {
            if required && skips.count == before {
                skips.append(Skip(schema: schema.location.description, reason: "request body could not be generated"))
            }
            return nil
        }
        let declared = options.wireVariations && (isForm || parsed?.isJSON == true) ? mediaType + "; charset=utf-8" : mediaType
        if isForm {
            var pairs: [(name: String, value: String)] = []
            if case .object(let members) = value {
                for m in members { pairs += formPairs(m.key, m.value, media.encoding[m.key]) }
            }
            return (Array(HTTPForm.encode(pairs).utf8), declared)
        }
        if isMultipart {
            let boundary = "diagnose-example-\(rng.word(8))"
            var out = ""
            if case .object(let members) = value {
                for m in members {
                    for (name, text) in m.value.bracketPairs(name: m.key, indexed: options.indexedArrays) {
                        out += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(text)\r\n"
                    }
                }
            }
            out += "--\(boundary)--\r\n"
            return (Array(out.utf8), "multipart/form-data; boundary=\(boundary)")
        }
        if parsed?.isJSON ?? (mediaType.lowercased().contains("json")) {
            var out: [UInt8] = []
            value.writeJSON(into: &out)
            return (out, declared)
        }
        if parsed?.type == "text" {
            return (Array((value.scalarText ?? value.json).utf8), mediaType)
        }
        return (Array((value.scalarText ?? value.json).utf8), mediaType)
    }

    /// Form pairs for one top-level field: bracket nesting, except `style: form` arrays, which repeat the name.
    func formPairs(_ name: String, _ value: ExampleValue, _ encoding: OpenAPI.Encoding?) -> [(name: String, value: String)] {
        if let encoding, encoding.style == "form" || encoding.style == nil && encoding.explode == true,
            case .array(let elements) = value, elements.allSatisfy({ $0.scalarText != nil })
        {
            if encoding.explode == false { return [(name, elements.map { $0.scalarText! }.joined(separator: ","))] }
            return elements.map { (name, $0.scalarText!) }
        }
        return value.bracketPairs(name: name, indexed: options.indexedArrays)
    }

    /// A documented response: a 2xx when there is one, else the first status; its first media type and required
    /// headers.
    mutating func response(for operation: OpenAPI.Operation) -> HTTPResponse? {
        let documented = operation.responses.first { $0.status.hasPrefix("2") && $0.status.count == 3 }
            ?? operation.responses.first { $0.status.uppercased() == "2XX" }
            ?? operation.responses.first
        guard let documented else { return nil }
        var status = Int(documented.status) ?? 200
        if documented.status.uppercased().hasSuffix("XX"), let first = documented.status.first?.wholeNumberValue {
            status = first * 100
        }
        return response(documented, status: status)
    }

    /// A valid response with a given status, from the response the operation documents for it (exact, `NXX`,
    /// then `default`: Stripe's errors); nil when the status is undocumented.
    /// - Parameters:
    ///   - operation: the operation.
    ///   - status: the status code, e.g. 402.
    public mutating func response(for operation: OpenAPI.Operation, status: Int) -> HTTPResponse? {
        operation.response(forStatus: status).flatMap { response($0, status: status) }
    }

    mutating func response(_ documented: OpenAPI.Response, status: Int) -> HTTPResponse? {
        var headers: [HTTPHeader] = []
        for header in documented.headers where header.required {
            var text = "ex_" + rng.word(6)
            if let schema = header.schema, let v = value(for: schema, side: .response, wire: .simple) {
                text = simpleText(v, explode: false)
            }
            headers.append(HTTPHeader(name: header.name, value: text))
        }
        headers.append(HTTPHeader(name: "Request-Id", value: "req_" + rng.word(14)))
        var body: HTTPBody?
        if let media = documented.content.first {
            let mediaType = Self.concrete(media.mediaType)
            var bytes: [UInt8] = []
            if let schema = media.schema {
                let parsed = MediaType(mediaType)
                if let v = value(for: schema, side: .response, wire: .json) {
                    if parsed?.isJSON ?? false {
                        v.writeJSON(into: &bytes)
                    } else {
                        bytes = Array((v.scalarText ?? v.json).utf8)
                    }
                }
            } else {
                bytes = Array("ex_\(rng.word(8))".utf8)
            }
            if !bytes.isEmpty {
                let declared = options.wireVariations && MediaType(mediaType)?.isJSON == true ? mediaType + "; charset=utf-8" : mediaType
                headers.insert(HTTPHeader(name: options.wireVariations ? "content-type" : "Content-Type", value: declared), at: 0)
                body = HTTPBody(bytes: bytes, mediaType: mediaType)
            }
        }
        return HTTPResponse(status: status, statusText: "", headers: headers, body: body)
    }
}
