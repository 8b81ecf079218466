/// A parsed `Content-Type` value: `type/subtype` lowercased, plus parameters (`charset`, `boundary`).
public struct MediaType: Sendable, Hashable, CustomStringConvertible {
    /// Top-level type, e.g. `application`.
    public var type: String
    /// Subtype, e.g. `x-www-form-urlencoded` or `vnd.api+json`.
    public var subtype: String
    /// Parameters in order, names lowercased, values unquoted.
    public var parameters: [(name: String, value: String)]

    /// Parses a header value; nil when it has no `type/subtype`.
    public init?(_ value: String) {
        let parts = value.split(separator: ";", omittingEmptySubsequences: false)
        let essence = parts[0].httpTrimmed.lowercased()
        let halves = essence.split(separator: "/", maxSplits: 1)
        guard halves.count == 2, !halves[0].isEmpty, !halves[1].isEmpty else { return nil }
        type = String(halves[0])
        subtype = String(halves[1])
        parameters = []
        for part in parts.dropFirst() {
            let kv = part.split(separator: "=", maxSplits: 1)
            guard kv.count == 2 else { continue }
            var v = kv[1].httpTrimmed
            if v.count >= 2, v.first == "\"", v.last == "\"" { v = v.dropFirst().dropLast() }
            parameters.append((kv[0].httpTrimmed.lowercased(), String(v)))
        }
    }

    /// `type/subtype` without parameters.
    public var essence: String { "\(type)/\(subtype)" }

    /// The header form.
    public var description: String {
        ([essence] + parameters.map { "\($0.name)=\($0.value)" }).joined(separator: "; ")
    }

    /// A parameter's value by name.
    public func parameter(_ name: String) -> String? {
        parameters.first { $0.name == name }?.value
    }

    /// JSON: `application/json`, `text/json`, or any `+json` structured suffix.
    public var isJSON: Bool { subtype == "json" || subtype.hasSuffix("+json") }

    /// `application/x-www-form-urlencoded`.
    public var isFormURLEncoded: Bool { type == "application" && subtype == "x-www-form-urlencoded" }

    /// `multipart/form-data`.
    public var isMultipartFormData: Bool { type == "multipart" && subtype == "form-data" }

    /// Whether this media type falls under a spec's media range (`*/*`, `application/*`, exact), ignoring
    /// parameters.
    public func matches(range: String) -> Bool {
        guard let r = MediaType(range) else { return false }
        if r.type == "*" { return true }
        if r.type != type { return false }
        return r.subtype == "*" || r.subtype == subtype
    }

    /// Equality ignores parameter order.
    public static func == (lhs: MediaType, rhs: MediaType) -> Bool {
        lhs.essence == rhs.essence && lhs.parameters.map { "\($0.name)=\($0.value)" }.sorted()
            == rhs.parameters.map { "\($0.name)=\($0.value)" }.sorted()
    }

    /// Hashes the essence.
    public func hash(into hasher: inout Hasher) { hasher.combine(essence) }
}
