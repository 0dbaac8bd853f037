import RealModule

/// The number of outliers of a weight matrix's spectrum, with the bulk estimated from
/// the spectrum itself: Onatski's edge-distribution (ED) estimator (A. Onatski,
/// "Determining the number of factors from empirical distribution of eigenvalues",
/// Review of Economics and Statistics 92(4), 2010).
///
/// Why this rule for weights. After two large steps W2 = W0 + (spikes) + (noise of
/// both steps), and at finite N the noise is not small: with N = 2048 and α1 = 0.45 the
/// first step's noise alone, of order N^(α1−½)·const, lifts the top of the bulk from 2
/// (W0's Marchenko–Pastur edge 1 + √(N/d)) to about 4.5, and its rows are scaled by
/// a_j, so the bulk is neither W0's nor a Marchenko–Pastur law of the same variance.
/// Comparing with W0's (dilated) edge, as `SpectralOutliers` does for feature spectra,
/// then counts the lifted bulk as outliers. The ED rule needs only what every such bulk
/// shares: near its edge the eigenvalues λ_j of WᵀW fall off as edge − c·j^(2/3) (the
/// square-root edge and Tracy–Widom spacing). It fits that decay on the top of the bulk
/// and calls an eigenvalue an outlier when a gap at or above it is at least twice the
/// fitted slope:
///
/// 1. j = maxCount + 1.
/// 2. Regress λ_j, …, λ_{j+4} on (j−1)^(2/3), …, (j+3)^(2/3); δ = 2·|slope|.
/// 3. count = max{ i ≤ maxCount : λ_i − λ_{i+1} ≥ δ } (0 if none).
/// 4. j = count + 1; repeat 2–3 until the count no longer changes.
///
/// The factor 2 is Onatski's, chosen by him from the Tracy–Widom law, not by us.
struct WeightOutliers: Equatable {
    /// The number of outliers.
    let count: Int
    /// δ: the gap between consecutive eigenvalues of WᵀW that separates an outlier.
    let gapThreshold: Double
    /// The largest singular value of the bulk, √λ_{count+1}.
    let bulkTop: Double

    /// Eigenvalues of WᵀW the rule reads beyond `maxCount`: the five of the regression.
    static let extraValues = 5

    /// - Parameters:
    ///   - eigenvalues: the top eigenvalues of WᵀW (squared singular values of W),
    ///     descending, at least `maxCount + extraValues` of them.
    ///   - maxCount: the largest count the rule may return (Onatski's k_max).
    init(eigenvalues: [Double], maxCount: Int) {
        precondition(maxCount >= 1 && eigenvalues.count >= maxCount + WeightOutliers.extraValues,
                     "the edge-distribution rule needs maxCount + 5 eigenvalues")
        let lambda = eigenvalues
        var count = -1
        var start = maxCount + 1                   // 1-based index j of step 1
        var delta = 0.0
        for _ in 0..<(maxCount + 2) {
            delta = 2 * abs(WeightOutliers.edgeSlope(lambda, from: start))
            var found = 0
            for i in stride(from: maxCount, through: 1, by: -1) where lambda[i - 1] - lambda[i] >= delta {
                found = i
                break
            }
            if found == count { break }
            count = found
            start = found + 1
        }
        self.count = count
        gapThreshold = delta
        bulkTop = max(lambda[count], 0).squareRoot()
    }

    /// The least-squares slope of λ_j, …, λ_{j+4} against (j−1)^(2/3), …, (j+3)^(2/3)
    /// (`j` 1-based).
    static func edgeSlope(_ lambda: [Double], from j: Int) -> Double {
        let xs = (0..<extraValues).map { Double.pow(Double(j - 1 + $0), 2.0 / 3.0) }
        let ys = (0..<extraValues).map { lambda[j - 1 + $0] }
        let meanX = xs.reduce(0, +) / Double(extraValues), meanY = ys.reduce(0, +) / Double(extraValues)
        var covariance = 0.0, variance = 0.0
        for i in 0..<extraValues {
            covariance += (xs[i] - meanX) * (ys[i] - meanY)
            variance += (xs[i] - meanX) * (xs[i] - meanX)
        }
        return covariance / variance
    }
}
