import Trainer

/// Every task of a sweep, in a stable order, each with its full parameter set and key.
///
/// Order: grid index lexicographic (first axis slowest), repeat index fastest. Building
/// a plan evaluates every derived parameter of every task, range-checks it, and calls
/// the protocol's `validate` on every task, so a plan that exists can run.
public struct SweepPlan: Sendable {
    /// The spec the plan was built from.
    public let spec: SweepSpec
    /// The protocol named by `spec.protocolName`.
    public let experiment: any ExperimentProtocol
    /// The grid's dimensions in the order written in the spec ([grid] keys in source
    /// order, each [[zip]] group at the position of its table), first axis slowest.
    public let axes: [PlanAxis]
    /// Repeat indices 0..<repeats per grid point.
    public let repeats: Int
    /// Every task, in plan order (`tasks[i].index == i`).
    public let tasks: [PlannedTask]

    /// The most tasks one plan may have.
    public static let maximumTaskCount = 50_000_000

    /// Expands and checks `spec`; throws `SpecError`.
    public init(spec: SweepSpec) throws {
        let expansion = try PlanExpansion(spec: spec)
        self.spec = spec
        self.experiment = spec.content.experiment
        self.axes = spec.content.axes.map(\.axis)
        self.repeats = spec.repeats
        self.tasks = try expansion.tasks()
    }

    /// The axes' lengths (without repeats).
    public var gridShape: [Int] { axes.map(\.count) }

    /// The number of grid points (the product of `gridShape`; 1 with no axes).
    public var gridPointCount: Int { gridShape.reduce(1, *) }

    /// The sum of the tasks' estimated flops.
    public var estimatedFlops: Double { tasks.reduce(0) { $0 + $1.estimatedFlops } }
}
