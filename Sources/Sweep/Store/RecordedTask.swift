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
    /// In the order of the store's `metricNames`.
    public var metrics: [Double]
    /// In the order of the store's `arrayNames`; empty when absent.
    public var arrays: [[Double]]

    public init(status: TaskResult.Status, attempts: Int, rank: Int, seconds: Double, message: String, metrics: [Double], arrays: [[Double]]) {
        self.status = status
        self.attempts = attempts
        self.rank = rank
        self.seconds = seconds
        self.message = message
        self.metrics = metrics
        self.arrays = arrays
    }

    public init(_ result: TaskResult, attempts: Int, metricNames: [String], arrayNames: [String]) {
        status = result.status
        self.attempts = attempts
        rank = result.rank
        seconds = result.seconds
        message = result.message
        let done = result.status == .done
        metrics = metricNames.map { done ? (result.output.metrics[$0] ?? .nan) : .nan }
        arrays = arrayNames.map { done ? (result.output.arrays[$0] ?? []) : [] }
    }
}
