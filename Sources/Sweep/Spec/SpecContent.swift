import Trainer

/// What a parsed spec sets, checked against its protocol's schema: the constant
/// values, the axes of the grid (every value normalised and range-checked) and the
/// derived parameters in dependency order. `SweepPlan` expands it into tasks.
struct SpecContent: Sendable {
    let experiment: any ExperimentProtocol
    /// `[fixed]` values and the schema's defaults for every parameter not set elsewhere, normalised.
    let constants: [String: ParameterValue]
    /// In the order the plan uses: source order, first axis slowest.
    let axes: [SpecAxis]
    /// In evaluation order: every parameter an expression reads is known before it.
    let derived: [SpecDerivedParameter]
    /// Where each parameter the spec sets is set.
    let assignments: [String: SpecAssignment]
}
