import Foundation

/*
 How `$ref`s are resolved.

 Every file reached from the root spec is a `SpecFile` with a small integer id. A node anywhere in the spec is a
 `SpecNodeKey` (file id, node index). Loading walks each file once (`SpecRefResolver.scan`), recording every object that
 holds a `$ref` string (a "site"), every 3.1 `$id` (an absolute URI → node) and every `$anchor`. Relative file refs
 load their file (once, keyed by absolute path), which is then scanned too. When no file is left, every site is
 resolved to its target node, pure-ref chains are checked for cycles, and the tables are frozen into this
 `SpecReferenceIndex`, which the model builder and, later, the schema validator read without locking.

 A ref is split at its first `#`:
     ""                        → the current resource (the file, or the schema whose `$id` is in scope)
     "./schemas/x.yaml"        → a file relative to the referring file's folder (percent-decoded)
     "https://x/y" (absolute)  → a 3.1 `$id`, else a `--ref-map` prefix, else an error (never fetched)
 and the fragment is a JSON pointer (percent-decoded, `~0`/`~1`) or a 3.1 `$anchor` name.
*/

/// One node anywhere in a loaded spec: file id and node index.
struct SpecNodeKey: Hashable, Sendable {
    let file: Int32
    let index: Int32

    init(file: Int, index: Int) {
        self.file = Int32(file)
        self.index = Int32(index)
    }
}

/// One file reached while loading.
struct SpecFile: Sendable {
    /// Position in `SpecReferenceIndex.files`.
    let id: Int
    /// The path shown to the user (lexically normalised, relative when the user's path was).
    let display: String
    /// The absolute normalised path: the identity used to load each file once.
    let absolutePath: String
    /// The `file://` URI, the base for `$id`s.
    let uri: String
    /// The parsed tree.
    let document: Document
}

/// A recorded `$ref`: the object holding it.
struct SpecRefSite: Sendable {
    /// The `$ref` string as written.
    let ref: String
    /// The base URI in scope when a 3.1 `$id` changed it; nil means the file itself.
    let base: String?
    /// Index of the `$ref` value node (for locations).
    let valueIndex: Int
}

/// Where the part of a ref before `#` points.
enum SpecRefAddress: Sendable {
    /// The current resource (file root or the `$id` schema named by `base`).
    case sameResource(base: String?)
    /// A loaded file.
    case file(Int)
    /// An absolute URI to look up among `$id`s.
    case identifier(String)
    /// Could not be located; the reason.
    case failed(String, remote: Bool)
}

/// The frozen reference tables of a loaded spec.
struct SpecReferenceIndex: Sendable {
    var files: [SpecFile] = []
    var fileIDByPath: [String: Int] = [:]
    var fileIDByDisplay: [String: Int] = [:]
    var ids: [String: SpecNodeKey] = [:]
    var anchors: [String: SpecNodeKey] = [:]
    var refMap: [(prefix: String, path: String)] = []
    var defaultDialect: SchemaRef.Dialect = .oas30

    func node(_ key: SpecNodeKey) -> Node { files[Int(key.file)].document.node(at: Int(key.index)) }

    /// Where a ref's URI part points, given the file and base it is written in. Does not load files: an unloaded file
    /// comes back as `.failed` with `needsLoad` set through `missing`.
    func address(
        of uriPart: String, inFile fileID: Int, base: String?,
        missing: ((_ absolute: String, _ display: String) -> Int?)?
    ) -> SpecRefAddress {
        if uriPart.isEmpty { return .sameResource(base: base) }
        let file = files[fileID]
        if let schemeEnd = Self.schemeEnd(uriPart) {
            let scheme = uriPart[..<schemeEnd].lowercased()
            if scheme == "file" {
                let path = URL(string: uriPart)?.path ?? String(uriPart.dropFirst(7))
                return fileAddress(absolute: SpecPath.normalize(path), display: path, missing: missing)
            }
            if ids[uriPart] != nil { return .identifier(uriPart) }
            if scheme == "http" || scheme == "https" {
                for (prefix, path) in refMap where uriPart.hasPrefix(prefix) {
                    let rest = String(uriPart.dropFirst(prefix.count))
                    let local = rest.isEmpty ? path : SpecPath.join(path, rest.removingPercentEncodingLossless ?? rest)
                    return fileAddress(
                        absolute: SpecPath.absolute(local), display: SpecPath.normalize(local), missing: missing)
                }
                return .failed("remote", remote: true)
            }
            return .identifier(uriPart)
        }
        if let base {
            // A relative ref inside a schema whose `$id` set a new base.
            let encoded = uriPart.addingPercentEncoding(withAllowedCharacters: .urlFragmentAllowed) ?? uriPart
            if let baseURL = URL(string: base), let resolved = URL(string: encoded, relativeTo: baseURL)?.absoluteString
            {
                if ids[resolved] != nil { return .identifier(resolved) }
                if resolved.hasPrefix("file:") {
                    let path = URL(string: resolved)?.path ?? resolved
                    return fileAddress(absolute: SpecPath.normalize(path), display: path, missing: missing)
                }
                return address(of: resolved, inFile: fileID, base: nil, missing: missing)
            }
        }
        let decoded = uriPart.removingPercentEncodingLossless ?? uriPart
        let display = SpecPath.join(SpecPath.directory(of: file.display), decoded)
        let absolute = SpecPath.join(SpecPath.directory(of: file.absolutePath), decoded)
        return fileAddress(absolute: absolute, display: display, missing: missing)
    }

