// The `diagnose` command line: a thin layer over DiagnoseCore. It parses arguments, calls the library, renders,
// and decides the exit status once at the end.
import DiagnoseCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// A closed pipe (`diagnose scan … | head`) must end quietly: ignore SIGPIPE and treat EPIPE as done.
signal(SIGPIPE, SIG_IGN)



enum Main {
    static let topUsage = "diagnose <subcommand> [options] [arguments]"

    static func run(_ arguments: [String]) -> ExitStatus {
        guard let first = arguments.first else {
            Console.out.write(topHelp())
            return .ok
        }
        switch first {
        case "-h", "--help", "help":
            if first == "help", arguments.count > 1, let command = find(arguments[1]) {
                Console.out.write(HelpRenderer.render(command.spec))
            } else {
                Console.out.write(topHelp())
            }
            return .ok
        case "--version", "-V":
            Console.out.line("diagnose \(DiagnoseVersion.current)")
            return .ok
        default:
            break
        }
        guard let command = find(first) else {
            var message = "unknown subcommand '\(first)'"
            if first.hasPrefix("-") { message = "unknown option '\(first)'" }
            if let guess = ArgumentParser.closest(first, among: Registry.commands.map { $0.spec.name }) {
                message += "; did you mean '\(guess)'?"
            }
            Console.error(message)
            Console.err.line("Usage: \(topUsage)")
            Console.err.line("  See 'diagnose --help' for more information.")
            return .usage
        }
        let rest = Array(arguments.dropFirst())
        if rest.contains(where: { $0 == "-h" || $0 == "--help" }), !rest.prefix(while: { $0 != "--" }).isEmpty,
            rest.prefix(while: { $0 != "--" }).contains(where: { $0 == "-h" || $0 == "--help" })
        {
            Console.out.write(HelpRenderer.render(command.spec))
            return .ok
        }
        do {
            let parsed = try ArgumentParser.parse(rest, spec: command.spec)
            return try command.run(parsed)
        } catch let error as UsageError {
            let spec = error.command ?? command.spec
            Console.error(error.message)
            Console.err.line("Usage: \(spec.usage)")
            Console.err.line("  See 'diagnose \(spec.name) --help' for more information.")
            return .usage
        } catch let failure as DiagnoseFailure {
            Console.error(failure.description, help: failure.help)
            return .failure
        } catch {
            Console.error("\(error)")
            return .failure
        }
    }

    static func find(_ name: String) -> (any Command.Type)? {
        Registry.commands.first { $0.spec.name == name }
    }

    static func topHelp() -> String {
        var out = """
            OVERVIEW: Debug API integrations: check recorded traffic against an OpenAPI spec, explain what went \
            wrong and how to fix it.

            USAGE: \(topUsage)

            OPTIONS:
            """
        out += "\n"
        out += HelpRenderer.row("-h, --help", "Show help information.")
        out += HelpRenderer.row("-V, --version", "Show the version.")
        out += "\nSUBCOMMANDS:\n"
        for command in Registry.commands {
            out += HelpRenderer.row(command.spec.name, command.spec.abstract)
        }
        out += """

            See 'diagnose help <subcommand>' or 'diagnose <subcommand> --help' for a command's options.

            EXIT STATUS:
              0   ran, and found nothing at or above the --fail-on threshold
              1   found problems at or above the threshold (or, for replay, responses differed)
              2   could not complete: unreadable input, unloadable spec, transport failure
              64  usage error: unknown option, missing argument

            """
        return out
    }
}

let status = Main.run(Array(CommandLine.arguments.dropFirst()))
Console.out.flush()
Console.err.flush()
exit(status.rawValue)
