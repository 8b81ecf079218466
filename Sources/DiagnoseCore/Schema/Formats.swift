#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#elseif canImport(Musl)
    import Musl
#endif

/// The `format` values we check. Unknown formats are annotations and always pass.
enum FormatKind: String, Sendable {
    case dateTime = "date-time", date, time, duration, email, idnEmail = "idn-email", hostname
    case ipv4, ipv6, uri, uriReference = "uri-reference", uuid, regex
    case jsonPointer = "json-pointer", relativeJSONPointer = "relative-json-pointer", uriTemplate = "uri-template"
    case iri, iriReference = "iri-reference", idnHostname = "idn-hostname"
    case int32, int64, float, double

    /// Whether the format applies to numbers (OpenAPI) rather than strings.
    var isNumeric: Bool { self == .int32 || self == .int64 || self == .float || self == .double }

    /// A phrase for messages: `expected a date-time (RFC 3339)`.
    var phrase: String {
        switch self {
        case .dateTime: "a date-time (RFC 3339, e.g. 2024-01-31T12:00:00Z)"
        case .date: "a date (RFC 3339 full-date, e.g. 2024-01-31)"
        case .time: "a time (RFC 3339 full-time, e.g. 12:00:00Z)"
        case .duration: "an ISO 8601 duration (e.g. P1DT2H)"
        case .email, .idnEmail: "an email address"
        case .hostname: "a hostname"
        case .ipv4: "an IPv4 address"
        case .ipv6: "an IPv6 address"
        case .uri: "an absolute URI"
        case .uriReference: "a URI reference"
        case .uuid: "a UUID"
        case .regex: "an ECMA-262 regular expression"
        case .jsonPointer: "a JSON pointer"
        case .relativeJSONPointer: "a relative JSON pointer"
        case .uriTemplate: "a URI template"
        case .iri: "an absolute IRI"
        case .idnHostname: "an internationalized hostname"
        case .iriReference: "an IRI reference"
        case .int32: "a 32-bit integer"
        case .int64: "a 64-bit integer"
        case .float: "a 32-bit float"
        case .double: "a 64-bit float"
        }
    }

    /// Checks a string value.
    /// - Parameters:
    ///   - s: the string.
    ///   - dialect: draft-04/06 hostnames follow RFC 1123 only; later drafts add the IDNA A-label rules.
    func check(_ s: String, dialect: SchemaDialect = .draft2020_12) -> Bool {
        switch self {
        case .dateTime: return Formats.dateTime(s)
        case .date: return Formats.date(Array(s.utf8)[...])
        case .time: return Formats.time(Array(s.utf8)[...])
        case .duration: return Formats.duration(s)
        case .email, .idnEmail: return Formats.email(s, idn: self == .idnEmail)
        case .hostname: return Formats.hostname(s, idnaRules: dialect != .draft4 && dialect != .draft6)
        case .ipv4: return Formats.ipv4(s)
        case .ipv6: return Formats.ipv6(s)
        case .uri: return Formats.uri(s, requireScheme: true)
        case .uriReference: return Formats.uri(s, requireScheme: false)
        case .idnHostname: return IDNA.hostname(s, asciiOnly: false)
        case .iri: return Formats.uri(s, requireScheme: true, unicode: true)
        case .iriReference: return Formats.uri(s, requireScheme: false, unicode: true)
        case .uuid: return Formats.uuid(s)
        case .regex: return ECMARegex(s) != nil
        case .jsonPointer: return Formats.jsonPointer(s)
        case .relativeJSONPointer: return Formats.relativeJSONPointer(s)
        case .uriTemplate: return Formats.uriTemplate(s)
        case .int32, .int64, .float, .double: return true
        }
    }

    /// Checks a number value (OpenAPI numeric formats).
    func check(_ n: JSONNumber) -> Bool {
        switch self {
        case .int32:
            guard n.isInteger, let v = n.int64Value else { return false }
            return v >= Int64(Int32.min) && v <= Int64(Int32.max)
        case .int64: return n.isInteger && n.int64Value != nil
        case .float: return n.doubleValue.isFinite && abs(n.doubleValue) <= Double(Float.greatestFiniteMagnitude)
        case .double: return n.doubleValue.isFinite
        default: return true
        }
    }
}

enum Formats {
    typealias Bytes = ArraySlice<UInt8>

