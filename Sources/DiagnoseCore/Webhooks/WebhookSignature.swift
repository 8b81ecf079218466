/// Verification of Stripe-style webhook signatures (`Stripe-Signature: t=…,v1=…[,v1=…]`, HMAC-SHA256 over
/// `timestamp + "." + payload`, keyed by the endpoint's `whsec_…` signing secret), and diagnosis of why one fails.
public enum WebhookSignature {
    /// The parsed `Stripe-Signature` header.
    public struct Header: Sendable, Hashable {
        /// The `t=` timestamp (epoch seconds).
        public var timestamp: Int64
        /// Every `v1=` signature, hex.
        public var signatures: [String]

        /// Parses `t=1492774577,v1=5257…,v0=6ffb…`; nil when there is no usable `t` or no `v1`.
        public init?(_ value: String) {
            var t: Int64?
            var sigs: [String] = []
            for part in value.split(separator: ",") {
                let kv = part.httpTrimmed.split(separator: "=", maxSplits: 1)
                guard kv.count == 2 else { continue }
                switch kv[0] {
                case "t": t = Int64(kv[1])
                case "v1": sigs.append(String(kv[1]))
                default: break
                }
            }
            guard let t, !sigs.isEmpty else { return nil }
            timestamp = t
            signatures = sigs
        }
    }

    /// The outcome of verifying one delivery.
    public enum Verdict: Sendable, Hashable {
        /// A `v1` signature matches and the timestamp is within tolerance.
        case valid
        /// No `Stripe-Signature` header, or one without `t=`/`v1=`.
        case missingHeader
        /// The secret given is an API key (`sk_`, `pk_`, `rk_`), not a `whsec_` signing secret.
        case secretWrongType(kind: String)
        /// The signature matches, but the timestamp is further than `tolerance` seconds from the delivery time.
        case timestampOutsideTolerance(skew: Int64, tolerance: Int64)
        /// The signature matches a re-serialised variant of the body, not the bytes received: the framework parsed
        /// and re-encoded the raw body before verification.
        case bodyReserialized(variant: String)
        /// Nothing matches: wrong secret (test vs live, another endpoint's), or a body modified in transit.
        case signatureMismatch
    }

    /// Computes the `v1` signature for a payload.
    public static func sign(payload: [UInt8], timestamp: Int64, secret: String) -> String {
        Crypto.hex(Crypto.hmacSHA256(key: Array(secret.utf8), data: Array("\(timestamp).".utf8) + payload))
    }

    /// Verifies a delivery and explains a failure.
    /// - Parameters:
    ///   - header: the `Stripe-Signature` header value, or nil when absent.
    ///   - payload: the body bytes as received.
    ///   - secret: the endpoint's signing secret.
    ///   - deliveredAt: when the delivery was recorded (epoch seconds); nil skips the tolerance check.
    ///   - tolerance: the allowed skew in seconds (Stripe's libraries default to 300).
    /// - Returns: the verdict.
    public static func verify(
        header: String?, payload: [UInt8], secret: String, deliveredAt: Double?, tolerance: Int64 = 300
    ) -> Verdict {
        for prefix in ["sk_", "pk_", "rk_"] where secret.hasPrefix(prefix) {
            return .secretWrongType(kind: String(prefix.dropLast()))
        }
        guard let header, let parsed = Header(header) else { return .missingHeader }
        let candidates = parsed.signatures.compactMap { Crypto.bytes(hex: $0) }
        func matches(_ body: [UInt8]) -> Bool {
            let expected = Crypto.hmacSHA256(
                key: Array(secret.utf8), data: Array("\(parsed.timestamp).".utf8) + body)
            return candidates.contains { Crypto.constantTimeEquals($0, expected) }
        }
        if matches(payload) {
            if let deliveredAt {
                let skew = Int64(deliveredAt.rounded()) - parsed.timestamp
                if abs(skew) > tolerance { return .timestampOutsideTolerance(skew: skew, tolerance: tolerance) }
            }
            return .valid
        }
        for (name, variant) in reserializedVariants(of: payload) where matches(variant) {
            return .bodyReserialized(variant: name)
        }
        return .signatureMismatch
    }

