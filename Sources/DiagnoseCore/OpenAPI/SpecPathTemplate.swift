/// A path template split into segments, each a sequence of literal text and `{parameter}` parts.
struct SpecPathTemplate: Sendable {
    /// One piece of a segment.
    enum Part: Sendable, Hashable {
        case literal(String)
        case parameter(String)
    }

    /// The segments after the leading `/` (`/a/{b}.json` → `[[a], [{b}, .json]]`); a trailing `/` gives an empty
    /// last segment.
    let segments: [[Part]]

    init(_ template: String) {
        var body = Substring(template)
        if body.hasPrefix("/") { body = body.dropFirst() }
        segments = body.isEmpty ? [] : body.split(separator: "/", omittingEmptySubsequences: false).map(Self.parts)
    }

    static func parts(_ segment: Substring) -> [Part] {
        var parts: [Part] = []
        var literal = ""
        var i = segment.startIndex
        while i < segment.endIndex {
            let c = segment[i]
            if c == "{", let close = segment[i...].firstIndex(of: "}") {
                if !literal.isEmpty {
                    parts.append(.literal(literal))
                    literal = ""
                }
                parts.append(.parameter(String(segment[segment.index(after: i)..<close])))
                i = segment.index(after: close)
            } else {
                literal.append(c)
                i = segment.index(after: i)
            }
        }
        if !literal.isEmpty || parts.isEmpty { parts.append(.literal(literal)) }
        return parts
    }

    /// The `{names}` in a template, in order.
    static func parameterNames(_ template: String) -> [String] {
        SpecPathTemplate(template).segments.flatMap { parts in
            parts.compactMap { part -> String? in
                if case .parameter(let name) = part { return name }
                return nil
            }
        }
    }
}
