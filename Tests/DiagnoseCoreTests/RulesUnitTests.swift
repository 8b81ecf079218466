@testable import DiagnoseCore
import DiagnoseTestSupport
import Foundation
import Testing

@Suite("Integration rule helpers")
struct RulesUnitTests {
    @Test(arguments: [
        ("10.99", 2, Int64(1099)), ("10.995", 2, 1100), ("0.5", 2, 50), ("500.5", 0, 501), ("1.2345", 3, 1235),
        ("7.1", 2, 710),
    ])
    func amountsConvertToMinorUnits(value: String, exponent: Int, expected: Int64) {
        #expect(ParamRules.minorUnits(value, exponent: exponent) == expected)
    }

    @Test func currencyExponents() {
        #expect(ParamRules.exponent(of: "usd") == 2)
        #expect(ParamRules.exponent(of: "jpy") == 0)
        #expect(ParamRules.exponent(of: "kwd") == 3)
    }

    @Test(arguments: [
        ("sk_test_4eC39HqLyjWDarjtT1zdp7dc", "sk", false), ("pk_live_abcd1234", "pk", true),
        ("rk_test_51HxQz", "rk", false),
    ])
    func recognisesKeys(text: String, type: String, live: Bool) throws {
        let key = try #require(APIKey(Substring(text)))
        #expect(key.type == type)
        #expect(key.live == live)
    }

    @Test(arguments: ["sk_test_", "sk_prod_abcdefgh", "xk_test_abcdefgh", "sk_test_abc def", "sk_live_[redacted:1a2b]", "Bearer"])
    func rejectsNonKeys(text: String) {
        #expect(APIKey(Substring(text)) == nil)
    }

    @Test func findsLivemodeWithoutParsing() {
        #expect(AuthRules.firstLivemode(Array(#"{"id": "cus_1", "livemode": true}"#.utf8)) == true)
        #expect(AuthRules.firstLivemode(Array(#"{"livemode":false,"x":{"livemode":true}}"#.utf8)) == false)
        #expect(AuthRules.firstLivemode(Array(#"{"id": "cus_1"}"#.utf8)) == nil)
        #expect(AuthRules.firstLivemode(Array(#"{"livemode""#.utf8)) == nil)
        // The search anchors on the key's `v`: earlier `v`s, a near miss and a cut-off key are passed over.
        #expect(AuthRules.firstLivemode(Array(#"{"v":"vv","version":"v1","livemodes":1,"livemode" :\#ttrue}"#.utf8)) == true)
        #expect(AuthRules.firstLivemode(Array(#"{"livemod":true,"livemode":false}"#.utf8)) == false)
        #expect(AuthRules.firstLivemode(Array(#"{"a":"livemode","livemode":false}"#.utf8)) == nil)
        #expect(AuthRules.firstLivemode(Array(#""livemode""#.utf8)) == nil)
        #expect(AuthRules.firstLivemode([]) == nil)
        // A body recorded in a HAR string is searched there, without unescaping it, with the same answers.
        for text in [
            #"{"id": "cus_1", "livemode": true}"#, #"{"livemode":false,"x":{"livemode":true}}"#, #"{"id": "cus_1"}"#,
            #"{"a":"livemode","livemode":false}"#, #"{"note":"say \"livemode\": true","livemode":false}"#,
            "{\n  \"livemode\": true\n}",
        ] {
            let node = try! JSONParser.parse(JSONSerializer.quote(text)).root
            let body = HTTPBody(storage: .jsonString(node, base64: false), mediaType: "application/json")
            #expect(AuthRules.firstLivemode(body) == AuthRules.firstLivemode(Array(text.utf8)), "\(text)")
        }
    }

