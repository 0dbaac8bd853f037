@testable import Trainer

/// A complete, validated parameter set of `proto` from the values given (defaults filled in).
func completed(_ proto: any ExperimentProtocol, _ values: [String: ParameterValue], seed: Int = 0) throws -> TaskParameters {
    try proto.completeParameters(values, seed: seed)
}
