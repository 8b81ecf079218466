import DiagnoseTestSupport
import Foundation
import Testing

@testable import DiagnoseCore

@Suite("Redaction")
struct RedactionTests {
    let r = Redactor.default

    @Test(arguments: [
        ("sk_test_4eC39HqLyjWDarjtT1zdp7dc", SecretKind.stripeSecretKey(live: false)),
        ("sk_live_51Habcdefghijklmnop", .stripeSecretKey(live: true)),
        ("rk_test_abcdefghijkl", .stripeRestrictedKey(live: false)),
        ("whsec_abcdefghijklmnop", .stripeWebhookSecret),
        ("AKIAIOSFODNN7EXAMPLE", .awsAccessKey),
        ("ghp_abcdefghijklmnopqrstuvwxyz0123456789", .githubToken),
        ("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl", .jwt),
    ])
    func recognisesSecretShapes(value: String, kind: SecretKind) {
        #expect(r.secretKind(of: value) == kind)
    }

    @Test(arguments: ["pk_test_abcdefghijkl", "cus_123456789", "hello world", "sk_test_", "eyJ.notajwt", "2024-06-20"])
    func leavesOrdinaryValuesAlone(value: String) {
        #expect(r.secretKind(of: value) == nil)
        #expect(r.redactValue(value) == value)
    }

    @Test func stripeKeysKeepKindModeAndDigest() {
        let a = r.redactSecret("sk_test_4eC39HqLyjWDarjtT1zdp7dc")
        #expect(a.hasPrefix("sk_test_[redacted:"))
        #expect(a.count == "sk_test_[redacted:0000]".count)
        #expect(a == r.redactSecret("sk_test_4eC39HqLyjWDarjtT1zdp7dc"))
        #expect(a != r.redactSecret("sk_test_4eC39HqLyjWDarjtT1zdp7dd"))
        #expect(r.redactSecret("sk_live_51Habcdefghijklmnop").hasPrefix("sk_live_[redacted:"))
        // Redacting twice changes nothing.
        #expect(r.redactValue("key is \(a).") == "key is \(a).")
    }

    @Test func jwtKeepsAlgAndTimeClaimsOnly() {
        // {"alg":"RS256","typ":"JWT"} . {"sub":"user_1","exp":1700000000,"iat":1699996400}
        let jwt =
            "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyXzEiLCJleHAiOjE3MDAwMDAwMDAsImlhdCI6MTY5OTk5NjQwMH0.c2lnbmF0dXJlLWJ5dGVz"
        let out = r.redactHeader(name: "Authorization", value: "Bearer \(jwt)")
        #expect(out.hasPrefix("Bearer jwt[alg=RS256,exp=1700000000,iat=1699996400,redacted:"))
        #expect(!out.contains("c2lnbmF0dXJl"))
        #expect(!out.contains("user_1"))
    }

