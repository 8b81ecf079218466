/// Reads a rule pack document into `PackRule`s, failing at the first bad node with its location and a hint.
struct RulePackParser {
    let document: Document
    var seen: Set<String> = []

    init(document: Document) { self.document = document }

    static let ruleKeys: Set<String> = ["id", "severity", "message", "hint", "kb", "at", "match", "description"]
    static let matchKeys: Set<String> = [
        "method", "path", "operationId", "status", "headers", "responseHeaders", "query", "request", "response",
    ]
    static let testKeys: Set<String> = ["equals", "oneOf", "regex", "exists", "gt", "gte", "lt", "lte"]
    static let builtInPlaceholders: Set<String> = ["status", "method", "path", "host", "operationId"]

    mutating func parse() throws(DiagnoseFailure) -> [PackRule] {
        let root = document.root
        guard root.kind == .object else {
            throw fail(root, "a rule pack must be a mapping with a 'rules' list", help: "start the file with 'rules:'")
        }
        try checkKeys(root, ["rules", "version", "name", "description"])
        if let version = root["version"], version.numberValue?.int64Value != 1 {
            throw fail(version, "unsupported rule pack version", help: "write 'version: 1' or leave it out")
        }
        guard let rules = root["rules"] else {
            throw fail(root, "the rule pack has no 'rules' list", help: "add 'rules:' with one entry per rule")
        }
        guard rules.kind == .array else { throw fail(rules, "'rules' must be a list", help: "write each rule as '- id: …'") }
        var out: [PackRule] = []
        for (index, node) in rules.elements.enumerated() {
            out.append(try rule(node, pointer: "/rules/\(index)"))
        }
        return out
    }

    // MARK: one rule

    mutating func rule(_ node: Node, pointer: String) throws(DiagnoseFailure) -> PackRule {
        guard node.kind == .object else { throw fail(node, "a rule must be a mapping", help: "write 'id:', 'severity:', 'message:', 'kb:' and 'match:'") }
        try checkKeys(node, Self.ruleKeys)
        let idNode = try required(node, "id")
        let id = try string(idNode)
        guard Self.isValidID(id) else {
            throw fail(
                idNode, "rule id '\(id)' is not of the form vendor.some-id",
                help: "use lowercase letters, digits and dashes, with your vendor name before the first dot, e.g. acme.refund-without-reason")
        }
        if RuleCatalog.info(id) != nil {
            throw fail(idNode, "rule id '\(id)' is a built-in rule", help: "give custom rules your own vendor prefix, e.g. acme.\(id.split(separator: ".").last ?? "")")
        }
        let vendor = String(id.split(separator: ".")[0])
        if RuleCatalog.categories.contains(vendor) || vendor == "diagnose" {
            throw fail(idNode, "rule id '\(id)' uses the built-in category '\(vendor)'", help: "start the id with your own vendor name, e.g. acme.\(id)")
        }
        guard seen.insert(id).inserted else {
            throw fail(idNode, "rule id '\(id)' is declared twice in this pack", help: "give each rule its own id")
        }
        let severityNode = try required(node, "severity")
        guard let severity = Diagnostic.Severity(rawValue: try string(severityNode)) else {
            throw fail(severityNode, "unknown severity '\(severityNode.stringValue ?? "")'", help: "use error, warning or info")
        }
        let kbNode = try required(node, "kb")
        let kb = try string(kbNode)
        guard kb.hasPrefix("https://") || kb.hasPrefix("http://") else {
            throw fail(kbNode, "'kb' must be an http(s) URL", help: "link the article that explains this rule, e.g. https://support.example/kb/\(id)")
        }
        var at: String?
        if let atNode = node["at"] {
            let text = try string(atNode)
            guard text.hasPrefix("/request") || text.hasPrefix("/response"), (try? JSONPointer(parsing: text)) != nil else {
                throw fail(atNode, "'at' must be a JSON pointer into the exchange", help: "e.g. /request/body/amount or /response/status")
            }
            at = text
        }
        let matchNode = try required(node, "match")
        var rule = PackRule(
            id: id, severity: severity, message: "", hint: nil, kb: kb, at: at, methods: nil, path: nil,
            operationIds: nil, status: nil, conditions: [], location: location(node))
        try match(matchNode, into: &rule)
        var names = Self.builtInPlaceholders
        for condition in rule.conditions { names.insert("match." + condition.name) }
        for segment in rule.path?.segments ?? [] {
            if case .capture(let capture) = segment { names.insert("match." + capture) }
        }
        let messageNode = try required(node, "message")
        rule.message = try template(messageNode, names: names)
        if let hintNode = node["hint"] { rule.hint = try template(hintNode, names: names) }
        return rule
    }

