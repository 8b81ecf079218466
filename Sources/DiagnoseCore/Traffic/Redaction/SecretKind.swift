/// What kind of secret a value is, as recognised by its shape (or by the name of the field that holds it).
public enum SecretKind: Sendable, Hashable, CustomStringConvertible {
    /// Stripe secret key `sk_test_…` / `sk_live_…`.
    case stripeSecretKey(live: Bool)
    /// Stripe restricted key `rk_test_…` / `rk_live_…`.
    case stripeRestrictedKey(live: Bool)
    /// Stripe webhook signing secret `whsec_…`.
    case stripeWebhookSecret
    /// A JSON Web Token (`eyJ….eyJ….sig`).
    case jwt
    /// An AWS access key id (`AKIA…`, `ASIA…`).
    case awsAccessKey
    /// A GitHub token (`ghp_…`, `gho_…`, `ghs_…`, `ghu_…`, `ghr_…`, `github_pat_…`).
    case githubToken
    /// A Slack token (`xoxb-…`, `xoxp-…`).
    case slackToken
    /// A Google API key (`AIza…`).
    case googleAPIKey
    /// An OpenAI-style key (`sk-…`).
    case openAIKey
    /// An opaque bearer token (recognised by `Bearer ` in front of it).
    case bearerToken
    /// HTTP Basic credentials.
    case basicCredentials
    /// A value held by a field, parameter or header whose name says it is secret.
    case namedSecret

    /// A short human description, e.g. `Stripe secret key (test mode)`.
    public var description: String {
        switch self {
        case .stripeSecretKey(let live): "Stripe secret key (\(live ? "live" : "test") mode)"
        case .stripeRestrictedKey(let live): "Stripe restricted key (\(live ? "live" : "test") mode)"
        case .stripeWebhookSecret: "Stripe webhook signing secret"
        case .jwt: "JSON Web Token"
        case .awsAccessKey: "AWS access key id"
        case .githubToken: "GitHub token"
        case .slackToken: "Slack token"
        case .googleAPIKey: "Google API key"
        case .openAIKey: "API key (sk-…)"
        case .bearerToken: "bearer token"
        case .basicCredentials: "Basic credentials"
        case .namedSecret: "secret"
        }
    }

    /// The environment variable a curl command uses in place of this secret.
    public var environmentVariable: String {
        switch self {
        case .stripeSecretKey, .stripeRestrictedKey: "STRIPE_API_KEY"
        case .stripeWebhookSecret: "STRIPE_WEBHOOK_SECRET"
        case .jwt, .bearerToken: "API_TOKEN"
        case .awsAccessKey: "AWS_ACCESS_KEY_ID"
        case .githubToken: "GITHUB_TOKEN"
        case .slackToken: "SLACK_TOKEN"
        case .googleAPIKey, .openAIKey: "API_KEY"
        case .basicCredentials: "BASIC_AUTH"
        case .namedSecret: "SECRET"
        }
    }
}
