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
struct GiantStepRun<T: KernelScalar & Real> {
    let n: Int, readoutCount: Int, testCount: Int, d: Int, width: Int
    let alpha: Double, c: Double, lambda: Double, labelNoise: Double, topK: Int
    let activation: Activation
    let target: TargetFunction
    let randomness: TaskRandomness

    init(_ p: TaskParameters, _ randomness: TaskRandomness) {
        n = p.int("n"); readoutCount = p.int("n_readout"); testCount = p.int("n_test")
        d = p.int("d"); width = p.int("N")
        alpha = p.double("alpha"); c = p.double("c"); lambda = p.double("lambda")
        labelNoise = p.double("label_noise"); topK = p.int("top_k")
        activation = Activation(rawValue: p.text("activation"))!
        target = TargetFunction(rawValue: p.text("target"))!
        self.randomness = randomness
    }

    var eta: Double { c * Double.pow(Double(n), alpha) }

    func measure() throws -> TaskOutput {
        var betaStream = randomness.stream("beta")
        let beta = uniformUnitVector(dimension: d, stream: &betaStream)

        let initial = initialNetwork()
        var trainStream = randomness.stream("train-data")
        let batch = SingleIndexData<T>(count: n, direction: beta, target: target, noise: labelNoise, stream: &trainStream)
        let step = gradientStep(initial, batch)
        let updated = TwoLayerNetwork(weights: Matrix(rows: width, columns: d, elements: zip(initial.weights.elements, step.elements).map { $0 + $1 }),
                                      outputWeights: initial.outputWeights, activation: activation)

        var readoutStream = randomness.stream("readout-data")
        let readout = SingleIndexData<T>(count: readoutCount, direction: beta, target: target, noise: labelNoise, stream: &readoutStream)
        var testStream = randomness.stream("test-data")
        let test = SingleIndexData<T>(count: testCount, direction: beta, target: target, noise: labelNoise, stream: &testStream)

        // Updated features F and random features F0 on the same readout samples.
        let k = min(topK, width)
        let computed = min(max(topK, SpectralOutliers.valuesNeeded), width)
        try TaskDeadline.check()
        let features = FeatureGram(updated.features(readout.inputs))
        let ridge = try RidgeReadout(features, labels: readout.labels, lambda: lambda)
        let spectrum = try features.topSingular(count: computed, leftVectors: min(3, k))
        let randomFeatures = FeatureGram(initial.features(readout.inputs))
        let rfRidge = try RidgeReadout(randomFeatures, labels: readout.labels, lambda: lambda)
        let rfSpectrum = try randomFeatures.topSingular(count: computed, leftVectors: 0)

        let outliers = SpectralOutliers(updated: spectrum.values, randomFeatures: rfSpectrum.values, meanSpike: activation.hasMeanSpike)

        // Alignment of the spikes' left singular vectors with He_k(X̃β), k = 1…3.
        var heAlignment = [Double](repeating: .nan, count: 9)
        var bestHe = [Double](repeating: 0, count: 3)
        for (i, u) in spectrum.left.enumerated() {
            for degree in 1...3 {
                let feature = readout.projections.map { Hermite.normalised(degree, $0) }
                let cosine = absoluteCosine(u, feature)
                heAlignment[i * 3 + degree - 1] = cosine
                bestHe[degree - 1] = max(bestHe[degree - 1], cosine)
            }
        }

        var metrics: [String: Double] = [
            "train_mse": ridge.meanSquaredError(features: features.features, labels: readout.labels),
            "test_mse": ridge.meanSquaredError(features: updated.features(test.inputs), labels: test.labels),
            "rf_train_mse": rfRidge.meanSquaredError(features: randomFeatures.features, labels: readout.labels),
            "rf_test_mse": rfRidge.meanSquaredError(features: initial.features(test.inputs), labels: test.labels),
            "outliers": Double(outliers.count),
            "theory_outliers": c == 0 ? 0 : Double(SpectralOutliers.theoryCount(alpha: alpha)),
            "bulk_edge": outliers.bulkEdge,
            "bulk_dilation": outliers.dilation,
            "eta": eta,
        ]
        for degree in 1...3 { metrics["he\(degree)_alignment"] = bestHe[degree - 1] }
        if let alignment = try stepAlignment(step, beta) { metrics["beta_alignment"] = alignment }
        return TaskOutput(metrics: metrics, arrays: [
            "singular_values": Array(spectrum.values.prefix(k)),
            "rf_singular_values": Array(rfSpectrum.values.prefix(k)),
            "he_alignment": heAlignment,
        ])
    }

    /// w_j(0) uniform on S^{d−1}; a_j ~ N(0, 1/N).
    func initialNetwork() -> TwoLayerNetwork<T> {
        TwoLayerNetwork.sphericalInitial(width: width, dimension: d, activation: activation, randomness: randomness)
    }

    /// W1 − W0 = −η·√N·∇_W L(W0) with L = (1/2n) Σ_i (f(x_i) − y_i)².
    func gradientStep(_ network: TwoLayerNetwork<T>, _ batch: SingleIndexData<T>) -> Matrix<T> {
        network.squaredLossStep(batch, eta: eta)
    }

    /// |cos(β, top right singular vector of W1 − W0)|; nil without a step (c = 0).
    func stepAlignment(_ step: Matrix<T>, _ beta: [Double]) throws -> Double? {
        guard eta > 0 else { return nil }
        let gram = product(step, .transposed, step, .none)      // d × d
        let top = try gram.symmetricTopEigen(count: 1).vectors
        return absoluteCosine(top.elements.map { Double($0) }, beta)
    }
}
