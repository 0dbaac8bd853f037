/// The outlier count of `giant-step` and `two-step`: how many singular values of
/// the updated features F/√m stand out of their bulk.
///
/// The rule, and why:
/// 1. The bulk of F is the bulk of the random features F0 (same samples, weights
///    before the step), dilated by the step: the step's noise part makes the rows
///    of W longer, stretching every bulk value by about the same factor ρ.
/// 2. ρ is the median of s_i(F)/s_i(F0) over the reference ranks 9…16, where
///    fewer than 8 spikes leave the bulk values unperturbed (interlacing moves a
///    value by at most one rank per spike).
/// 3. The bulk edge is ρ·s_1(F0)·(1 + `margin`); every s_i(F) above it is an outlier.
///    A margin of 1.5 % sits halfway between the weakest spike the theory predicts
///    at n = d = N = 2048 (α = 0.1: 3–4.5 % above its bulk) and the top of the
///    bulk pushed up by two spikes (α = 0.3: up to 1.3 % above ρ·s_1(F0)).
/// 4. When the activation has a non-zero Gaussian mean (ReLU, softplus: Hermite
///    coefficient μ0 ≠ 0), F0 and F both carry the rank-one spike μ0·11ᵀ that the
///    step did not create: it is excluded on both sides.
///
/// With fewer than 16 values available (tiny N), the reference ranks are the
/// lower half of what there is; with no usable reference value, ρ = 1.
public struct SpectralOutliers: Equatable, Sendable {
    public static let margin = 0.015
    /// Singular values to compute for the rule, whatever `top_k` asks to store.
    public static let valuesNeeded = 16
    public static let referenceRanks = 8..<16

    public let bulkEdge: Double
    public let dilation: Double
    public let count: Int

    /// `updated` and `randomFeatures` are descending singular values of F/√m and F0/√m.
    public init(updated: [Double], randomFeatures: [Double], meanSpike: Bool) {
        let skip = meanSpike ? 1 : 0
        let available = min(updated.count, randomFeatures.count)
        var ranks = SpectralOutliers.referenceRanks.clamped(to: 0..<available)
        if ranks.count < 2 { ranks = (available / 2)..<available }
        // Exactly zero reference values (rank-deficient features at tiny sizes) carry no scale.
        let floor = 1e-9 * (randomFeatures.first ?? 0)
        let ratios = ranks.filter { randomFeatures[$0] > floor }.map { updated[$0] / randomFeatures[$0] }.sorted()
        let rho = ratios.isEmpty ? 1 : (ratios[(ratios.count - 1) / 2] + ratios[ratios.count / 2]) / 2
        let edge = rho * randomFeatures[min(skip, available - 1)] * (1 + SpectralOutliers.margin)
        dilation = rho
        bulkEdge = edge
        count = updated.dropFirst(skip).filter { $0 > edge }.count
    }

    /// ⌊1/(1−2α)⌋: the number of spikes a step with η ∝ n^α creates (Moniri et al. 2023).
    public static func theoryCount(alpha: Double) -> Int {
        Int((1 / (1 - 2 * alpha) + 1e-9).rounded(.down))  // 1e-9: α = 1/3 must give 3, not 2.999…
    }
}

extension Activation {
    /// Whether E[σ(z)] ≠ 0 for z ~ N(0, 1), so random features carry a mean spike.
    var hasMeanSpike: Bool {
        switch self {
        case .relu, .softplus: return true
        case .crelu, .tanh, .hermite3: return false
        }
    }
}
