import DiagnoseCore
import Foundation

/// What one fuzz input led to: accepted, or rejected with an error that should say where.
///
/// The fuzz driver ignores the outcome (only crashes, leaks, hangs and memory blow-ups count); the regression tests
/// in `Tests/DiagnoseCoreTests/FuzzRegressionTests.swift` replay saved inputs through the same functions and check
/// that a rejection is located.
enum FuzzOutcome: Sendable, Equatable {
    /// The input was read (possibly with located problems reported as values, such as trace diagnostics).
    case accepted
    /// The input was rejected; `located` tells whether the error named a line and column (or a JSON pointer).
    case rejected(message: String, located: Bool)
}

/// The fuzz targets: one function per input format, each bounding its own work per input.
///
/// This file is shared, as is, by the `diagnose-fuzz` executable and by the regression tests (through a symbolic
/// link in `Tests/DiagnoseCoreTests/`), so a saved crashing input replays through exactly the code the fuzzer ran.
enum FuzzTargets {
    /// Inputs above this size are skipped: the targets look for crashes, not for slow-but-linear work.
    static let maxInputBytes = 1 << 20

    /// Every target by name, in the order `make fuzz` runs them.
    static let all: [(name: String, run: @Sendable ([UInt8]) -> FuzzOutcome)] = [
        ("json", json), ("yaml", yaml), ("har", har), ("ndjson", ndjson), ("raw", raw), ("curl-verbose", curlVerbose),
        ("curl", curl), ("form", form), ("spec", spec), ("schema", schema), ("rules", rules),
    ]

    /// The target called `name`, or nil.
    static func named(_ name: String) -> (@Sendable ([UInt8]) -> FuzzOutcome)? {
        all.first { $0.name == name }?.run
    }

    // MARK: - Documents

    /// `JSONParser.parse` with the product's default limits, then a round trip through the serializer.
    @Sendable static func json(_ bytes: [UInt8]) -> FuzzOutcome {
        guard bytes.count <= maxInputBytes else { return .accepted }
        do {
            let document = try JSONParser.parse(SourceText(name: "fuzz.json", bytes: bytes))
            // What we print must parse back to a document we print the same way (duplicate keys included).
            let printed = JSONSerializer.serialize(document.root)
            let again = try JSONParser.parse(printed, name: "again.json")
            precondition(JSONSerializer.serialize(again.root) == printed, "JSON round trip changed the document")
            return .accepted
        } catch {
            return .rejected(message: error.description, located: error.location.line >= 1)
        }
    }

    /// `YAMLLoader.parseAll` with the product's default limits (4,000,000 nodes after alias expansion, 512 levels).
    @Sendable static func yaml(_ bytes: [UInt8]) -> FuzzOutcome {
        guard bytes.count <= maxInputBytes else { return .accepted }
        do {
            let documents = try YAMLLoader.parseAll(SourceText(name: "fuzz.yaml", bytes: bytes))
            for document in documents { touch(document.root, depth: 0) }
            return .accepted
        } catch {
            return .rejected(message: error.description, located: error.location.line >= 1)
        }
    }

    /// Walks a tree and reads every accessor, so lazily computed values (numbers, locations) are exercised.
    static func touch(_ node: Node, depth: Int) {
        guard depth < 600 else { return }
        _ = node.location
        switch node.kind {
        case .object: for (_, value) in node.members { touch(value, depth: depth + 1) }
        case .array: for value in node.elements { touch(value, depth: depth + 1) }
        default: _ = node.stringValue; _ = node.numberValue?.text; _ = node.boolValue
        }
    }

    // MARK: - Traffic

