// The catalog of every rule id `diagnose` reports, with its default severity and a localized title.
//
// Rule ids are a public contract: findings, filters (`--disable`), rule packs and knowledge-base pages
// (`docs/kb/<id>.md`, `docs/kb/zh-Hans/<id>.md`) all key on them. The part before the first dot is the category:
//
//     request.param-unknown   →  category "request", article docs/kb/request.param-unknown.md
//
// Severities follow one rule: `error` when the call fails (or will), `warning` when it is risky or works only by
// luck, `info` for advice.

/// What `diagnose` knows about one rule: id, default severity, category and a localized one-line title.
public struct RuleInfo: Sendable, Hashable {
    /// The stable rule id, e.g. `request.param-unknown`.
    public var id: String
    /// The severity findings of this rule get unless configuration changes it.
    public var defaultSeverity: Diagnostic.Severity
    /// The category: the part of the id before the first dot (`route`, `request`, `auth`, …).
    public var category: String
    /// A short title, used as the article heading and in `diagnose rules`.
    public var title: LocalizedText

    /// Creates a rule description; the category is taken from the id.
    /// - Parameters:
    ///   - id: the stable rule id.
    ///   - severity: the default severity.
    ///   - en: the English title.
    ///   - zhHans: the Simplified Chinese title.
    public init(_ id: String, _ severity: Diagnostic.Severity, en: String, zhHans: String) {
        self.id = id
        self.defaultSeverity = severity
        self.category = id.split(separator: ".", maxSplits: 1).first.map(String.init) ?? id
        self.title = LocalizedText(en: en, zhHans: zhHans)
    }
}

/// Every rule `diagnose` can report.
public enum RuleCatalog {
    /// All rules, sorted by id.
    public static let all: [RuleInfo] = entries.sorted { $0.id < $1.id }

