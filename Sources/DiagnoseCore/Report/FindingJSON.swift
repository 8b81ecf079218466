/// The public JSON shape of a `Finding`: one line, fixed key order, every key always present (`null` when absent).
///
/// ```json
/// {"rule":"request.param-unknown","severity":"error","message":"…",
///  "exchange":{"file":"trace.har","entry":3,"method":"POST","url":"https://api.example.com/v1/charges"},
///  "location":"/request/body/amount","spec":{"file":"openapi.yaml","line":88,"column":13,"pointer":"#/…"},
///  "expected":"integer","found":"string \"42\"","hint":"…","kb":"https://…"}
/// ```
/// `check --format json`, `scan --format json|ndjson`, SQLite and users' scripts share it.
public enum FindingJSON {
    /// The finding as one line of JSON (no trailing newline).
    /// - Parameter finding: the finding.
    /// - Returns: the JSON text.
    public static func write(_ finding: Finding) -> String {
        var out = ""
        write(finding, into: &out)
        return out
    }

    /// Appends the finding's JSON (no trailing newline).
    /// - Parameters:
    ///   - finding: the finding.
    ///   - out: the text to append to.
    public static func write(_ finding: Finding, into out: inout String) {
        // Appended piece by piece: `a + quote(b)` made a temporary string per field, for every finding.
        func quoted(_ s: String) { JSONSerializer.append(quoted: s, to: &out) }
        func quotedOrNull(_ s: String?) {
            if let s { quoted(s) } else { out += "null" }
        }
        out += "{\"rule\":"
        quoted(finding.rule)
        out += ",\"severity\":"
        quoted(finding.severity.rawValue)
        out += ",\"message\":"
        quoted(finding.message)
        out += ",\"exchange\":{\"file\":"
        quoted(finding.exchange.file)
        out += ",\"entry\":"
        out += String(finding.exchange.entry)
        out += ",\"method\":"
        quoted(finding.exchange.method)
        out += ",\"url\":"
        quoted(finding.exchange.url)
        out += "},\"location\":"
        quoted(finding.location)
        if let spec = finding.spec {
            out += ",\"spec\":{\"file\":"
            quoted(spec.file)
            out += ",\"line\":"
            out += String(spec.line)
            out += ",\"column\":"
            out += String(spec.column)
            out += ",\"pointer\":"
            quoted(spec.pointer)
            out += "}"
        } else {
            out += ",\"spec\":null"
        }
        out += ",\"expected\":"
        quotedOrNull(finding.expected)
        out += ",\"found\":"
        quotedOrNull(finding.found)
        out += ",\"hint\":"
        quotedOrNull(finding.hint)
        out += ",\"kb\":"
        quotedOrNull(finding.kb)
        out += "}"
    }

    /// Reads a finding back from its JSON object (as written by `write`).
    /// - Parameter node: the object.
    /// - Returns: the finding.
    /// - Throws: `DiagnoseFailure` naming the JSON pointer of a missing or mistyped member.
    public static func read(_ node: Node) throws(DiagnoseFailure) -> Finding {
        let r = PartialReader(node)
        let exchange = try r.object("exchange")
        let severityText = try r.string("severity")
        guard let severity = Diagnostic.Severity(rawValue: severityText) else {
            throw r.failure("severity", "is \"\(severityText)\", expected error, warning or info")
        }
        var spec: Finding.SpecRef?
        if let s = try r.optionalObject("spec") {
            spec = Finding.SpecRef(
                file: try s.string("file"), line: try s.int("line"), column: try s.int("column"),
                pointer: try s.string("pointer"))
        }
        return Finding(
            rule: try r.string("rule"), severity: severity, message: try r.string("message"),
            exchange: Finding.ExchangeRef(
                file: try exchange.string("file"), entry: try exchange.int("entry"),
                method: try exchange.string("method"), url: try exchange.string("url")),
            location: try r.string("location"), spec: spec, expected: try r.optionalString("expected"),
            found: try r.optionalString("found"), hint: try r.optionalString("hint"), kb: try r.optionalString("kb"))
    }
}
