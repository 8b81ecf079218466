import Synchronization
/*
 Routing a request to an operation.

 Path templates go into a prefix tree over segments. For `/v1/customers`, `/v1/customers/search` and
 `/v1/customers/{customer}` the tree is

     root ─ "v1" ─ "customers" ─┬─ "search"          (literal children: a dictionary lookup)
                                └─ {customer}         (pattern children: tried in order, after literals)

 A segment is literal or a pattern of literal text and parameters (`{name}.json`, `{base}...{head}`). At each node
 the literal child is tried first, then patterns with more literal text before bare `{param}` ones, backtracking
 when a deeper segment fails; so `/users/me` beats `/users/{id}`. A path that matches a template without the
 method asked for is remembered to answer "method not allowed" with the methods that are allowed.

 Servers are stripped first: each server URL is split into an optional host pattern and base-path segments (with
 `{variables}` honouring their `enum`); the longest base path that matches and leads to a route wins.
*/

extension OpenAPI {
    /// A path parameter taken from a request path.
    public struct PathParameter: Sendable, Hashable {
        /// The template's parameter name.
        public var name: String
        /// The text as sent (percent-encoded).
        public var rawValue: String
        /// The text percent-decoded (equal to `rawValue` when decoding fails).
        public var decodedValue: String

        /// Creates a path parameter.
        public init(name: String, rawValue: String, decodedValue: String) {
            self.name = name
            self.rawValue = rawValue
            self.decodedValue = decodedValue
        }
    }

    /// A request matched to an operation.
    public struct RouteMatch: Sendable {
        /// The operation.
        public var operation: Operation
        /// The path parameters, in template order.
        public var pathParams: [PathParameter]
        /// The server whose URL was stripped (nil when the spec declares none).
        public var server: Server?
        /// Whether the request path and the template differ only by a trailing `/`.
        public var trailingSlashDifference: Bool
        /// The request path after the server's base path was stripped.
        public var path: String

        /// Creates a match.
        public init(
            operation: Operation, pathParams: [PathParameter], server: Server?, trailingSlashDifference: Bool,
            path: String
        ) {
            self.operation = operation
            self.pathParams = pathParams
            self.server = server
            self.trailingSlashDifference = trailingSlashDifference
            self.path = path
        }

        /// The decoded value of a path parameter.
        public func pathParam(_ name: String) -> String? { pathParams.first { $0.name == name }?.decodedValue }
    }

    /// The outcome of routing one request.
    public enum RouteResult: Sendable {
        /// The request matches an operation.
        case matched(RouteMatch)
        /// A documented path matches but not with this method; `path` is its template.
        case methodNotAllowed(path: String, allowed: [String])
        /// The request's host matches none of the spec's servers. `match` is the routing of the path alone (the
        /// host ignored), nil when that fails too.
        case unknownServer(host: String, known: [String], match: RouteMatch?)
        /// No documented path matches; `nearest` lists the closest documented paths as a client would send them
        /// (the server's base path, then the template; best first, at most three).
        case notFound(nearest: [String])

        /// The match, when there is one (including a path match under an unknown host).
        public var match: RouteMatch? {
            switch self {
            case .matched(let m): m
            case .unknownServer(_, _, let m): m
            default: nil
            }
        }
    }

    /// Finds the operation for a request: strips the server URL, then walks a prefix tree of path segments.
    ///
    /// - Complexity: building is O(total template length); a lookup is O(request segments) dictionary lookups plus
    ///   the templated alternatives tried at each level.
    public final class Router: Sendable {
        struct TrieNode: Sendable {
            var literals: [String: Int] = [:]
            var patterns: [(parts: [SpecPathTemplate.Part], child: Int)] = []
            var operations: [String: Int] = [:]
            var template: String?
        }

        struct ServerMatcher: Sendable {
            var server: Server?
            var hostParts: [SpecPathTemplate.Part]?
            var base: [[SpecPathTemplate.Part]]
            var enums: [String: [String]]
        }

