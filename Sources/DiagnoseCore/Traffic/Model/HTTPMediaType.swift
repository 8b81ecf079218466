/// Helpers on media type strings.
public enum HTTPMediaType {
    /// `type/subtype` lowercased, without parameters.
    public static func essence(_ value: String) -> String {
        let head = value.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return String(head.httpTrimmed).httpLowercased
    }

    /// The `boundary` parameter of a multipart media type, unquoted.
    public static func boundary(of value: String?) -> String? {
        guard let value else { return nil }
        for part in value.split(separator: ";").dropFirst() {
            let p = part.httpTrimmed
            if p.lowercased().hasPrefix("boundary=") {
                var b = p.dropFirst("boundary=".count)
                if b.hasPrefix("\""), b.hasSuffix("\""), b.count >= 2 { b = b.dropFirst().dropLast() }
                return String(b)
            }
        }
        return nil
    }

    /// Whether the essence is JSON (`application/json`, `*+json`).
    public static func isJSON(_ value: String?) -> Bool {
        guard let value else { return false }
        let e = essence(value)
        return e == "application/json" || e.hasSuffix("+json") || e == "text/json"
    }

    /// Whether the essence is `application/x-www-form-urlencoded`.
    public static func isForm(_ value: String?) -> Bool {
        value.map { essence($0) == "application/x-www-form-urlencoded" } ?? false
    }
}
