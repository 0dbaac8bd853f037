/// `low-rotation`: GD or SGD on the logistic loss of a two-layer ReLU network for the
/// 2-sparse parity (Telgarsky 2022). Low test error is reached while the neurons
/// barely rotate away from their initial directions; the `norm-only` variant trains
/// only the norms r_j of w_j = r_j·w_j(0)/‖w_j(0)‖ (no rotation at all).
///
/// Conventions are those of DESIGN.md; see `LowRotation+Run.swift` for the algorithm.
public struct LowRotation: ExperimentProtocol {
    public init() {}

    public let name = "low-rotation"
    public let summary = "2-sparse parity, GD/SGD on logistic loss: test error, margin, neuron rotation"

    public var parameters: [ParameterSpec] {
        [
            ParameterSpec("d", .integer(IntegerBounds(2)), "input dimension (at least 2: the parity reads x1 and x2)"),
            ParameterSpec("n", .integer(.positive), "training samples"),
            ParameterSpec("n_test", .integer(.positive), default: .integer(2000), "test samples (fresh)"),
            ParameterSpec("m", .integer(IntegerBounds(2)), "hidden units (output weights a_j = +1, -1 alternating, scaled by 1/sqrt(m))"),
            ParameterSpec("optimizer", .choice(["gd", "sgd"]), default: .text("gd"), "full-batch GD, or SGD on batches drawn without replacement within each step"),
            ParameterSpec("batch_size", .integer(.positive), default: .integer(32), "SGD batch size (ignored by gd)"),
            ParameterSpec("lr", .real(.positive), "step size"),
            ParameterSpec("steps", .integer(.positive), "iterations"),
            ParameterSpec("variant", .choice(["free", "norm-only"]), default: .text("free"), "free: train W; norm-only: train only the norms r_j >= 0 of fixed directions"),
            ParameterSpec("record_every", .integer(.positive), default: .integer(50), "steps between recorded curve points"),
            ParameterSpec("precision", .choice(["float32", "float64"]), default: .text("float32"), "arithmetic of the heavy linear algebra"),
        ]
    }

    public var metrics: [MetricSpec] {
        [
            MetricSpec("test_error", "test error after the last step"),
            MetricSpec("train_error", "training error after the last step"),
            MetricSpec("train_loss", "mean logistic loss on the training set after the last step"),
            MetricSpec("margin", "normalised margin min_i y_i f(x_i) / ||W||_F on the training set (f is 1-homogeneous in W)"),
            MetricSpec("rotation_mean", "mean over neurons of the angle between w_j(t) and w_j(0), radians", units: "rad"),
            MetricSpec("rotation_max", "largest angle between w_j(t) and w_j(0) over neurons, radians", units: "rad"),
            MetricSpec("weight_movement", "||W_t - W_0||_F"),
            MetricSpec("relative_movement", "||W_t - W_0||_F / ||W_0||_F"),
        ]
    }

    public var arrays: [ArraySpec] {
        [
            ArraySpec("record_steps", "the step index of each recorded point: 0, record_every, ..., steps"),
            ArraySpec("loss_curve", "training logistic loss at the recorded steps"),
            ArraySpec("test_error_curve", "test error at the recorded steps"),
            ArraySpec("margin_curve", "normalised margin at the recorded steps"),
            ArraySpec("rotation_curve", "mean rotation angle (radians) at the recorded steps"),
            ArraySpec("movement_curve", "||W_t - W_0||_F at the recorded steps"),
        ]
    }

    public func validate(_ p: TaskParameters) throws {
        if p.int("record_every") > p.int("steps") {
            throw ParameterError(["record_every", "steps"], "record_every = \(p.int("record_every")) exceeds steps = \(p.int("steps"))")
        }
        if p.text("optimizer") == "sgd" && p.int("batch_size") > p.int("n") {
            throw ParameterError(["batch_size", "n"], "batch_size = \(p.int("batch_size")) exceeds the training set n = \(p.int("n"))")
        }
    }

    public func arrayWidths(_ p: TaskParameters) -> [String: Int] {
        let width = RecordSchedule(p).count
        return Dictionary(uniqueKeysWithValues: arrays.map { ($0.name, width) })
    }

    public func estimatedFlops(_ p: TaskParameters) -> Double {
        let n = Double(p.int("n")), t = Double(p.int("n_test")), d = Double(p.int("d")), m = Double(p.int("m"))
        let batch = p.text("optimizer") == "sgd" ? min(Double(p.int("batch_size")), n) : n
        let steps = Double(p.int("steps")), records = Double(RecordSchedule(p).count)
        return steps * 2 * 2 * batch * d * m + records * 2 * (n + t) * d * m
    }

    public func estimatedBytes(_ p: TaskParameters) -> Double {
        let n = Double(p.int("n")), t = Double(p.int("n_test")), d = Double(p.int("d")), m = Double(p.int("m"))
        let width = p.text("precision") == "float64" ? 8.0 : 4.0
        return width * ((n + t) * (d + m) + 4 * m * d)
    }
}
