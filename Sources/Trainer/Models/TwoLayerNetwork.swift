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

    /// Features σ(X Wᵀ), without the 1/√N of the network's output; σ is applied to each
    /// tile of the product as it is finished.
    func features(_ inputs: Matrix<T>) -> Matrix<T> {
        let activation = activation
        return product(inputs, .none, weights, .transposed, epilogue: GEMMTileEpilogue { tile in
            for r in 0..<tile.height { activation.apply(to: tile.values(ofRow: r)) }
        })
    }

    /// Σ_j c_j σ(⟨w_j, x_i⟩) for every sample (row of `inputs`): the readout with
    /// coefficients c on the features, fused into the product so the features are
    /// never walked twice. Summed in Double, tile by tile in column order.
    func readout(_ inputs: Matrix<T>, coefficients: [Double]) -> [Double] {
        precondition(coefficients.count == width)
        let activation = activation
        var sums = [Double](repeating: 0, count: inputs.rows)
        sums.withUnsafeMutableBufferPointer { buffer in
            let sums = buffer
            coefficients.withUnsafeBufferPointer { c in
                let c = c
                _ = product(inputs, .none, weights, .transposed, epilogue: GEMMTileEpilogue { tile in
                    for r in 0..<tile.height {
                        let values = tile.values(ofRow: r)
                        activation.apply(to: values)
                        sums[tile.row + r] += doubleAccumulatedDot(values.baseAddress!, c.baseAddress! + tile.column, count: tile.width)
                    }
                })
            }
        }
        return sums
    }
}

extension Activation {
    /// σ applied to every element in place (the switch is taken once, not per element).
    func apply<T: KernelScalar & Real>(to matrix: inout Matrix<T>) {
        matrix.elements.withUnsafeMutableBufferPointer { apply(to: $0) }
    }

    /// σ applied to every element of a buffer in place.
    @inline(__always)
    func apply<T: KernelScalar & Real>(to z: UnsafeMutableBufferPointer<T>) {
        let count = z.count
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
