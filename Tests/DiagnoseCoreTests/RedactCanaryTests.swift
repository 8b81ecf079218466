import DiagnoseTestSupport
import Foundation
import Testing

@testable import DiagnoseCore

/// Fake secrets planted in every place the issue lists, in HAR, NDJSON, raw and curl inputs: no output may
/// contain any of them unless secrets are shown.
@Suite("Redaction canaries")
struct RedactCanaryTests {
    static let inputs = ["har/canary.har", "canary.ndjson", "raw/canary.http", "canary-curl.sh"]

    /// Every canary marker, plus the Basic credentials in their base64 form.
    static let canaries: [String] =
        (1...27).map { String(format: "CANARY%02d", $0) } + [Data("proxyuser:CANARY02pw".utf8).base64EncodedString()]

    /// Canaries that appear in each input (they differ a little: the raw transcript has no base64 body).
    func leaks(in text: String) -> [String] { Self.canaries.filter { text.contains($0) } }

    /// Every output a command can produce from the exchanges, as text; bodies decoded.
    func outputs(of bytes: [UInt8], name: String, redactor: Redactor) throws -> [String: String] {
        var out: [String: String] = [:]
        let (redacted, summary) = try TraceRedaction.redact(bytes: bytes, name: name, redactor: redactor)
        #expect(summary.problems.isEmpty, "\(summary.problems.map(\.message))")
        out["redact"] = String(decoding: redacted, as: UTF8.self)
        // The redacted copy read back, with every body decoded (base64 included).
        let (back, _) = readTrace(try TraceReader(bytes: redacted, name: "redacted"))
        out["redact (decoded bodies)"] = back.map {
            ($0.request.body?.text ?? "") + "\n" + ($0.response?.body?.text ?? "") + "\n"
                + ($0.request.body.map { $0.params.map(\.description).joined() } ?? "")
        }.joined(separator: "\n")
        let (xs, _) = readTrace(try TraceReader(bytes: bytes, name: name))
        #expect(!xs.isEmpty)
        var har = HARWriter(redactor: redactor)
        var harOut = har.header()
        for x in xs {
            out["curl #\(x.source.entry)"] = CurlCommand.render(x.request, redactor: redactor)
            let shown = redactor.redact(x)
            out["raw #\(x.source.entry)"] = String(decoding: RawHTTP.render(shown), as: UTF8.self)
            out["curl -v #\(x.source.entry)"] = String(decoding: CurlVerbose.render(shown), as: UTF8.self)
            out["ndjson #\(x.source.entry)"] = String(decoding: NDJSONWriter(redactor: redactor).line(x), as: UTF8.self)
            out["finding ref #\(x.source.entry)"] = x.findingRef.url
            out["model #\(x.source.entry)"] = describe(shown)
            harOut += har.entry(x)
        }
        out["har writer"] = String(decoding: harOut + har.footer(), as: UTF8.self)
        return out
    }

    func describe(_ x: Exchange) -> String {
        var s = "\(x.request.method) \(x.request.url)\n"
        for h in x.request.headers { s += "\(h)\n" }
        for c in x.request.cookies + x.request.recordedCookies { s += "\(c)\n" }
        s += (x.request.body?.text ?? "") + "\n"
        s += (x.request.body?.params.map(\.description).joined(separator: "\n") ?? "") + "\n"
        for h in x.response?.headers ?? [] { s += "\(h)\n" }
        s += (x.response?.body?.text ?? "") + "\n"
        return s
    }

    @Test(arguments: inputs)
    func noCanaryLeaksByDefault(input: String) throws {
        let bytes = try TestPaths.fixture("traffic/\(input)")
        for (name, text) in try outputs(of: bytes, name: input, redactor: .default) {
            #expect(leaks(in: text).isEmpty, "\(input) → \(name) leaks \(leaks(in: text)):\n\(text)")
        }
    }

    @Test(arguments: inputs)
    func showSecretsShowsThem(input: String) throws {
        let bytes = try TestPaths.fixture("traffic/\(input)")
        let all = try outputs(of: bytes, name: input, redactor: Redactor(showSecrets: true)).values.joined()
        #expect(leaks(in: all).count >= 10, "\(input) shows only \(leaks(in: all))")
    }

    @Test func redactionKeepsWhatDiagnosisNeeds() throws {
        let bytes = try TestPaths.fixture("traffic/canary-curl.sh")
        let (xs, _) = readTrace(try TraceReader(bytes: bytes, name: "c.sh"))
        let stripe = Redactor.default.redact(xs[1])
        #expect(stripe.request.header(named: "Authorization")?.hasPrefix("Basic [user=sk_test_[redacted:") == true)
        #expect(stripe.request.body?.text.contains("jwt[alg=HS256,exp=1700000000,redacted:") == true)
        let har = try TestPaths.fixture("traffic/har/canary.har")
        let (out, _) = try TraceRedaction.redact(bytes: har, name: "canary.har")
        let doc = try JSONParser.parse(SourceText(name: "r", bytes: out))
        #expect(doc.root["log"]?["entries"]?.count == 2)
        #expect(doc.root["log"]?["pages"]?.count == 1)
        #expect(doc.root["log"]?["entries"]?[0]?["_debug"]?.stringValue?.hasPrefix("AKIA[redacted:") == true)
        #expect(doc.root["log"]?["entries"]?[0]?["request"]?["queryString"]?[4]?["value"]?.stringValue == "3")
        #expect(doc.root["log"]?["entries"]?[1]?["response"]?["content"]?["encoding"]?.stringValue == "base64")
    }
}
