/// Turns a recorded request into the one to send: `--target` rewrite, `-H` overrides, redacted credentials filled
/// from the environment, `Content-Length` recomputed. Pure functions; nothing here touches the network.
public enum ReplayPlan {
    /// A request ready to send, with what the user should know about it.
    public struct Prepared: Sendable, Hashable {
        /// The request as it goes on the wire.
        public var request: ReplayRequest
        /// Notes for the report (an idempotency key in play, TLS verification off, redacted body values, …).
        public var notes: [String]
        /// The secret values filled in, so that output can redact them and the live-key guard can see them.
        public var filledSecrets: [String]
    }

    /// Headers that carry credentials: filled from `--secret-env`, and dropped when a redirect leaves the origin.
    public static let credentialHeaders: Set<String> = [
        "authorization", "proxy-authorization", "cookie", "x-api-key", "api-key", "x-auth-token", "x-access-token",
        "stripe-account",
    ]

    /// Headers the transport computes itself, dropped from the recording.
    static let recomputedHeaders: Set<String> = ["transfer-encoding"]

    /// Whether a header name carries credentials (the list above, or a name mentioning a token, secret or key
    /// other than `Idempotency-Key`).
    /// - Parameter name: a header name.
    /// - Returns: true for credential headers.
    public static func isCredentialHeader(_ name: String) -> Bool {
        let lower = name.httpLowercased
        if credentialHeaders.contains(lower) { return true }
        if lower == "idempotency-key" { return false }
        return lower.contains("token") || lower.contains("secret") || lower.hasSuffix("-key")
    }

    /// Whether a value still holds a redaction marker (`[redacted]`, `sk_test_[redacted:4f2a]`).
    /// - Parameter value: a header value or other text.
    /// - Returns: true when a marker is present.
    public static func isRedacted(_ value: String) -> Bool { value.httpLowercased.contains("[redacted") }

    /// Prepares one recorded request for sending, then applies the safety guards.
    /// - Parameters:
    ///   - recorded: the request as recorded.
    ///   - options: the user's choices.
    /// - Returns: the prepared request, or why it must not be sent.
    public static func prepare(_ recorded: ReplayRequest, options: ReplayOptions) -> Result<Prepared, ReplayRefusal> {
        var request = recorded
        var notes: [String] = []

        // 1. URL and --target.
        guard var url = ReplayURL(recorded.url) else {
            return .failure(
                ReplayRefusal(
                    reason: .invalidURL, message: "cannot replay '\(recorded.url)': not an absolute http(s) URL",
                    help: "pass --target http://host:port to say where to send it"))
        }
        if let targetText = options.target {
            guard let target = ReplayURL(targetText) else {
                return .failure(
                    ReplayRefusal(
                        reason: .invalidURL, message: "--target '\(targetText)' is not an absolute http(s) URL",
                        help: "write it like --target http://127.0.0.1:12111 or https://staging.example.com/api"))
            }
            let oldAuthority = url.authority
            url = url.retargeted(to: target)
            if oldAuthority != url.authority {
                for i in request.headers.indices where request.headers[i].hasName("Host") {
                    request.headers[i].value = url.authority
                }
            }
        }
        request.url = url.text

        // 2. Headers: HTTP/2 pseudo-headers and transport-computed ones out, -H overrides in.
        request.headers.removeAll { $0.name.hasPrefix(":") || recomputedHeaders.contains($0.name.httpLowercased) }
        request.headers = applyOverrides(request.headers, overrides: options.headerOverrides)

        // Control characters would let a recording inject extra headers or requests on the wire.
        if let problem = wireProblem(request) {
            return .failure(
                ReplayRefusal(
                    reason: .invalidHeader, message: "cannot replay \(recorded.method) \(url.path): \(problem)",
                    help: "fix the recording, or override the header with -H 'Name: value'"))
        }

        // 3. Redacted credentials.
        var filled: [String] = []
        for i in request.headers.indices where isRedacted(request.headers[i].value) {
            let header = request.headers[i]
            guard isCredentialHeader(header.name) && !header.hasName("cookie") else {
                return .failure(
                    ReplayRefusal(
                        reason: .redactedHeader,
                        message: "header \(header.name) was redacted in the recording and cannot be filled from "
                            + "the environment",
                        help: "supply it with -H '\(header.name): <value>', or drop it with -H '\(header.name):'"))
            }
            guard let (variable, secret) = secret(from: options) else {
                let names = options.secretEnvironmentNames.joined(separator: ", ")
                return .failure(
                    ReplayRefusal(
                        reason: .missingSecret,
                        message: "header \(header.name) was redacted in the recording and "
                            + "\(names.isEmpty ? "no --secret-env variable was named" : "\(names) is not set")",
                        help: "export \(options.secretEnvironmentNames.first ?? "STRIPE_API_KEY")=<key>, name "
                            + "another variable with --secret-env NAME, or pass -H '\(header.name): <value>'"))
            }
            request.headers[i].value = fill(header.value, with: secret)
            filled.append(secret)
            notes.append("filled redacted \(header.name) from $\(variable)")
        }
        if isRedacted(request.url) {
            notes.append("the URL holds redacted values; they are sent as recorded")
        }
        if let body = request.body, isRedacted(String(decoding: body, as: UTF8.self)) {
            notes.append("the body holds redacted values; they are sent as recorded")
        }

        // 4. Content-Length follows the bytes actually sent.
        request.headers = recomputeContentLength(request.headers, body: request.body)
        if let version = options.httpVersion { request.httpVersion = version }
        if options.insecure {
            notes.append("TLS verification is off (--insecure): the server's identity was not checked")
        }

        let prepared = Prepared(request: request, notes: notes, filledSecrets: filled)
        return ReplayGuard.check(prepared, options: options)
    }

