extension OpenAPI {
    /// A server: a URL template with variables (`https://{region}.api.example/v1`).
    public struct Server: Sendable, Hashable {
        /// The URL template as written; may be relative (`/v1`) or contain `{variables}`.
        public var url: String
        /// `description`, when present.
        public var description: String?
        /// The variables in source order.
        public var variables: [ServerVariable]
        /// Where the server is declared.
        public var sourceLocation: SourceLocation?

        /// Creates a server.
        public init(
            url: String, description: String? = nil, variables: [ServerVariable] = [],
            sourceLocation: SourceLocation? = nil
        ) {
            self.url = url
            self.description = description
            self.variables = variables
            self.sourceLocation = sourceLocation
        }

        /// The URL with every variable replaced by its default.
        public var defaultURL: String {
            var out = url
            for variable in variables {
                out = out.replacing("{\(variable.name)}", with: variable.defaultValue)
            }
            return out
        }
    }

    /// A server variable: a default and, optionally, the allowed values.
    public struct ServerVariable: Sendable, Hashable {
        /// The variable's name.
        public var name: String
        /// `default` (required by the spec; empty when missing).
        public var defaultValue: String
        /// `enum`, when present.
        public var enumValues: [String]?

        /// Creates a variable.
        public init(name: String, defaultValue: String, enumValues: [String]? = nil) {
            self.name = name
            self.defaultValue = defaultValue
            self.enumValues = enumValues
        }
    }

    /// A security scheme (`components.securitySchemes.*`, Swagger 2.0 `securityDefinitions.*`).
    public struct SecurityScheme: Sendable, Hashable {
        /// The kind of scheme.
        public enum SchemeType: String, Sendable, Hashable, Codable {
            /// An API key in a header, query parameter or cookie.
            case apiKey
            /// HTTP authentication (`scheme`: `bearer`, `basic`, …); Swagger 2.0 `basic` maps here.
            case http
            /// OAuth 2.
            case oauth2
            /// OpenID Connect discovery.
            case openIdConnect
            /// Mutual TLS (3.1).
            case mutualTLS
            /// Anything else (kept, reported as a warning).
            case unknown
        }
        /// The scheme's name (its key).
        public var name: String
        /// The kind of scheme.
        public var type: SchemeType
        /// For `http`: the lowercased scheme (`bearer`, `basic`).
        public var scheme: String?
        /// For `http` bearer: `bearerFormat`, when present.
        public var bearerFormat: String?
        /// For `apiKey`: where the key goes.
        public var location: ParameterLocation?
        /// For `apiKey`: the header, query parameter or cookie name.
        public var parameterName: String?
        /// `description`, when present.
        public var description: String?
        /// Where the scheme is declared.
        public var sourceLocation: SourceLocation?

        /// Creates a scheme.
        public init(
            name: String, type: SchemeType, scheme: String? = nil, bearerFormat: String? = nil,
            location: ParameterLocation? = nil, parameterName: String? = nil, description: String? = nil,
            sourceLocation: SourceLocation? = nil
        ) {
            self.name = name
            self.type = type
            self.scheme = scheme
            self.bearerFormat = bearerFormat
            self.location = location
            self.parameterName = parameterName
            self.description = description
            self.sourceLocation = sourceLocation
        }
    }

    /// Where a parameter is sent.
    public enum ParameterLocation: String, Sendable, Hashable, Codable, CaseIterable {
        /// A templated path segment.
        case path
        /// A query string parameter.
        case query
        /// A request header (names compare case-insensitively).
        case header
        /// A cookie.
        case cookie
    }

    /// One operation: a method on a path template, with its parameters, body, responses and security.
    public struct Operation: Sendable {
        /// Uppercase HTTP method (`GET`, `POST`, …).
        public var method: String
        /// The path template (`/v1/customers/{customer}`); for webhooks, the webhook's name.
        public var pathTemplate: String
        /// `operationId`, when present.
        public var operationId: String?
        /// `summary`, when present.
        public var summary: String?
        /// `description`, when present.
        public var description: String?
        /// `tags`, in order.
        public var tags: [String]
        /// `deprecated`.
        public var deprecated: Bool
        /// Path-level parameters merged with operation-level ones (operation wins on the same name and location),
        /// refs resolved, in declaration order (path-level first).
        public var parameters: [Parameter]
        /// The request body, when declared (Swagger 2.0: built from `in: body` / `in: formData` parameters).
        public var requestBody: RequestBody?
        /// Responses in source order, keyed by status string (`"200"`, `"2XX"`, `"default"`).
        public var responses: [Response]
        /// Security requirements; nil means the global ones apply, `[]` means none.
        public var security: [[String: [String]]]?
        /// Servers declared on the operation or its path item, overriding the document's; nil when none.
        public var servers: [Server]?
        /// Whether this is a webhook (3.1 `webhooks`) rather than a path operation.
        public var isWebhook: Bool
        /// Where the operation is declared (pointer included).
        public var location: SourceLocation

