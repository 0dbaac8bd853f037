/// `two-step`: two large gradient steps on the first layer (η1 = c1·N^α1, η2 = c2·N^α2),
/// the second on the same batch (`reuse`) or a fresh one (`fresh`), then the spectrum
/// of the updated weights and a ridge readout (Moniri, Hassani 2026, arXiv 2605.17767).
/// The theory predicts ⌊α2/(½−α1)⌋ outliers in the updated weights, and that only a
/// reused batch lets the second step learn directions of information exponent > 1.
///
/// Default normalisation: DESIGN.md's (Ba et al. 2022), W ← W − η·√N·∇_W L.
/// `step_scale = "plain"` drops the √N (W ← W − η·∇_W L, i.e. η/√N in Ba et al.'s
/// units) and `step_base = "samples"` takes η = c·n^α instead of c·N^α, so other
/// normalisations of the paper's η ≍ N^α can be expressed. See `TwoStep+Run.swift`
/// for the algorithm and the bulk-edge rule for weights.
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
                ParameterSpec("step_scale", .choice(["sqrt-width", "plain"]), default: .text("sqrt-width"), "update W - eta*sqrt(N)*grad (Ba et al., DESIGN.md) or W - eta*grad"),
                ParameterSpec("step_base", .choice(["width", "samples"]), default: .text("width"), "eta = c * N^alpha (width) or c * n^alpha (samples, as giant-step)"),
            ]
            + SingleIndexParameters.model
    }

    public var metrics: [MetricSpec] {
        [
            MetricSpec("outliers", "singular values of W2 above the bulk edge of W0 (dilated; see bulk_edge) (count)"),
            MetricSpec("step1_outliers", "the same count for W1, after the first step only (count)"),
            MetricSpec("theory_outliers", "floor(alpha2 / (1/2 - alpha1)) outliers predicted by Moniri & Hassani 2026 (count)"),
            MetricSpec("beta_alignment", "|cos(beta, top right singular vector of W2 - W0)|"),
            MetricSpec("beta_alignment_max", "largest |cos(beta, v_i)| over the top 3 right singular vectors v_i of W2 - W0"),
            MetricSpec("step2_beta_alignment", "|cos(beta, top right singular vector of W2 - W1)|: what the second step learned"),
            MetricSpec("step1_beta_alignment", "|cos(beta, top right singular vector of W1 - W0)|: what the first step learned"),
            MetricSpec("train_mse", "readout training MSE on features of W2 (X_readout)"),
            MetricSpec("test_mse", "test MSE on features of W2 (fresh n_test samples)"),
            MetricSpec("rf_train_mse", "readout training MSE of random features W0"),
            MetricSpec("rf_test_mse", "test MSE of random features W0"),
            MetricSpec("bulk_edge", "bulk edge of the outlier count: dilation * top singular value of W0 * 1.015"),
            MetricSpec("bulk_dilation", "median ratio of singular values 9..16 of W2 and W0"),
            MetricSpec("eta1", "first step size as applied: c1 * base^alpha1"),
            MetricSpec("eta2", "second step size as applied: c2 * base^alpha2"),
        ]
    }

    public var arrays: [ArraySpec] {
        [
            ArraySpec("singular_values", "top_k singular values of W2, descending"),
            ArraySpec("init_singular_values", "top_k singular values of W0, descending"),
            ArraySpec("update_singular_values", "top_k singular values of W2 - W0, descending"),
            ArraySpec("beta_alignments", "|cos(beta, v_i)| for the top 3 right singular vectors of W2 - W0"),
        ]
    }

    public func validate(_ p: TaskParameters) throws {}

    public func arrayWidths(_ p: TaskParameters) -> [String: Int] {
        let k = p.int("top_k")
        return ["singular_values": k, "init_singular_values": k, "update_singular_values": k, "beta_alignments": 3]
    }

    public func estimatedFlops(_ p: TaskParameters) -> Double {
        let n = Double(p.int("n")), m = Double(p.int("n_readout")), t = Double(p.int("n_test"))
        let d = Double(p.int("d")), N = Double(p.int("N"))
        let steps = 2 * 2 * 2 * n * d * N                  // forward and gradient products of both steps
        let features = 2 * N * d * 2 * (m + t)             // readout and test features of W2 and W0
        let weightGrams = 5 * 2 * N * d * d                // W0, W1, W2, W1-W0, W2-W1 (and W2-W0) Gram matrices
        let featureGrams = 2 * 2 * m * N * N
        let eigen = 6 * (4.0 / 3.0) * d * d * d + 2 * N * N * N / 3
        return steps + features + weightGrams + featureGrams + eigen
    }

    public func estimatedBytes(_ p: TaskParameters) -> Double {
        let n = Double(p.int("n")), m = Double(p.int("n_readout")), t = Double(p.int("n_test"))
        let d = Double(p.int("d")), N = Double(p.int("N"))
        let width = p.text("precision") == "float64" ? 8.0 : 4.0
        return width * (max(n, m, t) * (d + N) + 2 * n * d + 5 * N * d + 2 * d * d + 3 * N * N)
    }
}