    /// The byte-level shortcut for well-formed `Authorization` headers accepts only what the general reading
    /// accepts: every malformed shape (each reason of `auth.malformed-header`) takes the general reading.
    @Test func wellFormedAuthorizationIsDecidedOnTheBytes() {
        for header in [
            "Bearer sk_test_4eC39HqLyjWDarjtT1zdp7dc", "bearer x", "BEARER x.y-z", "Bearer bearerx",
            "Basic c2tfdGVzdF8xOg==", "basic dXNlcjpwYXNz", "BASIC Og==",
        ] {
            #expect(AuthRules.isWellFormed(header), "\(header)")
        }
        for header in [
            "", "Bearer", "Bearer ", "Bearer  x", " Bearer x", "Bearer x ", "Bearer\tx", "Bearer x\ty", "Bearer x\n",
            "Bearer bearer", "Bearer BEARER", "Bearer \"x\"", "Bearer 'x", "Bearer x'", "Bearer \"", "Bearerx y",
            "Basic user:pass", "Basic dXNlcg==", "Basic c2tf", "Basic ", "Basic  dXNlcjpwYXNz", "Basic dXNlcjpwYXNz ",
            "Basic dXNlcjpwYXN=", "Token sk_test_1", "sk_test_4eC39HqLyjWDarjtT1zdp7dc", "Beare x", "Basi x",
        ] {
            #expect(!AuthRules.isWellFormed(header), "\(header)")
        }
    }

    @Test func findsLiveKeysInText() {
        #expect(LiveSecretStream.liveKey(in: "description=rk_live_51HxQzRestrictedLive9876&x=1") == "rk_live_51HxQzRestrictedLive9876")
        #expect(LiveSecretStream.liveKey(in: "sk_live_[redacted:1a2b]") == nil)
        #expect(LiveSecretStream.liveKey(in: "pk_live_abcdefghijkl") == nil)
        #expect(LiveSecretStream.liveKey(in: "no keys here") == nil)
        // At the very start, after a near miss, inside a token (not a key), and several markers before the key.
        #expect(LiveSecretStream.liveKey(in: "sk_live_abcdEFGH1234") == "sk_live_abcdEFGH1234")
        #expect(LiveSecretStream.liveKey(in: "sk_live_ab then sk_live_abcdEFGH1234") == "sk_live_abcdEFGH1234")
        #expect(LiveSecretStream.liveKey(in: "mask_live_abcdEFGH1234") == nil)
        #expect(LiveSecretStream.liveKey(in: "x_live_ y_live_ ask_live_q rk_live_0123456789") == "rk_live_0123456789")
        #expect(LiveSecretStream.liveKey(in: "k_live_abcdEFGH1234") == nil)
    }

    /// Base and leaf names are slices of the pair's name, split once; `equalsBytes` compares them as bytes.
    @Test(arguments: [
        ("a", "a", "a", false), ("metadata[order_id]", "metadata", "order_id", true),
        ("items[0][price_data][unit_amount]", "items", "unit_amount", true), ("items[0]", "items", "items", true),
        ("expand[]", "expand", "expand", true), ("[x]", "[x]", "[x]", true), ("a[b", "a", "a", true),
        ("é[ü]", "é", "ü", true), ("a[b]c", "a", "a", true), ("", "", "", false), ("a[01]", "a", "01", true),
        ("a[12345678901234567890]", "a", "12345678901234567890", true), ("a[123456789012345678]", "a", "a", true),
        ("metadata[amount]", "metadata", "amount", true),
    ])
    func requestParamsSplitTheirNamesOnce(name: String, base: String, leaf: String, nested: Bool) {
        let param = RequestParam(pair: FormPair(name: name, value: "v"), place: .body)
        #expect(param.baseName == base && param.leafName == leaf && param.isNested == nested, "\(name)")
        #expect(param.baseName.equalsBytes("metadata") == (base == "metadata"))
        #expect(param.leafName.hasSuffixBytes("_amount") == leaf.hasSuffix("_amount"))
        #expect(ParamRules.isAmountName(param.leafName) == (leaf == "unit_amount" || leaf == "amount"))
        #expect(param.marks.contains(.leafIsAmount) == (leaf == "unit_amount" || leaf == "amount"), "\(name)")
        #expect(param.marks.contains(.baseIsExpand) == (base == "expand"), "\(name)")
        #expect(param.marks.contains(.leafIsCurrency) == (leaf == "currency"), "\(name)")
        #expect(param.marks.contains(.nameHasDot) == name.contains("."), "\(name)")
    }

