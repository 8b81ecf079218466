import Foundation

/// A request or response body: its declared media type and its bytes, decoded only when asked for.
///
/// Readers keep the recorded form (for HAR, a handle on the JSON string and whether it is base64) and decode on
/// each access to `bytes`, so a scan that never looks at a body never pays for unescaping or base64. Callers that
/// read the bytes more than once should keep the array.
public struct HTTPBody: Sendable {
    /// The media type as declared (the full `Content-Type` or HAR `mimeType` value, parameters included), or nil.
    public var mediaType: String?
    /// Form fields as recorded by HAR `postData.params` (names and values, decoded). When the recording has
    /// params but no `text`, `bytes` is synthesised from them (form-urlencoded, or multipart with a fixed boundary)
    /// and `isSynthesized` is true.
    public var params: [HTTPHeader]
    /// How the bytes are obtained.
    enum Storage: Sendable {
        case bytes([UInt8])
        case jsonString(Node, base64: Bool)
        case params(multipart: Bool)
        indirect case redacted(Storage, Redactor)
        /// Bytes already decoded from `original` (kept for `isSynthesized`, `wasBase64` and redaction).
        indirect case decoded([UInt8], original: Storage)
        /// A HAR string whose bytes were decoded and whose parsed entry was let go (`detached`): only ever the
        /// `original` of `decoded`, where it keeps `wasBase64` without holding the entry's text.
        case detachedString(base64: Bool)
    }
    var storage: Storage

    /// Creates a body from bytes.
    /// - Parameters:
    ///   - bytes: the body bytes.
    ///   - mediaType: the declared media type.
    public init(bytes: [UInt8], mediaType: String? = nil) {
        self.storage = .bytes(bytes)
        self.mediaType = mediaType
        self.params = []
    }

    /// Creates a body from text (UTF-8).
    /// - Parameters:
    ///   - text: the body text.
    ///   - mediaType: the declared media type.
    public init(text: String, mediaType: String? = nil) {
        self.init(bytes: Array(text.utf8), mediaType: mediaType)
    }

    init(storage: Storage, mediaType: String?, params: [HTTPHeader] = []) {
        self.storage = storage
        self.mediaType = mediaType
        self.params = params
    }

    /// Whether `bytes` was built from `params` because the recording had no body text.
    public var isSynthesized: Bool {
        if case .params = storage.recorded { return true }
        return false
    }

    /// Whether the recorded body was base64 (HAR `encoding: "base64"`).
    public var wasBase64: Bool {
        switch storage.recorded {
        case .jsonString(_, let b64), .detachedString(let b64): return b64
        default: return false
        }
    }

    /// The body with its bytes decoded once, so that every later `bytes` access is a copy-free read: what a run
    /// does before the spec checks and the rules each look at the same body.
    public var decoded: HTTPBody {
        switch storage {
        case .bytes, .decoded: return self
        default:
            var copy = self
            copy.storage = .decoded(bytes, original: storage)
            return copy
        }
    }

    /// The body decoded, holding nothing of the recording it was read from: a body recorded as a HAR string
    /// refers to the whole parsed entry (every byte of it, the response included), which a result kept to the
    /// end of a run must not retain. `isSynthesized` and `wasBase64` answer as before.
    var detached: HTTPBody {
        var copy = self
        switch storage {
        case .bytes: return self
        case .decoded(let b, let original): copy.storage = .decoded(b, original: original.withoutRecording)
        default: copy.storage = .decoded(bytes, original: storage.withoutRecording)
        }
        return copy
    }

    /// The body bytes, decoded from the recording on each access.
    ///
    /// - Complexity: O(n) in the recorded body's size on every access.
    public var bytes: [UInt8] { Self.resolve(storage, mediaType: mediaType, params: params) }

    /// Reads the body's text where it lies, without decoding: the bytes themselves, or the payload of the HAR
    /// string that recorded it when that has no escapes, or only `\"` ones (`inJSONString`: the payload is JSON
    /// text written inside a string, which `SchemaValidator.isValid(jsonInString:)` and `AuthRules.firstLivemode`
    /// read in place). Nil for bodies that must be decoded first (other escapes, base64, form params, redacted).
    func withRecordedText<R>(_ body: (_ text: UnsafeBufferPointer<UInt8>, _ inJSONString: Bool) -> R) -> R? {
        switch storage {
        case .bytes(let b), .decoded(let b, _):
            return b.withUnsafeBufferPointer { body($0, false) }
        case .jsonString(let node, let base64):
            return base64 ? nil : node.withJSONTextInPlace(body)
        case .params, .redacted, .detachedString:
            return nil
        }
    }

    /// Whether `withRecordedText` reads the body without decoding it.
    var readsInPlace: Bool { withRecordedText { _, _ in true } ?? false }

    /// The body as UTF-8 text (invalid sequences replaced), decoded on each access.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Whether the body is empty.
    public var isEmpty: Bool {
        switch storage {
        case .bytes(let b), .decoded(let b, _): return b.isEmpty
        case .jsonString(let node, _): return node.withPayload { $0.count } == 0
        default: return bytes.isEmpty
        }
    }

