/*
 Form and query decoding: `application/x-www-form-urlencoded` bodies and query strings as form-encoded APIs such as
 Stripe's write them.

     amount=2000&currency=usd&metadata[order_id]=6735&expand[]=customer&items[0][price]=p_1&items[0][quantity]=2

 decodes, before any schema is consulted, into the tree

     { amount: "2000", currency: "usd", metadata: { order_id: "6735" }, expand: [ "customer" ],
       items: { "0": { price: "p_1", quantity: "2" } } }

 Every leaf stays a string (that is what the wire carries). `SchemaCoercion` then turns the tree into a `Document`
 guided by the schema: `"2000"` becomes the integer 2000 where the schema says integer, and the numerically keyed
 `items` object becomes an array where the schema says array.
*/

/// A decoded form value: a string leaf, or nested objects and arrays from bracket syntax.
public indirect enum FormValue: Sendable, Hashable {
    /// A leaf, percent-decoded; `offset` is the byte offset of its pair in the source text.
    case string(String, offset: Int)
    /// `name[key]=…` members, in first-seen order.
    case object([(key: String, value: FormValue)], offset: Int)
    /// `name[]=…` elements, in order.
    case array([FormValue], offset: Int)

    /// Byte offset of the pair that produced the value.
    public var offset: Int {
        switch self {
        case .string(_, let o), .object(_, let o), .array(_, let o): o
        }
    }

    /// The leaf string, if this is one.
    public var stringValue: String? {
        if case .string(let s, _) = self { return s }
        return nil
    }

    /// Equality ignores offsets.
    public static func == (lhs: FormValue, rhs: FormValue) -> Bool {
        switch (lhs, rhs) {
        case (.string(let a, _), .string(let b, _)): a == b
        case (.array(let a, _), .array(let b, _)): a == b
        case (.object(let a, _), .object(let b, _)):
            a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: false
        }
    }

    /// Hashes the structure, not offsets.
    public func hash(into hasher: inout Hasher) {
        switch self {
        case .string(let s, _): hasher.combine(s)
        case .array(let a, _): hasher.combine(a)
        case .object(let members, _):
            for m in members {
                hasher.combine(m.key)
                hasher.combine(m.value)
            }
        }
    }
}

/// One `name=value` pair of a query string or form body, percent-decoded.
public struct FormPair: Sendable, Hashable {
    /// The decoded name, brackets included (`metadata[order_id]`).
    public var name: String
    /// The decoded value.
    public var value: String
    /// Byte offset of the pair in its text.
    public var offset: Int
    /// Whether the pair had an `=` (`flag` alone has none).
    public var hasValue: Bool

    /// Creates a pair.
    public init(name: String, value: String, offset: Int = 0, hasValue: Bool = true) {
        self.name = name
        self.value = value
        self.offset = offset
        self.hasValue = hasValue
    }

    /// The name before any bracket: `metadata` for `metadata[order_id]`.
    public var baseName: String {
        if let i = name.firstIndex(of: "["), i != name.startIndex { return String(name[..<i]) }
        return name
    }

