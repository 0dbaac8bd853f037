/// `patterns`: labels set by class-relevant patterns, inputs = relevant + background
/// patterns (Shi, Wei, Liang 2022). One large gradient step with weight decay that
/// cancels the initialisation makes the neurons learn the relevant patterns; a
/// readout trained on them beats the same readout on fixed random features of the
/// same width.
///
/// Conventions are those of DESIGN.md; see `Patterns+Run.swift` for the algorithm.
public struct Patterns: ExperimentProtocol {
    public init() {}

    public let name = "patterns"
    public let summary = "relevant/background pattern data: one large step learns the patterns, random features do not"

    public var parameters: [ParameterSpec] {
        [
            ParameterSpec("d", .integer(.positive), "input dimension"),
            ParameterSpec("D", .integer(.positive), "dictionary size (patterns; at most d)"),
            ParameterSpec("k", .integer(.positive), "class-relevant patterns (the first k of the dictionary; at most D)"),
            ParameterSpec("p_relevant", .real(RealBounds(0, included: false, 1, included: false)), default: .real(0.5), "probability p_A that a relevant pattern is present"),
            ParameterSpec("p_background", .real(RealBounds(0, included: false, 1, included: false)), default: .real(0.1), "probability p_o that a background pattern is present"),
            ParameterSpec("label_rule", .choice(["parity", "threshold"]), default: .text("parity"), "parity: odd count of relevant patterns; threshold: count above its mean k * p_relevant"),
            ParameterSpec("input_noise", .real(.nonNegative), default: .real(0.1), "standard deviation sigma of the input noise (each coordinate sigma/sqrt(d))"),
            ParameterSpec("m", .integer(.positive), "neuron pairs: the network has 2m ReLU units with bias, initialised symmetrically (f = 0 at start)"),
            ParameterSpec("n", .integer(.positive), "training samples"),
            ParameterSpec("n_test", .integer(.positive), default: .integer(2000), "test samples (fresh)"),
            ParameterSpec("init_scale", .real(.positive), default: .real(1), "w_j(0) ~ N(0, init_scale^2 I_d / d), b_j(0) ~ N(0, init_scale^2 / d), a_j(0) ~ N(0, 1/m)"),
            ParameterSpec("first_lr", .real(.positive), default: .real(1), "step size of the first (large) step on W and b"),
            ParameterSpec("weight_decay", .real(.nonNegative), default: .real(1), "weight decay of the first step; first_lr * weight_decay = 1 cancels the initialisation"),
            ParameterSpec("lr", .real(.positive), default: .real(0.5), "step size of the readout steps (features scaled to unit RMS)"),
            ParameterSpec("steps", .integer(.nonNegative), "readout gradient steps after the first step"),
            ParameterSpec("loss", .choice(ClassificationLoss.allNames), default: .text("logistic"), "margin loss"),
            ParameterSpec("precision", .choice(["float32", "float64"]), default: .text("float32"), "arithmetic of the heavy linear algebra"),
        ]
    }

    public var metrics: [MetricSpec] {
        [
            MetricSpec("test_error", "test error of the network after the first step and the readout steps"),
            MetricSpec("train_error", "training error of the network"),
            MetricSpec("rf_test_error", "test error of the same readout on the fixed random features W(0), b(0)"),
            MetricSpec("rf_train_error", "training error of the random-features readout"),
            MetricSpec("pattern_alignment", "mean over neurons of ||P_A w_j|| / ||w_j||: cosine of w_j with the span of the relevant patterns, after the first step"),
            MetricSpec("rf_pattern_alignment", "the same at initialisation (about sqrt(k/d))"),
            MetricSpec("max_pattern_cosine", "mean over neurons of the largest |cos(w_j, M_i)| over relevant patterns i, after the first step"),
        ]
    }

    public var arrays: [ArraySpec] {
        [
            ArraySpec("relevant_weight", "mean over neurons of |cos(w_j, M_i)| for each relevant pattern i = 1..k, after the first step"),
        ]
    }

    public func validate(_ p: TaskParameters) throws {
        if p.int("D") > p.int("d") {
            throw ParameterError(["D", "d"], "D = \(p.int("D")) patterns cannot be orthonormal in d = \(p.int("d")) dimensions: need D <= d")
        }
        if p.int("k") > p.int("D") {
            throw ParameterError(["k", "D"], "k = \(p.int("k")) relevant patterns exceed the dictionary size D = \(p.int("D"))")
        }
        if p.double("first_lr") * p.double("weight_decay") > 1 {
            throw ParameterError(["first_lr", "weight_decay"], "first_lr * weight_decay = \(p.double("first_lr") * p.double("weight_decay")) > 1 flips the initial weights' sign; use at most 1 (1 cancels the initialisation)")
        }
    }

    public func arrayWidths(_ p: TaskParameters) -> [String: Int] { ["relevant_weight": p.int("k")] }

    public func estimatedFlops(_ p: TaskParameters) -> Double {
        let n = Double(p.int("n")), t = Double(p.int("n_test")), d = Double(p.int("d")), D = Double(p.int("D"))
        let width = 2 * Double(p.int("m")), steps = Double(p.int("steps"))
        let data = 2 * (n + t) * D * d
        let features = 2 * 2 * (n + t) * d * width + 2 * 2 * n * d * width   // both feature maps, first step
        let readout = 2 * steps * 2 * 2 * n * width
        return data + features + readout
    }

    public func estimatedBytes(_ p: TaskParameters) -> Double {
        let n = Double(p.int("n")), t = Double(p.int("n_test")), d = Double(p.int("d")), D = Double(p.int("D"))
        let width = 2 * Double(p.int("m"))
        let scalar = p.text("precision") == "float64" ? 8.0 : 4.0
        return 8 * (n + t) * D + scalar * ((n + t) * (d + 2 * width) + 3 * width * d) + 8 * d * D
    }
}
