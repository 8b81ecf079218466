import DiagnoseTestSupport
import Foundation
import Testing

@testable import DiagnoseCore

@Suite("HAR corpus", .enabled(if: TrafficCorpus.available, TestPaths.corpusMissing))
struct HARCorpusTests {
    @Test(arguments: TrafficCorpus.files)
    func readsEveryEntryWithoutProblems(file: String) throws {
        let expected = try #require(TrafficCorpus.sources.first { $0.file == file }).entries
        let (xs, ps) = readTrace(try TraceReader(path: TrafficCorpus.path(file)))
        #expect(ps.isEmpty, "\(ps.map { "\($0.location?.description ?? ""): \($0.message)" })")
        #expect(xs.count == expected)
        #expect(xs.map(\.source.entry) == Array(1...max(1, expected)).prefix(expected).map { $0 })
        for x in xs {
            #expect(!x.request.method.isEmpty)
            #expect(x.request.host != nil, "\(file)#\(x.source.entry) has no host")
            #expect(x.source.offset > 0)
        }
    }

    @Test(arguments: TrafficCorpus.files)
    func smallChunksGiveTheSameExchanges(file: String) throws {
        let big = readTrace(try TraceReader(path: TrafficCorpus.path(file)))
        let small = readTrace(try TraceReader(path: TrafficCorpus.path(file), options: .init(chunkSize: 1024)))
        #expect(small.exchanges.count == big.exchanges.count)
        for (a, b) in zip(big.exchanges, small.exchanges) {
            #expect(a.source == b.source)
            #expect(a.request.url == b.request.url)
            #expect(a.response?.body?.bytes == b.response?.body?.bytes)
        }
    }

    @Test(arguments: TrafficCorpus.files)
    func roundTripsThroughNDJSON(file: String) throws {
        let (xs, _) = readTrace(try TraceReader(path: TrafficCorpus.path(file)))
        var nd: [UInt8] = []
        let writer = NDJSONWriter(redactor: Redactor(showSecrets: true))
        for x in xs { nd += writer.line(x) }
        let (back, problems) = readTrace(try TraceReader(bytes: nd, name: "rt.ndjson"))
        #expect(problems.isEmpty)
        #expect(back.count == xs.count)
        for (a, b) in zip(xs, back) {
            #expect(a.request.method == b.request.method)
            #expect(a.request.url == b.request.url)
            #expect(a.request.headers == b.request.headers)
            #expect(a.request.body?.bytes == b.request.body?.bytes)
            #expect(a.response?.status == b.response?.status)
            #expect(a.response?.headers == b.response?.headers)
            #expect(a.response?.body?.bytes == b.response?.body?.bytes, "\(file)#\(a.source.entry)")
            #expect(a.startedAt == b.startedAt)
            #expect(a.timings == b.timings)
        }
    }

    @Test(arguments: TrafficCorpus.files)
    func roundTripsThroughCurl(file: String) throws {
        let (xs, _) = readTrace(try TraceReader(path: TrafficCorpus.path(file)))
        for x in xs {
            let command = CurlCommand.render(x.request, redactor: Redactor(showSecrets: true))
            let (back, problems) = try CurlCommand.parse(command)
            #expect(problems.isEmpty, "\(file)#\(x.source.entry): \(problems.map(\.message))")
            #expect(back.method == x.request.method, "\(file)#\(x.source.entry)")
            #expect(back.url == x.request.absoluteURL, "\(file)#\(x.source.entry)")
            #expect(back.headers == x.request.headers.filter { !$0.name.hasPrefix(":") }, "\(file)#\(x.source.entry)")
            #expect(back.body?.bytes == x.request.body?.bytes, "\(file)#\(x.source.entry)")
        }
    }

