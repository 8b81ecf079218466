/// Redacts secrets for display (dry runs, reports). Replay output never prints a credential in clear by default.
///
/// Defers to the shared `Redactor` (secret-named headers, query parameters and body fields, secret-shaped values
/// anywhere), and also hides the exact secrets filled in from the environment.
public enum ReplayRedaction {
    /// Prefixes of API keys and secrets whose tail is hidden (`sk_test_` stays, the rest becomes `[redacted]`).
    public static let keyPrefixes = [
        "sk_live_", "sk_test_", "rk_live_", "rk_test_", "whsec_", "pk_live_", "pk_test_",
    ]

    /// A header value safe to show: credential headers keep only their scheme word and key prefix.
    /// - Parameters:
    ///   - header: the header.
    ///   - secrets: extra values to hide wherever they appear.
    /// - Returns: the value to display.
    public static func displayValue(of header: ReplayHeader, secrets: [String] = []) -> String {
        if Redactor.isSecretHeader(header.name) && !ReplayPlan.isRedacted(header.value) {
            return hideExact(Redactor.default.redactHeader(name: header.name, value: header.value), secrets)
        }
        if ReplayPlan.isCredentialHeader(header.name) && !ReplayPlan.isRedacted(header.value) {
            let words = header.value.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            if words.count >= 2, ["bearer", "basic", "token", "digest"].contains(words[0].httpLowercased) {
                return words[0] + " " + redactWord(words.dropFirst().joined(separator: " "))
            }
            return redactWord(header.value)
        }
        return redactText(header.value, secrets: secrets)
    }

    /// Hides key tails (`sk_test_abc…` → `sk_test_[redacted]`) and the given secrets in free text.
    /// - Parameters:
    ///   - text: a URL, body or header value.
    ///   - secrets: exact values to hide.
    /// - Returns: the redacted text.
    public static func redactText(_ text: String, secrets: [String] = []) -> String {
        var out = hideExact(text, secrets)
        // URLs: secret-named query parameters and userinfo; anything else: secret-shaped values.
        out = out.hasPrefix("http://") || out.hasPrefix("https://") || out.hasPrefix("/")
            ? Redactor.default.redactURL(out) : Redactor.default.redactValue(out)
        for prefix in keyPrefixes where out.contains(prefix) {
            var result = ""
            var rest = Substring(out)
            while let range = rest.firstRange(of: prefix) {
                result += rest[..<range.upperBound]
                rest = rest[range.upperBound...]
                let tail = rest.prefix { $0.isLetter || $0.isNumber }
                if !tail.isEmpty {
                    result += "[redacted]"
                    rest = rest.dropFirst(tail.count)
                }
            }
            out = result + rest
        }
        return out
    }

    /// A body for display: secret-named form and JSON fields and secret-shaped values redacted, structure kept.
    public static func redactBody(_ body: [UInt8], mediaType: String?, secrets: [String] = []) -> String {
        hideExact(String(decoding: Redactor.default.redactBody(body, mediaType: mediaType), as: UTF8.self), secrets)
    }

    static func hideExact(_ text: String, _ secrets: [String]) -> String {
        var out = text
        for secret in secrets where secret.count >= 4 { out = out.replacing(secret, with: redactWord(secret)) }
        return out
    }

    static func redactWord(_ word: String) -> String {
        if ReplayPlan.isRedacted(word) { return word }
        for prefix in keyPrefixes where word.hasPrefix(prefix) { return prefix + "[redacted]" }
        return "[redacted]"
    }
}
