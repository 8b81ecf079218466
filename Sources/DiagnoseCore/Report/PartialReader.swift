import Foundation

/// Typed access to the members of a JSON object while reading a partial report; every failure names the JSON
/// pointer of the offending member.
struct PartialReader {
    let node: Node
    let pointer: String

    init(_ node: Node, pointer: String = "") {
        self.node = node
        self.pointer = pointer
    }

    func failure(_ key: String, _ problem: String) -> DiagnoseFailure {
        let location = node.document.text.location(at: node.offset, pointer: pointer + "/" + escape(key))
        return DiagnoseFailure(
            "partial report member \(pointer)/\(escape(key)) \(problem)", location: location,
            help: "pass files written by 'diagnose scan --format partial' of the same diagnose version")
    }

    private func escape(_ key: String) -> String {
        key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }

    private func member(_ key: String) throws(DiagnoseFailure) -> Node {
        guard node.kind == .object else {
            throw DiagnoseFailure("partial report value at \(pointer.isEmpty ? "/" : pointer) is not an object")
        }
        guard let value = node[key] else { throw failure(key, "is missing") }
        return value
    }

    func string(_ key: String) throws(DiagnoseFailure) -> String {
        guard let s = try member(key).stringValue else { throw failure(key, "is not a string") }
        return s
    }

    func optionalString(_ key: String) throws(DiagnoseFailure) -> String? {
        let m = try member(key)
        if m.isNull { return nil }
        guard let s = m.stringValue else { throw failure(key, "is not a string or null") }
        return s
    }

    func int(_ key: String) throws(DiagnoseFailure) -> Int {
        guard let n = try member(key).numberValue?.int64Value else { throw failure(key, "is not an integer") }
        return Int(n)
    }

    func double(_ key: String) throws(DiagnoseFailure) -> Double {
        guard let n = try member(key).numberValue else { throw failure(key, "is not a number") }
        return n.doubleValue
    }

    func optionalDouble(_ key: String) throws(DiagnoseFailure) -> Double? {
        let m = try member(key)
        if m.isNull { return nil }
        guard let n = m.numberValue else { throw failure(key, "is not a number or null") }
        return n.doubleValue
    }

    func object(_ key: String) throws(DiagnoseFailure) -> PartialReader {
        let m = try member(key)
        guard m.kind == .object else { throw failure(key, "is not an object") }
        return PartialReader(m, pointer: pointer + "/" + escape(key))
    }

    func optionalObject(_ key: String) throws(DiagnoseFailure) -> PartialReader? {
        let m = try member(key)
        if m.isNull { return nil }
        guard m.kind == .object else { throw failure(key, "is not an object or null") }
        return PartialReader(m, pointer: pointer + "/" + escape(key))
    }

    /// Whether the object has a member `key`.
    func has(_ key: String) -> Bool { node.kind == .object && node[key] != nil }

    /// This node's elements when it is an array, each with its pointer.
    func elements() throws(DiagnoseFailure) -> [PartialReader] {
        guard node.kind == .array else {
            throw DiagnoseFailure("partial report value at \(pointer) is not an array")
        }
        return node.elements.enumerated().map { PartialReader($0.element, pointer: pointer + "/\($0.offset)") }
    }

    /// The elements of an array member, each with its pointer.
    func array(_ key: String) throws(DiagnoseFailure) -> [PartialReader] {
        let m = try member(key)
        guard m.kind == .array else { throw failure(key, "is not an array") }
        let base = pointer + "/" + escape(key)
        return m.elements.enumerated().map { PartialReader($0.element, pointer: base + "/\($0.offset)") }
    }

    /// The members of an object member as (key, reader) pairs, in source order.
    func entries(_ key: String) throws(DiagnoseFailure) -> [(String, PartialReader)] {
        let m = try member(key)
        guard m.kind == .object else { throw failure(key, "is not an object") }
        let base = pointer + "/" + escape(key)
        return m.members.map { pair in
            let k = pair.key.stringValue ?? ""
            return (k, PartialReader(pair.value, pointer: base + "/" + escape(k)))
        }
    }

    /// This node as an integer (for array elements and map values).
    func asInt() throws(DiagnoseFailure) -> Int {
        guard let n = node.numberValue?.int64Value else {
            throw DiagnoseFailure("partial report value at \(pointer) is not an integer")
        }
        return Int(n)
    }

    /// This node as a number.
    func asDouble() throws(DiagnoseFailure) -> Double {
        guard let n = node.numberValue else {
            throw DiagnoseFailure("partial report value at \(pointer) is not a number")
        }
        return n.doubleValue
    }
}
