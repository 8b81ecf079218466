import Foundation

/// Loads the files a spec reaches through `$ref`, indexes `$id`/`$anchor`, resolves every ref and finds cycles.
///
/// Used once per load, on one task; the result is frozen into a `SpecReferenceIndex`.
final class SpecRefResolver {
    var table = SpecReferenceIndex()
    let options: OpenAPI.LoadOptions
    /// Every site (object holding a `$ref` string), in the order found.
    private(set) var siteOrder: [SpecNodeKey] = []
    private(set) var sites: [SpecNodeKey: SpecRefSite] = [:]
    /// Resolved one-hop targets.
    private(set) var targets: [SpecNodeKey: SpecNodeKey] = [:]
    /// Sites that failed (already reported).
    private(set) var failed: Set<SpecNodeKey> = []
    private var addresses: [SpecNodeKey: SpecRefAddress] = [:]
    private var resolved: [String: Result<SpecNodeKey, SpecRefFailure>] = [:]
    private var pending: [Int] = []
    private var loadFailures: [String: String] = [:]
    private var trackIDs: [Bool] = []
    /// Unresolved refs reported so far: (file, ref) → index into `diagnostics`, to report each once per file.
    private var reportedFailures: [String: Int] = [:]
    private var failureCounts: [Int: Int] = [:]
    var diagnostics: [Diagnostic] = []

    init(options: OpenAPI.LoadOptions, dialect: SchemaRef.Dialect) {
        self.options = options
        table.defaultDialect = dialect
        table.refMap = options.refMap.sorted { $0.key.count > $1.key.count }.map { ($0.key, $0.value) }
    }

    /// Registers the already parsed root file.
    func addRoot(document: Document, display: String, absolutePath: String, trackIDs: Bool) -> Int {
        register(document: document, display: display, absolutePath: absolutePath, trackIDs: trackIDs)
    }

    private func register(document: Document, display: String, absolutePath: String, trackIDs: Bool) -> Int {
        let id = table.files.count
        let file = SpecFile(
            id: id, display: display, absolutePath: absolutePath, uri: SpecPath.fileURI(absolutePath),
            document: document)
        table.files.append(file)
        table.fileIDByPath[absolutePath] = id
        table.fileIDByDisplay[display] = id
        self.trackIDs.append(trackIDs)
        pending.append(id)
        return id
    }

    /// Loads a referenced file once; nil (and a remembered reason) when it cannot be read or parsed.
    private func loadFile(absolute: String, display: String) -> Int? {
        if let id = table.fileIDByPath[absolute] { return id }
        if loadFailures[absolute] != nil { return nil }
        if table.files.count >= options.maxFiles {
            loadFailures[absolute] = "more than \(options.maxFiles) files are referenced, the file limit (raise it with --max-files, OpenAPI.LoadOptions.maxFiles)"
            return nil
        }
        do {
            let document = try loadSpecDocument(path: absolute, display: display)
            // External files are plain JSON Schema documents or fragments: track `$id`s in them unless the spec is 3.0.
            return register(
                document: document, display: display, absolutePath: absolute,
                trackIDs: table.defaultDialect == .oas31)
        } catch {
            loadFailures[absolute] = error.description
            return nil
        }
    }

    /// Scans every file, loads what they reference, resolves every site and checks for cycles.
    func run() {
        drain()
        findCycles()
    }

    private var prepared = 0
    private var resolvedCount = 0

    /// Scans pending files, locates (and loads) what new sites point to, then resolves them.
    private func drain() {
        while prepared < siteOrder.count || !pending.isEmpty {
            while let id = pending.popLast() { scan(file: id) }
            while prepared < siteOrder.count {
                let key = siteOrder[prepared]
                prepared += 1
                let site = sites[key]!
                let (uriPart, _) = SpecReferenceIndex.split(site.ref)
                addresses[key] = table.address(
                    of: uriPart, inFile: Int(key.file), base: site.base,
                    missing: { [unowned self] absolute, display in self.loadFile(absolute: absolute, display: display) }
                )
            }
        }
        while resolvedCount < siteOrder.count {
            resolveSite(siteOrder[resolvedCount])
            resolvedCount += 1
        }
    }

    // MARK: Scanning

