/// Helpers on media type strings.
public enum HTTPMediaType {
    /// `type/subtype` lowercased, without parameters.
    public static func essence(_ value: String) -> String {
        var text = value
        return text.withUTF8 { u in
            let (start, end) = trimmed(u, 0, u.firstIndex(of: UInt8(ascii: ";")) ?? u.count)
            return lowercased(u, start, end)
        }
    }

    /// `from..<to` without leading and trailing spaces and tabs.
    static func trimmed(_ u: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> (Int, Int) {
        var start = from
        var end = to
        while start < end && (u[start] == 0x20 || u[start] == 0x09) { start += 1 }
        while end > start && (u[end - 1] == 0x20 || u[end - 1] == 0x09) { end -= 1 }
        return (start, end)
    }

    /// The bytes `from..<to` as a string, ASCII letters lowercased.
    static func lowercased(_ u: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> String {
        String(unsafeUninitializedCapacity: to - from) { out in
            for i in from..<to {
                let b = u[i]
                out[i - from] = b >= 65 && b <= 90 ? b + 32 : b
            }
            return to - from
        }
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
