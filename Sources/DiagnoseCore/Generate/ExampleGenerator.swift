/*
 Example generation: "give me a valid value for this schema" and "give me a valid exchange for this operation".

     var generator = ExampleGenerator(spec: spec, seed: 7)
     let customer = generator.value(for: schemaRef, side: .response)     // {"id": "ex_k2…", "object": "customer", …}
     let exchange = ExampleGenerator.exchange(for: operation, in: spec, seed: 7)

 The walk follows `$ref` (through `OpenAPI.Document.resolveReference`), merges `allOf`, picks one branch of
 `anyOf`/`oneOf`, honours `enum`/`const`, `format`, bounds, lengths, simple `pattern`s, `required`,
 `additionalProperties` and `nullable`. Recursive schemas stop at `Options.maxDepth`: past it, optional properties are
 left out, arrays get their minimum length, nullable values become `null` and `anyOf` prefers a branch without a
 `$ref` (Stripe's expandable fields: the id string rather than the object).

 A value that cannot be produced (a pattern too complex to sample with no `example`, `false` schemas, an empty
 `enum`) is left out when optional and reported in `skips`; when required, the enclosing value fails too.
*/

/// Generates seeded, valid example values for schemas and valid exchanges for operations of a loaded spec.
///
/// Deterministic: the same spec, seed and options give the same output.
public struct ExampleGenerator: Sendable {
    /// Knobs for generated values.
    public struct Options: Sendable {
        /// Past this many nested schemas (objects, arrays, followed `$ref`s), generation takes the shortest path.
        public var maxDepth: Int = 6
        /// Chance to include each optional property (0…1).
        public var optionalRate: Double = 0.5
        /// Chance to produce `null` where the schema allows it (JSON only; forms cannot carry null).
        public var nullRate: Double = 0.1
        /// Chance to take an object branch of an `anyOf` whose other branch is a plain string (Stripe's expandable
        /// fields) instead of the string.
        public var expandRate: Double = 0.15
        /// Most extra array items beyond `minItems`.
        public var maxExtraItems: Int = 2
        /// Write scalar array elements in forms and deepObject queries as `a[0]=x` (stripe-node) rather than
        /// `a[]=x` (stripe-ruby, curl examples).
        public var indexedArrays: Bool = false
        /// Percent-encode brackets in query strings (`expand%5B%5D=x`), as most HTTP clients do.
        public var encodeQueryBrackets: Bool = false
        /// Plain strings with spaces, accented letters, CJK and emoji (lengths counted in code points, as JSON
        /// Schema counts them).
        public var richStrings: Bool = false
        /// Wire variations real recordings have: `; charset=utf-8` on media types and lowercase header names
        /// (HTTP/2).
        public var wireVariations: Bool = false

        /// Default options.
        public init() {}
    }

    /// Which side of the exchange a value is for: `readOnly` properties stay out of requests, `writeOnly` ones out
    /// of responses.
    public enum Side: Sendable {
        /// A request (parameters, body).
        case request
        /// A response.
        case response
    }

    /// How a value travels, which limits what it can hold.
    public enum Wire: Sendable {
        /// A JSON document: anything goes.
        case json
        /// A form body or query string: no `null`, no empty arrays or objects.
        case form
        /// A path segment or header: a scalar or flat list, non-empty.
        case simple
    }

    /// A value that could not be generated, and why.
    public struct Skip: Sendable, CustomStringConvertible {
        /// Where the schema is (file and JSON pointer).
        public var schema: String
        /// Why it was skipped.
        public var reason: String
        /// `schema: reason`.
        public var description: String { "\(schema): \(reason)" }
    }

