/// Every protocol FeatureSweep can run, by the name specs use.
public enum ProtocolRegistry {
    public static let all: [any ExperimentProtocol] = [GiantStep(), TwoStep(), MultiStep(), XorGD(), Patterns(), LowRotation(), Smoke()]

    public static var names: [String] { all.map(\.name) }

    public static func named(_ name: String) -> (any ExperimentProtocol)? {
        all.first { $0.name == name }
    }
}
