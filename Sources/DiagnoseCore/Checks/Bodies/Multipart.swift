/// A `multipart/form-data` body split into its parts (RFC 7578).
public struct MultipartBody: Sendable {
    /// One part: its headers, the form field name, an optional file name and the raw bytes.
    public struct Part: Sendable {
        /// Part headers in order.
        public var headers: [(name: String, value: String)]
        /// `name` from `Content-Disposition: form-data; name="…"`.
        public var name: String?
        /// `filename` from `Content-Disposition`, when the part is a file.
        public var filename: String?
        /// The part's `Content-Type`, if given.
        public var contentType: String?
        /// The part's content.
        public var body: [UInt8]
        /// Byte offset of the part's headers in the whole body.
        public var offset: Int
    }

    /// The parts in order.
    public var parts: [Part]

    /// Why a body could not be split.
    public struct ParseError: Error, Sendable, CustomStringConvertible {
        /// What is wrong.
        public var message: String
        /// Byte offset in the body.
        public var offset: Int
        /// One line.
        public var description: String { "\(message) (at byte \(offset))" }
    }

    /// Splits `body` on `boundary`.
    /// - Throws: `ParseError` when the boundary never appears, a part has no header/body separator, or the closing
    ///   delimiter is missing.
    public init(body: [UInt8], boundary: String) throws(ParseError) {
        let delimiter = Array("--\(boundary)".utf8)
        guard !boundary.isEmpty, let first = MultipartBody.find(delimiter, in: body, from: 0) else {
            throw ParseError(message: "the boundary \"\(boundary)\" from Content-Type never appears in the body", offset: 0)
        }
        var parts: [Part] = []
        var position = first + delimiter.count
        while true {
            // After a delimiter: "--" closes, CRLF starts a part.
            if position + 2 <= body.count, body[position] == UInt8(ascii: "-"), body[position + 1] == UInt8(ascii: "-") {
                break
            }
            position = MultipartBody.skipLineBreak(body, position)
            let headerEnd = MultipartBody.find(Array("\r\n\r\n".utf8), in: body, from: position)
                ?? MultipartBody.find(Array("\n\n".utf8), in: body, from: position)
            guard let headerEnd else {
                throw ParseError(message: "a part has no blank line between its headers and its content", offset: position)
            }
            let separatorLength = body[headerEnd] == 0x0D ? 4 : 2
            let headerText = String(decoding: body[position..<headerEnd], as: UTF8.self)
            let contentStart = headerEnd + separatorLength
            guard let next = MultipartBody.find(delimiter, in: body, from: contentStart) else {
                throw ParseError(message: "the closing boundary \"--\(boundary)--\" is missing", offset: contentStart)
            }
            var contentEnd = next
            if contentEnd >= contentStart + 2, body[contentEnd - 2] == 0x0D, body[contentEnd - 1] == 0x0A {
                contentEnd -= 2
            } else if contentEnd >= contentStart + 1, body[contentEnd - 1] == 0x0A {
                contentEnd -= 1
            }
            var part = Part(headers: [], name: nil, filename: nil, contentType: nil, body: Array(body[contentStart..<contentEnd]), offset: position)
            for line in headerText.split(whereSeparator: { $0 == "\r\n" || $0 == "\n" || $0 == "\r" }) {
                guard let colon = line.firstIndex(of: ":") else { continue }
                let name = String(line[..<colon].httpTrimmed)
                let value = String(line[line.index(after: colon)...].httpTrimmed)
                part.headers.append((name, value))
                switch name.lowercased() {
                case "content-disposition":
                    part.name = MultipartBody.dispositionParameter("name", in: value)
                    part.filename = MultipartBody.dispositionParameter("filename", in: value)
                case "content-type":
                    part.contentType = value
                default: break
                }
            }
            parts.append(part)
            position = next + delimiter.count
        }
        self.parts = parts
    }

    static func dispositionParameter(_ name: String, in value: String) -> String? {
        for piece in value.split(separator: ";").dropFirst() {
            let kv = piece.split(separator: "=", maxSplits: 1)
            guard kv.count == 2, kv[0].httpTrimmed.lowercased() == name else { continue }
            var v = kv[1].httpTrimmed
            if v.count >= 2, v.first == "\"", v.last == "\"" { v = v.dropFirst().dropLast() }
            return String(v)
        }
        return nil
    }

    static func skipLineBreak(_ body: [UInt8], _ i: Int) -> Int {
        var j = i
        while j < body.count, body[j] == 0x20 || body[j] == 0x09 { j += 1 }  // transport padding
        if j + 1 < body.count, body[j] == 0x0D, body[j + 1] == 0x0A { return j + 2 }
        if j < body.count, body[j] == 0x0A { return j + 1 }
        return j
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, start <= haystack.count - needle.count else { return nil }
        let first = needle[0]
        var i = start
        let last = haystack.count - needle.count
        while i <= last {
            if haystack[i] == first {
                var k = 1
                while k < needle.count && haystack[i + k] == needle[k] { k += 1 }
                if k == needle.count { return i }
            }
            i += 1
        }
        return nil
    }
}