        private let nodes: [TrieNode]
        /// Nearest-path answers by request path: unknown paths repeat in a dump, and the search is the costliest
        /// part of routing (a segment edit distance against every template). Bounded; cleared when full.
        private let nearestCache = Mutex<[String: [String]]>([:])
        /// Each request segment's substitution cost against each template literal (-1: not worked out yet), kept
        /// across searches: unknown paths share most of their segments (`v1`, a mistyped resource name), and these
        /// edit distances are most of a search's cost. Bounded; cleared when full.
        private let segmentCosts = Mutex<[String: [Double]]>([:])
        private let matchers: [ServerMatcher]
        /// The operations routed, in the order given.
        public let operations: [Operation]
        /// Every distinct template, its segments as the nearest-path search reads them.
        private let templates: [(template: String, segments: [NearSegment])]
        /// The literal segments of the templates (`NearSegment.literal` ids).
        private let nearLiterals: LiteralPool

        /// A template segment for the nearest-path search: a literal (by id, so that its costs against the request's
        /// segments are computed once per search), a lone parameter (any non-empty segment), or anything else.
        enum NearSegment: Sendable {
            case literal(Int)
            case parameter
            case mixed([SpecPathTemplate.Part])
        }

        /// Literal segment texts by id, each text once.
        struct LiteralPool: Sendable {
            private(set) var bytes: [[UInt8]] = []
            private var ids: [String: Int] = [:]

            /// The id of `text`, added when new.
            mutating func id(_ text: String) -> Int {
                if let id = ids[text] { return id }
                bytes.append(Array(text.utf8))
                ids[text] = bytes.count - 1
                return bytes.count - 1
            }
        }

        /// Builds a router.
        /// - Parameters:
        ///   - operations: the operations to route to (webhooks excluded).
        ///   - servers: the servers to strip; empty means the single relative server `/`.
        public init(operations: [Operation], servers: [Server]) {
            self.operations = operations
            var nodes = [TrieNode()]
            var templates: [(String, [NearSegment])] = []
            var seenTemplates: Set<String> = []
            var nearLiterals = LiteralPool()
            for (index, op) in operations.enumerated() {
                let template = SpecPathTemplate(op.pathTemplate)
                if seenTemplates.insert(op.pathTemplate).inserted {
                    templates.append(
                        (
                            op.pathTemplate,
                            template.segments.map { parts in
                                if parts.count == 1, case .literal(let text) = parts[0] {
                                    return .literal(nearLiterals.id(text))
                                }
                                if parts.count == 1, case .parameter = parts[0] { return .parameter }
                                return .mixed(parts)
                            }
                        ))
                }
                var current = 0
                for parts in template.segments {
                    if parts.count == 1, case .literal(let text) = parts[0] {
                        if let next = nodes[current].literals[text] {
                            current = next
                        } else {
                            nodes.append(TrieNode())
                            nodes[current].literals[text] = nodes.count - 1
                            current = nodes.count - 1
                        }
                    } else if let existing = nodes[current].patterns.first(where: { $0.parts == parts }) {
                        current = existing.child
                    } else {
                        nodes.append(TrieNode())
                        nodes[current].patterns.append((parts, nodes.count - 1))
                        nodes[current].patterns.sort { Self.specificity($0.parts) > Self.specificity($1.parts) }
                        current = nodes.count - 1
                    }
                }
                if nodes[current].operations[op.method] == nil { nodes[current].operations[op.method] = index }
                if nodes[current].template == nil { nodes[current].template = op.pathTemplate }
            }
            self.nodes = nodes
            self.templates = templates
            self.nearLiterals = nearLiterals
            let declared = servers.isEmpty ? [nil] : servers.map(Optional.some)
            self.matchers = declared.map(Self.matcher).sorted { $0.base.count > $1.base.count }
        }

        /// Literal characters count for more than parameters, so `{name}.json` is tried before `{name}`.
        private static func specificity(_ parts: [SpecPathTemplate.Part]) -> Int {
            parts.reduce(0) { total, part in
                if case .literal(let text) = part { return total + 1 + text.utf8.count }
                return total
            }
        }