    /// The marks the parameter rules gate on are what the names and values say, byte for byte: a mark missing
    /// where its rule's first test would pass would hide that rule's finding.
    /// `evaluate` sheds the body-derived state of the context it returns (so the worker frees it), and whatever
    /// reads it afterwards (the cross-exchange rules, custom stream rules) gets the same values, rebuilt.
    @Test func evaluatedContextsShedBodyStateAndRebuildItTheSame() {
        let request = HTTPRequest(
            method: "POST", url: "https://api.stripe.com/v1/charges?expand[]=customer&starting_after=ch_1",
            headers: [
                HTTPHeader(name: "Authorization", value: "Bearer sk_test_abc"),
                HTTPHeader(name: "Content-Type", value: "application/x-www-form-urlencoded"),
            ],
            body: HTTPBody(text: "amount=10.99&currency=usd&metadata[k]=v", mediaType: "application/x-www-form-urlencoded"))
        let exchange = Exchange(request: request, response: nil, source: SourceRef(file: "t.har", entry: 1))
        let fresh = RuleContext(exchange: exchange, spec: nil, options: CheckOptions())
        let expected = fresh.requestParams.map { "\($0.place) \($0.name)=\($0.value)" }
        let (findings, context) = IntegrationRules.builtIn().evaluate(exchange, spec: nil, options: CheckOptions())
        #expect(findings.contains { $0.rule == "encoding.amount-not-minor-units" })
        #expect(context.memo.requestParams == nil)
        #expect(context.requestParams.map { "\($0.place) \($0.name)=\($0.value)" } == expected)
        #expect(context.memo.forms.bodyPairs.map(\.name) == ["amount", "currency", "metadata[k]"])
        #expect(context.memo.forms.queryPairs.map(\.name) == ["expand[]", "starting_after"])
    }

    @Test func requestParamMarksAreWhatTheStringsSay() {
        let names = [
            "amount", "unit_amount", "amount_decimal", "items[0][price_data][unit_amount]", "currency", "a[currency]",
            "currency[0]", "expand", "expand[]", "expand[0]", "metadata.order_id", "a.b[c]", "a[b.c]", "éamount",
            "amount_percent", "application_fee_amount", "", "[currency]", "Currency", "expands",
        ]
        let values = ["", "10.99", "a,b", "{\"k\":1}", "[1,2]", "x[y", "}", "é,", "usd", ",", "a{b", "data.a.b.c.d.e"]
        for name in names {
            for value in values {
                let param = RequestParam(pair: FormPair(name: name, value: value), place: .body)
                let label = "\(name)=\(value)"
                let leaf = String(param.leafName)
                #expect(param.marks.contains(.nameHasDot) == name.contains("."), "\(label)")
                #expect(param.marks.contains(.valueHasBracket) == (value.contains("{") || value.contains("[")), "\(label)")
                #expect(param.marks.contains(.valueHasComma) == value.contains(","), "\(label)")
                #expect(param.marks.contains(.leafIsAmount) == ParamRules.isAmountName(param.leafName), "\(label)")
                #expect(param.marks.contains(.leafIsCurrency) == (leaf == "currency"), "\(label)")
                #expect(param.marks.contains(.baseIsExpand) == (param.baseName == "expand"), "\(label)")
            }
        }
    }

    /// The leaf name, found without building the bracket path, is the path's last non-empty element unless that
    /// is an array index (then the base name); malformed brackets make the whole name literal.
    @Test func leafNamesAgreeWithTheBracketPath() {
        let names = [
            "a", "a[b]", "a[b][c]", "items[0][price]", "items[0]", "expand[]", "a[b][]", "a[][b]", "[x]", "a[", "a]",
            "a[b]c", "a[b]]", "a[[b]]", "a[é][ü]", "", "[", "a[b][c", "a[]x[y]", "metadata[order_id]", "a[01]",
            "a[12345678901234567890]", "a[123456789012345678]", "a[9223372036854775807]", "a[9223372036854775808]",
        ]
        for name in names {
            let pair = FormPair(name: name, value: "")
            let param = RequestParam(pair: pair, place: .query)
            let last = pair.bracketPath?.last(where: { !$0.isEmpty })
            let leaf = last.flatMap { JSONPointer.arrayIndex($0) == nil ? $0 : nil } ?? pair.baseName
            #expect(String(param.leafName) == leaf, "\(name)")
            #expect(String(param.baseName) == pair.baseName, "\(name)")
        }
    }

