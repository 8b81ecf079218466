/*
 Custom rule packs: rules support teams write in YAML or JSON and load with `--rules FILE`, no recompiling.

     rules:
       - id: acme.refund-without-reason          # vendor.some-id; must not be a built-in id or category
         severity: warning                        # error | warning | info
         message: "refund of {match.charge} sent without a reason"
         hint: "pass reason=requested_by_customer" # optional
         kb: https://support.acme.example/kb/refund-reason
         at: /request/body/reason                 # optional; defaults to the first condition's place
         match:
           method: POST                           # or [POST, PUT]
           path: /v1/refunds                      # * one segment, ** any segments, {name} captures a segment
           operationId: PostRefunds               # or a list; needs a spec
           status: 4xx                            # 404, [400, 402], 4xx, or {gte: 400, lt: 500}
           headers:   [{name: Stripe-Version, exists: false}]
           responseHeaders: [{name: Request-Id, regex: "^req_"}]
           query:     [{name: limit, gt: 50}]
           request:   [{pointer: /charge, exists: true, as: charge}, {pointer: /reason, exists: false}]
           response:  [{pointer: /error/code, oneOf: [card_declined, expired_card]}]

 Every condition must hold. A condition tests one value with any of `equals`, `oneOf`, `regex` (ECMA-262,
 unanchored), `exists`, `gt`, `gte`, `lt`, `lte`; numbers compare numerically. Bodies are read as JSON, or as
 `application/x-www-form-urlencoded` nested by brackets (`metadata[order_id]` is `/metadata/order_id`).
 Messages fill `{status}`, `{method}`, `{path}`, `{host}`, `{operationId}` and `{match.<name>}` (a condition's
 `as`, else its header or parameter name, else its pointer's last token), every value redacted.

 A pack that does not load is rejected as a whole, with the file, line:column and JSON pointer of the bad node.
*/

/// A loaded rule pack: custom rules matched per exchange.
public struct RulePack: Sendable {
    /// The file it was loaded from.
    public var path: String
    /// Its rules, in file order.
    public var rules: [PackRule]

    /// Creates a pack from rules.
    /// - Parameters:
    ///   - path: where it came from (for messages).
    ///   - rules: the rules.
    public init(path: String, rules: [PackRule]) {
        self.path = path
        self.rules = rules
    }

    /// Loads a pack from a YAML or JSON file (`-` for standard input).
    /// - Parameter path: the file.
    /// - Returns: the pack.
    /// - Throws: `DiagnoseFailure` naming the file, the line:column and pointer of the bad node, and what to write
    ///   instead; or the read or parse error.
    public static func load(path: String) throws(DiagnoseFailure) -> RulePack {
        try parse(DocumentLoader.load(path: path))
    }

    /// Reads a pack from a parsed document.
    /// - Parameter document: the YAML or JSON document.
    /// - Returns: the pack.
    /// - Throws: `DiagnoseFailure` at the first bad node.
    public static func parse(_ document: Document) throws(DiagnoseFailure) -> RulePack {
        var parser = RulePackParser(document: document)
        return RulePack(path: document.text.name, rules: try parser.parse())
    }

    /// The pack as detectors to add to a run: `rules.detectors.append(contentsOf: pack.detectors)`.
    public var detectors: [any ExchangeDetector] { rules.isEmpty ? [] : [RulePackDetector(rules: rules)] }

    /// The ids of its rules.
    public var ids: [String] { rules.map(\.id) }
}

/// One custom rule: what it matches and the finding it emits.
public struct PackRule: Sendable {
    /// The rule id, `vendor.some-id`.
    public var id: String
    /// The severity of its findings.
    public var severity: Diagnostic.Severity
    /// The message template.
    public var message: String
    /// The hint template, if any.
    public var hint: String?
    /// The knowledge-base link of its findings.
    public var kb: String
    /// The finding's location, when the pack names one.
    public var at: String?
    /// Methods matched (uppercase); nil for any.
    var methods: [String]?
    /// The path pattern; nil for any.
    var path: PathPattern?
    /// operationIds matched; nil for any.
    var operationIds: [String]?
    /// The response status test; nil for any.
    var status: ValueTest?
    /// Value conditions, all required.
    var conditions: [PackCondition]
    /// Where the rule is declared.
    public var location: SourceLocation
}

/// A place a condition reads a value from.
enum ValueSource: Sendable {
    case requestHeader(String)
    case responseHeader(String)
    case query(String)
    case requestBody(JSONPointer)
    case responseBody(JSONPointer)

    /// The pointer into the exchange a finding about this value uses.
    var location: String {
        switch self {
        case .requestHeader(let name): "/request/headers/\(JSONPointer.escape(name))"
        case .responseHeader(let name): "/response/headers/\(JSONPointer.escape(name))"
        case .query(let name): "/request/query/\(JSONPointer.escape(name))"
        case .requestBody(let pointer): "/request/body\(pointer)"
        case .responseBody(let pointer): "/response/body\(pointer)"
        }
    }
}

/// One condition: a value source, a test, and the name its value is quoted under.
struct PackCondition: Sendable {
    var source: ValueSource
    var test: ValueTest
    var name: String
}

/// Tests on one value; every test given must pass. A missing value passes only `exists: false`.
struct ValueTest: Sendable {
    var equals: String?
    var oneOf: [String]?
    var regex: ECMARegex?
    var exists: Bool?
    var gt: Double?
    var gte: Double?
    var lt: Double?
    var lte: Double?

    func matches(_ value: String?) -> Bool {
        guard let value else { return exists == false }
        if exists == false { return false }
        if let equals, !Self.same(value, equals) { return false }
        if let oneOf, !oneOf.contains(where: { Self.same(value, $0) }) { return false }
        if let regex, !regex.matches(value) { return false }
        if gt != nil || gte != nil || lt != nil || lte != nil {
            guard let number = Double(value) else { return false }
            if let gt, !(number > gt) { return false }
            if let gte, !(number >= gte) { return false }
            if let lt, !(number < lt) { return false }
            if let lte, !(number <= lte) { return false }
        }
        return true
    }

    /// Equal as numbers when both are numbers (`10` and `10.0`), else as strings.
    static func same(_ a: String, _ b: String) -> Bool {
        if a == b { return true }
        if let x = Double(a), let y = Double(b) { return x == y }
        return false
    }
}

/// A path pattern: `/v1/customers/{id}/sources/*`, `/v1/**`.
struct PathPattern: Sendable {
    enum Segment: Sendable, Equatable {
        case literal(String)
        case any
        case capture(String)
        case rest
    }
    var segments: [Segment]

    init(_ pattern: String) {
        segments = pattern.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map { part in
            if part == "*" { return .any }
            if part == "**" { return .rest }
            if part.hasPrefix("{"), part.hasSuffix("}"), part.count > 2 { return .capture(String(part.dropFirst().dropLast())) }
            return .literal(String(part))
        }
    }

    /// The captures when `path` matches, else nil.
    func match(_ path: String) -> [String: String]? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init)
        var captures: [String: String] = [:]
        var i = 0
        for (index, segment) in segments.enumerated() {
            switch segment {
            case .rest:
                if index == segments.count - 1 { return captures }
                return nil  // `**` is only allowed last (the parser enforces it)
            case .literal(let text):
                guard i < parts.count, parts[i] == text else { return nil }
            case .any:
                guard i < parts.count, !parts[i].isEmpty else { return nil }
            case .capture(let name):
                guard i < parts.count, !parts[i].isEmpty else { return nil }
                captures[name] = FormDecoding.percentDecode(parts[i])
            }
            i += 1
        }
        return i == parts.count ? captures : nil
    }
}
