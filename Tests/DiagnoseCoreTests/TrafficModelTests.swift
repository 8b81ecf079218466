import DiagnoseTestSupport
import Foundation
import Testing

@testable import DiagnoseCore

/// Where the shared HAR corpus is: `TestPaths.corpus("har")`, or `/work/shared/corpus/har` seen from a worktree.
enum TrafficCorpus {
    static let har: URL? = {
        if let u = TestPaths.corpus("har"), FileManager.default.fileExists(atPath: u.path) { return u }
        let u = TestPaths.packageRoot.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("shared/corpus/har")
        return FileManager.default.fileExists(atPath: u.path) ? u : nil
    }()
    static var available: Bool { har != nil }

    /// (file, expected entry count, creator) rows of SOURCES.tsv.
    static let sources: [(file: String, entries: Int, creator: String)] = {
        guard let har, let tsv = try? String(contentsOf: har.appendingPathComponent("SOURCES.tsv"), encoding: .utf8)
        else { return [] }
        return tsv.split(separator: "\n").dropFirst().compactMap { line in
            let cols = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard cols.count > 7, let n = Int(cols[7]) else { return nil }
            return (String(cols[0]), n, String(cols[5]))
        }
    }()

    static var files: [String] { sources.map(\.file) }

    static func path(_ file: String) -> String { har!.appendingPathComponent(file).path }
}

/// Reads every item of a trace.
func readTrace(_ reader: TraceReader) -> (exchanges: [Exchange], problems: [Diagnostic]) {
    var xs: [Exchange] = []
    var ps: [Diagnostic] = []
    for item in reader {
        switch item {
        case .exchange(let x): xs.append(x)
        case .problem(let d): ps.append(d)
        }
    }
    return (xs, ps)
}

func readTrace(_ text: String, name: String = "test", options: TraceReader.Options = .init()) throws -> (
    exchanges: [Exchange], problems: [Diagnostic]
) {
    readTrace(try TraceReader(bytes: Array(text.utf8), name: name, options: options))
}

@Suite("Traffic model")
struct TrafficModelTests {
    @Test func absoluteURLParts() {
        let r = HTTPRequest(
            method: "GET", url: "https://user:pw@api.stripe.com:8443/v1/charges?limit=3&expand[]=a+b#frag")
        #expect(r.scheme == "https")
        #expect(r.host == "api.stripe.com")
        #expect(r.port == 8443)
        #expect(r.path == "/v1/charges")
        #expect(r.rawQuery == "limit=3&expand[]=a+b")
        #expect(r.queryItems.map(\.name) == ["limit", "expand[]"])
        #expect(r.queryItems.map(\.value) == ["3", "a b"])
        #expect(r.components.fragment == "frag")
        #expect(r.components.userInfo == "user:pw")
    }

    /// The URL is split once, when set: changing it (the redactor and replay rewrite URLs) splits it again.
    @Test func changingTheURLSplitsItAgain() {
        var r = HTTPRequest(method: "GET", url: "https://api.stripe.com/v1/charges?limit=3")
        r.url = "http://localhost:8080/v1/refunds?starting_after=re_1#x"
        #expect(r.host == "localhost")
        #expect(r.port == 8080)
        #expect(r.path == "/v1/refunds")
        #expect(r.rawQuery == "starting_after=re_1")
        #expect(r.components == URLParts("http://localhost:8080/v1/refunds?starting_after=re_1#x"))
        r.url = "/v1/customers"
        #expect(r.components.host == nil && r.rawQuery == nil && r.path == "/v1/customers")
    }

    @Test func originFormURLTakesHostFromHeader() {
        let r = HTTPRequest(
            method: "POST", url: "/v1/customers?email=a%40b.c",
            headers: [HTTPHeader(name: "host", value: "api.stripe.com:443")])
        #expect(r.scheme == nil)
        #expect(r.host == "api.stripe.com")
        #expect(r.port == 443)
        #expect(r.path == "/v1/customers")
        #expect(r.queryItems.first?.value == "a@b.c")
        #expect(r.absoluteURL == "https://api.stripe.com:443/v1/customers?email=a%40b.c")
    }

