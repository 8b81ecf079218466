/*
 Rules over the query and form-body pairs of one request, decoded once:

     metadata.order_id=6735          encoding.nested-param-syntax   (use metadata[order_id]=6735)
     metadata={"order_id":"6735"}    encoding.nested-param-syntax
     expand=customer,invoice         encoding.array-param-syntax    (use expand[]=customer&expand[]=invoice)
     amount=10.99&currency=usd       encoding.amount-not-minor-units (send 1099)
     currency=USD                    encoding.currency-code-case
     limit=500                       pagination.limit-out-of-range  (1–100 unless the spec says otherwise)
     starting_after=a&ending_before=b  pagination.conflicting-cursors
     expand[]=data.a.b.c.d.e         expand.too-deep                (more than four levels)

 and, with a spec, `encoding.json-body-on-form-endpoint` for a JSON body sent where the operation accepts only
 `application/x-www-form-urlencoded`.
*/

/// `encoding.*`, `pagination.limit-out-of-range`, `pagination.conflicting-cursors` and `expand.too-deep`.
struct ParamRules: ExchangeDetector {
    func detect(_ context: RuleContext) -> [Finding] {
        var out: [Finding] = []
        if let finding = jsonOnForm(context) { out.append(finding) }
        guard context.isProviderCall else { return out }
        let params = context.requestParams
        guard !params.isEmpty else { return out }
        // `first(where:)` would copy every parameter it passes over.
        var currency: String?
        params.withUnsafeBufferPointer { params in
            for i in params.indices where params[i].marks.contains(.leafIsCurrency) {
                currency = params[i].value.lowercased()
                break
            }
        }
        var startingAfter: RequestParam?
        var endingBefore: RequestParam?
        // Each parameter is lent to the rules where it lies: `for param in params` copied every one (retaining
        // its name and value) and released it again, for every pair of every request.
        // Each rule runs only where the parameter's marks say its first test can pass (most parameters: none).
        func visit(_ param: RequestParam) {
            let marks = param.marks
            if (!param.isNested && marks.contains(.nameHasDot)) || marks.contains(.valueHasBracket),
                let finding = nested(param, context)
            {
                out.append(finding)
            }
            if !param.isNested, marks.contains(.valueHasComma), let finding = arraySyntax(param, context) {
                out.append(finding)
            }
            if marks.contains(.leafIsAmount), let finding = amount(param, currency: currency, context) {
                out.append(finding)
            }
            if marks.contains(.leafIsCurrency), let finding = currencyCase(param, context) { out.append(finding) }
            if marks.contains(.baseIsExpand), let finding = expandDepth(param, context) { out.append(finding) }
            guard !param.isNested, param.place == .query else { return }
            switch param.name {
            case "limit": if let finding = limit(param, context) { out.append(finding) }
            case "starting_after" where !param.value.isEmpty: startingAfter = param
            case "ending_before" where !param.value.isEmpty: endingBefore = param
            default: break
            }
        }
        params.withUnsafeBufferPointer { params in
            for i in params.indices { visit(params[i]) }
        }
        if startingAfter != nil, let endingBefore {
            out.append(context.finding("pagination.conflicting-cursors", at: endingBefore.pointer))
        }
        return out
    }

    // MARK: encoding.json-body-on-form-endpoint

    func jsonOnForm(_ context: RuleContext) -> Finding? {
        guard let route = context.route, let body = route.operation.requestBody, context.isJSONBody,
            let requestBody = context.exchange.request.body, !requestBody.isEmpty
        else { return nil }
        let types = body.content.map { HTTPMediaType.essence($0.mediaType) }
        guard types.contains("application/x-www-form-urlencoded"),
            !types.contains(where: { HTTPMediaType.isJSON($0) || $0 == "*/*" || $0 == "application/*" })
        else { return nil }
        let request = context.exchange.request
        return context.finding(
            "encoding.json-body-on-form-endpoint", at: "/request/headers/Content-Type",
            args: ["method": request.method.uppercased(), "path": route.operation.pathTemplate],
            expected: "application/x-www-form-urlencoded",
            found: request.header(named: "Content-Type") ?? requestBody.mediaType ?? "application/json")
    }

    // MARK: encoding.nested-param-syntax

