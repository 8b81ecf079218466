import Synchronization

/*
 `anyOf`/`oneOf` failures report one branch, not all of them. The branch is chosen, in order, by:
   1. the OpenAPI discriminator value (explicit `mapping`, else the referenced schema's name),
   2. tag fields: a branch whose `const` (or one-value `enum`) properties all equal the instance's values
      (`object: "card"`),
   3. the branch whose errors sit deepest in the instance (it matched the most before failing).
 The chosen branch's errors are reported with a note naming the other branches on one line.
*/

extension Evaluator {
    /// The name a branch goes by in messages: its `$ref` target name, `title`, tag value, or `#index`.
    func branchLabel(_ b: CompiledSchema, _ i: Int) -> String {
        if let slot = b.soleRef { return slot.label }
        if let t = b.title { return t }
        if let tag = tags(of: b).first { return "\(tag.0)=\(tag.1.quotedForMessage)" }
        return "#\(i)"
    }

    /// `const`/one-value `enum` properties of a branch (through one `$ref`).
    func tags(of b: CompiledSchema) -> [(String, Node)] {
        var schema = b
        if let slot = b.soleRef, let t = slot.resolve(registry) { schema = t }
        var out: [(String, Node)] = []
        for k in schema.keywords {
            guard case .properties(let table) = k else { continue }
            for (name, sub) in zip(table.names, table.schemas) {
                var p = sub
                if let slot = sub.soleRef, let t = slot.target.load() ?? slot.resolve(registry) { p = t }
                for pk in p.keywords {
                    if case .constant(let c) = pk { out.append((name, c)) }
                    if case .enumeration(let values) = pk, values.count == 1 { out.append((name, values[0])) }
                }
            }
        }
        return out
    }

    /// Resolves the branch a discriminator names: (branch index or nil, target schema).
    func discriminated(_ d: Discriminator, _ subs: [CompiledSchema], _ value: String) -> (Int?, CompiledSchema?) {
        if let slot = d.mapping.first(where: { $0.0 == value })?.1 {
            guard let target = slot.resolve(registry) else { return (nil, nil) }
            for (i, b) in subs.enumerated() {
                if b === target { return (i, target) }
                if let r = b.soleRef, r.resolve(registry) === target { return (i, target) }
            }
            return (nil, target)
        }
        for (i, b) in subs.enumerated() {
            if let r = b.soleRef, r.label == value { return (i, b) }
        }
        return (nil, nil)
    }

    mutating func evalBranches(
        _ s: CompiledSchema, _ keyword: String, _ subs: [CompiledSchema], _ disc: Discriminator?, _ inst: Node,
        _ ann: inout Annotations, exactlyOne: Bool
    ) -> Bool {
        // Discriminator: the value picks the branch.
        if let d = disc, inst.kind == .object, let valueNode = inst[d.propertyName], let value = valueNode.stringValue {
            return evalDiscriminated(s, keyword, subs, d, value, inst, &ann)
        }

        // Fast pass over branches.
        var matchCount = 0
        for b in subs {
            var branchAnn = ann.enabled ? Annotations.on : Annotations.off
            if silently(b, inst, &branchAnn) {
                matchCount += 1
                ann.merge(branchAnn)
                if !ann.enabled && (!exactlyOne || matchCount > 1) { break }
            }
        }
        if matchCount == 1 || (!exactlyOne && matchCount > 0) { return true }
        guard explain else { return false }
        explainBranchFailure(s, keyword, subs, inst, exactlyOne: exactlyOne, matchCount: matchCount)
        return false
    }

    @inline(never)
    private mutating func explainBranchFailure(
        _ s: CompiledSchema, _ keyword: String, _ subs: [CompiledSchema], _ inst: Node, exactlyOne: Bool, matchCount: Int
    ) {
        var matches: [Int] = []
        if matchCount > 1 {
            // Re-run for the full list of matching branches.
            matches = []
            for (i, b) in subs.enumerated() {
                var none = Annotations.off
                if silently(b, inst, &none) { matches.append(i) }
            }
            let names = matches.map { branchLabel(subs[$0], $0) }.joined(separator: ", ")
            fail(s, keyword, "expected exactly one \(keyword) branch to match, found \(matches.count): \(names)", expected: "exactly one branch", found: "\(matches.count) branches", hint: "make the branches mutually exclusive (a discriminator or a const tag), or use anyOf")
            return
        }
        explainNoBranch(s, keyword, subs, inst)
    }

