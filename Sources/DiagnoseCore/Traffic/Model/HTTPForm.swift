/// `application/x-www-form-urlencoded` encoding and decoding, and percent-decoding.
public enum HTTPForm {
    /// Decodes `a=1&b=x+y` into pairs in order; `+` is a space and `%XX` is decoded; invalid escapes are kept.
    public static func decode(_ string: String) -> [(name: String, value: String)] {
        FormDecoding.pairs(string).map { ($0.name, $0.value) }
    }

    /// Encodes pairs as a form body: unreserved bytes as is, space as `+`, everything else `%XX`.
    public static func encode(_ pairs: [(name: String, value: String)]) -> String {
        pairs.map { "\(percentEncode($0.name, spaceAsPlus: true))=\(percentEncode($0.value, spaceAsPlus: true))" }
            .joined(separator: "&")
    }

    /// Percent-decodes a string (optionally `+` as space); malformed escapes stay as written.
    public static func percentDecode<S: StringProtocol>(_ s: S, plusIsSpace: Bool = false) -> String {
        FormDecoding.percentDecode(Array(s.utf8)[...], plusIsSpace: plusIsSpace)
    }

    /// Percent-encodes everything but unreserved characters (`A-Z a-z 0-9 - . _ ~`) and the ASCII characters in
    /// `extra`.
    public static func percentEncode(_ s: String, spaceAsPlus: Bool = false, keeping extra: String = "") -> String {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        let digits = Array("0123456789ABCDEF".utf8)
        for c in s.utf8 {
            switch c {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x2D, 0x2E, 0x5F, 0x7E: out.append(c)
            case 0x20 where spaceAsPlus: out.append(0x2B)
            case _ where extra.utf8.contains(c): out.append(c)
            default:
                out.append(0x25)
                out.append(digits[Int(c >> 4)])
                out.append(digits[Int(c & 15)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