    @Test func defaultPortsAndIPv6() {
        #expect(HTTPRequest(method: "GET", url: "http://x/").port == 80)
        #expect(HTTPRequest(method: "GET", url: "https://x").path == "/")
        let v6 = HTTPRequest(method: "GET", url: "http://[::1]:8080/p")
        #expect(v6.host == "[::1]")
        #expect(v6.port == 8080)
    }

    /// The byte-level split keeps the delimiters' meaning at every position, including non-ASCII text around them.
    @Test(arguments: [
        // url, scheme, userInfo, host, port, path, query, fragment
        ("mailto:a@b.c", nil, nil, nil, nil, "mailto:a@b.c", nil, nil),
        ("x y://h/p", nil, nil, nil, nil, "x y://h/p", nil, nil),
        ("://h/p", nil, nil, nil, nil, "://h/p", nil, nil),
        ("https://h", "https", nil, "h", nil, "", nil, nil),
        ("https://h:", "https", nil, "h:", nil, "", nil, nil),
        ("https://h:x/p", "https", nil, "h:x", nil, "/p", nil, nil),
        ("https://a@b@h:1/p@q", "https", "a@b", "h", 1, "/p@q", nil, nil),
        ("https://h?q=1", "https", nil, "h", nil, "", "q=1", nil),
        ("https://h#f?x", "https", nil, "h", nil, "", nil, "f?x"),
        ("/p?a=1?b#c#d", nil, nil, nil, nil, "/p", "a=1?b", "c#d"),
        ("https://[::1]/é?ü=1#ö", "https", nil, "[::1]", nil, "/é", "ü=1", "ö"),
        ("svn+ssh.1-x://h/", "svn+ssh.1-x", nil, "h", nil, "/", nil, nil),
        ("", nil, nil, nil, nil, "", nil, nil),
    ] as [(String, String?, String?, String?, Int?, String, String?, String?)])
    func urlPartsEdgeCases(
        url: String, scheme: String?, userInfo: String?, host: String?, port: Int?, path: String, query: String?,
        fragment: String?
    ) {
        let parts = URLParts(url)
        #expect(parts.scheme == scheme)
        #expect(parts.userInfo == userInfo)
        #expect(parts.host == host)
        #expect(parts.port == port)
        #expect(parts.path == path)
        #expect(parts.query == query)
        #expect(parts.fragment == fragment)
    }

    @Test func headersAreCaseInsensitiveAndKeepDuplicates() {
        let r = HTTPRequest(
            method: "GET", url: "/",
            headers: [
                HTTPHeader(name: "Accept", value: "a"), HTTPHeader(name: "X-Dup", value: "1"),
                HTTPHeader(name: "x-dup", value: "2"),
            ])
        #expect(r.header(named: "ACCEPT") == "a")
        #expect(r.headers(named: "X-DUP") == ["1", "2"])
        #expect(r.header(named: "missing") == nil)
        // Names of the same length that differ, a longer and a shorter one, and non-ASCII names (compared as
        // bytes; only ASCII letters fold).
        let h = [
            HTTPHeader(name: "X-Dux", value: "0"), HTTPHeader(name: "X-Dup-", value: "long"),
            HTTPHeader(name: "X-Du", value: "short"), HTTPHeader(name: "X-Dup", value: "1"),
            HTTPHeader(name: "X-Ünï", value: "u"), HTTPHeader(name: "x-dup", value: "2"),
        ]
        #expect(h.first(named: "x-DUP") == "1")
        #expect(h.all(named: "X-DUP") == ["1", "2"])
        #expect(h.first(named: "X-Ünï") == "u")
        #expect(h.first(named: "x-ünï") == nil)
        #expect(h.first(named: "") == nil)
        #expect(h.all(named: "nothing").isEmpty)
    }

