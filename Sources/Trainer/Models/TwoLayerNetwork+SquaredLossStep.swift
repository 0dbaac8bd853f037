import Kernels
import RealModule

/// The initial network and the large squared-loss gradient step shared by
/// `giant-step` and `two-step` (Ba et al. 2022's conventions, DESIGN.md).
extension TwoLayerNetwork {
    /// w_j(0) uniform on S^{d−1} (stream "first-layer"); a_j ~ N(0, 1/N) (stream "second-layer").
    static func sphericalInitial(width: Int, dimension d: Int, activation: Activation, randomness: TaskRandomness) -> TwoLayerNetwork {
        var stream = randomness.stream("first-layer")
        var weights = Matrix<T>(uninitializedRows: width, columns: d)
        for j in 0..<width {
            let row = uniformUnitVector(dimension: d, stream: &stream)
            for i in 0..<d { weights.elements[j * d + i] = T(row[i]) }
        }
        var outputStream = randomness.stream("second-layer")
        let a = outputStream.normals(width, standardDeviation: 1 / Double(width).squareRoot())
        return TwoLayerNetwork(weights: weights, outputWeights: a, activation: activation)
    }

    /// −η·√N·∇_W L(W) with L = (1/2n) Σ_i (f(x_i) − y_i)² on `batch`.
    ///
    /// ∂L/∂w_j = (1/n) Σ_i r_i (a_j/√N) σ′(z_ij) x_i, so the step is
    /// −(η/n) diag(a) Dᵀ X with D_ij = r_i σ′(z_ij). The forward product computes, tile
    /// by tile while each is in L1, the output sums Σ_j a_j σ(z_ij) and overwrites z_ij
    /// with σ′(z_ij); the rows are then scaled by r_i, and the factor −(η/n)·a_j is applied
    /// to each finished tile of Dᵀ X.
    func squaredLossStep(_ batch: SingleIndexData<T>, eta: Double) -> Matrix<T> {
        let n = batch.labels.count
        let activation = activation
        var outputs = [Double](repeating: 0, count: n)
        var derivatives = outputs.withUnsafeMutableBufferPointer { buffer in
            let outputs = buffer
            return outputWeights.withUnsafeBufferPointer { a in
                let a = a
                return product(batch.inputs, .none, weights, .transposed, epilogue: GEMMTileEpilogue { tile in
                    for r in 0..<tile.height {
                        outputs[tile.row + r] += activation.replaceByDerivative(tile.values(ofRow: r), weights: a.baseAddress! + tile.column)
                    }
                })
            }
        }
        let scale = 1 / Double(width).squareRoot()
        derivatives.elements.withUnsafeMutableBufferPointer { d in
            for i in 0..<n {
                let residual = T(outputs[i] * scale - batch.labels[i])
                for j in 0..<width { d[i * width + j] *= residual }
            }
        }
        let factors = outputWeights.map { T(-eta / Double(n) * $0) }
        return factors.withUnsafeBufferPointer { f in
            let f = f
            return product(derivatives, .transposed, batch.inputs, .none, epilogue: GEMMTileEpilogue { tile in
                for r in 0..<tile.height {
                    let factor = f[tile.row + r]
                    let values = tile.values(ofRow: r)
                    for i in 0..<tile.width { values[i] *= factor }
                }
            })
        }
    }
}

extension Activation {
    /// Returns Σ_j a_j σ(z_j) (in Double) and overwrites each z_j with σ′(z_j); the switch
    /// is taken once per call, not per element.
    @inline(__always)
    func replaceByDerivative<T: KernelScalar & Real>(_ z: UnsafeMutableBufferPointer<T>, weights a: UnsafePointer<Double>) -> Double {
        var sum = 0.0
        switch self {
        case .crelu, .relu:
            let shift = self == .crelu ? T(Activation.inverseSqrtTwoPi) : 0
            for j in 0..<z.count {
                let x = z[j]
                sum += a[j] * Double(max(x, 0) - shift)
                z[j] = x > 0 ? 1 : 0
            }
        case .tanh, .softplus, .hermite3:
            for j in 0..<z.count {
                let x = z[j]
                sum += a[j] * Double(value(x))
                z[j] = derivative(x)
            }
        }
        return sum
    }
}