    @Test func headers() {
        #expect(
            r.redactHeader(name: "Authorization", value: "Bearer opaque-token-123456").hasPrefix("Bearer [redacted:"))
        let basic = "Basic " + Data("sk_test_abcdefgh1234:".utf8).base64EncodedString()
        #expect(r.redactHeader(name: "authorization", value: basic).hasPrefix("Basic [user=sk_test_[redacted:"))
        #expect(r.redactHeader(name: "authorization", value: basic).hasSuffix(",password=empty]"))
        #expect(r.redactHeader(name: "Cookie", value: "sid=abc123; theme=dark").hasPrefix("sid=[redacted:"))
        let setCookie = r.redactHeader(name: "Set-Cookie", value: "sid=abc123; Path=/; HttpOnly")
        #expect(setCookie.hasPrefix("sid=[redacted:") && setCookie.hasSuffix("; Path=/; HttpOnly"))
        #expect(r.redactHeader(name: "X-Api-Key", value: "abc").hasPrefix("[redacted:"))
        #expect(r.redactHeader(name: "X-Session-Token", value: "abc").hasPrefix("[redacted:"))
        #expect(r.redactHeader(name: "X-Client-Secret", value: "abc").hasPrefix("[redacted:"))
        #expect(r.redactHeader(name: "Idempotency-Key", value: "8a9b-1234") == "8a9b-1234")
        #expect(r.redactHeader(name: "Content-Type", value: "application/json") == "application/json")
        #expect(
            r.redactHeader(name: "X-Debug", value: "used sk_test_abcdefgh1234 here").hasPrefix(
                "used sk_test_[redacted:"))
        #expect(Redactor(showSecrets: true).redactHeader(name: "Authorization", value: "Bearer x") == "Bearer x")
    }

    @Test func urls() {
        let u = r.redactURL(
            "https://u:p@api.example.com/cb?code=abc&state=xyz&api_key=k1#access_token=t1&token_type=bearer")
        #expect(u.hasPrefix("https://[redacted:"))
        #expect(u.contains("code=[redacted:"))
        #expect(u.contains("state=xyz"))
        #expect(u.contains("api_key=[redacted:"))
        #expect(u.contains("#access_token=[redacted:"))
        #expect(u.contains("token_type=bearer"))
        #expect(!u.contains("k1") && !u.contains("t1&"))
        #expect(r.redactURL("https://api.stripe.com/v1/charges?limit=3") == "https://api.stripe.com/v1/charges?limit=3")
    }

    /// Regression: a key behind percent-escapes in a query value (`%20%20rk_live_…`, `sk_live%5F…`) passed the
    /// shape scan, which reads the raw value, and was quoted in findings' URLs.
    @Test(arguments: [
        ("https://x.test/a?x=%20%20rk_live_abcd1234efgh&limit=3", "rk_live_abcd1234efgh"),
        ("https://x.test/a?x=sk_live%5Fabcd1234efgh", "abcd1234efgh"),
        ("https://x.test/a?q=a+b&x=+sk_test_abcd1234efgh", "sk_test_abcd1234efgh"),
        ("https://x.test/a?sk_test%5Fabcd1234efgh", "abcd1234efgh"),
    ])
    func escapedKeysInQueryValues(_ url: String, _ secret: String) {
        let out = r.redactURL(url)
        #expect(!out.contains(secret), "\(out)")
        #expect(out.contains("[redacted:"), "\(out)")
        #expect(out.hasPrefix("https://x.test/a?"))
    }

    /// The URL is split on its UTF-8 bytes: empty pairs, pairs without `=`, non-ASCII text, a `://` or `@` that is
    /// not in the authority, and no scheme at all come out as they went in, secrets aside.
    @Test(arguments: [
        ("https://x.test/a?&&b=1&flag&=v&é=ü#frag", "https://x.test/a?&&b=1&flag&=v&é=ü#frag"),
        ("https://x.test/p@th/e%CC%81?next=https://u:p@y.test/", "https://x.test/p@th/e%CC%81?next=https://u:p@y.test/"),
        ("/v1/charges?limit=3#", "/v1/charges?limit=3#"),
        ("mailto:a@b.test", "mailto:a@b.test"),
        ("https://api.test/?café=naïve&password=s3cr3t&x=1", "https://api.test/?café=naïve&password=[redacted:"),
        ("https://user:pw@api.test:8443/v1?", "https://[redacted:"),
    ])
    func urlEdges(_ url: String, _ expectedPrefix: String) {
        let out = r.redactURL(url)
        #expect(out.hasPrefix(expectedPrefix), "\(out)")
        #expect(!out.contains("s3cr3t") && !out.contains("user:pw"))
        if url.contains("password") { #expect(out.hasSuffix("&x=1")) }
        if url.contains("user:pw") { #expect(out.hasSuffix("@api.test:8443/v1?")) }
    }

    @Test func bodiesKeepStructure() throws {
        let json = Array(
            #"{"email":"a@b.c","password":"hunter2","nested":{"refresh_token":"rt","n":[1,"sk_test_abcdefgh1234"]},"pin":1234}"#
                .utf8)
        let out = String(decoding: r.redactBody(json, mediaType: "application/json"), as: UTF8.self)
        let doc = try JSONParser.parse(out)
        #expect(doc.root["email"]?.stringValue == "a@b.c")
        #expect(doc.root["password"]?.stringValue?.hasPrefix("[redacted:") == true)
        #expect(doc.root["nested"]?["refresh_token"]?.stringValue?.hasPrefix("[redacted:") == true)
        #expect(doc.root["nested"]?["n"]?[0]?.numberValue == JSONNumber(1))
        #expect(doc.root["nested"]?["n"]?[1]?.stringValue?.hasPrefix("sk_test_[redacted:") == true)
        let form = Array("amount=100&client_secret=pi_1_secret_2&card[cvc]=123&currency=usd".utf8)
        let f = String(decoding: r.redactBody(form, mediaType: "application/x-www-form-urlencoded"), as: UTF8.self)
        #expect(f.hasPrefix("amount=100&client_secret=[redacted:"))
        #expect(f.contains("&card[cvc]=[redacted:"))
        #expect(f.hasSuffix("&currency=usd"))
        let text = Array("login with password=hunter2 and token: abc123".utf8)
        let t = String(decoding: r.redactBody(text, mediaType: "text/plain"), as: UTF8.self)
        #expect(!t.contains("hunter2") && !t.contains("abc123"))
        let multipart = Array(
            "--b\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\nhunter2\r\n--b\r\nContent-Disposition: form-data; name=\"user\"\r\n\r\nann\r\n--b--\r\n"
                .utf8)
        let m = String(decoding: r.redactBody(multipart, mediaType: "multipart/form-data; boundary=b"), as: UTF8.self)
        #expect(!m.contains("hunter2"))
        #expect(m.contains("\r\n\r\nann\r\n"))
    }

    @Test func exchangesAreRedactedLazily() throws {
        let text =
            #"{"request":{"method":"POST","url":"https://a/x?token=t0p","headers":[{"name":"Authorization","value":"Bearer abcdefgh12345"}],"postData":{"mimeType":"application/json","text":"{\"secret\":\"s3cr3t\"}"}},"response":{"status":200,"headers":[{"name":"Set-Cookie","value":"a=b"}]}}"#
        let (xs, _) = try readTrace(text)
        let x = r.redact(try #require(xs.first))
        #expect(x.request.url.contains("token=[redacted:"))
        #expect(x.request.header(named: "authorization")?.hasPrefix("Bearer [redacted:") == true)
        #expect(!x.request.body!.text.contains("s3cr3t"))
        #expect(x.response?.header(named: "set-cookie")?.hasPrefix("a=[redacted:") == true)
        #expect(x.record == nil)
        #expect(!xs[0].findingRef.url.contains("t0p"))
    }

    @Test func redactFileRefusesToOverwriteItsInput() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("diagnose-redact-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("t.ndjson").path
        try Data(#"{"request":{"method":"GET","url":"https://a/?api_key=zzz"}}"#.utf8).write(
            to: URL(fileURLWithPath: input))
        let error = #expect(throws: DiagnoseFailure.self) { try TraceRedaction.redactFile(input: input, output: input) }
        #expect(error?.message.contains("refusing to overwrite") == true)
        let link = dir.appendingPathComponent("link.ndjson").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: input)
        #expect(throws: DiagnoseFailure.self) { try TraceRedaction.redactFile(input: input, output: link) }
        let output = dir.appendingPathComponent("out.ndjson").path
        let summary = try TraceRedaction.redactFile(input: input, output: output)
        #expect(summary.written == 1)
        #expect(summary.format == .ndjson)
        let written = try String(contentsOfFile: output, encoding: .utf8)
        #expect(written.contains("api_key=[redacted:"))
        #expect(!written.contains("zzz"))
    }

    /// Queries are redacted parameter by parameter, and the result is built only from the first one that changes:
    /// over random queries (secret and plain names, key-shaped and escaped values, bare names, empty pairs,
    /// non-ASCII) the output is the one the parameter-by-parameter join gives.
    @Test func queriesRedactAsTheParameterByParameterJoin() {
        let redactor = Redactor()
        func reference(_ query: Substring) -> String {
            func value(_ v: Substring) -> String {
                let raw = String(v)
                let plain = redactor.redactValue(raw)
                guard plain == raw, v.contains("%") || v.contains("+") else { return plain }
                let decoded = HTTPForm.percentDecode(v, plusIsSpace: true)
                let redacted = redactor.redactValue(decoded)
                return redacted == decoded ? plain : HTTPForm.percentEncode(redacted, keeping: "[]:")
            }
            return query.split(separator: "&", omittingEmptySubsequences: false).map { pair -> String in
                guard let eq = pair.firstIndex(of: "=") else { return value(pair) }
                let name = pair[..<eq]
                let v = pair[pair.index(after: eq)...]
                let decoded = HTTPForm.percentDecode(name, plusIsSpace: true)
                if Redactor.isSecretName(decoded) || decoded == "code" {
                    return "\(name)=\(redactor.redactSecret(HTTPForm.percentDecode(v, plusIsSpace: true)))"
                }
                return "\(name)=\(value(v))"
            }.joined(separator: "&")
        }
        let names = ["limit", "api_key", "code", "state", "expand[]", "card[cvc]", "", "x%5Fkey", "é", "token"]
        let values = [
            "10", "", "sk_live_FAKE0123456789", "sk_test_FAKE0123456789", "%20sk_live_FAKE0123456789", "a+b", "pk_test_x",
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl", "ü", "Bearer%20sk_test_FAKE0123456789",
        ]
        var random = SplitMix64(state: 0x0C0F_FEE5)
        for _ in 0..<2_000 {
            var parts: [String] = []
            for _ in 0..<Int.random(in: 0...6, using: &random) {
                switch Int.random(in: 0..<6, using: &random) {
                case 0: parts.append(names.randomElement(using: &random)!)
                case 1: parts.append("")
                default: parts.append(names.randomElement(using: &random)! + "=" + values.randomElement(using: &random)!)
                }
            }
            let query = parts.joined(separator: "&")
            #expect(redactor.redactQuery(query[...]) == reference(query[...]), "\(query)")
            let url = "https://api.example.com/v1/x?" + query
            #expect(redactor.redactURL(url) == "https://api.example.com/v1/x?" + reference(query[...]), "\(url)")
        }
    }

    /// Redaction digests are SHA-256 from libcrypto (the algorithm fetched once, then shared by every thread):
    /// known vectors, and the same digest from many threads at once.
    @Test func secretDigestsAreSHA256() async {
        #expect(SecretDigest.short("abc") == "ba78")  // ba7816bf… (FIPS 180-2)
        #expect(SecretDigest.short("") == "6e34")  // an empty value is digested as one NUL byte
        #expect(SecretDigest.short("sk_test_FAKE0123456789") == SecretDigest.short("sk_test_FAKE0123456789"))
        let digests = await withTaskGroup(of: String.self) { group in
            for _ in 0..<64 { group.addTask { SecretDigest.short("abc") } }
            return await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(digests == ["ba78"])
    }
}
