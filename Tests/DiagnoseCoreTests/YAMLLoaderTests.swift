import DiagnoseCore
import DiagnoseTestSupport
import Foundation
import Testing

/// Markers that name expected positions inside fixture text; they are stripped before parsing.
private let markers = ["1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣", "6️⃣", "7️⃣", "8️⃣", "9️⃣"]

/// A fixture with its markers removed: the text to parse and the byte offset where each marker stood.
struct MarkedText {
    let text: SourceText
    let offsets: [String: Int]

    /// Strips every marker from `bytes`, recording where each one was.
    init(name: String, bytes: [UInt8]) {
        // A marker is a digit 1…9, U+FE0F (EF B8 8F) and U+20E3 (E2 83 A3): seven bytes.
        let tail: [UInt8] = [0xEF, 0xB8, 0x8F, 0xE2, 0x83, 0xA3]
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var offsets: [String: Int] = [:]
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b >= 0x31 && b <= 0x39 && i + 7 <= bytes.count && bytes[i + 1] == 0xEF
                && Array(bytes[i + 1..<i + 7]) == tail
            {
                offsets[markers[Int(b - 0x31)]] = out.count
                i += 7
                continue
            }
            out.append(b)
            i += 1
        }
        text = SourceText(name: name, bytes: out)
        self.offsets = offsets
    }

    /// Loads `Fixtures/yaml/<file>`, named by its last path component.
    init(fixture file: String) throws {
        self.init(name: String(file.split(separator: "/").last!), bytes: try TestPaths.fixture("yaml/" + file))
    }

    /// Marks a string.
    init(_ string: String, name: String = "test.yaml") {
        self.init(name: name, bytes: Array(string.utf8))
    }

    /// Where a marker stood, as a location in the stripped text.
    func location(_ marker: String) -> DiagnoseCore.SourceLocation {
        text.location(at: offsets[marker] ?? -1)
    }
}

/// Checks that `location` is exactly `line:column` and that this is where `marker` stood in the fixture.
func expectLocation(
    _ location: DiagnoseCore.SourceLocation, _ marked: MarkedText, _ marker: String, line: Int, column: Int,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
) {
    #expect(marked.offsets[marker] != nil, "marker \(marker) missing from fixture", sourceLocation: sourceLocation)
    let expected = marked.location(marker)
    #expect(
        expected.line == line && expected.column == column, "marker \(marker) sits at \(expected)",
        sourceLocation: sourceLocation)
    #expect(location.line == line, "line", sourceLocation: sourceLocation)
    #expect(location.column == column, "column", sourceLocation: sourceLocation)
    #expect(location.file == marked.text.name, sourceLocation: sourceLocation)
}