        private static func matcher(_ server: Server?) -> ServerMatcher {
            guard let server else { return ServerMatcher(server: nil, hostParts: nil, base: [], enums: [:]) }
            var enums: [String: [String]] = [:]
            for variable in server.variables { if let values = variable.enumValues { enums[variable.name] = values } }
            var rest = Substring(server.url)
            var hostParts: [SpecPathTemplate.Part]?
            if let range = rest.firstRange(of: "://") {
                rest = rest[range.upperBound...]
                let hostEnd = rest.firstIndex(of: "/") ?? rest.endIndex
                hostParts = SpecPathTemplate.parts(rest[..<hostEnd])
                rest = rest[hostEnd...]
            } else if rest.hasPrefix("//") {
                rest = rest.dropFirst(2)
                let hostEnd = rest.firstIndex(of: "/") ?? rest.endIndex
                hostParts = SpecPathTemplate.parts(rest[..<hostEnd])
                rest = rest[hostEnd...]
            }
            // `./v1` and `v1` are relative to the host root here: `.` and `..` segments are dropped.
            let base = rest.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." && $0 != ".." }
                .map(SpecPathTemplate.parts)
            return ServerMatcher(server: server, hostParts: hostParts, base: base, enums: enums)
        }

        /// Routes a request.
        /// - Parameters:
        ///   - method: the HTTP method (any case).
        ///   - url: an absolute URL (`https://api.example/v1/x?y=1`) or a path (`/v1/x?y=1`).
        ///   - host: the `Host` header, used when `url` is a path.
        /// - Returns: the operation and path parameters, or why nothing matched.
        public func route(method: String, url: String, host: String? = nil) -> RouteResult {
            let method = method.uppercased()
            var (urlHost, path) = Self.split(url)
            if urlHost == nil, let host, !host.isEmpty { urlHost = host.lowercased() }
            // Split on the UTF-8 bytes ('/' is ASCII): a Character-wise split was a visible share of routing.
            var segments = path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).dropFirst()
                .map { String(Substring($0)) }
            if path == "/" || path.isEmpty { segments = [] }

            var candidates = matchers
            var hostMismatch = false
            if let urlHost {
                let matching = matchers.filter { m in
                    guard let hostParts = m.hostParts else { return true }
                    return Self.hostMatches(hostParts, urlHost, enums: m.enums)
                }
                if matching.isEmpty { hostMismatch = true } else { candidates = matching }
            }
            var result = routePath(method: method, segments: segments, candidates: candidates)
            if case .notFound = result, let last = segments.last {
                if last.isEmpty {
                    let retry = routePath(method: method, segments: Array(segments.dropLast()), candidates: candidates)
                    if case .matched(var m) = retry {
                        // Template `/` under a server base path (`…/ds-api` + `/`): the slash is the template's own.
                        m.trailingSlashDifference = m.operation.pathTemplate != "/"
                        result = .matched(m)
                    } else if case .methodNotAllowed = retry {
                        result = retry
                    }
                } else {
                    let retry = routePath(method: method, segments: segments + [""], candidates: candidates)
                    if case .matched(var m) = retry {
                        m.trailingSlashDifference = true
                        result = .matched(m)
                    } else if case .methodNotAllowed = retry {
                        result = retry
                    }
                }
            }
            // A host that only the matched operation's own `servers` name (Stripe: POST /v1/files on
            // files.stripe.com) is that operation's server, not an unknown one.
            if hostMismatch, let urlHost, case .matched(let m) = result, let own = m.operation.servers,
                own.contains(where: { server in
                    let ownMatcher = Self.matcher(server)
                    return ownMatcher.hostParts.map { Self.hostMatches($0, urlHost, enums: ownMatcher.enums) } ?? true
                })
            {
                return result
            }
            if hostMismatch, let urlHost {
                let known = matchers.compactMap { $0.server?.url }
                switch result {
                case .matched(let m): return .unknownServer(host: urlHost, known: known, match: m)
                default: return .unknownServer(host: urlHost, known: known, match: nil)
                }
            }
            if case .notFound = result {
                let key = segments.joined(separator: "/") + "\u{0}" + String(candidates.count)
                if let cached = nearestCache.withLock({ $0[key] }) { return .notFound(nearest: cached) }
                let found = nearest(segments: segments, candidates: candidates)
                nearestCache.withLock { cache in
                    if cache.count >= 4096 { cache.removeAll(keepingCapacity: true) }
                    cache[key] = found
                }
                return .notFound(nearest: found)
            }
            return result
        }