    /// The bracket path after the base name: `["order_id"]` for `metadata[order_id]`, `[""]` for `expand[]`;
    /// nil when the brackets are malformed (then the whole name is literal).
    public var bracketPath: [String]? {
        guard let open = name.firstIndex(of: "["), open != name.startIndex else { return [] }
        var path: [String] = []
        var rest = name[open...]
        while !rest.isEmpty {
            guard rest.first == "[", let close = rest.firstIndex(of: "]") else { return nil }
            path.append(String(rest[rest.index(after: rest.startIndex)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return path
    }
}

/// Splits and decodes form-encoded text.
public enum FormDecoding {
    /// Splits `a=1&b=2` (also `;`-free, `&&` tolerant) into decoded pairs; `+` means space.
    /// - Parameters:
    ///   - text: the query string (without `?`) or body.
    ///   - plusIsSpace: true for forms and query strings.
    /// - Returns: pairs in order, with byte offsets into `text`.
    public static func pairs(_ text: String, plusIsSpace: Bool = true) -> [FormPair] {
        var result: [FormPair] = []
        let bytes = Array(text.utf8)
        var start = 0
        var i = 0
        while i <= bytes.count {
            if i == bytes.count || bytes[i] == UInt8(ascii: "&") {
                if i > start {
                    let part = bytes[start..<i]
                    if let eq = part.firstIndex(of: UInt8(ascii: "=")) {
                        result.append(
                            FormPair(
                                name: percentDecode(part[start..<eq], plusIsSpace: plusIsSpace),
                                value: percentDecode(part[(eq + 1)..<i], plusIsSpace: plusIsSpace), offset: start))
                    } else {
                        result.append(
                            FormPair(
                                name: percentDecode(part, plusIsSpace: plusIsSpace), value: "", offset: start,
                                hasValue: false))
                    }
                }
                start = i + 1
            }
            i += 1
        }
        return result
    }

    /// Percent-decodes bytes; malformed escapes stay literal (the wire carried them that way).
    public static func percentDecode(_ bytes: ArraySlice<UInt8>, plusIsSpace: Bool) -> String {
        guard bytes.contains(UInt8(ascii: "%")) || (plusIsSpace && bytes.contains(UInt8(ascii: "+"))) else {
            return String(decoding: bytes, as: UTF8.self)
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let c = bytes[i]
            if c == UInt8(ascii: "%"), i + 2 < bytes.endIndex,
                let h = hexValue(bytes[i + 1]), let l = hexValue(bytes[i + 2])
            {
                out.append(h << 4 | l)
                i += 3
            } else {
                out.append(plusIsSpace && c == UInt8(ascii: "+") ? 0x20 : c)
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Percent-decodes a string (path segments: `+` stays `+`).
    public static func percentDecode(_ string: String, plusIsSpace: Bool = false) -> String {
        percentDecode(Array(string.utf8)[...], plusIsSpace: plusIsSpace)
    }

    /// Nests pairs by their bracket paths into one object tree; pairs with malformed brackets keep their literal
    /// names. A repeated plain name (`a=1&a=2`) becomes an array.
    public static func nest(_ pairs: [FormPair]) -> FormValue {
        var root = Builder.object([], 0)
        for pair in pairs {
            let path = pair.bracketPath.map { [pair.baseName] + $0 } ?? [pair.name]
            root.insert(path[...], value: pair.value, offset: pair.offset)
        }
        return root.freeze()
    }

    /// A mutable tree used while nesting.
    private indirect enum Builder {
        case leaf(String, Int)
        case object([(String, Builder)], Int)
        case array([Builder], Int)

        mutating func insert(_ path: ArraySlice<String>, value: String, offset: Int) {
            guard let key = path.first else { return }
            let rest = path.dropFirst()
            switch self {
            case .object(var members, let o):
                self = .leaf("", 0)  // release the old storage so `members` is uniquely referenced
                if let index = members.firstIndex(where: { $0.0 == key }) {
                    if rest.isEmpty {
                        // Repeated plain name: collect into an array.
                        switch members[index].1 {
                        case .array(var elements, let ao):
                            elements.append(.leaf(value, offset))
                            members[index].1 = .array(elements, ao)
                        case let existing:
                            members[index].1 = .array([existing, .leaf(value, offset)], existing.offset)
                        }
                    } else {
                        members[index].1.insert(rest, value: value, offset: offset)
                    }
                } else {
                    if rest.isEmpty {
                        members.append((key, .leaf(value, offset)))
                    } else {
                        var child: Builder = rest.first == "" ? .array([], offset) : .object([], offset)
                        child.insert(rest, value: value, offset: offset)
                        members.append((key, child))
                    }
                }
                self = .object(members, o)
            case .array(var elements, let o):
                self = .leaf("", 0)
                if key.isEmpty {
                    if rest.isEmpty {
                        elements.append(.leaf(value, offset))
                    } else {
                        var child: Builder = rest.first == "" ? .array([], offset) : .object([], offset)
                        child.insert(rest, value: value, offset: offset)
                        elements.append(child)
                    }
                    self = .array(elements, o)
                } else {
                    // Mixed `a[]=x&a[k]=y`: turn the array into an object keyed by position.
                    self = .object(elements.enumerated().map { (String($0.offset), $0.element) }, o)
                    self.insert(path, value: value, offset: offset)
                }
            case .leaf(let existing, let o):
                // `a=1&a[b]=2`: keep both, the scalar under key "".
                self = .object([("", .leaf(existing, o))], o)
                self.insert(path, value: value, offset: offset)
            }
        }

        var offset: Int {
            switch self {
            case .leaf(_, let o), .object(_, let o), .array(_, let o): o
            }
        }

        func freeze() -> FormValue {
            switch self {
            case .leaf(let s, let o): .string(s, offset: o)
            case .array(let elements, let o): .array(elements.map { $0.freeze() }, offset: o)
            case .object(let members, let o): .object(members.map { ($0.0, $0.1.freeze()) }, offset: o)
            }
        }
    }
}
