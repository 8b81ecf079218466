/// Renders a `ScanReport` in any `ReportFormat`; the same report and options always give the same bytes.
public enum ReportRenderer {
    /// Renders a report.
    /// - Parameters:
    ///   - report: the report (normalized here; the caller need not).
    ///   - format: the output format.
    ///   - options: colour, KB links, tool version, rule titles.
    /// - Returns: the document text, ending in a newline.
    public static func render(_ report: ScanReport, format: ReportFormat, options: RenderOptions = RenderOptions())
        -> String
    {
        let r = report.normalized()
        switch format {
        case .text: return TextReportRenderer.render(r, options: options)
        case .json: return JSONReportRenderer.json(r, options: options)
        case .ndjson: return JSONReportRenderer.ndjson(r, options: options)
        case .markdown: return MarkdownReportRenderer.render(r, options: options)
        case .sarif: return SARIFRenderer.render(r, options: options)
        case .junit: return JUnitRenderer.render(r, options: options)
        case .html: return HTMLReportRenderer.render(r, options: options)
        case .partial: return r.partialJSON()
        }
    }

    /// The last line of `--format ndjson` for callers that stream finding lines as they are found
    /// (`FindingJSON.write` + newline per finding): `{"summary":{…}}` and a newline.
    /// - Parameters:
    ///   - report: the report.
    ///   - options: rule titles and KB links.
    /// - Returns: the summary line.
    public static func ndjsonSummaryLine(_ report: ScanReport, options: RenderOptions = RenderOptions()) -> String {
        "{\"summary\":" + JSONReportRenderer.summary(report.normalized(), options: options) + "}\n"
    }
}
