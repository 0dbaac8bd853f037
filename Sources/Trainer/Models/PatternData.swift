import Kernels

/// The pattern data of `patterns` (Shi, Wei, Liang 2022): an orthonormal dictionary
/// M ∈ R^{d×D}, class-relevant patterns A = the first k columns, latent φ̃ ∈ {0,1}^D
/// (relevant entries on with probability p_A, background entries with p_o), label a
/// function of Σ_{j∈A} φ̃_j, and x = M·φ + ζ with φ the standardised φ̃
/// ((φ̃_j − p_j)/√(p_j(1 − p_j))) and ζ ~ N(0, σ²I_d/d).
struct PatternData<T: KernelScalar> {
    enum LabelRule: String {
        /// y = +1 when an odd number of relevant patterns is present.
        case parity
        /// y = +1 when more relevant patterns than their mean k·p_A are present.
        case threshold
    }

    var inputs: Matrix<T>
    var labels: [Double]

    /// A d × D matrix with orthonormal columns (Gram–Schmidt on Gaussian columns), row-major.
    static func dictionary(dimension d: Int, patterns D: Int, stream: inout RandomStream) -> Matrix<Double> {
        var columns = [[Double]]()
        for _ in 0..<D {
            var v = stream.normals(d)
            for _ in 0..<2 {   // twice: re-orthogonalising keeps the columns orthonormal to rounding
                for u in columns {
                    let overlap = zip(u, v).reduce(0) { $0 + $1.0 * $1.1 }
                    for k in 0..<d { v[k] -= overlap * u[k] }
                }
            }
            columns.append(normalised(v))
        }
        return Matrix(rows: d, columns: D) { columns[$1][$0] }
    }

    init(count n: Int, dictionary: Matrix<Double>, relevant k: Int, pRelevant: Double, pBackground: Double,
         rule: LabelRule, inputNoise: Double, stream: inout RandomStream) {
        let d = dictionary.rows, D = dictionary.columns
        var latent = Matrix<Double>(rows: n, columns: D)
        var labels = [Double](repeating: 0, count: n)
        let noiseScale = inputNoise / Double(d).squareRoot()
        for i in 0..<n {
            var present = 0
            for j in 0..<D {
                let p = j < k ? pRelevant : pBackground
                let on = stream.uniform() < p
                if on && j < k { present += 1 }
                latent.elements[i * D + j] = ((on ? 1 : 0) - p) / (p * (1 - p)).squareRoot()
            }
            switch rule {
            case .parity: labels[i] = present % 2 == 1 ? 1 : -1
            case .threshold: labels[i] = Double(present) > Double(k) * pRelevant ? 1 : -1
            }
        }
        let clean = product(latent, .none, dictionary, .transposed)   // n × d: rows φ_iᵀ Mᵀ
        var inputs = Matrix<T>(rows: n, columns: d)
        for i in 0..<(n * d) { inputs.elements[i] = T(clean.elements[i] + (noiseScale > 0 ? noiseScale * stream.normal() : 0)) }
        self.inputs = inputs
        self.labels = labels
    }
}
