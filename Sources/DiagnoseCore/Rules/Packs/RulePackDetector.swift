/// Runs a pack's rules on each exchange. Cheap tests (method, path, operationId, status) run first; bodies are
/// parsed only when a rule that passed them reads a body, and at most once per exchange.
struct RulePackDetector: ExchangeDetector {
    let rules: [PackRule]

    func detect(_ context: RuleContext) -> [Finding] {
        var bodies = BodyCache()
        var out: [Finding] = []
        let request = context.exchange.request
        let method = request.method.uppercased()
        let status = context.status
        for rule in rules {
            if let methods = rule.methods, !methods.contains(method) { continue }
            var values: [String: String] = [:]
            if let pattern = rule.path {
                guard let captures = pattern.match(request.path) else { continue }
                for (name, value) in captures { values["match." + name] = context.quote(value) }
            }
            if let ids = rule.operationIds {
                guard let id = context.route?.operation.operationId, ids.contains(id) else { continue }
            }
            if let test = rule.status, !test.matches(status == 0 && context.exchange.response == nil ? nil : String(status)) {
                continue
            }
            var matched = true
            for condition in rule.conditions {
                let value = self.value(condition.source, context, &bodies)
                guard condition.test.matches(value) else {
                    matched = false
                    break
                }
                if let value {
                    switch condition.source {
                    case .requestHeader(let name), .responseHeader(let name):
                        values["match." + condition.name] = context.quoteHeader(name, value)
                    default:
                        values["match." + condition.name] = context.quote(value)
                    }
                } else {
                    values["match." + condition.name] = ""
                }
            }
            guard matched else { continue }
            values["status"] = String(status)
            values["method"] = method
            values["path"] = context.quote(request.path)
            values["host"] = context.quote(request.host ?? "")
            values["operationId"] = context.route?.operation.operationId ?? ""
            let at = rule.at ?? rule.conditions.first?.source.location ?? (rule.status != nil ? "/response/status" : "/request/url")
            var finding = context.finding(
                rule.id, at: at, severity: rule.severity, message: PackTemplate.fill(rule.message, values),
                hint: rule.hint.map { PackTemplate.fill($0, values) } ?? "")
            if finding.hint == "" { finding.hint = nil }
            finding.kb = rule.kb
            out.append(finding)
        }
        return out
    }

    /// A condition's value as text, or nil when absent.
    func value(_ source: ValueSource, _ context: RuleContext, _ bodies: inout BodyCache) -> String? {
        let exchange = context.exchange
        switch source {
        case .requestHeader(let name): return exchange.request.header(named: name)
        case .responseHeader(let name): return exchange.response?.header(named: name)
        case .query(let name):
            guard let query = exchange.request.rawQuery else { return nil }
            return FormDecoding.pairs(query).first { $0.name == name }?.value
        case .requestBody(let pointer):
            if bodies.request == nil { bodies.request = BodyValue.read(exchange.request.body, declared: exchange.request.header(named: "Content-Type"), context) }
            return bodies.request?.value(at: pointer)
        case .responseBody(let pointer):
            if bodies.response == nil { bodies.response = BodyValue.read(exchange.response?.body, declared: exchange.response?.header(named: "Content-Type"), context) }
            return bodies.response?.value(at: pointer)
        }
    }
}

/// Bodies of one exchange, parsed on first use.
struct BodyCache {
    var request: BodyValue?
    var response: BodyValue?
}

/// A body as rules read it: a JSON document, a nested form, or nothing.
enum BodyValue {
    case json(Document)
    case form(FormValue)
    case none

    static func read(_ body: HTTPBody?, declared: String?, _ context: RuleContext) -> BodyValue {
        guard let body, !body.isEmpty else { return .none }
        let type = declared ?? body.mediaType
        let bytes = body.bytes
        guard bytes.count <= context.options.maxBodyBytes else { return .none }
        if MediaType.isForm(type) {
            return .form(FormDecoding.nest(FormDecoding.pairs(String(decoding: bytes, as: UTF8.self))))
        }
        if MediaType.isJSON(type) || bytes.first(where: { $0 > 0x20 }) == UInt8(ascii: "{") {
            if let document = try? JSONParser.parse(SourceText(name: "", bytes: bytes)) { return .json(document) }
        }
        return .none
    }

    /// The value at a pointer as text (strings as is, numbers as written, booleans and null by name; objects
    /// and arrays as `object`/`array` so `exists` works on them).
    func value(at pointer: JSONPointer) -> String? {
        switch self {
        case .none:
            return nil
        case .json(let document):
            guard let node = document.root.resolve(pointer) else { return nil }
            switch node.kind {
            case .string: return node.stringValue
            case .number: return node.numberValue?.text
            case .bool: return node.boolValue == true ? "true" : "false"
            case .null: return "null"
            case .object: return "object"
            case .array: return "array"
            }
        case .form(let root):
            var current = root
            for token in pointer.tokens {
                switch current {
                case .object(let members, _):
                    guard let next = members.first(where: { $0.key == token })?.value else { return nil }
                    current = next
                case .array(let elements, _):
                    guard let i = JSONPointer.arrayIndex(token), i < elements.count else { return nil }
                    current = elements[i]
                case .string:
                    return nil
                }
            }
            switch current {
            case .string(let s, _): return s
            case .object: return "object"
            case .array: return "array"
            }
        }
    }
}

extension IntegrationRules {
    /// The rules with a pack's rules added.
    /// - Parameter pack: a loaded pack.
    /// - Returns: a copy that also runs the pack.
    public func adding(_ pack: RulePack) -> IntegrationRules {
        var copy = self
        copy.detectors.append(contentsOf: pack.detectors)
        return copy
    }
}
