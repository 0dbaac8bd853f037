import Kernels
import RealModule

extension XorGD {
    public func run(_ p: TaskParameters, randomness: TaskRandomness) throws -> TaskOutput {
        switch p.text("precision") {
        case "float64": return try XorGDRun<Double>(p, randomness).measure()
        default: return try XorGDRun<Float>(p, randomness).measure()
        }
    }
}

/// One `xor-gd` task in precision T.
struct XorGDRun<T: KernelScalar & Real> {
    let dimension: Int, n: Int, testCount: Int, width: Int
    let clusterNorm: Double, initScale: Double, learningRate: Double, steps: Int
    let noiseRate: Double, exactNoise: Bool
    let schedule: RecordSchedule
    let randomness: TaskRandomness

    init(_ p: TaskParameters, _ randomness: TaskRandomness) {
        dimension = p.int("p"); n = p.int("n"); testCount = p.int("n_test"); width = p.int("m")
        clusterNorm = p.double("cluster_norm"); initScale = p.double("init_scale")
        learningRate = p.double("lr"); steps = p.int("steps")
        noiseRate = p.double("noise_rate"); exactNoise = p.text("noise_kind") == "exact"
        schedule = RecordSchedule(p)
        self.randomness = randomness
    }

    func data() -> (means: [[Double]], train: XorClusterData<T>, test: XorClusterData<T>) {
        var meanStream = randomness.stream("means")
        let means = XorClusterData<T>.means(dimension: dimension, norm: clusterNorm, stream: &meanStream)
        var trainStream = randomness.stream("train-data"), trainNoise = randomness.stream("label-noise")
        let train = XorClusterData<T>(count: n, means: means, noiseRate: noiseRate, exactNoise: exactNoise, stream: &trainStream, noiseStream: &trainNoise)
        var testStream = randomness.stream("test-data"), testNoise = randomness.stream("test-label-noise")
        let test = XorClusterData<T>(count: testCount, means: means, noiseRate: noiseRate, exactNoise: exactNoise, stream: &testStream, noiseStream: &testNoise)
        return (means, train, test)
    }

    /// w_j(0) ~ N(0, ω² I_p); a_j = +1/√m for the first half of the neurons, −1/√m for the rest.
    func initialNetwork() -> ReLUNetwork<T> {
        var stream = randomness.stream("first-layer")
        let weights = Matrix<T>(rows: width, columns: dimension, elements: stream.normals(width * dimension, standardDeviation: initScale).map { T($0) })
        let scale = 1 / Double(width).squareRoot()
        let a = (0..<width).map { T($0 < width / 2 ? scale : -scale) }
        return ReLUNetwork(weights: weights, biases: nil, outputWeights: a)
    }

    func measure() throws -> TaskOutput {
        let (means, train, test) = data()
        var network = initialNetwork()
        var curves = [String: [Double]]()
        var final = [String: Double]()
        for t in 0...steps {
            try TaskDeadline.check()
            let (pre, outputs) = network.forward(train.inputs)
            let (loss, g) = ClassificationLoss.logistic.meanLoss(outputs: outputs, labels: train.labels)
            if schedule.records(t) {
                let testOutputs = network.forward(test.inputs).outputs
                var point: [String: Double] = [
                    "loss": loss,
                    "train_error": classificationError(outputs: outputs, labels: train.labels),
                    "test_error_clean": classificationError(outputs: testOutputs, labels: test.cleanLabels),
                    "test_error_noisy": classificationError(outputs: testOutputs, labels: test.labels),
                ]
                for (key, value) in alignments(network.weights, means) { point[key] = value }
                for (key, value) in point { curves[key, default: []].append(value) }
                final = point
            }
            guard t < steps else { break }
            let gradient = network.gradients(inputs: train.inputs, pre: pre, outputGradients: g).weights
            let step = T(learningRate)
            for k in 0..<network.weights.elements.count { network.weights.elements[k] -= step * gradient.elements[k] }
        }

        let linear = LinearClassifier(inputs: train.inputs, labels: train.labels, loss: .logistic, learningRate: learningRate, steps: steps)
        var metrics: [String: Double] = [
            "train_error": final["train_error"]!,
            "train_loss": final["loss"]!,
            "test_error_clean": final["test_error_clean"]!,
            "test_error_noisy": final["test_error_noisy"]!,
            "linear_test_error": classificationError(outputs: linear.outputs(test.inputs), labels: test.cleanLabels),
            "linear_train_error": classificationError(outputs: linear.outputs(train.inputs), labels: train.labels),
            "theory_test_error_noisy": noiseRate,
            "theory_linear_test_error": 0.5,
            "flipped_fraction": train.flippedFraction,
        ]
        var arrays: [String: [Double]] = [
            "record_steps": schedule.recordedSteps,
            "loss_curve": curves["loss"]!,
            "train_error_curve": curves["train_error"]!,
            "test_error_clean_curve": curves["test_error_clean"]!,
        ]
        for name in ["pos_mu1", "pos_mu2", "neg_mu1", "neg_mu2"] {
            metrics["\(name)_alignment"] = final[name]!
            arrays["\(name)_alignment_curve"] = curves[name]!
        }
        return TaskOutput(metrics: metrics, arrays: arrays)
    }

    /// Mean |⟨w_j, μ_k⟩|/(‖w_j‖‖μ_k‖) over the neurons of each output sign (keys pos_mu1, …).
    func alignments(_ weights: Matrix<T>, _ means: [[Double]]) -> [String: Double] {
        var result = [String: Double]()
        let half = width / 2
        for (k, mean) in means.enumerated() {
            let cosines = (0..<width).map { j -> Double in
                absoluteCosine((0..<dimension).map { Double(weights.elements[j * dimension + $0]) }, mean)
            }
            result["pos_mu\(k + 1)"] = cosines[..<half].reduce(0, +) / Double(half)
            result["neg_mu\(k + 1)"] = cosines[half...].reduce(0, +) / Double(width - half)
        }
        return result
    }
}