    func nested(_ param: RequestParam, _ context: RuleContext) -> Finding? {
        let name = param.name
        // `metadata.order_id=…`: a dot in the base name, where a bracket was meant.
        if !param.isNested, name.containsByte(UInt8(ascii: ".")), let dot = name.firstIndex(of: "."),
            dot != name.startIndex,
            name[name.index(after: dot)...].first.map({ $0.isLetter || $0.isNumber || $0 == "_" }) == true,
            name[..<dot].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" })
        {
            if param.place == .body, let types = context.bodyFieldTypes(name), !types.isEmpty { return nil }
            if param.place == .query, context.queryParameter(name) != nil { return nil }
            let parts = name.split(separator: ".", omittingEmptySubsequences: false)
            let suggestion = String(parts[0]) + parts.dropFirst().map { "[\($0)]" }.joined()
            return context.finding(
                "encoding.nested-param-syntax", at: param.pointer,
                args: ["found": context.quote(name), "suggestion": context.quote(suggestion)],
                expected: suggestion, found: name)
        }
        // `metadata={"order_id":"6735"}`: JSON inside one form field. A byte test first: most values hold no brace.
        guard param.value.containsByte(where: { $0 == UInt8(ascii: "{") || $0 == UInt8(ascii: "[") }) else {
            return nil
        }
        let value = param.value.httpTrimmed
        guard let first = value.first, first == "{" || first == "[", let last = value.last,
            (first == "{" && last == "}") || (first == "[" && last == "]"), value.count >= 2
        else { return nil }
        if !param.isNested, param.place == .body, let types = context.bodyFieldTypes(name), !types.isEmpty,
            !types.contains("object") && !types.contains("array")
        {
            return nil  // a string field that happens to hold JSON text
        }
        guard let document = try? JSONParser.parse(SourceText(name: "", bytes: Array(value.utf8))),
            document.root.kind == .object || document.root.kind == .array, document.root.count > 0
        else { return nil }
        var suggestion = ""
        if document.root.kind == .object, let member = document.root.members.first(where: { _ in true }) {
            let key = member.key.stringValue ?? ""
            let scalar = member.value.stringValue ?? member.value.numberValue?.text ?? "…"
            suggestion = "\(name)[\(key)]=\(scalar)"
        } else if let element = document.root.elements.first(where: { _ in true }) {
            suggestion = "\(name)[]=\(element.stringValue ?? element.numberValue?.text ?? "…")"
        }
        let shown = "\(name)=\(value)"
        return context.finding(
            "encoding.nested-param-syntax", at: param.pointer,
            args: ["found": context.quote(shown), "suggestion": context.quote(suggestion)],
            expected: suggestion.isEmpty ? nil : context.quote(suggestion), found: shown)
    }

    // MARK: encoding.array-param-syntax

    func arraySyntax(_ param: RequestParam, _ context: RuleContext) -> Finding? {
        guard !param.isNested, param.value.containsByte(UInt8(ascii: ",")) else { return nil }
        let name = param.name
        var isArray = name == "expand"
        if !isArray {
            let types: Set<String>? =
                param.place == .body
                ? context.bodyFieldTypes(name)
                : context.queryParameter(name).flatMap { p in p.schema.map { context.spec?.coercion.types(of: $0.node) ?? [] } }
            isArray = types.map { $0.contains("array") && !$0.contains("string") } ?? false
        }
        guard isArray else { return nil }
        let items = param.value.split(separator: ",").map { $0.httpTrimmed }.filter { !$0.isEmpty }
        let suggestion = items.map { "\(name)[]=\($0)" }.joined(separator: "&")
        return context.finding(
            "encoding.array-param-syntax", at: param.pointer,
            args: ["name": context.quote(name), "value": context.quote(param.value),
                "suggestion": context.quote(suggestion)],
            expected: context.quote(suggestion), found: "\(name)=\(param.value)")
    }

    // MARK: encoding.amount-not-minor-units

    static let zeroDecimal: Set<String> = [
        "bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf",
    ]
    static let threeDecimal: Set<String> = ["bhd", "jod", "kwd", "omr", "tnd"]

    static func isAmountName(_ name: some StringProtocol) -> Bool {
        name.withBytes { isAmountName($0) }
    }

    /// On the UTF-8: every parameter of every request comes through here, and the affixes are ASCII.
    /// `amount_decimal` is the decimal string form; `amount_percent` (a share such as 12.5) is not money.
    static func isAmountName(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !name.hasSuffix("_decimal"), !name.hasSuffix("_percent") else { return false }
        return name.equals("amount") || name.hasSuffix("_amount") || name.hasPrefix("amount_")
    }

    static func exponent(of currency: String) -> Int {
        zeroDecimal.contains(currency) ? 0 : threeDecimal.contains(currency) ? 3 : 2
    }