    static func digits(_ b: Bytes, _ from: Int, _ n: Int) -> Int? {
        guard from + n <= b.endIndex else { return nil }
        var v = 0
        for i in from..<from + n {
            let c = b[i]
            guard c >= 0x30 && c <= 0x39 else { return nil }
            v = v * 10 + Int(c - 0x30)
        }
        return v
    }

    static func date(_ b: Bytes) -> Bool {
        guard b.count == 10, let y = digits(b, b.startIndex, 4), b[b.startIndex + 4] == 0x2D,
            let m = digits(b, b.startIndex + 5, 2), b[b.startIndex + 7] == 0x2D, let d = digits(b, b.startIndex + 8, 2)
        else { return false }
        guard m >= 1 && m <= 12, d >= 1 else { return false }
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
        return d <= days
    }

    static func time(_ b: Bytes) -> Bool {
        let s = b.startIndex
        guard b.count >= 9, let h = digits(b, s, 2), b[s + 2] == 0x3A, let mi = digits(b, s + 3, 2), b[s + 5] == 0x3A,
            let sec = digits(b, s + 6, 2)
        else { return false }
        var i = s + 8
        if i < b.endIndex, b[i] == 0x2E {
            i += 1
            let start = i
            while i < b.endIndex, b[i] >= 0x30 && b[i] <= 0x39 { i += 1 }
            guard i > start else { return false }
        }
        guard i < b.endIndex else { return false }
        var offsetMinutes = 0
        if b[i] == 0x5A || b[i] == 0x7A {
            guard i + 1 == b.endIndex else { return false }
        } else if b[i] == 0x2B || b[i] == 0x2D {
            guard i + 6 == b.endIndex, let oh = digits(b, i + 1, 2), b[i + 3] == 0x3A, let om = digits(b, i + 4, 2),
                oh <= 23, om <= 59
            else { return false }
            offsetMinutes = (oh * 60 + om) * (b[i] == 0x2B ? 1 : -1)
        } else {
            return false
        }
        guard h <= 23, mi <= 59, sec <= 60 else { return false }
        if sec == 60 {
            // A leap second is only valid at 23:59:60 UTC.
            var utc = h * 60 + mi - offsetMinutes
            utc = ((utc % 1440) + 1440) % 1440
            return utc == 23 * 60 + 59
        }
        return true
    }

    static func dateTime(_ s: String) -> Bool {
        let b = Array(s.utf8)[...]
        guard b.count > 11 else { return false }
        let t = b[b.startIndex + 10]
        guard t == 0x54 || t == 0x74 else { return false }
        return date(b[b.startIndex..<b.startIndex + 10]) && time(b[(b.startIndex + 11)...])
    }

    static func duration(_ s: String) -> Bool {
        var b = Array(s.utf8)[...]
        guard b.first == 0x50 else { return false }
        b = b.dropFirst()
        guard !b.isEmpty else { return false }
        var inTime = false
        var order = 0  // position in the allowed unit sequence
        var sawAny = false
        var sawWeek = false
        var sawTimeUnit = false
        let dateUnits: [UInt8] = Array("YMD".utf8)
        let timeUnits: [UInt8] = Array("HMS".utf8)
        while let c = b.first {
            if c == 0x54 {
                guard !inTime else { return false }
                inTime = true
                order = 0
                b = b.dropFirst()
                guard !b.isEmpty else { return false }
                continue
            }
            var n = 0
            while let d = b.first, d >= 0x30 && d <= 0x39 { n += 1; b = b.dropFirst() }
            guard n > 0, let unit = b.first else { return false }
            b = b.dropFirst()
            if !inTime && unit == 0x57 {
                // PnW stands alone.
                guard !sawAny, b.isEmpty else { return false }
                return true
            }
            let units = inTime ? timeUnits : dateUnits
            guard let pos = units.firstIndex(of: unit), pos >= order else { return false }
            // Units may be left out only at the ends: P1Y2D and PT1H2S skip a unit in the middle.
            if order > 0 && pos != order && !(unit == 0x57) { return false }
            order = pos + 1
            if !inTime && unit == 0x57 { sawWeek = true }
            if inTime { sawTimeUnit = true }
            sawAny = true
        }
        if inTime && !sawTimeUnit { return false }
        if sawWeek {
            // Weeks do not combine with other units.
            let count = s.utf8.filter { $0 >= 0x41 && $0 <= 0x5A }.count
            if count != 2 { return false }
        }
        return sawAny
    }

