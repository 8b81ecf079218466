import DiagnoseCore
import DiagnoseTestSupport
import Foundation
import Testing

/// SplitMix64, so every generated document can be rebuilt from its seed.
typealias DifferentialRNG = SplitMix64

/// Runs `python3` with a script and arguments; nil when python3 is not installed.
enum Python {
    static let path: String? = {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/usr/local/bin").split(separator: ":") {
            let candidate = "\(dir)/python3"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }()
    static var available: Bool { path != nil }
    static let missing: Comment = "python3 is not installed: skipping the differential checks against Python"

    /// Runs a script; returns its standard output.
    static func run(_ script: String, arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(path))
        process.arguments = ["-c", script] + arguments
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "python3 failed")
        return String(decoding: data, as: UTF8.self)
    }

    /// Whether `import module` works.
    static func has(_ module: String) -> Bool {
        guard let path else { return false }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["-c", "import \(module)"]
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}

/// Generates JSON texts: nested, with escapes, raw and escaped non-ASCII, surrogate pairs and big numbers.
struct JSONGenerator {
    var rng: DifferentialRNG

    mutating func pick<T>(_ options: [T]) -> T { options.randomElement(using: &rng)! }
    mutating func chance(_ n: Int) -> Bool { Int.random(in: 0..<n, using: &rng) == 0 }

    mutating func space() -> String { chance(3) ? pick([" ", "\n", "\t", "\r\n", "  "]) : "" }

    mutating func digits(_ count: Int) -> String {
        String((0..<count).map { _ in pick(Array("0123456789")) })
    }

    mutating func number() -> String {
        var s = chance(3) ? "-" : ""
        s += chance(4) ? "0" : String(pick(Array("123456789"))) + digits(Int.random(in: 0...(chance(5) ? 40 : 4), using: &rng))
        if chance(2) { s += "." + digits(Int.random(in: 1...(chance(5) ? 30 : 3), using: &rng)) }
        if chance(3) {
            s += pick(["e", "E"]) + pick(["", "+", "-"]) + digits(Int.random(in: 1...3, using: &rng))
        }
        return s
    }

    mutating func string() -> String {
        var s = "\""
        for _ in 0..<Int.random(in: 0...12, using: &rng) {
            switch Int.random(in: 0..<10, using: &rng) {
            case 0: s += pick(["\\n", "\\t", "\\\"", "\\\\", "\\/", "\\b", "\\f", "\\r"])
            case 1: s += String(format: "\\u%04x", pick([0x00, 0x1F, 0x41, 0xE9, 0x4E2D, 0xFFFD, 0x7F, 0x2028]))
            case 2: s += pick(["\\ud83d\\ude00", "\\uD834\\uDD1E", "\\uDBFF\\uDFFF"])
            case 3: s += pick(["é", "中文", "😀", "\u{2028}", "ß", "\u{7F}", "ﬀ"])
            default: s += String(pick(Array("abcXYZ 019_-.:,{}[]'")))
            }
        }
        return s + "\""
    }

    mutating func value(depth: Int) -> String {
        let kind = depth >= 6 ? Int.random(in: 0..<5, using: &rng) : Int.random(in: 0..<8, using: &rng)
        switch kind {
        case 0: return pick(["null", "true", "false"])
        case 1, 2: return number()
        case 3, 4: return string()
        case 5:
            let items = (0..<Int.random(in: 0...4, using: &rng)).map { _ in space() + value(depth: depth + 1) + space() }
            return "[" + items.joined(separator: ",") + (items.isEmpty ? space() : "") + "]"
        default:
            var keys = Set<String>()
            var members: [String] = []
            for _ in 0..<Int.random(in: 0...4, using: &rng) {
                let key = string()
                guard keys.insert(key).inserted else { continue }
                members.append(space() + key + space() + ":" + space() + value(depth: depth + 1) + space())
            }
            return "{" + members.joined(separator: ",") + (members.isEmpty ? space() : "") + "}"
        }
    }

