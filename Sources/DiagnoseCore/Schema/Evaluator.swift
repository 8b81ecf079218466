import Foundation
import Synchronization

/*
 Evaluation runs twice at most. The fast pass (`explain == false`) answers valid/invalid: it builds no pointer, no
 message and, for schemas without `unevaluated*`, allocates nothing. Only when it says invalid does a second pass
 (`explain == true`) walk again, keeping instance and schema paths on two token stacks and turning each failing
 keyword into a `ValidationError`.

 Annotations (which properties and items were evaluated) are collected only below a schema that has
 `unevaluatedProperties` or `unevaluatedItems`: such a schema evaluates its other keywords with an enabled
 `Annotations` value, merges what successful in-place subschemas ($ref, allOf, anyOf, oneOf, if/then/else,
 dependentSchemas) report, then checks the rest.
*/

/// A growable bit set (member positions, item indexes).
struct Bits {
    var words: [UInt64] = []
    mutating func insert(_ i: Int) {
        let w = i >> 6
        if w >= words.count { words.append(contentsOf: repeatElement(0, count: w - words.count + 1)) }
        words[w] |= 1 << UInt64(i & 63)
    }
    func contains(_ i: Int) -> Bool {
        let w = i >> 6
        return w < words.count && words[w] & (1 << UInt64(i & 63)) != 0
    }
    mutating func formUnion(_ o: Bits) {
        if o.words.count > words.count {
            words.append(contentsOf: repeatElement(0, count: o.words.count - words.count))
        }
        for (i, w) in o.words.enumerated() { words[i] |= w }
    }
}

/// Evaluated properties and items of one instance location.
struct Annotations {
    var enabled: Bool
    var props = Bits()
    var allProps = false
    var items = 0
    var itemBits = Bits()
    var allItems = false

    static var off: Annotations { Annotations(enabled: false) }
    static var on: Annotations { Annotations(enabled: true) }

    mutating func merge(_ o: Annotations) {
        guard enabled else { return }
        props.formUnion(o.props)
        allProps = allProps || o.allProps
        items = max(items, o.items)
        itemBits.formUnion(o.itemBits)
        allItems = allItems || o.allItems
    }
}

struct Evaluator {
    let registry: SchemaRegistry
    let options: ValidationOptions
    var explain: Bool
    let trackScope: Bool
    var errors: [ValidationError] = []
    var ipath: [String] = []
    var spath: [String] = []
    var scope: [String] = []
    var depth = 0
    var stopped = false
    /// Set while gathering every branch's errors to pick one: first-error mode must not cut that short.
    var collectingBranches = false
    /// Set when a dynamic reference was met without scope tracking (its document loaded mid-run): rerun with it.
    var missedScope = false
    /// Address of the first `eval` frame; recursion stops `stackBudget` bytes below it.
    var stackBase: UInt = 0
    /// Stack bytes this evaluation may use: small on the caller's thread (cooperative threads have 512 KB), large
    /// on the dedicated thread `SchemaValidator` moves deep instances to.
    var stackBudget: UInt = 384 * 1024
    /// Nesting limit that catches schemas referring to themselves without consuming the instance.
    var maxDepth = 2000
    /// Set when the stack budget (not the depth limit) stopped evaluation: retry on a bigger stack.
    var hitStackBudget = false
    /// Subschema evaluations so far, and how many this evaluation may make (set at the first: 100,000 plus 1,024
    /// per instance node). The depth limit stops a schema that refers to itself once without consuming the
    /// instance; one that does it twice (`allOf: [{$ref: "#"}, {$ref: "#"}]`) doubles the work at every level and
    /// would run out of memory long before any depth limit. Real validations stay far below the budget.
    var steps = 0
    var stepBudget = 0
    /// Set once the step budget stopped evaluation (reported once).
    var hitStepBudget = false
    /// Set once the recursion limit has been reported.
    var reportedDepth = false

    init(registry: SchemaRegistry, options: ValidationOptions, explain: Bool, trackScope: Bool) {
        self.registry = registry
        self.options = options
        self.explain = explain
        self.trackScope = trackScope
    }

    // MARK: - Error construction

    mutating func fail(
        _ s: CompiledSchema, _ keyword: String, _ message: @autoclosure () -> String,
        expected: @autoclosure () -> String? = nil, found: @autoclosure () -> String? = nil,
        hint: @autoclosure () -> String? = nil, instanceToken: @autoclosure () -> String? = nil,
        schemaTokens: @autoclosure () -> [String] = []
    ) {
        guard explain else { return }
        let message = message()
        let expected = expected()
        let found = found()
        let hint = hint()
        let instanceToken = instanceToken()
        let schemaTokens = schemaTokens()
        var ip = ipath
        if let instanceToken { ip.append(instanceToken) }
        var sp = spath
        var locationNode = s.node
        if s.constant == nil {
            sp.append(keyword)
            if let k = locationNode[keyword] { locationNode = k }
            for t in schemaTokens {
                sp.append(t)
                if let k = locationNode.resolve(JSONPointer(tokens: [t])) { locationNode = k }
            }
        }
        let pointer = locationNode.document.pointer(to: locationNode.index)
        let location = locationNode.document.text.location(at: locationNode.offset, pointer: pointer.description)
        errors.append(
            ValidationError(
                instancePath: JSONPointer(tokens: ip), keyword: keyword, schemaPath: JSONPointer(tokens: sp),
                schemaLocation: location, message: message, expected: expected, found: found, hint: hint))
        if options.collect == .first && !collectingBranches { stopped = true }
    }

    // MARK: - Schemas

