import DiagnoseCore

/// `diagnose parse FILE...`: checks that JSON or YAML files parse, reports located errors and notes, and can print
/// the normalized JSON.
enum ParseCommand: Command {
    static let spec = CommandSpec(
        name: "parse",
        abstract: "Check that JSON or YAML files parse, and print them as normalized JSON.",
        arguments: [.init(name: "FILE", help: "A JSON or YAML file (format detected from content); '-' reads standard input.", repeating: true)],
        options: [
            .flag("print", short: "p", "Print each document as JSON on standard output."),
            .flag("pretty", "With --print, indent the JSON."),
            .value("max-depth", "N", "Deepest nesting accepted (default 512)."),
        ],
        discussion: "EXIT STATUS: 0 every file parsed, 2 a file could not be read or parsed.")

    static func run(_ arguments: ParsedArguments) throws -> ExitStatus {
        guard !arguments.positionals.isEmpty else { throw UsageError(message: "missing FILE", command: spec) }
        var options = JSONParser.Options()
        if let depth = arguments.value("max-depth") {
            guard let n = Int(depth), n > 0 else {
                throw UsageError(message: "invalid value '\(depth)' for '--max-depth'; expected a positive integer", command: spec)
            }
            options.maxDepth = n
        }
        var status = ExitStatus.ok
        for path in arguments.positionals {
            do {
                let document = try DocumentFiles.parse(path: path, maxDepth: options.maxDepth)
                for note in document.notes {
                    Console.warning("\(note.location): \(note.message)")
                }
                if arguments.flag("print") {
                    Console.out.line(JSONSerializer.serialize(document.root, style: arguments.flag("pretty") ? .pretty : .compact))
                } else {
                    Console.out.line("\(path): ok (\(document.nodeCount) values)")
                }
            } catch {
                Console.error(error.description, help: error.help)
                status = .failure
            }
        }
        return status
    }
}
