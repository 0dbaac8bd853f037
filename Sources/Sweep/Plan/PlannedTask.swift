import Trainer

/// One task of a plan: a grid point and a repeat index, with its full parameter set.
public struct PlannedTask: Sendable, Equatable {
    /// The position in plan order (the row of `/tasks`).
    public let index: Int
    /// The task's identity, independent of plan order; resume matches tasks by it.
    public let key: TaskKey
    /// Every parameter of the protocol (defaults filled in), normalised; `.seed` is `repeatIndex`.
    public let parameters: TaskParameters
    /// The position along each of the plan's axes.
    public let gridIndex: [Int]
    /// 0..<repeats: the `seed` column.
    public let repeatIndex: Int
    /// The protocol's cost estimate, for longest-first scheduling.
    public let estimatedFlops: Double

    /// Creates a task; `SweepPlan` makes these.
    public init(index: Int, key: TaskKey, parameters: TaskParameters, gridIndex: [Int], repeatIndex: Int, estimatedFlops: Double) {
        self.index = index
        self.key = key
        self.parameters = parameters
        self.gridIndex = gridIndex
        self.repeatIndex = repeatIndex
        self.estimatedFlops = estimatedFlops
    }

    /// The source of the task's random streams: the sweep's root seed and the task's key.
    public func randomness(rootSeed: UInt64) -> TaskRandomness {
        TaskRandomness(rootSeed: rootSeed, keyBits: key.bits)
    }
}