    /// A scratch folder for targets that read files (streaming readers, multi-file specs), one per process.
    static let scratch: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("diagnose-fuzz-\(getpid())")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    /// Reads a trace file in the given format with small chunks, so entry and token boundaries fall across reads.
    static func trace(_ bytes: [UInt8], format: TraceFormat, streamed: Bool) -> FuzzOutcome {
        guard bytes.count <= maxInputBytes else { return .accepted }
        do {
            let options = TraceReader.Options(format: format, chunkSize: 1024)
            let reader: TraceReader
            if streamed {
                let path = scratch.appendingPathComponent("trace.\(format.rawValue)").path
                guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else { return .accepted }
                reader = try TraceReader(path: path, options: options)
            } else {
                reader = try TraceReader(bytes: bytes, name: "fuzz.\(format.rawValue)", options: options)
            }
            var count = 0
            for item in reader {
                count += 1
                if count > 100_000 { break }
                switch item {
                case .exchange(let exchange):
                    _ = exchange.request.method
                    _ = exchange.request.path
                    _ = exchange.request.body?.bytes.count
                    _ = exchange.response?.status
                case .problem(let diagnostic):
                    _ = diagnostic.message
                }
            }
            return .accepted
        } catch {
            return .rejected(message: error.description, located: error.location != nil)
        }
    }

    /// The HAR reader, streamed from a file in 1 KiB chunks.
    @Sendable static func har(_ bytes: [UInt8]) -> FuzzOutcome { trace(bytes, format: .har, streamed: true) }
    /// The NDJSON reader, streamed from a file in 1 KiB chunks.
    @Sendable static func ndjson(_ bytes: [UInt8]) -> FuzzOutcome { trace(bytes, format: .ndjson, streamed: true) }
    /// The raw HTTP/1.1 transcript reader.
    @Sendable static func raw(_ bytes: [UInt8]) -> FuzzOutcome { trace(bytes, format: .raw, streamed: false) }
    /// The `curl -v` / `--trace-ascii` reader.
    @Sendable static func curlVerbose(_ bytes: [UInt8]) -> FuzzOutcome {
        trace(bytes, format: .curlVerbose, streamed: false)
    }

    /// `CurlCommand.parse` on the whole input as one command, then `parseFile` on it as a file of commands.
    @Sendable static func curl(_ bytes: [UInt8]) -> FuzzOutcome {
        guard bytes.count <= maxInputBytes else { return .accepted }
        let text = String(decoding: bytes, as: UTF8.self)
        _ = CurlCommand.parseFile(text, file: "fuzz.sh")
        do {
            let parsed = try CurlCommand.parse(text, file: "fuzz.sh")
            _ = parsed
            return .accepted
        } catch {
            return .rejected(message: error.description, located: true)
        }
    }

    // MARK: - Parameters

