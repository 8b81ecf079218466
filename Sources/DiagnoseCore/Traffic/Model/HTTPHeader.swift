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
    /// Header lookups run dozens of times per exchange (every rule asks for a few), so this compares the
    /// contiguous bytes rather than zipping two UTF-8 views.
    func httpNameEquals(_ other: String) -> Bool {
        guard utf8.count == other.utf8.count else { return false }
        var a = self
        var b = other
        return a.withUTF8 { x in
            b.withUTF8 { y in
                for i in 0..<x.count where x[i] != y[i] {
                    // Equal ignoring ASCII case only when both are the same letter.
                    let lx = x[i] | 0x20
                    guard lx == y[i] | 0x20, lx >= 0x61, lx <= 0x7A else { return false }
                }
                return true
            }
        }
    }

    /// ASCII-lowercased copy (header and field names).
    var httpLowercased: String {
        String(decoding: utf8.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }, as: UTF8.self)
    }
}
