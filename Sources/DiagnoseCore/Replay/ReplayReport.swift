import Foundation

/// Renders replay outcomes (and, for `compare`, their differences from the recording) as text, JSON or Markdown.
///
/// Secrets never appear: credential headers show only their scheme and key prefix, filled secrets are hidden
/// wherever they occur, and bodies are not printed (only their size).
public enum ReplayReport {
    /// Output formats.
    public enum Format: String, Sendable, Hashable, CaseIterable {
        /// Human-readable lines.
        case text
        /// One JSON document with a `version` field.
        case json
        /// A Markdown section per request (for PR comments and tickets).
        case markdown
    }

    /// Renders outcomes.
    /// - Parameters:
    ///   - outcomes: what `Replayer.replay` returned.
    ///   - recorded: the recorded responses by outcome position (nil or missing entries are not compared).
    ///   - compareOptions: what the comparison ignores.
    ///   - format: the output format.
    /// - Returns: the rendered text, ending with a newline.
    public static func render(
        _ outcomes: [ReplayOutcome], recorded: [ReplayResponse?] = [],
        compareOptions: ResponseComparison.Options = ResponseComparison.Options(), format: Format
    ) -> String {
        let items = outcomes.map { outcome -> Item in
            let comparison: ResponseComparison? =
                outcome.index < recorded.count
                ? recorded[outcome.index].flatMap { old in
                    outcome.response.map {
                        ResponseComparison.compare(recorded: old, replayed: $0, options: compareOptions)
                    }
                } : nil
            return Item(outcome: outcome, comparison: comparison)
        }
        switch format {
        case .text: return items.map(text).joined()
        case .markdown: return "# Replay\n\n" + items.map(markdown).joined()
        case .json: return json(items)
        }
    }

    private struct Item {
        var outcome: ReplayOutcome
        var comparison: ResponseComparison?
        var secrets: [String] { outcome.secrets }
        var request: ReplayRequest { outcome.sent ?? outcome.recorded }
        var title: String {
            "\(request.method) \(ReplayRedaction.redactText(request.url, secrets: secrets))"
        }
    }

    // MARK: Text

    private static func text(_ item: Item) -> String {
        let o = item.outcome
        var out = "[\(o.index + 1)] \(item.title)\n"
        switch o.result {
        case .response(let r):
            var line = "    → \(r.status)\(r.reason.isEmpty ? "" : " \(r.reason)")  HTTP/\(r.httpVersion)"
            if !r.remoteIP.isEmpty { line += "  \(r.remoteIP)" }
            if let tls = r.tlsVersion { line += "  \(tls)" }
            if r.reusedConnection { line += "  (reused connection)" }
            out += line + "\n"
            out += "    timings: \(timings(r.timings))\n"
            out += "    body: \(r.body.count) bytes\n"
        case .refused(let refusal):
            out += "    refused: \(refusal.message)\n    help: \(refusal.help)\n"
        case .failed(let failure):
            out +=
                "    error: \(ReplayRedaction.redactText(failure.message, secrets: item.secrets)) "
                + "(\(failure.code))\n    help: \(failure.hint)\n"
        case .dryRun(let command):
            out += "    would send:\n"
            for header in item.request.headers {
                out += "      \(header.name): \(ReplayRedaction.displayValue(of: header, secrets: item.secrets))\n"
            }
            if let body = item.request.body { out += "      (body: \(body.count) bytes)\n" }
            out += "    curl: \(command)\n"
        }
        if let latency = o.latency { out += "    latency: \(latency.summary)\n" }
        for hop in o.hops {
            out += "    redirect \(hop.status) → \(ReplayRedaction.redactText(hop.to, secrets: item.secrets))\n"
        }
        for note in o.notes { out += "    note: \(note)\n" }
        if let comparison = item.comparison {
            for line in comparison.lines { out += "    diff: \(line)\n" }
        }
        return out
    }

    private static func timings(_ t: ReplayTimings) -> String {
        "dns \(LatencyStats.ms(t.dnsMicroseconds)) · connect \(LatencyStats.ms(t.connectMicroseconds)) · "
            + "tls \(LatencyStats.ms(t.tlsMicroseconds)) · first byte \(LatencyStats.ms(t.firstByteMicroseconds)) · "
            + "total \(LatencyStats.ms(t.totalMicroseconds))"
    }

