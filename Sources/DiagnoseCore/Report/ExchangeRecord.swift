/// What a report needs to know about one scanned exchange: where it came from, what it was, how it went and what
/// was found. No bodies: a record stays small so that huge scans fit in memory.
///
/// Every string is already redacted by the caller (API keys reduced to a digest such as `sk_test_[redacted:4f2a]`,
/// secrets removed from URLs and curl reproductions); renderers only escape, they never inspect values.
public struct ExchangeRecord: Sendable, Hashable {
    /// Trace file as the user named it.
    public var file: String
    /// 1-based entry number within the file.
    public var entry: Int
    /// Global input-order index over all inputs; equal across shards of one scan, so merged reports sort the same.
    public var sequence: Int
    /// When the request started, in seconds since 1970 (UTC), when recorded.
    public var startedAt: Double?
    /// Request method, e.g. `POST`.
    public var method: String
    /// Request host (with port when not the default).
    public var host: String
    /// Request path without the query.
    public var path: String
    /// The matched operation: its `operationId`, or `METHOD /template`; nil when no operation matched.
    public var operation: String?
    /// Response status; nil or 0 when no response was recorded.
    public var status: Int?
    /// Total time in milliseconds (HAR `time`), when recorded.
    public var durationMs: Double?
    /// Time waiting for the first response byte in milliseconds (HAR `timings.wait`), when recorded.
    public var waitMs: Double?
    /// The client's identity as a redacted API-key digest, when known.
    public var client: String?
    /// The request's `User-Agent`, when sent.
    public var userAgent: String?
    /// An already-redacted curl command reproducing the request, when available.
    public var curl: String?
    /// What the checks found about this exchange, in the order found.
    public var findings: [Finding]

    /// Creates a record.
    public init(
        file: String, entry: Int, sequence: Int, startedAt: Double? = nil, method: String, host: String,
        path: String, operation: String? = nil, status: Int? = nil, durationMs: Double? = nil, waitMs: Double? = nil,
        client: String? = nil, userAgent: String? = nil, curl: String? = nil, findings: [Finding] = []
    ) {
        self.file = file
        self.entry = entry
        self.sequence = sequence
        self.startedAt = startedAt
        self.method = method
        self.host = host
        self.path = path
        self.operation = operation
        self.status = status
        self.durationMs = durationMs
        self.waitMs = waitMs
        self.client = client
        self.userAgent = userAgent
        self.curl = curl
        self.findings = findings
    }

    /// The key this exchange is aggregated under: the operation, or `METHOD host (unmatched)` when none matched
    /// (grouping unmatched calls by host keeps the endpoint table bounded when paths carry ids).
    public var endpointKey: String {
        if let operation, !operation.isEmpty { return operation }
        return "\(method) \(host) (unmatched)"
    }

    /// The response status, with 0 meaning "no response".
    public var statusCode: Int { status ?? 0 }
}