    mutating func eval(_ s: CompiledSchema, _ inst: Node, _ ann: inout Annotations) -> Bool {
        if let c = s.constant {
            if c { return true }
            fail(s, "false", "no value is allowed here (the schema is false), found \(inst.describedForMessage)")
            return false
        }
        if s.nullable && inst.isNull { return true }
        if !explain, let leaf = s.leaf {
            switch leaf.verdict(inst.raw, in: inst.document, mode: options.mode) {
            case .valid: return true
            case .invalid: return false
            case .unknown: break
            }
        }
        // A lone `$ref` or one-branch `anyOf` stands for the schema at the end of its chain: the fast pass goes
        // there directly (the explaining pass walks every hop, for the schema paths in its messages).
        if !explain, !trackScope, !ann.enabled, s.soleHop != nil, let (target, nullable) = s.collapsed(registry) {
            if nullable && inst.isNull { return true }
            return target._withUnsafeGuaranteedRef { eval($0, inst, &ann) }
        }
        depth += 1
        defer { depth -= 1 }
        if stepBudget == 0 { stepBudget = 100_000 + 1_024 * inst.document.nodeCount }
        steps += 1
        if steps > stepBudget {
            if !hitStepBudget {
                hitStepBudget = true
                let budget = stepBudget
                fail(
                    s, "$ref",
                    "schema evaluation stopped after \(budget) subschema checks; the schema probably refers to itself more than once without consuming the instance"
                )
            }
            return false
        }
        // Guard the thread's stack (Swift's cooperative threads have small ones): stop at a fixed stack budget.
        var marker: UInt8 = 0
        let here = withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
        if stackBase == 0 { stackBase = here }
        if depth > maxDepth || (stackBase > here && stackBase - here > stackBudget) {
            if depth <= maxDepth { hitStackBudget = true }
            // Said once: a schema that recurses through two branches reaches the limit at every leaf of its tree,
            // and an error per leaf (each with a 2,000-token path) ran out of memory.
            if !reportedDepth {
                reportedDepth = true
                let nested = depth
                fail(
                    s, "$ref",
                    "schema recursion is too deep (\(nested) nested subschemas); the schema probably refers to itself without consuming the instance, or the instance nests too deeply to check"
                )
            }
            return false
        }
        let pushed = trackScope && s.isResourceRoot && scope.last != s.base
        if pushed { scope.append(s.base) }
        defer { if pushed { scope.removeLast() } }
        if s.needsAnnotations {
            var local = Annotations.on
            let ok = evalKeywords(s, inst, &local)
            if ok { ann.merge(local) }
            return ok
        }
        return evalKeywords(s, inst, &ann)
    }

    private mutating func evalKeywords(_ s: CompiledSchema, _ inst: Node, _ ann: inout Annotations) -> Bool {
        if !explain { return evalFast(s, inst, &ann) }
        // Through a buffer pointer: iterating or subscripting the array copies each keyword (a large enum) through
        // its value witness.
        return s.keywords.withUnsafeBufferPointer { keywords in
            var valid = true
            for i in 0..<keywords.count {
                if !evalKeyword(keywords[i], s, inst, &ann) {
                    valid = false
                    if !explain || stopped { return false }
                }
            }
            return valid
        }
    }

    /// The fast pass over a schema's keywords: the hot ones through unretained references (copying a `Keyword`
    /// retains it, and the schemas are shared by every worker thread), the rest through `evalKeyword`.
    private mutating func evalFast(_ s: CompiledSchema, _ inst: Node, _ ann: inout Annotations) -> Bool {
        s.fastOps.withUnsafeBufferPointer { ops in
            for i in 0..<ops.count {
                let ok: Bool
                switch ops[i] {
                case .type(let mask):
                    ok = typeMatches(mask, inst, dialect: s.dialect)
                case .properties(let table):
                    ok = table._withUnsafeGuaranteedRef { kw_properties($0, nil, s, inst, &ann) }
                case .propertiesRequired(let table, let marks):
                    ok = table._withUnsafeGuaranteedRef { t in
                        marks._withUnsafeGuaranteedRef { kw_properties(t, $0, s, inst, &ann) }
                    }
                case .required(let list):
                    ok = list._withUnsafeGuaranteedRef { kw_required($0, s, inst, &ann) }
                case .ref(let slot):
                    ok = slot._withUnsafeGuaranteedRef { kw_ref($0, s, inst, &ann) }
                case .items(let sub, let from):
                    ok = sub._withUnsafeGuaranteedRef { kw_items($0, from, "items", s, inst, &ann) }
                case .branches(let branches):
                    ok = branches._withUnsafeGuaranteedRef { fastBranches($0, inst, &ann) }
                case .keyword(let k), .maxLength(_, let k), .minLength(_, let k), .pattern(_, let k),
                    .additional(_, _, let k):
                    ok = s.keywords.withUnsafeBufferPointer { evalKeyword($0[k], s, inst, &ann) }
                }
                if !ok { return false }
            }
            return true
        }
    }

    /// `anyOf`/`oneOf` in the fast pass: the same counting as `evalBranches`, without retaining the branches.
    private mutating func fastBranches(_ branches: Branches, _ inst: Node, _ ann: inout Annotations) -> Bool {
        var matchCount = 0
        let exactlyOne = branches.exactlyOne
        for b in branches.schemaPointer {
            var branchAnn = ann.enabled ? Annotations.on : Annotations.off
            if b._withUnsafeGuaranteedRef({ eval($0, inst, &branchAnn) }) {
                matchCount += 1
                ann.merge(branchAnn)
                if !ann.enabled && (!exactlyOne || matchCount > 1) { break }
            }
        }
        return matchCount == 1 || (!exactlyOne && matchCount > 0)
    }

    /// Evaluates a subschema without recording errors.
    mutating func silently(_ s: CompiledSchema, _ inst: Node, _ ann: inout Annotations) -> Bool {
        let saved = explain
        explain = false
        defer { explain = saved }
        return eval(s, inst, &ann)
    }

