/// The safety rules of replay as pure functions: what may be sent without an explicit flag.
///
/// - POST, PATCH and DELETE are sent only with `--allow-unsafe`, or when they carry an `Idempotency-Key` (then the
///   provider may answer with the stored result of the first attempt, which the report says).
/// - Live-mode secret keys (`sk_live_`, `rk_live_`) anywhere in the request are sent only with `--allow-live`.
public enum ReplayGuard {
    /// Methods that change state and are not safe to repeat blindly.
    public static let unsafeMethods: Set<String> = ["POST", "PATCH", "DELETE"]

    /// Prefixes of live-mode secret keys.
    public static let liveKeyPrefixes = ["sk_live_", "rk_live_"]

    /// Applies the rules to a prepared request.
    /// - Parameters:
    ///   - prepared: the request as it would be sent.
    ///   - options: the user's flags.
    /// - Returns: the request (with a note when an idempotency key lets it through), or the refusal.
    public static func check(_ prepared: ReplayPlan.Prepared, options: ReplayOptions) -> Result<
        ReplayPlan.Prepared, ReplayRefusal
    > {
        var prepared = prepared
        let request = prepared.request
        let what = "\(request.method) \(ReplayURL(request.url)?.path ?? request.url)"
        if !options.allowLive, let place = liveKeyLocation(in: request, filledSecrets: prepared.filledSecrets) {
            return .failure(
                ReplayRefusal(
                    reason: .liveKey,
                    message: "refused to send \(what): \(place) holds a live-mode key, which would act on real money "
                        + "and real customers",
                    help: "use a test-mode key (sk_test_…), or pass --allow-live if you really mean it"))
        }
        if unsafeMethods.contains(request.method.uppercased()) && !options.allowUnsafe {
            guard let key = request.header("Idempotency-Key"), !key.isEmpty else {
                return .failure(
                    ReplayRefusal(
                        reason: .unsafeMethod,
                        message: "refused to send \(what): \(request.method.uppercased()) is not idempotent and the "
                            + "request carries no Idempotency-Key, so replaying it could act twice",
                        help: "pass --allow-unsafe to send it anyway, or add -H 'Idempotency-Key: <new key>'"))
            }
            prepared.notes.append(
                "sent because it carries Idempotency-Key '\(key)': the provider may return the stored result of the "
                    + "first request instead of running it again")
        }
        return .success(prepared)
    }

    /// Where a live-mode key appears (`header Authorization`, `the URL`, `the body`, `the secret from the
    /// environment`), or nil.
    /// - Parameters:
    ///   - request: the request as it would be sent.
    ///   - filledSecrets: secrets filled from the environment (a Basic header hides them in base64).
    /// - Returns: a description of the place, or nil.
    public static func liveKeyLocation(in request: ReplayRequest, filledSecrets: [String] = []) -> String? {
        func hasLive(_ text: String) -> Bool { liveKeyPrefixes.contains { text.contains($0) } }
        for secret in filledSecrets where hasLive(secret) { return "the secret from the environment" }
        for header in request.headers where hasLive(header.value) { return "header \(header.name)" }
        if hasLive(request.url) { return "the URL" }
        if let body = request.body, hasLive(String(decoding: body, as: UTF8.self)) { return "the body" }
        return nil
    }
}