    /// `10.99` with exponent 2 → 1099 (half up past the exponent's digits); nil when too large.
    static func minorUnits(_ value: String, exponent: Int) -> Int64? {
        let parts = value.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count <= 12, var whole = Int64(parts[0]) else { return nil }
        let fraction = Array(parts[1].utf8).map { Int64($0 - 0x30) }
        for i in 0..<exponent { whole = whole * 10 + (i < fraction.count ? fraction[i] : 0) }
        if fraction.count > exponent, fraction[exponent] >= 5 { whole += 1 }
        return whole
    }

    func amount(_ param: RequestParam, currency: String?, _ context: RuleContext) -> Finding? {
        guard param.marks.contains(.leafIsAmount) else { return nil }
        let value = param.value
        guard value.containsByte(UInt8(ascii: ".")), let dot = value.firstIndex(of: "."), value.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E }),
            value.utf8.count(where: { $0 == 0x2E }) == 1, dot != value.startIndex,
            value.index(after: dot) != value.endIndex
        else { return nil }
        // With a spec, the field must be an integer there; without one, a currency must be in the same request.
        if !param.isNested, param.place == .body, let types = context.bodyFieldTypes(param.name), !types.isEmpty {
            guard types.contains("integer"), !types.contains("number"), !types.contains("string") else { return nil }
        } else if currency == nil {
            return nil
        }
        var suggestion = ""
        if let currency, let minor = Self.minorUnits(value, exponent: Self.exponent(of: currency)) {
            suggestion = "\(param.name)=\(minor)"
        }
        return context.finding(
            "encoding.amount-not-minor-units", at: param.pointer,
            args: ["name": context.quote(param.name), "value": context.quote(value), "suggestion": suggestion],
            expected: "an integer in the currency's smallest unit", found: value)
    }

    // MARK: encoding.currency-code-case

    func currencyCase(_ param: RequestParam, _ context: RuleContext) -> Finding? {
        let value = param.value
        guard value.utf8.count == 3, value.utf8.allSatisfy({ ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) }),
            value.utf8.contains(where: { $0 >= 0x41 && $0 <= 0x5A })
        else { return nil }
        let lower = value.lowercased()
        return context.finding(
            "encoding.currency-code-case", at: param.pointer,
            args: ["value": context.quote(value), "suggestion": lower], expected: lower, found: value)
    }

    // MARK: pagination.limit-out-of-range

    func limit(_ param: RequestParam, _ context: RuleContext) -> Finding? {
        guard let value = Int(param.value) else { return nil }  // not an integer: the spec checks say so
        var low = 1
        var high = 100
        // With a routed operation, its `limit` parameter's bounds win; without bounds (Stripe documents the range
        // only in prose) or without a spec, the common 1–100.
        if let spec = context.spec, context.route != nil {
            guard let parameter = context.queryParameter("limit") else { return nil }
            if let schemaRef = parameter.schema, let schema = spec.coercion.resolved(schemaRef.node) {
                let minimum = schema["minimum"]?.numberValue?.int64Value.map(Int.init)
                let maximum = schema["maximum"]?.numberValue?.int64Value.map(Int.init)
                if minimum != nil || maximum != nil {
                    low = minimum ?? Int.min
                    high = maximum ?? Int.max
                }
            }
        }
        guard value < low || value > high else { return nil }
        let allowed =
            low == Int.min ? "≤ \(high)" : high == Int.max ? "≥ \(low)" : "\(low)–\(high)"
        return context.finding(
            "pagination.limit-out-of-range", at: param.pointer,
            args: ["value": context.quote(param.value), "allowed": allowed], expected: allowed, found: param.value)
    }

    // MARK: expand.too-deep

    static let maxExpandDepth = 4

    /// The levels an `expand` path names: its non-empty dot-separated segments, a leading `data` not counted (in
    /// a list response it names each element). Counted on the bytes: splitting the string cost more than the
    /// rest of the rule, for every `expand` of every request.
    static func expandDepth(of path: String) -> Int {
        path.withBytes { u -> Int in
            var depth = 0
            var firstIsData = false
            var start = 0
            for end in 0...u.count where end == u.count || u[end] == UInt8(ascii: ".") {
                if end > start {
                    if depth == 0 { firstIsData = UnsafeBufferPointer(rebasing: u[start..<end]).equals("data") }
                    depth += 1
                }
                start = end + 1
            }
            return firstIsData ? depth - 1 : depth
        }
    }

    func expandDepth(_ param: RequestParam, _ context: RuleContext) -> Finding? {
        let depth = Self.expandDepth(of: param.value)
        guard depth > Self.maxExpandDepth else { return nil }
        return context.finding(
            "expand.too-deep", at: param.pointer,
            args: ["value": context.quote(param.value), "depth": String(depth),
                "limit": String(Self.maxExpandDepth)],
            expected: "at most \(Self.maxExpandDepth) levels", found: param.value)
    }
}
