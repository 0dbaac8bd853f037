/// One experiment of the papers FeatureSweep serves (`giant-step`, …): its
/// parameters, metrics, cost model and the training run itself.
///
/// A protocol is a pure function of its parameters and random streams: no MPI,
/// no files. The same parameters and streams give bit-identical output.
public protocol ExperimentProtocol: Sendable {
    /// The name used in specs (`protocol = "giant-step"`) and on the command line.
    var name: String { get }
    var summary: String { get }
    /// Every parameter, in the order columns appear in `/tasks`.
    var parameters: [ParameterSpec] { get }
    /// List spellings of groups of parameters (`target_hermite` for `target_he1..4`);
    /// not parameters themselves (see `ParameterListSpec`). None by default.
    var parameterLists: [ParameterListSpec] { get }
    /// Every scalar metric, in column order.
    var metrics: [MetricSpec] { get }
    /// Every per-task array.
    var arrays: [ArraySpec] { get }

    /// Checks relations between parameters that single ranges cannot express;
    /// throws `ParameterError` naming the parameters.
    func validate(_ parameters: TaskParameters) throws
    /// The width of each array for these parameters (the store pads to the widest).
    func arrayWidths(_ parameters: TaskParameters) -> [String: Int]
    /// Expected work in floating-point operations (for scheduling and `fsweep plan`).
    func estimatedFlops(_ parameters: TaskParameters) -> Double
    /// Expected peak memory of one task in bytes.
    func estimatedBytes(_ parameters: TaskParameters) -> Double
    /// Trains and measures one task.
    func run(_ parameters: TaskParameters, randomness: TaskRandomness) throws -> TaskOutput
}

/// A problem with a task's parameters that involves one or more of them.
public struct ParameterError: Error, CustomStringConvertible, Equatable {
    public let names: [String]
    public let message: String
    public init(_ names: [String], _ message: String) {
        self.names = names
        self.message = message
    }
    public var description: String { message }
}

extension ExperimentProtocol {
    public var parameterLists: [ParameterListSpec] { [] }

    /// The schema entry of a parameter, by name.
    public func parameter(named name: String) -> ParameterSpec? {
        parameters.first { $0.name == name }
    }
}
