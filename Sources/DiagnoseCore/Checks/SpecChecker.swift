import Synchronization

/// Checks recorded exchanges against one loaded spec: routing, parameters, request body, security and response.
///
/// Immutable and thread-safe: one checker serves every worker of a parallel scan. Schemas compile on first use
/// (through the shared `SchemaRegistry`) and are cached per schema node.
public final class SpecChecker: Sendable {
    /// The spec checked against.
    public let spec: OpenAPI.Document
    /// The options in force.
    public let options: CheckOptions
    let registry: SchemaRegistry
    private let validators = NodeCache<SchemaValidator>()
    private let fileOfDocument: [ObjectIdentifier: String]
    let coercion: SchemaCoercion

    /// Prepares a checker.
    /// - Parameters:
    ///   - spec: the loaded spec.
    ///   - options: strictness, language, links, limits.
    public init(spec: OpenAPI.Document, options: CheckOptions = CheckOptions()) {
        self.spec = spec
        self.options = options
        let registry = SchemaRegistry()
        let dialect: SchemaDialect = spec.kind == .openapi31 ? .oas31 : .oas30
        var files: [ObjectIdentifier: String] = [:]
        let uris = spec.fileURIs
        for (path, document) in spec.files {
            registry.register(document, uri: uris[path] ?? SpecChecker.uri(forFile: path), dialect: dialect)
            files[ObjectIdentifier(document)] = path
        }
        self.registry = registry
        self.fileOfDocument = files
        let resolverFiles = files
        let resolverSpec = spec
        self.coercion = SchemaCoercion { node in
            guard let ref = node["$ref"]?.stringValue else { return nil }
            let file = resolverFiles[ObjectIdentifier(node.document)] ?? resolverSpec.rootFile
            let from = SchemaRef(
                node: node, pointer: .root, file: file, dialect: dialect == .oas31 ? .oas31 : .oas30)
            return resolverSpec.resolveReference(ref, from: from)?.node
        }
    }

    static func uri(forFile path: String) -> String {
        if path.hasPrefix("/") { return "file://" + path }
        return "file:///" + path
    }

    /// The compiled validator for one of the spec's schemas (compiled on first use, then shared), with references
    /// resolved across the spec's files.
    /// - Parameter schema: a schema of this spec, e.g. `operation.requestBody?.content.first?.schema`.
    /// - Returns: its validator.
    public func validator(for schema: SchemaRef) -> SchemaValidator {
        validators.value(for: schema.node) {
            let dialect: SchemaDialect = schema.dialect == .oas31 ? .oas31 : .oas30
            return SchemaValidator(registry: registry, schema: schema.node, dialect: dialect)
        }.takeUnretainedValue()
    }

    /// Checks one exchange.
    /// - Parameter exchange: the recorded exchange.
    /// - Returns: its findings, most severe first within the per-exchange cap.
    public func check(_ exchange: Exchange) -> [Finding] {
        evaluate(exchange).findings
    }

    /// The findings of one exchange and the operation it routed to (nil when routing failed).
    public struct Outcome: Sendable {
        /// The findings.
        public var findings: [Finding]
        /// The route, when the request matched an operation (also under an unknown server).
        public var route: OpenAPI.RouteMatch?
    }

    /// Checks one exchange and returns its route too (for rules and reports that need the operation).
    public func evaluate(_ exchange: Exchange) -> Outcome {
        evaluate(exchange, forms: RequestForms(exchange.request))
    }

    /// `evaluate`, sharing the request's decoded forms with the rules that run next.
    func evaluate(_ exchange: Exchange, forms: RequestForms) -> Outcome {
        var route: OpenAPI.RouteMatch?
        let findings = check(exchange, route: &route, forms: forms)
        return Outcome(findings: findings, route: route)
    }

