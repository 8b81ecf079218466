/// Replay outcomes as `Finding`s, so `replay` and `compare` report through the same renderers as `check`.
///
/// Rule ids: `replay.transport-failure` (error), `replay.refused` (warning), `replay.status-changed` (error),
/// `replay.header-changed` (warning), `replay.body-changed` (warning), `replay.body-type-changed` (error).
extension ReplayOutcome {
    /// The findings for this outcome.
    /// - Parameters:
    ///   - exchange: which recorded exchange this outcome replays.
    ///   - recorded: the recorded response, to compare with (nil: no comparison).
    ///   - options: what the comparison ignores.
    /// - Returns: findings in a stable order (transport or refusal first, then status, headers, body).
    public func findings(
        exchange: Finding.ExchangeRef, recorded: ReplayResponse? = nil,
        options: ResponseComparison.Options = ResponseComparison.Options()
    ) -> [Finding] {
        switch result {
        case .failed(let failure):
            return [
                Finding(
                    rule: "replay.transport-failure", severity: .error,
                    message: "replay got no response: \(ReplayRedaction.redactText(failure.message, secrets: secrets))",
                    exchange: exchange, location: "/response", found: "\(failure.code) (\(failure.kind.rawValue))",
                    hint: failure.hint)
            ]
        case .refused(let refusal):
            return [
                Finding(
                    rule: "replay.refused", severity: .warning, message: refusal.message, exchange: exchange,
                    location: "/request", hint: refusal.help)
            ]
        case .dryRun:
            return []
        case .response(let response):
            guard let recorded else { return [] }
            let comparison = ResponseComparison.compare(recorded: recorded, replayed: response, options: options)
            var out: [Finding] = []
            if let status = comparison.status {
                out.append(
                    Finding(
                        rule: "replay.status-changed", severity: .error,
                        message: "status changed from \(status.recorded) to \(status.replayed) on replay",
                        exchange: exchange, location: "/response/status", expected: String(status.recorded),
                        found: String(status.replayed),
                        hint: "compare the request with the recording, or the API version and account state"))
            }
            for change in comparison.headers {
                let pointer = "/response/headers/" + JSONPointer.escape(change.name)
                let shown = { (v: String) in ReplayRedaction.displayValue(of: ReplayHeader(name: change.name, value: v))
                }
                let (expected, found): (String?, String?) =
                    switch change {
                    case .added(_, let v): (nil, shown(v))
                    case .removed(_, let v): (shown(v), nil)
                    case .changed(_, let o, let n): (shown(o), shown(n))
                    }
                out.append(
                    Finding(
                        rule: "replay.header-changed", severity: .warning, message: headerMessage(change),
                        exchange: exchange, location: pointer, expected: expected, found: found))
            }
            for change in comparison.body {
                let pointer = "/response/body" + change.pointer.description
                switch change {
                case .typeChanged(_, let o, let n):
                    out.append(
                        Finding(
                            rule: "replay.body-type-changed", severity: .error,
                            message: "response body \(place(change.pointer)) changed type from \(o) to \(n) on replay",
                            exchange: exchange, location: pointer, expected: o.description, found: n.description))
                case .added(_, let v):
                    out.append(
                        Finding(
                            rule: "replay.body-changed", severity: .warning,
                            message: "response body has a new value at \(place(change.pointer)) on replay",
                            exchange: exchange,
                            location: pointer, found: ReplayRedaction.redactText(v)))
                case .removed(_, let v):
                    out.append(
                        Finding(
                            rule: "replay.body-changed", severity: .warning,
                            message: "response body lost the value at \(place(change.pointer)) on replay",
                            exchange: exchange,
                            location: pointer, expected: ReplayRedaction.redactText(v)))
                case .changed(_, let o, let n):
                    out.append(
                        Finding(
                            rule: "replay.body-changed", severity: .warning,
                            message: "response body \(place(change.pointer)) changed on replay", exchange: exchange,
                            location: pointer, expected: ReplayRedaction.redactText(o),
                            found: ReplayRedaction.redactText(n),
                            hint: "if this value changes on every call, pass --ignore \(change.pointer)"))
                }
            }
            if let note = comparison.bodyNote {
                out.append(
                    Finding(
                        rule: "replay.body-changed", severity: .warning, message: note, exchange: exchange,
                        location: "/response/body"))
            }
            return out
        }
    }

    private func place(_ pointer: JSONPointer) -> String {
        pointer.tokens.isEmpty ? "root" : pointer.description
    }

    private func headerMessage(_ change: HeaderDiff.Change) -> String {
        switch change {
        case .added(let n, _): "response header \(n) appeared on replay"
        case .removed(let n, _): "response header \(n) is missing on replay"
        case .changed(let n, _, _): "response header \(n) changed on replay"
        }
    }
}