    /// Evaluates a subschema against a child value (property or item).
    private mutating func child(
        _ s: CompiledSchema, _ value: Node, token: @autoclosure () -> String, schema: @autoclosure () -> [String]
    ) -> Bool {
        guard explain else {
            var none = Annotations.off
            return eval(s, value, &none)
        }
        let tokens = schema()
        ipath.append(token())
        spath.append(contentsOf: tokens)
        var none = Annotations.off
        let ok = eval(s, value, &none)
        ipath.removeLast()
        spath.removeLast(tokens.count)
        return ok
    }

    /// Evaluates an in-place subschema (same instance).
    mutating func inPlace(
        _ s: CompiledSchema, _ inst: Node, _ ann: inout Annotations, schema: @autoclosure () -> [String]
    ) -> Bool {
        guard explain else { return eval(s, inst, &ann) }
        let tokens = schema()
        spath.append(contentsOf: tokens)
        let ok = eval(s, inst, &ann)
        spath.removeLast(tokens.count)
        return ok
    }

    private func isInteger(_ n: Node) -> Bool {
        if n.fastInt64 != nil { return true }
        return n.numberValue?.isInteger ?? false
    }

    private func typeMatches(_ mask: TypeMask, _ inst: Node) -> Bool {
        switch inst.kind {
        case .null: return mask.contains(.null)
        case .bool: return mask.contains(.boolean)
        case .string: return mask.contains(.string)
        case .array: return mask.contains(.array)
        case .object: return mask.contains(.object)
        case .number:
            return mask.contains(.number) || (mask.contains(.integer) && isInteger(inst))
        }
    }

    /// draft-04 reads "integer" as a JSON integer literal: `1.0` is a number, not an integer.
    private func typeMatches(_ mask: TypeMask, _ inst: Node, dialect: SchemaDialect) -> Bool {
        if dialect == .draft4, inst.kind == .number, !mask.contains(.number), mask.contains(.integer) {
            return inst.numberValue?.isIntegerLiteral == true
        }
        return typeMatches(mask, inst)
    }

    private func codePointCount(_ inst: Node) -> Int {
        inst.withPayloadDecoded { buf in
            var n = 0
            for b in buf where b & 0xC0 != 0x80 { n += 1 }
            return n
        }
    }

    // MARK: - Keywords

    private mutating func evalKeyword(_ k: Keyword, _ s: CompiledSchema, _ inst: Node, _ ann: inout Annotations) -> Bool
    {
        switch k {
        case .type(let mask): return kw_type(mask, s, inst, &ann)
        case .enumeration(let values): return kw_enumeration(values, s, inst, &ann)
        case .constant(let c): return kw_constant(c, s, inst, &ann)
        case .multipleOf(let m): return kw_multipleOf(m, s, inst, &ann)
        case .maximum(let b, let exclusive): return kw_maximum(b, exclusive, s, inst, &ann)
        case .minimum(let b, let exclusive): return kw_minimum(b, exclusive, s, inst, &ann)
        case .maxLength(let n): return kw_maxLength(n, s, inst, &ann)
        case .minLength(let n): return kw_minLength(n, s, inst, &ann)
        case .pattern(let r): return kw_pattern(r, s, inst, &ann)
        case .format(let f): return kw_format(f, s, inst, &ann)
        case .prefixItems(let subs, let keyword): return kw_prefixItems(subs, keyword, s, inst, &ann)
        case .items(let sub, let from, let keyword): return kw_items(sub, from, keyword, s, inst, &ann)
        case .contains(let sub, let minC, let maxC): return kw_contains(sub, minC, maxC, s, inst, &ann)
        case .maxItems(let n): return kw_maxItems(n, s, inst, &ann)
        case .minItems(let n): return kw_minItems(n, s, inst, &ann)
        case .uniqueItems: return kw_uniqueItems(s, inst, &ann)
        case .properties(let table): return kw_properties(table, nil, s, inst, &ann)
        case .patternProperties(let list): return kw_patternProperties(list, s, inst, &ann)
        case .additionalProperties(let sub, let known, let patterns):
            return kw_additionalProperties(sub, known, patterns, s, inst, &ann)
        case .required(let list): return kw_required(list, s, inst, &ann)
        case .dependentRequired(let list, let keyword): return kw_dependentRequired(list, keyword, s, inst, &ann)
        case .dependentSchemas(let list, let keyword): return kw_dependentSchemas(list, keyword, s, inst, &ann)
        case .propertyNames(let sub): return kw_propertyNames(sub, s, inst, &ann)
        case .maxProperties(let n): return kw_maxProperties(n, s, inst, &ann)
        case .minProperties(let n): return kw_minProperties(n, s, inst, &ann)
        case .allOf(let subs): return kw_allOf(subs, s, inst, &ann)
        case .anyOf(let subs, let disc): return kw_anyOf(subs, disc, s, inst, &ann)
        case .oneOf(let subs, let disc): return kw_oneOf(subs, disc, s, inst, &ann)
        case .not(let sub): return kw_not(sub, s, inst, &ann)
        case .conditional(let ifS, let thenS, let elseS): return kw_conditional(ifS, thenS, elseS, s, inst, &ann)
        case .ref(let slot): return kw_ref(slot, s, inst, &ann)
        case .dynamicRef(let slot, let anchor): return kw_dynamicRef(slot, anchor, s, inst, &ann)
        case .recursiveRef(let slot): return kw_recursiveRef(slot, s, inst, &ann)
        case .readOnly: return kw_readOnly(s, inst, &ann)
        case .writeOnly: return kw_writeOnly(s, inst, &ann)
        case .unevaluatedProperties(let sub): return kw_unevaluatedProperties(sub, s, inst, &ann)
        case .unevaluatedItems(let sub): return kw_unevaluatedItems(sub, s, inst, &ann)
        case .unresolvable(let message): return kw_unresolvable(message, s, inst, &ann)
        case .content(let base64, let json): return kw_content(base64, json, s, inst)
        }
    }

    // Each keyword in its own function: one giant switch gives every recursion level the stack frame of all
    // cases together (tens of kilobytes in debug builds).

