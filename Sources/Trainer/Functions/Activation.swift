import RealModule

/// The activations of the network, as named in specs.
public enum Activation: String, CaseIterable, Sendable {
    /// ReLU minus its mean under N(0,1): max(z, 0) − 1/√(2π). Hermite coefficient μ0 = 0.
    case crelu
    case relu
    case tanh
    /// log(1 + eᶻ).
    case softplus
    /// He1 + He2 + He3 in the unit-variance normalisation: z + (z²−1)/√2 + (z³−3z)/√6.
    case hermite3

    public static var allNames: [String] { allCases.map(\.rawValue) }

    @usableFromInline static let inverseSqrtTwoPi = 1 / (2 * Double.pi).squareRoot()

    /// σ(z).
    @inlinable
    public func value<T: BinaryFloatingPoint & ElementaryFunctions>(_ z: T) -> T {
        switch self {
        case .crelu: return max(z, 0) - T(Activation.inverseSqrtTwoPi)
        case .relu: return max(z, 0)
        case .tanh: return T.tanh(z)
        case .softplus: return z > 20 ? z : T.log(onePlus: T.exp(z))
        case .hermite3:
            let z2 = z * z
            return z + (z2 - 1) * T(0.7071067811865476) + (z2 - 3) * z * T(0.4082482904638631)
        }
    }

    /// σ′(z) (for ReLU-type activations, 0 at z = 0).
    @inlinable
    public func derivative<T: BinaryFloatingPoint & ElementaryFunctions>(_ z: T) -> T {
        switch self {
        case .crelu, .relu: return z > 0 ? 1 : 0
        case .tanh:
            let t = T.tanh(z)
            return 1 - t * t
        case .softplus: return 1 / (1 + T.exp(-z))
        case .hermite3:
            return 1 + z * T(1.4142135623730951) + (3 * z * z - 3) * T(0.4082482904638631)
        }
    }
}
