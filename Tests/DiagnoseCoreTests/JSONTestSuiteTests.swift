import DiagnoseCore
import DiagnoseTestSupport
import Foundation
import Testing

/// nst/JSONTestSuite: every `y_` file parses, every `n_` file is rejected with a located error, no `i_` file crashes.
@Suite("JSONTestSuite", .enabled(if: TestPaths.hasCorpus, TestPaths.corpusMissing))
struct JSONTestSuiteTests {
    static let folder = "json-test-suite/test_parsing"
    static let accept = TestPaths.corpusFiles(folder).filter { $0.hasPrefix("y_") }
    static let reject = TestPaths.corpusFiles(folder).filter { $0.hasPrefix("n_") }
    static let either = TestPaths.corpusFiles(folder).filter { $0.hasPrefix("i_") }

    static func text(_ name: String) throws -> SourceText {
        let url = TestPaths.corpus(folder)!.appendingPathComponent(name)
        return SourceText(name: name, bytes: Array(try Data(contentsOf: url)))
    }

    @Test("accepts", arguments: accept)
    func accepts(_ name: String) throws {
        let document = try JSONParser.parse(try Self.text(name))
        // Round trip: serialize and parse again; the trees must be equal.
        let again = try JSONParser.parse(JSONSerializer.serialize(document.root))
        if document.notes.contains(where: { $0.kind == .duplicateKey }) {
            #expect(name.contains("duplicated_key"))
        } else {
            #expect(document.root.jsonEquals(again.root))
        }
        #expect(JSONSerializer.serialize(again.root) == JSONSerializer.serialize(document.root))
    }

    @Test("rejects with a location", arguments: reject)
    func rejects(_ name: String) throws {
        let text = try Self.text(name)
        let error = #expect(throws: JSONError.self) { try JSONParser.parse(text) }
        #expect(error?.location.line ?? 0 >= 1)
        #expect(error?.location.file == name)
        #expect(error?.message.isEmpty == false)
    }

    @Test("never crashes", arguments: either)
    func neverCrashes(_ name: String) throws {
        _ = try? JSONParser.parse(try Self.text(name))
    }

    @Test func suiteIsComplete() {
        #expect(Self.accept.count > 90)
        #expect(Self.reject.count > 180)
    }
}
