/// Writes a `Node` back out as JSON, compact or pretty, keys in source order, numbers exactly as read.
public struct JSONSerializer: Sendable {
    /// Layout of the output.
    public enum Style: Sendable {
        /// No whitespace at all.
        case compact
        /// Two-space indentation, one member or element per line.
        case pretty
    }

    /// Serializes a node.
    /// - Parameters:
    ///   - node: the value to write.
    ///   - style: compact or pretty.
    /// - Returns: the JSON text.
    public static func serialize(_ node: Node, style: Style = .compact) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        write(node, into: &out, style: style, indent: 0)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends a node's JSON to a byte buffer.
    public static func write(_ node: Node, into out: inout [UInt8], style: Style = .compact, indent: Int = 0) {
        switch node.kind {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool: out.append(contentsOf: (node.boolValue! ? "true" : "false").utf8)
        case .number:
            let text = node.numberValue!.text
            // Infinity and NaN (from YAML) have no JSON form.
            if text == "Infinity" || text == "-Infinity" || text == "NaN" {
                out.append(contentsOf: "null".utf8)
            } else {
                out.append(contentsOf: text.utf8)
            }
        case .string:
            node.withPayloadDecoded { writeString($0, into: &out) }
        case .array:
            out.append(UInt8(ascii: "["))
            var first = true
            for element in node.elements {
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                if style == .pretty { newline(&out, indent + 1) }
                write(element, into: &out, style: style, indent: indent + 1)
            }
            if style == .pretty && !first { newline(&out, indent) }
            out.append(UInt8(ascii: "]"))
        case .object:
            out.append(UInt8(ascii: "{"))
            var first = true
            for (key, value) in node.members {
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                if style == .pretty { newline(&out, indent + 1) }
                key.withPayloadDecoded { writeString($0, into: &out) }
                out.append(UInt8(ascii: ":"))
                if style == .pretty { out.append(UInt8(ascii: " ")) }
                write(value, into: &out, style: style, indent: indent + 1)
            }
            if style == .pretty && !first { newline(&out, indent) }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static func newline(_ out: inout [UInt8], _ indent: Int) {
        out.append(0x0A)
        for _ in 0..<indent { out.append(0x20); out.append(0x20) }
    }

    /// Whether a byte must be escaped inside a JSON string.
    @inline(__always)
    static func needsEscape(_ c: UInt8) -> Bool { c < 0x20 || c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") }

    /// Appends a quoted, escaped JSON string. Non-ASCII UTF-8 is written as is.
    public static func writeString(_ utf8: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        // Most strings (names, messages, URLs) need no escape: one copy then.
        guard utf8.contains(where: needsEscape) else {
            out.append(contentsOf: utf8)
            out.append(UInt8(ascii: "\""))
            return
        }
        for c in utf8 {
            switch c {
            case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x08: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x0C: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0..<0x20:
                out.append(contentsOf: "\\u00".utf8)
                out.append(contentsOf: (c < 16 ? "0" : "").utf8)
                out.append(contentsOf: String(c, radix: 16).utf8)
            default: out.append(c)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// A quoted, escaped JSON string literal.
    public static func quote(_ string: String) -> String {
        var out = ""
        append(quoted: string, to: &out)
        return out
    }

    /// Appends `string` quoted and escaped to `out` (a string without anything to escape, the usual case, is
    /// appended as it is, with no intermediate buffer).
    public static func append(quoted string: String, to out: inout String) {
        var s = string
        let plain = s.withUTF8 { !$0.contains(where: needsEscape) }
        if plain {
            out += "\""
            out += string
            out += "\""
            return
        }
        var bytes: [UInt8] = []
        s.withUTF8 { writeString($0, into: &bytes) }
        out += String(decoding: bytes, as: UTF8.self)
    }
}