    @inline(never)
    private mutating func kw_type(_ mask: TypeMask, _ s: CompiledSchema, _ inst: Node, _ ann: inout Annotations) -> Bool
    {
        if typeMatches(mask, inst, dialect: s.dialect) { return true }
        guard explain else { return false }
        let expected = mask.names.joined(separator: " or ")
        var hint: String?
        if inst.kind == .string, let text = inst.stringValue {
            if mask.contains(.integer) || mask.contains(.number),
                NumberBound.fastDouble(Array(text.utf8)) != nil || JSONNumber(text) != nil
            {
                hint = "send \(text) as a JSON number, without quotes"
            } else if mask.contains(.boolean), text == "true" || text == "false" {
                hint = "send \(text) as a JSON boolean, without quotes"
            }
        }
        fail(
            s, "type", "expected \(expected), found \(inst.describedForMessage)", expected: expected,
            found: inst.describedForMessage, hint: hint)
        return false
    }

    @inline(never)
    private mutating func kw_enumeration(_ values: [Node], _ s: CompiledSchema, _ inst: Node, _ ann: inout Annotations)
        -> Bool
    {
        for v in values where v.jsonEquals(inst) { return true }
        guard explain else { return false }
        let list =
            values.prefix(12).map { $0.quotedForMessage }.joined(separator: ", ") + (values.count > 12 ? ", …" : "")
        var hint: String?
        if inst.kind == .string, let text = inst.stringValue {
            let names = values.compactMap { $0.stringValue }
            if let near = NearestName.suggest(text, among: names) { hint = "did you mean \"\(near)\"?" }
        }
        let expected = values.count == 1 ? list : "one of \(list)"
        fail(
            s, "enum", "expected \(expected), found \(inst.describedForMessage)", expected: expected,
            found: inst.describedForMessage, hint: hint)
        return false
    }

    @inline(never)
    private mutating func kw_constant(_ c: Node, _ s: CompiledSchema, _ inst: Node, _ ann: inout Annotations) -> Bool {
        if c.jsonEquals(inst) { return true }
        fail(
            s, "const", "expected \(c.quotedForMessage), found \(inst.describedForMessage)",
            expected: c.quotedForMessage, found: inst.describedForMessage)
        return false
    }

    @inline(never)
    private mutating func kw_multipleOf(_ m: NumberBound, _ s: CompiledSchema, _ inst: Node, _ ann: inout Annotations)
        -> Bool
    {
        guard inst.kind == .number else { return true }
        if inst.isMultiple(of: m) { return true }
        fail(
            s, "multipleOf", "expected a multiple of \(m.number.text), found \(inst.numberValue!.text)",
            expected: "multiple of \(m.number.text)", found: inst.numberValue!.text)
        return false
    }

    @inline(never)
    private mutating func kw_maximum(
        _ b: NumberBound, _ exclusive: Bool, _ s: CompiledSchema, _ inst: Node, _ ann: inout Annotations
    ) -> Bool {
        guard inst.kind == .number else { return true }
        let c = inst.compare(to: b)
        if c < 0 || (c == 0 && !exclusive) { return true }
        let op = exclusive ? "<" : "<="
        fail(
            s, exclusive && !s.dialect.isDraft4Like ? "exclusiveMaximum" : "maximum",
            "expected a number \(op) \(b.number.text), found \(inst.numberValue!.text)",
            expected: "\(op) \(b.number.text)", found: inst.numberValue!.text)
        return false
    }

    @inline(never)
    private mutating func kw_minimum(
        _ b: NumberBound, _ exclusive: Bool, _ s: CompiledSchema, _ inst: Node, _ ann: inout Annotations
    ) -> Bool {
        guard inst.kind == .number else { return true }
        let c = inst.compare(to: b)
        if c > 0 || (c == 0 && !exclusive) { return true }
        let op = exclusive ? ">" : ">="
        fail(
            s, exclusive && !s.dialect.isDraft4Like ? "exclusiveMinimum" : "minimum",
            "expected a number \(op) \(b.number.text), found \(inst.numberValue!.text)",
            expected: "\(op) \(b.number.text)", found: inst.numberValue!.text)
        return false
    }

    @inline(never)
    private mutating func kw_maxLength(_ n: Int, _ s: CompiledSchema, _ inst: Node, _ ann: inout Annotations) -> Bool {
        guard inst.kind == .string, inst.utf8Count > n else { return true }
        let count = codePointCount(inst)
        if count <= n { return true }
        fail(
            s, "maxLength", "expected at most \(n) characters, found \(count)", expected: "at most \(n) characters",
            found: "\(count) characters")
        return false
    }

    @inline(never)
    private mutating func kw_minLength(_ n: Int, _ s: CompiledSchema, _ inst: Node, _ ann: inout Annotations) -> Bool {
        guard inst.kind == .string else { return true }
        let bytes = inst.utf8Count
        if bytes / 4 >= n { return true }  // at most 4 bytes a code point (and no overflow for huge n)
        let count = codePointCount(inst)
        if count >= n { return true }
        fail(
            s, "minLength", "expected at least \(n) character\(n == 1 ? "" : "s"), found \(count)",
            expected: "at least \(n) characters", found: "\(count) characters")
        return false
    }

    @inline(never)
    private mutating func kw_pattern(_ r: ECMARegex, _ s: CompiledSchema, _ inst: Node, _ ann: inout Annotations)
        -> Bool
    {
        guard inst.kind == .string else { return true }
        let limit = options.regexTimeLimit
        let matched = inst.withPayloadDecoded { r.matches(utf8: $0, timeLimit: limit) }
        if matched == true { return true }
        if matched == nil {
            fail(s, "pattern", "matching /\(r.source)/ took longer than the regex time limit of \(limit) s, so the value was not checked", expected: "/\(r.source)/", found: inst.quotedForMessage, hint: "the pattern backtracks catastrophically on this value (nested quantifiers such as (a+)+): simplify it, or raise ValidationOptions.regexTimeLimit")
            return false
        }
        fail(s, "pattern", "expected a string matching /\(r.source)/, found \(inst.quotedForMessage)", expected: "/\(r.source)/", found: inst.quotedForMessage)
        return false
    }

