// The message and hint templates of every rule, English and Simplified Chinese.
//
// Syntax (see Messages.swift): `{name}` placeholders, `[[optional segments]]` dropped when a placeholder inside
// them has no value. Each entry's comment lists its placeholders; "opt." marks those only used in optional segments.
// Values are data from the trace, passed redacted: keys as `sk_live_…1234`, never whole.
//
// Common placeholders:
//   {method} HTTP method          {path} request path            {status} HTTP status code
//   {name}   parameter/field/header name                          {value} the value as sent
//   {in}     parameter location (query, header, path, cookie)     {field} body field path, e.g. metadata[order]
//   {expected} what the spec or rule wants, in plain words        {found} what was sent or received
//   {allowed} list of allowed values/methods/media types          {suggestion} a corrected name or value
//   {mediaType} a media type      {scheme} URL scheme            {reason} a rendered `<id>.reason.*` template
//   {limit} a numeric limit       {count} a count                {previous} entry number of an earlier request

/// The table of localized message, hint and reason templates.
public enum MessageCatalog {
    /// The template used when a key is unknown: `{rule}` is the key without `.hint`.
    public static let generic = MessageTemplate(
        "generic", en: "{rule}: see the knowledge-base article for details",
        zhHans: "{rule}：详情请参阅知识库文章")

    /// Looks a template up by key.
    /// - Parameter key: `<rule-id>`, `<rule-id>.hint` or `<rule-id>.reason.<name>`.
    /// - Returns: the template, or nil for an unknown key.
    /// - Complexity: O(1).
    public static func template(_ key: String) -> MessageTemplate? { byID[key] }