    static func isValidID(_ id: String) -> Bool {
        let parts = id.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 2 else { return false }
        return parts.allSatisfy { part in
            !part.isEmpty && part.first != "-" && part.last != "-"
                && part.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D || $0 == 0x5F }
        }
    }

    // MARK: match

    func match(_ node: Node, into rule: inout PackRule) throws(DiagnoseFailure) {
        guard node.kind == .object else { throw fail(node, "'match' must be a mapping", help: "e.g. match: {method: POST, path: /v1/refunds}") }
        try checkKeys(node, Self.matchKeys)
        guard node.count > 0 else {
            throw fail(node, "'match' is empty, so the rule would match every exchange", help: "add at least one of \(Self.matchKeys.sorted().joined(separator: ", "))")
        }
        if let methods = node["method"] { rule.methods = try strings(methods).map { $0.uppercased() } }
        if let path = node["path"] {
            let text = try string(path)
            guard text.hasPrefix("/") else { throw fail(path, "a path pattern must start with '/'", help: "e.g. /v1/customers/{id}") }
            let pattern = PathPattern(text)
            if let rest = pattern.segments.firstIndex(of: .rest), rest != pattern.segments.count - 1 {
                throw fail(path, "'**' may only end a path pattern", help: "use '*' for one segment in the middle")
            }
            rule.path = pattern
        }
        if let ids = node["operationId"] { rule.operationIds = try strings(ids) }
        if let status = node["status"] { rule.status = try statusTest(status) }
        for (key, make) in [
            ("headers", { (n: String) in ValueSource.requestHeader(n) }),
            ("responseHeaders", { (n: String) in ValueSource.responseHeader(n) }),
            ("query", { (n: String) in ValueSource.query(n) }),
        ] {
            guard let list = node[key] else { continue }
            for item in try conditions(list) {
                let nameNode = try required(item, "name")
                let name = try string(nameNode)
                rule.conditions.append(PackCondition(source: make(name), test: try test(item, allowed: ["name", "as"]), name: try alias(item) ?? name))
            }
        }
        for (key, isRequest) in [("request", true), ("response", false)] {
            guard let list = node[key] else { continue }
            for item in try conditions(list) {
                let pointerNode = try required(item, "pointer")
                let text = try string(pointerNode)
                let pointer: JSONPointer
                do { pointer = try JSONPointer(parsing: text) } catch {
                    throw fail(pointerNode, "'\(text)' is not a JSON pointer: \(error.reason)", help: "write pointers like /error/code or /metadata/order_id")
                }
                let name = try alias(item) ?? pointer.tokens.last ?? "body"
                rule.conditions.append(
                    PackCondition(
                        source: isRequest ? .requestBody(pointer) : .responseBody(pointer),
                        test: try test(item, allowed: ["pointer", "as"]), name: name))
            }
        }
    }

    func conditions(_ node: Node) throws(DiagnoseFailure) -> [Node] {
        guard node.kind == .array else { throw fail(node, "conditions must be a list", help: "write each condition as '- name: …' or '- pointer: …'") }
        var out: [Node] = []
        for item in node.elements {
            guard item.kind == .object else { throw fail(item, "a condition must be a mapping", help: "e.g. {pointer: /error/code, equals: card_declined}") }
            out.append(item)
        }
        return out
    }

    func alias(_ node: Node) throws(DiagnoseFailure) -> String? {
        guard let aliasNode = node["as"] else { return nil }
        let text = try string(aliasNode)
        guard !text.isEmpty, text.utf8.allSatisfy({ Redactor.isAlnum($0) || $0 == 0x5F || $0 == 0x2D }) else {
            throw fail(aliasNode, "'as' must be a simple name", help: "use letters, digits, '_' and '-'")
        }
        return text
    }

    func test(_ node: Node, allowed: Set<String>) throws(DiagnoseFailure) -> ValueTest {
        try checkKeys(node, allowed.union(Self.testKeys))
        var test = ValueTest()
        var any = false
        if let n = node["equals"] { test.equals = try scalar(n); any = true }
        if let n = node["oneOf"] {
            guard n.kind == .array, n.count > 0 else { throw fail(n, "'oneOf' must be a non-empty list", help: "e.g. oneOf: [card_declined, expired_card]") }
            var values: [String] = []
            for element in n.elements { values.append(try scalar(element)) }
            test.oneOf = values
            any = true
        }
        if let n = node["regex"] {
            let source = try string(n)
            guard let regex = ECMARegex(source) else {
                throw fail(n, "'\(source)' is not a valid regular expression", help: "use ECMA-262 syntax, as in JSON Schema 'pattern'")
            }
            test.regex = regex
            any = true
        }
        if let n = node["exists"] {
            guard let flag = n.boolValue else { throw fail(n, "'exists' must be true or false", help: "write exists: true or exists: false") }
            test.exists = flag
            any = true
        }
        for key in ["gt", "gte", "lt", "lte"] {
            guard let n = node[key] else { continue }
            guard let number = n.numberValue?.doubleValue ?? n.stringValue.flatMap(Double.init) else {
                throw fail(n, "'\(key)' must be a number", help: "e.g. \(key): 100")
            }
            switch key {
            case "gt": test.gt = number
            case "gte": test.gte = number
            case "lt": test.lt = number
            default: test.lte = number
            }
            any = true
        }
        guard any else {
            throw fail(node, "the condition tests nothing", help: "add one of equals, oneOf, regex, exists, gt, gte, lt, lte")
        }
        return test
    }

    func statusTest(_ node: Node) throws(DiagnoseFailure) -> ValueTest {
        var test = ValueTest()
        switch node.kind {
        case .number:
            test.equals = try scalar(node)
        case .array:
            var values: [String] = []
            for element in node.elements {
                guard element.kind == .number else { throw fail(element, "a status must be a number", help: "e.g. status: [400, 402]") }
                values.append(try scalar(element))
            }
            test.oneOf = values
        case .string:
            let text = node.stringValue ?? ""
            if let code = Int(text) {
                test.equals = String(code)
            } else if text.count == 3, let first = text.first?.wholeNumberValue, (1...5).contains(first), text.dropFirst().lowercased() == "xx" {
                test.gte = Double(first * 100)
                test.lt = Double(first * 100 + 100)
            } else {
                throw fail(node, "'\(text)' is not a status", help: "write a code (404), a class (4xx), a list ([400, 402]) or a range ({gte: 400, lt: 500})")
            }
        case .object:
            test = try self.test(node, allowed: [])
        default:
            throw fail(node, "'status' must be a code, a class, a list or a range", help: "e.g. status: 4xx")
        }
        return test
    }

    // MARK: templates

    /// Checks a template's `{placeholders}` against the names the rule provides.
    func template(_ node: Node, names: Set<String>) throws(DiagnoseFailure) -> String {
        let text = try string(node)
        guard !text.isEmpty else { throw fail(node, "the template is empty", help: "say what is wrong, quoting {match.…} values") }
        for name in PackTemplate.placeholders(text) where !names.contains(name) {
            throw fail(
                node, "the template uses {\(name)}, which this rule does not provide",
                help: "available: " + names.sorted().map { "{\($0)}" }.joined(separator: ", "))
        }
        return text
    }

    // MARK: node helpers

    func checkKeys(_ node: Node, _ allowed: Set<String>) throws(DiagnoseFailure) {
        for (key, _) in node.members {
            let name = key.stringValue ?? ""
            guard allowed.contains(name) else {
                let suggestion = NearestName.suggest(name, among: allowed.sorted())
                throw fail(
                    key, "unknown key '\(name)'",
                    help: (suggestion.map { "did you mean '\($0)'? " } ?? "") + "allowed: " + allowed.sorted().joined(separator: ", "))
            }
        }
    }

    func required(_ node: Node, _ key: String) throws(DiagnoseFailure) -> Node {
        guard let value = node[key] else { throw fail(node, "the rule has no '\(key)'", help: "add '\(key):'") }
        return value
    }

    func string(_ node: Node) throws(DiagnoseFailure) -> String {
        guard let text = node.stringValue else { throw fail(node, "expected a string, found \(node.kind)", help: "quote the value") }
        return text
    }

    func strings(_ node: Node) throws(DiagnoseFailure) -> [String] {
        if node.kind == .array {
            var out: [String] = []
            for element in node.elements { out.append(try string(element)) }
            guard !out.isEmpty else { throw fail(node, "the list is empty", help: "name at least one value") }
            return out
        }
        return [try string(node)]
    }

    /// A scalar as text: strings as is, numbers as written, booleans and null by name.
    func scalar(_ node: Node) throws(DiagnoseFailure) -> String {
        switch node.kind {
        case .string: return node.stringValue ?? ""
        case .number: return node.numberValue?.text ?? ""
        case .bool: return node.boolValue == true ? "true" : "false"
        case .null: return "null"
        default: throw fail(node, "expected a single value, found \(node.kind)", help: "compare with a string, number or boolean")
        }
    }

    func location(_ node: Node) -> SourceLocation {
        document.text.location(at: node.offset, pointer: pointer(of: node))
    }

    func fail(_ node: Node, _ message: String, help: String) -> DiagnoseFailure {
        DiagnoseFailure("invalid rule pack: \(message)", location: location(node), help: help)
    }

    /// The JSON pointer of a node, found by walking down from the root (packs are small).
    func pointer(of target: Node) -> String {
        func walk(_ node: Node, _ path: String) -> String? {
            if node.index == target.index { return path }
            switch node.kind {
            case .object:
                for (key, value) in node.members {
                    let childPath = path + "/" + JSONPointer.escape(key.stringValue ?? "")
                    if key.index == target.index { return childPath }
                    if let found = walk(value, childPath) { return found }
                }
            case .array:
                for (i, element) in node.elements.enumerated() {
                    if let found = walk(element, path + "/\(i)") { return found }
                }
            default:
                break
            }
            return nil
        }
        return walk(document.root, "") ?? ""
    }
}

/// `{name}` templates of rule packs (names may contain dots: `{match.charge}`).
enum PackTemplate {
    /// The placeholder names in a template, in order.
    static func placeholders(_ text: String) -> [String] {
        var out: [String] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            let name = rest[rest.index(after: open)..<close]
            if isName(name) { out.append(String(name)) }
            rest = rest[rest.index(after: open)...]
        }
        return out
    }

    static func isName(_ name: Substring) -> Bool {
        guard let first = name.first, first.isASCII, first.isLetter else { return false }
        return name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "_" || $0 == "-") }
    }

    /// Fills a template; unknown names stay as written.
    static func fill(_ text: String, _ values: [String: String]) -> String {
        var out = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else {
                rest = rest[open...]
                break
            }
            let name = rest[rest.index(after: open)..<close]
            if isName(name), let value = values[String(name)] {
                out += Messages.escapeControls(value)
                rest = rest[rest.index(after: close)...]
            } else {
                out += "{"
                rest = rest[rest.index(after: open)...]
            }
        }
        out += rest
        return out
    }
}
