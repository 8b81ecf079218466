import DiagnoseTestSupport
import Foundation
import Testing

@testable import DiagnoseCore

@Suite("Trace readers")
struct TrafficReaderTests {
    // MARK: Format detection

    @Test(arguments: [
        ("{\"log\": {\"entries\": []}}", TraceFormat.har),
        ("\u{FEFF}{\n  \"log\": {}}", .har),
        ("{\"startedDateTime\":\"x\",\"request\":{}}\n", .ndjson),
        ("{\"request\": {\"method\": \"GET\"}}", .ndjson),
        ("GET / HTTP/1.1\r\nHost: x\r\n\r\n", .raw),
        ("*   Trying 1.2.3.4:443...\n> GET / HTTP/1.1\n", .curlVerbose),
        ("== Info: hi\n", .curlVerbose),
        ("$ curl https://x\n", .curlCommand),
        ("curl https://x", .curlCommand),
    ])
    func detectsFormat(text: String, format: TraceFormat) {
        #expect(TraceFormat.detect(Array(text.utf8)[...]) == format)
    }

    @Test func unknownFormatIsAFailureWithHelp() throws {
        let error = #expect(throws: DiagnoseFailure.self) {
            try TraceReader(bytes: Array("hello world\n".utf8), name: "x.txt")
        }
        #expect(error?.message.contains("cannot tell the format of 'x.txt'") == true)
        #expect(error?.help != nil)
        #expect(throws: DiagnoseFailure.self) { try TraceReader(bytes: [], name: "empty") }
        let missing = #expect(throws: DiagnoseFailure.self) { try TraceReader(path: "/nonexistent/t.har") }
        #expect(missing?.message == "cannot read '/nonexistent/t.har': no such file or directory")
        #expect(missing?.help?.contains("'-'") == true)
    }

    // MARK: HAR streaming

    @Test func harMembersInAnyOrderAndCustomFields() throws {
        let har = """
            {"_custom": {"entries": [1, 2]},
             "log": {
              "entries": [
                {"_id": 1, "request": {"method": "GET", "url": "https://a.example/x?y=1"}, "response": {"status": 200, "content": {"text": "aGk=", "encoding": "base64", "mimeType": "text/plain"}}, "comment": "c"},
                {"request": {"method": "POST", "url": "https://a.example/p", "postData": {"mimeType": "application/x-www-form-urlencoded", "params": [{"name": "a b", "value": "1&2"}]}}}
              ],
              "version": "1.2", "pages": [{"id": "p", "title": "\\"]["}],
              "creator": {"name": "t", "version": "1"}
             }
            }
            """
        let (xs, ps) = try readTrace(har, name: "t.har")
        #expect(ps.isEmpty)
        #expect(xs.count == 2)
        #expect(xs[0].response?.body?.text == "hi")
        #expect(xs[0].response?.body?.wasBase64 == true)
        #expect(xs[0].source.line == 4)
        #expect(xs[0].source.column == 5)
        let body = try #require(xs[1].request.body)
        #expect(body.isSynthesized)
        #expect(body.text == "a+b=1%262")
        #expect(body.params == [HTTPHeader(name: "a b", value: "1&2")])
    }

    /// Name/value objects as exporters write them: either order, extra members, a number for a value, no value,
    /// an escaped key, a repeated key (the first counts, as `Node[key]` reads it), and objects without a name.
    @Test func headerPairsInEveryShape() throws {
        let har = #"""
            {"log": {"entries": [{"request": {"method": "GET", "url": "https://a.example/x", "headers": [
              {"name": "A", "value": "1"}, {"value": "2", "name": "B"}, {"comment": "c", "name": "C", "value": "3", "x": 1},
              {"name": "D", "value": 4}, {"name": "E"}, {"name": "F", "value": "6"},
              {"name": "G", "value": "7", "value": "8", "name": "H"}, {"value": "9"}, {"names": "I", "values": "10"},
              {"name": 11, "value": "11"}, []
            ]}}]}}
            """#
        let (xs, ps) = try readTrace(har, name: "h.har")
        #expect(ps.isEmpty)
        #expect(
            xs.first?.request.headers == [
                HTTPHeader(name: "A", value: "1"), HTTPHeader(name: "B", value: "2"), HTTPHeader(name: "C", value: "3"),
                HTTPHeader(name: "D", value: "4"), HTTPHeader(name: "E", value: ""), HTTPHeader(name: "F", value: "6"),
                HTTPHeader(name: "G", value: "7"),
            ])
    }

    @Test func malformedEntryIsLocatedAndReadingGoesOn() throws {
        let har = """
            {"log": {"entries": [
              {"request": {"method": "GET", "url": "https://a/1"}},
              {"request": {"method": "GET", "url": "https://a/2",}},
              {"request": {"url": "https://a/3"}},
              {"request": {"method": "GET", "url": "https://a/4"}}
            ]}}
            """
        let (xs, ps) = try readTrace(har, name: "bad.har")
        #expect(xs.map(\.request.url) == ["https://a/1", "https://a/4"])
        #expect(ps.count == 2)
        #expect(ps[0].id == "trace.malformed-entry")
        #expect(ps[0].location?.file == "bad.har")
        #expect(ps[0].location?.line == 3)
        #expect(ps[0].location?.pointer == "/log/entries/1")
        #expect(ps[0].message.hasPrefix("entry 2 is not valid JSON"))
        #expect(ps[1].id == "trace.invalid-entry")
        #expect(ps[1].location?.line == 4)
        #expect(ps[1].location?.pointer == "/log/entries/2/request/method")
        #expect(ps[1].message.contains("entry 3"))
    }

    @Test func truncatedFileKeepsWhatWasRead() throws {
        let har =
            "{\"log\": {\"entries\": [\n {\"request\": {\"method\": \"GET\", \"url\": \"https://a/1\"}},\n {\"request\": {\"meth"
        let (xs, ps) = try readTrace(har, name: "cut.har")
        #expect(xs.count == 1)
        #expect(ps.map(\.id) == ["trace.truncated"])
        #expect(ps[0].message == "the file ends inside entry 2")
        #expect(ps[0].location?.line == 3)
    }

    @Test func notAHARObject() throws {
        let (xs, ps) = try readTrace("{\"log\": {\"entries\": []}, \"x\": 1}", name: "e.har")
        #expect(xs.isEmpty && ps.isEmpty)
        let (_, ps2) = try readTrace("{\"comment\": 1}", name: "n.har", options: .init(format: .har))
        #expect(ps2.first?.message.contains("no \"log\" member") == true)
    }

    @Test func stringsWithBracketsAndEscapesDoNotConfuseTheScanner() throws {
        let body = #"{\"a\": \"}]\\\\\"[{\"}"#
        let har =
            #"{"log": {"entries": [{"request": {"method": "POST", "url": "https://a/\"]", "postData": {"mimeType": "application/json", "text": ""#
            + body + #""}}}, {"request": {"method": "GET", "url": "https://a/2"}}]}}"#
        for chunk in [1024, 4 << 20] {
            let (xs, ps) = readTrace(
                try TraceReader(bytes: Array(har.utf8), name: "s.har", options: .init(chunkSize: chunk)))
            #expect(ps.isEmpty)
            #expect(xs.count == 2)
            #expect(xs[0].request.url == "https://a/\"]")
            #expect(xs[0].request.body?.text == #"{"a": "}]\\"[{"}"#)
        }
    }

    /// The read window drops what was consumed only where little is left to move: the bytes moved stay a small
    /// fraction of those read, the window stays within three chunks plus one record, and offsets and lines stay
    /// right across every drop. (Dropping at the first boundary past a chunk moved about as many bytes as were read.)
    @Test(arguments: [(40, 0.15), (700, 0.5), (2_500, 1.0)])
    func readWindowMovesLittleAndStaysBounded(recordSize: Int, movedAtMost: Double) throws {
        var text = ""
        var starts: [Int] = []
        for i in 0..<600 {
            starts.append(text.utf8.count)
            text += "r\(i) " + String(repeating: "x", count: recordSize + i % 37) + "\n"
        }
        let bytes = Array(text.utf8)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("diagnose-window-\(getpid())-\(recordSize).txt").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let chunk = 1024
        let input = try ByteInput(path: path, chunkSize: chunk)
        var pos = 0
        var largest = 0
        for (line, start) in starts.enumerated() {
            // The reader at a record boundary: the record starts here, in the file and on its line.
            #expect(input.offset(of: pos) == start)
            #expect(input.position(of: pos) == (line + 1, 1))
            guard input.ensure(pos) else { Issue.record("input ended early"); return }
            #expect(input.buffer[pos] == UInt8(ascii: "r"))
            // Read to the end of the record as a scanner would, then hand the boundary back.
            while true {
                guard input.ensure(pos) else { break }
                if input.buffer[pos] == 0x0A { pos += 1; break }
                pos += 1
            }
            largest = max(largest, input.buffer.count)
            pos -= input.consume(upTo: pos)
        }
        #expect(!input.ensure(pos))
        #expect(input.bytesRead == bytes.count)
        #expect(largest <= 3 * chunk + recordSize + 64, "window grew to \(largest) bytes")
        let moved = Double(input.bytesMoved) / Double(input.bytesRead)
        #expect(moved <= movedAtMost, "moved \(input.bytesMoved) of \(input.bytesRead) bytes")
    }

    @Test func streamsAHARFileInChunks() throws {
        // Entries crossing many 1 KiB chunk boundaries.
        var har = "{\"log\": {\"version\": \"1.2\", \"entries\": [\n"
        for i in 1...300 {
            if i > 1 { har += ",\n" }
            har +=
                #"{"request": {"method": "GET", "url": "https://a/\#(i)", "headers": [{"name": "X-Pad", "value": "\#(String(repeating: "p", count: i % 97))"}]}, "response": {"status": 200, "content": {"text": "\#(String(repeating: "\\\"", count: i % 13))"}}}"#
        }
        har += "\n]}}\n"
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("diagnose-traffic-\(getpid()).har")
            .path
        try Data(har.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (xs, ps) = readTrace(try TraceReader(path: path, options: .init(chunkSize: 1024)))
        #expect(ps.isEmpty)
        #expect(xs.count == 300)
        #expect(xs.map(\.source.line) == Array(2...301))
        #expect(xs[12].response?.body?.text == String(repeating: "\"", count: 13 % 13))
        #expect(xs[11].response?.body?.text == String(repeating: "\"", count: 12))
    }

    /// HAR timings are read as the double their literal names, in every number shape an exporter writes
    /// (decimals, exponents, long fractions past the fast path, negatives for "not applicable").
    @Test(arguments: ["0.1", "60.2", "80.5", "1e2", "2.5E-1", "0.000123", "123456.789012345678", "-1", "17"])
    func harTimingsReadTheirLiteral(_ literal: String) throws {
        let har =
            #"{"log": {"entries": [{"request": {"method": "GET", "url": "https://a/1"}, "time": \#(literal), "#
            + #""timings": {"send": \#(literal), "wait": \#(literal), "receive": 0}}]}}"#
        let (xs, ps) = try readTrace(har, name: "t.har")
        #expect(ps.isEmpty)
        let x = try #require(xs.first)
        let expected = try #require(Double(literal))
        #expect(x.time == expected)
        #expect(x.timings?.wait == (expected < 0 ? nil : expected))
        #expect(x.timings?.send == (expected < 0 ? nil : expected))
    }

    // MARK: NDJSON

    @Test func ndjsonLinesWithBlankLinesAndErrors() throws {
        let text = """
            {"request": {"method": "GET", "url": "https://a/1"}, "response": {"status": 204}}

            {"request": {"method": "GET", "url": "https://a/2"}, oops}
            {"request": {"method": "PUT", "url": "https://a/3"}, "timings": {"send": 1, "wait": 20, "receive": -1}}
            """
        let (xs, ps) = try readTrace(text, name: "t.ndjson")
        #expect(xs.map(\.source.entry) == [1, 3])
        #expect(xs.map(\.source.line) == [1, 4])
        #expect(xs[1].timings?.wait == 20)
        #expect(xs[1].timings?.receive == nil)
        #expect(ps.count == 1)
        #expect(ps[0].location?.line == 3)
        #expect(ps[0].location?.column == 54)
    }

    // MARK: Raw transcripts

    @Test func rawRequestAndResponse() throws {
        let (xs, ps) = readTrace(
            try TraceReader(bytes: try TestPaths.fixture("traffic/raw/stripe-charge.http"), name: "c.http"))
        #expect(ps.isEmpty)
        let x = try #require(xs.first)
        #expect(x.request.method == "POST")
        #expect(x.request.url == "/v1/charges")
        #expect(x.request.host == "api.stripe.com")
        #expect(x.request.body?.text == "amount=2000&currency=usd&source=tok_visa&capture=1")
        #expect(x.response?.status == 402)
        #expect(x.response?.statusText == "Payment Required")
        #expect(x.response?.body?.text == #"{"error":{"type":"card_error","code":"card_declined"}}"#)
    }

    @Test func rawSeveralExchanges() throws {
        let (xs, ps) = readTrace(
            try TraceReader(bytes: try TestPaths.fixture("traffic/raw/several.http"), name: "s.http"))
        #expect(ps.isEmpty)
        #expect(xs.map(\.request.method) == ["GET", "DELETE", "POST"])
        #expect(xs.map(\.source.line) == [1, 15, 18])
        #expect(xs[0].request.header(named: "X-Folded") == "first second")
        #expect(xs[0].request.queryItems.last?.value == "a@b.c")
        #expect(xs[0].response?.body?.text == #"{"a":1}"#)
        #expect(xs[1].response == nil)
        #expect(xs[1].request.body == nil)
        #expect(xs[2].request.body?.text == #"{"charge": "ch_1", "reason": "duplicate"}"#)
        #expect(xs[2].response?.body?.text == "{\"id\": \"re_1\",\n \"status\": \"succeeded\"}")
    }

    @Test func rawProblemsAreLocated() throws {
        let (xs, ps) = readTrace(
            try TraceReader(
                bytes: try TestPaths.fixture("traffic/raw/bad.http"), name: "bad.http", options: .init(format: .raw)))
        #expect(xs.count == 1)
        #expect(xs[0].response?.status == 200)
        #expect(ps.map(\.location?.line) == [1, 4, 8])
        #expect(ps.allSatisfy { $0.id == "trace.malformed-entry" })
    }

    // MARK: curl -v and --trace-ascii

    @Test func curlVerbose() throws {
        let reader = try TraceReader(bytes: try TestPaths.fixture("traffic/curl-verbose/stripe-v.txt"), name: "v.txt")
        #expect(reader.format == .curlVerbose)
        let (xs, ps) = readTrace(reader)
        #expect(ps.isEmpty)
        #expect(xs.count == 2)
        #expect(xs[0].request.url == "https://api.stripe.com/v1/payment_intents")
        #expect(xs[0].request.httpVersion == "HTTP/2")
        #expect(xs[0].serverIPAddress == "54.187.174.169")
        #expect(xs[0].connection == "#0")
        #expect(xs[0].response?.status == 200)
        #expect(xs[0].response?.body?.text.contains("\"pi_123\"") == true)
        #expect(xs[1].request.method == "GET")
        #expect(xs[1].response?.status == 401)
        #expect(xs[1].connection == "#1")
        #expect(xs.map(\.source.line) == [5, 26])
    }

    @Test func curlTraceAscii() throws {
        let (xs, ps) = readTrace(
            try TraceReader(bytes: try TestPaths.fixture("traffic/curl-verbose/trace-ascii.txt"), name: "t.txt"))
        #expect(ps.isEmpty)
        let x = try #require(xs.first)
        #expect(x.request.url == "http://localhost:8080/v1/tokens")
        #expect(x.request.headers.count == 5)
        #expect(x.request.body?.text == "card[number]=4242&cvc=1")
        #expect(x.response?.status == 200)
        #expect(x.response?.header(named: "content-type") == "application/json")
        #expect(x.response?.body?.text == #"{"id":"tok_1"}"#)
        #expect(x.serverIPAddress == "127.0.0.1")
    }

    // MARK: Writers

    @Test func harWriterOutputReadsBack() throws {
        let (xs, _) = readTrace(
            try TraceReader(bytes: try TestPaths.fixture("traffic/raw/several.http"), name: "s.http"))
        var w = HARWriter(redactor: Redactor(showSecrets: true))
        var out = w.header()
        for x in xs { out += w.entry(x) }
        out += w.footer()
        let doc = try JSONParser.parse(SourceText(name: "w.har", bytes: out))
        #expect(doc.root["log"]?["entries"]?.count == 3)
        let (back, ps) = readTrace(try TraceReader(bytes: out, name: "w.har"))
        #expect(ps.isEmpty)
        #expect(back.map(\.request.method) == xs.map(\.request.method))
        // HAR writes "no response recorded" as status 0, which reads back as a status-0 response.
        #expect(back.map { $0.response?.status ?? 0 } == xs.map { $0.response?.status ?? 0 })
        #expect(back[2].response?.body?.text == xs[2].response?.body?.text)
    }
}