    @Test func keysAreReadByteByByte() throws {
        // The type and mode come from the first eight bytes; what follows must be a token.
        #expect(APIKey(Substring("  sk_live_abcd  "))?.value == "sk_live_abcd")
        #expect(APIKey(Substring("sk_tesT_abcdefgh")) == nil)
        #expect(APIKey(Substring("sK_test_abcdefgh")) == nil)
        #expect(APIKey(Substring("sk_test_abcé")) == nil)
        #expect(APIKey(Substring("ск_test_abcdefgh")) == nil)
        let restricted = try #require(APIKey(Substring("rk_live_0123")))
        #expect(restricted.type == "rk" && restricted.live && restricted.isSecret)
    }

    @Test func asciiCaseHelpersMatchLowercasedComparisons() {
        let names = ["Stripe-Version", "stripe-version", "X-API-VERSION", "Origin", "sec-fetch-mode", "Sec-Fetch-Site",
            "", "Ünïcode-Version", "version", "-Version", "Content-Type"]
        for name in names {
            #expect(name.hasSuffixIgnoringASCIICase("-version") == name.lowercased().hasSuffix("-version"), "\(name)")
            #expect(name.hasPrefixIgnoringASCIICase("sec-fetch-") == name.lowercased().hasPrefix("sec-fetch-"), "\(name)")
            #expect(name.equalsIgnoringASCIICase("origin") == (name.lowercased() == "origin"), "\(name)")
            #expect(name.containsIgnoringASCIICase("version") == name.lowercased().contains("version"), "\(name)")
        }
        // Only ASCII letters fold: `[` and `{` (0x5B, 0x7B) differ by the same bit and must not match.
        #expect(!"[".equalsIgnoringASCIICase("{"))
        #expect(!"@".equalsIgnoringASCIICase("`"))
    }

    @Test func httpTrimmingRemovesSpacesAndTabsOnly() {
        #expect(" \t Bearer x \t".httpTrimmed == "Bearer x")
        #expect(Substring("\nx\n").httpTrimmed == "\nx\n")
        #expect("   ".httpTrimmed.isEmpty)
        #expect("".httpTrimmed.isEmpty)
        #expect(" é ".httpTrimmed == "é")
    }

