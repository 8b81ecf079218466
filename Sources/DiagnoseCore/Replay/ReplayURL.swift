/// A URL split into the parts a replay rewrites, without any normalization (so the path goes out byte for byte).
struct ReplayURL: Hashable {
    /// `http` or `https`, lowercased.
    var scheme: String
    /// `host[:port]` as written (userinfo removed).
    var authority: String
    /// The path, starting with `/` (or empty).
    var path: String
    /// `?query#fragment` or empty.
    var rest: String

    init?(_ text: String) {
        guard let colon = text.firstIndex(of: ":"), text[colon...].hasPrefix("://") else { return nil }
        let scheme = String(text[..<colon]).httpLowercased
        guard scheme == "http" || scheme == "https" else { return nil }
        let afterScheme = text[text.index(colon, offsetBy: 3)...]
        let authorityEnd = afterScheme.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? afterScheme.endIndex
        var authority = afterScheme[..<authorityEnd]
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        guard !authority.isEmpty else { return nil }
        let tail = afterScheme[authorityEnd...]
        let pathEnd = tail.firstIndex { $0 == "?" || $0 == "#" } ?? tail.endIndex
        self.scheme = scheme
        self.authority = String(authority)
        self.path = String(tail[..<pathEnd])
        self.rest = String(tail[pathEnd...])
    }

    var text: String { "\(scheme)://\(authority)\(path)\(rest)" }

    /// The host without port, lowercased (IPv6 brackets kept).
    var host: String {
        if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
            return String(authority[...close]).httpLowercased
        }
        return String(authority.split(separator: ":", maxSplits: 1).first ?? "").httpLowercased
    }

    /// The port, explicit or the scheme's default.
    var port: Int {
        let afterHost = authority.dropFirst(host.count)
        if afterHost.hasPrefix(":"), let p = Int(afterHost.dropFirst()) { return p }
        return scheme == "https" ? 443 : 80
    }

    /// Scheme, host and port: credentials may only travel within one origin.
    var origin: String { "\(scheme)://\(host):\(port)" }

    /// Replaces scheme and authority with the target's, and puts the target's path in front of ours.
    func retargeted(to target: ReplayURL) -> ReplayURL {
        var copy = self
        copy.scheme = target.scheme
        copy.authority = target.authority
        var base = target.path
        while base.hasSuffix("/") { base.removeLast() }
        copy.path = base + path
        return copy
    }

    /// Resolves a `Location` header value against this URL.
    func resolving(_ location: String) -> ReplayURL? {
        if let absolute = ReplayURL(location) { return absolute }
        if location.hasPrefix("//") { return ReplayURL("\(scheme):\(location)") }
        var copy = self
        let pathEnd = location.firstIndex { $0 == "?" || $0 == "#" } ?? location.endIndex
        let newPath = String(location[..<pathEnd])
        copy.rest = String(location[pathEnd...])
        if newPath.hasPrefix("/") {
            copy.path = newPath
        } else if !newPath.isEmpty {
            let directory = path.lastIndex(of: "/").map { String(path[...$0]) } ?? "/"
            copy.path = directory + newPath
        }
        return copy
    }
}