    @inline(never)
    private mutating func kw_format(_ f: FormatKind, _ s: CompiledSchema, _ inst: Node, _ ann: inout Annotations)
        -> Bool
    {
        guard options.assertFormats else { return true }
        if f.isNumeric {
            guard inst.kind == .number, !f.check(inst.numberValue!) else { return true }
        } else {
            guard inst.kind == .string, let text = inst.stringValue, !f.check(text, dialect: s.dialect) else {
                return true
            }
        }
        fail(
            s, "format", "expected \(f.phrase), found \(inst.describedForMessage)", expected: f.rawValue,
            found: inst.describedForMessage)
        return false
    }

    @inline(never)
    private mutating func kw_prefixItems(
        _ subs: [CompiledSchema], _ keyword: String, _ s: CompiledSchema, _ inst: Node, _ ann: inout Annotations
    ) -> Bool {
        guard inst.kind == .array else { return true }
        var ok = true
        var i = 0
        for item in inst.elements {
            guard i < subs.count else { break }
            if !child(subs[i], item, token: String(i), schema: [keyword, String(i)]) {
                ok = false
                if !explain || stopped { return false }
            }
            i += 1
        }
        if ann.enabled { ann.items = max(ann.items, i) }
        return ok
    }

    @inline(never)
    private mutating func kw_items(
        _ sub: CompiledSchema, _ from: Int, _ keyword: String, _ s: CompiledSchema, _ inst: Node,
        _ ann: inout Annotations
    ) -> Bool {
        guard inst.kind == .array else { return true }
        var ok = true
        var i = 0
        let leaf = explain ? nil : sub.leaf
        for item in inst.elements {
            defer { i += 1 }
            if i < from { continue }
            if let leaf {
                switch leaf.verdict(item.raw, in: item.document, mode: options.mode) {
                case .valid: continue
                case .invalid: return false
                case .unknown: break
                }
            }
            if sub.constant == false {
                fail(
                    sub, keyword,
                    "no item is allowed at index \(i) (the array allows \(from) item\(from == 1 ? "" : "s")), found \(item.describedForMessage)",
                    instanceToken: String(i))
                if explain { ok = false; if stopped { return false }; continue }
                return false
            }
            if !child(sub, item, token: String(i), schema: [keyword]) {
                ok = false
                if !explain || stopped { return false }
            }
        }
        if ann.enabled && inst.count > from { ann.allItems = true }
        return ok
    }

    @inline(never)
    private mutating func kw_contains(
        _ sub: CompiledSchema, _ minC: Int, _ maxC: Int?, _ s: CompiledSchema, _ inst: Node, _ ann: inout Annotations
    ) -> Bool {
        guard inst.kind == .array else { return true }
        var matched = 0
        var i = 0
        for item in inst.elements {
            var none = Annotations.off
            if silently(sub, item, &none) {
                matched += 1
                if ann.enabled { ann.itemBits.insert(i) }
                if !ann.enabled && maxC == nil && matched >= minC { return true }
            }
            i += 1
        }
        if matched < minC {
            fail(
                s, minC == 1 ? "contains" : "minContains",
                "expected at least \(minC) item\(minC == 1 ? "" : "s") matching the contains schema, found \(matched)",
                expected: "at least \(minC) matching items", found: "\(matched)")
            return false
        }
        if let maxC, matched > maxC {
            fail(
                s, "maxContains",
                "expected at most \(maxC) item\(maxC == 1 ? "" : "s") matching the contains schema, found \(matched)",
                expected: "at most \(maxC) matching items", found: "\(matched)")
            return false
        }
        return true
    }

    @inline(never)
    private mutating func kw_maxItems(_ n: Int, _ s: CompiledSchema, _ inst: Node, _ ann: inout Annotations) -> Bool {
        guard inst.kind == .array, inst.count > n else { return true }
        fail(
            s, "maxItems", "expected at most \(n) item\(n == 1 ? "" : "s"), found \(inst.count)",
            expected: "at most \(n) items", found: "\(inst.count) items")
        return false
    }

    @inline(never)
    private mutating func kw_minItems(_ n: Int, _ s: CompiledSchema, _ inst: Node, _ ann: inout Annotations) -> Bool {
        guard inst.kind == .array, inst.count < n else { return true }
        fail(
            s, "minItems", "expected at least \(n) item\(n == 1 ? "" : "s"), found \(inst.count)",
            expected: "at least \(n) items", found: "\(inst.count) items")
        return false
    }

    @inline(never)
    private mutating func kw_uniqueItems(_ s: CompiledSchema, _ inst: Node, _ ann: inout Annotations) -> Bool {
        guard inst.kind == .array, inst.count > 1 else { return true }
        var items: [Node] = []
        items.reserveCapacity(inst.count)
        items.append(contentsOf: inst.elements)
        for i in 0..<items.count {
            for j in (i + 1)..<items.count where items[i].jsonEquals(items[j]) {
                fail(
                    s, "uniqueItems", "expected unique items, found equal items at indexes \(i) and \(j)",
                    expected: "unique items", found: "duplicates at \(i) and \(j)")
                return false
            }
        }
        return true
    }