    @Test(arguments: TrafficCorpus.files)
    func redactedCopyIsValidHARWithSameEntries(file: String) throws {
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: TrafficCorpus.path(file))))
        let (out, summary) = try TraceRedaction.redact(bytes: bytes, name: file)
        #expect(summary.problems.isEmpty)
        let doc = try JSONParser.parse(SourceText(name: "redacted", bytes: out))
        let expected = try #require(TrafficCorpus.sources.first { $0.file == file }).entries
        #expect(doc.root["log"]?["entries"]?.count == expected)
        #expect(doc.root["log"]?["version"] != nil)
        // The copy reads back with the same methods and status codes.
        let (xs, _) = readTrace(try TraceReader(bytes: out, name: "redacted"))
        let (orig, _) = readTrace(try TraceReader(bytes: bytes, name: file))
        #expect(xs.map(\.request.method) == orig.map(\.request.method))
        #expect(xs.map { $0.response?.status } == orig.map { $0.response?.status })
        // Redacting the redacted copy changes nothing: every marker is stable.
        let (again, _) = try TraceRedaction.redact(bytes: out, name: "redacted")
        if let d = (0..<min(again.count, out.count)).first(where: { again[$0] != out[$0] })
            ?? (again.count == out.count ? nil : min(again.count, out.count))
        {
            let context = { (b: [UInt8]) in String(decoding: b[max(0, d - 80)..<min(b.count, d + 80)], as: UTF8.self) }
            Issue.record("redacting twice differs at byte \(d):\n\(context(out))\n---\n\(context(again))")
        }
    }

    // A few field values per exporter.

    @Test func charles() throws {
        let (xs, _) = readTrace(try TraceReader(path: TrafficCorpus.path("mitmproxy--mitmproxy--charles.har")))
        let x = try #require(xs.first)
        #expect(x.request.method == "GET")
        #expect(x.response?.status == 200)
        #expect(x.source.entry == 1)
    }

    /// `status: 0` is kept as a response with status 0 (no answer came back), distinct from a request recorded
    /// without any response.
    @Test func chromeStatusZeroMeansNoResponse() throws {
        let (xs, _) = readTrace(try TraceReader(path: TrafficCorpus.path("mitmproxy--mitmproxy--chrome.har")))
        #expect(xs.count == 3)
        #expect(xs.filter { $0.response == nil }.isEmpty)
        #expect(xs.compactMap { $0.response?.status }.sorted() == [0, 200, 304])
        #expect(xs.first { $0.response?.status == 0 }?.response?.body == nil)
    }

    @Test func insomniaHasNoPagesAndEmptyPostData() throws {
        let (xs, _) = readTrace(try TraceReader(path: TrafficCorpus.path("mitmproxy--mitmproxy--insomnia.har")))
        let x = try #require(xs.first)
        #expect(x.request.url == "http://mitm.it/")
        #expect(x.request.body == nil)
        #expect(x.time == 70.402)
        #expect(x.startedDateTime == "2023-03-30T04:39:18.981Z")
        #expect(x.startedAt.map { abs($0 - 1_680_151_158.981) < 0.001 } == true)
        #expect(x.response?.header(named: "content-type") == "text/html")
        #expect(x.response?.body?.text.contains("mitm") == true)
    }

    @Test func bomIsSkipped() throws {
        let (xs, ps) = readTrace(try TraceReader(path: TrafficCorpus.path("mitmproxy--mitmproxy--with-bom.har")))
        #expect(ps.isEmpty)
        let x = try #require(xs.first)
        #expect(x.request.method == "POST")
        #expect(x.request.body?.essence == "text/plain")
    }

    @Test func base64ResponsesAreDecoded() throws {
        let (xs, _) = readTrace(try TraceReader(path: TrafficCorpus.path("mitmproxy--mitmproxy--safari.har")))
        let b64 = xs.compactMap(\.response?.body).filter(\.wasBase64)
        #expect(b64.count == 7)
        for b in b64 { #expect(!b.bytes.isEmpty) }
    }

    @Test func mitmproxyFormPost() throws {
        let (xs, _) = readTrace(try TraceReader(path: TrafficCorpus.path("mitmproxy--mitmproxy--successful_log.har")))
        let post = try #require(xs.first { $0.request.method == "POST" })
        #expect(post.request.body?.essence == "application/x-www-form-urlencoded")
    }

    @Test func fiddlerAndFirefoxAgree() throws {
        let (f, _) = readTrace(
            try TraceReader(
                path: TrafficCorpus.path("jonluca--har-to-openapi--ServerService-GetNavigationMenu2-fiddler.har")))
        let (ff, _) = readTrace(
            try TraceReader(
                path: TrafficCorpus.path("jonluca--har-to-openapi--ServerService-GetNavigationMenu2-ff.har")))
        #expect(f.first?.request.method == "POST")
        #expect(ff.first?.request.method == "POST")
        #expect(f.first?.request.path == ff.first?.request.path)
        #expect(f.first?.request.body?.essence == "application/json")
    }

    @Test func allStatusesAndMethods() throws {
        let (xs, _) = readTrace(
            try TraceReader(
                path: TrafficCorpus.path("jonluca--har-to-openapi--request-generator-all-status-and-method.har")))
        #expect(xs.count == 665)
        #expect(xs.filter { $0.request.method == "TEST_METHOD_NOT_IN_SPEC" }.count == 1)
        #expect(xs.filter { $0.response?.status == 418 }.count == 11)
        #expect(xs.filter { $0.response?.status == 0 }.count == 11)
        #expect(xs.filter { $0.request.body?.essence == "multipart/form-data" }.count == 59)
    }

    @Test func pollyAndPlaywright() throws {
        let (p, _) = readTrace(
            try TraceReader(path: TrafficCorpus.path("Netflix--pollyjs--github-api-client-getUser-recording.har")))
        #expect(p.first?.request.host == "api.github.com")
        let (pw, _) = readTrace(try TraceReader(path: TrafficCorpus.path("microsoft--playwright--har-fulfill.har")))
        #expect(pw.count == 5)
        #expect(pw.filter { $0.response?.status == 301 }.count == 1)
    }

    @Test func chromeHarTimingsAndServerIP() throws {
        let (xs, _) = readTrace(try TraceReader(path: TrafficCorpus.path("sitespeedio--pagexray--304.har")))
        #expect(xs.count == 270)
        #expect(xs.filter { $0.response?.status == 503 }.count == 94)
        #expect(xs.contains { $0.timings?.wait != nil })
    }

    @Test func selectionStopsEarly() throws {
        var s = TraceSelection()
        s.entries = 5...6
        let (xs, _) = readTrace(
            try TraceReader(path: TrafficCorpus.path("sitespeedio--pagexray--304.har"), options: .init(selection: s)))
        #expect(xs.map(\.source.entry) == [5, 6])
    }
}