    // MARK: Markdown

    private static func markdown(_ item: Item) -> String {
        let o = item.outcome
        var out = "## \(o.index + 1). `\(item.title)`\n\n"
        switch o.result {
        case .response(let r):
            out += "| status | HTTP | remote | TLS | total | first byte |\n|---|---|---|---|---|---|\n"
            out +=
                "| \(r.status) \(r.reason) | \(r.httpVersion) | \(r.remoteIP) | \(r.tlsVersion ?? "—") | "
                + "\(LatencyStats.ms(r.timings.totalMicroseconds)) | \(LatencyStats.ms(r.timings.firstByteMicroseconds)) |\n"
        case .refused(let refusal):
            out += "**Refused:** \(refusal.message)\n\n_Help:_ \(refusal.help)\n"
        case .failed(let failure):
            out +=
                "**Error:** \(ReplayRedaction.redactText(failure.message, secrets: item.secrets))\n\n"
                + "_Help:_ \(failure.hint)\n"
        case .dryRun(let command):
            out += "Dry run, nothing sent:\n\n```sh\n\(command)\n```\n"
        }
        if let latency = o.latency { out += "\nLatency: \(latency.summary)\n" }
        let notes =
            o.hops.map { "redirect \($0.status) → \(ReplayRedaction.redactText($0.to, secrets: item.secrets))" }
            + o.notes
        if !notes.isEmpty { out += "\n" + notes.map { "- \($0)\n" }.joined() }
        if let comparison = item.comparison {
            out += "\nDifferences from the recording:\n\n" + comparison.lines.map { "- \($0)\n" }.joined()
        }
        return out + "\n"
    }

    // MARK: JSON

    private struct JSONReport: Encodable {
        var version = 1
        var outcomes: [JSONOutcome]
    }

    private struct JSONOutcome: Encodable {
        var index: Int
        var method: String
        var url: String
        var result: String
        var status: Int?
        var reason: String?
        var httpVersion: String?
        var remoteIP: String?
        var tlsVersion: String?
        var reusedConnection: Bool?
        var bodyBytes: Int?
        var timings: ReplayTimings?
        var latency: LatencyStats?
        var error: JSONError?
        var refusal: JSONError?
        var curlCommand: String?
        var redirects: [JSONHop]
        var notes: [String]
        var differences: [String]?
    }

    private struct JSONError: Encodable {
        var code: String
        var message: String
        var help: String
    }

    private struct JSONHop: Encodable {
        var status: Int
        var to: String
        var droppedHeaders: [String]
    }

    private static func json(_ items: [Item]) -> String {
        let outcomes = items.map { item -> JSONOutcome in
            let o = item.outcome
            var j = JSONOutcome(
                index: o.index, method: item.request.method,
                url: ReplayRedaction.redactText(item.request.url, secrets: item.secrets), result: "",
                latency: o.latency,
                redirects: o.hops.map {
                    JSONHop(
                        status: $0.status, to: ReplayRedaction.redactText($0.to, secrets: item.secrets),
                        droppedHeaders: $0.droppedHeaders)
                }, notes: o.notes, differences: item.comparison?.lines)
            switch o.result {
            case .response(let r):
                j.result = "response"
                j.status = r.status
                j.reason = r.reason
                j.httpVersion = r.httpVersion
                j.remoteIP = r.remoteIP
                j.tlsVersion = r.tlsVersion
                j.reusedConnection = r.reusedConnection
                j.bodyBytes = r.body.count
                j.timings = r.timings
            case .refused(let refusal):
                j.result = "refused"
                j.refusal = JSONError(code: refusal.reason.rawValue, message: refusal.message, help: refusal.help)
            case .failed(let failure):
                j.result = "failed"
                j.error = JSONError(
                    code: failure.kind.rawValue,
                    message: ReplayRedaction.redactText(failure.message, secrets: item.secrets), help: failure.hint)
            case .dryRun(let command):
                j.result = "dry-run"
                j.curlCommand = command
            }
            return j
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(JSONReport(outcomes: outcomes)) else { return "{\"version\":1}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
