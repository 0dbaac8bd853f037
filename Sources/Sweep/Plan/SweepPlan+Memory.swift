extension SweepPlan {
    /// The task with the largest estimated peak memory, and that estimate in bytes.
    public var largestTaskMemory: (task: PlannedTask, bytes: Double)? {
        largestMemory.map { (task(at: $0.index), $0.bytes) }
    }
}
