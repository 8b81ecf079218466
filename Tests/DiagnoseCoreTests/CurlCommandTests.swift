import DiagnoseTestSupport
import Foundation
import Testing

@testable import DiagnoseCore

/// What each fixture in `Fixtures/traffic/curl/` must parse to.
struct CurlExpectation: Sendable, CustomStringConvertible {
    var file: String
    var method: String
    var url: String
    var headers: [HTTPHeader] = []
    var body: String? = nil
    var problems: [String] = []
    var description: String { file }
}

private func h(_ n: String, _ v: String) -> HTTPHeader { HTTPHeader(name: n, value: v) }
private func basic(_ s: String) -> String { "Basic " + Data(s.utf8).base64EncodedString() }

let curlExpectations: [CurlExpectation] = [
    .init(file: "01-get.sh", method: "GET", url: "https://api.stripe.com/v1/charges"),
    .init(
        file: "02-header.sh", method: "GET", url: "https://api.example.com/things",
        headers: [h("Accept", "application/json")]),
    .init(
        file: "03-post-data.sh", method: "POST", url: "https://api.stripe.com/v1/customers",
        headers: [h("Content-Type", "application/x-www-form-urlencoded")], body: "email=a@b.c"),
    .init(
        file: "04-repeated-data.sh", method: "POST", url: "https://api.stripe.com/v1/charges",
        headers: [
            h("Authorization", basic("sk_test_FAKEcurl4444444444444:")),
            h("Content-Type", "application/x-www-form-urlencoded"),
        ],
        body: "amount=2000&currency=usd&description=Test charge"),
    .init(
        file: "05-continuations.sh", method: "POST", url: "https://api.stripe.com/v1/payment_intents",
        headers: [
            h("Authorization", basic("sk_test_FAKEcurl5555555555555:")),
            h("Content-Type", "application/x-www-form-urlencoded"),
        ],
        body: "amount=1099&currency=eur&automatic_payment_methods[enabled]=true"),
    .init(
        file: "06-single-quotes-json.sh", method: "POST", url: "https://api.example.com/v1/items",
        headers: [h("Content-Type", "application/json")], body: #"{"name": "Widget", "price": 9.99}"#),
    .init(
        file: "07-json-option.sh", method: "POST", url: "https://api.example.com/x",
        headers: [h("Accept", "application/json"), h("Content-Type", "application/json")], body: #"{"a":1}"#),
    .init(
        file: "08-get-with-data.sh", method: "GET",
        url: "https://api.stripe.com/v1/charges?limit=3&created[gte]=1600000000"),
    .init(
        file: "09-urlencode.sh", method: "POST", url: "https://api.example.com/search",
        headers: [h("Content-Type", "application/x-www-form-urlencoded")],
        body: "q=hello%20world%20%26%20more&raw%20value"),
    .init(
        file: "10-ansi-c.sh", method: "PUT", url: "https://api.example.com/notes/1",
        headers: [h("X-Note", "tab\there"), h("Content-Type", "application/x-www-form-urlencoded")],
        body: "line1\nline2!é"),
    .init(
        file: "11-double-quote-escapes.sh", method: "POST", url: "https://api.example.com/q",
        headers: [h("X-Quote", #"say "hi" $HOME"#), h("Content-Type", "application/x-www-form-urlencoded")],
        body: "a=`b`"),
    .init(
        file: "12-form.sh", method: "POST", url: "https://api.example.com/upload",
        headers: [h("Content-Type", "multipart/form-data; boundary=diagnose-boundary-7d1f")],
        body:
            "--diagnose-boundary-7d1f\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nJenny\r\n--diagnose-boundary-7d1f\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\n\r\n--diagnose-boundary-7d1f--\r\n",
        problems: ["curl.unsupported"]),
    .init(
        file: "13-cookies-agent-referer.sh", method: "GET", url: "https://api.example.com/me",
        headers: [
            h("User-Agent", "MyApp/1.0"), h("Referer", "https://example.com/"), h("Cookie", "session=abc; theme=dark"),
            h("Accept-Encoding", "deflate, gzip"),
        ]),
    .init(
        file: "14-data-file.sh", method: "POST", url: "https://api.example.com/x",
        headers: [h("Content-Type", "application/json")], problems: ["curl.unsupported"]),
    .init(
        file: "15-unknown-option.sh", method: "GET", url: "https://api.example.com/x", problems: ["curl.unknown-option"]
    ),
    .init(
        file: "16-clustered.sh", method: "POST", url: "https://api.example.com/echo",
        headers: [h("Content-Type", "text/plain")], body: "hello"),
    .init(
        file: "17-url-option-prompt.sh", method: "PATCH", url: "https://api.example.com/a?x=1",
        headers: [h("If-Match", #""v1""#), h("Content-Type", "application/x-www-form-urlencoded")], body: "@not-a-file"),
    .init(
        file: "18-remove-header-and-empty.sh", method: "POST", url: "https://api.example.com/x",
        headers: [h("X-Empty", "")], body: "raw"),
    .init(
        file: "19-stripe-docs.sh", method: "POST", url: "https://api.stripe.com/v1/payment_intents",
        headers: [
            h("Stripe-Version", "2024-06-20"), h("Idempotency-Key", "8a9b"),
            h("Authorization", basic("sk_test_FAKEcurl1919191919191:")),
            h("Content-Type", "application/x-www-form-urlencoded"),
        ],
        body: "amount=2000&currency=usd&metadata[order_id]=6735&payment_method_types[]=card"),
    .init(
        file: "20-pipeline-and-mixed-quotes.sh", method: "POST", url: "https://api.example.com/v1/items?q=A",
        headers: [h("Authorization", "Bearer $TOKEN"), h("Content-Type", "application/x-www-form-urlencoded")],
        body: "it's",
        problems: ["curl.ignored-shell"]),
]

@Suite("curl commands")
struct CurlCommandTests {
    @Test(arguments: curlExpectations)
    func parsesFixture(_ e: CurlExpectation) throws {
        let text = String(decoding: try TestPaths.fixture("traffic/curl/\(e.file)"), as: UTF8.self)
        let (r, problems) = try CurlCommand.parse(text, file: e.file)
        #expect(r.method == e.method)
        #expect(r.url == e.url)
        #expect(r.headers == e.headers)
        #expect(r.body.map { String(decoding: $0.bytes, as: UTF8.self) } == e.body)
        #expect(problems.map(\.id) == e.problems)
        for p in problems { #expect(p.location?.file == e.file && (p.location?.line ?? 0) >= 1) }
    }

    @Test(arguments: curlExpectations)
    func rendersBackToTheSameRequest(_ e: CurlExpectation) throws {
        let text = String(decoding: try TestPaths.fixture("traffic/curl/\(e.file)"), as: UTF8.self)
        let (r, _) = try CurlCommand.parse(text)
        let rendered = CurlCommand.render(r, redactor: Redactor(showSecrets: true))
        let (back, problems) = try CurlCommand.parse(rendered)
        #expect(problems.isEmpty, "\(rendered)")
        #expect(back.method == r.method)
        #expect(back.url == r.url)
        #expect(back.headers == r.headers, "\(rendered)")
        #expect(back.body?.bytes == r.body?.bytes, "\(rendered)")
    }

    @Test func fileOfCommandsReadsAsATrace() throws {
        var text = ""
        for e in curlExpectations.prefix(6) {
            text += String(decoding: try TestPaths.fixture("traffic/curl/\(e.file)"), as: UTF8.self) + "\n"
        }
        let reader = try TraceReader(bytes: Array(text.utf8), name: "cmds.sh")
        #expect(reader.format == .curlCommand)
        let (xs, ps) = readTrace(reader)
        #expect(ps.isEmpty)
        #expect(xs.map(\.request.method) == ["GET", "GET", "POST", "POST", "POST", "POST"])
        #expect(xs.map(\.source.entry) == [1, 2, 3, 4, 5, 6])
        #expect(xs[4].source.line == 9)
        #expect(xs.allSatisfy { $0.response == nil })
    }

    @Test func locatedErrors() throws {
        let error = #expect(throws: DiagnoseFailure.self) {
            try CurlCommand.parse("curl -H 'X: y https://x", file: "c.sh")
        }
        #expect(error?.location?.column == 9)
        #expect(error?.message.contains("unterminated") == true)
        #expect(throws: DiagnoseFailure.self) { try CurlCommand.parse("wget https://x") }
        #expect(throws: DiagnoseFailure.self) { try CurlCommand.parse("curl -s") }
        let (_, ps) = try CurlCommand.parse("curl \\\n  --nope https://x", file: "c.sh")
        #expect(ps.first?.location?.line == 2)
        #expect(ps.first?.location?.column == 3)
    }

    @Test func quotesBinaryAndAwkwardBodies() throws {
        let bytes: [UInt8] = [0, 1, 0xFF, 0x27, 0x5C, 0x0A, 0x41]
        var r = HTTPRequest(
            method: "POST", url: "https://x/y?a[]=1",
            headers: [HTTPHeader(name: "Content-Type", value: "application/octet-stream")])
        r.body = HTTPBody(bytes: bytes, mediaType: "application/octet-stream")
        let command = CurlCommand.render(r, redactor: Redactor(showSecrets: true))
        #expect(command.contains("$'\\x00\\x01\\xff\\'\\\\\\nA'"))
        #expect(command.contains(" -g "))
        let (back, _) = try CurlCommand.parse(command)
        #expect(back.body?.bytes == bytes)
        #expect(back.url == r.url)
    }

    @Test func rendersSecretsAsEnvironmentVariables() throws {
        let r = HTTPRequest(
            method: "POST", url: "https://api.stripe.com/v1/charges",
            headers: [
                HTTPHeader(name: "Authorization", value: "Bearer sk_test_FAKErender123456789"),
                HTTPHeader(name: "X-Api-Key", value: "abcdef123456"),
                HTTPHeader(name: "Content-Type", value: "application/x-www-form-urlencoded"),
            ], body: HTTPBody(text: "amount=1&client_secret=pi_1_secret_2"))
        let command = CurlCommand.render(r)
        #expect(command.contains(#"-H "Authorization: Bearer $STRIPE_API_KEY""#))
        #expect(command.contains(#"-H "X-Api-Key: $X_API_KEY""#))
        #expect(
            command.contains(
                "# secrets replaced by environment variables: STRIPE_API_KEY (Authorization: Stripe secret key (test mode))"
            ))
        #expect(!command.contains("FAKErender"))
        #expect(!command.contains("abcdef123456"))
        #expect(!command.contains("pi_1_secret_2"))
        #expect(command.contains("client_secret=[redacted:"))
        let (back, _) = try CurlCommand.parse(command)
        #expect(back.header(named: "Authorization") == "Bearer $STRIPE_API_KEY")
    }

    @Test func userWithoutColonIsReported() throws {
        let (r, ps) = try CurlCommand.parse("curl https://api.stripe.com/v1/balance -u sk_test_FAKEnocolon12345")
        #expect(ps.map(\.id) == ["curl.unsupported"])
        #expect(
            r.header(named: "Authorization") == "Basic " + Data("sk_test_FAKEnocolon12345:".utf8).base64EncodedString())
    }

    @Test func stripeBasicAuthBecomesDashU() throws {
        let (r, _) = try CurlCommand.parse("curl https://api.stripe.com/v1/balance -u sk_live_FAKEbasic9876543210:")
        let command = CurlCommand.render(r)
        #expect(command.contains(#"-u "$STRIPE_API_KEY:""#))
        #expect(command.contains("live mode"))
        #expect(!command.contains("FAKEbasic"))
    }
}

@Suite("curl export")
struct CurlExportTests {
    @Test func exportsSelectedEntryWithSecretsAsVariables() throws {
        let path = TestPaths.fixtures.appendingPathComponent("traffic/har/canary.har").path
        let (text, problems) = try CurlCommand.export(path + "#1")
        #expect(problems.isEmpty)
        #expect(text.hasPrefix("# \(path)#1: POST https://api.example.com/v1/login?api_key=[redacted:"))
        #expect(text.contains(#"-H "Authorization: Bearer $API_TOKEN""#))
        #expect(!text.contains("CANARY"))
        let (plain, _) = try CurlCommand.export(path + "#1", redactor: Redactor(showSecrets: true))
        #expect(plain.contains("CANARY01opaquetoken"))
        let (both, _) = try CurlCommand.export(path + "#1-2")
        #expect(both.components(separatedBy: "\ncurl ").count == 3)
        let error = #expect(throws: DiagnoseFailure.self) { try CurlCommand.export(path + "#9") }
        #expect(error?.message.contains("entry 9") == true)
    }

    @Test func exportedCommandParsesBackToTheRecordedRequest() throws {
        let path = TestPaths.fixtures.appendingPathComponent("traffic/raw/several.http").path
        let (text, _) = try CurlCommand.export(path + "#3", redactor: Redactor(showSecrets: true))
        let (request, _) = try CurlCommand.parse(text)
        #expect(request.method == "POST")
        #expect(request.url == "https://api.stripe.com/v1/refunds")
        #expect(request.body?.text == #"{"charge": "ch_1", "reason": "duplicate"}"#)
    }
}

@Suite("Trace summary")
struct TraceSummaryTests {
    @Test func countsExchangesSkippedAndWarnings() throws {
        let bytes = try TestPaths.fixture("traffic/raw/bad.http")
        var summary = TraceSummary()
        for item in try TraceReader(bytes: bytes, name: "bad.http") { summary.add(item) }
        #expect(summary.exchanges == 1)
        #expect(summary.skipped == 3)
        #expect(summary.description == "read 1 exchange, skipped 3 entries (trace.malformed-entry: 3)")
        var curl = TraceSummary()
        for item in try TraceReader(bytes: Array("curl --nope https://x\n".utf8), name: "c.sh") { curl.add(item) }
        #expect(curl.description == "read 1 exchange, 1 warning (curl.unknown-option: 1)")
    }
}