    private enum Mode { case normal, names, examples }

    private func scan(file id: Int) {
        let document = table.files[id].document
        walk(document.root, file: id, mode: .normal, base: nil, trackIDs: trackIDs[id])
    }

    private func walk(_ node: Node, file: Int, mode: Mode, base: String?, trackIDs: Bool) {
        switch node.kind {
        case .array:
            for element in node.elements { walk(element, file: file, mode: .normal, base: base, trackIDs: trackIDs) }
        case .object:
            switch mode {
            case .names:
                // A whole map replaced by a `$ref` (`paths: {$ref: …}`): real specs do it; the builder warns.
                // A property *named* `$ref` has a schema (an object) as its value, not a string.
                if let ref = node["$ref"], let s = ref.stringValue {
                    record(
                        SpecNodeKey(file: file, index: node.index),
                        SpecRefSite(ref: s, base: base, valueIndex: ref.index))
                }
                for (_, value) in node.members {
                    walk(value, file: file, mode: .normal, base: base, trackIDs: trackIDs)
                }
            case .examples:
                for (_, value) in node.members where value.kind == .object {
                    if let ref = value["$ref"], let s = ref.stringValue {
                        record(
                            SpecNodeKey(file: file, index: value.index),
                            SpecRefSite(ref: s, base: base, valueIndex: ref.index))
                    }
                }
            case .normal:
                var base = base
                if trackIDs {
                    if let idNode = node["$id"], let id = idNode.stringValue {
                        let resolved = resolveID(id, base: base ?? table.files[file].uri)
                        let withoutFragment = String(SpecReferenceIndex.split(resolved).0)
                        table.ids[withoutFragment] = SpecNodeKey(file: file, index: node.index)
                        base = withoutFragment
                        if let fragment = SpecReferenceIndex.split(resolved).1, !fragment.isEmpty,
                            !fragment.hasPrefix("/")
                        {
                            // Draft-04 style plain-name `$id: "#foo"`.
                            table.anchors[withoutFragment + "#" + fragment] = SpecNodeKey(file: file, index: node.index)
                        }
                    }
                    for key in ["$anchor", "$dynamicAnchor"] {
                        if let anchor = node[key]?.stringValue {
                            let resource = base ?? table.files[file].uri
                            table.anchors[resource + "#" + anchor] = SpecNodeKey(file: file, index: node.index)
                        }
                    }
                }
                for (key, value) in node.members {
                    switch key.withPayloadDecoded(Self.classify) {
                    case .ref:
                        if let s = value.stringValue {
                            record(
                                SpecNodeKey(file: file, index: node.index),
                                SpecRefSite(ref: s, base: base, valueIndex: value.index))
                        }
                    case .literal: continue
                    case .examples:
                        if value.kind == .object {
                            walk(value, file: file, mode: .examples, base: base, trackIDs: trackIDs)
                        }
                    case .names: walk(value, file: file, mode: .names, base: base, trackIDs: trackIDs)
                    case .other:
                        if value.kind == .object || value.kind == .array {
                            walk(value, file: file, mode: .normal, base: base, trackIDs: trackIDs)
                        }
                    }
                }
            }
        default: break
        }
    }

    private func resolveID(_ id: String, base: String) -> String {
        if SpecReferenceIndex.schemeEnd(id) != nil { return id }
        guard let baseURL = URL(string: base),
            let url = URL(
                string: id.addingPercentEncoding(withAllowedCharacters: .urlFragmentAllowed) ?? id, relativeTo: baseURL)
        else { return id }
        return url.absoluteString
    }

    private func record(_ key: SpecNodeKey, _ site: SpecRefSite) {
        if sites[key] == nil { siteOrder.append(key) }
        sites[key] = site
    }

    enum KeyClass { case ref, literal, examples, names, other }

