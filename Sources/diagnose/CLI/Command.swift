import DiagnoseCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Exit statuses, documented in `diagnose --help` and the README.
enum ExitStatus: Int32 {
    /// Ran; nothing at or above the failure threshold.
    case ok = 0
    /// Ran; found problems at or above the threshold (or responses differed, for replay).
    case findings = 1
    /// Could not complete: unreadable input, unloadable spec, transport failure.
    case failure = 2
    /// The command line was wrong (`EX_USAGE`).
    case usage = 64
}

/// A subcommand: a spec for parsing and help, and a function that runs it.
protocol Command: Sendable {
    static var spec: CommandSpec { get }
    static func run(_ arguments: ParsedArguments) throws -> ExitStatus
}

/// `--color auto|always|never`: `auto` means stdout is a TTY, `TERM` is not `dumb` and `NO_COLOR` is unset/empty.
enum ColorChoice {
    static let option = OptionSpec.value("color", "WHEN", "Colour the report: auto (default), always or never.")

    static func resolve(_ arguments: ParsedArguments) throws(UsageError) -> Bool {
        switch arguments.value("color") ?? "auto" {
        case "always": return true
        case "never": return false
        case "auto":
            let env = ProcessEnvironment.self
            if let noColor = env.get("NO_COLOR"), !noColor.isEmpty { return false }
            if env.get("TERM") == "dumb" { return false }
            return Console.out.isTerminal
        case let other:
            throw UsageError(message: "invalid value '\(other)' for '--color'; expected auto, always or never", command: nil)
        }
    }
}

/// Environment lookups without Foundation.
enum ProcessEnvironment {
    static func get(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        return String(cString: value)
    }
}

/// Renders help for the top level and for each command.
enum HelpRenderer {
    static func render(_ spec: CommandSpec) -> String {
        var out = "OVERVIEW: \(spec.abstract)\n\nUSAGE: \(spec.usage)\n"
        if !spec.arguments.isEmpty {
            out += "\nARGUMENTS:\n"
            for argument in spec.arguments {
                out += row(argument.name, argument.help)
            }
        }
        out += "\nOPTIONS:\n"
        for option in spec.options {
            out += row(option.display, option.help)
        }
        out += row("-h, --help", "Show help information.")
        if !spec.discussion.isEmpty { out += "\n" + spec.discussion + "\n" }
        return out
    }

    static func row(_ left: String, _ right: String) -> String {
        let pad = 28
        let lead = "  " + left
        if lead.count >= pad - 1 { return lead + "\n" + String(repeating: " ", count: pad) + right + "\n" }
        return lead + String(repeating: " ", count: pad - lead.count) + right + "\n"
    }
}
