/// `application/x-www-form-urlencoded` encoding and decoding, and percent-decoding.
public enum HTTPForm {
    /// Decodes `a=1&b=x+y` into pairs in order; `+` is a space and `%XX` is decoded; invalid escapes are kept.
    public static func decode(_ string: String) -> [(name: String, value: String)] {
        var out: [(name: String, value: String)] = []
        for part in string.split(separator: "&", omittingEmptySubsequences: true) {
            if let eq = part.firstIndex(of: "=") {
                out.append(
                    (
                        percentDecode(part[..<eq], plusIsSpace: true),
                        percentDecode(part[part.index(after: eq)...], plusIsSpace: true)
                    ))
            } else {
                out.append((percentDecode(part, plusIsSpace: true), ""))
            }
        }
        return out
    }

    /// Encodes pairs as a form body: unreserved bytes as is, space as `+`, everything else `%XX`.
    public static func encode(_ pairs: [(name: String, value: String)]) -> String {
        pairs.map { "\(percentEncode($0.name, spaceAsPlus: true))=\(percentEncode($0.value, spaceAsPlus: true))" }
            .joined(separator: "&")
    }

    /// Percent-decodes a string (optionally `+` as space); malformed escapes stay as written.
    public static func percentDecode<S: StringProtocol>(_ s: S, plusIsSpace: Bool = false) -> String {
        let bytes = Array(s.utf8)
        guard bytes.contains(where: { $0 == 0x25 || (plusIsSpace && $0 == 0x2B) }) else { return String(s) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            let c = bytes[i]
            if c == 0x25, i + 2 < bytes.count, let h = hex(bytes[i + 1]), let l = hex(bytes[i + 2]) {
                out.append(h << 4 | l)
                i += 3
            } else {
                out.append(plusIsSpace && c == 0x2B ? 0x20 : c)
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Percent-encodes everything but unreserved characters (`A-Z a-z 0-9 - . _ ~`).
    public static func percentEncode(_ s: String, spaceAsPlus: Bool = false) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        let digits = Array("0123456789ABCDEF".utf8)
        for c in s.utf8 {
            switch c {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x2D, 0x2E, 0x5F, 0x7E: out.append(c)
            case 0x20 where spaceAsPlus: out.append(0x2B)
            default:
                out.append(0x25)
                out.append(digits[Int(c >> 4)])
                out.append(digits[Int(c & 15)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func hex(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: c - 0x30
        case 0x41...0x46: c - 0x41 + 10
        case 0x61...0x66: c - 0x61 + 10
        default: nil
        }
    }
}