    /// A document; one in five is a bare scalar.
    mutating func document() -> String { space() + (chance(5) ? value(depth: 6) : value(depth: chance(2) ? 0 : 1)) + space() }

    /// One edit (delete, insert or replace a character, or truncate) that keeps the text valid UTF-8.
    mutating func mutate(_ text: String) -> String {
        var scalars = Array(text.unicodeScalars)
        guard !scalars.isEmpty else { return "," }
        let at = Int.random(in: 0..<scalars.count, using: &rng)
        let byte = pick(Array("{}[],:\"\\ 0-.eE+tfnu1a\t\u{01}".unicodeScalars))
        switch Int.random(in: 0..<4, using: &rng) {
        case 0: scalars.remove(at: at)
        case 1: scalars.insert(byte, at: at)
        case 2: scalars[at] = byte
        default: scalars.removeSubrange(at...)
        }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars)
        return String(out)
    }
}

/// A canonical text of a JSON value both sides can produce: sorted keys, numbers as normalized decimals
/// (`digits` + `e` + exponent, zero as `0`), strings with every code point outside printable ASCII as `\u{hex}`.
enum CanonicalJSON {
    static func text(_ node: Node) -> String {
        switch node.kind {
        case .null: return "null"
        case .bool: return node.boolValue! ? "true" : "false"
        case .number: return number(node.numberValue!.text)
        case .string: return string(node.stringValue!)
        case .array: return "[" + node.elements.map(text).joined(separator: ",") + "]"
        case .object:
            // A repeated key keeps its last value, as Python's dict does.
            var last: [String: String] = [:]
            for member in node.members { last[string(member.key.stringValue!)] = text(member.value) }
            let members = last.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
            return "{" + members.map { $0.0 + ":" + $0.1 }.joined(separator: ",") + "}"
        }
    }

