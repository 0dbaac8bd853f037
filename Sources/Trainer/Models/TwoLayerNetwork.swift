import Kernels
import RealModule

/// f(x) = (1/√N) Σ_j a_j σ(⟨w_j, x⟩): first-layer weights W (N × d, one neuron per
/// row) and a fixed second layer a.
struct TwoLayerNetwork<T: KernelScalar & Real> {
    var weights: Matrix<T>
    var outputWeights: [Double]
    var activation: Activation

    var width: Int { weights.rows }

    /// Pre-activations Z = X Wᵀ (samples × neurons).
    func preActivations(_ inputs: Matrix<T>) -> Matrix<T> {
        product(inputs, .none, weights, .transposed)
    }

    /// Features σ(X Wᵀ), without the 1/√N of the network's output.
    func features(_ inputs: Matrix<T>) -> Matrix<T> {
        var z = preActivations(inputs)
        activation.apply(to: &z)
        return z
    }
}

extension Activation {
    /// σ applied to every element in place (the switch is taken once, not per element).
    func apply<T: KernelScalar & Real>(to matrix: inout Matrix<T>) {
        let count = matrix.elements.count
        matrix.elements.withUnsafeMutableBufferPointer { z in
            switch self {
            case .crelu:
                let shift = T(Activation.inverseSqrtTwoPi)
                for i in 0..<count { z[i] = max(z[i], 0) - shift }
            case .relu:
                for i in 0..<count { z[i] = max(z[i], 0) }
            case .tanh, .softplus, .hermite3:
                for i in 0..<count { z[i] = value(z[i]) }
            }
        }
    }
}
