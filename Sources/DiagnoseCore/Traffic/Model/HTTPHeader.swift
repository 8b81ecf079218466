/// One header (or name/value pair: cookie, query parameter, form field) exactly as recorded.
public struct HTTPHeader: Sendable, Hashable, CustomStringConvertible {
    /// The name as recorded (case kept).
    public var name: String
    /// The value as recorded.
    public var value: String

    /// Creates a header.
    /// - Parameters:
    ///   - name: the name.
    ///   - value: the value.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }

    /// `Name: value`.
    public var description: String { "\(name): \(value)" }
}

extension Array where Element == HTTPHeader {
    /// The first value of the header named `name` (case-insensitive), or nil.
    public func first(named name: String) -> String? {
        first { $0.name.httpNameEquals(name) }?.value
    }

    /// All values of headers named `name` (case-insensitive), in order.
    public func all(named name: String) -> [String] {
        filter { $0.name.httpNameEquals(name) }.map(\.value)
    }
}

extension String {
    /// Whether two strings are equal ignoring ASCII case (HTTP header names).
    func httpNameEquals(_ other: String) -> Bool {
        let a = utf8
        let b = other.utf8
        guard a.count == b.count else { return false }
        for (x, y) in zip(a, b) where x != y {
            let lx = x >= 65 && x <= 90 ? x + 32 : x
            let ly = y >= 65 && y <= 90 ? y + 32 : y
            if lx != ly { return false }
        }
        return true
    }

    /// ASCII-lowercased copy (header and field names).
    var httpLowercased: String {
        String(decoding: utf8.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }, as: UTF8.self)
    }
}
