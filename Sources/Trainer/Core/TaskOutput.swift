/// What one task produced: scalar metrics by name and per-task arrays by name.
/// A metric a protocol did not compute is absent (stored as NaN).
public struct TaskOutput: Equatable, Sendable {
    public var metrics: [String: Double]
    public var arrays: [String: [Double]]

    public init(metrics: [String: Double] = [:], arrays: [String: [Double]] = [:]) {
        self.metrics = metrics
        self.arrays = arrays
    }

    /// The names of metrics or array entries that are NaN or infinite; a task whose
    /// output has any is recorded as failed ("diverged").
    public var nonFiniteNames: [String] {
        let scalars = metrics.filter { !$0.value.isFinite }.map(\.key)
        let vectors = arrays.filter { $0.value.contains { $0.isInfinite } }.map(\.key)
        return (scalars + vectors).sorted()
    }
}