    /// Classifies an object key for the ref scan without decoding it to a `String`.
    static func classify(_ b: UnsafeBufferPointer<UInt8>) -> KeyClass {
        guard let first = b.first else { return .other }
        if first == UInt8(ascii: "x"), b.count > 1, b[1] == UInt8(ascii: "-") { return .literal }
        switch b.count {
        case 4:
            if eq(b, "$ref") { return .ref }
            if eq(b, "enum") { return .literal }
        case 5:
            if eq(b, "const") || eq(b, "value") { return .literal }
            if eq(b, "paths") || eq(b, "links") || eq(b, "$defs") { return .names }
        case 6:
            if eq(b, "scopes") { return .literal }
        case 7:
            if eq(b, "example") || eq(b, "default") { return .literal }
            if eq(b, "content") || eq(b, "headers") || eq(b, "schemas") { return .names }
            if eq(b, "mapping") { return .literal }
        case 8:
            if eq(b, "examples") { return .examples }
            if eq(b, "encoding") || eq(b, "webhooks") { return .names }
        case 9:
            if eq(b, "callbacks") || eq(b, "pathItems") || eq(b, "variables") || eq(b, "responses") { return .names }
        case 10:
            if eq(b, "properties") || eq(b, "parameters") { return .names }
        case 11:
            if eq(b, "definitions") { return .names }
        case 13:
            if eq(b, "requestBodies") { return .names }
        case 15:
            if eq(b, "securitySchemes") { return .names }
        case 16:
            if eq(b, "dependentSchemas") { return .names }
        case 17:
            if eq(b, "patternProperties") { return .names }
        case 19:
            if eq(b, "securityDefinitions") { return .names }
        default: break
        }
        return .other
    }

    @inline(__always) private static func eq(_ b: UnsafeBufferPointer<UInt8>, _ s: StaticString) -> Bool {
        guard b.count == s.utf8CodeUnitCount else { return false }
        let p = s.utf8Start
        for i in 0..<b.count where b[i] != p[i] { return false }
        return true
    }

    // MARK: Resolving

    private func resolveSite(_ key: SpecNodeKey) {
        let site = sites[key]!
        let (_, fragment) = SpecReferenceIndex.split(site.ref)
        // The same ref string in the same file and scope resolves the same way: resolve it once.
        let cacheKey = "\(key.file)\u{0}\(site.base ?? "")\u{0}\(site.ref)"
        let result: Result<SpecNodeKey, SpecRefFailure>
        if let cached = resolved[cacheKey] {
            result = cached
        } else {
            result = table.target(address: addresses[key]!, fragment: fragment, inFile: Int(key.file))
            resolved[cacheKey] = result
        }
        switch result {
        case .success(let target): targets[key] = target
        case .failure(let failure):
            failed.insert(key)
            report(failure, site: site, key: key)
        }
    }

    private func report(_ failure: SpecRefFailure, site: SpecRefSite, key: SpecNodeKey) {
        let file = table.files[Int(key.file)]
        let dedupe = "\(key.file)\u{0}\(site.ref)"
        if let existing = reportedFailures[dedupe] {
            failureCounts[existing, default: 1] += 1
            return
        }
        let refObject = file.document.node(at: Int(key.index))
        var location = file.document.node(at: site.valueIndex).location
        location.pointer = specPointer(to: refObject).appending("$ref").description
        let diagnostic: Diagnostic
        if failure.remote {
            diagnostic = Diagnostic(
                id: "spec.remote-ref", severity: .error,
                message: "$ref '\(site.ref)' points to a remote URL, which diagnose never fetches",
                location: location,
                help: "download the file and map the URL to it: --ref-map \(Self.urlPrefix(site.ref))=PATH")
        } else {
            var reason = failure.reason
            let (uriPart, _) = SpecReferenceIndex.split(site.ref)
            if case .failed = addresses[key], !uriPart.isEmpty {
                let display = SpecPath.join(
                    SpecPath.directory(of: file.display), uriPart.removingPercentEncodingLossless ?? uriPart)
                let absolute = SpecPath.join(
                    SpecPath.directory(of: file.absolutePath), uriPart.removingPercentEncodingLossless ?? uriPart)
                if let why = loadFailures[absolute] { reason = why } else { reason = "cannot load '\(display)'" }
            }
            let folder = SpecPath.directory(of: file.display).isEmpty ? "." : SpecPath.directory(of: file.display)
            diagnostic = Diagnostic(
                id: "spec.unresolved-ref", severity: .error,
                message: "$ref '\(site.ref)' does not resolve: \(reason)", location: location,
                help:
                    "fix the target; file refs are relative to '\(folder)', pointers are case-sensitive "
                    + "and '/' inside a name is written '~1'"
            )
        }
        reportedFailures[dedupe] = diagnostics.count
        diagnostics.append(diagnostic)
    }