/// Parses and expects a `YAMLError`, returning it.
func expectYAMLError(
    _ marked: MarkedText, options: YAMLLoader.Options = .init(),
    sourceLocation: Testing.SourceLocation = #_sourceLocation
) -> YAMLError? {
    do {
        let doc = try YAMLLoader.parse(marked.text, options: options)
        Issue.record("expected an error, got a \(doc.root.kind)", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}

private func numberTexts(_ node: Node?) -> [String] {
    node?.elements.map { $0.numberValue?.text ?? "<\($0.kind)>" } ?? []
}

@Suite("YAML loader")
struct YAMLLoaderTests {
    // MARK: Scalars

    @Test func coreSchemaScalarsResolveAsOpenAPIToolsExpect() throws {
        let doc = try YAMLLoader.parse(try MarkedText(fixture: "core-schema.yaml").text)
        let root = doc.root
        #expect(root["bools"]!.elements.map { $0.boolValue } == [true, true, true, false, false, false])
        #expect(root["nulls"]!.elements.map { $0.kind } == [.null, .null, .null, .null])
        #expect(root["empty"]?.kind == .null)
        #expect(root["empty-items"]!.elements.map { $0.kind } == [.null, .string])
        #expect(root["empty-items"]?[1]?.stringValue == "")

        let ints = root["ints"]!
        #expect(
            numberTexts(ints) == [
                "0", "42", "-17", "5", "7", "31", "15", "1208925819614629174706175", "123456789012345678901234567890",
            ])
        #expect(ints.elements.allSatisfy { $0.numberValue?.isIntegerLiteral == true })
        #expect(ints[7]?.numberValue == JSONNumber("1208925819614629174706175"))

        let floats = root["floats"]!
        #expect(numberTexts(floats) == ["1.5", "1e3", "0.5", "-0.5", "1.0", "2.5E-3", "1.0", "0.25"])
        #expect(floats.elements.allSatisfy { $0.numberValue?.isIntegerLiteral == false })
        #expect(floats[1]?.numberValue == JSONNumber(1000))

        #expect(
            numberTexts(root["specials"])
                == ["Infinity", "Infinity", "Infinity", "-Infinity", "NaN", "NaN", "NaN"])
        #expect(root["specials"]?[3]?.numberValue?.doubleValue == -.infinity)

        let strings = root["strings"]!
        #expect(strings.elements.allSatisfy { $0.kind == .string })
        #expect(
            strings.elements.map { $0.stringValue ?? "" } == [
                "yes", "no", "on", "off", "true", "42", "null", "1_000", "0x", "1.2.3", "2024-01-01", ".", "tRUE",
                "nULL",
            ])
    }

    @Test func explicitTagsAreHonoured() throws {
        let tagged = try YAMLLoader.parse(try MarkedText(fixture: "core-schema.yaml").text).root["tagged"]!
        #expect(tagged.keys == ["str", "int", "float", "bool", "null", "nonspecific", "custom"])
        #expect(tagged["str"]?.stringValue == "42")
        #expect(tagged["int"]?.numberValue?.text == "42")
        #expect(tagged["float"]?.numberValue == JSONNumber(3))
        #expect(tagged["bool"]?.boolValue == true)
        #expect(tagged["null"]?.kind == .null)
        #expect(tagged["nonspecific"]?.stringValue == "12")
        // An application tag says nothing JSON can use: the scalar resolves as if untagged.
        #expect(tagged["custom"]?.numberValue == JSONNumber(12))
    }

    @Test func valueContradictingItsTagIsALocatedError() throws {
        let marked = MarkedText("a: 1\nb: 1️⃣!!int twelve\n")
        let error = try #require(expectYAMLError(marked))
        #expect(error.message == "value \"twelve\" is tagged !!int but is not an integer")
        expectLocation(error.location, marked, "1️⃣", line: 2, column: 4)
    }

    @Test func blockScalarsAreAlwaysStrings() throws {
        let root = try YAMLLoader.parse(try MarkedText(fixture: "block-scalars.yaml").text).root
        #expect(root["literal"]?.stringValue == "line one\nline two\n")
        #expect(root["folded"]?.stringValue == "folded text\n")
        #expect(root["strip"]?.stringValue == "no newline")
        #expect(root["keep"]?.stringValue == "kept\n\n")
        #expect(root["number-looking"]?.stringValue == "42\n")
        #expect(root["bool-looking"]?.stringValue == "true")
    }

    @Test func nonStringKeysBecomeTheirTextAsWritten() throws {
        let root = try YAMLLoader.parse(try MarkedText(fixture: "non-string-keys.yaml").text).root
        #expect(root["responses"]?.keys == ["200", "404", "default"])
        #expect(root["responses"]?["200"]?["description"]?.stringValue == "OK")
        #expect(root["flags"]?.keys == ["true", "1.5", "~", "0x1F"])
        #expect(root["flags"]?.members.allSatisfy { $0.key.kind == .string } == true)
        #expect(root["flags"]?["true"]?.stringValue == "yes-key")
    }

    @Test func nonScalarKeyIsALocatedError() throws {
        let marked = MarkedText("a: 1\n1️⃣? [x, y]\n: 2\n")
        let error = try #require(expectYAMLError(marked))
        #expect(error.message == "a mapping key must be a scalar, but this key is a sequence")
        // libyaml starts the flow sequence at its bracket, after the `? ` indicator.
        #expect(error.location.line == 2 && error.location.column == 3)
    }

    // MARK: Anchors, aliases, merge keys

    @Test func anchorsAliasesAndMergeKeys() throws {
        let doc = try YAMLLoader.parse(try MarkedText(fixture: "anchors-merge.yaml").text)
        let root = doc.root
        func expect(_ key: String, _ json: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
            let expected = try! JSONParser.parse(json).root
            #expect(root[key]?.jsonEquals(expected) == true, "\(key)", sourceLocation: sourceLocation)
        }
        expect("copy", #"{"a": 1, "b": 2}"#)
        expect("again", #""hello""#)
        expect("single", #"{"a": 1, "b": 3}"#)
        expect("list", #"{"a": 1, "b": 2, "c": 30, "d": 4}"#)
        expect("override-before", #"{"a": 100, "b": 2}"#)
        expect("derived", #"{"a": 1, "b": 2, "c": 5}"#)
        expect("chain", #"{"a": 1, "b": 2, "c": 5, "e": 6}"#)
        expect("inline", #"{"x": 1, "a": 9, "y": 2}"#)
        expect("quoted-merge-key", #"{"<<": "not a merge"}"#)
        expect("seqcopy", "[1, 2]")
        // Merged members stand where `<<` stands; explicit keys keep their place.
        #expect(root["single"]?.keys == ["a", "b"])
        #expect(root["list"]?.keys == ["a", "b", "c", "d"])
        #expect(root["override-before"]?.keys == ["a", "b"])
        // Overriding a merged key is not a duplicate.
        #expect(doc.notes.isEmpty)
        // Copies keep the location where the value is written (the anchor's subtree).
        #expect(root["copy"]?["b"]?.location.line == 3)
        #expect(root["copy"]?["b"]?.location.column == 6)
    }

    @Test func aliasBombIsRejectedQuicklyNamingTheLimit() throws {
        let marked = try MarkedText(fixture: "fail/alias-bomb.yaml")
        let start = ContinuousClock.now
        let error = try #require(expectYAMLError(marked))
        let elapsed = ContinuousClock.now - start
        #expect(elapsed < .seconds(1), "took \(elapsed)")
        #expect(
            error.message
                == "alias *f expands the document past the limit of 4000000 nodes (aliases repeat their anchor's whole subtree)"
        )
        #expect(error.hint?.contains("maxNodes") == true)
        // Sizes: a = 10 nodes, b = 91, … f = 597871; the sixth *f under g crosses 4,000,000.
        expectLocation(error.location, marked, "1️⃣", line: 9, column: 28)
    }

    @Test func nodeLimitIsConfigurable() throws {
        let marked = MarkedText("a: &a [1, 2, 3]\nb: [*a, *a, 1️⃣*a]\n")
        // Nodes: root, a, [1, 2, 3] (4), b, [ (1), then 4 per alias: 20 in all.
        let error = try #require(expectYAMLError(marked, options: .init(maxNodes: 19)))
        #expect(error.message.contains("limit of 19 nodes"))
        expectLocation(error.location, marked, "1️⃣", line: 2, column: 13)
        let doc = try YAMLLoader.parse(marked.text, options: .init(maxNodes: 20))
        #expect(doc.nodeCount == 20)
    }

    @Test func undefinedAliasIsALocatedError() throws {
        let marked = try MarkedText(fixture: "fail/undefined-alias.yaml")
        let error = try #require(expectYAMLError(marked))
        #expect(error.message == "alias *missing names no anchor defined before it")
        expectLocation(error.location, marked, "1️⃣", line: 3, column: 4)
    }

    @Test func recursiveAliasIsALocatedError() throws {
        let marked = MarkedText("a: &a\n  b: 1️⃣*a\n")
        let error = try #require(expectYAMLError(marked))
        #expect(error.message == "alias *a refers to a value that contains it, a cycle JSON cannot represent")
        expectLocation(error.location, marked, "1️⃣", line: 2, column: 6)
    }

    @Test func mergeOfAScalarIsALocatedError() throws {
        let marked = MarkedText("s: &s text\nm:\n  <<: 1️⃣*s\n")
        let error = try #require(expectYAMLError(marked))
        #expect(error.message == "the merge key << needs a mapping or a list of mappings")
        expectLocation(error.location, marked, "1️⃣", line: 3, column: 7)
    }

    @Test func containersStartAtTheirFirstToken() throws {
        let marked = MarkedText(
            "info:\n  1️⃣title: x\nlist:\n2️⃣- a\nflow: 3️⃣{a: 1}\nanchored: 4️⃣&x\n  b: 2\nseq: 5️⃣[1]\n")
        let root = try YAMLLoader.parse(marked.text).root
        #expect(root.location.line == 1 && root.location.column == 1)
        expectLocation(root["info"]!.location, marked, "1️⃣", line: 2, column: 3)
        expectLocation(root["list"]!.location, marked, "2️⃣", line: 4, column: 1)
        expectLocation(root["flow"]!.location, marked, "3️⃣", line: 5, column: 7)
        expectLocation(root["anchored"]!.location, marked, "4️⃣", line: 6, column: 11)
        expectLocation(root["seq"]!.location, marked, "5️⃣", line: 8, column: 6)
    }

    // MARK: Limits

    @Test func nestingDepthIsLimited() throws {
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        let error = try #require(expectYAMLError(MarkedText(deep)))
        #expect(error.message == "values are nested more than 512 levels deep, the limit")
        #expect(error.location.line == 1 && error.location.column == 513)
        let fine = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        #expect(try YAMLLoader.parse(fine).nodeCount == 512)
    }

    @Test func depthLimitCountsAliasExpansion() throws {
        let marked = MarkedText("a: &a [[[1]]]\nb: [[1️⃣*a]]\n")
        let error = try #require(expectYAMLError(marked, options: .init(maxDepth: 5)))
        #expect(error.message == "values are nested more than 5 levels deep once aliases are expanded")
        expectLocation(error.location, marked, "1️⃣", line: 2, column: 6)
    }

    @Test func longMergeChainsLoadWithoutCubicWork() throws {
        // Each mapping merges the previous one: n² nodes in all, which must not cost n³ time.
        var yaml = "a0: &a0 {k0: 0}\n"
        for k in 1...600 { yaml += "a\(k): &a\(k) {<<: *a\(k - 1), k\(k): \(k)}\n" }
        let start = ContinuousClock.now
        let doc = try YAMLLoader.parse(yaml)
        #expect(ContinuousClock.now - start < .seconds(10))
        #expect(doc.root["a600"]?.count == 601)
        #expect(doc.root["a600"]?["k0"]?.numberValue == JSONNumber(0))
        #expect(doc.root["a600"]?.keys.last == "k600")
    }

    @Test func hugeMappingsFindDuplicatesInLinearTime() throws {
        var yaml = ""
        for k in 0..<50_000 { yaml += "key\(k): \(k)\n" }
        yaml += "1️⃣key123: again\n"
        let marked = MarkedText(yaml)
        let start = ContinuousClock.now
        let doc = try YAMLLoader.parse(marked.text)
        #expect(ContinuousClock.now - start < .seconds(5))
        #expect(doc.root.count == 50_001)
        try #require(doc.notes.count == 1)
        #expect(doc.notes[0].message.hasPrefix("duplicate key \"key123\" (first at line 124, column 1)"))
        expectLocation(doc.notes[0].location, marked, "1️⃣", line: 50_001, column: 1)
    }

    // MARK: Fail fixtures

    /// Each file in `Fixtures/yaml/fail/` names its error on its first line (`# error: …`), optionally its hint on the
    /// second (`# hint: …`), and marks where it is with 1️⃣; adding a case means adding a file.
    @Test(arguments: TestPaths.fixtureFiles("yaml/fail"))
    func failFixtureReportsItsErrorAtItsMarker(_ file: String) throws {
        let marked = try MarkedText(fixture: "fail/" + file)
        let firstLine = marked.text.lineText(at: 0)
        try #require(firstLine.hasPrefix("# error: "), "\(file) must start with '# error: <message>'")
        let error = try #require(expectYAMLError(marked))
        #expect(error.message == String(firstLine.dropFirst("# error: ".count)))
        let at = marked.location("1️⃣")
        #expect(marked.offsets["1️⃣"] != nil, "\(file) has no 1️⃣ marker")
        #expect(error.location.line == at.line && error.location.column == at.column, "\(error), expected \(at)")
        #expect(error.location.file == file)
        #expect(error.hint?.isEmpty == false)
        // An optional second line gives the exact hint.
        let second = marked.text.lineText(at: firstLine.utf8.count + 1)
        if second.hasPrefix("# hint: ") { #expect(error.hint == String(second.dropFirst("# hint: ".count))) }
    }

    // MARK: Errors from libyaml

    @Test func tabIndentationIsReportedWithAHint() throws {
        let marked = try MarkedText(fixture: "fail/tab-indent.yaml")
        let error = try #require(expectYAMLError(marked))
        #expect(error.message == "found a tab character that violates indentation while scanning a plain scalar")
        expectLocation(error.location, marked, "1️⃣", line: 5, column: 1)
        #expect(
            error.hint
                == "YAML indentation must use spaces; replace the tab at line 5, column 1 with spaces (the construct libyaml was reading starts at line 4, column 10)"
        )
        #expect(error.description == "tab-indent.yaml:5:1: " + error.message)
    }

    @Test(arguments: [
        "paths:\n1️⃣\t/pets:\n    get: {}\n",
        "a:\n  b: 1\n  1️⃣\tc: 2\n",
        "list:\n  - 1\n1️⃣\t- 2\n",
    ])
    func tabsAnywhereInIndentationGetTheHint(_ source: String) throws {
        let marked = MarkedText(source)
        let error = try #require(expectYAMLError(marked))
        let at = marked.location("1️⃣")
        #expect(error.location.line == at.line && error.location.column == at.column, "\(error)")
        #expect(
            error.hint?.hasPrefix(
                "YAML indentation must use spaces; replace the tab at line \(at.line), column \(at.column) with spaces")
                == true, "\(error.hint ?? "no hint")")
    }

    @Test func badIndentationIsReportedWithLibyamlReason() throws {
        let marked = try MarkedText(fixture: "fail/syntax-error-indent.yaml")
        let error = try #require(expectYAMLError(marked))
        #expect(error.message == "did not find expected key while parsing a block mapping")
        expectLocation(error.location, marked, "1️⃣", line: 4, column: 2)
        #expect(
            error.hint
                == "check the indentation of this line against the lines above it (the construct libyaml was reading starts at line 2, column 1)"
        )
    }

    @Test func unterminatedQuoteIsReported() throws {
        let marked = try MarkedText(fixture: "fail/syntax-error.yaml")
        let error = try #require(expectYAMLError(marked))
        #expect(error.message.hasPrefix("found unexpected end of stream while scanning a quoted scalar"))
        expectLocation(error.location, marked, "1️⃣", line: 6, column: 1)
        #expect(error.hint?.contains("line 3, column 10") == true)
    }

    // MARK: Notes

    @Test func duplicateKeysBecomeNotes() throws {
        let marked = try MarkedText(fixture: "duplicate-keys.yaml")
        let doc = try YAMLLoader.parse(marked.text)
        try #require(doc.notes.count == 1)
        let note = doc.notes[0]
        #expect(note.kind == .duplicateKey)
        #expect(
            note.message
                == "duplicate key \"/pets\" (first at line 2, column 3); YAML forbids duplicate keys and readers disagree on which value wins"
        )
        expectLocation(note.location, marked, "1️⃣", line: 7, column: 3)
        // Like JSON, the first occurrence wins lookups.
        #expect(doc.root["paths"]?["/pets"]?["get"] != nil)
    }

    @Test func multipleDocumentsLoadTheFirstWithANote() throws {
        let marked = try MarkedText(fixture: "multi-document.yaml")
        let doc = try YAMLLoader.parse(marked.text)
        #expect(doc.root.keys == ["first"])
        try #require(doc.notes.count == 1)
        #expect(doc.notes[0].kind == .multipleDocuments)
        #expect(
            doc.notes[0].message
                == "the file holds more than one YAML document; only the first was read (the second starts at line 2, column 1)"
        )
        expectLocation(doc.notes[0].location, marked, "1️⃣", line: 2, column: 1)

        let all = try YAMLLoader.parseAll(marked.text)
        #expect(all.map { $0.root.keys } == [["first"], ["second"], ["third"]])
        #expect(all[2].root["third"]?.location.line == 5)
        #expect(all.allSatisfy { $0.notes.isEmpty })
    }

    @Test func emptyStreamIsNull() throws {
        #expect(try YAMLLoader.parse("").root.kind == .null)
        #expect(try YAMLLoader.parse("# only a comment\n").root.kind == .null)
        #expect(try YAMLLoader.parseAll(SourceText(name: "e", string: "")).isEmpty)
    }

    // MARK: Byte offsets

    @Test func offsetsAreBytesAfterNonASCIIText() throws {
        let marked = try MarkedText(fixture: "non-ascii.yaml")
        let root = try YAMLLoader.parse(marked.text).root
        #expect(root["title"]?.stringValue == "Grüße, 世界 🌍")
        expectLocation(root["title"]!.location, marked, "1️⃣", line: 2, column: 8)
        #expect(root["list"]?[1]?.numberValue == JSONNumber(42))
        expectLocation(root["list"]![1]!.location, marked, "2️⃣", line: 3, column: 25)
        expectLocation(root["list"]![3]!.location, marked, "3️⃣", line: 3, column: 43)
        #expect(root["ключ"]?.stringValue == "значение")
        expectLocation(root["ключ"]!.location, marked, "4️⃣", line: 4, column: 11)
        expectLocation(root["emoji"]!.location, marked, "5️⃣", line: 5, column: 8)
    }

    @Test func offsetsStayExactOverMixedRunsOfASCIIAndMultiByteText() throws {
        // Runs of every UTF-8 length, shorter and longer than the 8-byte ASCII skip, before each value.
        let pieces = ["é", "世", "🌍", "abcdefghijklmnop", "x", "ключ ", "  "]
        var yaml = ""
        var expected: [Int] = []
        for i in 0..<200 {
            var junk = ""
            for k in 0..<(i % 7 + 1) { junk += pieces[(i + k * 3) % pieces.count] }
            let prefix = "k\(i): [\"\(junk)\", "
            expected.append(yaml.utf8.count + prefix.utf8.count)
            yaml += prefix + "\(i)]\n"
        }
        let root = try YAMLLoader.parse(yaml).root
        for i in 0..<200 {
            let value = try #require(root["k\(i)"]?[1])
            #expect(value.numberValue == JSONNumber(i))
            #expect(value.offset == expected[i], "k\(i)")
        }
    }

    @Test func errorOffsetsAreBytesAfterNonASCIIText() throws {
        let marked = try MarkedText(fixture: "fail/non-ascii-error.yaml")
        let error = try #require(expectYAMLError(marked))
        expectLocation(error.location, marked, "1️⃣", line: 3, column: 30)
    }

    @Test func libyamlErrorOffsetsAreBytesAfterNonASCIIText() throws {
        let marked = MarkedText("name: «ключ»\n1️⃣\tx: 1\n")
        let error = try #require(expectYAMLError(marked))
        expectLocation(error.location, marked, "1️⃣", line: 2, column: 1)
        let inline = MarkedText("name: «ключ» 1️⃣: x\n")
        let inlineError = try #require(expectYAMLError(inline))
        #expect(inlineError.message == "mapping values are not allowed in this context")
        expectLocation(inlineError.location, inline, "1️⃣", line: 1, column: 20)
    }

    @Test func byteOrderMarkIsSkippedAndCounted() throws {
        let marked = MarkedText("\u{FEFF}a: ü\nb: 1️⃣2\n")
        let root = try YAMLLoader.parse(marked.text).root
        #expect(root.keys == ["a", "b"])
        expectLocation(root["b"]!.location, marked, "1️⃣", line: 2, column: 4)
        let ascii = MarkedText("\u{FEFF}a: 1\nb: 1️⃣2\n")
        expectLocation(try YAMLLoader.parse(ascii.text).root["b"]!.location, ascii, "1️⃣", line: 2, column: 4)
    }

    @Test func crlfLineEndsKeepColumns() throws {
        let marked = MarkedText("a: 1\r\nb: \"é\"\r\nc: 1️⃣3\r\n")
        let root = try YAMLLoader.parse(marked.text).root
        #expect(root["b"]?.stringValue == "é")
        expectLocation(root["c"]!.location, marked, "1️⃣", line: 3, column: 4)
    }

    @Test func utf16IsRejectedWithAHint() throws {
        let text = SourceText(name: "u16.yaml", bytes: [0xFF, 0xFE, 0x61, 0x00])
        #expect {
            try YAMLLoader.parse(text)
        } throws: { error in
            (error as? YAMLError)?.message == "the file is UTF-16 text; only UTF-8 YAML is supported"
        }
    }
}
