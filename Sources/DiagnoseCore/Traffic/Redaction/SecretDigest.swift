internal import CCrypto

/// The short SHA-256 digest that stands in for a redacted secret, so equal secrets stay recognisably equal.
enum SecretDigest {
    /// The first four hex digits of the SHA-256 of `value`'s UTF-8.
    static func short(_ value: String) -> String {
        var digest = [UInt8](repeating: 0, count: 32)
        var v = value.isEmpty ? "\u{0}" : value
        v.withUTF8 { buf in
            digest.withUnsafeMutableBufferPointer { out in
                diagnose_sha256(buf.baseAddress, buf.count, out.baseAddress)
            }
        }
        let hex = Array("0123456789abcdef".utf8)
        return String(
            decoding: [
                hex[Int(digest[0] >> 4)], hex[Int(digest[0] & 15)], hex[Int(digest[1] >> 4)], hex[Int(digest[1] & 15)],
            ], as: UTF8.self)
    }
}