    @Test func bodyHashesTellBodiesApart() {
        var seen: [Int: [UInt8]] = [:]
        // Every length up to three words (the tail path), and bodies differing in one byte or only in length.
        for length in 0...24 {
            for variant in 0..<3 {
                var body = [UInt8](repeating: 0x61, count: length)
                if variant == 1 && length > 0 { body[length - 1] = 0x62 }
                if variant == 2 { body.append(0) }
                let hash = RequestFingerprint.hash(body)
                if let other = seen[hash] { #expect(other == body) }
                seen[hash] = body
                #expect(RequestFingerprint.hash(body) == hash)
            }
        }
        #expect(seen.count > 70)
    }

    @Test func anchoredByteSearchFindsEveryOccurrence() {
        let haystack = Array("a_live_b__live_c_live".utf8)
        let needle = Array("_live_".utf8)
        haystack.withUnsafeBufferPointer { h in
            needle.withUnsafeBufferPointer { n in
                #expect(ByteSearch.firstIndex(of: n, in: h, anchor: 3) == 1)
                #expect(ByteSearch.firstIndex(of: n, in: h, from: 2, anchor: 3) == 9)
                #expect(ByteSearch.firstIndex(of: n, in: h, from: 10, anchor: 0) == nil)
                #expect(ByteSearch.firstIndex(of: n, in: h, from: 10, anchor: 5) == nil)
            }
        }
    }

    @Test func pathPatterns() {
        #expect(PathPattern("/v1/customers/{id}").match("/v1/customers/cus_1") == ["id": "cus_1"])
        #expect(PathPattern("/v1/customers/{id}").match("/v1/customers/cus_1/sources") == nil)
        #expect(PathPattern("/v1/customers/{id}").match("/v1/customers/") == nil)
        #expect(PathPattern("/v1/*/sources").match("/v1/cus_1/sources") == [:])
        #expect(PathPattern("/v1/**").match("/v1/a/b/c") == [:])
        #expect(PathPattern("/v1/**").match("/v2/a") == nil)
        #expect(PathPattern("/v1/refunds").match("/v1/refunds/") == nil)
    }

    @Test func packTemplates() {
        #expect(PackTemplate.placeholders("{a} {match.b-c} {} { x } {1}") == ["a", "match.b-c"])
        #expect(PackTemplate.fill("{a}/{b}/{", ["a": "x"]) == "x/{b}/{")
        #expect(PackTemplate.fill("no placeholders", [:]) == "no placeholders")
        #expect(PackTemplate.fill("{a}", ["a": "line\nbreak"]) == "line\\u{a}break")
    }

    @Test func valueTests() throws {
        var test = ValueTest()
        test.equals = "10"
        #expect(test.matches("10.0"))
        #expect(!test.matches("11"))
        #expect(!test.matches(nil))
        test = ValueTest()
        test.exists = false
        #expect(test.matches(nil))
        #expect(!test.matches("x"))
        test = ValueTest()
        test.gte = 1
        test.lt = 100
        #expect(test.matches("99"))
        #expect(!test.matches("100"))
        #expect(!test.matches("ten"))
        test = ValueTest()
        test.regex = try #require(ECMARegex("^req_"))
        #expect(test.matches("req_123"))
        #expect(!test.matches("x_req_123"))
    }

    /// Valid Stripe-like traffic (the shape of `diagnose-bench`'s generator) gives no finding without a spec either.
    @Test func validTrafficWithoutASpecHasNoFindings() {
        let results = CheckRun(specs: .empty, options: CheckOptions(), rules: .builtIn()).run([
            TestPaths.fixtures.appendingPathComponent("rules/stripe/stripe-valid.ndjson").path
        ])
        #expect(results.exchanges.count == 43)
        #expect(results.findings.map { "\($0.exchange.entry) \($0.rule)" } == [])
    }
}

/// The Swift base64 decoder behind Basic credentials and base64 bodies gives what Foundation gives.
@Suite("Base64 decoding")
struct Base64Tests {
    @Test func canonicalDecodingAgreesWithFoundation() {
        var rng = DifferentialRNG(state: 64)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        let extra: [Character] = ["=", "=", "=", "-", "_", " ", "\n", "é", "*"]
        var canonical = 0
        for round in 0..<20_000 {
            let length = Int.random(in: 0...13, using: &rng)
            let noisy = round % 3 == 0
            let text = String((0..<length).map { _ in
                noisy && Int.random(in: 0..<4, using: &rng) == 0
                    ? extra.randomElement(using: &rng)! : alphabet.randomElement(using: &rng)!
            })
            let ours = TrafficBase64.canonical(text)
            let strict = Data(base64Encoded: text).map { Array($0) }
            if let ours {
                canonical += 1
                #expect(ours == strict, "\(text)")
            }
            #expect(TrafficBase64.decode(text) == Data(base64Encoded: text, options: .ignoreUnknownCharacters).map { Array($0) }, "\(text)")
            if !text.isEmpty, text.utf8.count % 4 == 0 { #expect(TrafficBase64.strict(text) == strict, "\(text)") }
        }
        // Padded forms, and real Basic credentials.
        for (text, bytes) in [("QQ==", [UInt8(65)]), ("QUI=", [65, 66]), ("QUJD", [65, 66, 67])] {
            #expect(TrafficBase64.canonical(text) == bytes)
        }
        #expect(TrafficBase64.canonical("QR==") == nil)  // unused bits set: left to Foundation
        #expect(TrafficBase64.canonical("Q===") == nil && TrafficBase64.canonical("=QQQ") == nil)
        #expect(TrafficBase64.decode("c2tfdGVzdF8xMjM6") == Array("sk_test_123:".utf8))
        #expect(canonical > 1_000)
    }
}
