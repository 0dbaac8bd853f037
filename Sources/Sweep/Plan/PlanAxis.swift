import Trainer

/// One dimension of a sweep's grid: a `[grid]` key, or a `[[zip]]` group whose
/// parameters move together.
public struct PlanAxis: Sendable, Equatable {
    /// The grid key, or for a zip group its first key in source order.
    public let name: String
    /// The parameters set along this axis: one for a grid key, one or more for a
    /// zip group (the first is `name`).
    public let parameters: [String]
    /// `values[i][j]` is the normalised value of `parameters[j]` at position `i`.
    public let values: [[ParameterValue]]

    /// Creates an axis; every element of `values` has one value per parameter.
    public init(name: String, parameters: [String], values: [[ParameterValue]]) {
        precondition(values.allSatisfy { $0.count == parameters.count }, "one value per parameter")
        self.name = name
        self.parameters = parameters
        self.values = values
    }

    /// The number of positions along the axis.
    public var count: Int { values.count }
}
