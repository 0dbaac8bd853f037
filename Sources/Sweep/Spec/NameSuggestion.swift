/// The "did you mean …?" of spec errors: the valid name nearest to a misspelt one.
enum NameSuggestion {
    /// The candidate with the smallest edit distance to `name` (ties: the first in
    /// `candidates`). A case-only difference counts less than any other edit, so `n`
    /// suggests `n` over `N` and `Lambda` suggests `lambda`.
    static func nearest(to name: String, in candidates: [String]) -> String? {
        var best: (name: String, cost: Int)?
        for candidate in candidates {
            let cost = 2 * distance(name.lowercased(), candidate.lowercased()) + (name == candidate ? 0 : 1)
            if best == nil || cost < best!.cost { best = (candidate, cost) }
        }
        return best?.name
    }

    /// `"; did you mean `lambda`?"`, or nothing when there are no candidates.
    static func hint(for name: String, in candidates: [String]) -> String {
        nearest(to: name, in: candidates).map { "; did you mean `\($0)`?" } ?? ""
    }

    /// Levenshtein distance over Unicode scalars.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
