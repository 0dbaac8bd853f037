import Kernels
import RealModule

extension LowRotation {
    public func run(_ p: TaskParameters, randomness: TaskRandomness) throws -> TaskOutput {
        switch p.text("precision") {
        case "float64": return try LowRotationRun<Double>(p, randomness).measure()
        default: return try LowRotationRun<Float>(p, randomness).measure()
        }
    }
}

/// One `low-rotation` task in precision T.
///
/// f(x) = (1/√m) Σ_j a_j ReLU(w_jᵀx) with a_j = +1, −1 alternating (the 1/√m is folded
/// into the output weights), w_j(0) ~ N(0, I_d). In the `norm-only` variant
/// w_j = r_j·u_j with u_j = w_j(0)/‖w_j(0)‖ fixed and r_j(0) = ‖w_j(0)‖; the gradient of
/// r_j is ⟨∂L/∂w_j, u_j⟩, and r_j is kept ≥ 0 (a projected step: a norm cannot be
/// negative, and a negative r_j would turn the neuron by π). Its rotation angle is
/// therefore 0 by construction and is reported as such, not recomputed from rounded
/// products.
struct LowRotationRun<T: KernelScalar & Real> {
    let d: Int, n: Int, testCount: Int, width: Int
    let stochastic: Bool, batchSize: Int, learningRate: Double, steps: Int
    let normOnly: Bool
    let schedule: RecordSchedule
    let randomness: TaskRandomness

    init(_ p: TaskParameters, _ randomness: TaskRandomness) {
        d = p.int("d"); n = p.int("n"); testCount = p.int("n_test"); width = p.int("m")
        stochastic = p.text("optimizer") == "sgd"; batchSize = p.int("batch_size")
        learningRate = p.double("lr"); steps = p.int("steps")
        normOnly = p.text("variant") == "norm-only"
        schedule = RecordSchedule(p)
        self.randomness = randomness
    }

    func initialNetwork() -> ReLUNetwork<T> {
        var stream = randomness.stream("first-layer")
        let weights = Matrix<T>(rows: width, columns: d, elements: stream.normals(width * d).map { T($0) })
        let scale = 1 / Double(width).squareRoot()
        return ReLUNetwork(weights: weights, biases: nil, outputWeights: (0..<width).map { T($0 % 2 == 0 ? scale : -scale) })
    }

    /// The rows of `initial` scaled to unit length (the fixed directions of `norm-only`).
    func directions(_ initial: Matrix<T>, norms: [Double]) -> Matrix<T> {
        var u = initial
        for j in 0..<width {
            let inverse = T(1 / norms[j])
            for k in 0..<d { u.elements[j * d + k] *= inverse }
        }
        return u
    }

    func measure() throws -> TaskOutput {
        var trainStream = randomness.stream("train-data"), testStream = randomness.stream("test-data")
        let train = SparseParityData<T>(count: n, dimension: d, stream: &trainStream)
        let test = SparseParityData<T>(count: testCount, dimension: d, stream: &testStream)
        var batchStream = randomness.stream("sgd-batches")

        var network = initialNetwork()
        let initial = network.weights
        let initialNorms = rowNorms(initial)
        let units = directions(initial, norms: initialNorms)
        var radii = initialNorms.map { T($0) }

        var curves = [String: [Double]]()
        var final = [String: Double]()
        var order = Array(0..<n)
        for t in 0...steps {
            try TaskDeadline.check()
            if schedule.records(t) {
                let (_, outputs) = network.forward(train.inputs)
                let loss = ClassificationLoss.logistic.meanLoss(outputs: outputs, labels: train.labels).loss
                let testOutputs = network.forward(test.inputs).outputs
                let angles = rotationAngles(network.weights, initial)
                let norm = frobeniusDistance(network.weights, Matrix(rows: width, columns: d))
                let margin = zip(outputs, train.labels).map { $0 * $1 }.min()! / max(norm, .leastNormalMagnitude)
                let point: [String: Double] = [
                    "loss": loss,
                    "train_error": classificationError(outputs: outputs, labels: train.labels),
                    "test_error": classificationError(outputs: testOutputs, labels: test.labels),
                    "margin": margin,
                    "rotation_mean": angles.reduce(0, +) / Double(width),
                    "rotation_max": angles.max()!,
                    "movement": frobeniusDistance(network.weights, initial),
                    "initial_norm": frobeniusDistance(initial, Matrix(rows: width, columns: d)),
                ]
                for (key, value) in point { curves[key, default: []].append(value) }
                final = point
            }
            guard t < steps else { break }

            // The batch: every sample (gd) or batch_size distinct ones (sgd, partial Fisher–Yates).
            var inputs = train.inputs, labels = train.labels
            if stochastic {
                inputs = Matrix(rows: batchSize, columns: d)
                labels = []
                for i in 0..<batchSize {
                    let j = i + Int(batchStream.uniform() * Double(n - i))
                    order.swapAt(i, j)
                    let source = order[i]
                    for k in 0..<d { inputs.elements[i * d + k] = train.inputs.elements[source * d + k] }
                    labels.append(train.labels[source])
                }
            }
            let (pre, outputs) = network.forward(inputs)
            let g = ClassificationLoss.logistic.meanLoss(outputs: outputs, labels: labels).outputGradients
            let gradient = network.gradients(inputs: inputs, pre: pre, outputGradients: g).weights
            let step = T(learningRate)
            if normOnly {
                for j in 0..<width {
                    var radial: T = 0
                    for k in 0..<d { radial += gradient.elements[j * d + k] * units.elements[j * d + k] }
                    radii[j] = max(radii[j] - step * radial, 0)
                    for k in 0..<d { network.weights.elements[j * d + k] = radii[j] * units.elements[j * d + k] }
                }
            } else {
                for k in 0..<network.weights.elements.count { network.weights.elements[k] -= step * gradient.elements[k] }
            }
        }

        let metrics: [String: Double] = [
            "test_error": final["test_error"]!,
            "train_error": final["train_error"]!,
            "train_loss": final["loss"]!,
            "margin": final["margin"]!,
            "rotation_mean": final["rotation_mean"]!,
            "rotation_max": final["rotation_max"]!,
            "weight_movement": final["movement"]!,
            "relative_movement": final["movement"]! / final["initial_norm"]!,
        ]
        return TaskOutput(metrics: metrics, arrays: [
            "record_steps": schedule.recordedSteps,
            "loss_curve": curves["loss"]!,
            "test_error_curve": curves["test_error"]!,
            "margin_curve": curves["margin"]!,
            "rotation_curve": curves["rotation_mean"]!,
            "movement_curve": curves["movement"]!,
        ])
    }

    /// ∠(w_j(t), w_j(0)) per neuron in radians, as atan2(‖w⊥‖, ⟨w, ŵ0⟩) in Double
    /// (accurate for small angles, unlike acos of the cosine).
    func rotationAngles(_ weights: Matrix<T>, _ initial: Matrix<T>) -> [Double] {
        if normOnly { return [Double](repeating: 0, count: width) }
        return (0..<width).map { j in
            var w0 = [Double](repeating: 0, count: d), w = w0
            for k in 0..<d { w0[k] = Double(initial.elements[j * d + k]); w[k] = Double(weights.elements[j * d + k]) }
            let unit = normalised(w0)
            let along = zip(w, unit).reduce(0) { $0 + $1.0 * $1.1 }
            let across = zip(w, unit).reduce(0) { let r = $1.0 - along * $1.1; return $0 + r * r }.squareRoot()
            return Double.atan2(y: across, x: along)
        }
    }
}