    private static let byID: [String: RuleInfo] = Dictionary(
        all.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })

    /// Looks a rule up by id.
    /// - Parameter id: a rule id such as `auth.expired-key`.
    /// - Returns: the rule, or nil when no rule has that id.
    /// - Complexity: O(1).
    public static func info(_ id: String) -> RuleInfo? { byID[id] }

    /// The categories in use, sorted.
    public static var categories: [String] { Array(Set(all.map(\.category))).sorted() }

    // Kept in the order of the brief (by area); `all` sorts them.
    private static let entries: [RuleInfo] = [
        // From `diagnose check` (spec-driven).
        RuleInfo(
            "route.unknown-server", .warning, en: "Request sent to a server the spec does not list",
            zhHans: "请求发往了规范中未列出的服务器"),
        RuleInfo(
            "route.unknown-path", .error, en: "No operation matches the request path",
            zhHans: "没有与请求路径匹配的接口"),
        RuleInfo(
            "route.method-not-allowed", .error, en: "HTTP method not allowed on this path",
            zhHans: "该路径不支持此 HTTP 方法"),
        RuleInfo(
            "request.param-missing", .error, en: "Required parameter missing", zhHans: "缺少必填参数"),
        RuleInfo(
            "request.param-unknown", .error, en: "Unknown parameter", zhHans: "未知参数"),
        RuleInfo(
            "request.param-invalid", .error, en: "Parameter value is invalid", zhHans: "参数值无效"),
        RuleInfo(
            "request.param-deprecated", .warning, en: "Deprecated parameter", zhHans: "参数已弃用"),
        RuleInfo(
            "request.body-missing", .error, en: "Required request body missing", zhHans: "缺少必需的请求体"),
        RuleInfo(
            "request.body-unexpected", .warning, en: "Request body sent to an operation that takes none",
            zhHans: "向不接受请求体的接口发送了请求体"),
        RuleInfo(
            "request.body-malformed", .error, en: "Request body cannot be parsed", zhHans: "请求体无法解析"),
        RuleInfo(
            "request.body-invalid", .error, en: "Request body does not match the schema",
            zhHans: "请求体不符合结构定义"),
        RuleInfo(
            "request.body-unknown-field", .error, en: "Unknown field in the request body",
            zhHans: "请求体中有未知字段"),
        RuleInfo(
            "request.body-readonly-field", .warning, en: "Read-only field sent in the request body",
            zhHans: "请求体中发送了只读字段"),
        RuleInfo(
            "request.content-type-unsupported", .error, en: "Request Content-Type not accepted",
            zhHans: "接口不接受该请求 Content-Type"),
        RuleInfo(
            "auth.missing-credentials", .error, en: "No API credentials sent", zhHans: "请求未携带 API 凭据"),
        RuleInfo(
            "operation.deprecated", .warning, en: "Deprecated operation called", zhHans: "调用了已弃用的接口"),
        RuleInfo(
            "response.status-undocumented", .warning, en: "Response status not documented",
            zhHans: "响应状态码未在文档中定义"),
        RuleInfo(
            "response.content-type-mismatch", .warning, en: "Response Content-Type differs from the spec",
            zhHans: "响应 Content-Type 与规范不一致"),
        RuleInfo(
            "response.body-malformed", .error, en: "Response body cannot be parsed", zhHans: "响应体无法解析"),
        RuleInfo(
            "response.body-invalid", .warning, en: "Response body does not match the schema",
            zhHans: "响应体不符合结构定义"),
        RuleInfo(
            "response.body-unknown-field", .info, en: "Undocumented field in the response",
            zhHans: "响应中有文档未定义的字段"),
        RuleInfo(
            "response.body-writeonly-field", .warning, en: "Write-only field returned in the response",
            zhHans: "响应中返回了只写字段"),
        RuleInfo(
            "response.header-missing", .warning, en: "Documented response header missing",
            zhHans: "缺少文档定义的响应头"),

        // Authentication.
        RuleInfo(
            "auth.malformed-header", .error, en: "Malformed Authorization header",
            zhHans: "Authorization 请求头格式错误"),
        RuleInfo(
            "auth.publishable-key-server-side", .error, en: "Publishable key used where a secret key is needed",
            zhHans: "在需要密钥的接口上使用了可发布密钥"),
        RuleInfo(
            "auth.key-mode-mismatch", .error, en: "Test key used for a live object, or the reverse",
            zhHans: "测试密钥与正式环境对象混用"),
        RuleInfo(
            "auth.secret-key-in-browser", .error, en: "Secret key sent from a browser",
            zhHans: "在浏览器中发送了私密密钥"),
        RuleInfo(
            "auth.secret-in-url", .error, en: "Credentials in the URL query string",
            zhHans: "凭据出现在 URL 查询字符串中"),
        RuleInfo(
            "auth.restricted-key-permission", .error, en: "Restricted key lacks a permission",
            zhHans: "受限密钥缺少所需权限"),
        RuleInfo(
            "auth.expired-key", .error, en: "API key has expired", zhHans: "API 密钥已过期"),

        // Encoding.
        RuleInfo(
            "encoding.json-body-on-form-endpoint", .error, en: "JSON body sent to a form-encoded endpoint",
            zhHans: "向表单编码接口发送了 JSON 请求体"),
        RuleInfo(
            "encoding.nested-param-syntax", .error, en: "Nested parameter not in bracket syntax",
            zhHans: "嵌套参数未使用方括号语法"),
        RuleInfo(
            "encoding.array-param-syntax", .error, en: "Array parameter not in bracket syntax",
            zhHans: "数组参数未使用方括号语法"),
        RuleInfo(
            "encoding.amount-not-minor-units", .error, en: "Amount not in the currency's smallest unit",
            zhHans: "金额未使用货币的最小单位"),
        RuleInfo(
            "encoding.currency-code-case", .warning, en: "Currency code not in lowercase",
            zhHans: "货币代码不是小写"),

        // Idempotency.
        RuleInfo(
            "idempotency.retry-without-key", .warning, en: "Create request retried without an idempotency key",
            zhHans: "创建请求重试时未带幂等键"),
        RuleInfo(
            "idempotency.key-reused", .error, en: "Idempotency key reused for a different request",
            zhHans: "幂等键被用于不同的请求"),
        RuleInfo(
            "idempotency.key-too-long", .error, en: "Idempotency key longer than 255 characters",
            zhHans: "幂等键超过 255 个字符"),

        // Rate limits.
        RuleInfo(
            "ratelimit.retry-without-backoff", .warning, en: "Retry after 429 without backing off",
            zhHans: "收到 429 后未退避就重试"),
        RuleInfo(
            "ratelimit.burst", .warning, en: "Request burst above the rate limit", zhHans: "突发请求超过速率限制"),

        // Versions.
        RuleInfo(
            "version.header-missing", .info, en: "API version not pinned", zhHans: "未固定 API 版本"),
        RuleInfo(
            "version.drift", .warning, en: "Several API versions in one recording",
            zhHans: "同一份记录中出现多个 API 版本"),

        // Lists.
        RuleInfo(
            "pagination.limit-out-of-range", .error, en: "Page size limit out of range",
            zhHans: "分页 limit 超出范围"),
        RuleInfo(
            "pagination.conflicting-cursors", .error, en: "starting_after and ending_before sent together",
            zhHans: "同时发送了 starting_after 和 ending_before"),
        RuleInfo(
            "pagination.cursor-loop", .warning, en: "Same page cursor requested again",
            zhHans: "重复请求了同一个分页游标"),
        RuleInfo(
            "expand.too-deep", .error, en: "Expansion deeper than four levels", zhHans: "展开层级超过四层"),

        // HTTP.
        RuleInfo(
            "http.insecure-scheme", .error, en: "API called over plain HTTP", zhHans: "通过不安全的 HTTP 调用 API"),
        RuleInfo(
            "http.redirect", .warning, en: "API call was redirected", zhHans: "API 调用被重定向"),
        RuleInfo(
            "http.trailing-slash", .error, en: "Trailing slash causes 404", zhHans: "末尾斜杠导致 404"),
        RuleInfo(
            "http.server-error", .warning, en: "Server error (5xx)", zhHans: "服务器错误（5xx）"),
        RuleInfo(
            "http.no-response", .error, en: "No response received", zhHans: "未收到响应"),

        // Webhooks.
        RuleInfo(
            "webhook.signature-mismatch", .error, en: "Webhook signature does not match",
            zhHans: "Webhook 签名不匹配"),
        RuleInfo(
            "webhook.timestamp-outside-tolerance", .error, en: "Webhook timestamp outside tolerance",
            zhHans: "Webhook 时间戳超出容差"),
        RuleInfo(
            "webhook.secret-wrong-type", .error, en: "API key used as webhook signing secret",
            zhHans: "将 API 密钥误用作 Webhook 签名密钥"),
        RuleInfo(
            "webhook.body-reserialized", .error, en: "Webhook body re-serialized before verification",
            zhHans: "验证签名前 Webhook 请求体被重新序列化"),

        // Provider errors and hygiene.
        RuleInfo(
            "provider.error", .error, en: "API returned an error object", zhHans: "API 返回了错误对象"),
        RuleInfo(
            "secrets.live-secret-in-trace", .warning, en: "Live secret in the recording",
            zhHans: "记录中包含正式环境密钥"),
    ]
}