    private func fileAddress(
        absolute: String, display: String, missing: ((_ absolute: String, _ display: String) -> Int?)?
    ) -> SpecRefAddress {
        if let id = fileIDByPath[absolute] { return .file(id) }
        if let missing, let id = missing(absolute, display) { return .file(id) }
        return .failed("file '\(display)' could not be loaded", remote: false)
    }

    /// The index after `scheme` in `scheme:…`, when the string starts with a URI scheme of two or more letters (so
    /// `C:\x` and relative paths are not mistaken for URIs).
    static func schemeEnd(_ s: String) -> String.Index? {
        guard let colon = s.firstIndex(of: ":") else { return nil }
        let scheme = s[..<colon]
        guard scheme.count >= 2, let first = scheme.first, first.isLetter,
            scheme.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == "." })
        else { return nil }
        return colon
    }

    /// Resolves the resource and fragment of a ref to a node, or says why not.
    func target(address: SpecRefAddress, fragment: Substring?, inFile fileID: Int) -> Result<
        SpecNodeKey, SpecRefFailure
    > {
        var resource: SpecNodeKey
        var resourceURI: String
        switch address {
        case .failed(let reason, let remote): return .failure(SpecRefFailure(reason: reason, remote: remote))
        case .sameResource(let base):
            if let base, let key = ids[base] {
                resource = key
                resourceURI = base
            } else {
                resource = SpecNodeKey(file: fileID, index: 0)
                resourceURI = files[fileID].uri
            }
        case .file(let id):
            resource = SpecNodeKey(file: id, index: 0)
            resourceURI = files[id].uri
        case .identifier(let uri):
            guard let key = ids[uri] else {
                return .failure(SpecRefFailure(reason: "no schema declares $id '\(uri)'", remote: false))
            }
            resource = key
            resourceURI = uri
        }
        guard let fragment, !fragment.isEmpty else { return .success(resource) }
        if fragment.hasPrefix("/"), case .sameResource(let base) = address, base != nil, resource.index != 0 {
            // `#/components/schemas/X` inside a schema with an `$id`: strictly relative to that schema, but real
            // specs mean the file. Try the schema first, then the file.
            let strict = target(address: .sameResource(base: nil), fragment: fragment, inFile: fileID)
            if case .success = strict,
                case .failure = pointerTarget(fragment, from: resource)
            {
                return strict
            }
        }
        return fragment.hasPrefix("/")
            ? pointerTarget(fragment, from: resource)
            : anchorTarget(String(fragment), resourceURI: resourceURI)
    }

    private func anchorTarget(_ anchor: String, resourceURI: String) -> Result<SpecNodeKey, SpecRefFailure> {
        if let key = anchors[resourceURI + "#" + anchor] { return .success(key) }
        return .failure(SpecRefFailure(reason: "no $anchor '\(anchor)' in '\(resourceURI)'", remote: false))
    }

    private func pointerTarget(_ fragment: Substring, from resource: SpecNodeKey) -> Result<SpecNodeKey, SpecRefFailure>
    {
        let pointer: JSONPointer
        do {
            pointer = try JSONPointer(fragment: String(fragment))
        } catch {
            return .failure(SpecRefFailure(reason: error.reason, remote: false))
        }
        var current = node(resource)
        for (depth, token) in pointer.tokens.enumerated() {
            let next: Node?
            switch current.kind {
            case .object: next = current[token]
            case .array: next = JSONPointer.arrayIndex(token).flatMap { current[$0] }
            default: next = nil
            }
            guard let next else {
                let at = JSONPointer(tokens: Array(pointer.tokens.prefix(depth)))
                var reason = "'\(token)' not found at '\(at.description.isEmpty ? "/" : at.description)'"
                if current.kind == .object, let near = specNearestName(token, among: current.keys) {
                    reason += "; did you mean '\(near)'?"
                } else if current.kind != .object && current.kind != .array {
                    reason = "'\(at)' is a \(current.kind), not an object"
                }
                return .failure(SpecRefFailure(reason: reason, remote: false))
            }
            current = next
        }
        return .success(SpecNodeKey(file: Int(resource.file), index: current.index))
    }

    /// Resolves a ref string written in a loaded file, without loading anything new.
    func resolve(_ ref: String, fromFile display: String, dialect: SchemaRef.Dialect) -> SchemaRef? {
        guard let fileID = fileIDByDisplay[display] else { return nil }
        let (uriPart, fragment) = Self.split(ref)
        guard
            case .success(let key) = target(
                address: address(of: uriPart, inFile: fileID, base: nil, missing: nil), fragment: fragment,
                inFile: fileID)
        else { return nil }
        return schemaRef(key, dialect: dialect)
    }

    /// A `SchemaRef` for a node.
    func schemaRef(_ key: SpecNodeKey, dialect: SchemaRef.Dialect) -> SchemaRef {
        let file = files[Int(key.file)]
        let n = file.document.node(at: Int(key.index))
        return SchemaRef(
            node: n, pointer: specPointer(to: n), file: file.display, fileURI: file.uri, dialect: dialect)
    }

    /// Splits `uri#fragment`.
    static func split(_ ref: String) -> (String, Substring?) {
        guard let hash = ref.firstIndex(of: "#") else { return (ref, nil) }
        return (String(ref[..<hash]), ref[ref.index(after: hash)...])
    }
}

