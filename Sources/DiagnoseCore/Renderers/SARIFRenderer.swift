// `--format sarif`: SARIF 2.1.0 (OASIS), for code-scanning dashboards.
//
// One run; tool.driver.rules lists every rule with findings (sorted by id; results point at them by ruleIndex).
// Each result's physical location is the trace file (no region: a finding points into an exchange, not a line);
// its logical location is "file#entry /json/pointer"; a violated spec part becomes a related location with
// line/column. Findings beyond the in-memory cap are counted in run.properties.findingsOmitted.

enum SARIFRenderer {
    static let schemaURI = "https://json.schemastore.org/sarif-2.1.0.json"

    static func level(_ s: Diagnostic.Severity) -> String {
        switch s {
        case .error: "error"
        case .warning: "warning"
        case .info: "note"
        }
    }

    /// A relative URI reference for a file path: unreserved characters and `/` kept, others percent-encoded.
    static func uri(_ path: String) -> String {
        HTTPForm.percentEncode(path, keeping: "/")
    }

    static func render(_ r: ScanReport, options: RenderOptions) -> String {
        let q = JSONSerializer.quote
        let rules = r.rules.values.sorted { $0.id < $1.id }
        var index: [String: Int] = [:]
        for (i, rule) in rules.enumerated() { index[rule.id] = i }
        var o = "{\n  \"$schema\": " + q(schemaURI) + ",\n  \"version\": \"2.1.0\",\n  \"runs\": [\n    {\n"
        o +=
            "      \"tool\": {\n        \"driver\": {\n          \"name\": \"diagnose\",\n          \"version\": "
            + q(options.toolVersion) + ",\n          \"informationUri\": " + q(options.informationURI)
            + ",\n          \"rules\": ["
        o += rules.map { rule in
            // helpUri must be an absolute URI: bytes a URI cannot hold are percent-encoded, and a link that is not
            // http(s) (a rule pack's or --kb-base-url's typo, `javascript:`) is left out.
            let help = ReportEscaping.safeURL(options.helpURI(for: rule.id))
            return "\n            {\"id\": " + q(rule.id) + ", \"name\": " + q(rule.id) + ", \"shortDescription\": {\"text\": "
                + q(options.title(for: rule.id)) + "}" + (help == "#" ? "" : ", \"helpUri\": " + q(help))
                + ", \"defaultConfiguration\": {\"level\": " + q(level(rule.severity)) + "}}"
        }.joined(separator: ",")
        o += rules.isEmpty ? "]\n" : "\n          ]\n"
        o += "        }\n      },\n      \"results\": ["
        var first = true
        for stored in r.findings {
            let f = stored.finding
            o += first ? "\n" : ",\n"
            first = false
            let ruleIndex = index[f.rule] ?? -1
            o += "        {\"ruleId\": " + q(f.rule)
            if ruleIndex >= 0 { o += ", \"ruleIndex\": \(ruleIndex)" }
            o += ", \"level\": " + q(level(f.severity)) + ", \"message\": {\"text\": " + q(f.message) + "}"
            o +=
                ", \"locations\": [{\"physicalLocation\": {\"artifactLocation\": {\"uri\": " + q(uri(f.exchange.file))
                + "}}, \"logicalLocations\": [{\"fullyQualifiedName\": "
                + q("\(f.exchange.file)#\(f.exchange.entry) \(f.location)") + ", \"kind\": \"object\"}]}]"
            if let spec = f.spec {
                o +=
                    ", \"relatedLocations\": [{\"id\": 1, \"physicalLocation\": {\"artifactLocation\": {\"uri\": "
                    + q(uri(spec.file)) + "}"
                if spec.line > 0 {
                    o += ", \"region\": {\"startLine\": \(spec.line)"
                    if spec.column > 0 { o += ", \"startColumn\": \(spec.column)" }
                    o += "}"
                }
                o += "}, \"message\": {\"text\": " + q("spec " + spec.pointer) + "}}]"
            }
            o +=
                ", \"properties\": {\"exchange\": {\"file\": " + q(f.exchange.file) + ", \"entry\": \(f.exchange.entry)"
                + ", \"method\": " + q(f.exchange.method) + ", \"url\": " + q(f.exchange.url) + "}, \"pointer\": "
                + q(f.location)
            if let expected = f.expected { o += ", \"expected\": " + q(expected) }
            if let found = f.found { o += ", \"found\": " + q(found) }
            if let hint = f.hint { o += ", \"hint\": " + q(hint) }
            o += "}}"
        }
        o += first ? "],\n" : "\n      ],\n"
        o +=
            "      \"properties\": {\"exchanges\": \(r.totals.exchanges), \"findings\": \(r.totals.findings)"
            + ", \"findingsOmitted\": \(r.findingsOmitted)}\n"
        o += "    }\n  ]\n}\n"
        return o
    }
}
