/// Renders the results of `diagnose check` as text (grouped by exchange, optional colour, snippets and spec
/// excerpts), JSON (`{"version": 1, "findings": [...], "summary": {...}}`) or Markdown (a ticket-ready summary).
public struct CheckRenderer: Sendable {
    /// Output format of `check`.
    public enum Format: String, Sendable, CaseIterable {
        case text, json, markdown
    }

    /// ANSI colour in text output.
    public var color: Bool = false
    /// Language of the headings.
    public var language: Language = .en
    /// Returns the text of a spec file's line, for excerpts under findings.
    public var specLine: @Sendable (_ file: String, _ line: Int) -> String? = { _, _ in nil }
    /// Redacts snippets taken from exchanges.
    public var redactor: Redactor = .default

    /// Creates a renderer.
    public init(color: Bool = false, language: Language = .en) {
        self.color = color
        self.language = language
    }

    /// Renders results in a format.
    public func render(_ results: CheckResults, format: Format) -> String {
        switch format {
        case .text: text(results)
        case .json: json(results)
        case .markdown: markdown(results)
        }
    }

    // MARK: Text

    private func paint(_ s: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }

    private func label(_ severity: Diagnostic.Severity) -> String {
        switch severity {
        case .error: paint("error", "1;31")
        case .warning: paint("warning", "1;33")
        case .info: paint("info", "1;36")
        }
    }

    /// Text grouped by exchange.
    public func text(_ results: CheckResults) -> String {
        var out = ""
        for problem in results.problems {
            out += "\(problem.location.map { "\($0): " } ?? "")\(label(problem.severity)): \(problem.message)\n"
            if let help = problem.help { out += "  help: \(help)\n" }
        }
        if !results.problems.isEmpty { out += "\n" }
        for result in results.exchanges where !result.findings.isEmpty {
            let ref = result.findings[0].exchange
            out += paint("\(ref.file)#\(ref.entry)", "1") + "  \(ref.method) \(ref.url)"
            if let status = result.exchange.response?.status { out += "  → \(status)" }
            out += "\n"
            if result.specPath == nil { out += "  (no spec matches this host: only integration rules ran)\n" }
            for finding in result.findings {
                out += "  \(label(finding.severity)): \(finding.message) " + paint("[\(finding.rule)]", "2") + "\n"
                if !finding.location.isEmpty { out += "    at \(finding.location)\n" }
                if let snippet = snippet(finding, result.exchange) { out += "     | \(snippet)\n" }
                if let expected = finding.expected, let found = finding.found {
                    out += "    expected \(expected), found \(found)\n"
                }
                if let spec = finding.spec {
                    out += "    spec: \(spec.file):\(spec.line):\(spec.column) (#\(spec.pointer))\n"
                    if spec.line > 0, let line = specLine(spec.file, spec.line) {
                        let number = String(spec.line)
                        out += "    \(String(repeating: " ", count: max(0, 6 - number.count)))\(number) | \(line)\n"
                    }
                }
                if let hint = finding.hint { out += "    " + paint("help:", "1") + " \(hint)\n" }
                if let kb = finding.kb { out += "    see: \(kb)\n" }
            }
            out += "\n"
        }
        out += summaryLine(results) + "\n"
        return out
    }

    /// The part of the exchange a finding points at: the query pair, the header, or the body field.
    func snippet(_ finding: Finding, _ exchange: Exchange) -> String? {
        let tokens = (try? JSONPointer(parsing: finding.location).tokens) ?? []
        guard tokens.count >= 2 else { return nil }
        let request = exchange.request
        switch (tokens[0], tokens[1]) {
        case ("request", "query"):
            guard tokens.count >= 3 else { return nil }
            let pairs = FormDecoding.pairs(request.rawQuery ?? "").filter { $0.baseName == tokens[2] }
            guard !pairs.isEmpty else { return nil }
            return clip(redactor.redactValue(pairs.map { "\($0.name)=\($0.value)" }.joined(separator: "&")))
        case ("request", "headers"), ("response", "headers"):
            guard tokens.count >= 3 else { return nil }
            let headers = tokens[0] == "request" ? request.headers : (exchange.response?.headers ?? [])
            guard let value = headers.first(named: tokens[2]) else { return nil }
            return clip("\(tokens[2]): " + redactor.redactHeader(name: tokens[2], value: value))
        case ("request", "body"), ("response", "body"):
            guard tokens.count >= 3 else { return nil }
            let pointer = JSONPointer(tokens: Array(tokens.dropFirst(2)))
            let isRequest = tokens[0] == "request"
            guard let body = isRequest ? request.body : exchange.response?.body else { return nil }
            let contentType = isRequest ? request.header(named: "Content-Type") : exchange.response?.headers.first(named: "Content-Type")
            if isRequest && HTTPMediaType.isForm(contentType ?? body.mediaType) {
                // The pair as sent: `amount=10.99`, `metadata[k]=v`.
                let name = pointer.fieldName(form: true)
                let pairs = FormDecoding.pairs(body.text).filter { $0.name == name || $0.name.hasPrefix(name + "[") }
                guard !pairs.isEmpty else { return nil }
                return clip(redactor.redactValue(pairs.map { "\($0.name)=\($0.value)" }.joined(separator: "&")))
            }
            if HTTPMediaType.isJSON(contentType ?? body.mediaType),
                let document = try? JSONParser.parse(SourceText(name: "body", bytes: body.bytes)),
                let node = document.root.resolve(pointer)
            {
                return clip("\"\(tokens.last!)\": " + redactor.redactValue(JSONSerializer.serialize(node)))
            }
            return nil
        default:
            return nil
        }
    }