    private static let byID: [String: MessageTemplate] = Dictionary(
        templates.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })

    /// Every template, messages and hints interleaved in rule order.
    public static let templates: [MessageTemplate] = [
        // MARK: route

        /// {server}; opt. {allowed}: the spec's server URLs.
        MessageTemplate(
            "route.unknown-server",
            en: "the request went to {server}, which is not one of the spec's servers[[ ({allowed})]]",
            zhHans: "请求发往 {server}，但它不在规范列出的服务器中[[（{allowed}）]]"),
        /// opt. {expected}: the documented server to use.
        MessageTemplate(
            "route.unknown-server.hint",
            en: "send API calls to a documented server[[ such as {expected}]]; if this host is a proxy or a "
                + "real environment, add it to the spec's servers",
            zhHans: "请将 API 调用发往文档列出的服务器[[，例如 {expected}]]；如果该主机是代理或真实环境，请把它加入规范的 servers"),
        /// {method}, {path}; opt. {suggestion}: the closest documented path.
        MessageTemplate(
            "route.unknown-path",
            en: "no operation in the spec matches {method} {path}[[; did you mean {suggestion}?]]",
            zhHans: "规范中没有与 {method} {path} 匹配的接口[[；您是否想调用 {suggestion}？]]"),
        /// No placeholders.
        MessageTemplate(
            "route.unknown-path.hint",
            en: "check the path for typos, a missing version prefix such as /v1, a doubled slash or an ID in the "
                + "wrong segment",
            zhHans: "请检查路径是否有拼写错误、是否缺少 /v1 之类的版本前缀、是否有重复斜杠，或 ID 是否放错了位置"),
        /// {method}, {path}, {allowed}: the methods the path supports.
        MessageTemplate(
            "route.method-not-allowed",
            en: "{method} is not allowed on {path}; the spec allows {allowed}",
            zhHans: "{path} 不支持 {method}；规范允许的方法为 {allowed}"),
        /// {allowed}.
        MessageTemplate(
            "route.method-not-allowed.hint",
            en: "send the request with one of {allowed}; payments APIs often update objects with POST rather "
                + "than PUT or PATCH",
            zhHans: "请改用 {allowed} 之一发送请求；支付类 API 通常用 POST 而不是 PUT 或 PATCH 来更新对象"),

        // MARK: request parameters

        /// {name}; opt. {in}.
        MessageTemplate(
            "request.param-missing",
            en: "required[[ {in}]] parameter '{name}' is missing",
            zhHans: "缺少必填的[[ {in} ]]参数“{name}”"),
        /// {name}; opt. {expected}: its type or format.
        MessageTemplate(
            "request.param-missing.hint",
            en: "add '{name}' to the request[[; expected {expected}]]",
            zhHans: "请在请求中加上“{name}”[[；应为 {expected}]]"),
        /// {name}; opt. {in}, {suggestion}: the closest known parameter.
        MessageTemplate(
            "request.param-unknown",
            en: "unknown[[ {in}]] parameter '{name}'[[; did you mean '{suggestion}'?]]",
            zhHans: "未知的[[ {in} ]]参数“{name}”[[；您是否想用“{suggestion}”？]]"),
        /// opt. {suggestion}, {allowed}: the known parameters.
        MessageTemplate(
            "request.param-unknown.hint",
            en: "[[rename it to '{suggestion}' or ]]remove it: the API rejects parameters it does not know"
                + "[[ (known: {allowed})]]",
            zhHans: "[[请改名为“{suggestion}”或]]删除该参数：API 会拒绝未知参数[[（已知参数：{allowed}）]]"),
        /// {name}, {value}, {expected}; opt. {in}.
        MessageTemplate(
            "request.param-invalid",
            en: "[[{in} ]]parameter '{name}' has invalid value '{value}': expected {expected}",
            zhHans: "[[{in} ]]参数“{name}”的值“{value}”无效：应为 {expected}"),
        /// {name}, {expected}; opt. {allowed}.
        MessageTemplate(
            "request.param-invalid.hint",
            en: "send '{name}' as {expected}[[; allowed values: {allowed}]]",
            zhHans: "请按 {expected} 发送“{name}”[[；允许的值：{allowed}]]"),
        /// {name}.
        MessageTemplate(
            "request.param-deprecated",
            en: "parameter '{name}' is deprecated",
            zhHans: "参数“{name}”已弃用"),
        /// {name}; opt. {suggestion}: the replacement.
        MessageTemplate(
            "request.param-deprecated.hint",
            en: "stop sending '{name}'[[ and use '{suggestion}' instead]]; it may be removed in a later API version",
            zhHans: "请停止发送“{name}”[[，改用“{suggestion}”]]；它可能在以后的 API 版本中被移除"),

        // MARK: request bodies

        /// {method}, {path}.
        MessageTemplate(
            "request.body-missing",
            en: "{method} {path} requires a request body, but none was sent",
            zhHans: "{method} {path} 需要请求体，但请求中没有"),
        /// opt. {mediaType}.
        MessageTemplate(
            "request.body-missing.hint",
            en: "send the fields in the body[[ encoded as {mediaType}]], with a matching Content-Type header",
            zhHans: "请在请求体中发送字段[[（编码为 {mediaType}）]]，并设置相应的 Content-Type 请求头"),
        /// {method}, {path}; opt. {mediaType}: the media type sent.
        MessageTemplate(
            "request.body-unexpected",
            en: "{method} {path} takes no request body, but one was sent[[ ({mediaType})]]",
            zhHans: "{method} {path} 不接受请求体，但请求中带了请求体[[（{mediaType}）]]"),
        /// No placeholders.
        MessageTemplate(
            "request.body-unexpected.hint",
            en: "send these values as query parameters or drop the body; servers and proxies may ignore or "
                + "reject a body on GET and DELETE",
            zhHans: "请改用查询参数传递这些值，或去掉请求体；服务器和代理可能忽略或拒绝 GET、DELETE 请求中的请求体"),
        /// {mediaType}, {reason}: the parser's error.
        MessageTemplate(
            "request.body-malformed",
            en: "the request body is not valid {mediaType}: {reason}",
            zhHans: "请求体不是合法的 {mediaType}：{reason}"),
        /// {mediaType}.
        MessageTemplate(
            "request.body-malformed.hint",
            en: "fix the body so it parses as {mediaType}, or set Content-Type to what you actually send",
            zhHans: "请修正请求体，使其能按 {mediaType} 解析；或将 Content-Type 设置为实际发送的格式"),
        /// {field}: the body field path, {expected}, {found}.
        MessageTemplate(
            "request.body-invalid",
            en: "request body field '{field}' is invalid: expected {expected}, found {found}",
            zhHans: "请求体字段“{field}”无效：应为 {expected}，实际为 {found}"),
        /// {field}, {expected}; opt. {allowed}.
        MessageTemplate(
            "request.body-invalid.hint",
            en: "send '{field}' as {expected}[[; allowed values: {allowed}]]",
            zhHans: "请按 {expected} 发送“{field}”[[；允许的值：{allowed}]]"),
        /// {name}: the field path; opt. {suggestion}.
        MessageTemplate(
            "request.body-unknown-field",
            en: "unknown request body field '{name}'[[; did you mean '{suggestion}'?]]",
            zhHans: "请求体中有未知字段“{name}”[[；您是否想用“{suggestion}”？]]"),
        /// opt. {suggestion}.
        MessageTemplate(
            "request.body-unknown-field.hint",
            en: "[[rename it to '{suggestion}' or ]]remove it: the operation does not accept extra fields",
            zhHans: "[[请改名为“{suggestion}”或]]删除该字段：该接口不接受额外字段"),
        /// {name}: the field path.
        MessageTemplate(
            "request.body-readonly-field",
            en: "the request body sets read-only field '{name}'",
            zhHans: "请求体设置了只读字段“{name}”"),
        /// {name}.
        MessageTemplate(
            "request.body-readonly-field.hint",
            en: "remove '{name}': the server sets it, and may reject a request that tries to",
            zhHans: "请删除“{name}”：该字段由服务器设置，尝试设置它的请求可能被拒绝"),
        /// {found}: the Content-Type sent, {allowed}: the accepted media types.
        MessageTemplate(
            "request.content-type-unsupported",
            en: "the request body is sent as {found}, but the operation accepts {allowed}",
            zhHans: "请求体以 {found} 格式发送，但该接口只接受 {allowed}"),
        /// {expected}: the media type to use.
        MessageTemplate(
            "request.content-type-unsupported.hint",
            en: "set Content-Type to {expected} and encode the body to match",
            zhHans: "请将 Content-Type 设置为 {expected}，并按该格式编码请求体"),

        // MARK: auth (spec-driven)

        /// opt. {expected}: the security scheme required, e.g. "a bearer API key".
        MessageTemplate(
            "auth.missing-credentials",
            en: "the request carries no credentials[[; the operation requires {expected}]]",
            zhHans: "请求未携带任何凭据[[；该接口需要 {expected}]]"),
        /// No placeholders.
        MessageTemplate(
            "auth.missing-credentials.hint",
            en: "send your API key in the Authorization header, as 'Bearer <key>' or as the Basic user name",
            zhHans: "请在 Authorization 请求头中发送 API 密钥，格式为“Bearer <密钥>”，或作为 Basic 认证的用户名"),

        // MARK: operation

        /// {method}, {path}.
        MessageTemplate(
            "operation.deprecated",
            en: "{method} {path} is deprecated",
            zhHans: "{method} {path} 已弃用"),
        /// opt. {suggestion}: the replacement operation.
        MessageTemplate(
            "operation.deprecated.hint",
            en: "[[move to {suggestion}; ]]plan the migration before the operation is removed",
            zhHans: "[[请迁移到 {suggestion}；]]请在该接口被移除之前完成迁移"),

        // MARK: responses

        /// {status}, {method}, {path}; opt. {allowed}: the documented statuses.
        MessageTemplate(
            "response.status-undocumented",
            en: "status {status} is not documented for {method} {path}[[ (documented: {allowed})]]",
            zhHans: "{method} {path} 的文档中没有状态码 {status}[[（已定义：{allowed}）]]"),
        /// {status}.
        MessageTemplate(
            "response.status-undocumented.hint",
            en: "handle {status} as a generic error and read the body; if the status is expected, the spec "
                + "needs updating",
            zhHans: "请将 {status} 作为通用错误处理并读取响应体；如果该状态码属于正常情况，则需要更新规范"),
        /// {found}: the response Content-Type, {expected}: the documented one(s).
        MessageTemplate(
            "response.content-type-mismatch",
            en: "the response Content-Type is {found}, but the spec documents {expected}",
            zhHans: "响应的 Content-Type 为 {found}，但规范定义的是 {expected}"),
        /// No placeholders.
        MessageTemplate(
            "response.content-type-mismatch.hint",
            en: "a proxy, load balancer or HTML error page may have answered instead of the API; check the body "
                + "and the response headers",
            zhHans: "可能是代理、负载均衡器或 HTML 错误页代替 API 做出了响应；请检查响应体和响应头"),
        /// {mediaType}, {reason}: the parser's error.
        MessageTemplate(
            "response.body-malformed",
            en: "the response body is not valid {mediaType}: {reason}",
            zhHans: "响应体不是合法的 {mediaType}：{reason}"),
        /// No placeholders.
        MessageTemplate(
            "response.body-malformed.hint",
            en: "the body may be truncated or come from a proxy; compare its length with Content-Length and "
                + "check who answered",
            zhHans: "响应体可能被截断，或来自代理；请将其长度与 Content-Length 比较，并确认是谁返回的响应"),
        /// {field}, {expected}, {found}.
        MessageTemplate(
            "response.body-invalid",
            en: "response field '{field}' does not match the spec: expected {expected}, found {found}",
            zhHans: "响应字段“{field}”与规范不符：应为 {expected}，实际为 {found}"),
        /// No placeholders.
        MessageTemplate(
            "response.body-invalid.hint",
            en: "the spec may describe another API version than the one that answered; compare the versions, "
                + "and make your client tolerant of the difference",
            zhHans: "规范描述的 API 版本可能与实际响应的版本不同；请对比两者的版本，并让客户端能够容忍这种差异"),
        /// {name}: the field path.
        MessageTemplate(
            "response.body-unknown-field",
            en: "response field '{name}' is not in the spec",
            zhHans: "响应字段“{name}”不在规范中"),
        /// No placeholders.
        MessageTemplate(
            "response.body-unknown-field.hint",
            en: "APIs add fields without a new version; make your client ignore fields it does not know",
            zhHans: "API 会在不升级版本的情况下新增字段；请让客户端忽略不认识的字段"),
        /// {name}: the field path.
        MessageTemplate(
            "response.body-writeonly-field",
            en: "the response includes write-only field '{name}'",
            zhHans: "响应中包含只写字段“{name}”"),
        /// No placeholders.
        MessageTemplate(
            "response.body-writeonly-field.hint",
            en: "write-only fields often hold secrets; do not log or store this response, and tell the provider",
            zhHans: "只写字段通常包含机密信息；请不要记录或保存此响应，并告知 API 提供方"),
        /// {name}: the header.
        MessageTemplate(
            "response.header-missing",
            en: "the response lacks the documented header '{name}'",
            zhHans: "响应缺少文档定义的响应头“{name}”"),
        /// {name}.
        MessageTemplate(
            "response.header-missing.hint",
            en: "if your code reads '{name}', handle its absence; a proxy or CDN may strip it",
            zhHans: "如果您的代码会读取“{name}”，请处理它缺失的情况；代理或 CDN 可能会删除它"),

        // MARK: auth (integration)

        /// {reason}: a rendered `auth.malformed-header.reason.*`.
        MessageTemplate(
            "auth.malformed-header",
            en: "the Authorization header is malformed: {reason}",
            zhHans: "Authorization 请求头格式错误：{reason}"),
        /// No placeholders.
        MessageTemplate(
            "auth.malformed-header.hint",
            en: "send exactly 'Authorization: Bearer <key>' with one space, no quotes and no line breaks, or Basic "
                + "with base64 of '<key>:'",
            zhHans: "请严格按“Authorization: Bearer <密钥>”发送：只有一个空格，不加引号，不含换行；或使用 Basic 认证，值为“<密钥>:”的 base64 编码"),
        /// No placeholders.
        MessageTemplate(
            "auth.malformed-header.reason.empty-token",
            en: "the Bearer scheme has no token",
            zhHans: "Bearer 后面没有令牌"),
        /// No placeholders.
        MessageTemplate(
            "auth.malformed-header.reason.repeated-scheme",
            en: "the scheme is repeated ('Bearer Bearer …')",
            zhHans: "认证方案重复了（“Bearer Bearer …”）"),
        /// No placeholders.
        MessageTemplate(
            "auth.malformed-header.reason.quoted-token",
            en: "the token is wrapped in quotes",
            zhHans: "令牌被引号包住了"),
        /// No placeholders.
        MessageTemplate(
            "auth.malformed-header.reason.whitespace",
            en: "the token contains whitespace or a line break",
            zhHans: "令牌中包含空白字符或换行"),
        /// No placeholders.
        MessageTemplate(
            "auth.malformed-header.reason.basic-not-base64",
            en: "the Basic credentials are not base64 of 'user:password'",
            zhHans: "Basic 凭据不是“用户名:密码”的 base64 编码"),
        /// {scheme}: the scheme sent.
        MessageTemplate(
            "auth.malformed-header.reason.unknown-scheme",
            en: "the scheme '{scheme}' is neither Bearer nor Basic",
            zhHans: "认证方案“{scheme}”既不是 Bearer 也不是 Basic"),
        /// {found}: the redacted key, {method}, {path}.
        MessageTemplate(
            "auth.publishable-key-server-side",
            en: "publishable key {found} was used for {method} {path}, which needs a secret key",
            zhHans: "{method} {path} 需要私密密钥，但请求使用的是可发布密钥 {found}"),
        /// No placeholders.
        MessageTemplate(
            "auth.publishable-key-server-side.hint",
            en: "publishable keys (pk_) only tokenize card data in the browser; call this endpoint from your server "
                + "with a secret key (sk_) or a restricted key (rk_)",
            zhHans: "可发布密钥（pk_）只能在浏览器中用于令牌化卡片数据；请在服务器端使用私密密钥（sk_）或受限密钥（rk_）调用该接口"),
        /// {keyMode}: "test" or "live", {objectMode}: "test" or "live"; opt. {reason}: the provider's message.
        MessageTemplate(
            "auth.key-mode-mismatch",
            en: "a {keyMode}-mode key was used for a {objectMode}-mode object[[: {reason}]]",
            zhHans: "使用 {keyMode} 模式的密钥访问了 {objectMode} 模式的对象[[：{reason}]]"),
        /// No placeholders.
        MessageTemplate(
            "auth.key-mode-mismatch.hint",
            en: "test and live objects are separate; use the key of the same mode as the object, and keep the key "
                + "and stored IDs in the same environment configuration",
            zhHans: "测试模式和正式模式的对象相互独立；请使用与对象同一模式的密钥，并让密钥和保存的对象 ID 来自同一套环境配置"),
        /// {found}: the browser signal, e.g. "Origin: https://shop.example".
        MessageTemplate(
            "auth.secret-key-in-browser",
            en: "a secret key was sent from a browser ({found})",
            zhHans: "私密密钥是从浏览器发送的（{found}）"),
        /// No placeholders.
        MessageTemplate(
            "auth.secret-key-in-browser.hint",
            en: "never ship secret keys to front-end code: call your own server, which calls the API; roll this key "
                + "now",
            zhHans: "切勿把私密密钥放进前端代码：请由浏览器调用您自己的服务器，再由服务器调用 API；请立即轮换此密钥"),
        /// {name}: the query parameter holding the credential.
        MessageTemplate(
            "auth.secret-in-url",
            en: "credentials were sent in the query string parameter '{name}'",
            zhHans: "凭据通过查询字符串参数“{name}”发送"),
        /// No placeholders.
        MessageTemplate(
            "auth.secret-in-url.hint",
            en: "send the key in the Authorization header; URLs end up in logs, browser history and proxies, so "
                + "roll this key",
            zhHans: "请在 Authorization 请求头中发送密钥；URL 会被写入日志、浏览器历史和代理记录，因此请轮换此密钥"),
        /// {method}, {path}; opt. {reason}: the provider's message.
        MessageTemplate(
            "auth.restricted-key-permission",
            en: "the restricted key was refused for {method} {path} (403)[[: {reason}]]",
            zhHans: "受限密钥调用 {method} {path} 被拒绝（403）[[：{reason}]]"),
        /// No placeholders.
        MessageTemplate(
            "auth.restricted-key-permission.hint",
            en: "grant the restricted key the permission this resource needs in the dashboard, or use a key that "
                + "has it",
            zhHans: "请在控制台中为该受限密钥授予此资源所需的权限，或改用具备该权限的密钥"),
        /// opt. {found}: the redacted key.
        MessageTemplate(
            "auth.expired-key",
            en: "the API key[[ {found}]] has expired",
            zhHans: "API 密钥[[ {found} ]]已过期"),
        /// No placeholders.
        MessageTemplate(
            "auth.expired-key.hint",
            en: "create or roll a key in the dashboard and update every place that stores the old one",
            zhHans: "请在控制台中创建或轮换密钥，并更新所有保存旧密钥的地方"),

        // MARK: encoding

        /// {method}, {path}.
        MessageTemplate(
            "encoding.json-body-on-form-endpoint",
            en: "the body is JSON, but {method} {path} accepts only application/x-www-form-urlencoded",
            zhHans: "请求体是 JSON，但 {method} {path} 只接受 application/x-www-form-urlencoded"),
        /// No placeholders.
        MessageTemplate(
            "encoding.json-body-on-form-endpoint.hint",
            en: "send form pairs with Content-Type application/x-www-form-urlencoded: nested objects as "
                + "metadata[key]=value, lists as items[0][price]=…",
            zhHans: "请以 application/x-www-form-urlencoded 发送表单键值对：嵌套对象写作 metadata[key]=value，列表写作 items[0][price]=…"),
        /// {found}: the field as sent; opt. {suggestion}: the bracket form.
        MessageTemplate(
            "encoding.nested-param-syntax",
            en: "'{found}' is not how nested fields are encoded[[; use '{suggestion}']]",
            zhHans: "“{found}”不是嵌套字段的正确编码方式[[；请使用“{suggestion}”]]"),
        /// No placeholders.
        MessageTemplate(
            "encoding.nested-param-syntax.hint",
            en: "form fields nest with brackets, e.g. metadata[order_id]=6735; dots and JSON inside a field are "
                + "sent as plain strings",
            zhHans: "表单字段用方括号表示嵌套，例如 metadata[order_id]=6735；字段名中的点号和字段值里的 JSON 只会被当作普通字符串"),
        /// {name}, {value}; opt. {suggestion}: the bracket form.
        MessageTemplate(
            "encoding.array-param-syntax",
            en: "'{name}={value}' sends one string, not a list[[; use '{suggestion}']]",
            zhHans: "“{name}={value}”发送的是单个字符串，而不是列表[[；请使用“{suggestion}”]]"),
        /// No placeholders.
        MessageTemplate(
            "encoding.array-param-syntax.hint",
            en: "repeat the field with [] for each item, e.g. expand[]=customer&expand[]=invoice",
            zhHans: "请为每个元素重复一次带 [] 的字段，例如 expand[]=customer&expand[]=invoice"),
        /// {name}, {value}; opt. {suggestion}: the integer amount.
        MessageTemplate(
            "encoding.amount-not-minor-units",
            en: "'{name}' is {value}, but amounts are integers in the currency's smallest unit[[; send {suggestion}]]",
            zhHans: "“{name}”的值为 {value}，但金额必须是以货币最小单位表示的整数[[；请发送 {suggestion}]]"),
        /// No placeholders.
        MessageTemplate(
            "encoding.amount-not-minor-units.hint",
            en: "convert with the currency's exponent: 10.99 USD is 1099, 500 JPY is 500 (JPY has no minor unit)",
            zhHans: "请按货币的小数位数换算：10.99 美元是 1099，500 日元仍是 500（日元没有辅币单位）"),
        /// {value}: the code sent, {suggestion}: the lowercase code.
        MessageTemplate(
            "encoding.currency-code-case",
            en: "currency '{value}' should be lowercase: '{suggestion}'",
            zhHans: "货币代码“{value}”应为小写：“{suggestion}”"),
        /// No placeholders.
        MessageTemplate(
            "encoding.currency-code-case.hint",
            en: "send ISO 4217 codes in lowercase (usd, eur, cny) and compare them case-insensitively",
            zhHans: "请以小写形式发送 ISO 4217 货币代码（usd、eur、cny），比较时忽略大小写"),

        // MARK: idempotency

        /// {method}, {path}, {previous}: entry number of the earlier identical request.
        MessageTemplate(
            "idempotency.retry-without-key",
            en: "{method} {path} repeats the request of entry {previous} without an Idempotency-Key",
            zhHans: "{method} {path} 重复了第 {previous} 条记录中的请求，但没有 Idempotency-Key"),
        /// No placeholders.
        MessageTemplate(
            "idempotency.retry-without-key.hint",
            en: "send an Idempotency-Key (e.g. a UUID) on every create request and reuse it on retries, so a retry "
                + "cannot create a second object",
            zhHans: "请在每个创建请求中发送 Idempotency-Key（例如 UUID），重试时沿用同一个键，避免重试创建出第二个对象"),
        /// {value}: the key (shortened), {previous}: entry of its first use; opt. {reason}: what differs.
        MessageTemplate(
            "idempotency.key-reused",
            en: "Idempotency-Key '{value}' was first used at entry {previous} for a different request[[: {reason}]]",
            zhHans: "Idempotency-Key“{value}”已在第 {previous} 条记录中用于另一个请求[[：{reason}]]"),
        /// No placeholders.
        MessageTemplate(
            "idempotency.key-reused.hint",
            en: "generate a new key for each new operation; reuse a key only to retry exactly the same request",
            zhHans: "每个新操作都请生成新的键；只有在原样重试同一个请求时才复用键"),
        /// {length}: the key's length, {limit}: the maximum.
        MessageTemplate(
            "idempotency.key-too-long",
            en: "the Idempotency-Key is {length} characters long; the limit is {limit}",
            zhHans: "Idempotency-Key 长度为 {length} 个字符，上限为 {limit}"),
        /// No placeholders.
        MessageTemplate(
            "idempotency.key-too-long.hint",
            en: "use a UUID (36 characters) or a hash of your own operation ID instead of serialized request data",
            zhHans: "请使用 UUID（36 个字符）或您自己的操作 ID 的哈希值，不要把序列化后的请求数据当作键"),

        // MARK: rate limits

        /// {delay}: time between the 429 and the retry; opt. {expected}: the Retry-After value.
        MessageTemplate(
            "ratelimit.retry-without-backoff",
            en: "a request was retried {delay} after a 429[[, sooner than Retry-After ({expected})]]",
            zhHans: "收到 429 后仅隔 {delay} 就重试了请求[[，早于 Retry-After 要求的 {expected}]]"),
        /// No placeholders.
        MessageTemplate(
            "ratelimit.retry-without-backoff.hint",
            en: "wait at least Retry-After, then back off exponentially with jitter (1 s, 2 s, 4 s …) and cap the "
                + "number of retries",
            zhHans: "请至少等待 Retry-After 指定的时间，之后按指数退避并加入随机抖动（1 秒、2 秒、4 秒……），并限制重试次数"),
        /// {count}: requests in the busiest second, {limit}: the configured limit.
        MessageTemplate(
            "ratelimit.burst",
            en: "{count} requests in one second exceed the limit of {limit} per second",
            zhHans: "一秒内发出 {count} 个请求，超过了每秒 {limit} 个的限制"),
        /// No placeholders.
        MessageTemplate(
            "ratelimit.burst.hint",
            en: "queue requests on your side, spread them out, and fetch related objects with list endpoints and "
                + "expand instead of one call each",
            zhHans: "请在您这一侧对请求排队并分散发送；获取关联对象时使用列表接口和 expand，而不是逐个调用"),

        // MARK: versions

        /// opt. {name}: the version header, e.g. Stripe-Version.
        MessageTemplate(
            "version.header-missing",
            en: "no API version[[ ({name})]] header was sent; the account's default version applies",
            zhHans: "请求未发送 API 版本[[（{name}）]]请求头，将使用账户的默认版本"),
        /// opt. {name}, {suggestion}: a version to pin.
        MessageTemplate(
            "version.header-missing.hint",
            en: "pin the version your code was written for on every request[[ with {name}]][[: {suggestion}]]",
            zhHans: "请在每个请求中固定您的代码所针对的版本[[（使用 {name}）]][[：{suggestion}]]"),
        /// {count}: number of versions, {found}: the versions.
        MessageTemplate(
            "version.drift",
            en: "the recording uses {count} API versions: {found}",
            zhHans: "该记录中使用了 {count} 个 API 版本：{found}"),
        /// No placeholders.
        MessageTemplate(
            "version.drift.hint",
            en: "pin one version in your client configuration; objects differ in shape between versions",
            zhHans: "请在客户端配置中固定一个版本；不同版本返回的对象结构不同"),

        // MARK: lists

        /// {value}: the limit sent, {allowed}: the range, e.g. "1–100".
        MessageTemplate(
            "pagination.limit-out-of-range",
            en: "limit={value} is outside the allowed range {allowed}",
            zhHans: "limit={value} 超出了允许的范围 {allowed}"),
        /// {allowed}.
        MessageTemplate(
            "pagination.limit-out-of-range.hint",
            en: "use a limit within {allowed} and follow has_more with starting_after to read further pages",
            zhHans: "请在 {allowed} 范围内设置 limit，并根据 has_more 用 starting_after 读取后续页面"),
        /// No placeholders.
        MessageTemplate(
            "pagination.conflicting-cursors",
            en: "starting_after and ending_before were sent together",
            zhHans: "同时发送了 starting_after 和 ending_before"),
        /// No placeholders.
        MessageTemplate(
            "pagination.conflicting-cursors.hint",
            en: "send one cursor: starting_after to page forward, or ending_before to page backward",
            zhHans: "只发送一个游标：向后翻页用 starting_after，向前翻页用 ending_before"),
        /// {value}: the cursor; opt. {previous}: entry where it was first requested.
        MessageTemplate(
            "pagination.cursor-loop",
            en: "cursor '{value}' was requested again[[ (first at entry {previous})]]",
            zhHans: "游标“{value}”被重复请求[[（首次出现在第 {previous} 条记录）]]"),
        /// No placeholders.
        MessageTemplate(
            "pagination.cursor-loop.hint",
            en: "set starting_after to the ID of the last object of the page you just read, and stop when has_more "
                + "is false",
            zhHans: "请把 starting_after 设为刚读取页面中最后一个对象的 ID，并在 has_more 为 false 时停止"),
        /// {value}: the expand path, {depth}: its levels, {limit}: the maximum.
        MessageTemplate(
            "expand.too-deep",
            en: "expand path '{value}' has {depth} levels; the limit is {limit}",
            zhHans: "展开路径“{value}”有 {depth} 层，上限为 {limit} 层"),
        /// No placeholders.
        MessageTemplate(
            "expand.too-deep.hint",
            en: "expand at most four levels deep and fetch deeper objects with a separate request",
            zhHans: "展开不要超过四层；更深的对象请单独请求获取"),

        // MARK: http

        /// {scheme}: the scheme used.
        MessageTemplate(
            "http.insecure-scheme",
            en: "the API was called over {scheme}:// instead of https://",
            zhHans: "API 是通过 {scheme}:// 而不是 https:// 调用的"),
        /// No placeholders.
        MessageTemplate(
            "http.insecure-scheme.hint",
            en: "use https://; plain HTTP exposes your key to the network, so roll any key sent this way",
            zhHans: "请使用 https://；明文 HTTP 会让密钥暴露在网络上，请轮换以这种方式发送过的密钥"),
        /// {status}, {found}: the Location; opt. {reason}: a rendered `http.redirect.reason.*`.
        MessageTemplate(
            "http.redirect",
            en: "the API answered {status} redirecting to {found}[[: {reason}]]",
            zhHans: "API 返回 {status}，重定向到 {found}[[：{reason}]]"),
        /// No placeholders.
        MessageTemplate(
            "http.redirect.hint",
            en: "call the final URL directly (https, exact host and path); clients may turn a redirected POST into "
                + "GET and drop the Authorization header",
            zhHans: "请直接调用最终 URL（https、准确的主机名和路径）；客户端在跟随重定向时可能把 POST 变成 GET，并丢弃 Authorization 请求头"),
        /// No placeholders.
        MessageTemplate(
            "http.redirect.reason.method-changed",
            en: "following it turns POST into GET and loses the body",
            zhHans: "跟随重定向会把 POST 变成 GET，请求体随之丢失"),
        /// No placeholders.
        MessageTemplate(
            "http.redirect.reason.auth-dropped",
            en: "it points to another host, so the Authorization header would be dropped",
            zhHans: "它指向另一个主机，Authorization 请求头会被丢弃"),
        /// {path}, {suggestion}: the path without the slash.
        MessageTemplate(
            "http.trailing-slash",
            en: "{path} returned 404, but {suggestion} exists",
            zhHans: "{path} 返回 404，但 {suggestion} 是存在的"),
        /// {suggestion}.
        MessageTemplate(
            "http.trailing-slash.hint",
            en: "remove the trailing slash: request {suggestion}",
            zhHans: "请去掉末尾斜杠，改为请求 {suggestion}"),
        /// {status}; opt. {reason}: a rendered `http.server-error.reason.*`.
        MessageTemplate(
            "http.server-error",
            en: "the server answered {status}[[; {reason}]]",
            zhHans: "服务器返回 {status}[[；{reason}]]"),
        /// No placeholders.
        MessageTemplate(
            "http.server-error.hint",
            en: "retry with exponential backoff and the same Idempotency-Key, so the retry cannot run the operation "
                + "twice",
            zhHans: "请按指数退避重试，并沿用同一个 Idempotency-Key，确保重试不会让操作执行两次"),
        /// {previous}: entry number of the retry.
        MessageTemplate(
            "http.server-error.reason.retry-without-key",
            en: "the retry at entry {previous} had no Idempotency-Key and may have run the operation twice",
            zhHans: "第 {previous} 条记录中的重试没有 Idempotency-Key，操作可能已被执行两次"),
        /// opt. {reason}: a rendered `http.no-response.reason.*`.
        MessageTemplate(
            "http.no-response",
            en: "no response was received (status 0)[[: {reason}]]",
            zhHans: "未收到响应（状态码 0）[[：{reason}]]"),
        /// No placeholders.
        MessageTemplate(
            "http.no-response.hint",
            en: "check client timeouts, CORS errors in the browser console, proxies and TLS; the server may still "
                + "have run the request, so retry with the same Idempotency-Key",
            zhHans: "请检查客户端超时设置、浏览器控制台中的 CORS 错误、代理和 TLS；服务器可能已经执行了该请求，因此请使用同一个 Idempotency-Key 重试"),
        /// {seconds}: the time waited.
        MessageTemplate(
            "http.no-response.reason.timeout",
            en: "the client timed out after {seconds} s",
            zhHans: "客户端在 {seconds} 秒后超时"),
        /// No placeholders.
        MessageTemplate(
            "http.no-response.reason.aborted",
            en: "the request was aborted by the client",
            zhHans: "请求被客户端中止"),
        /// No placeholders.
        MessageTemplate(
            "http.no-response.reason.cors",
            en: "the browser blocked it (CORS); API calls with secret keys belong on your server",
            zhHans: "浏览器拦截了该请求（CORS）；使用私密密钥的 API 调用应在您的服务器上发起"),
        /// No placeholders.
        MessageTemplate(
            "http.no-response.reason.tls",
            en: "the TLS handshake failed; check the client's CA certificates and TLS version",
            zhHans: "TLS 握手失败；请检查客户端的 CA 证书和 TLS 版本"),

        // MARK: webhooks

        /// opt. {path}: the endpoint that received the event.
        MessageTemplate(
            "webhook.signature-mismatch",
            en: "the webhook signature does not match the payload[[ received at {path}]]",
            zhHans: "Webhook 签名与[[ {path} 收到的]]负载不匹配"),
        /// No placeholders.
        MessageTemplate(
            "webhook.signature-mismatch.hint",
            en: "verify the raw request bytes with this endpoint's signing secret (whsec_…); each endpoint, and test "
                + "and live mode, have their own secret",
            zhHans: "请用该端点的签名密钥（whsec_…）对原始请求字节进行验证；每个端点以及测试、正式模式都有各自的密钥"),
        /// {found}: seconds between the signed timestamp and verification (either direction), {limit}: the tolerance.
        MessageTemplate(
            "webhook.timestamp-outside-tolerance",
            en: "the webhook timestamp is {found} s away from the time of verification; the tolerance is {limit} s",
            zhHans: "Webhook 时间戳与验证时间相差 {found} 秒，超出了 {limit} 秒的容差"),
        /// No placeholders.
        MessageTemplate(
            "webhook.timestamp-outside-tolerance.hint",
            en: "keep the server clock in sync (NTP) and verify events when they arrive, before queueing them",
            zhHans: "请保持服务器时钟同步（NTP），并在事件到达时立即验证，再放入队列"),
        /// {found}: the redacted key given as secret.
        MessageTemplate(
            "webhook.secret-wrong-type",
            en: "the webhook secret is an API key ({found}), not a signing secret (whsec_…)",
            zhHans: "Webhook 密钥配置成了 API 密钥（{found}），而不是签名密钥（whsec_…）"),
        /// No placeholders.
        MessageTemplate(
            "webhook.secret-wrong-type.hint",
            en: "copy the endpoint's signing secret from the dashboard, or the one `stripe listen` prints",
            zhHans: "请从控制台复制该端点的签名密钥，或使用 `stripe listen` 输出的密钥"),
        /// opt. {reason}: how the body was changed, e.g. "whitespace removed".
        MessageTemplate(
            "webhook.body-reserialized",
            en: "the signature matches a re-serialized body, not the bytes received[[ ({reason})]]",
            zhHans: "签名与重新序列化后的请求体匹配，而不是与收到的原始字节匹配[[（{reason}）]]"),
        /// No placeholders.
        MessageTemplate(
            "webhook.body-reserialized.hint",
            en: "verify the raw body before any JSON parsing, e.g. express.raw() in Express or request.get_data() "
                + "in Flask",
            zhHans: "请在解析 JSON 之前用原始请求体验证签名，例如 Express 中使用 express.raw()，Flask 中使用 request.get_data()"),

        // MARK: provider errors and hygiene

        /// {status}, {type}, {message}: the provider's message; opt. {code}, {param}, {requestId}.
        MessageTemplate(
            "provider.error",
            en: "the API returned {status} {type}[[ ({code})]][[ for parameter '{param}']]: {message}",
            zhHans: "API 返回 {status} {type}[[（{code}）]][[，涉及参数“{param}”]]：{message}"),
        /// opt. {docURL}: the provider's doc_url, {requestId}: the Request-Id header.
        MessageTemplate(
            "provider.error.hint",
            en: "[[read {docURL}; ]]quote the request ID[[ {requestId}]] when you contact the provider's support",
            zhHans: "[[请阅读 {docURL}；]]联系 API 提供方支持时，请提供请求 ID[[ {requestId}]]"),
        /// {found}: the redacted secret, {field}: where it is (e.g. request header Authorization).
        MessageTemplate(
            "secrets.live-secret-in-trace",
            en: "the recording contains an unredacted live secret {found} in {field}",
            zhHans: "记录的 {field} 中包含未脱敏的正式环境密钥 {found}"),
        /// No placeholders.
        MessageTemplate(
            "secrets.live-secret-in-trace.hint",
            en: "redact the recording before you share it, and roll the key if the file has already left your machine",
            zhHans: "分享之前请先对记录做脱敏处理；如果文件已经离开您的电脑，请轮换该密钥"),
    ]
}
