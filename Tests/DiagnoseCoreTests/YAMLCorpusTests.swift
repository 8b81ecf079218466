import DiagnoseCore
import DiagnoseTestSupport
import Foundation
import Testing

/// Every `.yaml`/`.yml` file under the corpus's `specs` folder, relative to the corpus root.
private let corpusYAMLFiles: [String] = {
    guard let root = TestPaths.corpus("specs"),
        let walker = FileManager.default.enumerator(atPath: root.path)
    else { return [] }
    var files: [String] = []
    while let path = walker.nextObject() as? String {
        if path.hasSuffix(".yaml") || path.hasSuffix(".yml") { files.append("specs/" + path) }
    }
    return files.sorted()
}()

/// The JSON twin of a YAML example: `x.yaml` → `x.json`, `…/yaml/x.yaml` → `…/json/x.json`, when it exists.
private func jsonTwin(of yaml: String) -> String? {
    let base = String(yaml.dropLast(yaml.hasSuffix(".yml") ? 4 : 5))
    for candidate in [base + ".json", base.replacingOccurrences(of: "/yaml/", with: "/json/") + ".json"] {
        if let url = TestPaths.corpus(candidate), FileManager.default.fileExists(atPath: url.path) {
            return candidate
        }
    }
    return nil
}

/// YAML/JSON pairs in the corpus whose contents legitimately differ (checked by hand: different wording, `$ref`s
/// naming `.yaml` vs `.json` files, sections present in only one), keyed by the path below `specs/<set>/`.
private let knownDifferentPairs: [String: String] = [
    "v2.0/yaml/petstore-expanded.yaml": "the JSON description has extra paragraphs; JSON adds type: object",
    "v2.0/yaml/petstore-separate/spec/NewPet.yaml": "$ref names Pet.yaml vs Pet.json",
    "v2.0/yaml/petstore-separate/spec/swagger.yaml": "$refs name .yaml vs .json files",
    "v2.0/yaml/petstore.yaml": "\"A paged array\" vs \"An paged array\"; JSON adds type: object",
    "v2.0/yaml/uber.yaml": "JSON has securityDefinitions and ProductList; capacity is integer vs string",
    "v3.1/tictactoe.yaml": "the JSON version lacks webhooks, links and callbacks",
]

private func isKnownDifferent(_ yaml: String) -> Bool {
    knownDifferentPairs.keys.contains { yaml.hasSuffix("/" + $0) }
}

/// YAML/JSON pairs that are meant to be the same document (Stripe's spec3 among them).
private let corpusPairs: [String] = corpusYAMLFiles.filter { jsonTwin(of: $0) != nil && !isKnownDifferent($0) }

/// Pairs that differ on purpose: they must still load, and must still differ (or the list above is stale).
private let corpusDifferentPairs: [String] = corpusYAMLFiles.filter { jsonTwin(of: $0) != nil && isKnownDifferent($0) }

@Suite("YAML corpus", .enabled(if: TestPaths.hasCorpus, TestPaths.corpusMissing), .tags(.slow))
struct YAMLCorpusTests {
    @Test func corpusHasYAMLSpecs() {
        #expect(corpusYAMLFiles.count >= 40)
        #expect(corpusPairs.contains("specs/stripe/spec3.yaml"))
    }

    @Test(arguments: corpusYAMLFiles)
    func everyCorpusYAMLFileLoads(_ file: String) throws {
        let doc = try DocumentLoader.load(path: TestPaths.corpus(file)!.path)
        #expect(doc.root.kind == .object)
        #expect(doc.notes.filter { $0.kind != .duplicateKey }.isEmpty)
    }

    @Test(arguments: corpusPairs)
    func yamlAndJSONVersionsAreTheSameDocument(_ yaml: String) throws {
        let json = try #require(jsonTwin(of: yaml))
        let fromYAML = try DocumentLoader.load(path: TestPaths.corpus(yaml)!.path)
        let fromJSON = try DocumentLoader.load(path: TestPaths.corpus(json)!.path)
        #expect(DocumentLoader.detectFormat(fromYAML.text.bytes) == .yaml)
        #expect(DocumentLoader.detectFormat(fromJSON.text.bytes) == .json)
        let differences = YAMLCorpusTests.differences(fromYAML.root, fromJSON.root, path: "", limit: 5)
        #expect(differences.isEmpty, "\(yaml) vs \(json): \(differences.joined(separator: "; "))")
    }

    @Test(arguments: corpusDifferentPairs)
    func knownDifferentPairsStillDiffer(_ yaml: String) throws {
        let json = try #require(jsonTwin(of: yaml))
        let fromYAML = try DocumentLoader.load(path: TestPaths.corpus(yaml)!.path)
        let fromJSON = try DocumentLoader.load(path: TestPaths.corpus(json)!.path)
        #expect(!fromYAML.root.jsonEquals(fromJSON.root), "\(yaml) now equals its JSON twin; drop it from the list")
    }

    @Test func stripeSpecYAMLLoadsQuicklyAndMatchesJSON() throws {
        let path = try #require(TestPaths.corpus("specs/stripe/spec3.yaml")).path
        let start = ContinuousClock.now
        let doc = try DocumentLoader.load(path: path)
        let elapsed = ContinuousClock.now - start
        // Generous bound for debug builds on a shared machine; the release figure is in the PR.
        #expect(elapsed < .seconds(20), "loading spec3.yaml took \(elapsed)")
        #expect(doc.nodeCount > 100_000)
        #expect(doc.root["openapi"]?.stringValue == "3.0.0")
        print("spec3.yaml: \(doc.text.bytes.count) bytes, \(doc.nodeCount) nodes, loaded in \(elapsed)")
    }

    /// Up to `limit` JSON pointers where two trees differ, for a readable failure.
    static func differences(_ a: Node, _ b: Node, path: String, limit: Int) -> [String] {
        if a.jsonEquals(b) { return [] }
        guard a.kind == b.kind else { return ["\(path): \(a.kind) vs \(b.kind)"] }
        var found: [String] = []
        switch a.kind {
        case .object:
            let aKeys = Set(a.keys)
            let bKeys = Set(b.keys)
            for k in aKeys.symmetricDifference(bKeys).sorted() { found.append("\(path)/\(k): only on one side") }
            for (key, value) in a.members {
                guard found.count < limit, let k = key.stringValue, let other = b[k] else { continue }
                found += differences(value, other, path: path + "/" + k, limit: limit - found.count)
            }
        case .array:
            if a.count != b.count { return ["\(path): \(a.count) vs \(b.count) elements"] }
            for (i, (x, y)) in zip(a.elements, b.elements).enumerated() where found.count < limit {
                found += differences(x, y, path: path + "/\(i)", limit: limit - found.count)
            }
        default:
            found.append(
                "\(path): \(a.stringValue ?? a.numberValue?.text ?? "\(a.kind)") vs \(b.stringValue ?? b.numberValue?.text ?? "\(b.kind)")"
            )
        }
        return Array(found.prefix(limit))
    }
}
