/// The catalog of diagnostics the trace readers and the curl parser report, in alphabetical order.
///
/// Each is a located `Diagnostic` yielded as a `TraceItem.problem`: the reader goes on with the next exchange
/// where the format allows it, and callers count what was skipped.
public enum TraceDiagnostics {
    /// A curl option that the parser does not know; it was ignored and the request may differ from curl's.
    public static func curlUnknownOption(_ option: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(
            id: "curl.unknown-option", severity: .warning,
            message: "unknown curl option '\(option)' was ignored", location: location,
            help: "check the spelling; if the option changes the request, rewrite it with -H/-d/-X")
    }

    /// A curl feature the parser cannot reproduce (reading a file with `@file`, a cookie jar, …).
    public static func curlUnsupported(_ what: String, at location: SourceLocation, help: String) -> Diagnostic {
        Diagnostic(id: "curl.unsupported", severity: .warning, message: what, location: location, help: help)
    }

    /// An entry that is valid JSON but not a usable exchange (no request, no method, no URL).
    public static func invalidEntry(_ message: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(
            id: "trace.invalid-entry", severity: .error, message: message, location: location,
            help: "fix or remove the entry; the other entries were read")
    }

    /// An entry or line that is not well-formed JSON (or a transcript that is not HTTP).
    public static func malformedEntry(_ message: String, at location: SourceLocation, help: String? = nil)
        -> Diagnostic
    {
        Diagnostic(
            id: "trace.malformed-entry", severity: .error, message: message, location: location,
            help: help ?? "fix or remove the entry; the other entries were read")
    }

    /// The file ended or broke in a way that stops reading; what was read before stands.
    public static func truncated(_ message: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(
            id: "trace.truncated", severity: .error, message: message, location: location,
            help: "the file looks cut short or corrupted; re-export it, the entries before this point were read")
    }
}