    /// `properties`, and with `marks` (the fast pass only) `required` too, in one walk over the members.
    @inline(never)
    private mutating func kw_properties(
        _ table: PropertyTable, _ marks: RequiredMarks?, _ s: CompiledSchema, _ inst: Node, _ ann: inout Annotations
    ) -> Bool {
        guard inst.kind == .object else { return true }
        var ok = true
        var p = 0
        var expected = 0
        var seen: UInt64 = 0
        let document = inst.document
        let fast = !explain
        let mode = options.mode
        _ = document.forEachMember(of: inst.index) { key, valueIndex in
            defer { p += 1 }
            guard let idx = table.find(key, expecting: expected) else { return true }
            expected = idx + 1
            if let marks { seen |= marks.bit(idx) }
            if ann.enabled { ann.props.insert(p) }
            if fast, let leaf = table.leaf(idx) {
                switch leaf.verdict(document.nodes[valueIndex], in: document, mode: mode) {
                case .valid: return true
                case .invalid: ok = false; return false
                case .unknown: break
                }
            }
            let valid = table.schema(idx)._withUnsafeGuaranteedRef {
                child($0, document.node(at: valueIndex), token: table.names[idx], schema: ["properties", table.names[idx]])
            }
            if !valid {
                ok = false
                if !explain || stopped { return false }
            }
            return true
        }
        guard ok, let marks, seen != marks.all else { return ok }
        return marks.list.missingAreExempt(seen: seen, mode: mode)
    }

    @inline(never)
    private mutating func kw_patternProperties(
        _ list: [(ECMARegex, CompiledSchema)], _ s: CompiledSchema, _ inst: Node, _ ann: inout Annotations
    ) -> Bool {
        guard inst.kind == .object else { return true }
        var ok = true
        var p = 0
        for (key, value) in inst.members {
            defer { p += 1 }
            for (r, sub) in list where key.withPayloadDecoded({ r.matches(utf8: $0) }) {
                if ann.enabled { ann.props.insert(p) }
                if !child(sub, value, token: key.stringValue ?? "", schema: ["patternProperties", r.source]) {
                    ok = false
                    if !explain || stopped { return false }
                }
            }
        }
        return ok
    }

    @inline(never)
    private mutating func kw_additionalProperties(
        _ sub: CompiledSchema, _ known: PropertyTable?, _ patterns: [ECMARegex], _ s: CompiledSchema, _ inst: Node,
        _ ann: inout Annotations
    ) -> Bool {
        guard inst.kind == .object else { return true }
        var ok = true
        var p = 0
        for (key, value) in inst.members {
            defer { p += 1 }
            if let known, known.find(key) != nil { continue }
            if !patterns.isEmpty, key.withPayloadDecoded({ buf in patterns.contains { $0.matches(utf8: buf) } }) {
                continue
            }
            if ann.enabled { ann.props.insert(p) }
            if !explain, let leaf = sub.leaf {
                switch leaf.verdict(value.raw, in: value.document, mode: options.mode) {
                case .valid: continue
                case .invalid: return false
                case .unknown: break
                }
            }
            if sub.constant == false {
                if explain {
                    unknownProperty(s, "additionalProperties", key.stringValue ?? "", allowed: known?.names ?? [])
                }
                ok = false
                if !explain || stopped { return false }
                continue
            }
            if !child(sub, value, token: key.stringValue ?? "", schema: ["additionalProperties"]) {
                ok = false
                if !explain || stopped { return false }
            }
        }
        return ok
    }

    @inline(never)
    private mutating func kw_required(_ list: RequiredList, _ s: CompiledSchema, _ inst: Node, _ ann: inout Annotations)
        -> Bool
    {
        guard inst.kind == .object else { return true }
        let names = list.names
        if list.hashed && !explain {
            // One pass over the instance's keys, hashing each, instead of one scan per required name.
            var seen: UInt64 = 0
            let table = list.table
            _ = inst.document.forEachMember(of: inst.index) { key, _ in
                if let i = table.find(key) { seen |= 1 << UInt64(i) }
                return true
            }
            let all: UInt64 = names.count == 64 ? ~0 : (1 << UInt64(names.count)) - 1
            return seen == all || list.missingAreExempt(seen: seen, mode: options.mode)
        }
        var ok = true
        for (i, name) in names.enumerated() where inst[name] == nil {
            if options.mode == .request && list.readOnly[i] { continue }
            if options.mode == .response && list.writeOnly[i] { continue }
            ok = false
            guard explain else { return false }
            var hint: String?
            let present = inst.keys
            if let near = NearestName.suggest(name, among: present), !names.contains(near) {
                hint = "the object has \"\(near)\": is it misspelled?"
            }
            fail(
                s, "required", "missing required property \"\(name)\"", expected: "property \"\(name)\"", found: nil,
                hint: hint)
            if stopped { return false }
        }
        return ok
    }

    @inline(never)
    private mutating func kw_dependentRequired(
        _ list: [(String, [String])], _ keyword: String, _ s: CompiledSchema, _ inst: Node, _ ann: inout Annotations
    ) -> Bool {
        guard inst.kind == .object else { return true }
        var ok = true
        for (trigger, needed) in list where inst[trigger] != nil {
            for name in needed where inst[name] == nil {
                ok = false
                guard explain else { return false }
                fail(
                    s, keyword, "property \"\(name)\" is required when \"\(trigger)\" is present",
                    expected: "property \"\(name)\"", schemaTokens: [trigger])
                if stopped { return false }
            }
        }
        return ok
    }

    @inline(never)
    private mutating func kw_dependentSchemas(
        _ list: [(String, CompiledSchema)], _ keyword: String, _ s: CompiledSchema, _ inst: Node,
        _ ann: inout Annotations
    ) -> Bool {
        guard inst.kind == .object else { return true }
        var ok = true
        for (trigger, sub) in list where inst[trigger] != nil {
            if !inPlace(sub, inst, &ann, schema: [keyword, trigger]) {
                ok = false
                if !explain || stopped { return false }
            }
        }
        return ok
    }

    @inline(never)
    private mutating func kw_propertyNames(
        _ sub: CompiledSchema, _ s: CompiledSchema, _ inst: Node, _ ann: inout Annotations
    ) -> Bool {
        guard inst.kind == .object else { return true }
        var ok = true
        for (key, _) in inst.members {
            if !child(sub, key, token: key.stringValue ?? "", schema: ["propertyNames"]) {
                ok = false
                if !explain || stopped { return false }
            }
        }
        return ok
    }

