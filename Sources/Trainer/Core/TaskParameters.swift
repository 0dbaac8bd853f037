/// The full, normalised parameter set of one task: every parameter of its protocol
/// has a value (defaults filled in), plus the repeat index `seed`.
public struct TaskParameters: Hashable, Sendable {
    public var values: [String: ParameterValue]
    /// The repeat index of this grid point (0-based). Not a random seed: the task's
    /// random streams come from the sweep's root seed and the task key.
    public var seed: Int

    public init(_ values: [String: ParameterValue], seed: Int = 0) {
        self.values = values
        self.seed = seed
    }

    public subscript(name: String) -> ParameterValue? { values[name] }

    /// An integer parameter; the schema guarantees kind and presence once validated.
    public func int(_ name: String) -> Int {
        switch values[name] {
        case .integer(let v)?: return v
        case .real(let v)?: return Int(v)
        default: preconditionFailure("integer parameter \(name) missing")
        }
    }

    public func double(_ name: String) -> Double {
        guard let value = values[name]?.asDouble else { preconditionFailure("real parameter \(name) missing") }
        return value
    }

    public func text(_ name: String) -> String {
        guard case .text(let v)? = values[name] else { preconditionFailure("category parameter \(name) missing") }
        return v
    }
}

extension TaskParameters {
    /// A list parameter's elements (`ParameterSpec.Kind.realList`); empty when not given.
    public func reals(_ name: String) -> [Double] {
        guard case .text(let v)? = values[name], let elements = ParameterSpec.listElements(v) else { return [] }
        return elements
    }
}