    static func hostname(_ s: String, idnaRules: Bool = true) -> Bool {
        let host = Substring(s)
        guard !host.isEmpty, host.utf8.count <= 253 else { return false }
        for label in host.split(separator: ".", omittingEmptySubsequences: false) {
            let u = Array(label.utf8)
            guard !u.isEmpty, u.count <= 63, u.first != 0x2D, u.last != 0x2D else { return false }
            for c in u {
                let ok = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x2D
                if !ok { return false }
            }
            if idnaRules, u.count >= 4, u[2] == 0x2D, u[3] == 0x2D {
                // Only A-labels may have "--" there, and they must decode to a valid U-label.
                guard label.lowercased().hasPrefix("xn--"), let decoded = IDNA.punycodeDecode(label.dropFirst(4)),
                    !decoded.isEmpty, IDNA.labelValid(decoded)
                else { return false }
            }
        }
        return true
    }

    static func ipv4(_ s: String) -> Bool {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return false }
        for p in parts {
            guard !p.isEmpty, p.utf8.count <= 3, p.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                let v = Int(p), v <= 255
            else { return false }
            if p.utf8.count > 1 && p.utf8.first == 0x30 { return false }
        }
        return true
    }

    static func ipv6(_ s: String) -> Bool {
        guard s.utf8.allSatisfy({ $0 < 0x80 }), !s.contains("%") else { return false }
        var addr = in6_addr()
        return inet_pton(AF_INET6, s, &addr) == 1
    }

    static func uuid(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard u.count == 36 else { return false }
        for (i, c) in u.enumerated() {
            if i == 8 || i == 13 || i == 18 || i == 23 {
                if c != 0x2D { return false }
            } else if !isHex(c) {
                return false
            }
        }
        return true
    }

    static func isHex(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66)
    }

    static func email(_ s: String, idn: Bool) -> Bool {
        guard let at = s.lastIndex(of: "@") else { return false }
        let local = s[..<at]
        let domain = s[s.index(after: at)...]
        guard !local.isEmpty, !domain.isEmpty else { return false }
        if local.hasPrefix("\"") {
            guard local.count >= 2, local.hasSuffix("\"") else { return false }
        } else {
            guard !local.hasPrefix("."), !local.hasSuffix("."), !local.contains("..") else { return false }
            let allowed = Set("!#$%&'*+-/=?^_`{|}~.".utf8)
            for c in local.utf8 where !(isAlnum(c) || allowed.contains(c) || (idn && c >= 0x80)) { return false }
        }
        if domain.hasPrefix("[") {
            guard domain.hasSuffix("]") else { return false }
            let inner = domain.dropFirst().dropLast()
            if inner.hasPrefix("IPv6:") { return ipv6(String(inner.dropFirst(5))) }
            return ipv4(String(inner))
        }
        if idn { return !domain.contains(" ") }
        return hostname(String(domain))
    }

    static func isAlnum(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
    }

    static func jsonPointer(_ s: String) -> Bool {
        if s.isEmpty { return true }
        guard s.hasPrefix("/") else { return false }
        let u = Array(s.utf8)
        for (i, c) in u.enumerated() where c == 0x7E {
            guard i + 1 < u.count, u[i + 1] == 0x30 || u[i + 1] == 0x31 else { return false }
        }
        return true
    }

    static func relativeJSONPointer(_ s: String) -> Bool {
        let u = Array(s.utf8)
        var i = 0
        while i < u.count, u[i] >= 0x30 && u[i] <= 0x39 { i += 1 }
        guard i > 0, !(i > 1 && u[0] == 0x30) else { return false }
        var rest = String(decoding: u[i...], as: UTF8.self)
        if rest.hasPrefix("+") || rest.hasPrefix("-") {
            let r = Array(rest.utf8)
            var j = 1
            while j < r.count, r[j] >= 0x30 && r[j] <= 0x39 { j += 1 }
            guard j > 1, !(j > 2 && r[1] == 0x30), !(r[1] == 0x30 && r[0] == 0x2D) else { return false }
            rest = String(decoding: r[j...], as: UTF8.self)
        }
        return rest == "#" || jsonPointer(rest)
    }

    /// RFC 6570 level 4 syntax.
    static func uriTemplate(_ s: String) -> Bool {
        let u = Array(s.utf8)
        var i = 0
        func varchar(_ j: Int) -> Int? {
            guard j < u.count else { return nil }
            if isAlnum(u[j]) || u[j] == 0x5F { return 1 }
            if u[j] == 0x25, j + 2 < u.count, isHex(u[j + 1]), isHex(u[j + 2]) { return 3 }
            return nil
        }
        while i < u.count {
            let c = u[i]
            if c == 0x7B {
                i += 1
                guard i < u.count else { return false }
                if "+#./;?&".utf8.contains(u[i]) { i += 1 }
                while true {
                    // varname
                    guard let n = varchar(i) else { return false }
                    i += n
                    while i < u.count {
                        if u[i] == 0x2E, let n2 = varchar(i + 1) { i += 1 + n2; continue }
                        if let n2 = varchar(i) { i += n2; continue }
                        break
                    }
                    guard i < u.count else { return false }
                    if u[i] == 0x3A {
                        i += 1
                        let start = i
                        while i < u.count, u[i] >= 0x30 && u[i] <= 0x39 { i += 1 }
                        guard i > start, i - start <= 4, u[start] != 0x30 else { return false }
                    } else if u[i] == 0x2A {
                        i += 1
                    }
                    guard i < u.count else { return false }
                    if u[i] == 0x2C { i += 1; continue }
                    if u[i] == 0x7D { i += 1; break }
                    return false
                }
                continue
            }
            if c <= 0x20 || c == 0x7F || "\"<>\\^`|}".utf8.contains(c) { return false }
            if c == 0x25 {
                guard i + 2 < u.count, isHex(u[i + 1]), isHex(u[i + 2]) else { return false }
            }
            i += 1
        }
        return true
    }

    /// RFC 3986 URI (with `requireScheme`) or URI reference, checked character by character.
    static func uri(_ s: String, requireScheme: Bool, unicode: Bool = false) -> Bool {
        let u = Array(s.utf8)
        // Characters allowed anywhere outside the host's brackets.
        func allowed(_ c: UInt8) -> Bool {
            isAlnum(c) || "-._~!$&'()*+,;=:@/?#%".utf8.contains(c) || (unicode && c >= 0x80)
        }
        var i = 0
        for c in u {
            if c == 0x25 { continue }
            if !(allowed(c) || c == 0x5B || c == 0x5D) { return false }
        }
        // Percent escapes are two hex digits.
        while i < u.count {
            if u[i] == 0x25 {
                guard i + 2 < u.count + 0, i + 2 <= u.count - 1, isHex(u[i + 1]), isHex(u[i + 2]) else { return false }
                i += 3
            } else {
                i += 1
            }
        }
        let parts = URIReference.parse(s)
        if requireScheme {
            guard let scheme = parts.scheme, !scheme.isEmpty else { return false }
        } else if parts.scheme == nil, let colon = s.firstIndex(of: ":") {
            // A relative reference's first segment may not contain ':'.
            let firstSlash = s.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? s.endIndex
            if colon < firstSlash { return false }
        }
        if let fragment = parts.fragment, fragment.contains("#") { return false }
        if let authority = parts.authority {
            var hostPort = Substring(authority)
            if authority.filter({ $0 == "@" }).count > 1 { return false }
            if let at = hostPort.lastIndex(of: "@") {
                let userinfo = hostPort[..<at]
                if userinfo.contains("[") || userinfo.contains("]") { return false }
                hostPort = hostPort[hostPort.index(after: at)...]
            }
            if hostPort.hasPrefix("[") {
                guard let close = hostPort.firstIndex(of: "]") else { return false }
                let inner = String(hostPort[hostPort.index(after: hostPort.startIndex)..<close])
                if !inner.lowercased().hasPrefix("v") && !ipv6(inner) { return false }
                let rest = hostPort[hostPort.index(after: close)...]
                if !rest.isEmpty {
                    guard rest.hasPrefix(":"), rest.dropFirst().allSatisfy({ $0.isASCII && $0.isNumber }) else {
                        return false
                    }
                }
            } else {
                if hostPort.contains("[") || hostPort.contains("]") { return false }
                if let colon = hostPort.firstIndex(of: ":") {
                    let port = hostPort[hostPort.index(after: colon)...]
                    guard port.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
                }
            }
        } else if s.contains("[") || s.contains("]") {
            return false
        }
        if parts.path.contains("[") || parts.path.contains("]") { return false }
        return true
    }
}
