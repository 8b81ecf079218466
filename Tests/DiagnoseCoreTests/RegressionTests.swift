import DiagnoseCore
import DiagnoseTestSupport
import Foundation
import Testing

/// One test per bug found and fixed, named for what went wrong.
@Suite("Regressions")
struct RegressionTests {
    /// The curl -v writer doubled the `#` of the connection number: `(#0)` came back as `(##0)`.
    @Test func curlVerboseRedactionKeepsTheConnectionNumber() throws {
        let input = Array("* Connected to api.payments.example (203.0.113.10) port 443 (#0)\n> GET /v1/customers HTTP/1.1\n> Host: api.payments.example\n> Authorization: Bearer sk_test_51PdemoKey0000000000000000000000AbCdEf\n>\n< HTTP/1.1 200 OK\n< Content-Type: application/json\n<\n{}\n".utf8)
        let (bytes, _) = try TraceRedaction.redact(bytes: input, name: "v.txt")
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("port 443 (#0)"))
        #expect(!text.contains("##"))
        #expect(!text.contains("AbCdEf"))
    }

    /// `curl -v` never prints request bodies: a required body announced by Content-Length was reported missing.
    @Test func unrecordedBodyIsNotReportedMissing() throws {
        let spec = try OpenAPI.Loader.load(path: TestPaths.packageRoot.path + "/specs/payments.yaml")
        let checker = SpecChecker(spec: spec)
        let request = HTTPRequest(
            method: "POST", url: "https://api.payments.example/v1/refunds",
            headers: [
                HTTPHeader(name: "Authorization", value: "Bearer sk_test_x"), HTTPHeader(name: "Content-Length", value: "54"),
                HTTPHeader(name: "Content-Type", value: "application/x-www-form-urlencoded"),
            ])
        #expect(checker.check(Exchange(request: request)).map(\.rule) == [])
        var withoutLength = request
        withoutLength.headers.removeAll { $0.name == "Content-Length" }
        #expect(checker.check(Exchange(request: withoutLength)).map(\.rule) == ["request.body-missing"])
    }

    /// A webhook delivery to the merchant's own server was checked against the API spec (route findings).
    @Test func exchangesOfOtherHostsAreNotCheckedAgainstTheSpec() throws {
        let specs = try SpecSet.load(paths: [TestPaths.packageRoot.path + "/specs/payments.yaml"], checkOptions: CheckOptions())
        #expect(specs.entry(for: HTTPRequest(method: "POST", url: "https://shop.example/webhooks/payments")) == nil)
        #expect(specs.entry(for: HTTPRequest(method: "GET", url: "https://api.payments.example/v1/customers")) != nil)
        // A staging host whose path routes still uses the spec, so route.unknown-server can explain the host.
        #expect(specs.entry(for: HTTPRequest(method: "GET", url: "https://api-staging.payments.example/v1/customers")) != nil)
    }

    /// A provider error's `"code": "parameter_unknown"` was redacted as if it were an OAuth authorization code.
    @Test func errorCodesStayReadableWhileOAuthCodesInURLsAreRedacted() {
        let body = Array(#"{"error": {"type": "invalid_request_error", "code": "parameter_unknown"}}"#.utf8)
        let redacted = String(decoding: Redactor.default.redactBody(body, mediaType: "application/json"), as: UTF8.self)
        #expect(redacted.contains("parameter_unknown"))
        let url = Redactor.default.redactURL("https://shop.example/callback?code=SplxlOBeZQQYbYS6WxSbIA&state=xyz")
        #expect(!url.contains("SplxlOBeZQQYbYS6WxSbIA"))
        #expect(url.contains("state=xyz"))
    }
}