    static func string(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            if scalar.value >= 0x20, scalar.value < 0x7F, scalar != "\"", scalar != "\\" {
                out.unicodeScalars.append(scalar)
            } else {
                out += "\\u{" + String(scalar.value, radix: 16) + "}"
            }
        }
        return out + "\""
    }

    /// `-12.50e3` → `-125e2`; `0.0` → `0`.
    static func number(_ text: String) -> String {
        var s = Substring(text)
        let negative = s.hasPrefix("-")
        if negative { s = s.dropFirst() }
        var exponent = 0
        if let e = s.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(s[s.index(after: e)...].replacingOccurrences(of: "+", with: "")) ?? 0
            s = s[..<e]
        }
        var digits = String(s)
        if let dot = digits.firstIndex(of: ".") {
            exponent -= digits.distance(from: dot, to: digits.endIndex) - 1
            digits.remove(at: dot)
        }
        digits = String(digits.drop { $0 == "0" })
        while digits.hasSuffix("0") {
            digits.removeLast()
            exponent += 1
        }
        if digits.isEmpty { return "0" }
        return (negative ? "-" : "") + digits + "e" + String(exponent)
    }

    /// The same canonical form, computed by Python's `json` module (numbers read as `Decimal` to stay exact).
    static let python = #"""
        import json, sys, decimal, os
        def num(d):
            d = decimal.Decimal(d)
            sign, digits, exp = d.as_tuple()
            ds = "".join(map(str, digits)).lstrip("0")
            if not ds: return "0"
            while ds.endswith("0"): ds = ds[:-1]; exp += 1
            return ("-" if sign else "") + ds + "e" + str(exp)
        def s(x):
            return '"' + "".join(c if 0x20 <= ord(c) < 0x7f and c not in '"\\' else "\\u{%x}" % ord(c) for c in x) + '"'
        def canon(v):
            if v is None: return "null"
            if v is True: return "true"
            if v is False: return "false"
            if isinstance(v, (int, decimal.Decimal)): return num(v)
            if isinstance(v, str): return s(v)
            if isinstance(v, list): return "[" + ",".join(canon(x) for x in v) + "]"
            items = sorted((s(k), canon(x)) for k, x in v.items())
            return "{" + ",".join(k + ":" + x for k, x in items) + "}"
        folder, count = sys.argv[1], int(sys.argv[2])
        for i in range(count):
            text = open(os.path.join(folder, str(i)), encoding="utf-8").read()
            try:
                v = json.loads(text, parse_float=decimal.Decimal,
                               parse_constant=lambda c: (_ for _ in ()).throw(ValueError(c)))
                print("OK " + canon(v))
            except (ValueError, RecursionError):
                print("REJECT")
            except decimal.InvalidOperation:
                print("SKIP")  # an exponent beyond what Decimal represents
        """#
}

/// Our JSON parser against Python's `json` module on generated documents and on mutations of them.
@Suite("Differential: JSON parser vs Python json", .enabled(if: Python.available, Python.missing))
struct DifferentialJSONTests {
    /// Our verdict on a text: `OK <canonical>` or `REJECT`, in Python's output format.
    static func ours(_ text: String) -> String {
        guard let document = try? JSONParser.parse(text) else { return "REJECT" }
        return "OK " + CanonicalJSON.text(document.root)
    }

    /// Python's verdicts on the texts, in order.
    static func python(_ texts: [String]) throws -> [String] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("diagnose-diff-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for (i, text) in texts.enumerated() {
            try Data(text.utf8).write(to: folder.appendingPathComponent(String(i)))
        }
        let output = try Python.run(CanonicalJSON.python, arguments: [folder.path, String(texts.count)])
        return output.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    }

    @Test func canonicalNumbers() {
        #expect(CanonicalJSON.number("-12.50e3") == "-125e2")
        #expect(CanonicalJSON.number("0.0") == "0")
        #expect(CanonicalJSON.number("-0") == "0")
        #expect(CanonicalJSON.number("100") == "1e2")
        #expect(CanonicalJSON.number("1E+400") == "1e400")
        #expect(CanonicalJSON.number("0.001") == "1e-3")
    }

    @Test(arguments: [1, 2, 3, 4])
    func generatedDocumentsParseTheSame(_ seed: UInt64) throws {
        var generator = JSONGenerator(rng: DifferentialRNG(state: seed))
        let texts = (0..<500).map { _ in generator.document() }
        let theirs = try Self.python(texts)
        try #require(theirs.count == texts.count)
        var accepted = 0
        for (i, text) in texts.enumerated() {
            let mine = Self.ours(text)
            #expect(mine == theirs[i], "seed \(seed) document \(i): \(text)")
            if mine.hasPrefix("OK") { accepted += 1 }
        }
        #expect(accepted == texts.count, "every generated document is valid JSON")
    }

    @Test(arguments: [11, 12, 13, 14])
    func mutationsAreJudgedTheSame(_ seed: UInt64) throws {
        var generator = JSONGenerator(rng: DifferentialRNG(state: seed))
        var texts: [String] = []
        for _ in 0..<500 {
            var text = generator.document()
            for _ in 0..<Int.random(in: 1...3, using: &generator.rng) { text = generator.mutate(text) }
            texts.append(text)
        }
        let theirs = try Self.python(texts)
        try #require(theirs.count == texts.count)
        var rejected = 0
        for (i, text) in texts.enumerated() {
            let mine = Self.ours(text)
            if mine == "REJECT" { rejected += 1 }
            // Python accepts lone surrogate escapes (`"\ud83d"`), whose meaning RFC 8259 leaves undefined: skip those.
            if theirs[i] == "SKIP" || theirs[i].contains(/\\u\{d[89a-f][0-9a-f]{2}\}/) { continue }
            #expect(mine == theirs[i], "seed \(seed) mutation \(i): \(text.debugDescription)")
        }
        #expect(rejected > 100, "mutations should mostly break the document")
    }
}
