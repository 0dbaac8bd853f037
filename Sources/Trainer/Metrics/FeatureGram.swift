import Kernels

/// A feature matrix F (samples × features) with its Gram matrix FᵀF, computed once
/// and shared by the spectrum and the ridge readout.
struct FeatureGram<T: KernelScalar> {
    let features: Matrix<T>
    let gram: Matrix<T>

    init(_ features: Matrix<T>) {
        self.features = features
        self.gram = product(features, .transposed, features, .none)
    }

    var sampleCount: Int { features.rows }

    /// The top `count` singular values of F/√samples (descending) and, for each,
    /// its left singular vector of F (unit length, over the samples).
    func topSingular(count: Int, leftVectors: Int) throws -> (values: [Double], left: [[Double]]) {
        let (eigenvalues, eigenvectors) = try gram.symmetricTopEigen(count: count)
        let m = Double(sampleCount)
        let values = eigenvalues.map { (max(Double($0), 0) / m).squareRoot() }
        var left = [[Double]]()
        for i in 0..<min(leftVectors, eigenvectors.rows) {
            // u_i ∝ F v_i
            let n = features.columns
            var u = [Double](repeating: 0, count: features.rows)
            for r in 0..<features.rows {
                var s = 0.0
                for c in 0..<n { s += Double(features.elements[r * n + c]) * Double(eigenvectors.elements[i * n + c]) }
                u[r] = s
            }
            left.append(normalised(u))
        }
        return (values, left)
    }
}

func normalised(_ v: [Double]) -> [Double] {
    let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
    return norm > 0 ? v.map { $0 / norm } : v
}

/// |cos| between two vectors.
func absoluteCosine(_ a: [Double], _ b: [Double]) -> Double {
    precondition(a.count == b.count)
    var dot = 0.0, na = 0.0, nb = 0.0
    for i in 0..<a.count { dot += a[i] * b[i]; na += a[i] * a[i]; nb += b[i] * b[i] }
    return na > 0 && nb > 0 ? abs(dot) / (na * nb).squareRoot() : 0
}