        /// Creates an operation.
        public init(
            method: String, pathTemplate: String, operationId: String? = nil, summary: String? = nil,
            description: String? = nil, tags: [String] = [], deprecated: Bool = false,
            parameters: [Parameter] = [], requestBody: RequestBody? = nil, responses: [Response] = [],
            security: [[String: [String]]]? = nil, servers: [Server]? = nil, isWebhook: Bool = false,
            location: SourceLocation
        ) {
            self.method = method
            self.pathTemplate = pathTemplate
            self.operationId = operationId
            self.summary = summary
            self.description = description
            self.tags = tags
            self.deprecated = deprecated
            self.parameters = parameters
            self.requestBody = requestBody
            self.responses = responses
            self.security = security
            self.servers = servers
            self.isWebhook = isWebhook
            self.location = location
        }

        /// The parameters sent in one location.
        public func parameters(in location: ParameterLocation) -> [Parameter] {
            parameters.filter { $0.location == location }
        }

        /// The response declared for a status code: the exact code, then its `NXX` range, then `default`.
        public func response(forStatus status: Int) -> Response? {
            let exact = String(status)
            if let r = responses.first(where: { $0.status == exact }) { return r }
            let range = "\(status / 100)XX"
            if let r = responses.first(where: { $0.status.uppercased() == range }) { return r }
            return responses.first { $0.status == "default" }
        }

        /// `METHOD /path`, for messages.
        public var displayName: String { "\(method) \(pathTemplate)" }
    }

    /// A parameter (path, query, header or cookie).
    public struct Parameter: Sendable {
        /// The name (header names as written).
        public var name: String
        /// Where it is sent.
        public var location: ParameterLocation
        /// `required` (path parameters are always required, whatever the spec says).
        public var required: Bool
        /// `deprecated`.
        public var deprecated: Bool
        /// `style`, defaulted per location (`form` for query and cookie, `simple` for path and header).
        public var style: String
        /// `explode`, defaulted per style (true for `form`, false otherwise).
        public var explode: Bool
        /// `allowReserved` (query only).
        public var allowReserved: Bool
        /// `allowEmptyValue`.
        public var allowEmptyValue: Bool
        /// `description`, when present.
        public var description: String?
        /// The value's schema (nil for content-based parameters or when missing).
        public var schema: SchemaRef?
        /// For content-based parameters: the single media type.
        public var content: [MediaType]
        /// Where the parameter is declared (after resolving refs).
        public var sourceLocation: SourceLocation

        /// Creates a parameter.
        public init(
            name: String, location: ParameterLocation, required: Bool, deprecated: Bool = false,
            style: String? = nil, explode: Bool? = nil, allowReserved: Bool = false, allowEmptyValue: Bool = false,
            description: String? = nil, schema: SchemaRef? = nil, content: [MediaType] = [],
            sourceLocation: SourceLocation
        ) {
            self.name = name
            self.location = location
            self.required = required
            self.deprecated = deprecated
            let style = style ?? Parameter.defaultStyle(for: location)
            self.style = style
            self.explode = explode ?? (style == "form")
            self.allowReserved = allowReserved
            self.allowEmptyValue = allowEmptyValue
            self.description = description
            self.schema = schema
            self.content = content
            self.sourceLocation = sourceLocation
        }

        /// The default `style` for a location: `form` for query and cookie, `simple` for path and header.
        public static func defaultStyle(for location: ParameterLocation) -> String {
            switch location {
            case .query, .cookie: "form"
            case .path, .header: "simple"
            }
        }

        /// Whether two parameters are the same one: same location and name (headers case-insensitively).
        func sameIdentity(as other: Parameter) -> Bool {
            guard location == other.location else { return false }
            return location == .header ? name.lowercased() == other.name.lowercased() : name == other.name
        }
    }

    /// A request body: whether it is required and its media types.
    public struct RequestBody: Sendable {
        /// `required`.
        public var required: Bool
        /// `description`, when present.
        public var description: String?
        /// The media types in source order.
        public var content: [MediaType]
        /// Where the body is declared.
        public var sourceLocation: SourceLocation

