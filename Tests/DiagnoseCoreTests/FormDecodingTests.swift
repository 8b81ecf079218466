import DiagnoseCore
import DiagnoseTestSupport
import Testing

@Suite("Form decoding")
struct FormDecodingTests {
    @Test func splitsAndPercentDecodesPairs() {
        let pairs = FormDecoding.pairs("a=1&b=x+y%20z&&flag&c%5Bk%5D=%E2%82%AC&bad=%zz")
        #expect(pairs.map(\.name) == ["a", "b", "flag", "c[k]", "bad"])
        #expect(pairs.map(\.value) == ["1", "x y z", "", "€", "%zz"])
        #expect(pairs[2].hasValue == false)
        #expect(pairs[1].offset == 4)
        #expect(pairs[3].bracketPath == ["k"])
        #expect(FormPair(name: "a[b", value: "").bracketPath == nil)
        #expect(FormDecoding.percentDecode("a+b%2F") == "a+b/")
    }

    /// Escapes that decode to invalid UTF-8 become U+FFFD (as `String(decoding:)` repairs them), with the rest of
    /// the name or value kept; a `%` too close to the end stays literal.
    @Test func invalidUTF8FromEscapesIsRepaired() {
        let pairs = FormDecoding.pairs("n%FFame=%C3&long%5Bname%5D%5Bwith%5D=v%E2%82%AC%E2%82&end=%4")
        #expect(pairs.map(\.name) == ["n\u{FFFD}ame", "long[name][with]", "end"])
        #expect(pairs.map(\.value) == ["\u{FFFD}", "v€\u{FFFD}", "%4"])
        let long = String(repeating: "%41", count: 40) + "%FF"
        #expect(FormDecoding.percentDecode(long) == String(repeating: "A", count: 40) + "\u{FFFD}")
    }

    /// The decoder finds separators with `memchr` and tests for escapes a word at a time; a byte-by-byte reading
    /// of the same rules must agree on names, values, offsets and `hasValue`, for both meanings of `+`, on random
    /// texts dense in separators, escapes, long runs and multi-byte characters.
    @Test func agreesWithAByteByByteReading() {
        func reference(_ text: String, plusIsSpace: Bool) -> [FormPair] {
            let bytes = Array(text.utf8)
            func decode(_ part: ArraySlice<UInt8>) -> String {
                var out: [UInt8] = []
                var i = part.startIndex
                while i < part.endIndex {
                    let c = part[i]
                    if c == UInt8(ascii: "%"), i + 2 < part.endIndex, let h = UInt8(String(decoding: part[(i + 1)...(i + 2)], as: UTF8.self), radix: 16),
                        part[i + 1] != UInt8(ascii: "+"), part[i + 1] != UInt8(ascii: "-")
                    {
                        out.append(h)
                        i += 3
                    } else {
                        out.append(plusIsSpace && c == UInt8(ascii: "+") ? 0x20 : c)
                        i += 1
                    }
                }
                return String(decoding: out, as: UTF8.self)
            }
            var pairs: [FormPair] = []
            var start = 0
            for i in 0...bytes.count where i == bytes.count || bytes[i] == UInt8(ascii: "&") {
                defer { start = i + 1 }
                guard i > start else { continue }
                let part = bytes[start..<i]
                if let eq = part.firstIndex(of: UInt8(ascii: "=")) {
                    pairs.append(FormPair(name: decode(bytes[start..<eq]), value: decode(bytes[(eq + 1)..<i]), offset: start))
                } else {
                    pairs.append(FormPair(name: decode(part), value: "", offset: start, hasValue: false))
                }
            }
            return pairs
        }
        var rng = SplitMix64(state: 20261206)
        let pieces = ["a", "metadata", "[", "]", "%5B", "%5D", "=", "&", "&&", "+", "%2B", "%20", "%", "%4", "%zz", "%E2%82%AC",
            "%FF", "é", "中", "long_name_of_a_field_", "x", "0"]
        for _ in 0..<2_000 {
            var text = ""
            for _ in 0..<Int.random(in: 0...40, using: &rng) { text += pieces.randomElement(using: &rng)! }
            for plus in [true, false] {
                let got = FormDecoding.pairs(text, plusIsSpace: plus)
                let want = reference(text, plusIsSpace: plus)
                #expect(got == want, "\(text.debugDescription) plusIsSpace: \(plus)")
                if got != want { return }
            }
        }
    }

    @Test func nestsBracketsIntoObjectsAndArrays() {
        let tree = FormDecoding.nest(
            FormDecoding.pairs(
                "amount=2000&metadata[order_id]=6735&expand[]=customer&expand[]=invoice&items[0][price]=p_1&items[0][quantity]=2&items[1][price]=p_2&tag=a&tag=b"
            ))
        guard case .object(let members, _) = tree else {
            Issue.record("expected an object")
            return
        }
        #expect(members.map(\.key) == ["amount", "metadata", "expand", "items", "tag"])
        #expect(members[1].value == .object([("order_id", .string("6735", offset: 0))], offset: 0))
        #expect(members[2].value == .array([.string("customer", offset: 0), .string("invoice", offset: 0)], offset: 0))
        guard case .object(let items, _) = members[3].value else {
            Issue.record("items should nest by index")
            return
        }
        #expect(items.map(\.key) == ["0", "1"])
        #expect(members[4].value == .array([.string("a", offset: 0), .string("b", offset: 0)], offset: 0))
    }