    /// Applies `-H` overrides: an override replaces the first header of its name in place and removes later ones;
    /// an override with an empty value removes the header; new names are appended in the order given.
    /// - Parameters:
    ///   - headers: the recorded headers, in order.
    ///   - overrides: the `-H` headers.
    /// - Returns: the headers to send.
    public static func applyOverrides(_ headers: [ReplayHeader], overrides: [ReplayHeader]) -> [ReplayHeader] {
        var result = headers
        for override in overrides {
            guard let first = result.firstIndex(where: { $0.hasName(override.name) }) else {
                if !override.value.isEmpty { result.append(override) }
                continue
            }
            if override.value.isEmpty {
                result.removeAll { $0.hasName(override.name) }
            } else {
                result[first] = override
                var i = result.count - 1
                while i > first {
                    if result[i].hasName(override.name) { result.remove(at: i) }
                    i -= 1
                }
            }
        }
        return result
    }

    /// Replaces the recorded `Content-Length` (in place) with the body's byte count; drops it for bodiless requests
    /// unless it said 0.
    /// - Parameters:
    ///   - headers: headers in order.
    ///   - body: the body to send.
    /// - Returns: the corrected headers.
    public static func recomputeContentLength(_ headers: [ReplayHeader], body: [UInt8]?) -> [ReplayHeader] {
        var result: [ReplayHeader] = []
        var seen = false
        for header in headers {
            guard header.hasName("Content-Length") else {
                result.append(header)
                continue
            }
            if seen { continue }
            seen = true
            if let body {
                result.append(ReplayHeader(name: header.name, value: String(body.count)))
            } else if header.value == "0" {
                result.append(header)
            }
        }
        return result
    }

    /// Why the method or a header cannot be sent as is (CR, LF or NUL anywhere; a space, colon or nothing in a
    /// name; a method that is not a token), or nil.
    static func wireProblem(_ request: ReplayRequest) -> String? {
        func hasControl(_ s: String) -> Bool { s.utf8.contains { $0 == 13 || $0 == 10 || $0 == 0 } }
        let method = request.method.utf8
        if method.isEmpty || method.contains(where: { $0 <= 32 || $0 >= 127 || $0 == UInt8(ascii: ":") }) {
            return "the method \"\(request.method)\" is not a valid HTTP token"
        }
        for header in request.headers {
            let name = header.name.utf8
            if name.isEmpty || name.contains(where: { $0 <= 32 || $0 >= 127 || $0 == UInt8(ascii: ":") }) {
                return "header name \"\(header.name)\" is not a valid HTTP token"
            }
            if hasControl(header.value) { return "header \(header.name) holds a line break or NUL" }
        }
        if hasControl(request.url) { return "the URL holds a line break or NUL" }
        return nil
    }

    /// The first non-empty variable among the user's `--secret-env` names.
    static func secret(from options: ReplayOptions) -> (String, String)? {
        for name in options.secretEnvironmentNames {
            if let value = options.environment[name], !value.isEmpty { return (name, value) }
        }
        return nil
    }

    /// Replaces each redacted word of `value` with `secret`; for `Basic` the credentials are `base64(secret:)`.
    static func fill(_ value: String, with secret: String) -> String {
        let words = value.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        let isBasic = words.first?.httpLowercased == "basic"
        return words.map { word in
            guard isRedacted(word) else { return word }
            return isBasic ? base64(Array((secret.contains(":") ? secret : secret + ":").utf8)) : secret
        }.joined(separator: " ")
    }

    static func base64(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            let b0 = UInt32(bytes[i])
            let b1 = i + 1 < bytes.count ? UInt32(bytes[i + 1]) : 0
            let b2 = i + 2 < bytes.count ? UInt32(bytes[i + 2]) : 0
            let n = b0 << 16 | b1 << 8 | b2
            out.append(alphabet[Int(n >> 18 & 63)])
            out.append(alphabet[Int(n >> 12 & 63)])
            out.append(i + 1 < bytes.count ? alphabet[Int(n >> 6 & 63)] : UInt8(ascii: "="))
            out.append(i + 2 < bytes.count ? alphabet[Int(n & 63)] : UInt8(ascii: "="))
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }
}