    /// Checks the branch a discriminator value picks (kept out of `evalBranches` to keep its stack frame small).
    @inline(never)
    private mutating func evalDiscriminated(
        _ s: CompiledSchema, _ keyword: String, _ subs: [CompiledSchema], _ d: Discriminator, _ value: String,
        _ inst: Node, _ ann: inout Annotations
    ) -> Bool {
        let (index, target) = discriminated(d, subs, value)
        guard let target else {
            var names = d.mapping.map { $0.0 }
            if names.isEmpty { names = subs.compactMap { $0.soleRef?.label } }
            var hint = "expected one of " + names.map { "\"\($0)\"" }.joined(separator: ", ")
            if let near = NearestName.suggest(value, among: names) { hint = "did you mean \"\(near)\"? " + hint }
            fail(s, "discriminator", "unknown \(d.propertyName) \"\(value)\": no \(keyword) branch is mapped to it by the discriminator", expected: names.joined(separator: ", "), found: "\"\(value)\"", hint: hint, instanceToken: d.propertyName)
            return false
        }
        let before = errors.count
        let ok = inPlace(target, inst, &ann, schema: index.map { [keyword, String($0)] } ?? ["discriminator"])
        if !ok && explain {
            let label = index.map { branchLabel(subs[$0], $0) } ?? value
            for e in before..<errors.count {
                errors[e].notes.append("\(keyword): checked against \(label), chosen by discriminator \(d.propertyName)=\"\(value)\"")
            }
        }
        return ok
    }

    /// Reports the likeliest branch's errors when no branch matched.
    private mutating func explainNoBranch(_ s: CompiledSchema, _ keyword: String, _ subs: [CompiledSchema], _ inst: Node) {
        let savedStopped = stopped
        let savedErrors = errors
        var perBranch: [[ValidationError]] = []
        for (i, b) in subs.enumerated() {
            errors = []
            stopped = false
            var none = Annotations.off
            _ = inPlace(b, inst, &none, schema: [keyword, String(i)])
            perBranch.append(errors)
        }
        errors = savedErrors
        stopped = savedStopped
        let here = ipath.count

        // Every branch failed on the value's type or literal: one combined message.
        let simple = perBranch.allSatisfy { errs in
            errs.count == 1 && errs[0].instancePath.tokens.count == here
                && ["type", "const", "enum", "false"].contains(errs[0].keyword) && errs[0].expected != nil
        }
        if simple && !perBranch.isEmpty {
            var expected: [String] = []
            for errs in perBranch where !expected.contains(errs[0].expected!) { expected.append(errs[0].expected!) }
            let phrase = expected.joined(separator: " or ")
            fail(s, keyword, "expected \(phrase), found \(inst.describedForMessage)", expected: phrase, found: inst.describedForMessage, hint: perBranch.compactMap { $0[0].hint }.first)
            return
        }

        var chosen: Int?
        var reason = ""
        // Tags.
        if inst.kind == .object {
            var best: (Int, Int)?
            for (i, b) in subs.enumerated() {
                var hits = 0
                var misses = 0
                for (name, value) in tags(of: b) {
                    guard let v = inst[name] else { continue }
                    if v.jsonEquals(value) { hits += 1 } else { misses += 1 }
                }
                if hits > 0 && misses == 0 && (best == nil || hits > best!.1) { best = (i, hits) }
            }
            if let best {
                chosen = best.0
                let tag = tags(of: subs[best.0]).first { inst[$0.0] != nil }!
                reason = "its \(tag.0) is \(tag.1.quotedForMessage)"
            }
        }
        // Deepest failure.
        if chosen == nil {
            var bestScore: (Int, Int, Int)?
            for (i, errs) in perBranch.enumerated() {
                let depthReached = errs.map { $0.instancePath.tokens.count }.max() ?? 0
                let rootType = errs.contains { $0.instancePath.tokens.count == here && ($0.keyword == "type" || $0.keyword == "false") } ? 0 : 1
                let score = (depthReached, rootType, -errs.count)
                if bestScore == nil || score > bestScore! {
                    bestScore = score
                    chosen = i
                }
            }
            reason = "closest match"
        }
        guard let chosen, !perBranch[chosen].isEmpty else {
            fail(s, keyword, "expected the value to match \(keyword == "oneOf" ? "exactly one" : "at least one") of \(subs.count) branches, found none")
            return
        }
        let others = subs.indices.filter { $0 != chosen }.map { branchLabel(subs[$0], $0) }
        let label = branchLabel(subs[chosen], chosen)
        var note = "\(keyword): reported branch \(label) (\(reason))"
        if !others.isEmpty { note += "; other branches not reported: " + others.joined(separator: ", ") }
        for var e in perBranch[chosen] {
            e.notes.append(note)
            errors.append(e)
            if options.collect == .first {
                stopped = true
                break
            }
        }
    }
}
