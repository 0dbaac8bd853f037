/// `two-step`: two large gradient steps on the first layer (η1 = c1·N^α1, η2 = c2·N^α2),
/// the second on the same batch (`reuse`) or a fresh one (`fresh`), then the spectrum
/// of the updated weights and a ridge readout (Moniri, Hassani 2026, arXiv 2605.17767).
/// The theory predicts ⌊α2/(½−α1)⌋ outliers in the updated weights beyond the one-step
/// spike, and that only a reused batch lets the second step learn directions of
/// information exponent > 1.
///
/// Normalisation. The paper's is the default and DESIGN.md's (Ba et al. 2022, Moniri et
/// al. 2024): W ← W − η·√N·∇_W L with η ≍ N^α, α ∈ [0, ½) (`step_scale = "sqrt-width"`,
/// `step_base = "width"`); only there is a step's per-neuron change N^(α−½), which is
/// what makes ½ the end of the range and ½ − α1 the denominator of the count (see
/// `TwoStepTheory`). `step_scale = "plain"` drops the √N (W ← W − η·∇_W L, i.e. η/√N
/// in Ba et al.'s units: every step then stays inside the bulk) and
/// `step_base = "samples"` takes η = c·n^α instead of c·N^α, to express other
/// conventions. See `TwoStep+Run.swift` for the algorithm and `WeightOutliers` for the
/// outlier rule.
public struct TwoStep: ExperimentProtocol {
    public init() {}

    public let name = "two-step"
    public let summary = "two large GD steps on W (batch reused or fresh): outliers of the updated weights, alignment, readout"

    public var parameters: [ParameterSpec] {
        [ParameterSpec("n", .integer(.positive), "samples in each gradient-step batch")]
            + SingleIndexParameters.sizes
            + [
                ParameterSpec("alpha1", .real(.halfOpenToHalf), "first step-size exponent: eta1 = c1 * N^alpha1"),
                ParameterSpec("alpha2", .real(.halfOpenToHalf), "second step-size exponent: eta2 = c2 * N^alpha2"),
                ParameterSpec("c1", .real(.nonNegative), default: .real(1), "first step-size constant"),
                ParameterSpec("c2", .real(.nonNegative), default: .real(1), "second step-size constant"),
                ParameterSpec("batch", .choice(["reuse", "fresh"]), default: .text("reuse"), "second step on the first step's batch (reuse) or on a new one (fresh)"),
                ParameterSpec("step_scale", .choice(["sqrt-width", "plain"]), default: .text("sqrt-width"), "update W - eta*sqrt(N)*grad (Ba et al., DESIGN.md, the paper's) or W - eta*grad"),
                ParameterSpec("step_base", .choice(["width", "samples"]), default: .text("width"), "eta = c * N^alpha (width, the paper's) or c * n^alpha (samples, as giant-step)"),
                ParameterSpec("max_outliers", .integer(.positive), default: .integer(15), "largest outlier count the edge-distribution rule may return (Onatski's k_max; needs min(N, d) >= max_outliers + 5)"),
            ]
            + SingleIndexParameters.model
            + ModelOptions.parameters
    }

    public var parameterLists: [ParameterListSpec] { ModelOptions.lists }

