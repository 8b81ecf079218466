import DiagnoseCore
import Testing

@Suite("JSON parser")
struct JSONParserTests {
    @Test func keepsNumbersLosslessly() throws {
        let doc = try JSONParser.parse(#"[12345678901234567890123, -0, 1.0, 1e2, 0.1, 3.14159265358979323846264338327950288]"#)
        let numbers = doc.root.elements.map { $0.numberValue! }
        #expect(numbers[0].text == "12345678901234567890123")
        #expect(numbers[0].isInteger)
        #expect(numbers[0].int64Value == nil)
        #expect(numbers[1] == JSONNumber(0))
        #expect(numbers[2].isInteger && !numbers[2].isIntegerLiteral)
        #expect(numbers[2] == JSONNumber(1))
        #expect(numbers[3].int64Value == 100)
        #expect(!numbers[4].isInteger)
        #expect(numbers[5].text == "3.14159265358979323846264338327950288")
        #expect(JSONNumber("1e400")! > JSONNumber("9e399")!)
        #expect(JSONNumber("-1.5")! < JSONNumber("-1.25")!)
        #expect(JSONNumber("10")!.hashValue == JSONNumber("1e1")!.hashValue)
    }

    /// Quoting copies plain strings whole and escapes the rest; both read back as the same string.
    @Test func quotingRoundTripsAndEscapesExactly() throws {
        var samples = ["", "plain", "https://api.stripe.com/v1/charges?expand[]=customer", "é中😀", "a\"b", "a\\b",
            "line\nbreak", "tab\there", "\r\u{08}\u{0C}", "/slash"]
        for c in 0..<0x20 { samples.append("x" + String(UnicodeScalar(UInt8(c))) + "y") }
        for sample in samples {
            let quoted = JSONSerializer.quote(sample)
            #expect(try JSONParser.parse(quoted).root.stringValue == sample, "\(quoted)")
            var appended = "prefix "
            JSONSerializer.append(quoted: sample, to: &appended)
            #expect(appended == "prefix " + quoted)
            var bytes: [UInt8] = []
            Array(sample.utf8).withUnsafeBufferPointer { JSONSerializer.writeString($0, into: &bytes) }
            #expect(String(decoding: bytes, as: UTF8.self) == quoted)
        }
        #expect(JSONSerializer.quote("a\"b\\c\n") == #""a\"b\\c\n""#)
        #expect(JSONSerializer.quote("\u{01}\u{1F}") == #""\u0001\u001f""#)
        #expect(JSONSerializer.quote("plain é") == "\"plain é\"")
    }

    /// Member lookup walks raw nodes: escaped keys compare decoded, containers are stepped over whole, the first
    /// of duplicate keys wins, and the empty key is a key like any other.
    @Test func looksUpMembersByDecodedKey() throws {
        let doc = try JSONParser.parse(#"{"x": {"ab": 0}, "a\u0062": 1, "": 2, "ab": 3, "list": [{"ab": 4}], "é": 5}"#)
        let root = doc.root
        #expect(root["ab"]?.numberValue == JSONNumber(1))
        #expect(root[""]?.numberValue == JSONNumber(2))
        #expect(root["é"]?.numberValue == JSONNumber(5))
        #expect(root["x"]?["ab"]?.numberValue == JSONNumber(0))
        #expect(root["list"]?[0]?["ab"]?.numberValue == JSONNumber(4))
        #expect(root["a"] == nil && root["abc"] == nil)
        #expect(root["list"]?["ab"] == nil)
    }

    @Test func reportsDuplicateKeysWithBothPositions() throws {
        let doc = try JSONParser.parse("{\n  \"currency\": \"usd\",\n  \"currency\": \"eur\"\n}", name: "dup.json")
        let note = try #require(doc.notes.first)
        #expect(note.kind == .duplicateKey)
        #expect(note.location.description == "dup.json:3:3")
        #expect(note.message.contains("first at line 2, column 3"))
    }

    /// Objects with more than 16 members take a hash table: every repeat is reported once per repeat, against the
    /// first occurrence, whether spelled with escapes or not, and distinct keys never are.
    @Test(arguments: [3, 17, 40, 200])
    func duplicateKeysInObjectsOfEverySize(members: Int) throws {
        var parts = (0..<members).map { "\"k\($0)\": \($0)" }
        parts.append(#""k1": "again""#)  // plain repeat of an early key
        parts.append(#""\u006b2": "escaped""#)  // "k2" spelled with an escape
        parts.append(#""k\u0031": "third""#)  // "k1" a third time
        parts.append(#""k10x": 0"#)  // near miss
        let doc = try JSONParser.parse("{" + parts.joined(separator: ", ") + "}", name: "big.json")
        let dups = doc.notes.filter { $0.kind == .duplicateKey }
        #expect(dups.count == 3, "\(dups.map(\.message))")
        #expect(dups.filter { $0.message.contains(#"duplicate key "k1""#) }.count == 2)
        #expect(dups.contains { $0.message.contains(#"duplicate key "k2""#) })
        #expect(dups.allSatisfy { $0.message.contains("first at line 1, column ") })
    }

    /// Texts up to a megabyte are parsed into a pointer buffer copied out at the end, larger ones straight into an
    /// array; both must give the same tree, duplicate-key notes included.
    @Test func smallAndLargeTextsGiveTheSameTree() throws {
        let items = (0..<60_000).map { #"{"k":\#($0),"s":"x\"y","k":null}"# }
        let large = "[" + items.joined(separator: ",") + "]"
        #expect(large.utf8.count > 1 << 20)
        let parsed = try JSONParser.parse(large)
        #expect(parsed.root.count == 60_000)
        #expect(parsed.notes.count == 60_000)
        let small = try JSONParser.parse("[" + items.prefix(100).joined(separator: ",") + "]")
        #expect(small.notes.count == 100)
        for i in [0, 99] {
            #expect(JSONSerializer.serialize(parsed.root[i]!) == JSONSerializer.serialize(small.root[i]!))
        }
        #expect(parsed.root[59_999]?["s"]?.stringValue == "x\"y")
    }

    @Test func acceptsBOMWithANote() throws {
        let doc = try JSONParser.parse(SourceText(name: "bom.har", bytes: [0xEF, 0xBB, 0xBF] + Array("{\"a\": 1}".utf8)))
        #expect(doc.root["a"]?.numberValue?.int64Value == 1)
        #expect(doc.notes.map(\.kind) == [.byteOrderMark])
    }

    @Test func boundsNestingDepth() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let error = #expect(throws: JSONError.self) { try JSONParser.parse(deep) }
        #expect(error?.message == "nesting is deeper than 512 levels")
        #expect(error?.location.column == 513)
        let ok = try JSONParser.parse(String(repeating: "[", count: 512) + String(repeating: "]", count: 512))
        #expect(ok.nodeCount == 512)
        _ = try JSONParser.parse(deep, options: .init(maxDepth: 200_000))
    }

    @Test(arguments: [
        ("{\"a\": 1,}", "1:9", "expected a string key in double quotes, found '}'"),
        ("[1 2]", "1:4", "expected ',' or ']' after an array element, found '2'"),
        ("{\"a\" 1}", "1:6", "expected ':' after the object key, found '1'"),
        ("\n\n  tru", "3:3", "expected a value (did you mean 'true'?), found 't'"),
        ("[\"\\x\"]", "1:3", "invalid escape '\\x' in a string"),
        ("[\"a\u{01}\"]", "1:4", "control character U+0001 inside a string"),
        ("[\"\\uD800\"]", "1:3", "lone high surrogate \\uD800 in a string: expected a \\uDC00-\\uDFFF escape after it"),
        ("[01]", "1:3", "expected ',' or ']' after an array element, found '1'"),
        ("[-]", "1:3", "expected a digit, found ']'"),
        ("[1.]", "1:4", "expected a digit after the decimal point, found ']'"),
        ("{} x", "1:4", "expected end of input after the top-level value, found 'x'"),
        ("", "1:1", "expected a value, found end of input"),
    ])
    func locatesErrors(input: String, position: String, message: String) {
        let error = #expect(throws: JSONError.self) { try JSONParser.parse(input, name: "t.json") }
        #expect(error?.location.description == "t.json:\(position)")
        #expect(error?.message == message)
    }

    @Test func rejectsInvalidUTF8() {
        let bytes: [UInt8] = Array("[\"ab".utf8) + [0xC3, 0x28] + Array("\"]".utf8)
        let error = #expect(throws: JSONError.self) { try JSONParser.parse(SourceText(name: "u.json", bytes: bytes)) }
        #expect(error?.message == "invalid UTF-8 byte 0xC3 inside a string")
        #expect(error?.location.column == 5)
    }

    @Test func decodesStringsLazilyAndCorrectly() throws {
        let doc = try JSONParser.parse(#"{"k\u00e9y": "a\"b\\c\n\ud83d\ude00", "plain": "x"}"#)
        #expect(doc.root["kéy"]?.stringValue == "a\"b\\c\n😀")
        #expect(doc.root["plain"]?.stringValue == "x")
        #expect(doc.root.keys == ["kéy", "plain"])
    }

    @Test func serializesInSourceOrderAndRoundTrips() throws {
        let source = #"{"z": [1, 2.50, {"a": null}], "a": true, "s": "tab\there \u0001 é"}"#
        let doc = try JSONParser.parse(source)
        let compact = JSONSerializer.serialize(doc.root)
        #expect(compact == #"{"z":[1,2.50,{"a":null}],"a":true,"s":"tab\there \u0001 é"}"#)
        let pretty = JSONSerializer.serialize(doc.root, style: .pretty)
        #expect(pretty.hasPrefix("{\n  \"z\": [\n    1,"))
        #expect(try JSONParser.parse(pretty).root.jsonEquals(doc.root))
    }

    @Test func comparesDocumentsMathematically() throws {
        let a = try JSONParser.parse(#"{"x": 1.0, "y": [1, "é"]}"#)
        let b = try JSONParser.parse(#"{"y": [1e0, "\u00e9"], "x": 1}"#)
        #expect(a.root.jsonEquals(b.root))
        let c = try JSONParser.parse(#"{"y": [1e0, "e"], "x": 1}"#)
        #expect(!a.root.jsonEquals(c.root))
    }

    @Test func mapsLocationsOfStreamedEntriesToTheFile() throws {
        // An entry parsed on its own, starting at line 40, column 7 of its file.
        let text = SourceText(name: "big.har", bytes: Array("{\n  \"a\": x}".utf8), baseOffset: 9000, baseLine: 40, baseColumn: 7)
        let error = #expect(throws: JSONError.self) { try JSONParser.parse(text) }
        #expect(error?.location.description == "big.har:41:8")
        #expect(error?.location.offset == 9009)
    }
}

@Suite("JSON pointer")
struct JSONPointerTests {
    @Test func parsesEscapesAndResolves() throws {
        let doc = try JSONParser.parse(#"{"a/b": {"m~n": [10, 20]}, "": 5}"#)
        let pointer = try JSONPointer(parsing: "/a~1b/m~0n/1")
        #expect(pointer.tokens == ["a/b", "m~n", "1"])
        #expect(pointer.description == "/a~1b/m~0n/1")
        #expect(doc.root.resolve(pointer)?.numberValue?.int64Value == 20)
        #expect(doc.root.resolve(try JSONPointer(parsing: "/"))?.numberValue?.int64Value == 5)
        #expect(doc.root.resolve(try JSONPointer(parsing: "/a~1b/m~0n/01")) == nil)
        #expect(doc.root.resolve(try JSONPointer(parsing: "/a~1b/m~0n/-")) == nil)
        #expect(throws: JSONPointer.ParseError.self) { try JSONPointer(parsing: "a") }
        #expect(throws: JSONPointer.ParseError.self) { try JSONPointer(parsing: "/a~2") }
    }

    @Test func handlesURIFragments() throws {
        let pointer = try JSONPointer(fragment: "#/paths/~1v1~1customers%7Bid%7D/get")
        #expect(pointer.tokens == ["paths", "/v1/customers{id}", "get"])
        #expect(pointer.fragment == "#/paths/~1v1~1customers%7Bid%7D/get")
        #expect(JSONPointer.root.appending("a b").appending(0).description == "/a b/0")
    }
}

@Suite("Document builder")
struct DocumentBuilderTests {
    @Test func buildsTheSameTreeAsTheParser() throws {
        var b = DocumentBuilder()
        b.beginObject()
        b.string("items")
        b.beginArray()
        b.beginObject(); b.string("price"); b.string("p_1"); b.end()
        b.number(JSONNumber("2")!)
        b.end()
        b.string("ok"); b.bool(true)
        b.string("none"); b.null()
        b.end()
        let built = b.build()
        let parsed = try JSONParser.parse(#"{"items": [{"price": "p_1"}, 2], "ok": true, "none": null}"#)
        #expect(built.root.jsonEquals(parsed.root))
        #expect(JSONSerializer.serialize(built.root) == JSONSerializer.serialize(parsed.root))
        #expect(built.root.count == 3)
        #expect(built.root["items"]?[0]?["price"]?.stringValue == "p_1")
        var copy = DocumentBuilder()
        copy.copy(parsed.root)
        #expect(copy.build().root.jsonEquals(parsed.root))
    }
}

@Suite("Line table")
struct LineTableTests {
    /// Line starts found with `memchr` match a byte-by-byte scan, including CR LF, blank and unterminated lines.
    @Test(arguments: ["", "a", "\n", "a\n", "\n\n", "a\r\nb\r\n", "x\ny\n\nz", String(repeating: "line of text\n", count: 500) + "tail"])
    func lineStartsMatchAByteScan(_ text: String) {
        let bytes = Array(text.utf8)
        var expected = [0]
        for (i, b) in bytes.enumerated() where b == 0x0A { expected.append(i + 1) }
        let table = LineTable(bytes)
        #expect(table.lineStarts == expected)
        if let last = bytes.indices.last {
            let position = table.position(of: last)
            #expect(position.line == expected.lastIndex { $0 <= last }! + 1)
        }
    }
}
