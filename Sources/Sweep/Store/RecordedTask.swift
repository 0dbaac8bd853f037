import Trainer

/// What the store keeps of a task's latest attempt, compactly: metrics and arrays
/// as plain arrays in the protocol's declared order (a 100,000-task sweep keeps
/// rank 0's memory small), NaN where a metric was not computed.
public struct RecordedTask: Equatable, Sendable {
    public var status: TaskResult.Status
    public var attempts: Int
    public var rank: Int
    public var seconds: Double
    public var message: String
    /// In the order of `experiment.metrics`.
    public var metrics: [Double]
    /// In the order of `experiment.arrays`; empty when absent.
    public var arrays: [[Double]]

    public init(_ result: TaskResult, attempts: Int, experiment: any ExperimentProtocol) {
        status = result.status
        self.attempts = attempts
        rank = result.rank
        seconds = result.seconds
        message = result.message
        let done = result.status == .done
        metrics = experiment.metrics.map { done ? (result.output.metrics[$0.name] ?? .nan) : .nan }
        arrays = experiment.arrays.map { done ? (result.output.arrays[$0.name] ?? []) : [] }
    }
}
