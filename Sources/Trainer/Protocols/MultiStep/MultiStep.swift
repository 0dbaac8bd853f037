/// `multi-step`: T full-batch gradient steps on the first layer (T = 1 … 64), the batch
/// reused or fresh at every step, then after **every** step the feature-spectrum outliers
/// (giant-step's rule), the weight outliers (two-step's rule), the alignment with each
/// target direction and the train/test errors of the ridge readout, as per-task arrays
/// over t (Dandi et al. 2023's "one (giant) step at a time", and the steps after).
///
/// Step sizes: η_t = c·base^α for every t (`schedule = "constant"`), or η_1 = c1·base^α1
/// and η_t = c·base^α for t ≥ 2 (`schedule = "first-step"`); base = n (`step_base =
/// "samples"`, giant-step's) or N (`"width"`, two-step's). Each step is giant-step's
/// W ← W − η·√N·∇_W L(W) (`step_scale = "plain"` drops the √N, as in two-step).
///
/// Streams are giant-step's and two-step's: "beta", "first-layer", "second-layer",
/// "train-data" (step 1, and every step with `batch = "reuse"`), "train-data-2" for a
/// fresh step 2 and "train-data-<t>" for a fresh step t ≥ 3, "readout-data", "test-data".
/// So T = 1 is giant-step bit for bit and T = 2 with `schedule = "first-step"` is
/// two-step bit for bit (`MultiStepTests`).
public struct MultiStep: ExperimentProtocol {
    public init() {}

    public let name = "multi-step"
    public let summary = "T full-batch GD steps on W (batch reused or fresh), readout, outliers and alignment recorded after every step"

    public var parameters: [ParameterSpec] {
        [ParameterSpec("n", .integer(.positive), "samples in each gradient-step batch")]
            + SingleIndexParameters.sizes
            + [
                ParameterSpec("steps", .integer(IntegerBounds(1, 64)), "T: number of full-batch gradient steps on W"),
                ParameterSpec("alpha", .real(.halfOpenToHalf), default: .real(0), "step-size exponent: eta_t = c * base^alpha (every step, or steps 2..T with schedule = first-step)"),
                ParameterSpec("c", .real(.nonNegative), default: .real(1), "step-size constant"),
                ParameterSpec("schedule", .choice(["constant", "first-step"]), default: .text("constant"),
                              "constant: eta_t = c * base^alpha for every t; first-step: eta_1 = c1 * base^alpha1, then c * base^alpha"),
                ParameterSpec("alpha1", .real(.halfOpenToHalf), default: .real(0), "first step's exponent (schedule = first-step)"),
                ParameterSpec("c1", .real(.nonNegative), default: .real(1), "first step's constant (schedule = first-step)"),
                ParameterSpec("step_sizes", .realList(.nonNegative, count: 1...64), default: .text(""),
                              "eta_1..eta_T given per step, a list of T numbers (e.g. [0.5, 0.25, 0.25]); replaces the schedule (alpha, c, schedule, alpha1, c1, step_base stay at their defaults)",
                              keyedAtDefault: false),
                ParameterSpec("batch", .choice(["reuse", "fresh"]), default: .text("reuse"), "every step on the first batch (reuse) or each on a new one (fresh)"),
                ParameterSpec("step_base", .choice(["samples", "width"]), default: .text("samples"), "eta = c * n^alpha (samples, as giant-step) or c * N^alpha (width, as two-step)"),
                ParameterSpec("step_scale", .choice(["sqrt-width", "plain"]), default: .text("sqrt-width"), "update W - eta*sqrt(N)*grad (giant-step's, two-step's) or W - eta*grad"),
                ParameterSpec("max_outliers", .integer(.positive), default: .integer(15), "largest weight-outlier count of the edge-distribution rule (two-step's; needs min(N, d) >= max_outliers + 5)"),
            ]
            + SingleIndexParameters.model
            + ModelOptions.parameters
    }

    public var parameterLists: [ParameterListSpec] { ModelOptions.lists }

    public var metrics: [MetricSpec] {
        [
            MetricSpec("train_mse", "readout training MSE after the last step"),
            MetricSpec("test_mse", "test MSE after the last step (fresh n_test samples)"),
            MetricSpec("rf_train_mse", "readout training MSE of random features W0"),
            MetricSpec("rf_test_mse", "test MSE of random features W0"),
            MetricSpec("outliers", "after the last step: singular values of F/sqrt(n_readout) above the bulk edge (giant-step's rule; count)"),
            MetricSpec("weight_outliers", "after the last step: edge-distribution count of (I - a a^T/|a|^2) W_T (two-step's outliers; count)"),
            MetricSpec("beta_alignment", "|cos(beta, top right singular vector of W_T - W0)|"),
            MetricSpec("theta_alignment_min", "smallest |P theta_i| after the last step, P the projection on the top-k right singular vectors of W_T - W0"),
            MetricSpec("theta_alignment_mean", "mean |P theta_i| after the last step"),
            MetricSpec("bulk_edge", "bulk edge of the outlier count after the last step (giant-step's rule)"),
            MetricSpec("bulk_dilation", "median ratio of singular values 9..16 of F_T and F0"),
            MetricSpec("best_test_mse", "smallest test MSE over t = 1..T"),
            MetricSpec("best_step", "the t of best_test_mse (count)"),
        ]
    }