        /// Creates a body.
        public init(required: Bool, description: String? = nil, content: [MediaType], sourceLocation: SourceLocation) {
            self.required = required
            self.description = description
            self.content = content
            self.sourceLocation = sourceLocation
        }

        /// The media type entry that best matches a `Content-Type` (exact, then `type/*`, then `*/*`).
        public func mediaType(matching contentType: String) -> MediaType? {
            OpenAPI.MediaType.bestMatch(contentType, in: content)
        }
    }

    /// One media type of a body: its schema and, for forms, the per-field encoding.
    public struct MediaType: Sendable {
        /// The media type as written (`application/json`, `application/x-www-form-urlencoded`, `*/*`).
        public var mediaType: String
        /// The body's schema, when declared.
        public var schema: SchemaRef?
        /// Per-property encoding (form and multipart bodies).
        public var encoding: [String: Encoding]
        /// Where the media type is declared.
        public var sourceLocation: SourceLocation?

        /// Creates a media type.
        public init(
            mediaType: String, schema: SchemaRef? = nil, encoding: [String: Encoding] = [:],
            sourceLocation: SourceLocation? = nil
        ) {
            self.mediaType = mediaType
            self.schema = schema
            self.encoding = encoding
            self.sourceLocation = sourceLocation
        }

        /// The entry best matching `contentType` (parameters such as `; charset=utf-8` ignored): an exact match,
        /// then `type/*`, then `*/*`.
        public static func bestMatch(_ contentType: String, in list: [MediaType]) -> MediaType? {
            let bare = HTTPMediaType.essence(contentType)
            if let m = list.first(where: { $0.mediaType.lowercased() == bare }) { return m }
            if let slash = bare.firstIndex(of: "/") {
                let wildcard = bare[..<slash] + "/*"
                if let m = list.first(where: { $0.mediaType.lowercased() == wildcard }) { return m }
            }
            return list.first { $0.mediaType == "*/*" }
        }
    }

    /// How one property of a form or multipart body is encoded.
    public struct Encoding: Sendable, Hashable {
        /// `contentType`, when present.
        public var contentType: String?
        /// `style`, when present (e.g. `deepObject`).
        public var style: String?
        /// `explode`, when present.
        public var explode: Bool?
        /// `allowReserved`.
        public var allowReserved: Bool

        /// Creates an encoding.
        public init(contentType: String? = nil, style: String? = nil, explode: Bool? = nil, allowReserved: Bool = false)
        {
            self.contentType = contentType
            self.style = style
            self.explode = explode
            self.allowReserved = allowReserved
        }
    }

    /// A response: status key, headers and content.
    public struct Response: Sendable {
        /// `"200"`, `"2XX"` or `"default"`.
        public var status: String
        /// `description`.
        public var description: String?
        /// Declared headers in source order.
        public var headers: [Header]
        /// Media types in source order (empty for a body-less response).
        public var content: [MediaType]
        /// Where the response is declared.
        public var sourceLocation: SourceLocation

        /// Creates a response.
        public init(
            status: String, description: String? = nil, headers: [Header] = [], content: [MediaType] = [],
            sourceLocation: SourceLocation
        ) {
            self.status = status
            self.description = description
            self.headers = headers
            self.content = content
            self.sourceLocation = sourceLocation
        }
    }

    /// A response header.
    public struct Header: Sendable {
        /// The header's name.
        public var name: String
        /// `required`.
        public var required: Bool
        /// `deprecated`.
        public var deprecated: Bool
        /// The value's schema.
        public var schema: SchemaRef?
        /// Where the header is declared.
        public var sourceLocation: SourceLocation

        /// Creates a header.
        public init(
            name: String, required: Bool = false, deprecated: Bool = false, schema: SchemaRef? = nil,
            sourceLocation: SourceLocation
        ) {
            self.name = name
            self.required = required
            self.deprecated = deprecated
            self.schema = schema
            self.sourceLocation = sourceLocation
        }
    }
}

extension [OpenAPI.Parameter] {
    /// The position of the first parameter sent in `location` whose name passes `test`. Reads each parameter in
    /// place: `first(where:)` and `firstIndex(where:)` copy every element they pass, a dozen reference counts each
    /// on the spec's strings, which every worker shares.
    func firstIndex(in location: OpenAPI.ParameterLocation, named test: (String) -> Bool) -> Int? {
        withUnsafeBufferPointer { parameters in
            for i in parameters.indices where parameters[i].location == location && test(parameters[i].name) {
                return i
            }
            return nil
        }
    }
}