    func check(_ exchange: Exchange, route matched: inout OpenAPI.RouteMatch?, forms: RequestForms) -> [Finding] {
        var f = FindingFactory(exchange: exchange, options: options)
        let request = exchange.request
        let method = request.method.uppercased()
        let path = request.path
        let route = spec.router.route(method: method, url: request.url, host: request.host)
        let match: OpenAPI.RouteMatch
        switch route {
        case .matched(let m):
            match = m
        case .unknownServer(let host, let known, let m):
            f.add(
                "route.unknown-server", at: "/request/url",
                args: ["server": host, "allowed": known.joined(separator: ", "), "expected": known.first ?? ""],
                expected: known.joined(separator: ", "), found: host)
            guard let m else { return f.finish() }
            match = m
        case .methodNotAllowed(let template, let allowed):
            f.add(
                "route.method-not-allowed", at: "/request/method",
                args: ["method": method, "path": template, "allowed": allowed.joined(separator: ", ")],
                expected: allowed.joined(separator: ", "), found: method)
            return f.finish()
        case .notFound(let nearest):
            f.add(
                "route.unknown-path", at: "/request/url",
                args: ["method": method, "path": f.quote(path), "suggestion": nearest.first ?? ""],
                expected: nearest.isEmpty ? nil : nearest.joined(separator: ", "), found: path)
            return f.finish()
        }
        let operation = match.operation
        if match.trailingSlashDifference {
            // The message template speaks of a 404; other statuses get a plain statement of the difference.
            let status = exchange.response?.status ?? 0
            let zh = options.language == .zhHans
            let plain =
                zh ? "\(f.quote(path)) 末尾多了斜杠，规范中的路径是 \(operation.pathTemplate)"
                : "\(f.quote(path)) has a trailing slash that the spec's \(operation.pathTemplate) does not"
            f.add(
                "http.trailing-slash", at: "/request/url",
                args: ["method": method, "path": f.quote(path), "suggestion": operation.pathTemplate],
                spec: operation.location, expected: operation.pathTemplate, found: path, severity: .warning,
                message: status == 404 ? nil : plain)
        }
        if operation.deprecated {
            f.add(
                "operation.deprecated", at: "/request/url",
                args: ["method": method, "path": operation.pathTemplate], spec: operation.location)
        }
        checkParameters(exchange, match, forms, &f)
        checkSecurity(exchange, operation, &f)
        checkRequestBody(exchange, operation, forms, &f)
        if let response = exchange.response, response.status > 0 {
            checkResponse(exchange, response, operation, &f)
        }
        matched = consume match  // moved, not copied: a copy retained every field of the operation
        return f.finish()
    }

    // MARK: Security

    func checkSecurity(_ exchange: Exchange, _ operation: OpenAPI.Operation, _ f: inout FindingFactory) {
        let requirements = operation.security ?? spec.security
        guard !requirements.isEmpty else { return }
        let request = exchange.request
        // Most calls carry credentials: decide that first, and put the schemes into words only for the finding
        // (describing and sorting them for every exchange cost more than the rest of the check).
        for alternative in requirements {
            if alternative.isEmpty { return }  // `{}`: anonymous access allowed
            var satisfied = true
            for name in alternative.keys {
                guard let scheme = spec.securitySchemes[name] else { continue }
                if !present(scheme, in: request) {
                    satisfied = false
                    break
                }
            }
            if satisfied { return }
        }
        let described = requirements.map { alternative in
            alternative.keys.sorted().compactMap { spec.securitySchemes[$0].map(describe) }.joined(separator: " + ")
        }
        f.add(
            "auth.missing-credentials", at: "/request/headers/Authorization",
            args: ["expected": described.joined(separator: " or ")], spec: operation.location,
            expected: described.joined(separator: " or "))
    }

    func describe(_ scheme: OpenAPI.SecurityScheme) -> String {
        switch scheme.type {
        case .http:
            let s = (scheme.scheme ?? "bearer").lowercased()
            return s == "basic" ? "HTTP Basic credentials (\(scheme.name))" : "a \(s.prefix(1).uppercased() + s.dropFirst()) token (\(scheme.name))"
        case .apiKey:
            return "API key '\(scheme.parameterName ?? "?")' in the \(scheme.location?.rawValue ?? "header") (\(scheme.name))"
        case .oauth2, .openIdConnect:
            return "an OAuth bearer token (\(scheme.name))"
        case .mutualTLS:
            return "a client certificate (\(scheme.name))"
        case .unknown:
            return scheme.name
        }
    }

    func present(_ scheme: OpenAPI.SecurityScheme, in request: HTTPRequest) -> Bool {
        /// An `Authorization` header `<scheme> <something>`, the scheme compared ignoring ASCII case.
        func authorization(_ scheme: String) -> Bool {
            request.headers.contains { header in
                guard header.name.equalsIgnoringASCIICase("Authorization") else { return false }
                return header.value.withBytes { value in
                    scheme.withBytes { s in
                        value.count > s.count + 1 && ASCIICase.equal(value, s, at: 0) && value[s.count] == 0x20
                    }
                }
            }
        }
        switch scheme.type {
        case .http:
            return authorization(scheme.scheme ?? "bearer")
        case .oauth2, .openIdConnect:
            return authorization("bearer")
        case .apiKey:
            guard let name = scheme.parameterName else { return false }
            switch scheme.location {
            case .query: return request.queryItems.contains { $0.name == name }
            case .cookie: return request.cookies.contains { $0.name == name }
            default: return request.header(named: name) != nil
            }
        case .mutualTLS, .unknown:
            return true  // not visible in a recording
        }
    }
}