    @inline(never)
    private mutating func kw_maxProperties(_ n: Int, _ s: CompiledSchema, _ inst: Node, _ ann: inout Annotations)
        -> Bool
    {
        guard inst.kind == .object, inst.count > n else { return true }
        fail(
            s, "maxProperties", "expected at most \(n) propert\(n == 1 ? "y" : "ies"), found \(inst.count)",
            expected: "at most \(n) properties", found: "\(inst.count)")
        return false
    }

    @inline(never)
    private mutating func kw_minProperties(_ n: Int, _ s: CompiledSchema, _ inst: Node, _ ann: inout Annotations)
        -> Bool
    {
        guard inst.kind == .object, inst.count < n else { return true }
        fail(
            s, "minProperties", "expected at least \(n) propert\(n == 1 ? "y" : "ies"), found \(inst.count)",
            expected: "at least \(n) properties", found: "\(inst.count)")
        return false
    }

    @inline(never)
    private mutating func kw_allOf(
        _ subs: [CompiledSchema], _ s: CompiledSchema, _ inst: Node, _ ann: inout Annotations
    ) -> Bool {
        var ok = true
        for (i, sub) in subs.enumerated() {
            let before = errors.count
            if !inPlace(sub, inst, &ann, schema: ["allOf", String(i)]) {
                ok = false
                if explain {
                    let label = branchLabel(sub, i)
                    let note = label.hasPrefix("#") ? "from allOf part \(i)" : "from allOf part \(i) (\(label))"
                    for e in before..<errors.count { errors[e].notes.append(note) }
                }
                if !explain || stopped { return false }
            }
        }
        return ok
    }

    @inline(never)
    private mutating func kw_anyOf(
        _ subs: [CompiledSchema], _ disc: Discriminator?, _ s: CompiledSchema, _ inst: Node, _ ann: inout Annotations
    ) -> Bool {
        return evalBranches(s, "anyOf", subs, disc, inst, &ann, exactlyOne: false)
    }

    @inline(never)
    private mutating func kw_oneOf(
        _ subs: [CompiledSchema], _ disc: Discriminator?, _ s: CompiledSchema, _ inst: Node, _ ann: inout Annotations
    ) -> Bool {
        return evalBranches(s, "oneOf", subs, disc, inst, &ann, exactlyOne: true)
    }

    @inline(never)
    private mutating func kw_not(_ sub: CompiledSchema, _ s: CompiledSchema, _ inst: Node, _ ann: inout Annotations)
        -> Bool
    {
        var none = Annotations.off
        if !silently(sub, inst, &none) { return true }
        fail(
            s, "not",
            "expected a value that does not match the schema under \"not\", found \(inst.describedForMessage)",
            found: inst.describedForMessage)
        return false
    }

    @inline(never)
    private mutating func kw_conditional(
        _ ifS: CompiledSchema, _ thenS: CompiledSchema?, _ elseS: CompiledSchema?, _ s: CompiledSchema, _ inst: Node,
        _ ann: inout Annotations
    ) -> Bool {
        var condAnn = ann.enabled ? Annotations.on : Annotations.off
        if silently(ifS, inst, &condAnn) {
            ann.merge(condAnn)
            guard let thenS else { return true }
            return inPlace(thenS, inst, &ann, schema: ["then"])
        }
        guard let elseS else { return true }
        return inPlace(elseS, inst, &ann, schema: ["else"])
    }

    @inline(never)
    private mutating func kw_ref(_ slot: RefSlot, _ s: CompiledSchema, _ inst: Node, _ ann: inout Annotations) -> Bool {
        if !trackScope, let target = slot.unretained.load(ordering: .acquiring) {
            return target._withUnsafeGuaranteedRef { inPlace($0, inst, &ann, schema: ["$ref"]) }
        }
        guard let target = slot.resolve(registry) else {
            fail(
                s, "$ref",
                "cannot resolve $ref \"\(slot.written)\" (\(slot.uri)): no registered document answers to it",
                hint: "register the document, or map its URL prefix to a local folder with --ref-map")
            return false
        }
        return follow(target, inst, &ann, keyword: "$ref")
    }

    @inline(never)
    private mutating func kw_dynamicRef(
        _ slot: RefSlot, _ anchor: String?, _ s: CompiledSchema, _ inst: Node, _ ann: inout Annotations
    ) -> Bool {
        if !trackScope { missedScope = true }
        guard var target = slot.resolve(registry) else {
            fail(
                s, "$dynamicRef", "cannot resolve $dynamicRef \"\(slot.written)\"",
                hint: "register the document that defines it")
            return false
        }
        if let anchor, target.dynamicAnchor == anchor {
            for base in scope {
                if let c = registry.dynamicAnchor(anchor, in: base) {
                    target = c
                    break
                }
            }
        }
        return follow(target, inst, &ann, keyword: "$dynamicRef")
    }

    @inline(never)
    private mutating func kw_recursiveRef(_ slot: RefSlot, _ s: CompiledSchema, _ inst: Node, _ ann: inout Annotations)
        -> Bool
    {
        if !trackScope { missedScope = true }
        guard var target = slot.resolve(registry) else {
            fail(s, "$recursiveRef", "cannot resolve $recursiveRef \"\(slot.written)\"")
            return false
        }
        if target.recursiveAnchor {
            for base in scope {
                if let c = registry.compile(uri: base), c.recursiveAnchor {
                    target = c
                    break
                }
            }
        }
        return follow(target, inst, &ann, keyword: "$recursiveRef")
    }

    @inline(never)
    private mutating func kw_readOnly(_ s: CompiledSchema, _ inst: Node, _ ann: inout Annotations) -> Bool {
        guard options.mode == .request else { return true }
        let name = ipath.last.map { "property \"\($0)\"" } ?? "this value"
        fail(
            s, "readOnly", "\(name) is read-only: it must not be sent in a request",
            hint: "remove it from the request; the server sets it")
        return false
    }

