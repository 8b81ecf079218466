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
    ///
    /// Names are compared by length first, in place: checks and rules look headers up dozens of times per
    /// exchange, and copying each header out to compare it (two reference counts, two releases) cost more than
    /// the comparisons.
    public func first(named name: String) -> String? {
        let length = name.utf8.count
        for i in indices where self[i].name.utf8.count == length && self[i].name.equalsIgnoringASCIICase(name) {
            return self[i].value
        }
        return nil
    }

    /// All values of headers named `name` (case-insensitive), in order.
    public func all(named name: String) -> [String] {
        let length = name.utf8.count
        var values: [String] = []
        for i in indices where self[i].name.utf8.count == length && self[i].name.equalsIgnoringASCIICase(name) {
            values.append(self[i].value)
        }
        return values
    }
}

extension String {
    /// ASCII-lowercased copy (header and field names).
    var httpLowercased: String {
        String(decoding: utf8.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }, as: UTF8.self)
    }
}
