import DiagnoseCore
import DiagnoseTestSupport
import Foundation
import Testing

/// The HTML report must look right: rendered in headless Chromium, the screenshot is not blank and the three
/// charts are present. Skips with a message where no browser is installed (CI installs Debian's `chromium`).
@Suite("HTML report")
struct RendererHTMLTests {
    static let browser: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for name in ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"] {
            for dir in path.split(separator: ":") {
                let candidate = "\(dir)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }()

    /// Total bytes of a PNG's IDAT chunks (compressed pixels), after checking the signature; nil when not a PNG.
    static func idatBytes(_ data: [UInt8]) -> Int? {
        guard data.count > 8, data.prefix(8) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] else { return nil }
        var i = 8
        var total = 0
        while i + 8 <= data.count {
            let length = Int(data[i]) << 24 | Int(data[i + 1]) << 16 | Int(data[i + 2]) << 8 | Int(data[i + 3])
            let type = String(decoding: data[(i + 4)..<(i + 8)], as: UTF8.self)
            if type == "IDAT" { total += length }
            if type == "IEND" { return total }
            i += 12 + length
        }
        return nil
    }

    static func screenshot(_ html: String, in dir: URL, name: String) throws -> [UInt8] {
        let page = dir.appendingPathComponent("\(name).html")
        let png = dir.appendingPathComponent("\(name).png")
        try html.write(to: page, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: browser!)
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
            "--user-data-dir=\(dir.appendingPathComponent("profile").path)",
            "--screenshot=\(png.path)", "--window-size=1280,2000", page.absoluteString,
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(120)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        if process.isRunning {
            process.terminate()
            Issue.record("\(browser!) did not finish within 120 s")
        }
        return Array(try Data(contentsOf: png))
    }

    @Test(
        .enabled(
            if: browser != nil, "no chromium, chromium-browser or google-chrome on PATH: skipping the screenshot test"))
    func rendersInHeadlessChromium() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("diagnose-html-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }

        let html = ReportRenderer.render(
            ReportFixtures.report(ReportFixtures.generated(count: 500)), format: .html, options: ReportFixtures.options)
        for chart in ["findings-per-rule", "status-over-time", "latency-histogram"] {
            #expect(html.contains("<svg data-chart=\"\(chart)\""), "chart \(chart) missing")
        }
        let report = try Self.screenshot(html, in: dir, name: "report")
        let blank = try Self.screenshot("<!DOCTYPE html><html><body></body></html>", in: dir, name: "blank")
        let reportPixels = try #require(Self.idatBytes(report), "report screenshot is not a PNG")
        let blankPixels = try #require(Self.idatBytes(blank), "blank screenshot is not a PNG")
        // A blank 1280×2000 page compresses to a few kB; the report's text, tables and charts to far more.
        #expect(reportPixels > 5 * blankPixels, "report \(reportPixels) B vs blank \(blankPixels) B of pixel data")
        #expect(reportPixels > 40_000)
    }

    @Test func idatParserReadsChunks() {
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        func chunk(_ type: String, _ length: Int) {
            png +=
                [0, 0, UInt8(length >> 8), UInt8(length & 0xFF)] + Array(type.utf8)
                + Array(repeating: 0, count: length + 4)
        }
        chunk("IHDR", 13)
        chunk("IDAT", 300)
        chunk("IDAT", 12)
        chunk("IEND", 0)
        #expect(Self.idatBytes(png) == 312)
        #expect(Self.idatBytes([1, 2, 3]) == nil)
    }

    @Test func chartsReflectTheData() {
        let report = ReportFixtures.report(ReportFixtures.small())
        let html = ReportRenderer.render(report, format: .html, options: ReportFixtures.options)
        // Latency bands of the seven timed exchanges: 60 | 95 | 120.5, 210 | 805, 880 | 1500.
        #expect(html.contains("<title>&lt;100 ms: 2</title>"))
        #expect(html.contains("<title>&lt;1600 ms: 3</title>"))
        #expect(html.contains("<title>encoding.json-body-on-form-endpoint: 2</title>"))
        #expect(html.contains("Status codes over time (2 min bars)"))
        #expect(html.contains("<table class=\"sortable\" id=\"endpoints\">"))
        #expect(html.contains("<td class=\"n\" data-v=\"805\">805.0</td>"))
    }
}
