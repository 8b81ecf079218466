/// What happened to one recorded request on replay.
public struct ReplayOutcome: Sendable {
    /// 0-based position of the request in the replayed sequence.
    public var index: Int
    /// The request as recorded.
    public var recorded: ReplayRequest
    /// The request as sent (after target, overrides and credentials), or nil when refused before that.
    public var sent: ReplayRequest?
    /// The result.
    public var result: Result
    /// Redirects followed before the final response (empty unless `--follow`).
    public var hops: [Hop]
    /// Things the user should know (idempotency key in play, TLS verification off, credentials dropped, …).
    public var notes: [String]
    /// Latency figures when the request was sent more than once (`--repeat`).
    public var latency: LatencyStats?
    /// Secrets filled in, kept so renderers can hide them.
    public var secrets: [String]

    /// Creates an outcome.
    /// - Parameters:
    ///   - index: position in the sequence.
    ///   - recorded: the recorded request.
    ///   - sent: the request sent.
    ///   - result: what happened.
    ///   - hops: redirects followed.
    ///   - notes: notes for the report.
    ///   - latency: repeat figures.
    ///   - secrets: secrets to hide in output.
    public init(
        index: Int, recorded: ReplayRequest, sent: ReplayRequest?, result: Result, hops: [Hop] = [],
        notes: [String] = [], latency: LatencyStats? = nil, secrets: [String] = []
    ) {
        self.index = index
        self.recorded = recorded
        self.sent = sent
        self.result = result
        self.hops = hops
        self.notes = notes
        self.latency = latency
        self.secrets = secrets
    }

    /// The final response, when one arrived.
    public var response: ReplayResponse? {
        if case .response(let r) = result { return r }
        return nil
    }

    /// What happened.
    public enum Result: Sendable {
        /// A response arrived (after any redirects followed).
        case response(ReplayResponse)
        /// A safety rule or plan check refused to send.
        case refused(ReplayRefusal)
        /// No response: libcurl's error.
        case failed(TransportFailure)
        /// `--dry-run`: nothing sent; the equivalent (redacted) curl command.
        case dryRun(curlCommand: String)
    }

    /// One redirect followed.
    public struct Hop: Sendable, Hashable {
        /// The redirect status (301, 302, 303, 307, 308).
        public var status: Int
        /// The URL the redirect came from.
        public var from: String
        /// The `Location` resolved to an absolute URL.
        public var to: String
        /// Credential headers not carried to the new host.
        public var droppedHeaders: [String]
    }
}