    public var arrays: [ArraySpec] {
        [
            ArraySpec("eta_by_step", "eta_t as given (before the sqrt(N) of the update), t = 1..T"),
            ArraySpec("train_mse_by_step", "readout training MSE after step t"),
            ArraySpec("test_mse_by_step", "test MSE after step t"),
            ArraySpec("outliers_by_step", "feature-spectrum outliers (giant-step's rule) after step t"),
            ArraySpec("weight_outliers_by_step", "edge-distribution count of (I - a a^T/|a|^2) W_t (two-step's rule) after step t"),
            ArraySpec("beta_alignment_by_step", "|cos(beta, top right singular vector of W_t - W0)| after step t"),
            ArraySpec("theta_alignments_by_step", "|P_t theta_i|, P_t the projection on the top-k right singular vectors of W_t - W0; row t, column i (row-major, T x k)"),
            ArraySpec("singular_values", "top_k singular values of F_T/sqrt(n_readout), descending"),
            ArraySpec("rf_singular_values", "top_k singular values of F0/sqrt(n_readout), descending"),
        ]
    }

    public func validate(_ p: TaskParameters) throws {
        try ModelOptions.validate(p)
        let smaller = min(p.int("N"), p.int("d")), maxOutliers = p.int("max_outliers")
        if smaller < maxOutliers + WeightOutliers.extraValues {
            throw ParameterError(["max_outliers", "N", "d"], "max_outliers = \(maxOutliers): the outlier rule reads max_outliers + \(WeightOutliers.extraValues) singular values, but min(N, d) = \(smaller)")
        }
        let given = p.reals("step_sizes")
        if !given.isEmpty {
            if given.count != p.int("steps") {
                throw ParameterError(["step_sizes", "steps"], "step_sizes has \(given.count) value\(given.count == 1 ? "" : "s"), but steps = \(p.int("steps")): give one step size per step")
            }
            let scheduleDefaults: [(String, ParameterValue)] = [("alpha", .real(0)), ("c", .real(1)), ("schedule", .text("constant")),
                                                                ("alpha1", .real(0)), ("c1", .real(1)), ("step_base", .text("samples"))]
            if let (name, _) = scheduleDefaults.first(where: { p.values[$0.0] != $0.1 }) {
                throw ParameterError([name, "step_sizes"], "\(name) = \(p.values[name]!) sets the step-size schedule, which step_sizes replaces: remove \(name), or remove step_sizes")
            }
        }
        if p.text("schedule") == "constant" && (p.double("alpha1") != 0 || p.double("c1") != 1) {
            let name = p.double("alpha1") != 0 ? "alpha1" : "c1"
            throw ParameterError([name, "schedule"], "\(name) = \(p.double(name)) is used only with schedule = \"first-step\" (schedule is \"constant\")")
        }
    }

    public func arrayWidths(_ p: TaskParameters) -> [String: Int] {
        let t = p.int("steps"), k = p.int("top_k")
        return ["eta_by_step": t, "train_mse_by_step": t, "test_mse_by_step": t, "outliers_by_step": t,
                "weight_outliers_by_step": t, "beta_alignment_by_step": t,
                "theta_alignments_by_step": t * ModelOptions(p).directions, "singular_values": k, "rf_singular_values": k]
    }

    public func estimatedFlops(_ p: TaskParameters) -> Double {
        let n = Double(p.int("n")), m = Double(p.int("n_readout")), t = Double(p.int("n_test"))
        let d = Double(p.int("d")), N = Double(p.int("N")), T = Double(p.int("steps"))
        let step = 2 * 2 * n * d * N                              // forward and gradient products
        let readout = 2 * N * d * (m + t) + m * N * N + N * N * N / 3 + 2 * 12 * 2 * N * N * 24
        let weights = 2 * 2 * N * d * d + 2 * (4.0 / 3.0) * d * d * d   // W_t Gram, projected spectrum
        return T * (step + readout + weights) + readout
    }

    public func estimatedBytes(_ p: TaskParameters) -> Double {
        let n = Double(p.int("n")), m = Double(p.int("n_readout")), t = Double(p.int("n_test"))
        let d = Double(p.int("d")), N = Double(p.int("N"))
        let width = p.text("precision") == "float64" ? 8.0 : 4.0
        return width * (2 * n * d + 4 * N * d + max(m * d + m * N + 2 * N * N, n * N, t * (d + N), 3 * d * d))
    }
}
