/// `giant-step`: one large gradient step on the first layer of a two-layer network
/// (η = c·n^α), then a ridge readout on the updated features (Moniri, Lee, Hassani,
/// Dobriban 2023; Ba et al. 2022). The step creates ⌊1/(1−2α)⌋ spikes in the
/// feature matrix, each aligned with a polynomial feature He_k(X̃β).
///
/// Conventions are those of DESIGN.md; see `GiantStep+Run.swift` for the algorithm
/// and `SpectralOutliers` for the bulk-edge rule of the outlier count.
public struct GiantStep: ExperimentProtocol {
    public init() {}

    public let name = "giant-step"
    public let summary = "one large GD step on W, then ridge regression on the updated features"

    public var parameters: [ParameterSpec] {
        [ParameterSpec("n", .integer(.positive), "samples in the batch of the gradient step")]
            + SingleIndexParameters.sizes
            + [
                ParameterSpec("alpha", .real(.halfOpenToHalf), "step-size exponent: eta = c * n^alpha"),
                ParameterSpec("c", .real(.nonNegative), default: .real(1), "step-size constant (0: random features only)"),
            ]
            + SingleIndexParameters.model
            + ModelOptions.parameters
            + [ParameterSpec("full_spectrum", .choice(["false", "true"]), default: .text("false"),
                             "true: store every singular value (LAPACK's full SVD, for histograms) instead of the top_k (block Krylov)")]
    }

    public var parameterLists: [ParameterListSpec] { ModelOptions.lists }

    public var metrics: [MetricSpec] {
        [
            MetricSpec("train_mse", "readout training MSE after the step (on X_readout)"),
            MetricSpec("test_mse", "test MSE after the step (fresh n_test samples)"),
            MetricSpec("rf_train_mse", "readout training MSE of random features W0"),
            MetricSpec("rf_test_mse", "test MSE of random features W0"),
            MetricSpec("outliers", "singular values of F/sqrt(n_readout) above the bulk edge (count)"),
            MetricSpec("theory_outliers", "floor(1/(1-2 alpha)) spikes predicted by theory (count; 0 when c = 0)"),
            MetricSpec("beta_alignment", "|cos(beta, top right singular vector of W1 - W0)|"),
            MetricSpec("he1_alignment", "max |cos| of the top 3 left singular vectors of F with He1(X_readout beta)"),
            MetricSpec("he2_alignment", "max |cos| of the top 3 left singular vectors of F with He2(X_readout beta)"),
            MetricSpec("he3_alignment", "max |cos| of the top 3 left singular vectors of F with He3(X_readout beta)"),
            MetricSpec("bulk_edge", "bulk edge of the outlier count: dilation * top singular value of F0/sqrt(n_readout) * 1.015"),
            MetricSpec("bulk_dilation", "median ratio of singular values 9..16 of F and F0: how much the step stretched the bulk"),
            MetricSpec("eta", "step size c * n^alpha"),
            MetricSpec("theta_alignment_min", "smallest over i of |P theta_i|, P the projection on the top-k right singular vectors of W1 - W0 (k = directions; single-index: k = 1, theta_1 = beta, so beta_alignment)"),
            MetricSpec("theta_alignment_mean", "mean over i of |P theta_i| (as theta_alignment_min)"),
        ]
    }

    public var arrays: [ArraySpec] {
        [
            ArraySpec("singular_values", "top_k singular values of F/sqrt(n_readout), descending"),
            ArraySpec("rf_singular_values", "top_k singular values of F0/sqrt(n_readout), descending"),
            ArraySpec("he_alignment", "|cos(u_i, He_k(X_readout beta))| for spike i = 1..3 (rows) and k = 1..3, row-major"),
            ArraySpec("theta_alignments", "|P theta_i| for each direction i = 1..k, P the projection on the top-k right singular vectors of W1 - W0"),
        ]
    }

    public func validate(_ p: TaskParameters) throws {
        try ModelOptions.validate(p)
    }

    public func arrayWidths(_ p: TaskParameters) -> [String: Int] {
        let k = p.values["full_spectrum"] == .text("true") ? min(p.int("n_readout"), p.int("N")) : p.int("top_k")
        return ["singular_values": k, "rf_singular_values": k, "he_alignment": 9, "theta_alignments": ModelOptions(p).directions]
    }

    public func estimatedFlops(_ p: TaskParameters) -> Double {
        let n = Double(p.int("n")), m = Double(p.int("n_readout")), t = Double(p.int("n_test"))
        let d = Double(p.int("d")), N = Double(p.int("N"))
        let products = 2 * N * d * (2 * n + 2 * m + 2 * t)  // forward + gradient, two feature maps, two test readouts
        let grams = 2 * m * N * N * 0.56                    // F^T F and F0^T F0, upper panels only
        let solves = 2 * N * N * N / 3                       // two Cholesky factorisations
        let spectra = 2 * 12 * 2 * N * N * 24                // block Krylov: about 12 blocks of 24 on each Gram
        let full = p.values["full_spectrum"] == .text("true") ? 2 * 4 * m * N * min(m, N) : 0
        return products + grams + solves + spectra + full
    }

    /// The arrays a task must hold at its peak (the readout phase): W0 and W1 (N × d),
    /// X_readout (n_readout × d), F (n_readout × N), FᵀF and its packed copy for the Krylov
    /// products (N × N each; the Cholesky factor then overwrites FᵀF in place),
    /// with the larger of X_train + D (step phase) and X_test (test phase) in case either
    /// outgrows X_readout + F. Measured peaks stay within 1.5× of this once the arrays
    /// dominate the roughly 10 MiB of working memory any task touches (GEMM packing,
    /// OpenBLAS's buffer): 1.0–1.15× at 2048 float32, 1.3× at 1024 float64
    /// (`ThreadsAndMemoryTests`), 1.35× at 1024 float32.
    public func estimatedBytes(_ p: TaskParameters) -> Double {
        let n = Double(p.int("n")), m = Double(p.int("n_readout")), t = Double(p.int("n_test"))
        let d = Double(p.int("d")), N = Double(p.int("N"))
        let width = p.text("precision") == "float64" ? 8.0 : 4.0
        let readoutPhase = m * d + m * N + 2 * N * N
        let stepPhase = n * d + n * N + N * d
        let testPhase = t * d + t * N
        return width * (2 * N * d + max(readoutPhase, stepPhase, testPhase))
    }
}
