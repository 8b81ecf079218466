extension OpenAPI {
    /// Options for loading a spec.
    public struct LoadOptions: Sendable {
        /// Remote URL prefixes mapped to local paths (`--ref-map URL=PATH`): a `$ref` starting with the prefix is
        /// read from the path plus the rest of the URL instead of being an error. Longest prefix wins.
        public var refMap: [String: String]
        /// The most files a spec may reach through `$ref` (the root included).
        public var maxFiles: Int
        /// The most hops a chain of refs pointing to refs may take.
        public var maxRefChain: Int

        /// Parses one `--ref-map URL=PATH` argument.
        /// - Parameter argument: `https://schemas.example.com/=./vendor/schemas/`.
        /// - Returns: the URL prefix and the local path.
        /// - Throws: `DiagnoseFailure` when there is no `=` or either side is empty.
        public static func parseRefMapping(_ argument: String) throws(DiagnoseFailure) -> (prefix: String, path: String)
        {
            guard let equals = argument.firstIndex(of: "="), equals != argument.startIndex,
                argument.index(after: equals) != argument.endIndex
            else {
                throw DiagnoseFailure(
                    "invalid --ref-map '\(argument)': expected URL=PATH",
                    help:
                        "map a URL prefix to a local folder or file, e.g. "
                        + "--ref-map https://schemas.example.com/=./schemas/"
                )
            }
            return (String(argument[..<equals]), String(argument[argument.index(after: equals)...]))
        }

        /// Creates options.
        public init(refMap: [String: String] = [:], maxFiles: Int = 1000, maxRefChain: Int = 64) {
            self.refMap = refMap
            self.maxFiles = maxFiles
            self.maxRefChain = maxRefChain
        }
    }

    /// Loads Swagger 2.0, OpenAPI 3.0 and 3.1 specs (JSON or YAML, detected from content) with every kind of `$ref`.
    public enum Loader {
        /// Loads a spec file and every file it references.
        /// - Parameters:
        ///   - path: the root spec's path; it is also the name shown in locations.
        ///   - options: ref mapping and limits.
        /// - Returns: the loaded spec; problems that did not stop loading are in its `diagnostics`.
        /// - Throws: `DiagnoseFailure` when the root file cannot be read, is not JSON or YAML, or is not an OpenAPI or
        ///   Swagger document.
        public static func load(path: String, options: LoadOptions = LoadOptions()) throws(DiagnoseFailure)
            -> Document
        {
            let display = SpecPath.normalize(path)
            let document = try loadSpecDocument(path: path, display: display)
            return try load(
                document: document, display: display, absolutePath: SpecPath.absolute(path), options: options)
        }

        /// Loads a spec from a text (e.g. standard input); relative file refs resolve against the current folder.
        /// - Parameters:
        ///   - text: the spec's text; its `name` is shown in locations.
        ///   - options: ref mapping and limits.
        /// - Returns: the loaded spec.
        /// - Throws: `DiagnoseFailure` when the text is not JSON or YAML, or not an OpenAPI or Swagger document.
        public static func load(text: SourceText, options: LoadOptions = LoadOptions()) throws(DiagnoseFailure)
            -> Document
        {
            let document = try parseSpecText(text)
            return try load(
                document: document, display: text.name, absolutePath: SpecPath.absolute(text.name), options: options)
        }

        static func load(document: DiagnoseCore.Document, display: String, absolutePath: String, options: LoadOptions)
            throws(DiagnoseFailure) -> Document
        {
            let root = document.root
            guard root.kind == .object else {
                throw DiagnoseFailure(
                    "\(display) is not an OpenAPI or Swagger document: its top level is \(root.kind), not an object",
                    location: root.location, help: "pass the spec file (it starts with 'openapi:' or 'swagger:')")
            }
            var versionWarning: Diagnostic?
            let kind: Kind
            let specVersion: String
            if let node = root["openapi"] {
                var text = node.stringValue
                if text == nil, let number = node.numberValue {
                    text = number.text
                    var location = node.location
                    location.pointer = "/openapi"
                    versionWarning = Diagnostic(
                        id: "spec.version-not-string", severity: .warning,
                        message: "'openapi: \(number.text)' is a number; read it as \"\(number.text)\"",
                        location: location, help: "quote the version: openapi: \"\(number.text).0\"")
                }
                guard let text else {
                    throw DiagnoseFailure(
                        "\(display): 'openapi' must be a version string such as \"3.0.3\"", location: node.location,
                        help: "set openapi: 3.0.3 or 3.1.0")
                }
                specVersion = text
                if text.hasPrefix("3.0") || text == "3" {
                    kind = .openapi30
                } else if text.hasPrefix("3.") {
                    kind = .openapi31
                } else {
                    throw DiagnoseFailure(
                        "\(display): OpenAPI version '\(text)' is not supported", location: node.location,
                        help: "diagnose reads Swagger 2.0 and OpenAPI 3.0, 3.1 and 3.2")
                }
            } else if let node = root["swagger"] {
                let text = node.stringValue ?? node.numberValue?.text ?? ""
                guard text.hasPrefix("2") else {
                    throw DiagnoseFailure(
                        "\(display): Swagger version '\(text)' is not supported", location: node.location,
                        help: "only Swagger 2.0 is read; convert older specs to 2.0 or OpenAPI 3")
                }
                specVersion = "2.0"
                kind = .swagger2
            } else {
                throw DiagnoseFailure(
                    "\(display) is not an OpenAPI or Swagger document: it has no 'openapi' or 'swagger' field",
                    location: root.location, help: "pass the root spec file, not a schema or fragment file")
            }
            let dialect: SchemaRef.Dialect = kind == .openapi31 ? .oas31 : .oas30
            let resolver = SpecRefResolver(options: options, dialect: dialect)
            _ = resolver.addRoot(
                document: document, display: display, absolutePath: absolutePath, trackIDs: kind == .openapi31)
            resolver.run()
            let builder = SpecModelBuilder(resolver: resolver, kind: kind, specVersion: specVersion)
            if let versionWarning { builder.diagnostics.append(versionWarning) }
            return builder.build()
        }
    }
}
