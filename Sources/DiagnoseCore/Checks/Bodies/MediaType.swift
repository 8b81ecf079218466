/// A parsed `Content-Type` value: `type/subtype` lowercased, plus parameters (`charset`, `boundary`).
public struct MediaType: Sendable, Hashable, CustomStringConvertible {
    /// Top-level type, e.g. `application`.
    public var type: String
    /// Subtype, e.g. `x-www-form-urlencoded` or `vnd.api+json`.
    public var subtype: String
    /// Parameters in order, names lowercased, values unquoted.
    public var parameters: [(name: String, value: String)]

    /// Parses a header value; nil when it has no `type/subtype`. Works on the UTF-8 bytes (the delimiters are
    /// ASCII; names are lowercased as ASCII): it runs several times per checked exchange.
    public init?(_ value: String) {
        var text = value
        guard let parsed = text.withUTF8({ MediaType.parse($0) }) else { return nil }
        self = parsed
    }

    private init(type: String, subtype: String, parameters: [(name: String, value: String)]) {
        self.type = type
        self.subtype = subtype
        self.parameters = parameters
    }

    private static func parse(_ u: UnsafeBufferPointer<UInt8>) -> MediaType? {
        let semicolon = UInt8(ascii: ";")
        let firstEnd = u.firstIndex(of: semicolon) ?? u.count
        let (start, end) = HTTPMediaType.trimmed(u, 0, firstEnd)
        guard let slash = u[start..<end].firstIndex(of: UInt8(ascii: "/")), slash > start, slash + 1 < end else {
            return nil
        }
        var parameters: [(name: String, value: String)] = []
        var i = firstEnd
        while i < u.count {
            let from = i + 1
            let to = u[from...].firstIndex(of: semicolon) ?? u.count
            i = to
            guard let equals = u[from..<to].firstIndex(of: UInt8(ascii: "=")), equals > from, equals + 1 < to else {
                continue
            }
            let (ns, ne) = HTTPMediaType.trimmed(u, from, equals)
            var (vs, ve) = HTTPMediaType.trimmed(u, equals + 1, to)
            if ve - vs >= 2, u[vs] == UInt8(ascii: "\""), u[ve - 1] == UInt8(ascii: "\"") {
                vs += 1
                ve -= 1
            }
            parameters.append(
                (HTTPMediaType.lowercased(u, ns, ne), String(decoding: UnsafeBufferPointer(rebasing: u[vs..<ve]), as: UTF8.self)))
        }
        return MediaType(
            type: HTTPMediaType.lowercased(u, start, slash), subtype: HTTPMediaType.lowercased(u, slash + 1, end),
            parameters: parameters)
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