    /// The media type without parameters, lowercased (`application/json` for `application/json; charset=utf-8`).
    public var essence: String? { mediaType.map(HTTPMediaType.essence) }

    static func resolve(_ storage: Storage, mediaType: String?, params: [HTTPHeader]) -> [UInt8] {
        switch storage {
        case .bytes(let b), .decoded(let b, _):
            return b
        case .jsonString(let node, let base64):
            if base64 {
                let text = node.stringValue ?? ""
                return TrafficBase64.decode(text) ?? Array(text.utf8)
            }
            return node.decodedBytes()
        case .params(let multipart):
            if multipart {
                return Array(
                    MultipartEncoding.encode(
                        params, boundary: HTTPMediaType.boundary(of: mediaType) ?? MultipartEncoding.defaultBoundary
                    ).utf8)
            }
            return Array(HTTPForm.encode(params.map { ($0.name, $0.value) }).utf8)
        case .redacted(let inner, let redactor):
            return redactor.redactBody(resolve(inner, mediaType: mediaType, params: params), mediaType: mediaType)
        case .detachedString:
            return []  // never read: it only stands as the original of decoded bytes
        }
    }
}

extension HTTPBody.Storage {
    /// The storage as recorded (through a decoded copy).
    var recorded: HTTPBody.Storage {
        if case .decoded(_, let original) = self { return original }
        return self
    }

    /// The same kind of storage without a reference to a parsed entry (see `HTTPBody.detached`).
    var withoutRecording: HTTPBody.Storage {
        switch self {
        case .jsonString(_, let base64): return .detachedString(base64: base64)
        case .decoded(_, let original): return original.withoutRecording
        case .redacted(let inner, let redactor): return .redacted(inner.withoutRecording, redactor)
        case .bytes, .params, .detachedString: return self
        }
    }
}

/// A minimal `multipart/form-data` writer for bodies recorded only as fields.
enum MultipartEncoding {
    static let defaultBoundary = "diagnose-boundary-7d1f"

    static func encode(_ fields: [HTTPHeader], boundary: String) -> String {
        var out = ""
        for f in fields {
            out += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(f.name)\"\r\n\r\n\(f.value)\r\n"
        }
        out += "--\(boundary)--\r\n"
        return out
    }
}

/// TrafficBase64 via Foundation, tolerant of line breaks.
enum TrafficBase64 {
    /// Lenient decoding (characters outside the alphabet are skipped). Well-formed text, the usual case (every
    /// `Authorization: Basic` header of every exchange), is decoded here without Foundation, which cost about
    /// 5,000 instructions a header; anything else goes to Foundation's lenient decoder.
    static func decode(_ text: String) -> [UInt8]? {
        if let plain = canonical(text) { return plain }
        return Data(base64Encoded: text, options: .ignoreUnknownCharacters).map { Array($0) }
    }

    /// Strict decoding of canonical base64: the standard alphabet, length a multiple of four, `=` padding only at
    /// the end, and the unused bits of the last character zero. Nil for anything else.
    static func canonical(_ text: some StringProtocol) -> [UInt8]? {
        var text = String(text)
        return text.withUTF8 { canonical($0) }
    }

    /// The same over UTF-8 bytes.
    static func canonical(_ u: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        let n = u.count
        guard n > 0, n % 4 == 0 else { return nil }
        var padding = 0
        if u[n - 1] == UInt8(ascii: "=") { padding = u[n - 2] == UInt8(ascii: "=") ? 2 : 1 }
        var out: [UInt8] = []
        out.reserveCapacity(n / 4 * 3)
        var i = 0
        while i < n {
            var word: UInt32 = 0
            let last = i + 4 == n
            for k in 0..<4 {
                let c = u[i + k]
                let v: UInt8
                if last && k >= 4 - padding {
                    v = 0
                } else {
                    v = sextet[Int(c)]
                    guard v < 64 else { return nil }
                }
                word = word << 6 | UInt32(v)
            }
            out.append(UInt8(truncatingIfNeeded: word >> 16))
            if !last || padding < 2 { out.append(UInt8(truncatingIfNeeded: word >> 8)) }
            if !last || padding < 1 { out.append(UInt8(truncatingIfNeeded: word)) }
            // Bits that a padded final group leaves unused must be zero for the text to be canonical.
            if last && padding == 1 && word & 0xFF != 0 { return nil }
            if last && padding == 2 && word & 0xFFFF != 0 { return nil }
            i += 4
        }
        return out
    }

    /// Each byte's value in the base64 alphabet, 255 outside it (`=` included).
    private static let sextet: [UInt8] = {
        var table = [UInt8](repeating: 255, count: 256)
        for (i, c) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            table[Int(c)] = UInt8(i)
        }
        return table
    }()

    static func decodeURLSafe(_ text: Substring) -> [UInt8]? {
        var s = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while s.utf8.count % 4 != 0 { s += "=" }
        return decode(s)
    }

    static func encode(_ bytes: [UInt8]) -> String { Data(bytes).base64EncodedString() }
}
