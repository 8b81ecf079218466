import DiagnoseCore
import DiagnoseTestSupport
import Foundation
import Testing

private func fixturePath(_ name: String) -> String {
    TestPaths.fixtures.appendingPathComponent("yaml/loader/" + name).path
}

/// Loads and expects a failure, returning it.
private func expectFailure(
    _ body: () throws(DiagnoseFailure) -> Document, sourceLocation: Testing.SourceLocation = #_sourceLocation
) -> DiagnoseFailure? {
    do {
        let doc = try body()
        Issue.record("expected a failure, got a \(doc.root.kind)", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}

@Suite("Document loader")
struct DocumentLoaderTests {
    @Test(arguments: [
        ("{}", DocumentFormat.json),
        ("[1]", .json),
        ("  \n\t\r\n{\"a\": 1}", .json),
        ("\u{FEFF}{}", .json),
        ("\u{FEFF}  [ ]", .json),
        ("a: 1", .yaml),
        ("\u{FEFF}a: 1", .yaml),
        ("# {not json}\n{}", .yaml),
        ("---\n{}", .yaml),
        ("\"just a string\"", .yaml),
        ("", .yaml),
        ("   \n", .yaml),
    ])
    func detectsFormatFromContent(_ text: String, _ expected: DocumentFormat) {
        #expect(DocumentLoader.detectFormat(Array(text.utf8)) == expected)
    }

    @Test func yamlFileHoldingJSONIsParsedAsJSON() throws {
        let doc = try DocumentLoader.load(path: fixturePath("json-content.yaml"))
        #expect(DocumentLoader.detectFormat(doc.text.bytes) == .json)
        #expect(doc.root["info"]?["title"]?.stringValue == "JSON in a .yaml file")
        #expect(doc.root["info"]?.location.line == 2)
        #expect(doc.root["info"]?.location.column == 32)
        #expect(doc.text.name == fixturePath("json-content.yaml"))
    }

    @Test func jsonFileHoldingYAMLIsParsedAsYAML() throws {
        let doc = try DocumentLoader.load(path: fixturePath("yaml-content.json"))
        #expect(DocumentLoader.detectFormat(doc.text.bytes) == .yaml)
        #expect(doc.root["info"]?["title"]?.stringValue == "YAML in a .json file")
        #expect(doc.root["info"]?["version"]?.stringValue == "1")
        #expect(doc.root["paths"]?.kind == .object)
    }

    @Test func sameDocumentFromJSONAndYAML() throws {
        let json = try DocumentLoader.load(path: fixturePath("bom.json"))
        let yaml = try DocumentLoader.load(path: fixturePath("bom.yaml"))
        #expect(json.root.jsonEquals(yaml.root))
    }

    @Test func byteOrderMarkIsSkippedInBothFormats() throws {
        let json = try DocumentLoader.load(path: fixturePath("bom.json"))
        #expect(json.root["info"]?["title"]?.stringValue == "BOM")
        #expect(json.notes.map(\.kind) == [.byteOrderMark])
        // Columns count bytes, the BOM's three included (it sits on line 1).
        #expect(json.root["openapi"]?.location.column == 16)
        let yaml = try DocumentLoader.load(path: fixturePath("bom.yaml"))
        #expect(yaml.root["info"]?["title"]?.stringValue == "BOM")
        #expect(yaml.root["openapi"]?.location.column == 13)
        #expect(yaml.root["info"]?["title"]?.location.line == 3)
    }

    @Test func missingFileNamesThePathAndWhatToDo() throws {
        let failure = try #require(
            expectFailure { () throws(DiagnoseFailure) in
                try DocumentLoader.load(path: "no/such/x.yaml")
            })
        #expect(failure.message == "cannot read 'no/such/x.yaml': no such file or directory")
        #expect(failure.help == "check the path, or pass '-' to read standard input")
        #expect(failure.location == nil)
        #expect(failure.description == "cannot read 'no/such/x.yaml': no such file or directory")
    }

    @Test func directoryIsNotReadable() throws {
        let dir = TestPaths.fixtures.appendingPathComponent("yaml").path
        let failure = try #require(
            expectFailure { () throws(DiagnoseFailure) in
                try DocumentLoader.load(path: dir)
            })
        #expect(failure.message == "cannot read '\(dir)': it is a directory")
        #expect(failure.help == "name a file inside it")
    }

    @Test func jsonSyntaxErrorBecomesALocatedFailure() throws {
        let path = fixturePath("broken.json")
        let failure = try #require(
            expectFailure { () throws(DiagnoseFailure) in
                try DocumentLoader.load(path: path)
            })
        let location = try #require(failure.location)
        #expect(location.file == path)
        #expect(location.line == 2 && location.column == 24)
        #expect(failure.description.hasPrefix("\(path):2:24: expected a string key in double quotes, found '}'"))
    }

    @Test func yamlSyntaxErrorBecomesALocatedFailureWithHelp() throws {
        let text = SourceText(name: "spec.yaml", string: "info:\n  title: x\n\tversion: 1\n")
        let failure = try #require(
            expectFailure { () throws(DiagnoseFailure) in
                try DocumentLoader.parse(text)
            })
        #expect(failure.location?.description == "spec.yaml:3:1")
        #expect(failure.help?.hasPrefix("YAML indentation must use spaces") == true)
    }

    @Test func flowYAMLThatIsNotJSONIsReportedAsJSON() throws {
        // Documented rule: a leading `{` or `[` means JSON, even for YAML flow style.
        let text = SourceText(name: "flow.yaml", string: "{a: 1}")
        let failure = try #require(
            expectFailure { () throws(DiagnoseFailure) in
                try DocumentLoader.parse(text)
            })
        #expect(failure.location?.description == "flow.yaml:1:2")
    }

    @Test func limitsReachBothParsers() throws {
        let deepJSON = SourceText(
            name: "d.json", string: String(repeating: "[", count: 20) + String(repeating: "]", count: 20))
        let deepYAML = SourceText(
            name: "d.yaml", string: "a: " + String(repeating: "[", count: 20) + String(repeating: "]", count: 20))
        let options = DocumentLoader.Options(maxDepth: 10, maxNodes: 100)
        #expect(
            expectFailure { () throws(DiagnoseFailure) in try DocumentLoader.parse(deepJSON, options: options) } != nil)
        #expect(
            expectFailure { () throws(DiagnoseFailure) in try DocumentLoader.parse(deepYAML, options: options) } != nil)
        let bomb = SourceText(
            name: "b.yaml", string: "a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9]\nb: [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n")
        let failure = try #require(
            expectFailure { () throws(DiagnoseFailure) in try DocumentLoader.parse(bomb, options: options) })
        #expect(failure.message.contains("limit of 100 nodes"))
        #expect(failure.help?.contains("maxNodes") == true)
        #expect(try DocumentLoader.parse(bomb).nodeCount == 114)
    }

    @Test func readsWholeFileInOneBuffer() throws {
        let text = try DocumentLoader.read(path: fixturePath("yaml-content.json"))
        let expected = try TestPaths.fixture("yaml/loader/yaml-content.json")
        #expect(text.bytes == expected)
    }

    @Test func readsStandardInputForDash() throws {
        // Point this process's standard input at a pipe holding YAML for the length of the call, then restore it.
        let pipe = Pipe()
        let saved = dup(0)
        defer {
            dup2(saved, 0)
            close(saved)
        }
        pipe.fileHandleForWriting.write(Data("from: stdin\n".utf8))
        try pipe.fileHandleForWriting.close()
        dup2(pipe.fileHandleForReading.fileDescriptor, 0)
        let doc = try DocumentLoader.load(path: "-")
        #expect(doc.text.name == "<stdin>")
        #expect(doc.root["from"]?.stringValue == "stdin")
        #expect(doc.root["from"]?.location.description == "<stdin>:1:7")
    }
}
