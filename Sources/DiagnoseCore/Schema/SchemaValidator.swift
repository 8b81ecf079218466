import Foundation
import Synchronization

/// A schema compiled once and validated against many instances, from any number of threads.
///
/// Subschemas behind `$ref` compile on first use and are shared through the registry's cache, so building a
/// validator for one of Stripe's thousands of schemas is cheap, and validating reads compiled nodes without locks.
public final class SchemaValidator: Sendable {
    /// The registry references resolve against.
    public let registry: SchemaRegistry
    let root: CompiledSchema

    /// Compiles the schema at `uri` (plus an optional pointer below it) in a registry.
    /// - Parameters:
    ///   - registry: where the document is registered (or mapped).
    ///   - uri: absolute URI of the document or of an `$id`/`$anchor`, optionally with a fragment.
    ///   - pointer: a JSON pointer below `uri` (for example `/components/schemas/customer`).
    /// - Throws: `SchemaError` when nothing in the registry answers to the URI.
    public init(registry: SchemaRegistry, uri: String, pointer: JSONPointer = .root) throws(SchemaError) {
        var target = uri
        if !pointer.tokens.isEmpty {
            let (base, fragment) = URIReference.splitFragment(uri)
            target =
                base + (fragment ?? "").removingPercentEncodingLossless.map { "#" + $0 }! + pointer.fragment.dropFirst()
            if fragment == nil || fragment!.isEmpty { target = base + pointer.fragment }
        }
        guard let compiled = registry.compile(uri: target) else {
            throw SchemaError(
                message: "no schema at \(target)",
                hint: "register the document that holds it, or map its URL prefix to a local file with --ref-map")
        }
        self.registry = registry
        self.root = compiled
    }

    /// Compiles a schema node; its document is registered (under a `urn:` URI) when it is not yet.
    /// - Parameters:
    ///   - registry: where references resolve; gets the node's document if it does not know it.
    ///   - schema: the schema node (in a registered document, or in a fresh one).
    ///   - dialect: how to read the document when it is registered here (ignored when already registered).
    public init(registry: SchemaRegistry, schema: Node, dialect: SchemaDialect = .draft2020_12) {
        if registry.uri(of: schema.document) == nil {
            registry.register(
                schema.document, uri: "urn:diagnose:document:\(SchemaValidator.nextID())", dialect: dialect)
        }
        self.registry = registry
        self.root = registry.compile(schema)
    }

    init(registry: SchemaRegistry, compiled: CompiledSchema) {
        self.registry = registry
        self.root = compiled
    }

    private static let counter = Atomic<Int>(0)
    private static func nextID() -> Int { counter.add(1, ordering: .relaxed).newValue }

    /// Validates an instance.
    /// - Parameters:
    ///   - instance: the value to check.
    ///   - options: request/response mode, all or first error, format assertion.
    /// - Returns: whether it matches and, if not, the errors.
    /// - Complexity: a matching instance is checked once without building any path or message; a failing one is
    ///   walked a second time to explain it.
    public func validate(_ instance: Node, options: ValidationOptions = ValidationOptions()) -> ValidationResult {
        if isValid(instance, options: options) { return ValidationResult(isValid: true, errors: []) }
        let track = registry.usesDynamicScope.load(ordering: .relaxed)
        var slow = Evaluator(registry: registry, options: options, explain: true, trackScope: track)
        var none2 = Annotations.off
        _ = slow.eval(root, instance, &none2)
        if slow.hitStackBudget {
            slow = SchemaValidator.onLargeStack {
                var deep = Evaluator(registry: self.registry, options: options, explain: true, trackScope: track)
                deep.stackBudget = SchemaValidator.largeStack - 8 * 1024 * 1024
                deep.maxDepth = SchemaValidator.deepLimit(instance)
                var none = Annotations.off
                _ = deep.eval(self.root, instance, &none)
                return deep
            }
        }
        if slow.errors.isEmpty {
            slow.errors.append(
                ValidationError(
                    instancePath: .root, keyword: "", schemaPath: .root,
                    message: "the value does not match the schema"))
        }
        return ValidationResult(isValid: false, errors: slow.errors)
    }

    /// Whether an instance matches (the fast pass only).
    /// - Parameters:
    ///   - instance: the value to check.
    ///   - options: request/response mode and format assertion (`collect` is irrelevant).
    /// - Returns: true when it matches.
    public func isValid(_ instance: Node, options: ValidationOptions = ValidationOptions()) -> Bool {
        var fast = Evaluator(
            registry: registry, options: options, explain: false,
            trackScope: registry.usesDynamicScope.load(ordering: .relaxed))
        var none = Annotations.off
        let ok = fast.eval(root, instance, &none)
        guard fast.missedScope || fast.hitStackBudget else { return ok }
        // A document with dynamic references was loaded during this run: evaluate again with scope tracking.
        if !fast.hitStackBudget {
            var again = Evaluator(registry: registry, options: options, explain: false, trackScope: true)
            var none2 = Annotations.off
            let result = again.eval(root, instance, &none2)
            if !again.hitStackBudget { return result }
        }
        // The instance nests deeper than the caller's stack allows: evaluate on a thread with a large stack.
        return SchemaValidator.onLargeStack {
            var deep = Evaluator(registry: self.registry, options: options, explain: false, trackScope: true)
            deep.stackBudget = SchemaValidator.largeStack - 8 * 1024 * 1024
            deep.maxDepth = SchemaValidator.deepLimit(instance)
            var none2 = Annotations.off
            return deep.eval(self.root, instance, &none2)
        }
    }

