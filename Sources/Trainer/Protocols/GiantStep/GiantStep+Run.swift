import Kernels
import RealModule

extension GiantStep {
    public func run(_ p: TaskParameters, randomness: TaskRandomness) throws -> TaskOutput {
        switch p.text("precision") {
        case "float64": return try GiantStepRun<Double>(p, randomness).measure()
        default: return try GiantStepRun<Float>(p, randomness).measure()
        }
    }
}

/// One `giant-step` task in precision T. Every random stream is named, so e.g.
/// changing `n_test` does not change the weights or the training batch.
///
/// The phases run one after another and each drops its big arrays before the next, so a
/// task holds at most W0, W1, X_readout, F, FᵀF and its packed copy at once (see
/// `GiantStep.estimatedBytes`).
struct GiantStepRun<T: KernelScalar & Real> {
    let n: Int, readoutCount: Int, testCount: Int, d: Int, width: Int
    let alpha: Double, c: Double, lambda: Double, labelNoise: Double, topK: Int
    let fullSpectrum: Bool
    let activation: Activation
    let target: TargetFunction
    let options: ModelOptions
    let randomness: TaskRandomness

    init(_ p: TaskParameters, _ randomness: TaskRandomness) {
        n = p.int("n"); readoutCount = p.int("n_readout"); testCount = p.int("n_test")
        d = p.int("d"); width = p.int("N")
        alpha = p.double("alpha"); c = p.double("c"); lambda = p.double("lambda")
        labelNoise = p.double("label_noise"); topK = p.int("top_k")
        fullSpectrum = p.values["full_spectrum"] == .text("true")
        activation = Activation(rawValue: p.text("activation"))!
        target = TargetFunction(rawValue: p.text("target"))!
        options = ModelOptions(p)
        self.randomness = randomness
    }

    var eta: Double { c * Double.pow(Double(n), alpha) }

    /// What the readout phase measures on one set of first-layer weights.
    struct Readout {
        var ridge: RidgeReadout<T>
        var trainMSE: Double
        var spectrum: [Double]
        var left: [[Double]]
    }

    func measure() throws -> TaskOutput {
        let teacher = Teacher(dimension: d, options: options, randomness: randomness)
        let beta = teacher.beta

        let initial = initialNetwork()
        let (updated, stepAlignment, thetaAlignments, stepBatch) = try takeStep(initial, teacher)

        let readout: SingleIndexData<T>
        if let stepBatch {
            readout = stepBatch
        } else {
            var readoutStream = randomness.stream("readout-data")
            readout = SingleIndexData<T>(count: readoutCount, teacher: teacher, noise: labelNoise, stream: &readoutStream)
        }
        let centering = options.preprocess == .none ? nil : LabelCentering(readout, options.preprocess)
        let fitted = centering?.removed(from: readout) ?? readout

        // Updated features F and random features F0 on the same readout samples.
        let k = min(topK, width)
        let computed = min(max(topK, SpectralOutliers.valuesNeeded), width)
        try TaskDeadline.check()
        let trained = try measureReadout(updated, fitted, count: computed, leftVectors: min(3, k))
        try TaskDeadline.check()
        let random = try measureReadout(initial, fitted, count: computed, leftVectors: 0)

        let outliers = SpectralOutliers(updated: trained.spectrum, randomFeatures: random.spectrum, meanSpike: activation.hasMeanSpike)

        // Alignment of the spikes' left singular vectors with He_k(X̃β), k = 1…3.
        var heAlignment = [Double](repeating: .nan, count: 9)
        var bestHe = [Double](repeating: 0, count: 3)
        let hermiteFeatures = (1...3).map { degree in readout.projections.map { Hermite.normalised(degree, $0) } }
        for (i, u) in trained.left.enumerated() {
            for degree in 1...3 {
                let cosine = absoluteCosine(u, hermiteFeatures[degree - 1])
                heAlignment[i * 3 + degree - 1] = cosine
                bestHe[degree - 1] = max(bestHe[degree - 1], cosine)
            }
        }

        try TaskDeadline.check()
        var testStream = randomness.stream("test-data")
        let drawn = SingleIndexData<T>(count: testCount, teacher: teacher, noise: labelNoise, stream: &testStream)
        let test = centering?.removed(from: drawn) ?? drawn

        var metrics: [String: Double] = [
            "train_mse": trained.trainMSE,
            "test_mse": trained.ridge.testMeanSquaredError(updated, test),
            "rf_train_mse": random.trainMSE,
            "rf_test_mse": random.ridge.testMeanSquaredError(initial, test),
            "outliers": Double(outliers.count),
            "theory_outliers": c == 0 ? 0 : Double(SpectralOutliers.theoryCount(alpha: alpha)),
            "bulk_edge": outliers.bulkEdge,
            "bulk_dilation": outliers.dilation,
            "eta": eta,
        ]
        for degree in 1...3 { metrics["he\(degree)_alignment"] = bestHe[degree - 1] }
        if let stepAlignment { metrics["beta_alignment"] = stepAlignment }
        let stored = fullSpectrum ? trained.spectrum.count : k
        var arrays = [
            "singular_values": Array(trained.spectrum.prefix(stored)),
            "rf_singular_values": Array(random.spectrum.prefix(stored)),
            "he_alignment": heAlignment,
        ]
        // Single-index: θ_1 = β and k = 1, so |P θ_1| is beta_alignment itself.
        if let thetaAlignments = teacher.isMultiIndex ? thetaAlignments : stepAlignment.map({ [$0] }) {
            arrays["theta_alignments"] = thetaAlignments
            metrics["theta_alignment_min"] = thetaAlignments.min()!
            metrics["theta_alignment_mean"] = thetaAlignments.reduce(0, +) / Double(thetaAlignments.count)
        }
        return TaskOutput(metrics: metrics, arrays: arrays)
    }