    public var metrics: [MetricSpec] {
        [
            MetricSpec("outliers", "outliers of W2 beyond the one-step spike: edge-distribution count of (I - a a^T/|a|^2) W2 (count)"),
            MetricSpec("outliers_total", "edge-distribution count of W2 itself, one-step spike included (count)"),
            MetricSpec("step1_outliers", "edge-distribution count of W1, after the first step only (count)"),
            MetricSpec("theory_outliers", "floor(alpha2 / (1/2 - alpha1)) outliers predicted by Moniri & Hassani 2026 for a generic activation (count)"),
            MetricSpec("theory_outliers_activation", "the orders k = 1..theory_outliers whose coefficient E[sigma^(k+1)(z)] is non-zero for this activation (count)"),
            MetricSpec("bulk_top", "largest bulk singular value of (I - a a^T/|a|^2) W2: the first one not counted as an outlier"),
            MetricSpec("outlier_gap_threshold", "the edge-distribution gap delta between eigenvalues of W^T W that separates an outlier"),
            MetricSpec("one_step_spike_alignment", "|cos(a, top left singular vector of W2)|: 1 when W2's top outlier is the one-step spike"),
            MetricSpec("beta_alignment", "|cos(beta, top right singular vector of W2 - W0)|"),
            MetricSpec("beta_alignment_max", "largest |cos(beta, v_i)| over the top 3 right singular vectors v_i of W2 - W0"),
            MetricSpec("step2_beta_alignment", "|cos(beta, top right singular vector of W2 - W1)|: what the second step learned"),
            MetricSpec("step2_beta_alignment_max", "largest |cos(beta, v_i)| over the top 3 right singular vectors v_i of W2 - W1"),
            MetricSpec("step1_beta_alignment", "|cos(beta, top right singular vector of W1 - W0)|: what the first step learned"),
            MetricSpec("train_mse", "readout training MSE on features of W2 (X_readout)"),
            MetricSpec("test_mse", "test MSE on features of W2 (fresh n_test samples)"),
            MetricSpec("rf_train_mse", "readout training MSE of random features W0"),
            MetricSpec("rf_test_mse", "test MSE of random features W0"),
            MetricSpec("eta1", "first step size as applied: c1 * base^alpha1"),
            MetricSpec("eta2", "second step size as applied: c2 * base^alpha2"),
            MetricSpec("theta_alignment_min", "smallest over i of |P theta_i|, P the projection on the top-k right singular vectors of W2 - W0 (k = directions; single-index: k = 1, theta_1 = beta, so beta_alignment)"),
            MetricSpec("theta_alignment_mean", "mean over i of |P theta_i| (as theta_alignment_min)"),
        ]
    }

    public var arrays: [ArraySpec] {
        [
            ArraySpec("singular_values", "top_k singular values of W2, descending"),
            ArraySpec("projected_singular_values", "top_k singular values of (I - a a^T/|a|^2) W2 (what outliers counts), descending"),
            ArraySpec("step1_singular_values", "top_k singular values of W1, descending"),
            ArraySpec("init_singular_values", "top_k singular values of W0, descending"),
            ArraySpec("update_singular_values", "top_k singular values of W2 - W0, descending"),
            ArraySpec("beta_alignments", "|cos(beta, v_i)| for the top 3 right singular vectors of W2 - W0"),
            ArraySpec("theta_alignments", "|P theta_i| for each direction i = 1..k, P the projection on the top-k right singular vectors of W2 - W0"),
        ]
    }

    public func validate(_ p: TaskParameters) throws {
        try ModelOptions.validate(p)
        let smaller = min(p.int("N"), p.int("d")), maxOutliers = p.int("max_outliers")
        if smaller < maxOutliers + WeightOutliers.extraValues {
            throw ParameterError(["max_outliers", "N", "d"], "max_outliers = \(maxOutliers): the outlier rule reads max_outliers + \(WeightOutliers.extraValues) singular values, but min(N, d) = \(smaller)")
        }
        if p.int("top_k") > smaller {
            throw ParameterError(["top_k", "N", "d"], "top_k = \(p.int("top_k")) exceeds min(N, d) = \(smaller) singular values")
        }
    }

    public func arrayWidths(_ p: TaskParameters) -> [String: Int] {
        let k = p.int("top_k")
        return ["singular_values": k, "projected_singular_values": k, "step1_singular_values": k,
                "init_singular_values": k, "update_singular_values": k, "beta_alignments": 3,
                "theta_alignments": ModelOptions(p).directions]
    }

    public func estimatedFlops(_ p: TaskParameters) -> Double {
        let n = Double(p.int("n")), m = Double(p.int("n_readout")), t = Double(p.int("n_test"))
        let d = Double(p.int("d")), N = Double(p.int("N"))
        let steps = 2 * 2 * 2 * n * d * N                  // forward and gradient products of both steps
        let features = 2 * N * d * 2 * (m + t)             // readout and test features of W2 and W0
        let weightGrams = 6 * 2 * N * d * d                // W0, W1, W2, W2-W0, W1-W0, W2-W1 Gram matrices
        let featureGrams = 2 * 2 * m * N * N               // the two ridge readouts
        let eigen = 7 * (4.0 / 3.0) * d * d * d + 2 * N * N * N / 3   // 7 weight spectra, 2 Cholesky solves
        return steps + features + weightGrams + featureGrams + eigen
    }

    public func estimatedBytes(_ p: TaskParameters) -> Double {
        let n = Double(p.int("n")), m = Double(p.int("n_readout")), t = Double(p.int("n_test"))
        let d = Double(p.int("d")), N = Double(p.int("N"))
        let width = p.text("precision") == "float64" ? 8.0 : 4.0
        return width * (max(n, m, t) * (d + N) + 2 * n * d + 5 * N * d + 2 * d * d + 3 * N * N)
    }
}
