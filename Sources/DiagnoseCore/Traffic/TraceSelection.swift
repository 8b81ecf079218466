/// Which exchanges of a trace a command looks at: `FILE#N`, `FILE#N-M`, `--match 'METHOD /prefix'`,
/// `--status 4xx|404`. Every criterion that is set must hold; problems are never filtered out.
public struct TraceSelection: Sendable, Hashable {
    /// 1-based entry numbers to keep, or nil for all.
    public var entries: ClosedRange<Int>?
    /// Method to keep (compared case-insensitively), or nil for any.
    public var method: String?
    /// Path prefix to keep (compared with `HTTPRequest.path`), or nil for any.
    public var pathPrefix: String?
    /// Status filters; an exchange passes when any matches. Empty means no status filter.
    public var statuses: [StatusFilter]

    /// A status filter: an exact code or a class such as `4xx`.
    public enum StatusFilter: Sendable, Hashable, CustomStringConvertible {
        /// Exactly this code.
        case exact(Int)
        /// Any code of this hundred (4 for `4xx`).
        case hundreds(Int)

        /// Parses `404`, `4xx`, `4XX`.
        public init?(_ text: String) {
            let t = text.httpTrimmed.lowercased()
            if t.count == 3, t.hasSuffix("xx"), let d = Int(t.prefix(1)), (1...5).contains(d) {
                self = .hundreds(d)
            } else if let n = Int(t), (100...599).contains(n) {
                self = .exact(n)
            } else {
                return nil
            }
        }

        /// Whether `status` matches.
        public func matches(_ status: Int) -> Bool {
            switch self {
            case .exact(let n): status == n
            case .hundreds(let d): status / 100 == d
            }
        }

        /// `404` or `4xx`.
        public var description: String {
            switch self {
            case .exact(let n): String(n)
            case .hundreds(let d): "\(d)xx"
            }
        }
    }

    /// A selection that keeps everything.
    public init(
        entries: ClosedRange<Int>? = nil, method: String? = nil, pathPrefix: String? = nil,
        statuses: [StatusFilter] = []
    ) {
        self.entries = entries
        self.method = method
        self.pathPrefix = pathPrefix
        self.statuses = statuses
    }

    /// Splits `trace.har#3` or `trace.har#3-7` into the path and the entry range; a path without such a suffix is
    /// returned whole.
    /// - Parameter argument: the command-line argument.
    /// - Returns: the file path and the range, if any.
    /// - Throws: `DiagnoseFailure` for `#0`, `#7-3` or a malformed number.
    public static func splitPath(_ argument: String) throws(DiagnoseFailure) -> (
        path: String, entries: ClosedRange<Int>?
    ) {
        guard let hash = argument.lastIndex(of: "#") else { return (argument, nil) }
        let suffix = argument[argument.index(after: hash)...]
        let path = String(argument[..<hash])
        guard !suffix.isEmpty, suffix.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "-") }) else {
            return (argument, nil)
        }
        let parts = suffix.split(separator: "-", omittingEmptySubsequences: false)
        let bad = DiagnoseFailure(
            "invalid entry selection '#\(suffix)' in '\(argument)'",
            help: "use FILE#N for entry N (counting from 1) or FILE#N-M for a range, e.g. trace.har#3-7")
        guard parts.count <= 2, let a = Int(parts[0]), a >= 1 else { throw bad }
        if parts.count == 1 { return (path, a...a) }
        guard let b = Int(parts[1]), b >= a else { throw bad }
        return (path, a...b)
    }

    /// Sets the method and path prefix from `--match 'POST /v1/charges'` (either part may be omitted; `*` is any
    /// method).
    /// - Throws: `DiagnoseFailure` when the pattern is empty or has more than two words.
    public mutating func setMatch(_ pattern: String) throws(DiagnoseFailure) {
        let words = pattern.split(whereSeparator: { $0 == " " || $0 == "\t" })
        let usage = "use --match 'METHOD /path/prefix', e.g. --match 'POST /v1/charges' or --match /v1/customers"
        guard !words.isEmpty, words.count <= 2 else {
            throw DiagnoseFailure("invalid --match pattern '\(pattern)'", help: usage)
        }
        if words.count == 2 {
            guard words[1].hasPrefix("/") else {
                throw DiagnoseFailure("invalid --match pattern '\(pattern)': the path must start with '/'", help: usage)
            }
            method = words[0] == "*" ? nil : words[0].uppercased()
            pathPrefix = String(words[1])
        } else if words[0].hasPrefix("/") {
            pathPrefix = String(words[0])
        } else {
            method = words[0] == "*" ? nil : words[0].uppercased()
        }
    }

    /// Adds a status filter from `--status 4xx` (a comma-separated list is accepted).
    /// - Throws: `DiagnoseFailure` for anything but `NNN` or `Nxx`.
    public mutating func addStatus(_ text: String) throws(DiagnoseFailure) {
        for part in text.split(separator: ",") {
            guard let f = StatusFilter(String(part)) else {
                throw DiagnoseFailure(
                    "invalid --status '\(part)'", help: "use a code such as 404 or a class such as 4xx or 5xx")
            }
            statuses.append(f)
        }
    }

    /// Whether an exchange passes every criterion set.
    public func includes(_ exchange: Exchange) -> Bool {
        if let entries, !entries.contains(exchange.source.entry) { return false }
        if let method, !exchange.request.method.equalsIgnoringASCIICase(method) { return false }
        if let pathPrefix, !exchange.request.path.hasPrefix(pathPrefix) { return false }
        if !statuses.isEmpty {
            guard let status = exchange.response?.status, statuses.contains(where: { $0.matches(status) }) else {
                return false
            }
        }
        return true
    }

    /// Whether no entry at or after `entry` can be selected (reading may stop).
    public func isPast(entry: Int) -> Bool {
        guard let entries else { return false }
        return entry > entries.upperBound
    }
}
