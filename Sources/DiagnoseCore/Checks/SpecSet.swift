/// The specs a run checks against, and the choice of one per exchange by the request's host.
public struct SpecSet: Sendable {
    /// A loaded spec with its checker.
    public struct Entry: Sendable {
        /// The spec's path as given.
        public var path: String
        /// The checker for it.
        public var checker: SpecChecker
        /// Hosts its servers name (lowercased); empty when a server URL is relative (any host).
        public var hosts: Set<String>
    }

    /// The specs, in the order given.
    public var entries: [Entry]
    /// Problems met while loading a folder of specs (a file that is not a spec, a spec that failed to load).
    public var problems: [Diagnostic]

    /// No spec at all: only the checks that need none run.
    public static let empty = SpecSet(entries: [], problems: [])

    /// Loads specs from explicit paths; a spec that cannot be loaded is a failure.
    public static func load(
        paths: [String], loadOptions: OpenAPI.LoadOptions = .init(), checkOptions: CheckOptions
    ) throws(DiagnoseFailure) -> SpecSet {
        var entries: [Entry] = []
        for path in paths {
            let spec = try OpenAPI.Loader.load(path: path, options: loadOptions)
            entries.append(Entry(path: path, checker: SpecChecker(spec: spec, options: checkOptions), hosts: hosts(of: spec)))
        }
        return SpecSet(entries: entries, problems: [])
    }

    /// Loads every `.json`, `.yaml` and `.yml` spec directly in a folder; files that do not load are skipped with
    /// a diagnostic (a folder may hold other files).
    public static func load(
        directory: String, loadOptions: OpenAPI.LoadOptions = .init(), checkOptions: CheckOptions
    ) throws(DiagnoseFailure) -> SpecSet {
        let names: [String]
        do {
            names = try FileSystem.listDirectory(directory)
        } catch {
            throw DiagnoseFailure("cannot read the spec folder '\(directory)': \(error)", help: "pass --spec FILE or --specs DIR")
        }
        var set = SpecSet(entries: [], problems: [])
        for name in names.sorted() where [".json", ".yaml", ".yml"].contains(where: { name.hasSuffix($0) }) {
            let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            do {
                let spec = try OpenAPI.Loader.load(path: path, options: loadOptions)
                set.entries.append(
                    Entry(path: path, checker: SpecChecker(spec: spec, options: checkOptions), hosts: hosts(of: spec)))
            } catch {
                set.problems.append(
                    Diagnostic(
                        id: "spec.skipped", severity: .warning, message: "skipped '\(path)': \(error.message)",
                        location: error.location, help: error.help))
            }
        }
        return set
    }

    static func hosts(of spec: OpenAPI.Document) -> Set<String> {
        var result = Set<String>()
        for server in spec.servers {
            let url = URLParts(server.defaultURL)
            if let host = url.host { result.insert(host.lowercased()) }
        }
        return result
    }

    /// The spec for a request: the first whose servers name the request's host (or whose servers are relative);
    /// else the first in which the request's path routes (then `route.unknown-server` explains the host); else
    /// nil — another API, a web page's assets, or a webhook delivery to the user's own server: only the
    /// integration rules apply.
    public func entry(for request: HTTPRequest) -> Entry? {
        let host = request.host?.lowercased()
        if let host, let match = entries.first(where: { $0.hosts.contains(host) }) { return match }
        if let match = entries.first(where: { $0.hosts.isEmpty }) { return match }
        return entries.first { entry in
            entry.checker.spec.router.route(method: request.method.uppercased(), url: request.url, host: request.host)
                .match != nil
        }
    }
}
