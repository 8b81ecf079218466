/// Parsing of `Cookie` and `Set-Cookie` header values.
public enum HTTPCookies {
    /// Splits `a=1; b=2` into name/value pairs in order.
    public static func parseCookieHeader(_ value: String) -> [HTTPHeader] {
        value.split(separator: ";").compactMap { part in
            let trimmed = part.httpTrimmed
            guard !trimmed.isEmpty else { return nil }
            if let eq = trimmed.firstIndex(of: "=") {
                return HTTPHeader(name: String(trimmed[..<eq]), value: String(trimmed[trimmed.index(after: eq)...]))
            }
            return HTTPHeader(name: "", value: String(trimmed))
        }
    }
}
