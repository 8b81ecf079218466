/// What a command accepts: its name, one-sentence abstract, options and positional arguments. Help text and
/// usage errors are generated from it.
struct CommandSpec: Sendable {
    var name: String
    /// One sentence ending in a period.
    var abstract: String
    /// Positional arguments as shown in the usage line, e.g. `TRACE...`.
    var arguments: [Argument] = []
    var options: [OptionSpec] = []
    /// Extra paragraphs after the options (examples, exit status).
    var discussion: String = ""

    struct Argument: Sendable {
        var name: String
        var help: String
        var optional = false
        var repeating = false

        var usage: String {
            let base = repeating ? "\(name)..." : name
            return optional ? "[\(base)]" : base
        }
    }

    /// The usage line.
    var usage: String {
        var line = "diagnose \(name)"
        if !options.isEmpty { line += " [options]" }
        for argument in arguments { line += " " + argument.usage }
        return line
    }
}

/// One option: a flag (`--strict`), a value (`--format json`, `-o out`), or a repeatable value (`-H`).
struct OptionSpec: Sendable {
    enum Kind: Sendable {
        case flag
        case value(String)
        case repeatable(String)
    }
    var long: String
    var short: Character?
    var kind: Kind
    var help: String

    static func flag(_ long: String, short: Character? = nil, _ help: String) -> OptionSpec {
        OptionSpec(long: long, short: short, kind: .flag, help: help)
    }
    static func value(_ long: String, short: Character? = nil, _ placeholder: String, _ help: String) -> OptionSpec {
        OptionSpec(long: long, short: short, kind: .value(placeholder), help: help)
    }
    static func repeatable(_ long: String, short: Character? = nil, _ placeholder: String, _ help: String)
        -> OptionSpec
    {
        OptionSpec(long: long, short: short, kind: .repeatable(placeholder), help: help)
    }

    var takesValue: Bool {
        if case .flag = kind { return false }
        return true
    }

    var display: String {
        var s = short.map { "-\($0), " } ?? "    "
        s += "--\(long)"
        switch kind {
        case .flag: break
        case .value(let p), .repeatable(let p): s += " \(p)"
        }
        return s
    }
}

/// The result of parsing a command's arguments.
struct ParsedArguments: Sendable {
    var flags: Set<String> = []
    var values: [String: [String]] = [:]
    var positionals: [String] = []

    func flag(_ long: String) -> Bool { flags.contains(long) }
    /// The last value given for an option (a later `--format` overrides an earlier one).
    func value(_ long: String) -> String? { values[long]?.last }
    func values(_ long: String) -> [String] { values[long] ?? [] }
}

/// A mistake in how the command was invoked: exit status 64.
struct UsageError: Error {
    var message: String
    var command: CommandSpec?
}

enum ArgumentParser {
    /// Parses `arguments` (everything after the subcommand name) against `spec`.
    ///
    /// Supports `--opt=value`, `--opt value`, `-o value`, `-ovalue`, bundled short flags (`-qv`), `--` to end
    /// options, and `-` as a positional (standard input).
    static func parse(_ arguments: [String], spec: CommandSpec) throws(UsageError) -> ParsedArguments {
        var result = ParsedArguments()
        var i = 0
        var optionsEnded = false
        func find(long: String) -> OptionSpec? { spec.options.first { $0.long == long } }
        func find(short: Character) -> OptionSpec? { spec.options.first { $0.short == short } }
        func store(_ option: OptionSpec, _ value: String?) {
            if let value {
                result.values[option.long, default: []].append(value)
            } else {
                result.flags.insert(option.long)
            }
        }
        while i < arguments.count {
            let arg = arguments[i]
            i += 1
            if optionsEnded || arg == "-" || !arg.hasPrefix("-") {
                result.positionals.append(arg)
                continue
            }
            if arg == "--" {
                optionsEnded = true
                continue
            }
            if arg.hasPrefix("--") {
                let body = arg.dropFirst(2)
                let name: String
                var inline: String?
                if let eq = body.firstIndex(of: "=") {
                    name = String(body[..<eq])
                    inline = String(body[body.index(after: eq)...])
                } else {
                    name = String(body)
                }
                guard let option = find(long: name) else {
                    let known = spec.options.map { $0.long } + ["help"]
                    var message = "unknown option '--\(name)'"
                    if let guess = closest(name, among: known) { message += "; did you mean '--\(guess)'?" }
                    throw UsageError(message: message, command: spec)
                }
                if option.takesValue {
                    if let inline {
                        store(option, inline)
                    } else {
                        guard i < arguments.count else {
                            throw UsageError(message: "option '--\(name)' needs a value", command: spec)
                        }
                        store(option, arguments[i])
                        i += 1
                    }
                } else {
                    guard inline == nil else {
                        throw UsageError(message: "option '--\(name)' takes no value (in '\(arg)')", command: spec)
                    }
                    store(option, nil)
                }
                continue
            }
            // Short options, possibly bundled: -qv, -ojson, -o json
            var chars = Array(arg.dropFirst())
            while !chars.isEmpty {
                let c = chars.removeFirst()
                guard let option = find(short: c) else {
                    throw UsageError(message: "unknown option '-\(c)'" + (arg.count > 2 ? " in '\(arg)'" : ""), command: spec)
                }
                if option.takesValue {
                    if !chars.isEmpty {
                        store(option, String(chars))
                        chars = []
                    } else {
                        guard i < arguments.count else {
                            throw UsageError(message: "option '-\(c)' needs a value", command: spec)
                        }
                        store(option, arguments[i])
                        i += 1
                    }
                } else {
                    store(option, nil)
                }
            }
        }
        return result
    }

    /// Levenshtein-nearest candidate within a small distance.
    static func closest(_ word: String, among candidates: [String]) -> String? {
        var best: (String, Int)?
        for candidate in candidates {
            let d = editDistance(Array(word), Array(candidate))
            if d <= max(2, word.count / 3), best == nil || d < best!.1 { best = (candidate, d) }
        }
        return best?.0
    }

    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = previous
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
