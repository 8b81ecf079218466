/// Differences between two header lists, ignoring headers that change on every response.
public enum HeaderDiff {
    /// One header difference. Values are as received; redact them before display.
    public enum Change: Sendable, Hashable, CustomStringConvertible {
        /// Only the new response has the header.
        case added(name: String, value: String)
        /// Only the old response has the header.
        case removed(name: String, value: String)
        /// Both have it, with different values (repeated headers joined with `, `).
        case changed(name: String, old: String, new: String)

        /// The header name.
        public var name: String {
            switch self {
            case .added(let n, _), .removed(let n, _), .changed(let n, _, _): n
            }
        }

        /// One line, e.g. `added header X-New: 1`.
        public var description: String {
            switch self {
            case .added(let n, let v): "added header \(n): \(v)"
            case .removed(let n, let v): "removed header \(n): \(v)"
            case .changed(let n, let o, let v): "changed header \(n): \(o) → \(v)"
            }
        }
    }

    /// Headers that differ between any two responses and are ignored by default (lowercase).
    public static let volatileHeaders: Set<String> = [
        "date", "request-id", "x-request-id", "content-length", "age", "expires", "last-modified", "etag",
        "traceparent", "tracestate", "x-amzn-trace-id", "x-amzn-requestid", "x-amz-request-id", "x-amz-id-2",
        "x-cloud-trace-context", "x-b3-traceid", "x-b3-spanid", "x-b3-parentspanid", "x-b3-sampled", "b3",
        "cf-ray", "server-timing", "x-runtime", "x-envoy-upstream-service-time", "x-trace-id", "x-correlation-id",
        "original-request", "idempotency-key", "connection", "keep-alive", "via", "x-served-by", "x-cache",
        "x-timer", "report-to", "nel",
    ]

    /// The differences from `old` to `new`.
    /// - Parameters:
    ///   - old: recorded headers.
    ///   - new: replayed headers.
    ///   - ignoring: lowercase names to skip (the volatile list by default).
    /// - Returns: changes, in the old order then new additions. `Set-Cookie` compares cookie names only.
    public static func diff(
        _ old: [ReplayHeader], _ new: [ReplayHeader], ignoring: Set<String> = volatileHeaders
    ) -> [Change] {
        let a = grouped(old, ignoring: ignoring)
        let b = grouped(new, ignoring: ignoring)
        var changes: [Change] = []
        for (name, value) in a.order {
            let key = name.httpLowercased
            guard let other = b.values[key] else {
                changes.append(.removed(name: name, value: value))
                continue
            }
            if key == "set-cookie" {
                if cookieNames(value) != cookieNames(other.value) {
                    changes.append(.changed(name: other.name, old: cookieNames(value), new: cookieNames(other.value)))
                }
            } else if value != other.value {
                changes.append(.changed(name: other.name, old: value, new: other.value))
            }
        }
        for (name, value) in b.order where a.values[name.httpLowercased] == nil {
            changes.append(.added(name: name, value: value))
        }
        return changes
    }

    private static func grouped(_ headers: [ReplayHeader], ignoring: Set<String>) -> (
        order: [(String, String)], values: [String: (name: String, value: String)]
    ) {
        var values: [String: (name: String, value: String)] = [:]
        var names: [String] = []
        for header in headers {
            let key = header.name.httpLowercased
            if ignoring.contains(key) { continue }
            if let existing = values[key] {
                values[key] = (existing.name, existing.value + ", " + header.value)
            } else {
                values[key] = (header.name, header.value)
                names.append(key)
            }
        }
        return (names.map { (values[$0]!.name, values[$0]!.value) }, values)
    }

    /// `a, b` from `a=1; Path=/, b=2` — cookie values are volatile, their names are not.
    private static func cookieNames(_ joined: String) -> String {
        joined.split(separator: ",").compactMap { part -> String? in
            let pair = part.split(separator: ";").first ?? ""
            guard let eq = pair.firstIndex(of: "=") else { return nil }
            let name = pair[..<eq].replayTrimmed
            // `Expires=Wed, 21 Oct` splits on its comma; attribute names are not cookie names.
            return name.isEmpty || name.contains(" ") ? nil : String(name)
        }.sorted().joined(separator: ", ")
    }
}
