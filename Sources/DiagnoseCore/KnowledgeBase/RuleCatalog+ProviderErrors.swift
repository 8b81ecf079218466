// Which of our rules explains a provider error object, so `provider.error` can point at the specific article.
//
//     {"error": {"type": "invalid_request_error", "code": "parameter_unknown", "param": "limt", …}}
//         → request.param-unknown

extension RuleCatalog {
    /// The rule that explains a provider (Stripe-style) error object better than the generic `provider.error`.
    ///
    /// Known codes: `parameter_unknown`, `parameter_missing`, `parameter_invalid_*`, `api_key_expired`,
    /// `rate_limit`; the type `idempotency_error`; and `resource_missing` when the
    /// message says the object exists in the other mode (test versus live).
    /// - Parameters:
    ///   - type: the error's `type`, e.g. `invalid_request_error`.
    ///   - code: the error's `code`, e.g. `parameter_unknown`.
    ///   - message: the error's `message`, used only to tell a mode mix-up from a plain missing object.
    /// - Returns: a rule id, or nil when only `provider.error` applies.
    public static func rule(forProviderErrorType type: String?, code: String?, message: String? = nil) -> String? {
        switch code {
        case "parameter_unknown": return "request.param-unknown"
        case "parameter_missing": return "request.param-missing"
        case "api_key_expired": return "auth.expired-key"
        case "rate_limit": return "ratelimit.burst"
        case "resource_missing":
            if let message, message.contains("live mode") || message.contains("test mode") {
                return "auth.key-mode-mismatch"
            }
            return nil
        case let code? where code.hasPrefix("parameter_invalid") || code == "parameters_exclusive":
            return "request.param-invalid"
        default:
            break
        }
        if type == "idempotency_error" { return "idempotency.key-reused" }
        return nil
    }
}
