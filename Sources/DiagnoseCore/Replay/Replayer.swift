/// Replays recorded requests: plan, guard, send through a transport, follow redirects if asked, repeat for
/// latency. Never throws: each request's fate is an outcome (response, refusal, transport failure, dry run).
public enum Replayer {
    /// Redirect statuses followed with `--follow`.
    public static let redirectStatuses: Set<Int> = [301, 302, 303, 307, 308]

    /// Replays a sequence in order through one transport, so connections are reused.
    /// - Parameters:
    ///   - requests: recorded requests.
    ///   - options: the user's choices.
    ///   - transport: where to send (`CurlTransport()` for real).
    /// - Returns: one outcome per request, in order.
    public static func replay(
        requests: [ReplayRequest], options: ReplayOptions, transport: any Transport
    ) -> [ReplayOutcome] {
        requests.enumerated().map { replay($1, index: $0, options: options, transport: transport) }
    }

    /// Replays one request.
    /// - Parameters:
    ///   - recorded: the recorded request.
    ///   - index: its position, for the report.
    ///   - options: the user's choices.
    ///   - transport: where to send.
    /// - Returns: the outcome.
    public static func replay(
        _ recorded: ReplayRequest, index: Int = 0, options: ReplayOptions, transport: any Transport
    ) -> ReplayOutcome {
        var prepared: ReplayPlan.Prepared
        switch ReplayPlan.prepare(recorded, options: options) {
        case .failure(let refusal):
            // A dry run sends nothing, so it still shows what a safety guard would have stopped, with the refusal.
            guard options.dryRun, refusal.reason == .unsafeMethod || refusal.reason == .liveKey else {
                return ReplayOutcome(index: index, recorded: recorded, sent: nil, result: .refused(refusal))
            }
            var relaxed = options
            relaxed.allowUnsafe = true
            relaxed.allowLive = true
            guard case .success(let p) = ReplayPlan.prepare(recorded, options: relaxed) else {
                return ReplayOutcome(index: index, recorded: recorded, sent: nil, result: .refused(refusal))
            }
            prepared = p
            prepared.notes.append("a real run would refuse this: \(refusal.message) (\(refusal.help))")
        case .success(let p): prepared = p
        }
        var outcome = ReplayOutcome(
            index: index, recorded: recorded, sent: prepared.request, result: .dryRun(curlCommand: ""),
            notes: prepared.notes, secrets: prepared.filledSecrets)
        if options.dryRun {
            outcome.result = .dryRun(
                curlCommand: CurlCommandLine.render(prepared.request, redacting: prepared.filledSecrets))
            return outcome
        }

        var samples: [Int64] = []
        let times = max(options.repeatCount, 1)
        samples.reserveCapacity(times)
        for attempt in 0..<times {
            do {
                let (response, hops, notes) = try sendFollowing(
                    prepared.request, options: options, transport: transport)
                samples.append(response.timings.totalMicroseconds)
                if attempt == times - 1 || attempt == 0 {
                    outcome.result = .response(response)
                    outcome.hops = hops
                    if attempt == 0 { outcome.notes += notes }
                }
            } catch {
                outcome.result = .failed(error)
                if attempt > 0 { outcome.notes.append("failed on repeat \(attempt + 1) of \(times)") }
                break
            }
        }
        if times > 1 { outcome.latency = LatencyStats(samples: samples) }
        return outcome
    }

    /// Sends a request and, with `--follow`, follows redirects hop by hop, dropping credentials across origins.
    static func sendFollowing(
        _ request: ReplayRequest, options: ReplayOptions, transport: any Transport
    ) throws(TransportFailure) -> (ReplayResponse, [ReplayOutcome.Hop], [String]) {
        var current = request
        var response = try transport.send(current, options: options)
        guard options.followRedirects else { return (response, [], []) }
        var hops: [ReplayOutcome.Hop] = []
        var notes: [String] = []
        while redirectStatuses.contains(response.status), let location = response.header("Location") {
            guard hops.count < options.maxRedirects else {
                notes.append("stopped after \(options.maxRedirects) redirects (the last pointed to \(location))")
                break
            }
            guard let (next, dropped) = redirected(current, status: response.status, location: location) else {
                notes.append("not following redirect to '\(location)': not an http(s) URL")
                break
            }
            hops.append(
                ReplayOutcome.Hop(status: response.status, from: current.url, to: next.url, droppedHeaders: dropped))
            if !dropped.isEmpty {
                notes.append(
                    "redirect to another host (\(ReplayURL(next.url)?.authority ?? next.url)): did not send "
                        + dropped.joined(separator: ", "))
            }
            current = next
            response = try transport.send(current, options: options)
        }
        return (response, hops, notes)
    }

    /// The request for the next hop of a redirect, and the credential headers dropped because the origin changed.
    /// - Parameters:
    ///   - request: the request that got the redirect.
    ///   - status: the redirect status.
    ///   - location: the `Location` header.
    /// - Returns: the next request and dropped header names, or nil when the location is not http(s).
    public static func redirected(
        _ request: ReplayRequest, status: Int, location: String
    ) -> (ReplayRequest, [String])? {
        guard let from = ReplayURL(request.url), let to = from.resolving(location) else { return nil }
        var next = request
        next.url = to.text
        var dropped: [String] = []
        if from.origin != to.origin {
            for header in next.headers where ReplayPlan.isCredentialHeader(header.name) {
                dropped.append(header.name)
            }
            next.headers.removeAll { ReplayPlan.isCredentialHeader($0.name) }
        }
        for i in next.headers.indices where next.headers[i].hasName("Host") { next.headers[i].value = to.authority }
        let method = request.method.uppercased()
        if status == 303 && method != "HEAD" || (status == 301 || status == 302) && method == "POST" {
            next.method = "GET"
            next.body = nil
            next.headers.removeAll { $0.hasName("Content-Length") || $0.hasName("Content-Type") }
        }
        return (next, dropped)
    }
}
