// Every libcrypto call of diagnose lives in this file.
internal import CCrypto

/// HMAC and digests from the system's libcrypto (OpenSSL); diagnose never implements crypto itself.
public enum Crypto {
    /// HMAC-SHA256 of `data` under `key` (RFC 2104 / RFC 4231).
    public static func hmacSHA256(key: [UInt8], data: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        let ok = key.withUnsafeBufferPointer { k in
            data.withUnsafeBufferPointer { d in
                out.withUnsafeMutableBufferPointer { o in
                    diagnose_hmac_sha256(
                        k.baseAddress, Int32(k.count), d.baseAddress ?? UnsafePointer(emptyInput), d.count, o.baseAddress)
                }
            }
        }
        precondition(ok == 1, "libcrypto HMAC-SHA256 failed")
        return out
    }

    /// SHA-256 digest of `data`.
    public static func sha256(_ data: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        data.withUnsafeBufferPointer { d in
            out.withUnsafeMutableBufferPointer { o in diagnose_sha256(d.baseAddress ?? UnsafePointer(emptyInput), d.count, o.baseAddress) }
        }
        return out
    }

    /// Compares two byte strings in time independent of where they differ.
    public static func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        if a.isEmpty { return true }
        return a.withUnsafeBytes { x in b.withUnsafeBytes { y in diagnose_memcmp_const(x.baseAddress, y.baseAddress, a.count) == 0 } }
    }

    /// Lowercase hexadecimal.
    public static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Bytes from hexadecimal; nil when not hex.
    public static func bytes(hex: String) -> [UInt8]? {
        let u = Array(hex.utf8)
        guard u.count % 2 == 0 else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(u.count / 2)
        var i = 0
        while i < u.count {
            guard let h = hexValue(u[i]), let l = hexValue(u[i + 1]) else { return nil }
            out.append(h << 4 | l)
            i += 2
        }
        return out
    }
}

nonisolated(unsafe) private let emptyInput = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
