import DiagnoseCore
import DiagnoseTestSupport
import Foundation
import Testing

@Suite("Spec corpus explore")
struct SpecExploreTests {
    @Test func explore() throws {
        guard let root = SpecCorpus.root?.appendingPathComponent("specs") else { return }
        let files = FileManager.default.enumerator(atPath: root.path)!.compactMap { $0 as? String }
            .filter { ($0.hasSuffix(".json") || $0.hasSuffix(".yaml")) && !$0.contains("oas-schemas") }.sorted()
        for f in files {
            let start = Date()
            do {
                let doc = try OpenAPI.Loader.load(path: root.appendingPathComponent(f).path)
                print("\(f): \(doc.kind) ops=\(doc.operations.count) hooks=\(doc.webhooks.count) servers=\(doc.servers.map(\.url)) diags=\(doc.diagnostics.count) \(Int(Date().timeIntervalSince(start)*1000))ms")
                for d in doc.diagnostics.prefix(5) { print("   \(d.location?.description ?? "") \(d.id) \(d.message)") }
            } catch {
                print("\(f): FAIL \(error.description.prefix(120))")
            }
        }
    }
}

/// The shared corpus: `TestPaths.corpus`, or `DIAGNOSE_CORPUS` when the package is checked out elsewhere (worktrees).
enum SpecCorpus {
    static let root: URL? = {
        if let c = TestPaths.corpus { return c }
        if let env = ProcessInfo.processInfo.environment["DIAGNOSE_CORPUS"], FileManager.default.fileExists(atPath: env) {
            return URL(fileURLWithPath: env)
        }
        return nil
    }()
    static var available: Bool { root != nil }
    static func path(_ relative: String) -> String { root!.appendingPathComponent(relative).path }
}