    /// Whether JSON text matches, read straight from its bytes without building a document: true or false when
    /// that is certain, nil when the text must be parsed and validated as usual (a keyword outside the common
    /// OpenAPI set, an escaped key, malformed text, …). Never true for text the parser would reject.
    /// - Parameters:
    ///   - json: the JSON text.
    ///   - options: request/response mode and the regex time limit (`collect` is irrelevant).
    public func isValid(json: [UInt8], options: ValidationOptions = ValidationOptions()) -> Bool? {
        json.withUnsafeBufferPointer { isValid(json: $0, options: options) }
    }

    /// The same for text in a buffer.
    func isValid(json: UnsafeBufferPointer<UInt8>, options: ValidationOptions = ValidationOptions()) -> Bool? {
        ByteValidator<PlainJSON>.isValid(json, schema: root, registry: registry, options: options)
    }

    /// The same for JSON text recorded as a JSON string (a HAR body's `text`): read where it lies when its only
    /// escapes are `\"` (compact JSON), decoded first otherwise. Nil also when `string` is not a string.
    public func isValid(jsonIn string: Node, options: ValidationOptions = ValidationOptions()) -> Bool? {
        guard string.kind == .string else { return nil }
        if let answer = string.withJSONTextInPlace({ isValid(text: $0, inJSONString: $1, options: options) }) {
            return answer
        }
        return isValid(json: string.decodedBytes(), options: options)
    }

    /// Text as `Node.withJSONTextInPlace` and `HTTPBody.withRecordedText` lend it: inside a JSON string or plain.
    func isValid(text: UnsafeBufferPointer<UInt8>, inJSONString: Bool, options: ValidationOptions) -> Bool? {
        inJSONString ? isValid(jsonInString: text, options: options) : isValid(json: text, options: options)
    }

    /// The same for the payload of a JSON string flagged `RawNode.quoteEscapesOnly` (between its quotes, as
    /// `JSONParser` accepted it), read where it lies without unescaping it.
    func isValid(jsonInString text: UnsafeBufferPointer<UInt8>, options: ValidationOptions = ValidationOptions()) -> Bool? {
        ByteValidator<InJSONString>.isValid(text, schema: root, registry: registry, options: options)
    }

    /// The recursion limit on the large stack: room for the instance's own nesting, at most 20,000. A schema that
    /// refers to itself without consuming the instance (`allOf: [{$ref: "#"}]`) stops after about 2,000 levels,
    /// as on the normal stack, instead of running 20,000 levels deep (seconds when explaining every level).
    static func deepLimit(_ instance: Node) -> Int {
        var deepest = 0
        var stack = [(instance, 1)]
        while let (node, level) = stack.popLast() {
            deepest = max(deepest, level)
            if deepest >= 2_250 { break }
            switch node.kind {
            case .array: for element in node.elements { stack.append((element, level + 1)) }
            case .object: for member in node.members { stack.append((member.value, level + 1)) }
            default: break
            }
        }
        return min(20_000, 2_000 + 8 * deepest)
    }

    /// Stack size of the thread used for instances too deep for the caller's stack.
    static let largeStack: UInt = 256 * 1024 * 1024

    /// Runs `body` on a new thread with a `largeStack`-byte stack and waits for it.
    static func onLargeStack<T>(_ body: @escaping @Sendable () -> T) -> T {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            box.value = body()
            done.signal()
        }
        thread.stackSize = Int(largeStack)
        thread.start()
        done.wait()
        return box.value!
    }

    /// Compiles everything reachable from the schema now (every `$ref` target), instead of on first use.
    /// - Returns: the number of distinct compiled schema nodes reached.
    @discardableResult
    public func prepare() -> Int {
        var seen = Set<ObjectIdentifier>()
        var stack = [root]
        while let s = stack.popLast() {
            guard seen.insert(ObjectIdentifier(s)).inserted else { continue }
            for k in s.keywords {
                switch k {
                case .ref(let slot), .dynamicRef(let slot, _), .recursiveRef(let slot):
                    if let t = slot.resolve(registry) { stack.append(t) }
                case .prefixItems(let subs, _), .allOf(let subs), .anyOf(let subs, _), .oneOf(let subs, _):
                    stack += subs
                case .items(let sub, _, _), .contains(let sub, _, _), .additionalProperties(let sub, _, _),
                    .propertyNames(let sub), .not(let sub), .unevaluatedItems(let sub), .unevaluatedProperties(let sub):
                    stack.append(sub)
                case .properties(let t): stack += t.schemas
                case .patternProperties(let list): stack += list.map { $0.1 }
                case .dependentSchemas(let list, _): stack += list.map { $0.1 }
                case .conditional(let i, let t, let e):
                    stack.append(i)
                    if let t { stack.append(t) }
                    if let e { stack.append(e) }
                default: break
                }
            }
        }
        return seen.count
    }

    /// A read-only view of the schema's shape, for decoders that coerce strings by schema.
    public var shape: SchemaShape { SchemaShape(schema: root, registry: registry) }

    /// Where the schema is written.
    public var location: SourceLocation {
        let node = root.node
        return node.document.text.location(at: node.offset, pointer: node.document.pointer(to: node.index).description)
    }
}

/// Carries a result out of the large-stack thread; written once before the semaphore signals, read after.
private final class ResultBox<T>: @unchecked Sendable {
    var value: T?
}
