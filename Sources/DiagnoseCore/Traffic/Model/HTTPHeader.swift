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
        first { $0.name.equalsIgnoringASCIICase(name) }?.value
    }

    /// All values of headers named `name` (case-insensitive), in order.
    public func all(named name: String) -> [String] {
        filter { $0.name.equalsIgnoringASCIICase(name) }.map(\.value)
    }
}

extension String {
    /// ASCII-lowercased copy (header and field names).
    var httpLowercased: String {
        String(decoding: utf8.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }, as: UTF8.self)
    }
}
