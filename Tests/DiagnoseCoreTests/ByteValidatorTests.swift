@testable import DiagnoseCore
import DiagnoseTestSupport
import Foundation
import Testing

/// `SchemaValidator.isValid(json:)` reads bodies straight from their bytes. It may decline (nil) but must never
/// disagree with the parse-then-evaluate path, and must never call malformed text valid.
@Suite("Byte validator agrees with the evaluator")
struct ByteValidatorTests {
    static func validator(_ schema: String, _ dialect: SchemaDialect = .oas30) throws -> SchemaValidator {
        SchemaValidator(registry: SchemaRegistry(), schema: try JSONParser.parse(schema).root, dialect: dialect)
    }

    /// The byte verdict, after checking it against the evaluator on the parsed text (nil: declined or malformed).
    @discardableResult
    static func agree(
        _ v: SchemaValidator, _ text: String, _ options: ValidationOptions = ValidationOptions(),
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) -> Bool? {
        let bytes = v.isValid(json: Array(text.utf8), options: options)
        // The same text recorded in a HAR string (`"text": "{\"id\": …}"`) and read there without unescaping:
        // wherever the parser flags that string as holding only `\"` escapes, the verdict is the plain one.
        if let inString = inHARString(v, text, options) {
            #expect(inString == bytes, "in a JSON string: \(text)", sourceLocation: sourceLocation)
        }
        guard let doc = try? JSONParser.parse(text) else {
            #expect(bytes != true, "malformed text called valid: \(text)", sourceLocation: sourceLocation)
            return nil
        }
        let evaluated = v.isValid(doc.root, options: options)
        if let bytes { #expect(bytes == evaluated, "\(text)", sourceLocation: sourceLocation) }
        return bytes
    }

    /// The verdict on `text` written as a JSON string's payload and read in place, or nil (nil nil) when the
    /// string has escapes other than `\"` (those bodies are decoded first).
    static func inHARString(_ v: SchemaValidator, _ text: String, _ options: ValidationOptions) -> Bool?? {
        guard let node = try? JSONParser.parse(JSONSerializer.quote(text)).root,
            node.raw.flags & RawNode.quoteEscapesOnly != 0
        else { return nil }
        #expect(v.isValid(jsonIn: node, options: options) == node.withPayload { v.isValid(jsonInString: $0, options: options) })
        return .some(node.withPayload { v.isValid(jsonInString: $0, options: options) })
    }

    static let object = #"""
        {"type": "object", "required": ["id", "object"],
         "properties": {
           "id": {"type": "string", "maxLength": 5000},
           "object": {"type": "string", "enum": ["charge"]},
           "amount": {"type": "integer"},
           "ratio": {"type": "number", "nullable": true},
           "paid": {"type": "boolean"},
           "secret": {"type": "string", "writeOnly": true},
           "server": {"type": "string", "readOnly": true},
           "code": {"type": "string", "maxLength": 3, "pattern": "^[a-z]+$"},
           "short": {"type": "string", "minLength": 2, "pattern": "^[a-z]*$"},
           "size": {"enum": [1, 2.5, "x", null, true]},
           "customer": {"anyOf": [{"type": "string", "maxLength": 5000}, {"$ref": "#/$defs/customer"}], "nullable": true},
           "one": {"oneOf": [{"type": "integer"}, {"type": "number", "maximum": 10}]},
           "metadata": {"type": "object", "additionalProperties": {"type": "string", "maxLength": 5}},
           "closed": {"type": "object", "properties": {"a": {"type": "integer"}}, "additionalProperties": false},
           "list": {"type": "array", "items": {"$ref": "#/$defs/customer"}},
           "tags": {"type": "array", "items": {"type": "string"}},
           "few": {"required": ["a", "b"]},
           "many": {"required": ["a", "b", "c"]}
         },
         "$defs": {"customer": {"type": "object", "required": ["id"],
                                "properties": {"id": {"type": "string"}, "deleted": {"type": "boolean"}}}}}
        """#

    static let values: [(String, [String])] = [
        ("id", [#""ch_1""#, "1", "null", #""a\"b""#, #""é""#]),
        ("object", [#""charge""#, #""charg""#, #""ch\u0061rge""#, "1"]),
        ("amount", ["1", "-0", "1.0", "1e2", "1.5", #""1""#, "null", "12345678901234567890123"]),
        ("ratio", ["1.5", "null", "0", #""x""#]),
        ("paid", ["true", "false", "null", "0"]),
        ("secret", [#""s""#]),
        ("server", [#""s""#]),
        ("code", [#""abc""#, #""abcd""#, #""ab1""#, #""ééé""#, #""éééé""#, "7"]),
        ("short", [#""a""#, #""ab""#, #""é""#, #""""#, "1"]),
        ("size", ["1", "1.0", "2.5", "2.50", #""x""#, #""y""#, "null", "true", "false", "[]"]),
        ("customer", [#""cus_1""#, "null", #"{"id": "cus_1"}"#, #"{"id": 1}"#, #"{}"#, "5", #"{"id": "c", "deleted": true}"#]),
        ("one", ["1", "1.5", "11.5", "5", #""x""#]),
        ("metadata", [#"{}"#, #"{"k": "v"}"#, #"{"k": "toolong"}"#, #"{"k": 1}"#, #"{"k\u00e9": "v"}"#]),
        ("closed", [#"{}"#, #"{"a": 1}"#, #"{"b": 1}"#, #"{"a": "x"}"#]),
        ("list", ["[]", #"[{"id": "a"}, {"id": "b"}]"#, #"[{"id": "a"}, {}]"#, #"[{"id": "a"}, 1]"#, "{}"]),
        ("tags", ["[]", #"["a", "b"]"#, #"["a", 1]"#, #"[["a"]]"#]),
        ("few", [#"{"a": 1, "b": 2}"#, #"{"a": 1}"#, #"{"b": 1, "a": {}}"#, "1"]),
        ("many", [#"{"a": 1, "b": 2, "c": 3}"#, #"{"a": 1, "c": 3}"#]),
    ]

    /// Each property alone and next to a required base, in every mode and both dialects that use it.
    @Test func everyKeywordAgreesWhereItAnswers() throws {
        var answered: Set<Bool> = []
        for dialect in [SchemaDialect.oas30, .draft2020_12] {
            let v = try Self.validator(Self.object, dialect)
            for mode in [ValidationOptions.Mode.request, .response, .neutral] {
                let options = ValidationOptions(mode: mode)
                for (name, list) in Self.values {
                    for value in list {
                        let text = #"{"id": "ch_1", "object": "charge", "\#(name)": \#(value)}"#
                        if let verdict = Self.agree(v, text, options) { answered.insert(verdict) }
                        Self.agree(v, #"{"\#(name)": \#(value)}"#, options)
                        Self.agree(v, #" { "object" : "charge" ,"id":"x",  "\#(name)"  :  \#(value)  } "#, options)
                    }
                }
            }
        }
        #expect(answered == [true, false])
    }

    @Test func declinesWhatOnlyTheEvaluatorCanDecide() throws {
        let v = try Self.validator(Self.object)
        // Escaped keys, integer-ness of 1.0, byte-order marks, and draft-04's literal integers.
        #expect(v.isValid(json: Array(#"{"\u0069d": "x", "object": "charge"}"#.utf8)) == nil)
        #expect(v.isValid(json: Array(#"{"id": "x", "object": "charge", "amount": 1.0}"#.utf8)) == nil)
        #expect(v.isValid(json: [0xEF, 0xBB, 0xBF] + Array(#"{"id": "x", "object": "charge"}"#.utf8)) == nil)
        let draft4 = try Self.validator(#"{"type": "integer"}"#, .draft4)
        #expect(draft4.isValid(json: Array("1".utf8)) == nil)
        // A plain valid object is answered.
        #expect(v.isValid(json: Array(#"{"id": "x", "object": "charge", "amount": 5}"#.utf8)) == true)
        #expect(v.isValid(json: Array(#"{"id": "x", "object": "refund"}"#.utf8)) == false)
    }

    /// A string whose only escapes are `\"` (JSON text inside a HAR string) is flagged so the byte validator can
    /// read it in place; any other escape, wherever it falls in the eight-byte words the scanner reads, clears the
    /// flag, and the rest of the string is scanned (and decoded) as before.
    @Test func flagsStringsWhoseOnlyEscapesAreQuotes() throws {
        for offset in 0...17 {
            let pad = String(repeating: "a", count: offset)
            let quotes = try JSONParser.parse(#"["\#(pad)\"x\"\#(pad)", "\#(pad)", "\"\#(pad)\""]"#).root
            let plain = quotes[1]!
            #expect(plain.raw.flags & (RawNode.escaped | RawNode.quoteEscapesOnly) == 0)
            for node in [quotes[0]!, quotes[2]!] {
                #expect(node.raw.flags & RawNode.escaped != 0 && node.raw.flags & RawNode.quoteEscapesOnly != 0)
            }
            #expect(quotes[0]?.stringValue == pad + "\"x\"" + pad)
            for (escape, decoded) in [(#"\n"#, "\n"), (#"\\"#, "\\"), (#"\/"#, "/"), (#"\u00e9"#, "é"), (#"\t"#, "\t")] {
                for (text, value) in [
                    (#""\#(pad)\#(escape)\#(pad)""#, pad + decoded + pad),
                    (#""\"\#(pad)\#(escape)\"""#, "\"" + pad + decoded + "\""),
                    (#""\#(pad)\#(escape)\"\#(pad)""#, pad + decoded + "\"" + pad),
                ] {
                    let node = try JSONParser.parse(text).root
                    #expect(node.raw.flags & RawNode.escaped != 0, "\(text)")
                    #expect(node.raw.flags & RawNode.quoteEscapesOnly == 0, "\(text)")
                    #expect(node.stringValue == value, "\(text)")
                }
            }
        }
        // Errors after an escape other than `\"` are found and located as before.
        for (input, position, message) in [
            (#"["a\nb\x"]"#, "1:7", "invalid escape '\\x' in a string"), (#"["\\ab"#, "1:2", "unterminated string: expected '\"', found end of input"),
            ("[\"\\n\u{01}\"]", "1:5", "control character U+0001 inside a string"),
        ] {
            let error = #expect(throws: JSONError.self) { try JSONParser.parse(input, name: "t.json") }
            #expect(error?.location.description == "t.json:\(position)", "\(input)")
            #expect(error?.message == message, "\(input)")
        }
    }

    /// A HAR file records a JSON body as a string: compact bodies, whose only escapes there are `\"`, are read in
    /// place (no unescaped copy); a body with any other escape in its string (pretty-printed, a backslash or a
    /// `\u` escape inside one of its strings, an escaped solidus) is declined, to be decoded first.
    @Test func bodiesInsideJSONStringsAreReadInPlace() throws {
        let v = try Self.validator(Self.object)
        let options = ValidationOptions(mode: .response)
        let read: [(String, Bool)] = [
            (#"{"id":"ch_1","object":"charge","amount":5}"#, true),
            (#"{"id": "ch_1", "object": "charge", "amount": 5}"#, true),
            (#"{"id":"ch_1","object":"refund"}"#, false),
            (#"{"id":"ch_1","object":"charge","list":[{"id":"a"},{"id":"b"}],"customer":null}"#, true),
            (#"{"id":"ch_1","object":"charge","code":"ab1"}"#, false),
            (#"{"id":"é€😀","object":"charge"}"#, true),
            (#"{"object":"charge"}"#, false),
            (#"{"id":"ch_1","object":"charge","amount":1.0}"#, nil),
        ].compactMap { text, expected in expected.map { (text, $0) } }
        for (text, expected) in read {
            #expect(Self.inHARString(v, text, options) == .some(expected), "\(text)")
            #expect(Self.agree(v, text, options) == expected, "\(text)")
        }
        #expect(Self.inHARString(v, #"{"id":"ch_1","object":"charge","amount":1.0}"#, options) == .some(nil))
        for text in [
            "{\n  \"id\": \"ch_1\",\n  \"object\": \"charge\"\n}", #"{"id":"a\"b","object":"charge"}"#,
            #"{"id":"a\\b","object":"charge"}"#, #"{"id":"\u00e9","object":"charge"}"#, "{\"id\":\"a\tb\",\"object\":\"charge\"}",
        ] {
            #expect(Self.inHARString(v, text, options) == nil, "\(text)")
            Self.agree(v, text, options)
        }
        // Written by hand: a solidus escaped in the HAR string.
        let solidus = try JSONParser.parse(#""{\"id\":\"a\/b\",\"object\":\"charge\"}""#).root
        #expect(solidus.raw.flags & RawNode.quoteEscapesOnly == 0)
        // Malformed bodies whose strings hold only `\"`: never valid.
        for payload in [#"{\"id\":\"x\",\"object\":\"charge\"} \"x\""#, #"\"x\" \"y\""#, #"{\"id\":\"x\"\"object\":1}"#] {
            let node = try JSONParser.parse("\"" + payload + "\"").root
            #expect(node.raw.flags & RawNode.quoteEscapesOnly != 0)
            #expect(node.withPayload { v.isValid(jsonInString: $0, options: options) } != true, "\(payload)")
        }
    }

    /// Strings inside a body recorded in a HAR string end at the next backslash, found sixteen bytes at a time:
    /// keys and values of every length across two steps, ending at the text's end or followed by more members,
    /// get the evaluator's verdict (`code` allows three letters, `metadata` values five), read in place and plain.
    @Test func inStringScansEndStringsAtEveryLength() throws {
        let v = try Self.validator(Self.object)
        let options = ValidationOptions(mode: .response)
        for length in 0..<40 {
            let s = String(repeating: "a", count: length)
            for text in [
                #"{"id":"\#(s)","object":"charge"}"#, #"{"object":"charge","id":"\#(s)"}"#,
                #"{"id":"x","object":"charge","code":"\#(s)"}"#, #"{"id":"x","object":"charge","metadata":{"\#(s)":"\#(s)"}}"#,
                #"{"id":"x","object":"charge","\#(s)":1}"#,
            ] {
                #expect(Self.inHARString(v, text, options) != nil, "\(text)")
                Self.agree(v, text, options)
            }
        }
    }

    /// Keys are predicted (the next declared name compared in place) and looked up on a miss: in order, out of
    /// order, with names that are prefixes of one another, names a JSON string cannot hold verbatim, a predicted
    /// name followed by more key bytes, and unterminated keys, the verdict is the evaluator's.
    @Test func predictedKeysAgreeWithLookedUpOnes() throws {
        let v = try Self.validator(#"""
            {"type": "object", "required": ["a"],
             "properties": {"a": {"type": "integer"}, "ab": {"type": "string"}, "a\"b": {"type": "boolean"},
                            "b\\c": {"type": "integer"}, "é": {"type": "null"}, "long_name_over_eight": {"type": "integer"}}}
            """#)
        let texts = [
            #"{"a": 1, "ab": "x", "a\"b": true, "b\\c": 2, "é": null, "long_name_over_eight": 3}"#,
            #"{"long_name_over_eight": 3, "é": null, "ab": "x", "a": 1}"#,
            #"{"a": 1, "ab": 2}"#, #"{"ab": "x", "a": "1"}"#, #"{"a": 1, "abc": 2}"#, #"{"a": 1, "a\"b": 1}"#,
            #"{"a": 1, "b\\c": "x"}"#, #"{"a": 1, "long_name_over_eight": 3.5}"#, #"{"a": 1, "long_name_over_eigh": "x"}"#,
            #"{"a": 1, "é": 0}"#, #"{"a"#, #"{"a": 1, "ab"#, #"{"a": 1, "ab": "x""#, #"{"ab": "x"}"#,
            #"{"a": 1, "a": "x"}"#, #"{ "a" : 1 , "ab" : "x" }"#,
        ]
        var answered = 0
        for text in texts where Self.agree(v, text) != nil { answered += 1 }
        #expect(answered == 9, "all but the escaped keys and the malformed texts are answered from the bytes")
        #expect(v.isValid(json: Array(#"{"a": 1, "ab": "x", "long_name_over_eight": 3}"#.utf8)) == true)
        #expect(v.isValid(json: Array(#"{"a": 1, "ab": 2}"#.utf8)) == false)
    }

    /// A body may leave optional members out: the next two declared names are tried in place before a look-up,
    /// and the verdict is the evaluator's whether the gap is one name, three, or more than the lookahead.
    @Test func predictionSkipsOmittedMembers() throws {
        let v = try Self.validator(#"""
            {"type": "object", "required": ["a"],
             "properties": {"a": {"type": "integer"}, "b": {"type": "string"}, "c": {"type": "integer"},
                            "d": {"type": "string"}, "e": {"type": "integer"}, "f": {"type": "string"},
                            "g": {"type": "integer"}}}
            """#)
        let texts = [
            #"{"a": 1, "c": 2, "e": 3, "g": 4}"#, #"{"a": 1, "e": 3}"#, #"{"a": 1, "g": 4}"#, #"{"a": 1, "f": "x", "g": 4}"#,
            #"{"a": 1, "c": "x"}"#, #"{"a": 1, "e": "x"}"#, #"{"a": 1, "g": "x"}"#, #"{"a": 1, "d": 1, "e": 2}"#,
            #"{"b": "x", "g": 1}"#, #"{"a": 1, "e": 3, "b": "x"}"#, #"{"a": 1, "z": 0, "c": 2}"#,
        ]
        for text in texts { #expect(Self.agree(v, text) != nil, "\(text) is answered from the bytes") }
        #expect(v.isValid(json: Array(#"{"a": 1, "e": 3, "g": 4}"#.utf8)) == true)
        #expect(v.isValid(json: Array(#"{"a": 1, "g": "x"}"#.utf8)) == false)
        #expect(v.isValid(json: Array(#"{"b": "x", "g": 1}"#.utf8)) == false)
    }

    /// Property and branch schemas that only wrap another (`$ref`, `anyOf` of one, chains of them, `nullable` on
    /// the way or not) are followed from the parent's cache to where they end: the verdicts are the evaluator's,
    /// for objects, nulls, scalars and malformed nulls, on the first read (which fills the cache) and on the next;
    /// a draft-04 wrapper is still handed to the evaluator.
    @Test func wrappersAreFollowedFromTheParent() throws {
        let schema = #"""
            {"type": "object",
             "properties": {
               "plain": {"$ref": "#/$defs/obj"},
               "nullable": {"anyOf": [{"$ref": "#/$defs/obj"}], "nullable": true},
               "chain": {"$ref": "#/$defs/wrapper"},
               "branch": {"anyOf": [{"type": "string", "maxLength": 5}, {"$ref": "#/$defs/wrapper"}]},
               "strict": {"oneOf": [{"type": "integer"}, {"$ref": "#/$defs/obj"}]}
             },
             "$defs": {"obj": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}},
                       "wrapper": {"anyOf": [{"$ref": "#/$defs/obj"}], "nullable": true}}}
            """#
        let values = [#"{"id": "x"}"#, "{}", #"{"id": 1}"#, "null", "nul", #""abc""#, #""abcdefg""#, "1", "[]"]
        var answered = 0
        for dialect in [SchemaDialect.oas30, .draft2020_12] {
            let v = try Self.validator(schema, dialect)
            for _ in 0..<2 {
                for name in ["plain", "nullable", "chain", "branch", "strict"] {
                    for value in values where Self.agree(v, #"{"\#(name)": \#(value)}"#) != nil { answered += 1 }
                }
            }
        }
        #expect(answered > 100)
        let oas = try Self.validator(schema)
        #expect(oas.isValid(json: Array(#"{"nullable": null, "chain": null, "branch": null}"#.utf8)) == true)
        #expect(oas.isValid(json: Array(#"{"plain": null}"#.utf8)) == false)
        #expect(oas.isValid(json: Array(#"{"branch": {"id": "x"}, "strict": {"id": "y"}}"#.utf8)) == true)
        #expect(oas.isValid(json: Array(#"{"chain": {}}"#.utf8)) == false)
        let draft4 = try Self.validator(
            ##"{"properties": {"a": {"$ref": "#/definitions/o"}}, "definitions": {"o": {"type": "object"}}}"##, .draft4)
        #expect(draft4.isValid(json: Array(#"{"a": {}}"#.utf8)) == nil)
    }

    /// Text the parser rejects is never valid, whatever the schema; nesting deeper than the byte reader follows
    /// is declined, not misread.
    @Test func malformedTextIsNeverValid() throws {
        let anything = try Self.validator("{}")
        let typed = try Self.validator(Self.object)
        let texts = [
            "", " ", "{", "}", "[", "[1,]", "{,}", #"{"a" 1}"#, #"{"a":}"#, #"{"a":1,}"#, "[1 2]", "tru", "nul", "01",
            "1.", "-", #""abc"#, "\"a\u{01}b\"", #""\x""#, #"{"id": "x", "object": "charge"} x"#, "[1]]", "{}}", "\u{FEFF}{}",
            #"{"id": "x", "object": "charge", "amount": 1,}"#, #"{"id": "x", "object": "charge", "metadata": {"k": "v",}}"#,
            #"{"id": "x" "object": "charge"}"#, #"{"id": "x", "object": "charge", "list": [{"id": "a"},]}"#,
            String(repeating: "[", count: 100) + String(repeating: "]", count: 99),
            #"{"id": "x", "object": "charge", "tags": ["a" "b"]}"#, "[\"\u{7F}\", \"\\ud800\"]",
        ]
        for text in texts {
            Self.agree(anything, text)
            Self.agree(typed, text)
            #expect(anything.isValid(json: Array(text.utf8)) != true || (try? JSONParser.parse(text)) != nil, "\(text)")
        }
        let deep = String(repeating: "[", count: 70) + String(repeating: "]", count: 70)
        #expect(anything.isValid(json: Array(deep.utf8)) == nil)
        #expect(Self.agree(anything, String(repeating: "[", count: 60) + String(repeating: "]", count: 60)) == true)
    }

    /// JSONTestSuite: no rejected file is valid; accepted files are valid or declined.
    @Test(.enabled(if: TestPaths.hasCorpus, TestPaths.corpusMissing))
    func jsonTestSuiteFiles() throws {
        let anything = try Self.validator("{}")
        let folder = JSONTestSuiteTests.folder
        var accepted = 0
        for name in TestPaths.corpusFiles(folder) {
            let bytes = Array(try Data(contentsOf: TestPaths.corpus(folder)!.appendingPathComponent(name)))
            let verdict = anything.isValid(json: bytes)
            if name.hasPrefix("n_") { #expect(verdict != true, "\(name)") }
            if name.hasPrefix("y_") {
                #expect(verdict != false, "\(name)")
                if verdict == true { accepted += 1 }
            }
        }
        #expect(accepted > 50)
    }

    /// Generated Stripe responses for every operation, and mutations of them: the byte reader answers almost all
    /// valid ones, and agrees with the evaluator on everything it answers.
    @Test(.enabled(if: SchemaCorpus.available, TestPaths.corpusMissing), .tags(.slow))
    func stripeResponsesAndMutations() throws {
        let spec = try OpenAPI.Loader.load(path: SchemaCorpus.url("specs/stripe/spec3.json")!.path)
        let checker = SpecChecker(spec: spec, options: CheckOptions())
        var rng = DifferentialRNG(state: 2024)
        var valid = 0
        var answeredValid = 0
        var mutated = 0
        var answeredMutated = 0
        for (index, operation) in spec.operations.enumerated() where !operation.deprecated {
            var generator = ExampleGenerator(spec: spec, seed: UInt64(index))
            let exchange = generator.exchange(for: operation)
            guard let response = exchange.response, let body = response.body,
                let media = operation.response(forStatus: response.status)?.content.first(where: {
                    HTTPMediaType.isJSON($0.mediaType)
                }), let schema = media.schema
            else { continue }
            let v = checker.validator(for: schema)
            let options = ValidationOptions(mode: .response)
            let text = body.text
            guard let doc = try? JSONParser.parse(text) else { continue }
            if v.isValid(doc.root, options: options) {
                valid += 1
                if Self.agree(v, text, options) == true { answeredValid += 1 }
            }
            for _ in 0..<6 {
                let mutant = Self.mutate(doc.root, rng: &rng)
                mutated += 1
                if Self.agree(v, mutant, options) != nil { answeredMutated += 1 }
            }
        }
        print("byte validator on Stripe: answered \(answeredValid) of \(valid) valid responses, \(answeredMutated) of \(mutated) mutations")
        #expect(valid > 300)
        #expect(Double(answeredValid) >= 0.9 * Double(valid), "answered \(answeredValid) of \(valid) valid bodies")
        #expect(answeredMutated > mutated / 2, "answered \(answeredMutated) of \(mutated) mutated bodies")
    }

    /// The text of `node` with one value somewhere replaced, removed or added.
    static func mutate(_ node: Node, rng: inout DifferentialRNG) -> String {
        let pool = ["null", "true", "0", "-1", "1.5", "\"\"", "\"x\"", "[]", "{}", "\"ch_1\"", "[1]", "{\"id\": 1}"]
        var target = Int.random(in: 0..<max(1, node.document.nodes.count), using: &rng)
        func write(_ n: Node) -> String {
            defer { target -= 1 }
            if target == 0 {
                switch Int.random(in: 0..<3, using: &rng) {
                case 0 where n.kind == .object:
                    var members = n.members.map { JSONSerializer.quote($0.key.stringValue!) + ": " + JSONSerializer.serialize($0.value) }
                    if !members.isEmpty { members.remove(at: Int.random(in: 0..<members.count, using: &rng)) }
                    return "{" + members.joined(separator: ", ") + "}"
                case 1 where n.kind == .object:
                    return "{\"zz_added\": 1" + (n.count > 0 ? ", " : "") + String(JSONSerializer.serialize(n).dropFirst())
                default:
                    return pool.randomElement(using: &rng)!
                }
            }
            switch n.kind {
            case .object:
                return "{" + n.members.map { JSONSerializer.quote($0.key.stringValue!) + ":" + write($0.value) }.joined(separator: ",") + "}"
            case .array:
                return "[" + n.elements.map(write).joined(separator: ",") + "]"
            default:
                return JSONSerializer.serialize(n)
            }
        }
        return write(node)
    }
}
