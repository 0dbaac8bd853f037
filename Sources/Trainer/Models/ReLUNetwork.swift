import Kernels
import RealModule

/// f(x) = Σ_j a_j ReLU(⟨w_j, x⟩ + b_j): first-layer weights W (m × d, one neuron per
/// row), optional biases b and output weights a (any 1/√m scale is folded into a).
/// Used by `xor-gd`, `patterns` and `low-rotation`, trained on margin losses.
struct ReLUNetwork<T: KernelScalar & Real> {
    var weights: Matrix<T>
    var biases: [T]?
    var outputWeights: [T]

    var width: Int { weights.rows }

    /// Pre-activations Z = X Wᵀ (+ b) (samples × neurons) and outputs f(x_i).
    func forward(_ inputs: Matrix<T>) -> (pre: Matrix<T>, outputs: [Double]) {
        var z = product(inputs, .none, weights, .transposed)
        let m = width, n = inputs.rows
        var outputs = [Double](repeating: 0, count: n)
        z.elements.withUnsafeMutableBufferPointer { zz in
            outputWeights.withUnsafeBufferPointer { a in
                for i in 0..<n {
                    var sum: T = 0
                    if let b = biases {
                        for j in 0..<m {
                            zz[i * m + j] += b[j]
                            sum += a[j] * max(zz[i * m + j], 0)
                        }
                    } else {
                        for j in 0..<m { sum += a[j] * max(zz[i * m + j], 0) }
                    }
                    outputs[i] = Double(sum)
                }
            }
        }
        return (z, outputs)
    }

    /// The features ReLU(X Wᵀ + b) (samples × neurons).
    func features(_ inputs: Matrix<T>) -> Matrix<T> {
        var z = forward(inputs).pre
        z.elements.withUnsafeMutableBufferPointer { zz in
            for i in 0..<zz.count { zz[i] = max(zz[i], 0) }
        }
        return z
    }

    /// Gradients of a loss L(f(x_1), …, f(x_n)) given g_i = ∂L/∂f_i and the forward
    /// pass's pre-activations (consumed): ∂L/∂W = Gᵀ X with G_ij = g_i a_j 1[z_ij > 0],
    /// ∂L/∂b_j = Σ_i G_ij, ∂L/∂a_j = Σ_i g_i ReLU(z_ij).
    func gradients(inputs: Matrix<T>, pre: consuming Matrix<T>, outputGradients g: [Double])
        -> (weights: Matrix<T>, biases: [T], outputWeights: [T]) {
        var z = pre
        let m = width, n = inputs.rows
        var biasGradient = [T](repeating: 0, count: m)
        var outputGradient = [T](repeating: 0, count: m)
        z.elements.withUnsafeMutableBufferPointer { zz in
            outputWeights.withUnsafeBufferPointer { a in
                for i in 0..<n {
                    let gi = T(g[i])
                    for j in 0..<m {
                        let value = zz[i * m + j]
                        let active: T = value > 0 ? 1 : 0
                        outputGradient[j] += gi * max(value, 0)
                        let entry = gi * a[j] * active
                        biasGradient[j] += entry
                        zz[i * m + j] = entry
                    }
                }
            }
        }
        let weightGradient = product(z, .transposed, inputs, .none)
        return (weightGradient, biasGradient, outputGradient)
    }
}

/// ‖row_j‖ for every row of a matrix, accumulated in Double.
func rowNorms<T: KernelScalar>(_ matrix: Matrix<T>) -> [Double] {
    let d = matrix.columns
    return (0..<matrix.rows).map { j in
        var s = 0.0
        for k in 0..<d { let v = Double(matrix.elements[j * d + k]); s += v * v }
        return s.squareRoot()
    }
}

/// ‖A − B‖_F, accumulated in Double.
func frobeniusDistance<T: KernelScalar>(_ a: Matrix<T>, _ b: Matrix<T>) -> Double {
    var s = 0.0
    for i in 0..<a.elements.count { let e = Double(a.elements[i]) - Double(b.elements[i]); s += e * e }
    return s.squareRoot()
}