    private func clip(_ s: String) -> String { s.count > 160 ? String(s.prefix(160)) + "…" : s }

    func summaryLine(_ results: CheckResults) -> String {
        let total = results.exchanges.count
        let withFindings = results.exchanges.filter { !$0.findings.isEmpty }.count
        let e = results.count(.error)
        let w = results.count(.warning)
        let i = results.count(.info)
        var s: String
        switch language {
        case .zhHans:
            s = "已检查 \(total) 个请求，其中 \(withFindings) 个有问题：\(e) 个错误，\(w) 个警告，\(i) 条提示。"
        case .en:
            s = "\(total) exchange\(total == 1 ? "" : "s") checked, \(withFindings) with findings: \(e) error\(e == 1 ? "" : "s"), \(w) warning\(w == 1 ? "" : "s"), \(i) info."
        }
        let noSpec = results.exchanges.filter { $0.specPath == nil }.count
        if noSpec > 0 {
            s += language == .zhHans ? "（\(noSpec) 个请求没有匹配的规范，只运行了集成规则。）" : " \(noSpec) had no matching spec (integration rules only)."
        }
        if !results.problems.isEmpty {
            s += language == .zhHans ? "读取时有 \(results.problems.count) 个问题。" : " \(results.problems.count) input problem\(results.problems.count == 1 ? "" : "s")."
        }
        return s
    }

    // MARK: JSON

    /// `{"version": 1, "findings": [...], "summary": {...}}` with the shared finding objects.
    public func json(_ results: CheckResults) -> String {
        let q = JSONSerializer.quote
        var out = "{\n  \"version\": 1,\n  \"findings\": ["
        var first = true
        for finding in results.findings {
            out += first ? "\n    " : ",\n    "
            first = false
            FindingJSON.write(finding, into: &out)
        }
        out += first ? "],\n" : "\n  ],\n"
        let specs = Array(Set(results.exchanges.compactMap(\.specPath))).sorted()
        out += "  \"summary\": {\"exchanges\": \(results.exchanges.count)"
        out += ", \"exchangesWithFindings\": \(results.exchanges.filter { !$0.findings.isEmpty }.count)"
        out += ", \"errors\": \(results.count(.error)), \"warnings\": \(results.count(.warning)), \"info\": \(results.count(.info))"
        out += ", \"specs\": [" + specs.map(q).joined(separator: ", ") + "]"
        out += ", \"exchangesWithoutSpec\": [" + results.exchanges.filter { $0.specPath == nil }
            .map { "{\"file\": \(q($0.exchange.source.file)), \"entry\": \($0.exchange.source.entry)}" }.joined(separator: ", ") + "]"
        out += ", \"problems\": [" + results.problems.map { p in
            "{\"id\": \(q(p.id)), \"severity\": \(q(p.severity.rawValue)), \"message\": \(q(p.message)), \"location\": \(p.location.map { q($0.description) } ?? "null")}"
        }.joined(separator: ", ") + "]"
        out += "}\n}\n"
        return out
    }

    // MARK: Markdown

    /// A summary to paste into a support reply: per exchange, each finding with where, what to do and a link.
    public func markdown(_ results: CheckResults) -> String {
        let zh = language == .zhHans
        var out = zh ? "### 诊断结果\n\n" : "### What we found\n\n"
        out += summaryLine(results) + "\n"
        var n = 0
        for result in results.exchanges where !result.findings.isEmpty {
            n += 1
            let ref = result.findings[0].exchange
            let path = URLParts(ref.url).path
            out += "\n#### \(n). `\(ref.method) \(path)`"
            out += zh ? "（\(ref.file) 第 \(ref.entry) 条" : " (\(ref.file), entry \(ref.entry)"
            if let status = result.exchange.response?.status { out += zh ? "，状态 \(status)）\n\n" : ", status \(status))\n\n" } else { out += zh ? "）\n\n" : ")\n\n" }
            for finding in result.findings {
                let severity: String
                switch (finding.severity, zh) {
                case (.error, false): severity = "**Error**"
                case (.warning, false): severity = "**Warning**"
                case (.info, false): severity = "Note"
                case (.error, true): severity = "**错误**"
                case (.warning, true): severity = "**警告**"
                case (.info, true): severity = "提示"
                }
                out += "- \(severity): \(escapeMarkdown(finding.message))"
                if !finding.location.isEmpty { out += " (`\(finding.location)`)" }
                out += "  \n"
                if let hint = finding.hint { out += "  \(zh ? "修复方法" : "How to fix"): \(escapeMarkdown(hint))" }
                if let kb = finding.kb { out += " [\(zh ? "详细说明" : "Learn more")](\(kb))" }
                out += "\n"
            }
        }
        return out
    }

    private func escapeMarkdown(_ s: String) -> String {
        var out = ""
        for c in s {
            if "*_`[]<>|".contains(c) { out.append("\\") }
            out.append(c)
        }
        return out
    }
}
