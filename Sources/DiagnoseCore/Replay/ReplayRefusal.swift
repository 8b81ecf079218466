/// Why a request was not sent: what was refused and which flag (or other action) allows it.
public struct ReplayRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    /// The rule that refused.
    public var reason: Reason
    /// One sentence: what was refused and why, naming the method and path (secrets redacted).
    public var message: String
    /// What to do to send it anyway.
    public var help: String

    /// Creates a refusal.
    /// - Parameters:
    ///   - reason: the rule.
    ///   - message: what and why.
    ///   - help: what to do.
    public init(reason: Reason, message: String, help: String) {
        self.reason = reason
        self.message = message
        self.help = help
    }

    /// `message` then `help: …`.
    public var description: String { "\(message)\nhelp: \(help)" }

    /// The safety rules and plan checks that can refuse a request.
    public enum Reason: String, Sendable, Hashable, Codable {
        /// POST, PATCH or DELETE without `--allow-unsafe` or an `Idempotency-Key`.
        case unsafeMethod = "unsafe-method"
        /// A live-mode key (`sk_live_`, `rk_live_`) without `--allow-live`.
        case liveKey = "live-key"
        /// A redacted credential whose environment variable is unset.
        case missingSecret = "missing-secret"
        /// A redacted header that no environment variable can fill (a cookie, say).
        case redactedHeader = "redacted-header"
        /// The recorded URL or `--target` is not an absolute http(s) URL.
        case invalidURL = "invalid-url"
        /// The method or a header holds characters that cannot go on the wire (CR, LF, NUL, or a space in a name).
        case invalidHeader = "invalid-header"
    }
}
