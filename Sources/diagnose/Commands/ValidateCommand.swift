import DiagnoseCore
import Foundation

/// `diagnose validate`: validates JSON or YAML instances against a JSON Schema (or a schema inside a spec).
enum ValidateCommand: Command {
    static let spec = CommandSpec(
        name: "validate",
        abstract: "Validate JSON or YAML documents against a JSON Schema, or against a schema inside an OpenAPI spec.",
        arguments: [.init(name: "INSTANCE", help: "Files to validate (JSON or YAML); '-' reads standard input.", optional: true, repeating: true)],
        options: [
            .value("schema", "SCHEMA", "The schema file, optionally with a JSON pointer: spec3.json#/components/schemas/customer."),
            .value("dialect", "DIALECT", "draft4, draft6, draft7, 2019-09, 2020-12, oas3.0 or oas3.1 (default: from $schema, the spec's version, else 2020-12)."),
            .value("ndjson", "FILE", "Validate each line of FILE as one instance ('-' for standard input)."),
            .value("mode", "MODE", "request or response: apply readOnly/writeOnly as for that direction (default: neither)."),
            .repeatable("ref-map", "URL=PATH", "Resolve remote $refs and $schemas under URL from the local file or folder PATH."),
            .flag("first-error", "Stop at the first error of each instance (fast reject)."),
            .flag("no-formats", "Treat 'format' as an annotation only."),
            .value("format", short: "f", "FORMAT", "text (default) or json (one object per instance per line)."),
        ],
        discussion: """
            EXAMPLES:
              diagnose validate --schema customer.schema.json customer.json
              diagnose validate --schema spec3.json#/components/schemas/customer response.json
              diagnose validate --schema event.yaml --ndjson events.ndjson --format json

            EXIT STATUS: 0 all valid, 1 some invalid, 2 an input could not be read or parsed, 64 usage error.
            """)