    @Test func cookiesComeFromHeaderOrRecordedList() {
        let r = HTTPRequest(method: "GET", url: "/", headers: [HTTPHeader(name: "Cookie", value: "a=1; b=two")])
        #expect(r.cookies == [HTTPHeader(name: "a", value: "1"), HTTPHeader(name: "b", value: "two")])
        let s = HTTPRequest(method: "GET", url: "/", recordedCookies: [HTTPHeader(name: "c", value: "3")])
        #expect(s.cookies == [HTTPHeader(name: "c", value: "3")])
    }

    @Test(arguments: [
        ("2023-03-30T04:39:18.981Z", 1_680_151_158.981),
        ("1970-01-01T00:00:00Z", 0),
        ("2020-02-29T12:00:00+02:00", 1_582_970_400),
        ("2017-08-07T13:32:12.123-0700", 1_502_137_932.123),
    ])
    func parsesISO8601(text: String, epoch: Double) throws {
        let v = try #require(ISO8601Timestamp.parse(text))
        #expect(abs(v - epoch) < 0.0005)
    }

    @Test func rejectsNonDates() {
        #expect(ISO8601Timestamp.parse("yesterday") == nil)
        #expect(ISO8601Timestamp.parse("2023-13-01T00:00:00Z") == nil)
    }

    @Test func timingsTreatMinusOneAsUnknown() {
        let t = Timings(blocked: -1, dns: 2, connect: -1, ssl: 0, send: 1, wait: 10, receive: 3)
        #expect(t.blocked == nil)
        #expect(t.connect == nil)
        #expect(t.ssl == 0)
        #expect(t.total == 16)
    }

    @Test func formCodingRoundTrips() {
        let pairs = [("a b", "c&d=e"), ("k", "ü/+")]
        let encoded = HTTPForm.encode(pairs)
        #expect(encoded == "a+b=c%26d%3De&k=%C3%BC%2F%2B")
        let back = HTTPForm.decode(encoded)
        #expect(back.map(\.name) == ["a b", "k"])
        #expect(back.map(\.value) == ["c&d=e", "ü/+"])
    }
}

@Suite("Traffic selection")
struct TrafficSelectionTests {
    @Test func splitsEntrySuffix() throws {
        #expect(try TraceSelection.splitPath("t.har#3").entries == 3...3)
        #expect(try TraceSelection.splitPath("t.har#3-7").entries == 3...7)
        #expect(try TraceSelection.splitPath("t.har#3-7").path == "t.har")
        #expect(try TraceSelection.splitPath("dir#x/t.har").entries == nil)
        #expect(throws: DiagnoseFailure.self) { try TraceSelection.splitPath("t.har#0") }
        #expect(throws: DiagnoseFailure.self) { try TraceSelection.splitPath("t.har#7-3") }
    }

    @Test func filtersByMatchAndStatus() throws {
        let text = """
            {"request":{"method":"POST","url":"https://a/v1/charges"},"response":{"status":402}}
            {"request":{"method":"GET","url":"https://a/v1/charges/ch_1"},"response":{"status":200}}
            {"request":{"method":"POST","url":"https://a/v1/customers"},"response":{"status":400}}
            {"request":{"method":"GET","url":"https://a/v1/balance"}}
            """
        var s = TraceSelection()
        try s.setMatch("POST /v1/")
        try s.addStatus("4xx")
        let got = try readTrace(text, options: .init(selection: s)).exchanges.map(\.source.entry)
        #expect(got == [1, 3])
        var range = TraceSelection()
        range.entries = 2...3
        #expect(try readTrace(text, options: .init(selection: range)).exchanges.map(\.source.entry) == [2, 3])
        var exact = TraceSelection()
        try exact.addStatus("200")
        #expect(try readTrace(text, options: .init(selection: exact)).exchanges.map(\.source.entry) == [2])
        #expect(throws: DiagnoseFailure.self) { try exact.addStatus("4x") }
        #expect(throws: DiagnoseFailure.self) { try exact.setMatch("POST v1") }
    }
}
