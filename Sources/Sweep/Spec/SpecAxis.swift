/// A dimension of a spec's grid as parsed: the plan's axis plus where it is written.
struct SpecAxis: Sendable {
    let axis: PlanAxis
    /// Where each of `axis.parameters` is set, in the same order.
    let assignments: [SpecAssignment]
    /// The line of the grid key or of the `[[zip]]` header; orders the axes.
    let location: SpecSourceMap.Location?
}
