/// Redacts secrets for display (dry runs, reports). Replay output never prints a credential in clear by default.
///
/// This is the replay layer's own small redactor; once the shared `Redactor` from the traffic model lands, these
/// functions should defer to it.
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
        if ReplayPlan.isCredentialHeader(header.name) && !ReplayPlan.isRedacted(header.value) {
            let words = header.value.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            if words.count >= 2, ["bearer", "basic", "token", "digest"].contains(words[0].replayLowercased) {
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
        var out = text
        for secret in secrets where secret.count >= 4 { out = out.replayReplacing(secret, with: redactWord(secret)) }
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

    static func redactWord(_ word: String) -> String {
        if ReplayPlan.isRedacted(word) { return word }
        for prefix in keyPrefixes where word.hasPrefix(prefix) { return prefix + "[redacted]" }
        return "[redacted]"
    }
}

extension String {
    func replayReplacing(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty, contains(target) else { return self }
        var result = ""
        var rest = Substring(self)
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
