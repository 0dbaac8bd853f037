import Kernels
import RealModule

/// The ridge readout â = argmin (1/m)‖F a − y‖² + λ‖a‖² = (FᵀF + mλI)⁻¹ Fᵀy on
/// features F (m samples × N features), solved by Cholesky in the feature space.
struct RidgeReadout<T: KernelScalar> {
    let coefficients: [T]

    /// Solves for â on `features` F and their Gram matrix FᵀF, which it takes over and
    /// factors in place (no copy of the N × N system).
    init(features: Matrix<T>, gram: consuming Matrix<T>, labels: [Double], lambda: Double) throws {
        let m = features.rows, n = features.columns
        var system = gram
        let shift = T(Double(m) * lambda)
        for j in 0..<n { system.elements[j * n + j] += shift }
        let y = Matrix<T>(rows: m, columns: 1, elements: labels.map { T($0) })
        let rhs = product(features, .transposed, y, .none).elements
        coefficients = try system.choleskySolveOverwriting(rhs)
    }

    /// Mean squared error of F â against `labels`, accumulated in Double.
    func meanSquaredError(features: Matrix<T>, labels: [Double]) -> Double {
        let a = Matrix<T>(rows: coefficients.count, columns: 1, elements: coefficients)
        let predictions = product(features, .none, a, .none).elements
        var total = 0.0
        for i in 0..<labels.count {
            let e = Double(predictions[i]) - labels[i]
            total += e * e
        }
        return total / Double(labels.count)
    }
}

extension RidgeReadout {
    /// The readout fitted on `features` of samples with `labels`, and its training MSE.
    /// Consumes `features`: its Gram matrix becomes the Cholesky factor.
    static func fit(_ features: consuming FeatureGram<T>, labels: [Double], lambda: Double) throws -> (readout: RidgeReadout, trainMSE: Double) {
        let gram = features.takeGram()
        let readout = try RidgeReadout(features: features.features, gram: gram, labels: labels, lambda: lambda)
        return (readout, readout.meanSquaredError(features: features.features, labels: labels))
    }
}

extension RidgeReadout where T: Real {
    /// The readout fitted on `network`'s features of `data`, and its training MSE. The
    /// features and their Gram matrix are dropped on return.
    static func fit(_ network: TwoLayerNetwork<T>, _ data: SingleIndexData<T>, lambda: Double) throws -> (readout: RidgeReadout, trainMSE: Double) {
        try fit(FeatureGram(network.features(data.inputs)), labels: data.labels, lambda: lambda)
    }

    /// The MSE of this readout on `network`'s features of `data`, with σ and the dot
    /// product fused into the product (the features are never stored).
    func testMeanSquaredError(_ network: TwoLayerNetwork<T>, _ data: SingleIndexData<T>) -> Double {
        var total = 0.0
        let predictions = network.readout(data.inputs, coefficients: coefficients.map(Double.init))
        for (prediction, label) in zip(predictions, data.labels) { total += (prediction - label) * (prediction - label) }
        return total / Double(data.labels.count)
    }
}
