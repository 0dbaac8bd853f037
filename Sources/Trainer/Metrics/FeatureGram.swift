import Kernels

/// A feature matrix F (samples × features) with its Gram matrix FᵀF, computed once
/// (by the symmetric product, half a GEMM) and shared by the spectrum and the ridge
/// readout.
struct FeatureGram<T: KernelScalar> {
    let features: Matrix<T>
    private(set) var gram: Matrix<T>

    init(_ features: Matrix<T>) {
        self.features = features
        self.gram = features.gram
    }

    var sampleCount: Int { features.rows }

    /// Hands the Gram matrix over (leaving an empty one), so that a solver can factor it
    /// in place instead of copying 4·N² bytes.
    mutating func takeGram() -> Matrix<T> {
        defer { gram = Matrix(rows: 0, columns: 0) }
        return gram
    }

    /// The top `count` singular values of F/√samples (descending), by block Krylov
    /// iteration on FᵀF (`Matrix.topEigenKrylov`: relative error ≤ 1e-5 at 2048, LAPACK only for
    /// the projected problem), and for the first `leftVectors` of them the left singular
    /// vector of F (unit length, over the samples): u_i ∝ F v_i.
    func topSingular(count: Int, leftVectors: Int) throws -> (values: [Double], left: [[Double]]) {
        let (eigenvalues, eigenvectors) = try gram.topEigenKrylov(count: count)
        let m = Double(sampleCount)
        let values = eigenvalues.map { (max($0, 0) / m).squareRoot() }
        let kept = min(leftVectors, eigenvectors.rows)
        guard kept > 0 else { return (values, []) }
        let n = features.columns
        let rows = Matrix(rows: kept, columns: n, elements: Array(eigenvectors.elements[0..<(kept * n)]))
        let images = product(features, .none, rows, .transposed)   // samples × kept
        let left = (0..<kept).map { i in normalised((0..<features.rows).map { Double(images.elements[$0 * kept + i]) }) }
        return (values, left)
    }

    /// Every singular value of F/√samples (descending), by LAPACK's full SVD: for
    /// histograms of the whole spectrum (`full_spectrum = true`).
    func allSingularValues() throws -> [Double] {
        let m = Double(sampleCount)
        return try features.singularValues().map { Double($0) / m.squareRoot() }
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
