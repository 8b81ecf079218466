/// A problem found in the user's spec or trace: what is wrong, where, and what to do.
///
/// Findings are values sent to a sink or collected in a list, never thrown. Failures (we could not run at all)
/// are thrown errors instead; see `DiagnoseFailure`.
public struct Diagnostic: Sendable, Hashable, Codable {
    /// A stable identifier such as `spec.unresolved-ref` or `request.param-unknown`; filters, rule packs and
    /// knowledge-base pages key on it.
    public var id: String
    /// How bad it is.
    public var severity: Severity
    /// One sentence saying what is wrong, quoting the offending value.
    public var message: String
    /// Where it is (file, line:column, JSON pointer).
    public var location: SourceLocation?
    /// What to do next.
    public var help: String?
    /// Other places involved, e.g. the violated schema.
    public var notes: [Note]

    /// Creates a diagnostic.
    public init(
        id: String, severity: Severity, message: String, location: SourceLocation? = nil, help: String? = nil,
        notes: [Note] = []
    ) {
        self.id = id
        self.severity = severity
        self.message = message
        self.location = location
        self.help = help
        self.notes = notes
    }

    /// Severity of a diagnostic or finding, ordered from least to most severe.
    public enum Severity: String, Sendable, Hashable, Codable, Comparable, CaseIterable {
        /// Background worth knowing.
        case info
        /// Probably wrong, or wrong in a way that real systems tolerate.
        case warning
        /// Wrong: the call fails, or will.
        case error

        private var rank: Int {
            switch self {
            case .info: 0
            case .warning: 1
            case .error: 2
            }
        }

        /// Order by severity.
        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    }

    /// Another place involved in a diagnostic.
    public struct Note: Sendable, Hashable, Codable {
        /// What the place is.
        public var message: String
        /// Where it is.
        public var location: SourceLocation?

        /// Creates a note.
        public init(message: String, location: SourceLocation? = nil) {
            self.message = message
            self.location = location
        }
    }
}

/// Something that stopped `diagnose` from doing its job (unreadable file, bad option, unusable spec): thrown, and
/// printed once by the command line as `diagnose: error: <message>` with an optional `help:` line.
public struct DiagnoseFailure: Error, Sendable, CustomStringConvertible {
    /// What happened, naming the file or value.
    public var message: String
    /// Where, when a place in a file is to blame.
    public var location: SourceLocation?
    /// What to do about it.
    public var help: String?

    /// Creates a failure.
    public init(_ message: String, location: SourceLocation? = nil, help: String? = nil) {
        self.message = message
        self.location = location
        self.help = help
    }

    /// `location: message`.
    public var description: String {
        if let location { return "\(location): \(message)" }
        return message
    }
}
