/// A JSON Pointer (RFC 6901): a path of reference tokens from a document's root to a value.
public struct JSONPointer: Sendable, Hashable, CustomStringConvertible, Comparable {
    /// The unescaped reference tokens.
    public var tokens: [String]

    /// The root pointer (empty string).
    public static let root = JSONPointer(tokens: [])

    /// Creates a pointer from unescaped tokens.
    public init(tokens: [String]) { self.tokens = tokens }

    /// Parses the string form (`/a/b~1c/0`).
    /// - Throws: `JSONPointer.ParseError` when the string is neither empty nor starts with `/`, or holds a `~` not
    ///   followed by `0` or `1`.
    public init(parsing string: String) throws(JSONPointer.ParseError) {
        if string.isEmpty {
            tokens = []
            return
        }
        guard string.hasPrefix("/") else {
            throw ParseError(pointer: string, reason: "a JSON pointer must be empty or start with '/'")
        }
        var result: [String] = []
        for part in string.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            guard let token = JSONPointer.unescape(String(part)) else {
                throw ParseError(pointer: string, reason: "'~' must be followed by '0' or '1'")
            }
            result.append(token)
        }
        tokens = result
    }

    /// Parses a URI fragment (`#/components/schemas/a%20b`): percent-decodes, then parses.
    public init(fragment: String) throws(JSONPointer.ParseError) {
        var f = Substring(fragment)
        if f.hasPrefix("#") { f = f.dropFirst() }
        guard let decoded = String(f).removingPercentEncodingLossless else {
            throw ParseError(pointer: fragment, reason: "invalid percent-encoding")
        }
        try self.init(parsing: decoded)
    }

    /// Why a pointer string could not be parsed.
    public struct ParseError: Error, Sendable, CustomStringConvertible {
        /// The text that failed.
        public var pointer: String
        /// Why.
        public var reason: String
        /// One line.
        public var description: String { "invalid JSON pointer \"\(pointer)\": \(reason)" }
    }

    /// The string form with `~0`/`~1` escapes.
    public var description: String {
        var out = ""
        for token in tokens {
            out.append("/")
            out.append(JSONPointer.escape(token))
        }
        return out
    }

    /// The URI-fragment form (`#/a/b`), percent-encoding characters that may not appear in a fragment.
    public var fragment: String {
        "#" + description.percentEncodedForFragment
    }

    /// A pointer one level deeper.
    public func appending(_ token: String) -> JSONPointer {
        var copy = self
        copy.tokens.append(token)
        return copy
    }

    /// A pointer one level deeper into an array.
    public func appending(_ index: Int) -> JSONPointer { appending(String(index)) }

    /// A pointer several levels deeper.
    public func appending(contentsOf other: JSONPointer) -> JSONPointer {
        var copy = self
        copy.tokens.append(contentsOf: other.tokens)
        return copy
    }

    /// The parent pointer (the root's parent is the root).
    public var parent: JSONPointer {
        var copy = self
        if !copy.tokens.isEmpty { copy.tokens.removeLast() }
        return copy
    }

    /// Whether `other` equals this pointer or lies below it.
    public func isPrefix(of other: JSONPointer) -> Bool {
        other.tokens.count >= tokens.count && Array(other.tokens.prefix(tokens.count)) == tokens
    }

    /// Order by string form.
    public static func < (lhs: JSONPointer, rhs: JSONPointer) -> Bool { lhs.description < rhs.description }

    /// Escapes one token (`~` → `~0`, `/` → `~1`).
    public static func escape(_ token: String) -> String {
        // On bytes: `~` and `/` are ASCII, and a Character walk cost more than the rest of building a location.
        guard token.utf8.contains(where: { $0 == UInt8(ascii: "~") || $0 == UInt8(ascii: "/") }) else { return token }
        return token.replacing("~", with: "~0").replacing("/", with: "~1")
    }

    /// Unescapes one token; nil when a `~` is not followed by `0` or `1`.
    public static func unescape(_ token: String) -> String? {
        guard token.utf8.contains(UInt8(ascii: "~")) else { return token }
        var out = ""
        var it = token.makeIterator()
        while let c = it.next() {
            if c == "~" {
                switch it.next() {
                case "0": out.append("~")
                case "1": out.append("/")
                default: return nil
                }
            } else {
                out.append(c)
            }
        }
        return out
    }

    /// The array index a token denotes (`0`, `12`; not `01`, `-1` or `+1`).
    public static func arrayIndex(_ token: some StringProtocol) -> Int? {
        guard let first = token.utf8.first, first >= 0x30, first <= 0x39 else { return nil }
        if token.utf8.count > 1 && first == 0x30 { return nil }
        return Int(token)
    }
}

extension String {

    /// Percent-decoding that fails on malformed escapes instead of guessing.
    var removingPercentEncodingLossless: String? {
        guard contains("%") else { return self }
        var bytes: [UInt8] = []
        var utf8 = Array(self.utf8)[...]
        while let c = utf8.first {
            utf8 = utf8.dropFirst()
            if c == UInt8(ascii: "%") {
                guard utf8.count >= 2, let h = hexValue(utf8[utf8.startIndex]),
                    let l = hexValue(utf8[utf8.startIndex + 1])
                else { return nil }
                bytes.append(h << 4 | l)
                utf8 = utf8.dropFirst(2)
            } else {
                bytes.append(c)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    var percentEncodedForFragment: String {
        var out = ""
        for b in utf8 {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"):
                out.unicodeScalars.append(UnicodeScalar(b))
            case _ where "-._~!$&'()*+,;=:@/?".utf8.contains(b):
                out.unicodeScalars.append(UnicodeScalar(b))
            default:
                out += "%" + (b < 16 ? "0" : "") + String(b, radix: 16, uppercase: true)
            }
        }
        return out
    }
}
