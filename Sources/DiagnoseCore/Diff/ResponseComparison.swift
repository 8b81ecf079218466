/// Recorded versus replayed response: status, headers (volatile ones ignored) and a structural diff of JSON bodies.
public struct ResponseComparison: Sendable, Hashable {
    /// What to ignore when comparing.
    public struct Options: Sendable, Hashable {
        /// Body diff options (`--ignore POINTER`, volatile values).
        public var json: JSONDiff.Options
        /// Lowercase header names to ignore.
        public var ignoredHeaders: Set<String>

        /// Creates options; by default volatile values and headers are ignored.
        /// - Parameters:
        ///   - json: body diff options.
        ///   - ignoredHeaders: header names to skip.
        public init(
            json: JSONDiff.Options = JSONDiff.Options(), ignoredHeaders: Set<String> = HeaderDiff.volatileHeaders
        ) {
            self.json = json
            self.ignoredHeaders = ignoredHeaders
        }
    }

    /// Recorded and replayed status when they differ.
    public var status: (recorded: Int, replayed: Int)? {
        recordedStatus == replayedStatus ? nil : (recordedStatus, replayedStatus)
    }
    /// The recorded status.
    public var recordedStatus: Int
    /// The replayed status.
    public var replayedStatus: Int
    /// Header differences.
    public var headers: [HeaderDiff.Change]
    /// Body differences, when both bodies are JSON.
    public var body: [JSONDiff.Change]
    /// A note about bodies that could not be diffed structurally (not JSON, differing bytes), or nil.
    public var bodyNote: String?

    /// Whether nothing differs (beyond what was ignored).
    public var isEqual: Bool { status == nil && headers.isEmpty && body.isEmpty && bodyNote == nil }

    /// Compares two responses.
    /// - Parameters:
    ///   - recorded: the response in the recording.
    ///   - replayed: the response received now.
    ///   - options: what to ignore.
    /// - Returns: the comparison.
    public static func compare(
        recorded: ReplayResponse, replayed: ReplayResponse, options: Options = Options()
    ) -> ResponseComparison {
        var result = ResponseComparison(
            recordedStatus: recorded.status, replayedStatus: replayed.status,
            headers: HeaderDiff.diff(recorded.headers, replayed.headers, ignoring: options.ignoredHeaders), body: [],
            bodyNote: nil)
        if recorded.body == replayed.body { return result }
        let old = try? JSONParser.parse(SourceText(name: "recorded body", bytes: recorded.body))
        let new = try? JSONParser.parse(SourceText(name: "replayed body", bytes: replayed.body))
        switch (old, new) {
        case (let a?, let b?):
            result.body = JSONDiff.diff(a.root, b.root, options: options.json)
        case (nil, nil):
            result.bodyNote =
                "bodies differ and are not JSON (\(recorded.body.count) bytes recorded, "
                + "\(replayed.body.count) bytes replayed)"
        case (nil, _?):
            result.bodyNote =
                recorded.body.isEmpty
                ? "the replayed response has a JSON body where the recording had none"
                : "the recorded body is not JSON but the replayed one is"
        case (_?, nil):
            result.bodyNote =
                replayed.body.isEmpty
                ? "the replayed response has no body where the recording had JSON"
                : "the replayed body is not JSON (\(replayed.body.count) bytes) where the recording had JSON"
        }
        return result
    }

    /// Equality of every field.
    public static func == (lhs: ResponseComparison, rhs: ResponseComparison) -> Bool {
        lhs.recordedStatus == rhs.recordedStatus && lhs.replayedStatus == rhs.replayedStatus
            && lhs.headers == rhs.headers && lhs.body == rhs.body && lhs.bodyNote == rhs.bodyNote
    }

    /// Hashes every field.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(recordedStatus)
        hasher.combine(replayedStatus)
        hasher.combine(headers)
        hasher.combine(body)
        hasher.combine(bodyNote)
    }

    /// One line per difference, secrets in header values redacted; `no differences` when equal.
    public var lines: [String] {
        var out: [String] = []
        if let status { out.append("status changed: \(status.recorded) → \(status.replayed)") }
        for change in headers {
            switch change {
            case .added(let n, let v):
                out.append("added header \(n): \(ReplayRedaction.displayValue(of: ReplayHeader(name: n, value: v)))")
            case .removed(let n, let v):
                out.append("removed header \(n): \(ReplayRedaction.displayValue(of: ReplayHeader(name: n, value: v)))")
            case .changed(let n, let o, let v):
                let old = ReplayRedaction.displayValue(of: ReplayHeader(name: n, value: o))
                let new = ReplayRedaction.displayValue(of: ReplayHeader(name: n, value: v))
                out.append("changed header \(n): \(old) → \(new)")
            }
        }
        for change in body { out.append("body: " + ReplayRedaction.redactText(change.description)) }
        if let bodyNote { out.append("body: \(bodyNote)") }
        return out.isEmpty ? ["no differences"] : out
    }
}
