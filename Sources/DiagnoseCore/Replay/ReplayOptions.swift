/// Everything the user chose for a replay: where to send, what to override, how to connect, what is allowed.
///
/// The command line maps its flags one to one onto these fields (`--target` → `target`, `-H` → `headerOverrides`,
/// `--allow-unsafe` → `allowUnsafe`, …). The defaults are the safe ones.
public struct ReplayOptions: Sendable, Hashable {
    /// `--target URL`: replaces scheme, host and port, and prefixes the path with the target's path.
    public var target: String?
    /// `-H 'Name: value'`: replaces the recorded header of that name in place (or appends it); `Name:` removes it.
    public var headerOverrides: [ReplayHeader]
    /// `--secret-env NAME`: environment variables tried in order to fill redacted credentials.
    public var secretEnvironmentNames: [String]
    /// The environment to read secrets from (the process environment by default; tests inject their own).
    public var environment: [String: String]
    /// `--timeout SECONDS` for the whole request (0 = none).
    public var timeoutSeconds: Double
    /// `--connect-timeout SECONDS` (0 = libcurl's default of 300 s).
    public var connectTimeoutSeconds: Double
    /// `--cacert FILE`: the CA bundle used to verify the server.
    public var caCertificatePath: String?
    /// `--insecure`: skip TLS verification (a warning is attached to every outcome).
    public var insecure: Bool
    /// `--http1.1` / `--http2`: overrides the recorded HTTP version.
    public var httpVersion: HTTPVersionPreference?
    /// `--repeat N`: send each request N times and report latency figures.
    public var repeatCount: Int
    /// `--allow-unsafe`: send POST, PATCH and DELETE requests that carry no `Idempotency-Key`.
    public var allowUnsafe: Bool
    /// `--allow-live`: allow live-mode keys (`sk_live_`, `rk_live_`).
    public var allowLive: Bool
    /// `--follow`: follow redirects hop by hop (credentials are dropped when the host changes).
    public var followRedirects: Bool
    /// The most redirects followed before giving up.
    public var maxRedirects: Int
    /// `--dry-run`: print what would be sent and the equivalent curl command; send nothing.
    public var dryRun: Bool
    /// Hosts that bypass the environment's proxy (libcurl's `CURLOPT_NOPROXY`); nil keeps `NO_PROXY` from the
    /// environment.
    public var noProxy: String?

    /// The current process environment (the default for `environment`).
    public static var processEnvironment: [String: String] { ProcessInfoBridge.environment }

    /// The variable read when no `--secret-env` is given.
    public static let defaultSecretEnvironmentNames = ["STRIPE_API_KEY"]

    /// Creates options; every parameter defaults to the safe choice.
    /// - Parameters:
    ///   - target: replacement base URL.
    ///   - headerOverrides: `-H` headers.
    ///   - secretEnvironmentNames: variables that hold credentials.
    ///   - environment: where to read them.
    ///   - timeoutSeconds: whole-request timeout.
    ///   - connectTimeoutSeconds: connect timeout.
    ///   - caCertificatePath: CA bundle.
    ///   - insecure: skip TLS verification.
    ///   - httpVersion: forced HTTP version.
    ///   - repeatCount: times to send each request.
    ///   - allowUnsafe: allow non-idempotent methods.
    ///   - allowLive: allow live-mode keys.
    ///   - followRedirects: follow redirects.
    ///   - maxRedirects: redirect limit.
    ///   - dryRun: send nothing.
    ///   - noProxy: hosts that bypass the proxy.
    public init(
        target: String? = nil, headerOverrides: [ReplayHeader] = [],
        secretEnvironmentNames: [String] = ReplayOptions.defaultSecretEnvironmentNames,
        environment: [String: String] = ReplayOptions.processEnvironment, timeoutSeconds: Double = 30,
        connectTimeoutSeconds: Double = 10, caCertificatePath: String? = nil, insecure: Bool = false,
        httpVersion: HTTPVersionPreference? = nil, repeatCount: Int = 1, allowUnsafe: Bool = false,
        allowLive: Bool = false, followRedirects: Bool = false, maxRedirects: Int = 10, dryRun: Bool = false,
        noProxy: String? = nil
    ) {
        self.target = target
        self.headerOverrides = headerOverrides
        self.secretEnvironmentNames = secretEnvironmentNames
        self.environment = environment
        self.timeoutSeconds = timeoutSeconds
        self.connectTimeoutSeconds = connectTimeoutSeconds
        self.caCertificatePath = caCertificatePath
        self.insecure = insecure
        self.httpVersion = httpVersion
        self.repeatCount = repeatCount
        self.allowUnsafe = allowUnsafe
        self.allowLive = allowLive
        self.followRedirects = followRedirects
        self.maxRedirects = maxRedirects
        self.dryRun = dryRun
        self.noProxy = noProxy
    }
}