    /// A small, fast, seeded PRNG (SplitMix64).
    public struct RNG: RandomNumberGenerator, Sendable {
        var state: UInt64
        /// Creates a generator from a seed.
        public init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }
        /// Creates a generator whose state is `state` as given (the first output is that of `init(seed:)` one step
        /// earlier): for tests that replay their inputs from a raw SplitMix64 state.
        public init(state: UInt64) { self.state = state }
        /// The next 64 random bits.
        public mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        /// A uniform integer in `0..<n` (0 when `n <= 0`).
        public mutating func int(_ n: Int) -> Int { n <= 0 ? 0 : Int(next() % UInt64(n)) }
        /// True with probability `p`.
        public mutating func chance(_ p: Double) -> Bool { Double(next() >> 11) / Double(1 << 53) < p }
        /// A random string of `count` lowercase letters and digits.
        public mutating func word(_ count: Int) -> String {
            let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789".utf8)
            var bytes: [UInt8] = []
            bytes.reserveCapacity(count)
            for _ in 0..<count { bytes.append(alphabet[int(alphabet.count)]) }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// The spec whose schemas are generated.
    public let spec: OpenAPI.Document
    /// The options in force.
    public var options: Options
    /// The random source; advance it or replace it to vary output.
    public var rng: RNG
    /// Values left out because they could not be generated, in the order met.
    public internal(set) var skips: [Skip] = []

    /// Creates a generator.
    /// - Parameters:
    ///   - spec: the loaded spec (its `$ref`s are followed).
    ///   - seed: the PRNG seed.
    ///   - options: generation knobs.
    public init(spec: OpenAPI.Document, seed: UInt64, options: Options = Options()) {
        self.spec = spec
        self.rng = RNG(seed: seed)
        self.options = options
    }

    /// Where a schema node sits, for following `$ref`s and for messages.
    struct Context {
        var file: String
        var dialect: SchemaRef.Dialect
        var side: Side
        var wire: Wire
        var depth: Int
        var refs: Int
        /// Whether `richStrings` may apply (not in headers, which cannot carry non-ASCII text).
        var rich: Bool = true
    }

    /// A valid instance of a schema, or nil when none could be produced (see `skips`).
    /// - Parameters:
    ///   - schema: the schema.
    ///   - side: request or response (controls `readOnly`/`writeOnly`).
    ///   - wire: how the value travels (forms cannot carry `null` or empty containers).
    public mutating func value(for schema: SchemaRef, side: Side, wire: Wire = .json) -> ExampleValue? {
        value(for: schema, side: side, wire: wire, rich: wire != .simple)
    }

    mutating func value(for schema: SchemaRef, side: Side, wire: Wire, rich: Bool) -> ExampleValue? {
        var context = Context(file: schema.file, dialect: schema.dialect, side: side, wire: wire, depth: 0, refs: 0)
        context.rich = rich
        return generate(schema.node, context)
    }

    mutating func skip(_ node: Node, _ c: Context, _ reason: String) {
        let pointer = node.location.pointer ?? ""
        skips.append(Skip(schema: "\(c.file)#\(pointer)", reason: reason))
    }

    /// Follows `$ref` chains; returns the target node and its context.
    func resolve(_ node: Node, _ c: Context) -> (Node, Context)? {
        var node = node
        var c = c
        var hops = 0
        while node.kind == .object, let ref = node["$ref"]?.stringValue {
            hops += 1
            guard hops < 16 else { return nil }
            let from = SchemaRef(node: node, pointer: .root, file: c.file, dialect: c.dialect)
            guard let target = spec.resolveReference(ref, from: from) else { return nil }
            node = target.node
            c.file = target.file
            c.refs += 1
        }
        return (node, c)
    }

    /// The `type` keyword as a list (3.1 allows an array).
    static func types(_ node: Node) -> [String] {
        guard let t = node["type"] else { return [] }
        if let s = t.stringValue { return [s] }
        return t.elements.compactMap(\.stringValue)
    }

    static func allowsNull(_ node: Node) -> Bool {
        node["nullable"]?.boolValue == true || types(node).contains("null")
    }

    mutating func generate(_ node: Node, _ context: Context) -> ExampleValue? {
        if let b = node.boolValue {
            if b { return .string(rng.word(6)) }
            skip(node, context, "the schema is `false`: no value is valid")
            return nil
        }
        guard node.kind == .object else { return .string(rng.word(6)) }
        guard let (node, c) = resolve(node, context) else {
            skip(node, context, "unresolvable $ref")
            return nil
        }
        if c.refs > 64 {
            skip(node, c, "too many nested $refs")
            return nil
        }
        let deep = c.depth >= options.maxDepth
        if Self.allowsNull(node), c.wire == .json, deep || rng.chance(options.nullRate) { return .null }
        if let constant = node["const"] { return Self.value(of: constant) }
        if let values = node["enum"] {
            var candidates = values.elements.filter { !$0.isNull }
            if c.wire != .json { candidates = candidates.filter { $0.kind != .object && $0.kind != .array } }
            if c.wire == .simple { candidates = candidates.filter { ($0.stringValue.map { !$0.isEmpty }) ?? true } }
            guard !candidates.isEmpty else {
                if Self.allowsNull(node) || values.elements.contains(where: \.isNull), c.wire == .json { return .null }
                skip(node, c, "no usable value in `enum`")
                return nil
            }
            return Self.value(of: candidates[rng.int(candidates.count)])
        }
        if let allOf = node["allOf"], allOf.count > 0 { return generateAllOf(node, c) }
        if let branches = node["anyOf"] ?? node["oneOf"], branches.count > 0,
            node["properties"] == nil
        {
            return generateBranch(node, Array(branches.elements), c)
        }
        return generatePlain(node, c)
    }

    /// One branch of `anyOf`/`oneOf`: at the depth limit (and mostly otherwise) one without `$ref`; tries the
    /// others when the first cannot be generated.
    mutating func generateBranch(_ node: Node, _ branches: [Node], _ c: Context) -> ExampleValue? {
        var order = Array(branches.indices)
        for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, rng.int(i + 1)) }
        let deep = c.depth >= options.maxDepth
        func isSimple(_ n: Node) -> Bool { n["$ref"] == nil && n["properties"] == nil && n["anyOf"] == nil }
        func isEmptyString(_ n: Node) -> Bool {
            guard let e = n["enum"], e.count == 1 else { return false }
            return e[0]?.stringValue == ""
        }
        let expand = !deep && rng.chance(options.expandRate)
        order.sort { a, b in
            // Prefer: not the "unset" branch (`enum: [""]`), then simple branches unless expanding.
            let ka = (isEmptyString(branches[a]) ? 2 : 0) + (isSimple(branches[a]) == expand ? 1 : 0)
            let kb = (isEmptyString(branches[b]) ? 2 : 0) + (isSimple(branches[b]) == expand ? 1 : 0)
            return ka < kb
        }
        var c = c
        c.depth += 1
        let before = skips.count
        for index in order {
            if let v = generate(branches[index], c) {
                skips.removeSubrange(before...)
                return v
            }
        }
        skip(node, c, "no branch of anyOf/oneOf could be generated")
        return nil
    }

    /// The branches of an `allOf`, flattened and resolved, with the node's own keywords.
    func flattenAllOf(_ node: Node, _ c: Context, into parts: inout [(Node, Context)], depth: Int = 0) {
        guard depth < 8 else { return }
        parts.append((node, c))
        for branch in node["allOf"].map({ Array($0.elements) }) ?? [] {
            guard let (resolved, rc) = resolve(branch, c) else { continue }
            flattenAllOf(resolved, rc, into: &parts, depth: depth + 1)
        }
    }

    mutating func generateAllOf(_ node: Node, _ c: Context) -> ExampleValue? {
        var parts: [(Node, Context)] = []
        flattenAllOf(node, c, into: &parts)
        let objectLike = parts.contains { $0.0["properties"] != nil || Self.types($0.0).contains("object") }
        if !objectLike {
            // A wrapper (`allOf: [$ref]` with a description or `nullable`): the most specific part.
            let candidates = parts.dropFirst().filter { $0.0["allOf"] == nil }
            guard let (first, fc) = candidates.first ?? parts.dropFirst().first else {
                return generatePlain(node, c)
            }
            var fc2 = fc
            fc2.side = c.side
            fc2.wire = c.wire
            fc2.depth = c.depth
            return generate(first, fc2)
        }
        var properties: [(String, Node, Context)] = []
        var required = Set<String>()
        var closed = false
        for (part, pc) in parts {
            var pc = pc
            pc.side = c.side
            pc.wire = c.wire
            pc.depth = c.depth
            for (key, value) in part["properties"].map({ Array($0.members) }) ?? [] {
                let name = key.stringValue ?? ""
                if !properties.contains(where: { $0.0 == name }) { properties.append((name, value, pc)) }
            }
            for r in part["required"].map({ Array($0.elements) }) ?? [] {
                if let s = r.stringValue { required.insert(s) }
            }
            if part["additionalProperties"]?.boolValue == false { closed = true }
        }
        _ = closed
        return generateObject(node, properties: properties, required: required, additional: nil, c)
    }

    /// A schema without combinators: by `type` (or what its keywords imply).
    mutating func generatePlain(_ node: Node, _ c: Context) -> ExampleValue? {
        var types = Self.types(node).filter { $0 != "null" }
        if types.isEmpty {
            if node["properties"] != nil || node["additionalProperties"] != nil || node["required"] != nil {
                types = ["object"]
            } else if node["items"] != nil {
                types = ["array"]
            } else if node["minimum"] != nil || node["maximum"] != nil {
                types = ["number"]
            } else {
                types = ["string"]
            }
        }
        if c.wire == .simple, types.contains("string") { types = ["string"] }
        let type = types.contains("integer") ? "integer" : types[rng.int(types.count)]
        switch type {
        case "object":
            var properties: [(String, Node, Context)] = []
            for (key, value) in node["properties"].map({ Array($0.members) }) ?? [] {
                properties.append((key.stringValue ?? "", value, c))
            }
            var required = Set<String>()
            for r in node["required"].map({ Array($0.elements) }) ?? [] {
                if let s = r.stringValue { required.insert(s) }
            }
            return generateObject(node, properties: properties, required: required, additional: node["additionalProperties"], c)
        case "array": return generateArray(node, c)
        case "integer": return generateNumber(node, integer: true, c)
        case "number": return generateNumber(node, integer: false, c)
        case "boolean": return .bool(rng.int(2) == 0)
        default: return generateString(node, c)
        }
    }

    static func readFlag(_ node: Node, _ key: String, _ generator: ExampleGenerator, _ c: Context) -> Bool {
        if node[key]?.boolValue == true { return true }
        guard let (resolved, _) = generator.resolve(node, c) else { return false }
        return resolved[key]?.boolValue == true
    }

    mutating func generateObject(
        _ node: Node, properties: [(String, Node, Context)], required: Set<String>, additional: Node?, _ c: Context
    ) -> ExampleValue? {
        let deep = c.depth >= options.maxDepth
        var members: [(key: String, value: ExampleValue)] = []
        var optionalLeft: [(String, Node, Context)] = []
        for (name, schema, pc) in properties {
            // OpenAPI: a required readOnly property is required in responses only (writeOnly: in requests only).
            if c.side == .request && Self.readFlag(schema, "readOnly", self, pc) { continue }
            if c.side == .response && Self.readFlag(schema, "writeOnly", self, pc) { continue }
            let isRequired = required.contains(name)
            if !isRequired && (deep || !rng.chance(options.optionalRate)) {
                optionalLeft.append((name, schema, pc))
                continue
            }
            var sub = pc
            sub.depth = c.depth + 1
            sub.side = c.side
            sub.wire = c.wire
            let before = skips.count
            if let v = generate(schema, sub), c.wire == .json || v.isFormRepresentable {
                members.append((name, v))
            } else if isRequired {
                skip(node, c, "required property '\(name)' could not be generated")
                return nil
            } else if skips.count == before {
                // Not representable on this wire (an empty list in a form): simply left out.
            }
        }
        // Required properties not declared under `properties` (allowed by JSON Schema).
        for name in required.sorted() where !properties.contains(where: { $0.0 == name }) {
            members.append((name, .string(rng.word(8))))
        }
        let minProperties = node["minProperties"]?.numberValue?.int64Value.map(Int.init) ?? 0
        let additionalSchema = additional.flatMap { $0.kind == .object ? $0 : nil }
        let mayAddExtra = additionalSchema != nil && properties.isEmpty
        if mayAddExtra, let extra = additionalSchema, !deep || members.count < minProperties {
            let count = max(minProperties - members.count, c.wire == .json ? rng.int(3) : 1 + rng.int(2))
            for i in 0..<count {
                var sub = c
                sub.depth += 1
                guard let v = generate(extra, sub), c.wire == .json || v.isFormRepresentable else { break }
                members.append(("key_\(i)_\(rng.word(3))", v))
            }
        }
        // Forms cannot carry an empty object; and `minProperties` wants more.
        while (members.isEmpty && c.wire != .json) || members.count < minProperties, !optionalLeft.isEmpty {
            let (name, schema, pc) = optionalLeft.removeFirst()
            var sub = pc
            sub.depth = c.depth + 1
            sub.side = c.side
            sub.wire = c.wire
            if let v = generate(schema, sub), c.wire == .json || v.isFormRepresentable { members.append((name, v)) }
        }
        if members.isEmpty && c.wire != .json { return nil }
        return .object(members)
    }

    mutating func generateArray(_ node: Node, _ c: Context) -> ExampleValue? {
        let minItems = node["minItems"]?.numberValue?.int64Value.map(Int.init) ?? 0
        let maxItems = node["maxItems"]?.numberValue?.int64Value.map(Int.init) ?? (minItems + options.maxExtraItems)
        var count = c.depth >= options.maxDepth ? minItems : minItems + rng.int(max(0, min(maxItems, minItems + options.maxExtraItems) - minItems) + 1)
        if c.wire != .json && count == 0 { count = min(1, maxItems) }
        guard count > 0 else { return .array([]) }
        guard let items = node["items"], items.kind == .object || items.kind == .bool else {
            return .array((0..<count).map { _ in .string(rng.word(5)) })
        }
        let unique = node["uniqueItems"]?.boolValue == true
        var elements: [ExampleValue] = []
        var seen = Set<String>()
        var attempts = 0
        var sub = c
        sub.depth += 1
        if sub.wire == .simple { sub.wire = .form }
        while elements.count < count && attempts < count * 4 {
            attempts += 1
            guard let v = generate(items, sub) else { break }
            if c.wire != .json && !v.isFormRepresentable { continue }
            if unique {
                let key = v.json
                guard seen.insert(key).inserted else { continue }
            }
            elements.append(v)
        }
        if elements.count < minItems {
            skip(node, c, "could not generate \(minItems) array items")
            return nil
        }
        if elements.isEmpty && c.wire != .json { return nil }
        return .array(elements)
    }

    static func bound(_ node: Node, _ key: String) -> Double? { node[key]?.numberValue?.doubleValue }

    mutating func generateNumber(_ node: Node, integer: Bool, _ c: Context) -> ExampleValue? {
        var lo = Self.bound(node, "minimum")
        var hi = Self.bound(node, "maximum")
        var loExclusive = node["exclusiveMinimum"]?.boolValue == true
        var hiExclusive = node["exclusiveMaximum"]?.boolValue == true
        if let v = Self.bound(node, "exclusiveMinimum") { lo = max(lo ?? v, v); loExclusive = true }
        if let v = Self.bound(node, "exclusiveMaximum") { hi = min(hi ?? v, v); hiExclusive = true }
        let format = node["format"]?.stringValue
        if format == "int32" {
            lo = max(lo ?? -2_147_483_648, -2_147_483_648)
            hi = min(hi ?? 2_147_483_647, 2_147_483_647)
        }
        let multiple = Self.bound(node, "multipleOf")
        if integer || multiple != nil {
            let step = multiple.map { max(1, Int($0.rounded(.up))) } ?? 1
            let stepIsExact = multiple.map { $0 == $0.rounded() } ?? true
            var low = lo.map { Int(($0).rounded(.up)) + (loExclusive && $0 == $0.rounded() ? 1 : 0) }
            var high = hi.map { Int(($0).rounded(.down)) - (hiExclusive && $0 == $0.rounded() ? 1 : 0) }
            if low == nil && high == nil { low = 1; high = 10_000 }
            if low == nil { low = high! - 1000 }
            if high == nil { high = low! + 10_000 }
            guard let l = low, let h = high, l <= h, stepIsExact || multiple == nil else {
                skip(node, c, "no number satisfies the bounds")
                return nil
            }
            var value = l + rng.int(min(h - l, 100_000) + 1)
            if step > 1 {
                value = (value / step) * step
                if value < l { value += step }
                if value > h {
                    skip(node, c, "no multiple of \(step) within the bounds")
                    return nil
                }
            }
            return .integer(value)
        }
        let l = lo.map { $0 + (loExclusive ? 0.5 : 0) } ?? 0
        let h = hi.map { $0 - (hiExclusive ? 0.5 : 0) } ?? (l + 1000)
        guard l <= h else {
            skip(node, c, "no number satisfies the bounds")
            return nil
        }
        let lowCents = Int((l * 100).rounded(.up))
        let highCents = Int((h * 100).rounded(.down))
        guard lowCents <= highCents else {
            skip(node, c, "no number with two decimals satisfies the bounds")
            return nil
        }
        let cents = lowCents + rng.int(min(highCents - lowCents, 1_000_000) + 1)
        let magnitude = abs(cents)
        let fraction = magnitude % 100
        let text = (cents < 0 ? "-" : "") + String(magnitude / 100) + (fraction == 0 ? "" : "." + (fraction < 10 ? "0" : "") + String(fraction))
        return .number(JSONNumber(text) ?? JSONNumber(0))
    }

    mutating func generateString(_ node: Node, _ c: Context) -> ExampleValue? {
        let minLength = node["minLength"]?.numberValue?.int64Value.map(Int.init) ?? 0
        let maxLength = node["maxLength"]?.numberValue?.int64Value.map(Int.init)
        func fallback() -> String? {
            for key in ["example", "default"] {
                if let s = node[key]?.stringValue { return s }
            }
            if let examples = node["examples"], let s = examples[0]?.stringValue { return s }
            return nil
        }
        if let pattern = node["pattern"]?.stringValue {
            if let s = PatternSampler.sample(pattern, rng: &rng) { return .string(s) }
            if let s = fallback(), ECMARegex(pattern)?.matches(s) ?? false { return .string(s) }
            skip(node, c, "pattern \(pattern) is too complex to sample and the schema has no example")
            return nil
        }
        if let format = node["format"]?.stringValue, let s = formatted(format) {
            return .string(s)
        }
        let lower = max(minLength, c.wire == .simple ? 1 : 0)
        var upper = maxLength ?? max(lower, 12)
        upper = min(upper, max(lower, 24))
        guard lower <= upper else {
            skip(node, c, "minLength is above maxLength")
            return nil
        }
        let length = lower + rng.int(min(upper - lower, 12) + 1)
        if options.richStrings && c.rich {
            let alphabet: [Character] = ["a", "Z", "7", " ", "é", "ü", "ß", "日", "本", "🙂", "-", "+", "&", "=", "%", "/", "\"", "'"]
            var s = ""
            for _ in 0..<length { s.append(alphabet[rng.int(alphabet.count)]) }
            return .string(s)
        }
        var s = length >= 3 ? "ex_" + rng.word(length - 3) : rng.word(length)
        if length == 0 { s = "" }
        return .string(s)
    }

    /// A value for a known `format`, or nil to fall back to a plain string.
    mutating func formatted(_ format: String) -> String? {
        let day = 1 + rng.int(28)
        let month = 1 + rng.int(12)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        switch format {
        case "date-time": return "2024-\(two(month))-\(two(day))T\(two(rng.int(24))):\(two(rng.int(60))):\(two(rng.int(60)))Z"
        case "date": return "2024-\(two(month))-\(two(day))"
        case "time": return "\(two(rng.int(24))):\(two(rng.int(60))):\(two(rng.int(60)))Z"
        case "email", "idn-email": return "user\(rng.int(10_000))@example.com"
        case "uuid":
            let hex = Array("0123456789abcdef")
            var s = ""
            for i in 0..<32 {
                if [8, 12, 16, 20].contains(i) { s.append("-") }
                s.append(i == 12 ? "4" : hex[rng.int(16)])
            }
            return s
        case "uri", "url", "iri", "uri-reference", "iri-reference": return "https://example.com/\(rng.word(6))"
        case "hostname", "idn-hostname": return "\(rng.word(5)).example.com"
        case "ipv4": return "192.0.2.\(1 + rng.int(250))"
        case "ipv6": return "2001:db8::\(1 + rng.int(250))"
        case "byte": return TrafficBase64.encode(Array(rng.word(6).utf8))
        case "binary": return rng.word(16)
        case "int32", "int64", "unix-time": return String(1 + rng.int(100_000))
        case "decimal", "double", "float": return "\(rng.int(1000)).\(two(rng.int(100)))"
        case "password": return "pw_" + rng.word(10)
        case "duration": return "P\(1 + rng.int(30))D"
        case "json-pointer": return "/\(rng.word(4))/\(rng.int(5))"
        case "regex": return "^[a-z]+$"
        default: return nil
        }
    }

    /// A node's JSON value as an `ExampleValue`.
    static func value(of node: Node) -> ExampleValue {
        switch node.kind {
        case .null: return .null
        case .bool: return .bool(node.boolValue ?? false)
        case .number: return .number(node.numberValue ?? JSONNumber(0))
        case .string: return .string(node.stringValue ?? "")
        case .array: return .array(node.elements.map(value(of:)))
        case .object: return .object(node.members.map { (key: $0.key.stringValue ?? "", value: value(of: $0.value)) })
        }
    }
}
