import Foundation

/*
 Redaction keeps what a diagnosis needs and drops what an attacker needs.

     Authorization: Bearer sk_test_51Hc…Qz     ->  Authorization: Bearer sk_test_[redacted:4f2a]
     Authorization: Bearer eyJhbGciOi….sig      ->  Authorization: Bearer jwt[alg=RS256,exp=1700000000,iat=1699996400,redacted:9b1c]
     Cookie: sid=abc; theme=dark                ->  Cookie: sid=[redacted:77e0]; theme=[redacted:0d3f]
     ?client_secret=pi_1_secret_x&limit=3       ->  ?client_secret=[redacted:c2d1]&limit=3
     {"password": "hunter2", "email": "a@b.c"}  ->  {"password":"[redacted:f52f]","email":"a@b.c"}

 The kind and mode of a key survive (a test key sent to live mode is a finding), and the four hex digits of its
 SHA-256 let a reader see that two requests used the same key without learning it. Secrets are found three ways:
 by where they sit (credential headers, cookies), by the name of the field holding them (`client_secret`,
 `*_token`, `password`), and by their shape anywhere in any text (Stripe keys, JWTs, AWS key ids, GitHub tokens,
 whatever follows `Bearer `).
*/

/// Redacts secrets from exchanges, headers, URLs, bodies and free text; see the file comment for the rules.
///
/// Every output of `diagnose` passes through `Redactor.default`; `--show-secrets` uses `Redactor(showSecrets:
/// true)`, for which every method returns its input unchanged.
public struct Redactor: Sendable, Hashable {
    /// When true, nothing is redacted (`--show-secrets`).
    public var showSecrets: Bool

    /// The secure default: redact everything secret.
    public static let `default` = Redactor()

    /// Creates a redactor.
    /// - Parameter showSecrets: pass true to disable redaction.
    public init(showSecrets: Bool = false) {
        self.showSecrets = showSecrets
    }

    // MARK: Recognition

    /// The kind of secret `value` is by its shape alone, or nil when it does not look like one.
    public func secretKind(of value: String) -> SecretKind? {
        Self.kind(of: value)
    }

    static func kind(of value: String) -> SecretKind? {
        value.httpTrimmed.withBytes { kind(bytes: $0) }
    }

