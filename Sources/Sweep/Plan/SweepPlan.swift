import Trainer

/// Every task of a sweep, in a stable order, each with its full parameter set and key.
///
/// Order: grid index lexicographic (first axis slowest), repeat index fastest. Building
/// a plan evaluates every derived parameter of every grid point, range-checks it, and
/// calls the protocol's `validate` on it, so a plan that exists can run.
///
/// Compact: the plan holds the axes (the sum of their lengths, not their product), each
/// task's key (16 bytes) and each grid point's cost estimate (8 bytes); a task's full
/// parameter set is rebuilt from its grid coordinates when asked for (`tasks[i]`,
/// microseconds). Only rank 0 builds a plan: workers receive each task's parameters
/// with the task (`TaskAssignment`).
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
    /// Every task's key, in plan order.
    let keys: [TaskKey]
    /// Per grid point, the protocol's cost estimate of its tasks (the same for every repeat).
    let pointFlops: [Double]
    let expansion: PlanExpansion
    /// Per array, the widest any task asks for (the width of `/arrays/<name>`).
    public let arrayWidths: [String: Int]
    /// The task with the largest estimated peak memory (its plan index) and that estimate in bytes.
    let largestMemory: (index: Int, bytes: Double)?

    /// The most tasks one plan may have.
    public static let maximumTaskCount = 50_000_000

    /// Expands and checks `spec`; throws `SpecError`.
    public init(spec: SweepSpec) throws {
        let expansion = try PlanExpansion(spec: spec)
        self.spec = spec
        self.experiment = spec.content.experiment
        self.axes = spec.content.axes.map(\.axis)
        self.repeats = spec.repeats
        let built = try expansion.build()
        self.keys = built.keys
        self.pointFlops = built.pointFlops
        self.largestMemory = built.largestMemory
        self.arrayWidths = built.arrayWidths
        self.expansion = expansion
    }

    /// Every task, in plan order (`tasks[i].index == i`), built on access.
    public var tasks: PlanTasks { PlanTasks(plan: self) }

    /// The number of tasks.
    public var count: Int { keys.count }

    /// The key of task `index`.
    public func key(at index: Int) -> TaskKey { keys[index] }

    /// The protocol's cost estimate of task `index`.
    public func estimatedFlops(at index: Int) -> Double { pointFlops[index / repeats] }

    /// Task `index` with its full parameter set.
    public func task(at index: Int) -> PlannedTask {
        let point = index / repeats, repeatIndex = index % repeats
        let gridIndex = expansion.gridIndex(ofPoint: point)
        // The plan evaluated every grid point once already: this cannot throw now.
        let values = try! expansion.values(at: gridIndex)
        return PlannedTask(index: index, key: keys[index], parameters: TaskParameters(values, seed: repeatIndex),
                           gridIndex: gridIndex, repeatIndex: repeatIndex, estimatedFlops: pointFlops[point])
    }

    /// Every parameter's value at grid point `point` (`index / repeats` of its tasks).
    public func pointValues(_ point: Int) -> [String: ParameterValue] {
        try! expansion.values(at: expansion.gridIndex(ofPoint: point))
    }

    /// The axes' lengths (without repeats).
    public var gridShape: [Int] { axes.map(\.count) }

    /// The number of grid points (the product of `gridShape`; 1 with no axes).
    public var gridPointCount: Int { gridShape.reduce(1, *) }

    /// The sum of the tasks' estimated flops.
    public var estimatedFlops: Double { pointFlops.reduce(0, +) * Double(repeats) }

    /// The largest estimated cost of one task.
    public var largestTaskFlops: Double { pointFlops.max() ?? 0 }
}

/// A plan's tasks as a collection; each element is built from its grid coordinates.
public struct PlanTasks: RandomAccessCollection, Sendable {
    let plan: SweepPlan
    public var startIndex: Int { 0 }
    public var endIndex: Int { plan.count }
    public subscript(position: Int) -> PlannedTask { plan.task(at: position) }
}