    /// The schema form bodies and deepObject queries are coerced against when the input brings none.
    static let formSchema: Document = {
        let text = #"""
            {"type": "object", "properties": {
              "amount": {"type": "integer"}, "capture": {"type": "boolean"}, "ratio": {"type": "number"},
              "metadata": {"type": "object", "additionalProperties": {"type": "string"}},
              "items": {"type": "array", "items": {"$ref": "#/$defs/item"}},
              "created": {"anyOf": [{"type": "integer"}, {"type": "object", "properties": {"gte": {"type": "integer"}}}]},
              "expand": {"type": "array", "items": {"type": "string"}},
              "tags": {"oneOf": [{"type": "array", "items": {"type": "number"}}, {"enum": [""]}]},
              "self": {"$ref": "#"}},
             "$defs": {"item": {"type": "object", "properties": {"price": {"type": "string"},
               "quantity": {"type": "integer"}, "nested": {"$ref": "#/$defs/item"}}}}}
            """#
        return try! JSONParser.parse(text, name: "form-schema.json")
    }()

    /// `FormDecoding.pairs` + `nest`, then `SchemaCoercion.coerce`, which must type the same document from the pairs
    /// directly (the form-body path). An input holding a NUL byte is split there: the part before is a JSON schema
    /// (its local `$ref`s resolve), the part after the form text.
    @Sendable static func form(_ bytes: [UInt8]) -> FuzzOutcome {
        guard bytes.count <= maxInputBytes else { return .accepted }
        var schemaDocument = formSchema
        var formBytes = bytes
        if let nul = bytes.firstIndex(of: 0) {
            guard let custom = try? JSONParser.parse(SourceText(name: "schema.json", bytes: Array(bytes[..<nul])))
            else { return .accepted }
            schemaDocument = custom
            formBytes = Array(bytes[(nul + 1)...])
        }
        let text = String(decoding: formBytes, as: UTF8.self)
        let coercion = SchemaCoercion(resolveRef: { node in
            guard let ref = node["$ref"]?.stringValue, ref.hasPrefix("#"),
                let pointer = try? JSONPointer(fragment: String(ref.dropFirst()))
            else { return nil }
            return node.document.root.resolve(pointer)
        })
        for plusIsSpace in [true, false] {
            let pairs = FormDecoding.pairs(text, plusIsSpace: plusIsSpace)
            for pair in pairs { _ = pair.baseName; _ = pair.bracketPath }
            let value = FormDecoding.nest(pairs)
            let source = SourceText(name: "form", string: text)
            let typed = coercion.coerce(value, schema: schemaDocument.root, text: source)
            touch(typed.root, depth: 0)
            let direct = coercion.coerce(pairs: pairs, schema: schemaDocument.root, text: source)
            precondition(
                JSONSerializer.serialize(direct.root) == JSONSerializer.serialize(typed.root),
                "form coercion from pairs differs from coercion of the nested value")
        }
        return .accepted
    }

    // MARK: - Specs and schemas

    /// `OpenAPI.Loader.load(path:)` over a small file graph: the input is split on NUL bytes into up to three files,
    /// `root.yaml`, `b.yaml` and `c.yaml`, which may `$ref` one another (`b.yaml#/x`). Limits: 8 files, 16-hop chains.
    @Sendable static func spec(_ bytes: [UInt8]) -> FuzzOutcome {
        guard bytes.count <= maxInputBytes else { return .accepted }
        let parts = bytes.split(separator: 0, maxSplits: 2, omittingEmptySubsequences: false)
        let names = ["root.yaml", "b.yaml", "c.yaml"]
        let folder = scratch.appendingPathComponent("spec")
        try? FileManager.default.removeItem(at: folder)
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, part) in zip(names, parts) {
            _ = FileManager.default.createFile(atPath: folder.appendingPathComponent(name).path, contents: Data(part))
        }
        do {
            let loaded = try OpenAPI.Loader.load(
                path: folder.appendingPathComponent("root.yaml").path,
                options: OpenAPI.LoadOptions(maxFiles: 8, maxRefChain: 16))
            _ = loaded.diagnostics.count
            return .accepted
        } catch {
            return .rejected(message: error.description, located: error.location != nil)
        }
    }

    /// Compiles a schema and validates an instance against it, in every mode. The input is split at its first NUL
    /// byte (or, without one, in half): schema first, instance second, each JSON or YAML. The dialect comes from the
    /// input's length, so every dialect gets inputs.
    @Sendable static func schema(_ bytes: [UInt8]) -> FuzzOutcome {
        guard bytes.count <= 64 << 10 else { return .accepted }
        let cut = bytes.firstIndex(of: 0) ?? bytes.count / 2
        let schemaBytes = Array(bytes[..<cut])
        let instanceBytes = Array(bytes[min(cut + (cut < bytes.count && bytes[cut] == 0 ? 1 : 0), bytes.count)...])
        let options = DocumentLoader.Options(maxDepth: 64, maxNodes: 100_000)
        guard let schema = try? DocumentLoader.parse(SourceText(name: "schema.json", bytes: schemaBytes), options: options)
        else { return .accepted }
        let dialects = SchemaDialect.allCases
        let dialect = dialects[bytes.count % dialects.count]
        let validator = SchemaValidator(registry: SchemaRegistry(), schema: schema.root, dialect: dialect)
        // The byte reader (JSON bodies in `check`) must never call text valid that the strict parser rejects, and
        // must agree with the evaluator wherever it answers. Regex time limits make `pattern` verdicts timing-
        // dependent, so schemas that mention it are left out of the comparison.
        let json = try? JSONParser.parse(SourceText(name: "instance.json", bytes: instanceBytes))
        let compare = !String(decoding: schemaBytes, as: UTF8.self).contains("pattern")
        let plain = validator.isValid(json: instanceBytes)
        if json == nil, plain == true {
            fatalError("the byte reader accepted text the JSON parser rejects")
        }
        // The same text as a HAR file records a body, in a JSON string: read there (compact text) or decoded first,
        // the answer is the plain one.
        if let text = String(validating: instanceBytes, as: UTF8.self),
            let recorded = try? JSONParser.parse(JSONSerializer.quote(text)).root
        {
            let inString = validator.isValid(jsonIn: recorded)
            if json == nil, inString == true { fatalError("the byte reader accepted text in a string the parser rejects") }
            if compare, inString != plain { fatalError("the byte reader says \(String(describing: inString)) in a string, \(String(describing: plain)) outside") }
        }
        guard let instance = try? DocumentLoader.parse(SourceText(name: "instance.json", bytes: instanceBytes), options: options)
        else { return .accepted }
        validator.prepare()
        for mode in [ValidationOptions.Mode.neutral, .request, .response] {
            var validation = ValidationOptions(mode: mode)
            validation.regexTimeLimit = 0.02
            let result = validator.validate(instance.root, options: validation)
            for error in result.errors { _ = error.message }
            if compare, let json, let bytes = validator.isValid(json: instanceBytes, options: ValidationOptions(mode: mode)),
                bytes != validator.isValid(json.root, options: ValidationOptions(mode: mode))
            {
                fatalError("the byte reader says \(bytes) where the evaluator disagrees (\(mode))")
            }
        }
        var quick = ValidationOptions(collect: .first, assertFormats: false)
        quick.regexTimeLimit = 0.02
        _ = validator.isValid(instance.root, options: quick)
        return .accepted
    }

    // MARK: - Rule packs

    /// Exchanges a fuzzed rule pack runs against: a form POST with a JSON error response, and a GET with a list.
    static let ruleExchanges: [Exchange] = {
        let post = HTTPRequest(
            method: "POST", url: "https://api.stripe.com/v1/refunds?expand[]=charge",
            headers: [
                HTTPHeader(name: "Content-Type", value: "application/x-www-form-urlencoded"),
                HTTPHeader(name: "Stripe-Version", value: "2020-08-27"),
            ],
            body: HTTPBody(text: "charge=ch_1&amount=100&metadata[k]=v", mediaType: "application/x-www-form-urlencoded"))
        let error = HTTPResponse(
            status: 402, headers: [HTTPHeader(name: "Content-Type", value: "application/json")],
            body: HTTPBody(
                text: #"{"error": {"type": "card_error", "code": "card_declined", "decline_code": "insufficient_funds"}}"#,
                mediaType: "application/json"))
        let get = HTTPRequest(method: "GET", url: "https://api.stripe.com/v1/charges?limit=100")
        let list = HTTPResponse(
            status: 200, headers: [HTTPHeader(name: "Content-Type", value: "application/json")],
            body: HTTPBody(text: #"{"object": "list", "data": [{"id": "ch_1"}], "has_more": true}"#, mediaType: "application/json"))
        return [
            Exchange(request: post, response: error, source: SourceRef(file: "fuzz.ndjson", entry: 1)),
            Exchange(request: get, response: list, source: SourceRef(file: "fuzz.ndjson", entry: 2)),
        ]
    }()

    /// `RulePack.parse` over a YAML or JSON document (product limits), then the pack's detectors over two exchanges.
    @Sendable static func rules(_ bytes: [UInt8]) -> FuzzOutcome {
        guard bytes.count <= maxInputBytes else { return .accepted }
        do {
            let document = try DocumentLoader.parse(SourceText(name: "pack.yaml", bytes: bytes))
            let pack = try RulePack.parse(document)
            for exchange in ruleExchanges {
                let context = RuleContext(exchange: exchange, spec: nil, options: CheckOptions())
                for detector in pack.detectors {
                    for finding in detector.detect(context) { _ = finding.message }
                }
            }
            return .accepted
        } catch {
            return .rejected(message: error.description, located: error.location != nil)
        }
    }
}
