extension SweepPlan {
    /// The task with the largest estimated peak memory, and that estimate in bytes.
    public var largestTaskMemory: (task: PlannedTask, bytes: Double)? {
        tasks.map { ($0, experiment.estimatedBytes($0.parameters)) }.max { $0.1 < $1.1 }
    }
}
