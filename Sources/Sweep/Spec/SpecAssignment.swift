/// One place where a spec sets a parameter, with its line (for error messages).
struct SpecAssignment: Sendable, Equatable {
    let name: String
    let origin: SpecOrigin
    let line: Int?

    /// The dotted key: `grid.alpha`, `zip.n`, `derived.N`.
    var key: String { "\(origin.keyPrefix).\(name)" }

    /// `[grid] (line 7)`.
    var place: String { origin.section + (line.map { " (line \($0))" } ?? "") }
}
