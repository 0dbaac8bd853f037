/// A `[derived]` parameter: its expression, as written and as parsed.
struct SpecDerivedParameter: Sendable {
    let name: String
    /// The expression as written (`"2 * n"`).
    let source: String
    let expression: SpecExpression
    let assignment: SpecAssignment
}