    static func run(_ arguments: ParsedArguments) throws -> ExitStatus {
        guard let schemaArgument = arguments.value("schema") else {
            throw UsageError(message: "missing --schema SCHEMA", command: spec)
        }
        let ndjson = arguments.value("ndjson")
        guard !arguments.positionals.isEmpty || ndjson != nil else {
            throw UsageError(message: "missing INSTANCE (or --ndjson FILE)", command: spec)
        }
        let format = arguments.value("format") ?? "text"
        guard format == "text" || format == "json" else {
            throw UsageError(message: "invalid value '\(format)' for '--format'; expected text or json", command: spec)
        }
        var dialect: SchemaDialect?
        if let raw = arguments.value("dialect") {
            guard let d = SchemaDialect(rawValue: raw) ?? SchemaDialect.allCases.first(where: { "\($0)" == raw }) else {
                throw UsageError(
                    message: "invalid value '\(raw)' for '--dialect'; expected \(SchemaDialect.allCases.map(\.rawValue).joined(separator: ", "))",
                    command: spec)
            }
            dialect = d
        }
        var options = ValidationOptions()
        switch arguments.value("mode") {
        case nil: options.mode = .neutral
        case "request": options.mode = .request
        case "response": options.mode = .response
        case let other?: throw UsageError(message: "invalid value '\(other)' for '--mode'; expected request or response", command: spec)
        }
        options.collect = arguments.flag("first-error") ? .first : .all
        options.assertFormats = !arguments.flag("no-formats")

        // The schema: a file (JSON or YAML) and an optional pointer into it.
        var schemaPath = schemaArgument
        var pointer = JSONPointer.root
        if let hash = schemaArgument.firstIndex(of: "#") {
            schemaPath = String(schemaArgument[..<hash])
            do {
                pointer = try JSONPointer(fragment: String(schemaArgument[hash...]))
            } catch {
                throw UsageError(message: "invalid pointer in '--schema \(schemaArgument)': \(error.reason)", command: spec)
            }
        }
        let schemaDocument = try DocumentLoader.load(path: schemaPath)
        if dialect == nil { dialect = specDialect(schemaDocument.root) }
        let registry = SchemaRegistry()
        registry.setLoader { path in try DocumentLoader.load(path: path) }
        for (prefix, path) in try SpecOptions.refMap(arguments, spec: spec) { registry.mapPrefix(prefix, toLocalPath: path) }
        let uri = schemaPath == "-" ? "urn:diagnose:stdin-schema" : URL(fileURLWithPath: schemaPath).standardizedFileURL.absoluteString
        registry.register(schemaDocument, uri: uri, dialect: dialect)
        guard schemaDocument.root.resolve(pointer) != nil else {
            throw DiagnoseFailure(
                "'\(schemaPath)' has nothing at \(pointer.fragment)",
                help: "check the pointer; 'diagnose parse --print \(schemaPath)' shows the document")
        }
        let validator: SchemaValidator
        do {
            validator = try SchemaValidator(registry: registry, uri: uri, pointer: pointer)
        } catch {
            throw DiagnoseFailure(error.message, help: error.hint)
        }

        var status = ExitStatus.ok
        func report(_ name: String, _ instance: Node) {
            let result = validator.validate(instance, options: options)
            if !result.isValid, status == .ok { status = .findings }
            if format == "json" {
                Console.out.line(json(name, result))
            } else if result.isValid {
                Console.out.line("\(name): valid")
            } else {
                Console.out.line("\(name): invalid (\(result.errors.count) error\(result.errors.count == 1 ? "" : "s"))")
                for error in result.errors {
                    Console.out.line(error.description.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
                }
            }
        }
        func unreadable(_ failure: DiagnoseFailure) {
            Console.error(failure.description, help: failure.help)
            status = .failure
        }
        for path in arguments.positionals {
            do {
                let document = try DocumentLoader.load(path: path)
                report(path == "-" ? "<stdin>" : path, document.root)
            } catch {
                unreadable(error)
            }
        }
        if let ndjson {
            do {
                let text = try SourceText.read(path: ndjson)
                var line = 0
                var start = 0
                let bytes = text.bytes
                while start < bytes.count {
                    line += 1
                    var end = start
                    while end < bytes.count && bytes[end] != 0x0A { end += 1 }
                    let slice = Array(bytes[start..<end])
                    let lineStart = start
                    start = end + 1
                    if slice.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
                    do {
                        let document = try JSONParser.parse(
                            SourceText(name: text.name, bytes: slice, baseOffset: lineStart, baseLine: line))
                        report("\(text.name):\(line)", document.root)
                    } catch {
                        unreadable(DiagnoseFailure(error.message, location: error.location, help: "each line must be one JSON value"))
                    }
                }
            } catch {
                unreadable(error)
            }
        }
        return status
    }

    /// The OpenAPI dialect for a spec document, nil for plain schemas.
    static func specDialect(_ root: Node) -> SchemaDialect? {
        if let version = root["openapi"]?.stringValue {
            return version.hasPrefix("3.0") ? .oas30 : .oas31
        }
        if root["swagger"] != nil { return .oas30 }
        return nil
    }

    static func json(_ name: String, _ result: ValidationResult) -> String {
        let q = JSONSerializer.quote
        var out = "{\"instance\":\(q(name)),\"valid\":\(result.isValid),\"errors\":["
        out += result.errors.map { e in
            var o = "{\"instancePath\":\(q(e.instancePath.description)),\"schemaPath\":\(q(e.schemaPath.fragment))"
            o += ",\"keyword\":\(q(e.keyword)),\"message\":\(q(e.message))"
            o += ",\"expected\":\(e.expected.map(q) ?? "null"),\"found\":\(e.found.map(q) ?? "null"),\"hint\":\(e.hint.map(q) ?? "null")"
            if let loc = e.schemaLocation {
                o += ",\"schemaLocation\":{\"file\":\(q(loc.file)),\"line\":\(loc.line),\"column\":\(loc.column),\"pointer\":\(q(loc.pointer ?? ""))}"
            } else {
                o += ",\"schemaLocation\":null"
            }
            return o + "}"
        }.joined(separator: ",")
        return out + "]}"
    }
}
