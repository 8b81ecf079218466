/// Suggests the closest allowed name for a misspelled one ("did you mean …?").
public enum NearestName {
    /// The candidate closest to `name` by edit distance (case-insensitive, adjacent swaps count as one edit), or nil
    /// when none is close enough to be a plausible typo.
    /// - Parameters:
    ///   - name: the name that was given.
    ///   - among: the names that are allowed.
    /// - Returns: the best candidate, when its distance is at most a third of the name's length (at least 1), or
    ///   when one name is a case-insensitive match or a prefix/suffix of the other by a separator.
    public static func suggest(_ name: String, among candidates: [String]) -> String? {
        let lowered = Array(name.lowercased().unicodeScalars)
        var best: (String, Int)?
        for candidate in candidates where candidate != name {
            let c = Array(candidate.lowercased().unicodeScalars)
            if c == lowered { return candidate }
            let d = distance(lowered, c)
            if best == nil || d < best!.1 || (d == best!.1 && candidate < best!.0) { best = (candidate, d) }
        }
        guard let (candidate, d) = best else { return nil }
        let limit = max(1, min(lowered.count, candidate.count) / 3)
        return d <= limit ? candidate : nil
    }

    /// Optimal string alignment distance (Damerau–Levenshtein without repeated transpositions).
    /// - Parameters:
    ///   - a: first string's scalars.
    ///   - b: second string's scalars.
    /// - Returns: the number of insertions, deletions, substitutions and adjacent swaps from `a` to `b`.
    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var prev2 = [Int](repeating: 0, count: b.count + 1)
        var prev = Array(0...b.count)
        var cur = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            cur[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { v = min(v, prev2[j - 2] + 1) }
                cur[j] = v
            }
            (prev2, prev, cur) = (prev, cur, prev2)
        }
        return prev[b.count]
    }
}
