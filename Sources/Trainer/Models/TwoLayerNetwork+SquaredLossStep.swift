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

    /// The initial network with the `a_init` / `w_init` options: the defaults (sphere,
    /// gaussian) are `sphericalInitial` itself. Streams are the same: "first-layer" for W,
    /// "second-layer" for a. `w_init = gaussian`: rows N(0, I/d); `a_init = const`:
    /// a_j = 1/√N; `rademacher`: a_j = ±1/√N, the sign the top bit of one draw each.
    static func initial(width: Int, dimension d: Int, activation: Activation, options: ModelOptions, randomness: TaskRandomness) -> TwoLayerNetwork {
        var network = sphericalInitial(width: width, dimension: options.wInit == .sphere ? d : 0, activation: activation, randomness: randomness)
        if options.wInit == .gaussian {
            var stream = randomness.stream("first-layer")
            let scale = 1 / Double(d).squareRoot()
            var weights = Matrix<T>(uninitializedRows: width, columns: d)
            for j in 0..<width {
                let row = stream.normals(d, standardDeviation: scale)
                for i in 0..<d { weights.elements[j * d + i] = T(row[i]) }
            }
            network.weights = weights
        }
        let size = 1 / Double(width).squareRoot()
        switch options.aInit {
        case .gaussian: break
        case .const: network.outputWeights = [Double](repeating: size, count: width)
        case .rademacher:
            var stream = randomness.stream("second-layer")
            network.outputWeights = (0..<width).map { _ in stream.next() >> 63 == 0 ? size : -size }
        }
        return network
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
    /// is taken once per call, not per element. The sums run in interleaved partial sums
    /// (j mod 8 for the ReLUs, j mod 4 otherwise), added at the end. Scalar `max` and
    /// `x > 0 ? 1 : 0` compiled to branches that random signs mispredict, and one running
    /// sum made every add wait for the previous one: this epilogue cost a fifth of the
    /// forward product.
    @inline(__always)
    func replaceByDerivative<T: KernelScalar & Real>(_ z: UnsafeMutableBufferPointer<T>, weights a: UnsafePointer<Double>) -> Double {
        switch self {
        case .crelu, .relu:
            return rectifiedSum(z, weights: a, shift: self == .crelu ? T(Activation.inverseSqrtTwoPi) : 0)
        case .tanh, .softplus, .hermite3:
            return interleavedSum(z, weights: a) { x in (value(x), derivative(x)) }
        }
    }
}

/// Σ_j a_j·(max(z_j, 0) − shift), overwriting z_j with 1 where z_j > 0 and 0 elsewhere.
/// Float (the default precision) runs in lanes of eight without branches, with eight
/// partial sums (j mod 8); other types run the scalar loop.
@inline(__always)
private func rectifiedSum<T: KernelScalar>(_ z: UnsafeMutableBufferPointer<T>, weights a: UnsafePointer<Double>, shift: T) -> Double {
    if T.self == Float.self {
        return rectifiedSum(unsafeBitCast(z, to: UnsafeMutableBufferPointer<Float>.self), weights: a, shift: shift as! Float)
    }
    return interleavedSum(z, weights: a) { x in (x > 0 ? x - shift : -shift, x > 0 ? 1 : 0) }
}

/// The Float case, on concrete SIMD8<Float> (the generic SIMD comparison compiled to a
/// loop over the lanes).
@inline(__always)
private func rectifiedSum(_ z: UnsafeMutableBufferPointer<Float>, weights a: UnsafePointer<Double>, shift: Float) -> Double {
    let base = UnsafeMutableRawPointer(z.baseAddress!)
    let weights = UnsafeRawPointer(a)
    let zero = SIMD8<Float>(), one = SIMD8<Float>(repeating: 1), shifted = SIMD8<Float>(repeating: -shift)
    var sums = SIMD8<Double>()
    var j = 0
    while j + 8 <= z.count {
        let x = base.loadUnaligned(fromByteOffset: j * 4, as: SIMD8<Float>.self)
        let positive = x .> zero
        let value = shifted.replacing(with: x - SIMD8(repeating: shift), where: positive)
        sums = sums.addingProduct(SIMD8(widening: value), weights.loadUnaligned(fromByteOffset: j * 8, as: SIMD8<Double>.self))
        base.storeBytes(of: zero.replacing(with: one, where: positive), toByteOffset: j * 4, as: SIMD8<Float>.self)
        j += 8
    }
    var total = sums.sum()
    while j < z.count {
        let x = z[j]
        total += a[j] * Double(x > 0 ? x - shift : -shift)
        z[j] = x > 0 ? 1 : 0
        j += 1
    }
    return total
}

/// Σ_j a_j·f(z_j).value in four partial sums (j mod 4), overwriting z_j with f(z_j).derivative.
@inline(__always)
private func interleavedSum<T: KernelScalar>(
    _ z: UnsafeMutableBufferPointer<T>, weights a: UnsafePointer<Double>, _ f: (T) -> (value: T, derivative: T)
) -> Double {
    var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
    var j = 0
    while j + 4 <= z.count {
        let r0 = f(z[j]), r1 = f(z[j + 1]), r2 = f(z[j + 2]), r3 = f(z[j + 3])
        s0 += a[j] * Double(r0.value); s1 += a[j + 1] * Double(r1.value)
        s2 += a[j + 2] * Double(r2.value); s3 += a[j + 3] * Double(r3.value)
        z[j] = r0.derivative; z[j + 1] = r1.derivative; z[j + 2] = r2.derivative; z[j + 3] = r3.derivative
        j += 4
    }
    while j < z.count {
        let r = f(z[j])
        s0 += a[j] * Double(r.value)
        z[j] = r.derivative
        j += 1
    }
    return (s0 + s1) + (s2 + s3)
}
