import DiagnoseCore
import Testing

@Suite("Webhook signatures")
struct WebhookSignatureTests {
    /// RFC 4231 test cases 1–7 (case 5's output is truncated to 128 bits in the RFC; compare the prefix).
    @Test(arguments: [
        ([UInt8](repeating: 0x0b, count: 20), Array("Hi There".utf8), "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        (Array("Jefe".utf8), Array("what do ya want for nothing?".utf8), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        ([UInt8](repeating: 0xaa, count: 20), [UInt8](repeating: 0xdd, count: 50), "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        (Array(1...25), [UInt8](repeating: 0xcd, count: 50), "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
        ([UInt8](repeating: 0x0c, count: 20), Array("Test With Truncation".utf8), "a3b6167473100ee06e0c796c2955552b"),
        ([UInt8](repeating: 0xaa, count: 131), Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8), "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
        ([UInt8](repeating: 0xaa, count: 131), Array("This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.".utf8), "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
    ])
    func hmacMatchesRFC4231(key: [UInt8], data: [UInt8], expected: String) {
        #expect(Crypto.hex(Crypto.hmacSHA256(key: key, data: data)).hasPrefix(expected))
    }

    static let secret = "whsec_test_secret"
    static let body = Array(#"{"id": "evt_1", "object": "event"}"#.utf8)

    @Test func matchesAKnownSignature() {
        // Computed independently with Python's hmac module.
        #expect(WebhookSignature.sign(payload: Self.body, timestamp: 1_700_000_000, secret: Self.secret)
            == "86d195bdf7fa8d2a41b621d0367baa5f34b0c4861d35227c2012edbaf25cf1a2")
    }

    @Test func verifiesAndExplainsFailures() {
        let sig = WebhookSignature.sign(payload: Self.body, timestamp: 1_700_000_000, secret: Self.secret)
        let header = "t=1700000000,v1=deadbeef,v1=\(sig),v0=abc"
        #expect(WebhookSignature.verify(header: header, payload: Self.body, secret: Self.secret, deliveredAt: 1_700_000_010) == .valid)
        #expect(WebhookSignature.verify(header: header, payload: Self.body, secret: Self.secret, deliveredAt: 1_700_000_900)
            == .timestampOutsideTolerance(skew: 900, tolerance: 300))
        #expect(WebhookSignature.verify(header: header, payload: Self.body, secret: "whsec_other", deliveredAt: nil) == .signatureMismatch)
        #expect(WebhookSignature.verify(header: header, payload: Self.body, secret: "sk_test_123", deliveredAt: nil) == .secretWrongType(kind: "sk"))
        #expect(WebhookSignature.verify(header: nil, payload: Self.body, secret: Self.secret, deliveredAt: nil) == .missingHeader)
        #expect(WebhookSignature.verify(header: "garbage", payload: Self.body, secret: Self.secret, deliveredAt: nil) == .missingHeader)
    }

    @Test func recognisesAReserializedBody() {
        // The sender signed the raw bytes; the receiver's framework parsed and re-encoded them compactly.
        let sig = WebhookSignature.sign(payload: Self.body, timestamp: 1_700_000_000, secret: Self.secret)
        let received = Array(#"{"id":"evt_1","object":"event"}"#.utf8)
        let verdict = WebhookSignature.verify(header: "t=1700000000,v1=\(sig)", payload: received, secret: Self.secret, deliveredAt: nil)
        #expect(verdict == .bodyReserialized(variant: "re-serialized (one line, \", \"/\": \" separators)"))
        // Pretty-printed with two spaces.
        let pretty = Array("{\n  \"id\": \"evt_1\",\n  \"object\": \"event\"\n}".utf8)
        let sig2 = WebhookSignature.sign(payload: pretty, timestamp: 5, secret: Self.secret)
        #expect(WebhookSignature.verify(header: "t=5,v1=\(sig2)", payload: Self.body, secret: Self.secret, deliveredAt: nil)
            == .bodyReserialized(variant: "re-serialized as pretty-printed JSON"))
    }
}
