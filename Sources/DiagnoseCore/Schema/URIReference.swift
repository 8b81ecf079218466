/// Minimal RFC 3986 reference resolution for `$id` and `$ref`: no percent-normalization, no network, and it works
/// for any scheme (`http`, `file`, `urn`, `tag`), unlike `Foundation.URL`, which treats `urn:` bases oddly.
enum URIReference {
    /// The five components of a URI reference.
    struct Parts {
        var scheme: String?
        var authority: String?
        var path: String
        var query: String?
        var fragment: String?

        var recomposed: String {
            var out = ""
            if let scheme { out += scheme + ":" }
            if let authority { out += "//" + authority }
            out += path
            if let query { out += "?" + query }
            if let fragment { out += "#" + fragment }
            return out
        }
    }

    /// Splits a reference into its components (RFC 3986 appendix B).
    static func parse(_ s: String) -> Parts {
        var rest = Substring(s)
        var fragment: String?
        if let hash = rest.firstIndex(of: "#") {
            fragment = String(rest[rest.index(after: hash)...])
            rest = rest[..<hash]
        }
        var query: String?
        if let q = rest.firstIndex(of: "?") {
            query = String(rest[rest.index(after: q)...])
            rest = rest[..<q]
        }
        var scheme: String?
        if let colon = rest.firstIndex(of: ":") {
            let candidate = rest[..<colon]
            if let first = candidate.first, first.isLetter,
                candidate.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == "." })
            {
                scheme = String(candidate)
                rest = rest[rest.index(after: colon)...]
            }
        }
        var authority: String?
        if rest.hasPrefix("//") {
            rest = rest.dropFirst(2)
            let end = rest.firstIndex(of: "/") ?? rest.endIndex
            authority = String(rest[..<end])
            rest = rest[end...]
        }
        return Parts(scheme: scheme, authority: authority, path: String(rest), query: query, fragment: fragment)
    }

    /// Resolves `reference` against the absolute `base` (RFC 3986 §5.2).
    static func resolve(_ reference: String, against base: String) -> String {
        let r = parse(reference)
        if r.scheme != nil {
            var t = r
            t.path = removeDotSegments(t.path)
            return t.recomposed
        }
        let b = parse(base)
        var t = Parts(scheme: b.scheme, authority: nil, path: "", query: nil, fragment: r.fragment)
        if r.authority != nil {
            t.authority = r.authority
            t.path = removeDotSegments(r.path)
            t.query = r.query
        } else {
            t.authority = b.authority
            if r.path.isEmpty {
                t.path = b.path
                t.query = r.query ?? b.query
            } else {
                if r.path.hasPrefix("/") {
                    t.path = removeDotSegments(r.path)
                } else {
                    let merged: String
                    if b.authority != nil && b.path.isEmpty {
                        merged = "/" + r.path
                    } else if let slash = b.path.lastIndex(of: "/") {
                        merged = String(b.path[...slash]) + r.path
                    } else {
                        merged = r.path
                    }
                    t.path = removeDotSegments(merged)
                }
                t.query = r.query
            }
        }
        return t.recomposed
    }

    static func removeDotSegments(_ path: String) -> String {
        guard path.contains(".") else { return path }
        var output: [Substring] = []
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        let absolute = path.hasPrefix("/")
        for (i, seg) in segments.enumerated() {
            if i == 0 && absolute { continue }
            if seg == "." {
                if i == segments.count - 1 { output.append("") }
            } else if seg == ".." {
                if !output.isEmpty { output.removeLast() }
                if i == segments.count - 1 { output.append("") }
            } else {
                output.append(seg)
            }
        }
        return (absolute ? "/" : "") + output.joined(separator: "/")
    }

    /// Splits an absolute URI into the part before `#` and the fragment (nil when there is no `#`).
    static func splitFragment(_ uri: String) -> (String, String?) {
        guard let hash = uri.firstIndex(of: "#") else { return (uri, nil) }
        return (String(uri[..<hash]), String(uri[uri.index(after: hash)...]))
    }
}
