/// `xor-gd`: a two-layer ReLU network trained by full-batch GD on the logistic loss
/// with XOR-like cluster data and a constant fraction of flipped labels (Frei,
/// Chatterji, Bartlett 2022). The network fits the noisy labels yet its test error
/// approaches the noise rate, while every linear classifier stays at ½.
///
/// Conventions are those of DESIGN.md; see `XorGD+Run.swift` for the algorithm.
public struct XorGD: ExperimentProtocol {
    public init() {}

    public let name = "xor-gd"
    public let summary = "two-layer ReLU net, full-batch GD on logistic loss, XOR clusters with flipped labels"

    public var parameters: [ParameterSpec] {
        [
            ParameterSpec("p", .integer(IntegerBounds(2)), "input dimension (at least 2: two orthogonal cluster means)"),
            ParameterSpec("n", .integer(.positive), "training samples"),
            ParameterSpec("n_test", .integer(.positive), default: .integer(2000), "test samples (fresh)"),
            ParameterSpec("m", .integer(IntegerBounds(2)), "hidden units (even: half with a_j = +1/sqrt(m), half with -1/sqrt(m))"),
            ParameterSpec("cluster_norm", .real(.positive), "norm s of the cluster means mu1, mu2"),
            ParameterSpec("init_scale", .real(.nonNegative), default: .real(0.0001), "standard deviation omega of the initial first-layer weights"),
            ParameterSpec("lr", .real(.positive), "gradient descent step size"),
            ParameterSpec("steps", .integer(.positive), "gradient descent iterations"),
            ParameterSpec("noise_rate", .real(.halfOpenToHalf), default: .real(0), "fraction of flipped training (and noisy test) labels"),
            ParameterSpec("noise_kind", .choice(["random", "exact"]), default: .text("random"), "random: each label flips independently; exact: exactly round(noise_rate * n) flips"),
            ParameterSpec("record_every", .integer(.positive), default: .integer(50), "steps between recorded curve points"),
            ParameterSpec("precision", .choice(["float32", "float64"]), default: .text("float32"), "arithmetic of the heavy linear algebra"),
        ]
    }

    public var metrics: [MetricSpec] {
        [
            MetricSpec("train_error", "training error against the (noisy) training labels after the last step"),
            MetricSpec("train_loss", "mean logistic loss on the training set after the last step"),
            MetricSpec("test_error_clean", "test error against clean labels"),
            MetricSpec("test_error_noisy", "test error against labels flipped like the training labels"),
            MetricSpec("linear_test_error", "test error (clean labels) of logistic regression trained by GD on the same data"),
            MetricSpec("linear_train_error", "training error (noisy labels) of that linear classifier"),
            MetricSpec("theory_test_error_noisy", "noise rate: the noisy test error of a classifier that is right on every clean label"),
            MetricSpec("theory_linear_test_error", "1/2: the test error of every linear classifier on XOR clusters"),
            MetricSpec("flipped_fraction", "fraction of training labels actually flipped"),
            MetricSpec("pos_mu1_alignment", "mean |cos(w_j, mu1)| over neurons with a_j > 0, after training"),
            MetricSpec("pos_mu2_alignment", "mean |cos(w_j, mu2)| over neurons with a_j > 0, after training"),
            MetricSpec("neg_mu1_alignment", "mean |cos(w_j, mu1)| over neurons with a_j < 0, after training"),
            MetricSpec("neg_mu2_alignment", "mean |cos(w_j, mu2)| over neurons with a_j < 0, after training"),
        ]
    }

    public var arrays: [ArraySpec] {
        [
            ArraySpec("record_steps", "the step index of each recorded point: 0, record_every, ..., steps"),
            ArraySpec("loss_curve", "training logistic loss at the recorded steps"),
            ArraySpec("train_error_curve", "training error (noisy labels) at the recorded steps"),
            ArraySpec("test_error_clean_curve", "clean test error at the recorded steps"),
            ArraySpec("pos_mu1_alignment_curve", "mean |cos(w_j, mu1)|, a_j > 0, at the recorded steps"),
            ArraySpec("pos_mu2_alignment_curve", "mean |cos(w_j, mu2)|, a_j > 0, at the recorded steps"),
            ArraySpec("neg_mu1_alignment_curve", "mean |cos(w_j, mu1)|, a_j < 0, at the recorded steps"),
            ArraySpec("neg_mu2_alignment_curve", "mean |cos(w_j, mu2)|, a_j < 0, at the recorded steps"),
        ]
    }

    public func validate(_ p: TaskParameters) throws {
        if p.int("m") % 2 != 0 {
            throw ParameterError(["m"], "m = \(p.int("m")): must be even (half the output weights are +1/sqrt(m), half -1/sqrt(m))")
        }
        if p.int("record_every") > p.int("steps") {
            throw ParameterError(["record_every", "steps"], "record_every = \(p.int("record_every")) exceeds steps = \(p.int("steps"))")
        }
    }

    public func arrayWidths(_ p: TaskParameters) -> [String: Int] {
        let width = RecordSchedule(p).count
        return Dictionary(uniqueKeysWithValues: arrays.map { ($0.name, width) })
    }

    public func estimatedFlops(_ p: TaskParameters) -> Double {
        let n = Double(p.int("n")), t = Double(p.int("n_test")), dim = Double(p.int("p")), m = Double(p.int("m"))
        let steps = Double(p.int("steps")), records = Double(RecordSchedule(p).count)
        let network = steps * (2 * 2 * n * dim * m + 4 * n * m)   // forward X Wᵀ and backward Gᵀ X per step
        let tests = records * 2 * t * dim * m
        let linear = steps * 2 * 2 * n * dim
        return network + tests + linear
    }

    public func estimatedBytes(_ p: TaskParameters) -> Double {
        let n = Double(p.int("n")), t = Double(p.int("n_test")), dim = Double(p.int("p")), m = Double(p.int("m"))
        let width = p.text("precision") == "float64" ? 8.0 : 4.0
        return width * ((n + t) * (dim + m) + 3 * m * dim)
    }
}
