import DiagnoseTestSupport
import Foundation
import Testing

@testable import DiagnoseCore

@Suite("Trace readers never crash")
struct TrafficRobustnessTests {
    static let samples: [String] = [
        """
        {"_custom": {"entries": [1, 2]},
         "log": {
          "entries": [
            {"_id": 1, "request": {"method": "GET", "url": "https://a.example/x?y=1"}, "response": {"status": 200}},
            {"request": {"method": "POST", "url": "https://a.example/p", "postData": {"params": [{"name": "a"}]}}}
          ]}}
        """,
        "GET /ok HTTP/1.1\r\nHost: x\r\nContent-Length: 99\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n\r\nHTTP/1.1 2",
        "> GET / HTTP/1.1\n> Host: x\n<\n< HTTP/1.1\n* Connected to\n",
        "=> Send header, 3 bytes\n0000: GET\nzzzz: x\n<= Recv data, 1 bytes\n0000:\n",
        "curl -X -H $'\\x' \"\\\n -u : -b -F = --json @ -G -d",
        "{\"request\": {\"method\": 1, \"url\": []}, \"response\": {\"status\": \"x\", \"headers\": {}}}\n[1,2]\n\"str\"\n",
    ]

    @Test(arguments: 0..<samples.count)
    func everyPrefixInEveryFormat(sample: Int) {
        let bytes = Array(Self.samples[sample].utf8)
        var items = 0
        for cut in stride(from: 0, through: bytes.count, by: 1) {
            for format in TraceFormat.allCases {
                guard
                    let reader = try? TraceReader(
                        bytes: Array(bytes[0..<cut]), name: "p", options: .init(format: format))
                else { continue }
                var n = 0
                for item in reader {
                    n += 1
                    items += 1
                    if case .exchange(let x) = item {
                        _ = x.request.body?.bytes
                        _ = x.response?.body?.bytes
                        _ = Redactor.default.redact(x).request.body?.bytes
                        _ = CurlCommand.render(x.request)
                    }
                    if n > 1000 { break }
                }
                _ = try? TraceRedaction.redact(bytes: Array(bytes[0..<cut]), name: "p")
            }
        }
        // Every sample yields something (exchanges or located problems) in some format.
        #expect(items > 0)
    }
}