/// Why a ref did not resolve.
struct SpecRefFailure: Error, Sendable {
    var reason: String
    var remote: Bool
}

/// The JSON pointer of a node, found by descending from the root (used only for reports and `SchemaRef`s, so the
/// load path does not build pointers for every node).
/// - Complexity: O(depth × siblings on the way).
func specPointer(to target: Node) -> JSONPointer {
    let document = target.document
    var tokens: [String] = []
    var current = document.root
    while current.index != target.index {
        var found = false
        switch current.kind {
        case .object:
            for (key, value) in current.members where value.index <= target.index && target.index < value.end {
                tokens.append(key.stringValue ?? "")
                current = value
                found = true
                break
            }
        case .array:
            var i = 0
            for element in current.elements {
                if element.index <= target.index && target.index < element.end {
                    tokens.append(String(i))
                    current = element
                    found = true
                    break
                }
                i += 1
            }
        default: break
        }
        if !found { break }
    }
    return JSONPointer(tokens: tokens)
}

/// The candidate closest to `name` by edit distance, when close enough to be a likely typo.
func specNearestName(_ name: String, among candidates: [String]) -> String? {
    var best: (String, Int)?
    let limit = max(2, name.count / 3)
    for candidate in candidates {
        let d = specEditDistance(Array(name.lowercased().utf8), Array(candidate.lowercased().utf8))
        if d <= limit, best == nil || d < best!.1 { best = (candidate, d) }
    }
    return best?.0
}

/// Levenshtein distance over bytes, with both rows on the stack (the nearest-path search runs it for every literal
/// against every request segment).
func specEditDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    return withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * (b.count + 1)) { rows in
        var previous = rows.baseAddress!
        var current = previous + (b.count + 1)
        for j in 0...b.count { previous[j] = j }
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                for i in 1...a.count {
                    current[0] = i
                    let x = a[i - 1]
                    for j in 1...b.count {
                        let cost = x == b[j - 1] ? 0 : 1
                        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                    }
                    swap(&previous, &current)
                }
            }
        }
        return previous[b.count]
    }
}
