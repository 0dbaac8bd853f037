import Kernels

/// The ridge readout â = argmin (1/m)‖F a − y‖² + λ‖a‖² = (FᵀF + mλI)⁻¹ Fᵀy on
/// features F (m samples × N features), solved by Cholesky in the feature space.
struct RidgeReadout<T: KernelScalar> {
    let coefficients: [T]

    init(_ features: FeatureGram<T>, labels: [Double], lambda: Double) throws {
        let m = features.sampleCount, n = features.features.columns
        var system = features.gram
        let shift = T(Double(m) * lambda)
        for j in 0..<n { system.elements[j * n + j] += shift }
        let y = Matrix<T>(rows: m, columns: 1, elements: labels.map { T($0) })
        let rhs = product(features.features, .transposed, y, .none).elements
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