    @inline(never)
    private mutating func kw_writeOnly(_ s: CompiledSchema, _ inst: Node, _ ann: inout Annotations) -> Bool {
        guard options.mode == .response else { return true }
        let name = ipath.last.map { "property \"\($0)\"" } ?? "this value"
        fail(
            s, "writeOnly", "\(name) is write-only: it must not appear in a response",
            hint: "the server should not echo it back")
        return false
    }

    @inline(never)
    private mutating func kw_unevaluatedProperties(
        _ sub: CompiledSchema, _ s: CompiledSchema, _ inst: Node, _ ann: inout Annotations
    ) -> Bool {
        guard inst.kind == .object else { return true }
        var ok = true
        var p = 0
        var names: [String]?
        for (key, value) in inst.members {
            defer { p += 1 }
            if ann.allProps || ann.props.contains(p) { continue }
            if sub.constant == false {
                ok = false
                guard explain else { return false }
                if names == nil { names = declaredNames(s) }
                unknownProperty(s, "unevaluatedProperties", key.stringValue ?? "", allowed: names!)
                if stopped { return false }
                continue
            }
            if !child(sub, value, token: key.stringValue ?? "", schema: ["unevaluatedProperties"]) {
                ok = false
                if !explain || stopped { return false }
            }
        }
        if ok { ann.allProps = true }
        return ok
    }

    @inline(never)
    private mutating func kw_unevaluatedItems(
        _ sub: CompiledSchema, _ s: CompiledSchema, _ inst: Node, _ ann: inout Annotations
    ) -> Bool {
        guard inst.kind == .array else { return true }
        var ok = true
        var i = 0
        for item in inst.elements {
            defer { i += 1 }
            if ann.allItems || i < ann.items || ann.itemBits.contains(i) { continue }
            if sub.constant == false {
                ok = false
                fail(
                    s, "unevaluatedItems",
                    "no item is allowed at index \(i) (not covered by prefixItems, items or contains), found \(item.describedForMessage)",
                    instanceToken: String(i))
                if !explain || stopped { return false }
                continue
            }
            if !child(sub, item, token: String(i), schema: ["unevaluatedItems"]) {
                ok = false
                if !explain || stopped { return false }
            }
        }
        if ok { ann.allItems = true }
        return ok
    }

    @inline(never)
    private mutating func kw_unresolvable(
        _ message: String, _ s: CompiledSchema, _ inst: Node, _ ann: inout Annotations
    ) -> Bool {
        fail(s, "$ref", message)
        return false
    }

    @inline(never)
    private mutating func kw_content(_ base64: Bool, _ json: Bool, _ s: CompiledSchema, _ inst: Node) -> Bool {
        guard options.assertFormats, inst.kind == .string, let text = inst.stringValue else { return true }
        var bytes = Array(text.utf8)
        if base64 {
            guard let data = Data(base64Encoded: text) else {
                fail(s, "contentEncoding", "expected base64-encoded content, found \(inst.quotedForMessage)")
                return false
            }
            bytes = Array(data)
        }
        if json, (try? JSONParser.parse(SourceText(name: "<content>", bytes: bytes))) == nil {
            fail(s, "contentMediaType", "expected a JSON document in the string, found \(inst.quotedForMessage)")
            return false
        }
        return true
    }

    private mutating func follow(_ target: CompiledSchema, _ inst: Node, _ ann: inout Annotations, keyword: String)
        -> Bool
    {
        let pushed = trackScope && scope.last != target.base
        if pushed { scope.append(target.base) }
        defer { if pushed { scope.removeLast() } }
        return inPlace(target, inst, &ann, schema: [keyword])
    }

    private mutating func unknownProperty(_ s: CompiledSchema, _ keyword: String, _ name: String, allowed: [String]) {
        var hint: String?
        if let near = NearestName.suggest(name, among: allowed) {
            hint = "did you mean \"\(near)\"?"
        } else if !allowed.isEmpty && allowed.count <= 12 {
            hint = "allowed properties: " + allowed.sorted().joined(separator: ", ")
        }
        fail(
            s, keyword, "unknown property \"\(name)\"", expected: nil, found: "property \"\(name)\"", hint: hint,
            instanceToken: name)
    }

    /// Names declared by `properties` in a schema and its in-place subschemas, for did-you-mean.
    private func declaredNames(_ s: CompiledSchema, depth: Int = 0) -> [String] {
        guard depth < 8 else { return [] }
        var out: [String] = []
        for k in s.keywords {
            switch k {
            case .properties(let t): out += t.names
            case .allOf(let subs), .anyOf(let subs, _), .oneOf(let subs, _):
                for sub in subs { out += declaredNames(sub, depth: depth + 1) }
            case .ref(let slot):
                if let t = slot.target.load() { out += declaredNames(t, depth: depth + 1) }
            default: break
            }
        }
        return out
    }
}

extension Document {
    /// The JSON pointer of a node, found by descending from the root (failure path only).
    /// - Complexity: O(depth × siblings).
    func pointer(to target: Int) -> JSONPointer {
        var tokens: [String] = []
        var current = root
        while current.index != target {
            var next: Node?
            switch current.kind {
            case .object:
                for (k, v) in current.members {
                    if k.index == target { return JSONPointer(tokens: tokens) }
                    if v.index <= target && target < v.end {
                        tokens.append(k.stringValue ?? "")
                        next = v
                        break
                    }
                }
            case .array:
                for (i, e) in current.elements.enumerated() where e.index <= target && target < e.end {
                    tokens.append(String(i))
                    next = e
                    break
                }
            default: break
            }
            guard let n = next else { break }
            current = n
        }
        return JSONPointer(tokens: tokens)
    }
}
