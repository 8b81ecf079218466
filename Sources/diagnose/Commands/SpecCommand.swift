import DiagnoseCore

/// `diagnose spec SPEC`: loads a spec and summarises it with every loading diagnostic.
enum SpecCommand: Command {
    static let spec = CommandSpec(
        name: "spec",
        abstract: "Load an OpenAPI 3.x or Swagger 2.0 spec (JSON or YAML, multi-file) and summarise it with its problems.",
        arguments: [.init(name: "SPEC", help: "The spec's root file ('-' reads standard input).")],
        options: [
            .value("format", short: "f", "FORMAT", "text (default) or json."),
            .flag("operations", "List the operations, one per line."),
            .repeatable("ref-map", "URL=PATH", "Resolve remote $refs under URL from the local file or folder PATH."),
            .value("max-ref-chain", "N", "Longest chain of $refs followed (default 64)."),
            .value("max-files", "N", "Refuse specs that pull in more than N files (default 1000)."),
        ],
        discussion: """
            JSON fields (stable): openapi, title, version, servers, securitySchemes, operations [{method, path,
            operationId, deprecated}], diagnostics [{id, severity, message, file, line, column, pointer, help}].

            EXIT STATUS: 0 loaded (warnings allowed), 1 loaded with errors, 2 could not be loaded, 64 usage error.
            """)

    static func run(_ arguments: ParsedArguments) throws -> ExitStatus {
        guard arguments.positionals.count == 1 else {
            throw UsageError(message: arguments.positionals.isEmpty ? "missing SPEC" : "expected one SPEC, got \(arguments.positionals.count)", command: spec)
        }
        let format = arguments.value("format") ?? "text"
        guard format == "text" || format == "json" else {
            throw UsageError(message: "invalid value '\(format)' for '--format'; expected text or json", command: spec)
        }
        var options = OpenAPI.LoadOptions()
        options.refMap = try SpecOptions.refMap(arguments, spec: spec)
        try LimitOptions.apply(arguments, to: &options, spec: spec)
        let document = try OpenAPI.Loader.load(path: arguments.positionals[0], options: options)
        let summary = OpenAPI.SpecSummary(document)
        if arguments.flag("operations") {
            Console.out.write(summary.renderOperations())
        } else if format == "json" {
            Console.out.write(summary.renderJSON())
        } else {
            Console.out.write(summary.renderText())
        }
        return summary.errorCount > 0 ? .findings : .ok
    }
}