    /// Adds "used N times" to refs reported once per file.
    func finishReports() {
        for (index, count) in failureCounts where count > 1 {
            diagnostics[index].notes.append(
                Diagnostic.Note(message: "the same $ref appears \(count) times in this file"))
        }
        failureCounts = [:]
    }

    static func urlPrefix(_ ref: String) -> String {
        let (uri, _) = SpecReferenceIndex.split(ref)
        guard let slash = uri.lastIndex(of: "/") else { return uri }
        return String(uri[...slash])
    }

    /// Finds cycles of refs that point to refs with no schema in between, reports each once and drops their targets.
    private func findCycles() {
        var state: [SpecNodeKey: UInt8] = [:]
        for start in siteOrder where state[start] == nil {
            var path: [SpecNodeKey] = []
            var current = start
            var deadEnd = false
            while sites[current] != nil, state[current] == nil {
                state[current] = 1
                path.append(current)
                guard let next = targets[current] else {
                    deadEnd = true
                    break
                }
                current = next
            }
            if !deadEnd, state[current] == 1, sites[current] != nil, let at = path.firstIndex(of: current) {
                let cycle = Array(path[at...])
                let chain = (cycle + [cycle[0]]).map { key -> String in
                    let f = table.files[Int(key.file)]
                    let pointer = "#" + specPointer(to: f.document.node(at: Int(key.index))).description
                    return key.file == current.file ? pointer : f.display + pointer
                }
                let file = table.files[Int(current.file)]
                let refObject = file.document.node(at: Int(current.index))
                var location = file.document.node(at: sites[current]!.valueIndex).location
                location.pointer = specPointer(to: refObject).appending("$ref").description
                diagnostics.append(
                    Diagnostic(
                        id: "spec.ref-cycle", severity: .error,
                        message: "$ref cycle with no schema in between: \(chain.joined(separator: " → "))",
                        location: location,
                        help: "point one of these refs at the actual definition instead of at another $ref",
                        notes: cycle.dropFirst().map { key in
                            let f = table.files[Int(key.file)]
                            var l = f.document.node(at: sites[key]!.valueIndex).location
                            l.pointer =
                                specPointer(to: f.document.node(at: Int(key.index))).appending("$ref").description
                            return Diagnostic.Note(message: "part of the cycle", location: l)
                        }))
                for key in cycle {
                    targets[key] = nil
                    failed.insert(key)
                }
            }
            for key in path { state[key] = 2 }
        }
    }

    /// Follows a node through pure-ref chains to the definition.
    /// - Returns: the definition's key, or nil when a ref on the way failed (already reported) or the chain is too
    ///   long.
    func follow(_ key: SpecNodeKey) -> SpecNodeKey? {
        var current = key
        var hops = 0
        while isSite(current) {
            guard let next = targets[current] else { return nil }
            hops += 1
            if hops > options.maxRefChain {
                let file = table.files[Int(key.file)]
                var location = file.document.node(at: Int(key.index)).location
                location.pointer = specPointer(to: file.document.node(at: Int(key.index))).description
                diagnostics.append(
                    Diagnostic(
                        id: "spec.unresolved-ref", severity: .error,
                        message: "$ref chain longer than \(options.maxRefChain) hops", location: location,
                        help: "shorten the chain, or raise the limit with --max-ref-chain (OpenAPI.LoadOptions.maxRefChain)"))
                return nil
            }
            current = next
        }
        return current
    }

    /// Whether the object at `key` holds a `$ref`.
    ///
    /// The scan skips extensions (`x-…`) and literal values; a `$ref` there that the model reaches through another
    /// ref (an operation kept under `x-operations`, say) is recorded and resolved on the spot.
    func isSite(_ key: SpecNodeKey) -> Bool {
        if sites[key] != nil { return true }
        let node = table.node(key)
        guard node.kind == .object, let ref = node["$ref"], let s = ref.stringValue else { return false }
        record(key, SpecRefSite(ref: s, base: nil, valueIndex: ref.index))
        drain()
        return true
    }
}