    /// `kind(of:)` on the trimmed UTF-8. Byte prefixes: `String.hasPrefix` compares Characters (hundreds of
    /// instructions a call, a dozen calls a value, for every credential of every exchange); every shape is ASCII
    /// after its prefix, so the two agree.
    static func kind(bytes u: UnsafeBufferPointer<UInt8>) -> SecretKind? {
        guard u.count >= 8 else { return nil }
        func rest(after prefix: Int, min: Int) -> Bool {
            u.count - prefix >= min && u[prefix...].allSatisfy { isAlnum($0) || $0 == 0x5F }
        }
        if u.hasPrefix("sk_live_") && rest(after: 8, min: 4) { return .stripeSecretKey(live: true) }
        if u.hasPrefix("sk_test_") && rest(after: 8, min: 4) { return .stripeSecretKey(live: false) }
        if u.hasPrefix("rk_live_") && rest(after: 8, min: 4) { return .stripeRestrictedKey(live: true) }
        if u.hasPrefix("rk_test_") && rest(after: 8, min: 4) { return .stripeRestrictedKey(live: false) }
        if u.hasPrefix("whsec_") && rest(after: 6, min: 4) { return .stripeWebhookSecret }
        if isJWT(u) { return .jwt }
        if u.count == 20,
            u.hasPrefix("AKIA") || u.hasPrefix("ASIA") || u.hasPrefix("AGPA") || u.hasPrefix("AIDA")
                || u.hasPrefix("AROA") || u.hasPrefix("ANPA") || u.hasPrefix("ANVA") || u.hasPrefix("AIPA"),
            u.allSatisfy({ ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x30 && $0 <= 0x39) })
        {
            return .awsAccessKey
        }
        if u.hasPrefix("gh"), u.hasPrefix("ghp_") || u.hasPrefix("gho_") || u.hasPrefix("ghu_") || u.hasPrefix("ghs_")
            || u.hasPrefix("ghr_"), rest(after: 4, min: 20)
        {
            return .githubToken
        }
        if u.hasPrefix("github_pat_") && rest(after: 11, min: 20) { return .githubToken }
        if u.hasPrefix("xox"), u.count > 10,
            [UInt8(ascii: "b"), UInt8(ascii: "p"), UInt8(ascii: "a"), UInt8(ascii: "r"), UInt8(ascii: "s")].contains(
                u[3]), u[4] == 0x2D
        {
            return .slackToken
        }
        if u.hasPrefix("AIza") && u.count >= 35 && u.allSatisfy({ isAlnum($0) || $0 == 0x5F || $0 == 0x2D }) {
            return .googleAPIKey
        }
        if u.hasPrefix("sk-") && u.count >= 23 && u.allSatisfy({ isAlnum($0) || $0 == 0x5F || $0 == 0x2D }) {
            return .openAIKey
        }
        return nil
    }

    /// First bytes of the secret shapes `kind(of:)` knows: s(k_), r(k_), w(hsec_), e(yJ), A(KIA…, Iza), g(hp_…), x(ox).
    static let secretFirstBytes: [UInt8] = {
        var t = [UInt8](repeating: 0, count: 256)
        for c in "srweAgx".utf8 { t[Int(c)] = 1 }
        return t
    }()

    static func isJWT(_ u: UnsafeBufferPointer<UInt8>) -> Bool {
        guard u.count >= 16, u[0] == UInt8(ascii: "e"), u[1] == UInt8(ascii: "y"), u[2] == UInt8(ascii: "J") else {
            return false
        }
        var dots = 0
        var segment = 0
        for c in u {
            if c == 0x2E {
                if dots < 2 && segment == 0 { return false }
                dots += 1
                segment = 0
            } else if isAlnum(c) || c == 0x2D || c == 0x5F || c == 0x3D {
                segment += 1
            } else {
                return false
            }
        }
        return dots == 2
    }

    /// Whether a header's name marks its value as a credential (`Authorization`, `Cookie`, `X-Api-Key`,
    /// `*-Token`, `*-Secret`, …).
    public static func isSecretHeader(_ name: String) -> Bool {
        let n = normalize(name)
        switch n {
        case "authorization", "proxyauthorization", "cookie", "setcookie", "xapikey", "apikey", "xauthkey",
            "xamzsecuritytoken", "xaccesskey":
            return true
        default:
            return n.hasSuffix("token") || n.hasSuffix("secret") || n.hasSuffix("apikey") || n.hasSuffix("password")
                || n.hasSuffix("authorization") || n.hasSuffix("privatekey") || n.hasSuffix("sessionid")
        }
    }

    /// Whether a query parameter, form field or JSON member with this name holds a secret (`key`, `token`,
    /// `client_secret`, `card[cvc]`, `refresh_token`, `password`, `code_verifier`, …).
    public static func isSecretName(_ name: String) -> Bool {
        // On the UTF-8 (brackets are ASCII): this runs for every query and form name of every redacted URL or body,
        // and `String.hasSuffix` compares Characters.
        let n = name.withBytes { u -> String in
            var base = u
            // `card[cvc]` and `metadata[api_key]`: the innermost bracketed name decides.
            if u.last == UInt8(ascii: "]"), let open = u.lastIndex(of: UInt8(ascii: "[")), open + 1 < u.count - 1 {
                base = UnsafeBufferPointer(rebasing: u[(open + 1)..<(u.count - 1)])
            }
            return normalize(bytes: base)
        }
        if secretNames.contains(n) { return true }
        return n.withBytes { u in secretSuffixes.contains { u.hasSuffix($0) } }
    }

    static let secretNames: Set<String> = [
        "key", "apikey", "token", "secret", "password", "passwd", "pwd", "pass", "passphrase", "clientsecret",
        "accesstoken", "refreshtoken", "idtoken", "codeverifier", "authorization", "auth", "sessionid", "session",
        "privatekey", "secretkey", "accesskey", "signature", "xamzsignature", "xamzsecuritytoken", "cvc", "cvv",
        "cvc2", "otp", "authcode", "authorizationcode", "oauthcode", "assertion", "cookie", "jwt", "credentials", "credential", "webhooksecret",
        "signingsecret",
    ]
    static let secretSuffixes: [StaticString] = [
        "token", "secret", "password", "apikey", "privatekey", "secretkey", "accesskey", "passphrase",
    ]

    /// The name's ASCII letters and digits, lower-cased (`X-Api-Key` → `xapikey`). Written straight into the
    /// string's storage (no intermediate array): this runs for every header and query name of every exchange.
    static func normalize<S: StringProtocol>(_ s: S) -> String {
        normalize(bytes: s.utf8)
    }

    /// `normalize` on bytes.
    static func normalize<C: Collection<UInt8>>(bytes: C) -> String {
        String(unsafeUninitializedCapacity: bytes.count) { out in
            var n = 0
            for c in bytes {
                if c >= 0x41 && c <= 0x5A {
                    out[n] = c + 32
                    n += 1
                } else if isAlnum(c) {
                    out[n] = c
                    n += 1
                }
            }
            return n
        }
    }

    @inline(__always) static func isAlnum(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
    }

    // MARK: Redacting values

    /// Replaces a value known to be secret: the recognised prefix (kind and mode) is kept, the rest becomes
    /// `[redacted:xxxx]` with four hex digits of its SHA-256.
    /// - Parameters:
    ///   - value: the secret.
    ///   - kind: its kind when known from context; recognised from the shape otherwise.
    /// - Returns: the redacted form (the value itself when `showSecrets`; empty stays empty).
    public func redactSecret(_ value: String, kind: SecretKind? = nil) -> String {
        guard !showSecrets, !value.isEmpty else { return value }
        let trimmed = String(value.httpTrimmed)
        // Already redacted (a redacted copy being redacted again): keep the marker, so the digest stays stable.
        if trimmed.containsBytes("[redacted:") || (trimmed.hasPrefixBytes("jwt[") && trimmed.containsBytes("redacted:")) {
            return value
        }
        let digest = SecretDigest.short(trimmed)
        let tag = "[redacted:\(digest)]"
        switch Self.kind(of: trimmed) ?? kind ?? .namedSecret {
        case .stripeSecretKey(let live): return (live ? "sk_live_" : "sk_test_") + tag
        case .stripeRestrictedKey(let live): return (live ? "rk_live_" : "rk_test_") + tag
        case .stripeWebhookSecret: return "whsec_" + tag
        case .jwt: return Self.jwtSummary(trimmed, digest: digest)
        case .awsAccessKey: return String(trimmed.prefix(4)) + tag
        case .githubToken:
            return (trimmed.hasPrefix("github_pat_") ? "github_pat_" : String(trimmed.prefix(4))) + tag
        case .slackToken: return String(trimmed.prefix(5)) + tag
        case .googleAPIKey: return "AIza" + tag
        case .openAIKey: return "sk-" + tag
        case .bearerToken, .basicCredentials, .namedSecret: return tag
        }
    }

    /// `jwt[alg=RS256,exp=…,iat=…,redacted:xxxx]`: the header's algorithm and the time claims, never the signature.
    static func jwtSummary(_ token: String, digest: String) -> String {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        var fields: [String] = []
        if let h = TrafficBase64.decodeURLSafe(parts[0]),
            let doc = try? JSONParser.parse(SourceText(name: "", bytes: h)),
            let alg = doc.root["alg"]?.stringValue, alg.utf8.allSatisfy({ isAlnum($0) })
        {
            fields.append("alg=\(alg)")
        }
        if parts.count > 1, let p = TrafficBase64.decodeURLSafe(parts[1]),
            let doc = try? JSONParser.parse(SourceText(name: "", bytes: p))
        {
            for claim in ["exp", "iat"] {
                if let n = doc.root[claim]?.numberValue,
                    n.text.utf8.allSatisfy({ $0 >= 0x2B && $0 <= 0x39 || $0 == 0x65 || $0 == 0x45 })
                {
                    fields.append("\(claim)=\(n.text)")
                }
            }
        }
        fields.append("redacted:\(digest)")
        return "jwt[" + fields.joined(separator: ",") + "]"
    }

    /// Redacts secret-looking values anywhere in free text (Stripe keys, JWTs, AWS key ids, GitHub tokens, the
    /// token after `Bearer `, the value after `password=` or `"token": `), leaving everything else as is.
    public func redactValue(_ string: String) -> String {
        guard !showSecrets else { return string }
        var s = string
        let out: [UInt8]? = s.withUTF8 { redactText($0) }
        return out.map { String(decoding: $0, as: UTF8.self) } ?? string
    }

    /// Byte version of `redactValue`; nil when nothing was redacted.
    func redactText(_ b: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        let n = b.count
        var out: [UInt8] = []
        var copied = 0
        var changed = false
        var i = 0
        var afterBearer = false
        @inline(__always) func isToken(_ c: UInt8) -> Bool { Self.isAlnum(c) || c == 0x5F || c == 0x2D || c == 0x2E }
        func replace(_ s: Int, _ e: Int, with r: String) {
            if !changed {
                out.reserveCapacity(n)
                changed = true
            }
            out.append(contentsOf: b[copied..<s])
            out.append(contentsOf: r.utf8)
            copied = e
        }
        while i < n {
            guard isToken(b[i]) else {
                if b[i] != 0x20 { afterBearer = false }
                i += 1
                continue
            }
            let s = i
            if afterBearer {
                // Opaque bearer tokens may be base64 (`+`, `/`, `=`).
                while i < n, isToken(b[i]) || b[i] == 0x2B || b[i] == 0x2F || b[i] == 0x3D || b[i] == 0x7E { i += 1 }
                afterBearer = false
                if i - s >= 8, !isRedactedMarker(b, s, i) {
                    replace(s, i, with: redactSecret(String(decoding: b[s..<i], as: UTF8.self), kind: .bearerToken))
                }
                continue
            }
            while i < n, isToken(b[i]) { i += 1 }
            var e = i
            while e > s, b[e - 1] == 0x2E { e -= 1 }  // a sentence's full stop is not part of a token
            // Only tokens that start like a known secret are worth a closer look.
            if e - s >= 8, Self.secretFirstBytes[Int(b[s])] != 0 {
                let token = String(decoding: b[s..<e], as: UTF8.self)
                if let kind = Self.kind(of: token) {
                    replace(s, e, with: redactSecret(token, kind: kind))
                    continue
                }
            }
            if e - s == 6, b[s] | 0x20 == UInt8(ascii: "b"),
                String(decoding: b[s..<e], as: UTF8.self).lowercased() == "bearer"
            {
                afterBearer = true
                continue
            }
            // `name=value`, `name: value`, `"name": "value"` where the name says the value is secret.
            if e - s >= 3 {
                var j = e
                while j < n, b[j] == 0x22 || b[j] == 0x27 || b[j] == 0x5D { j += 1 }
                while j < n, b[j] == 0x20 { j += 1 }
                guard j < n, b[j] == 0x3D || b[j] == 0x3A else { continue }
                guard Self.isSecretName(String(decoding: b[s..<e], as: UTF8.self)) else { continue }
                j += 1
                while j < n, b[j] == 0x20 { j += 1 }
                var quote: UInt8? = nil
                if j < n, b[j] == 0x22 || b[j] == 0x27 {
                    quote = b[j]
                    j += 1
                }
                let vs = j
                if let q = quote {
                    while j < n, b[j] != q, b[j] != 0x0A {
                        if b[j] == 0x5C { j += 1 }
                        j += 1
                    }
                } else {
                    while j < n, b[j] != 0x20, b[j] != 0x26, b[j] != 0x3B, b[j] != 0x2C, b[j] != 0x0A, b[j] != 0x0D,
                        b[j] != 0x7D, b[j] != 0x5D, b[j] != 0x3C, b[j] != 0x22, b[j] != 0x27
                    { j += 1 }
                }
                j = min(j, n)
                if j > vs, !isRedactedMarker(b, vs, j), b[vs] != 0x7B, b[vs] != 0x5B {
                    replace(vs, j, with: redactSecret(String(decoding: b[vs..<j], as: UTF8.self), kind: .namedSecret))
                    i = j
                }
            }
        }
        guard changed else { return nil }
        out.append(contentsOf: b[copied..<n])
        return out
    }

    /// Whether b[s..<e] already is a redaction marker (so redacting twice changes nothing).
    private func isRedactedMarker(_ b: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        let t = String(decoding: b[s..<e], as: UTF8.self)
        return t.containsBytes("[redacted:") || t.hasPrefix("jwt[") || t.hasPrefix("$")
    }

    /// Redacts a header value according to its name: credentials and cookies always, other headers by the shape
    /// of their values (and URLs in them by parameter name).
    /// - Parameters:
    ///   - name: the header's name.
    ///   - value: its value.
    /// - Returns: the value to show.
    public func redactHeader(name: String, value: String) -> String {
        guard !showSecrets, !value.isEmpty else { return value }
        switch Self.normalize(name) {
        case "authorization", "proxyauthorization":
            return redactAuthorization(value)
        case "cookie":
            return HTTPCookies.parseCookieHeader(value).map {
                $0.name.isEmpty ? redactSecret($0.value) : "\($0.name)=\(redactSecret($0.value))"
            }.joined(separator: "; ")
        case "setcookie":
            let parts = value.split(separator: ";", omittingEmptySubsequences: false)
            guard let first = parts.first else { return value }
            var head = String(first)
            if let eq = first.firstIndex(of: "=") {
                head = "\(first[..<eq])=\(redactSecret(String(first[first.index(after: eq)...])))"
            }
            return ([head] + parts.dropFirst().map(String.init)).joined(separator: ";")
        default:
            if Self.isSecretHeader(name) {
                if value.contains(" "), value.split(separator: " ").count == 2 { return redactAuthorization(value) }
                return redactSecret(value)
            }
            if value.hasPrefix("http://") || value.hasPrefix("https://") || value.hasPrefix("/") {
                return redactURL(value)
            }
            return redactValue(value)
        }
    }

    /// `Bearer <token>`, `Basic <base64>`, or a bare credential.
    func redactAuthorization(_ value: String) -> String {
        let trimmed = value.httpTrimmed
        guard let space = trimmed.firstIndex(of: " ") else { return redactSecret(String(trimmed)) }
        let scheme = String(trimmed[..<space])
        let credentials = String(trimmed[space...].httpTrimmed)
        switch scheme.lowercased() {
        case "basic":
            if let decoded = TrafficBase64.decode(credentials).map({ String(decoding: $0, as: UTF8.self) }),
                let colon = decoded.firstIndex(of: ":")
            {
                let user = String(decoded[..<colon])
                let password = decoded[decoded.index(after: colon)...]
                if let kind = Self.kind(of: user) {
                    let pw = password.isEmpty ? "empty" : redactSecret(String(password))
                    return "\(scheme) [user=\(redactSecret(user, kind: kind)),password=\(pw)]"
                }
            }
            return "\(scheme) \(redactSecret(credentials, kind: .basicCredentials))"
        case "bearer", "token":
            return "\(scheme) \(redactSecret(credentials, kind: .bearerToken))"
        default:
            return "\(scheme) \(redactSecret(credentials, kind: .namedSecret))"
        }
    }

    /// Redacts a URL: query (and fragment) parameters with secret names, and secret-looking values anywhere.
    public func redactURL(_ url: String) -> String {
        guard !showSecrets else { return url }
        // The delimiters are ASCII, so they are found in the UTF-8 (a Character-wise search costs a grapheme
        // break check per character, and this runs for every exchange with a finding).
        var rest = Substring(url)
        var fragment: Substring? = nil
        if let hash = rest.firstIndex(ofByte: UInt8(ascii: "#")) {
            fragment = rest[rest.utf8.index(after: hash)...]
            rest = rest[..<hash]
        }
        var query: Substring? = nil
        if let q = rest.firstIndex(ofByte: UInt8(ascii: "?")) {
            query = rest[rest.utf8.index(after: q)...]
            rest = rest[..<q]
        }
        var out = redactValue(String(rest))
        // user:password@ in the authority
        if let schemeEnd = Self.afterScheme(out) {
            let afterScheme = out[schemeEnd...]
            let authorityEnd = afterScheme.firstIndex(ofByte: UInt8(ascii: "/")) ?? afterScheme.endIndex
            if let at = afterScheme[..<authorityEnd].utf8.lastIndex(of: UInt8(ascii: "@")) {
                let userInfo = String(afterScheme[..<at])
                out.replaceSubrange(afterScheme.startIndex..<at, with: redactSecret(userInfo, kind: .basicCredentials))
            }
        }
        if let query { out += "?" + redactQuery(query) }
        if let fragment {
            out += "#" + (fragment.contains("=") ? redactQuery(fragment) : redactValue(String(fragment)))
        }
        return out
    }

    /// Where the authority starts: just after the first `://`, or nil.
    private static func afterScheme(_ s: String) -> String.Index? {
        let u = s.utf8
        var i = u.startIndex
        while let colon = u[i...].firstIndex(of: UInt8(ascii: ":")) {
            let slash1 = u.index(after: colon)
            guard slash1 < u.endIndex else { return nil }
            if u[slash1] == UInt8(ascii: "/") {
                let slash2 = u.index(after: slash1)
                if slash2 < u.endIndex && u[slash2] == UInt8(ascii: "/") { return u.index(after: slash2) }
            }
            i = slash1
        }
        return nil
    }

    /// Redacts `a=1&b=2` parameter by parameter (names decide, then value shapes). Split on the UTF-8: `&` and
    /// `=` are ASCII.
    func redactQuery(_ query: Substring) -> String {
        // The result is built only from the first parameter that changes: most queries hold no secret.
        var out: String?
        var copied = query.startIndex
        for bytes in query.utf8.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: false) {
            let pair = Substring(bytes)
            guard let redacted = redactParameter(pair) else { continue }
            if out == nil { out = String() }
            out! += query[copied..<pair.startIndex]
            out! += redacted
            copied = pair.endIndex
        }
        guard var out else { return String(query) }
        out += query[copied...]
        return out
    }

    /// One `name=value` of a query, redacted; nil when it stays as it is.
    private func redactParameter(_ pair: Substring) -> String? {
        guard let eq = pair.firstIndex(ofByte: UInt8(ascii: "=")) else {
            let redacted = redactQueryValue(pair)
            return redacted.utf8.elementsEqual(pair.utf8) ? nil : redacted
        }
        let name = pair[..<eq]
        let value = pair[pair.utf8.index(after: eq)...]
        // In a URL, a bare `code` is an OAuth authorization code (`/callback?code=…&state=…`); in bodies it is
        // usually an error code (`"code": "parameter_unknown"`), which diagnosis needs.
        let decoded = HTTPForm.percentDecode(name, plusIsSpace: true)
        if Self.isSecretName(decoded) || decoded == "code" {
            let redacted = "\(name)=\(redactSecret(HTTPForm.percentDecode(value, plusIsSpace: true)))"
            return redacted.utf8.elementsEqual(pair.utf8) ? nil : redacted
        }
        let redacted = redactQueryValue(value)
        return redacted.utf8.elementsEqual(value.utf8) ? nil : "\(name)=\(redacted)"
    }

    /// A query value with the secrets its shape gives away redacted. Escapes can hide a key from the shape scan
    /// (`%20sk_live_…`, `sk_live%5F…`), so a value with escapes is also looked at decoded; when that finds a
    /// secret, the decoded value is written redacted (and re-encoded).
    private func redactQueryValue(_ value: Substring) -> String {
        let raw = String(value)
        let plain = redactValue(raw)
        guard plain == raw, value.utf8.contains(where: { $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "+") })
        else { return plain }
        let decoded = HTTPForm.percentDecode(value, plusIsSpace: true)
        let redacted = redactValue(decoded)
        // Unreserved characters and what redaction markers are made of stay as they are.
        return redacted == decoded ? plain : HTTPForm.percentEncode(redacted, keeping: "[]:")
    }

    /// Redacts a body keeping its structure: JSON member by member, forms field by field, multipart part by part,
    /// anything else as free text.
    /// - Parameters:
    ///   - bytes: the body.
    ///   - mediaType: the declared media type.
    /// - Returns: the redacted body (the same bytes when nothing was secret or `showSecrets`).
    public func redactBody(_ bytes: [UInt8], mediaType: String?) -> [UInt8] {
        guard !showSecrets, !bytes.isEmpty else { return bytes }
        let first = bytes.first { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }
        if HTTPMediaType.isJSON(mediaType) || first == UInt8(ascii: "{") || first == UInt8(ascii: "[") {
            if let doc = try? JSONParser.parse(SourceText(name: "<body>", bytes: bytes)) {
                var out: [UInt8] = []
                out.reserveCapacity(bytes.count)
                writeRedactedJSON(doc.root, secretKey: false, into: &out)
                return out
            }
        }
        if HTTPMediaType.isForm(mediaType) {
            return Array(redactQuery(Substring(String(decoding: bytes, as: UTF8.self))).utf8)
        }
        if let m = mediaType, HTTPMediaType.essence(m).hasPrefix("multipart/"),
            let boundary = HTTPMediaType.boundary(of: m)
        {
            return redactMultipart(bytes, boundary: boundary)
        }
        return bytes.withUnsafeBufferPointer { redactText($0) } ?? bytes
    }

    /// Writes a JSON value with secret-named members replaced and secret-looking strings redacted.
    func writeRedactedJSON(_ node: Node, secretKey: Bool, into out: inout [UInt8]) {
        switch node.kind {
        case .object:
            out.append(UInt8(ascii: "{"))
            var first = true
            for (key, value) in node.members {
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                let k = key.stringValue ?? ""
                writeJSONString(redactValue(k), into: &out)
                out.append(UInt8(ascii: ":"))
                writeRedactedJSON(value, secretKey: Self.isSecretName(k), into: &out)
            }
            out.append(UInt8(ascii: "}"))
        case .array:
            out.append(UInt8(ascii: "["))
            var first = true
            for e in node.elements {
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                writeRedactedJSON(e, secretKey: secretKey, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .string:
            let s = node.stringValue ?? ""
            writeJSONString(secretKey && !s.isEmpty ? redactSecret(s) : redactValue(s), into: &out)
        case .number where secretKey:
            writeJSONString(redactSecret(node.numberValue?.text ?? ""), into: &out)
        default:
            JSONSerializer.write(node, into: &out)
        }
    }

    func writeJSONString(_ s: String, into out: inout [UInt8]) {
        var s = s
        s.withUTF8 { JSONSerializer.writeString($0, into: &out) }
    }

    /// Redacts each part of a multipart body: a part named like a secret loses its content; others are scanned.
    func redactMultipart(_ bytes: [UInt8], boundary: String) -> [UInt8] {
        let delimiter = Array("--\(boundary)".utf8)
        var positions: [Int] = []
        var i = 0
        while i + delimiter.count <= bytes.count {
            if bytes[i] == delimiter[0], Array(bytes[i..<i + delimiter.count]) == delimiter {
                positions.append(i)
                i += delimiter.count
            } else {
                i += 1
            }
        }
        guard positions.count >= 2 else { return bytes.withUnsafeBufferPointer { redactText($0) } ?? bytes }
        var out = Array(bytes[0..<positions[0]])
        for (k, start) in positions.enumerated() {
            let end = k + 1 < positions.count ? positions[k + 1] : bytes.count
            let part = Array(bytes[start..<end])
            // Head ends at the first blank line.
            var headEnd: Int? = nil
            var j = 0
            while j + 3 < part.count {
                if part[j] == 0x0D, part[j + 1] == 0x0A, part[j + 2] == 0x0D, part[j + 3] == 0x0A {
                    headEnd = j + 4
                    break
                }
                if part[j] == 0x0A, part[j + 1] == 0x0A {
                    headEnd = j + 2
                    break
                }
                j += 1
            }
            guard let he = headEnd else {
                out += part
                continue
            }
            let head = String(decoding: part[0..<he], as: UTF8.self)
            var name = ""
            if let r = head.range(of: "name=\"") {
                name = String(head[r.upperBound...].prefix { $0 != "\"" })
            }
            var content = Array(part[he...])
            var tail: [UInt8] = []
            while let last = content.last, last == 0x0A || last == 0x0D { tail.insert(content.removeLast(), at: 0) }
            if Self.isSecretName(name) {
                content = Array(redactSecret(String(decoding: content, as: UTF8.self)).utf8)
            } else {
                let partType = head.split(separator: "\n").first { $0.lowercased().hasPrefix("content-type:") }
                    .map { String($0.dropFirst("content-type:".count).httpTrimmedCR) }
                content = redactBody(content, mediaType: partType ?? "text/plain")
            }
            out += (Array(head.utf8).withUnsafeBufferPointer { redactText($0) } ?? Array(head.utf8)) + content + tail
        }
        return out
    }

    // MARK: Whole exchanges

    /// A copy of `exchange` with every secret redacted: URL, headers, cookies, bodies (redacted lazily, when the
    /// bytes are read). The recorded entry is dropped so nothing unredacted travels with the copy.
    public func redact(_ exchange: Exchange) -> Exchange {
        guard !showSecrets else { return exchange }
        var x = exchange
        x.request = redact(exchange.request)
        x.response = exchange.response.map(redact)
        x.record = nil
        return x
    }

    /// A copy of `request` with every secret redacted.
    public func redact(_ request: HTTPRequest) -> HTTPRequest {
        guard !showSecrets else { return request }
        var r = request
        r.url = redactURL(request.url)
        r.headers = request.headers.map {
            HTTPHeader(name: $0.name, value: redactHeader(name: $0.name, value: $0.value))
        }
        r.recordedCookies = request.recordedCookies.map { HTTPHeader(name: $0.name, value: redactSecret($0.value)) }
        r.body = request.body.map(redact)
        return r
    }

    /// A copy of `response` with every secret redacted.
    public func redact(_ response: HTTPResponse) -> HTTPResponse {
        guard !showSecrets else { return response }
        var r = response
        r.headers = response.headers.map {
            HTTPHeader(name: $0.name, value: redactHeader(name: $0.name, value: $0.value))
        }
        r.body = response.body.map(redact)
        return r
    }

    /// A body whose bytes are redacted when read.
    public func redact(_ body: HTTPBody) -> HTTPBody {
        guard !showSecrets else { return body }
        var b = body
        b.params = body.params.map {
            HTTPHeader(
                name: $0.name, value: Self.isSecretName($0.name) ? redactSecret($0.value) : redactValue($0.value))
        }
        if case .params = body.storage.recorded {
            // Synthesised from params, which are redacted already (drop bytes decoded from the unredacted ones).
            b.storage = body.storage.recorded
            return b
        }
        b.storage = .redacted(body.storage, self)
        return b
    }
}