    /// w_j(0) uniform on S^{d−1}; a_j ~ N(0, 1/N) (or as `w_init`, `a_init` say).
    func initialNetwork() -> TwoLayerNetwork<T> {
        TwoLayerNetwork.initial(width: width, dimension: d, activation: activation, options: options, randomness: randomness)
    }

    /// The network after the step, |cos(β, top right singular vector of W1 − W0)| (nil
    /// without a step, c = 0), for a multi-index teacher the alignment of each θ_i with the
    /// top-k right singular subspace of W1 − W0, and the batch (original labels) when the
    /// readout uses it (`readout_batch = "step"`); otherwise the batch is dropped on return.
    func takeStep(_ initial: TwoLayerNetwork<T>, _ teacher: Teacher) throws -> (TwoLayerNetwork<T>, Double?, [Double]?, SingleIndexData<T>?) {
        var trainStream = randomness.stream("train-data")
        let batch = SingleIndexData<T>(count: n, teacher: teacher, noise: labelNoise, stream: &trainStream)
        let stepped = options.preprocess == .none ? batch : LabelCentering(batch, options.preprocess).removed(from: batch)
        var step = gradientStep(initial, stepped)
        let alignment = try stepAlignment(step, teacher.beta)
        let thetas = teacher.isMultiIndex && eta > 0 ? teacher.subspaceAlignments(try step.topRightSingular(count: teacher.directions.count).vectors) : nil
        for i in step.elements.indices { step.elements[i] += initial.weights.elements[i] }
        return (TwoLayerNetwork(weights: step, outputWeights: initial.outputWeights, activation: activation), alignment, thetas,
                options.readoutOnStepBatch ? batch : nil)
    }

    /// Features of `network` on the readout samples, their ridge readout, training MSE
    /// and top spectrum (all of it with `full_spectrum`); the features are dropped on return.
    func measureReadout(_ network: TwoLayerNetwork<T>, _ data: SingleIndexData<T>, count: Int, leftVectors: Int) throws -> Readout {
        let features = FeatureGram(network.features(data.inputs))
        var (spectrum, left) = try features.topSingular(count: count, leftVectors: leftVectors)
        if fullSpectrum { spectrum = try features.allSingularValues() }
        // Last: the fit factors the Gram matrix in place.
        let (ridge, trainMSE) = try RidgeReadout.fit(features, labels: data.labels, lambda: lambda)
        return Readout(ridge: ridge, trainMSE: trainMSE, spectrum: spectrum, left: left)
    }

    /// W1 − W0 = −η·√N·∇_W L(W0) with L = (1/2n) Σ_i (f(x_i) − y_i)².
    func gradientStep(_ network: TwoLayerNetwork<T>, _ batch: SingleIndexData<T>) -> Matrix<T> {
        network.squaredLossStep(batch, eta: eta)
    }

    /// |cos(β, top right singular vector of W1 − W0)|; nil without a step (c = 0).
    func stepAlignment(_ step: Matrix<T>, _ beta: [Double]) throws -> Double? {
        guard eta > 0 else { return nil }
        let top = try step.topRightSingular(count: 1).vectors
        return absoluteCosine(top.elements.map { Double($0) }, beta)
    }
}