    /// Plausible re-encodings of a JSON body that web frameworks produce after parsing it: compact, pretty with
    /// two or four spaces, Python-style separators, sorted keys, and line-ending and trailing-newline changes.
    public static func reserializedVariants(of payload: [UInt8]) -> [(String, [UInt8])] {
        var variants: [(String, [UInt8])] = []
        func add(_ name: String, _ bytes: [UInt8]) {
            if bytes != payload && !variants.contains(where: { $0.1 == bytes }) { variants.append((name, bytes)) }
        }
        if let last = payload.last, last == 0x0A {
            add("trailing newline removed", Array(payload.dropLast()))
        } else {
            add("trailing newline added", payload + [0x0A])
        }
        if payload.contains(0x0D) {
            add("CRLF line endings converted to LF", payload.filter { $0 != 0x0D })
        } else if payload.contains(0x0A) {
            add("LF line endings converted to CRLF", payload.flatMap { $0 == 0x0A ? [0x0D, 0x0A] : [$0] })
        }
        guard let document = try? JSONParser.parse(SourceText(name: "payload", bytes: payload)) else {
            return variants
        }
        let root = document.root
        add("re-serialized as compact JSON", Array(JSONSerializer.serialize(root).utf8))
        add("re-serialized as pretty-printed JSON", Array(JSONSerializer.serialize(root, style: .pretty).utf8))
        for sorted in [false, true] {
            for (indent, label) in [(nil as Int?, "one line"), (2, "2-space indent"), (4, "4-space indent")] {
                var out: [UInt8] = []
                writeVariant(root, into: &out, indent: indent, level: 0, sortKeys: sorted, spaced: true)
                add("re-serialized (\(label), \", \"/\": \" separators\(sorted ? ", sorted keys" : ""))", out)
                var compact: [UInt8] = []
                writeVariant(root, into: &compact, indent: indent, level: 0, sortKeys: sorted, spaced: false)
                add("re-serialized (\(label)\(sorted ? ", sorted keys" : ""))", compact)
            }
        }
        return variants
    }

    private static func writeVariant(
        _ node: Node, into out: inout [UInt8], indent: Int?, level: Int, sortKeys: Bool, spaced: Bool
    ) {
        func newline(_ level: Int) {
            guard let indent else { return }
            out.append(0x0A)
            out.append(contentsOf: [UInt8](repeating: 0x20, count: indent * level))
        }
        let itemSeparator: [UInt8] = spaced && indent == nil ? Array(", ".utf8) : [UInt8(ascii: ",")]
        let keySeparator: [UInt8] = spaced || indent != nil ? Array(": ".utf8) : [UInt8(ascii: ":")]
        switch node.kind {
        case .array:
            out.append(UInt8(ascii: "["))
            for (i, element) in node.elements.enumerated() {
                if i > 0 { out.append(contentsOf: itemSeparator) }
                newline(level + 1)
                writeVariant(element, into: &out, indent: indent, level: level + 1, sortKeys: sortKeys, spaced: spaced)
            }
            if node.count > 0 { newline(level) }
            out.append(UInt8(ascii: "]"))
        case .object:
            out.append(UInt8(ascii: "{"))
            var members = Array(node.members)
            if sortKeys { members.sort { ($0.key.stringValue ?? "") < ($1.key.stringValue ?? "") } }
            for (i, member) in members.enumerated() {
                if i > 0 { out.append(contentsOf: itemSeparator) }
                newline(level + 1)
                member.key.withPayloadDecoded { JSONSerializer.writeString($0, into: &out) }
                out.append(contentsOf: keySeparator)
                writeVariant(member.value, into: &out, indent: indent, level: level + 1, sortKeys: sortKeys, spaced: spaced)
            }
            if node.count > 0 { newline(level) }
            out.append(UInt8(ascii: "}"))
        default:
            JSONSerializer.write(node, into: &out)
        }
    }
}