    static let spec = """
        {
          "type": "object",
          "properties": {
            "amount": {"type": "integer"},
            "confirm": {"type": "boolean"},
            "expand": {"type": "array", "items": {"type": "string", "maxLength": 5000}},
            "items": {"type": "array", "items": {"$ref": "#/defs/item"}},
            "metadata": {"anyOf": [{"type": "object", "additionalProperties": {"type": "string"}}, {"type": "string", "enum": [""]}]},
            "created": {"anyOf": [{"type": "object", "properties": {"gte": {"type": "integer"}}}, {"type": "integer"}]},
            "description": {"anyOf": [{"type": "string", "maxLength": 5000}, {"type": "string", "enum": [""]}]},
            "application_fee": {"anyOf": [{"type": "integer"}, {"type": "string", "enum": [""]}]}
          },
          "defs": {"item": {"type": "object", "properties": {"price": {"type": "string"}, "quantity": {"type": "integer"}}}}
        }
        """

    func coerce(_ query: String) throws -> String {
        let doc = try JSONParser.parse(Self.spec)
        let coercion = SchemaCoercion { node in
            guard let ref = node["$ref"]?.stringValue, let pointer = try? JSONPointer(fragment: ref) else { return nil }
            return doc.root.resolve(pointer)
        }
        let text = SourceText(name: "body", string: query)
        let viaValue = JSONSerializer.serialize(
            coercion.coerce(FormDecoding.nest(FormDecoding.pairs(query)), schema: doc.root, text: text).root)
        // Form bodies skip the `FormValue` tree: both ways must type the same document.
        let viaPairs = JSONSerializer.serialize(
            coercion.coerce(pairs: FormDecoding.pairs(query), schema: doc.root, text: text).root)
        #expect(viaPairs == viaValue, "\(query)")
        return viaValue
    }

    /// Member schemas are found by the decoded key's bytes: escaped and non-ASCII keys, a key that is only a prefix
    /// of a property, and a duplicated property name (the first one wins, as in the validator).
    @Test func membersFindTheirPropertyByBytes() throws {
        let schema = try JSONParser.parse(
            #"{"properties": {"n": {"type": "integer"}, "n": {"type": "string"}, "é": {"type": "integer"}, "amount": {"type": "integer"}}, "additionalProperties": {"type": "boolean"}}"#)
        let coercion = SchemaCoercion { _ in nil }
        func typed(_ body: String) -> String {
            JSONSerializer.serialize(
                coercion.coerce(pairs: FormDecoding.pairs(body), schema: schema.root, text: SourceText(name: "b", string: body)).root)
        }
        #expect(typed("n=5&%C3%A9=6&amoun=true&amount=7") == #"{"n":5,"é":6,"amoun":true,"amount":7}"#)
        #expect(typed("x=1") == #"{"x":"1"}"#)
    }

    /// Branches that refer to each other (`A: anyOf [B]`, `B: anyOf [A]`) once sent coercion into endless recursion.
    @Test func branchCyclesEndInsteadOfRecursingForever() throws {
        let doc = try JSONParser.parse(##"{"a": {"anyOf": [{"$ref": "#/b"}, {"type": "integer"}]}, "b": {"oneOf": [{"$ref": "#/a"}]}}"##)
        let coercion = SchemaCoercion { node in
            guard let ref = node["$ref"]?.stringValue, let pointer = try? JSONPointer(fragment: ref) else { return nil }
            return doc.root.resolve(pointer)
        }
        let typed = coercion.coerce(pairs: FormDecoding.pairs("n=5"), schema: doc.root["a"], text: SourceText(name: "q", string: "n=5"))
        #expect(typed.root["n"]?.kind == .string)
        #expect(coercion.coerce("7", schema: doc.root["a"]).root.kind == .number)
    }

    @Test func coercesByTheSchemaBranchThatFits() throws {
        #expect(
            try coerce("amount=2000&confirm=true&expand[]=customer&items[1][price]=p_2&items[0][price]=p_1&items[0][quantity]=2")
                == #"{"amount":2000,"confirm":true,"expand":["customer"],"items":[{"price":"p_1","quantity":2},{"price":"p_2"}]}"#)
        #expect(try coerce("metadata[order_id]=6735&created[gte]=1700000000") == #"{"metadata":{"order_id":"6735"},"created":{"gte":1700000000}}"#)
        #expect(try coerce("metadata=&description=&application_fee=") == #"{"metadata":"","description":"","application_fee":""}"#)
        #expect(try coerce("created=1700000000&application_fee=12") == #"{"created":1700000000,"application_fee":12}"#)
        // Values the schema cannot take stay strings, for the validator to explain.
        #expect(try coerce("amount=10.99&confirm=yes") == #"{"amount":"10.99","confirm":"yes"}"#)
        // A single value where an array is expected becomes an array of one.
        #expect(try coerce("expand=customer") == #"{"expand":["customer"]}"#)
        // Unknown fields are kept, as strings.
        #expect(try coerce("amout=1") == #"{"amout":"1"}"#)
    }

    @Test func keepsOffsetsForLocations() throws {
        let doc = try JSONParser.parse(Self.spec)
        let coercion = SchemaCoercion { _ in nil }
        let text = SourceText(name: "req#1 body", string: "currency=usd&amount=x")
        let typed = coercion.coerce(FormDecoding.nest(FormDecoding.pairs(text.lineText(at: 0))), schema: doc.root, text: text)
        #expect(typed.root["amount"]?.location.column == 14)
    }
}
