import Kernels
import RealModule

/// The initial network and the large squared-loss gradient step shared by
/// `giant-step` and `two-step` (Ba et al. 2022's conventions, DESIGN.md).
extension TwoLayerNetwork {
    /// w_j(0) uniform on S^{d−1} (stream "first-layer"); a_j ~ N(0, 1/N) (stream "second-layer").
    static func sphericalInitial(width: Int, dimension d: Int, activation: Activation, randomness: TaskRandomness) -> TwoLayerNetwork {
        var stream = randomness.stream("first-layer")
        var weights = Matrix<T>(rows: width, columns: d)
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
    /// −(η/n) diag(a) Dᵀ X with D_ij = r_i σ′(z_ij).
    func squaredLossStep(_ batch: SingleIndexData<T>, eta: Double) -> Matrix<T> {
        let n = batch.labels.count, d = weights.columns
        var z = preActivations(batch.inputs)          // n × N
        let scale = 1 / Double(width).squareRoot()
        var residuals = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var output = 0.0
            for j in 0..<width { output += outputWeights[j] * Double(activation.value(z.elements[i * width + j])) }
            residuals[i] = output * scale - batch.labels[i]
        }
        for i in 0..<n {
            let r = T(residuals[i])
            for j in 0..<width { z.elements[i * width + j] = r * activation.derivative(z.elements[i * width + j]) }
        }
        var step = product(z, .transposed, batch.inputs, .none)  // N × d: Dᵀ X
        for j in 0..<width {
            let factor = T(-eta / Double(n) * outputWeights[j])
            for i in 0..<d { step.elements[j * d + i] *= factor }
        }
        return step
    }
}