        private func routePath(method: String, segments: [String], candidates: [ServerMatcher]) -> RouteResult {
            var notAllowed: RouteResult?
            for matcher in candidates {
                guard let rest = Self.strip(matcher, from: segments) else { continue }
                var params: [(String, Substring)] = []
                var fallback: (node: Int, params: [(String, Substring)])?
                if let (node, found) = walk(0, rest[...], method: method, params: &params, fallback: &fallback) {
                    let op = operations[nodes[node].operations[method]!]
                    let pathParams = found.map { name, raw in
                        PathParameter(
                            name: name, rawValue: String(raw),
                            decodedValue: String(raw).removingPercentEncodingLossless ?? String(raw))
                    }
                    return .matched(
                        RouteMatch(
                            operation: op, pathParams: pathParams, server: matcher.server,
                            trailingSlashDifference: false, path: "/" + rest.joined(separator: "/")))
                }
                if notAllowed == nil, let fallback {
                    let node = nodes[fallback.node]
                    let allowed = node.operations.keys.sorted { Self.methodOrder($0) < Self.methodOrder($1) }
                    notAllowed = .methodNotAllowed(path: node.template ?? "", allowed: allowed)
                }
            }
            return notAllowed ?? .notFound(nearest: [])
        }

        private static func methodOrder(_ m: String) -> Int {
            ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "QUERY"].firstIndex(of: m) ?? 99
        }

        /// Depth-first walk; returns the node holding `method` and the captured parameters.
        private func walk(
            _ node: Int, _ rest: ArraySlice<String>, method: String, params: inout [(String, Substring)],
            fallback: inout (node: Int, params: [(String, Substring)])?
        ) -> (Int, [(String, Substring)])? {
            guard let segment = rest.first else {
                if nodes[node].operations[method] != nil { return (node, params) }
                if fallback == nil, !nodes[node].operations.isEmpty { fallback = (node, params) }
                return nil
            }
            let tail = rest.dropFirst()
            // Read in place: a copy of the node would count references to its tables, which every worker shares.
            if let child = nodes[node].literals[segment] {
                if let found = walk(child, tail, method: method, params: &params, fallback: &fallback) { return found }
            } else if segment.utf8.contains(UInt8(ascii: "%")), let decoded = segment.removingPercentEncodingLossless,
                let child = nodes[node].literals[decoded]
            {
                if let found = walk(child, tail, method: method, params: &params, fallback: &fallback) { return found }
            }
            if nodes[node].patterns.isEmpty { return nil }
            for (parts, child) in nodes[node].patterns {
                let mark = params.count
                if Self.matchParts(parts[...], Substring(segment), captures: &params, enums: [:], allowEmpty: false),
                    let found = walk(child, tail, method: method, params: &params, fallback: &fallback)
                {
                    return found
                }
                params.removeSubrange(mark...)
            }
            return nil
        }

        /// Matches literal and parameter parts against a string, backtracking over parameter lengths.
        static func matchParts(
            _ parts: ArraySlice<SpecPathTemplate.Part>, _ s: Substring, captures: inout [(String, Substring)],
            enums: [String: [String]], allowEmpty: Bool
        ) -> Bool {
            guard let first = parts.first else { return s.isEmpty }
            let rest = parts.dropFirst()
            switch first {
            case .literal(let text):
                guard s.hasPrefix(text) else { return false }
                return matchParts(
                    rest, s.dropFirst(text.count), captures: &captures, enums: enums, allowEmpty: allowEmpty)
            case .parameter(let name):
                var end = s.startIndex
                if !allowEmpty {
                    guard !s.isEmpty else { return false }
                    end = s.index(after: end)
                }
                // The last part takes everything; otherwise try each length, shortest first.
                if rest.isEmpty { end = s.endIndex }
                while true {
                    let value = s[s.startIndex..<end]
                    if enums[name].map({ $0.contains(String(value)) }) ?? true {
                        captures.append((name, value))
                        if matchParts(rest, s[end...], captures: &captures, enums: enums, allowEmpty: allowEmpty) {
                            return true
                        }
                        captures.removeLast()
                    }
                    if end == s.endIndex { return false }
                    end = s.index(after: end)
                }
            }
        }

        private static func hostMatches(_ parts: [SpecPathTemplate.Part], _ host: String, enums: [String: [String]])
            -> Bool
        {
            // The usual server: one literal host, already lowercase, equal to the request's (lowercased) host.
            if parts.count == 1, case .literal(let literal) = parts[0], literal == host { return true }
            var captures: [(String, Substring)] = []
            let lower = parts.map { part -> SpecPathTemplate.Part in
                if case .literal(let t) = part { return .literal(t.lowercased()) }
                return part
            }
            if matchParts(lower[...], Substring(host), captures: &captures, enums: enums, allowEmpty: false) {
                return true
            }
            // A request to `host:443` matches a server written without a port, and the other way round.
            if let colon = host.lastIndex(of: ":"), !host.hasSuffix("]") {
                return matchParts(lower[...], host[..<colon], captures: &captures, enums: enums, allowEmpty: false)
            }
            return false
        }

        /// The request segments after a server's base path, or nil when the base path does not match.
        private static func strip(_ matcher: ServerMatcher, from segments: [String]) -> [String]? {
            guard segments.count >= matcher.base.count else {
                // `/v1` requested against base `/v1/` … only a full match counts.
                return nil
            }
            var captures: [(String, Substring)] = []
            for (parts, segment) in zip(matcher.base, segments) {
                guard
                    matchParts(
                        parts[...], Substring(segment), captures: &captures, enums: matcher.enums, allowEmpty: false)
                else { return nil }
            }
            return Array(segments.dropFirst(matcher.base.count))
        }

        /// Splits a URL into its lowercased host (when absolute) and its path (query and fragment removed).
        static func split(_ url: String) -> (host: String?, path: String) {
            // On the contiguous UTF-8: every delimiter is ASCII, so every cut falls on a character boundary (walking
            // Characters of a long query was most of the routing time, and the generic view's searches a call per
            // byte most of the rest).
            var url = url
            return url.withUTF8 { u -> (host: String?, path: String) in
                let n = u.count
                var end = 0
                while end < n, u[end] != UInt8(ascii: "?"), u[end] != UInt8(ascii: "#") { end += 1 }
                var start = 0
                var host: String?
                // The authority follows the first `://` before the query.
                var colon = 0
                while colon < end {
                    guard u[colon] == UInt8(ascii: ":"), colon + 2 < end, u[colon + 1] == UInt8(ascii: "/"),
                        u[colon + 2] == UInt8(ascii: "/")
                    else {
                        colon += 1
                        continue
                    }
                    var authorityStart = colon + 3
                    var authorityEnd = authorityStart
                    while authorityEnd < end, u[authorityEnd] != UInt8(ascii: "/") { authorityEnd += 1 }
                    var at = authorityEnd
                    while at > authorityStart {
                        at -= 1
                        if u[at] == UInt8(ascii: "@") {
                            authorityStart = at + 1
                            break
                        }
                    }
                    host = lowercasedHost(UnsafeBufferPointer(rebasing: u[authorityStart..<authorityEnd]))
                    start = authorityEnd
                    break
                }
                if start == end { return (host, "/") }
                let path = String(decoding: UnsafeBufferPointer(rebasing: u[start..<end]), as: UTF8.self)
                return (host, u[start] == UInt8(ascii: "/") ? path : "/" + path)
            }
        }

        /// A host lowercased: byte by byte when ASCII (every host on the wire, IDNs being punycode), else as
        /// `String.lowercased()` does.
        private static func lowercasedHost(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return String(decoding: bytes, as: UTF8.self).lowercased() }
            return String(unsafeUninitializedCapacity: bytes.count) { out in
                for i in bytes.indices { out[i] = ASCIICase.lower(bytes[i]) }
                return bytes.count
            }
        }

        /// The documented templates closest to the request path (segment edit distance), best first.
        private func nearest(segments: [String], candidates: [ServerMatcher]) -> [String] {
            var request = segments
            if request.last == "" { request.removeLast() }
            let n = request.count
            let requestBytes = request.map { Array($0.utf8) }
            // Server variables count at their defaults here, so `{version}` does not match anything free. Base path
            // segments the templates do not have get literal ids after the templates' own.
            var pool = nearLiterals
            let bases = candidates.map { matcher -> (String, [NearSegment]) in
                let prefix = Self.basePath(matcher)
                return (prefix, prefix.split(separator: "/").map { .literal(pool.id(String($0))) })
            }
            let literals = pool.bytes
            // Substitution costs of each literal against each request segment, computed when first needed and
            // shared by every template (-1: not yet).
            var literalCosts = [Double](repeating: -1, count: literals.count * n)
            // The templates' own literals come first in the pool; their costs against segments seen before are known.
            let shared = nearLiterals.bytes.count
            segmentCosts.withLock { cache in
                for (i, segment) in request.enumerated() {
                    guard let row = cache[segment] else { continue }
                    for id in 0..<shared where row[id] >= 0 { literalCosts[id * n + i] = row[id] }
                }
            }
            defer {
                segmentCosts.withLock { cache in
                    if cache.count >= 1_024 { cache.removeAll(keepingCapacity: true) }
                    for (i, segment) in request.enumerated() {
                        var row = cache[segment] ?? [Double](repeating: -1, count: shared)
                        for id in 0..<shared where literalCosts[id * n + i] >= 0 { row[id] = literalCosts[id * n + i] }
                        cache[segment] = row
                    }
                }
            }
            var previous: [Double] = []
            var current: [Double] = []
            var scored: [(String, Double)] = []
            for (template, parts) in templates {
                // The whole path as the client would send it: each server's base path, then the template (written
                // out only for a template close enough to be listed).
                var best: (prefix: String, cost: Double)?
                for (prefix, base) in bases {
                    // Each inserted or deleted segment costs 1, so a template whose length differs by more than
                    // one segment cannot score within 1.0: skip the distance (most templates, on a large spec).
                    guard abs(n - (base.count + parts.count)) <= 1 else { continue }
                    let cost = Self.distance(
                        request, requestBytes, base, parts, literals: literals, literalCosts: &literalCosts,
                        previous: &previous, current: &current)
                    if best == nil || cost < best!.cost { best = (prefix, cost) }
                }
                if let (prefix, cost) = best, cost <= 1.0 {
                    scored.append((prefix.isEmpty ? template : (template == "/" ? prefix : prefix + template), cost))
                }
            }
            scored.sort { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }
            return Array(scored.prefix(3).map(\.0))
        }

        /// A server's base path with its variables at their defaults (`/v1`), or `""`.
        private static func basePath(_ matcher: ServerMatcher) -> String {
            guard !matcher.base.isEmpty else { return "" }
            let defaults = Dictionary(
                (matcher.server?.variables ?? []).map { ($0.name, $0.defaultValue) }, uniquingKeysWith: { a, _ in a })
            return matcher.base.map { parts in
                parts.map { part -> String in
                    switch part {
                    case .literal(let text): return text
                    case .parameter(let name): return defaults[name] ?? "{\(name)}"
                    }
                }.joined()
            }.reduce("") { $0 + "/" + $1 }
        }

        /// Edit distance over segments (the template is `base` then `parts`): inserting or deleting a segment costs
        /// 1, replacing a literal costs the share of its characters that differ, a parameter matches any segment for
        /// free (a lone parameter any non-empty one).
        private static func distance(
            _ request: [String], _ requestBytes: [[UInt8]], _ base: [NearSegment], _ parts: [NearSegment],
            literals: [[UInt8]], literalCosts: inout [Double], previous: inout [Double], current: inout [Double]
        ) -> Double {
            let n = request.count
            let m = base.count + parts.count
            if n == 0 { return Double(m) }
            previous.removeAll(keepingCapacity: true)
            for j in 0...m { previous.append(Double(j)) }
            current.removeAll(keepingCapacity: true)
            current.append(contentsOf: repeatElement(0, count: m + 1))
            for i in 1...n {
                current[0] = Double(i)
                for j in 1...max(m, 1) where m > 0 {
                    let segment = j <= base.count ? base[j - 1] : parts[j - 1 - base.count]
                    let substitution: Double
                    switch segment {
                    case .literal(let id):
                        let slot = id * n + i - 1
                        if literalCosts[slot] < 0 {
                            let text = literals[id]
                            let other = requestBytes[i - 1]
                            literalCosts[slot] =
                                text == other
                                ? 0 : Double(specEditDistance(text, other)) / Double(max(text.count, other.count, 1))
                        }
                        substitution = literalCosts[slot]
                    case .parameter:
                        substitution = request[i - 1].isEmpty ? 0.5 : 0
                    case .mixed(let parts):
                        var captures: [(String, Substring)] = []
                        substitution =
                            matchParts(
                                parts[...], Substring(request[i - 1]), captures: &captures, enums: [:],
                                allowEmpty: false)
                            ? 0 : 0.5
                    }
                    current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + substitution)
                }
                swap(&previous, &current)
            }
            return previous[m]
        }
    }
}
