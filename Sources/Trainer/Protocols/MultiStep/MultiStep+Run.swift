import Kernels
import RealModule

extension MultiStep {
    public func run(_ p: TaskParameters, randomness: TaskRandomness) throws -> TaskOutput {
        switch p.text("precision") {
        case "float64": return try MultiStepRun<Double>(p, randomness).measure()
        default: return try MultiStepRun<Float>(p, randomness).measure()
        }
    }
}

/// One `multi-step` task in precision T.
///
/// The pieces are giant-step's and two-step's own code, so that T = 1 and T = 2 are those
/// protocols bit for bit: the initial network (`TwoLayerNetwork.initial`), the step
/// (`squaredLossStep`), the readout and its spectrum (`GiantStepRun.measureReadout`), the
/// feature outlier rule (`SpectralOutliers`) and the weight outlier rule (two-step's
/// `removingLeft` + `topEigen` + `WeightOutliers`). The update U_t = W_t − W0 is
/// accumulated as Δ_1 + … + Δ_t, as two-step forms W2 − W0 (and U_1 is giant-step's step).
struct MultiStepRun<T: KernelScalar & Real> {
    let n: Int, readoutCount: Int, testCount: Int, d: Int, width: Int, steps: Int
    let alpha: Double, c: Double, alpha1: Double, c1: Double, firstStep: Bool
    let reuse: Bool, widthBase: Bool, sqrtWidthScale: Bool
    /// η_1..η_T as given (`step_sizes`), or empty: the schedule.
    let stepSizes: [Double]
    let labelNoise: Double, topK: Int, maxOutliers: Int
    let activation: Activation
    let options: ModelOptions
    let randomness: TaskRandomness
    /// Giant-step's run on the same parameters: its readout phase is reused as it is.
    let giant: GiantStepRun<T>

    init(_ p: TaskParameters, _ randomness: TaskRandomness) {
        n = p.int("n"); readoutCount = p.int("n_readout"); testCount = p.int("n_test")
        d = p.int("d"); width = p.int("N"); steps = p.int("steps")
        alpha = p.double("alpha"); c = p.double("c"); alpha1 = p.double("alpha1"); c1 = p.double("c1")
        firstStep = p.text("schedule") == "first-step"
        reuse = p.text("batch") == "reuse"
        widthBase = p.text("step_base") == "width"
        sqrtWidthScale = p.text("step_scale") == "sqrt-width"
        stepSizes = p.reals("step_sizes")
        labelNoise = p.double("label_noise"); topK = p.int("top_k"); maxOutliers = p.int("max_outliers")
        activation = Activation(rawValue: p.text("activation"))!
        options = ModelOptions(p)
        self.randomness = randomness
        giant = GiantStepRun<T>(p, randomness)
    }

    /// η_t as given (t from 1).
    func eta(_ t: Int) -> Double {
        if !stepSizes.isEmpty { return stepSizes[t - 1] }
        let base = Double(widthBase ? width : n)
        return t == 1 && firstStep ? c1 * Double.pow(base, alpha1) : c * Double.pow(base, alpha)
    }

    /// The η handed to `squaredLossStep` (which applies −η·√N·∇).
    func applied(_ eta: Double) -> Double { sqrtWidthScale ? eta : eta / Double(width).squareRoot() }

    /// The stream of step t's batch: "train-data" for t = 1 (and every step when reused),
    /// two-step's "train-data-2" for t = 2, "train-data-<t>" after.
    static func streamName(step t: Int) -> String { t == 1 ? "train-data" : "train-data-\(t)" }

    func measure() throws -> TaskOutput {
        let teacher = Teacher(dimension: d, options: options, randomness: randomness)
        let initial = TwoLayerNetwork<T>.initial(width: width, dimension: d, activation: activation, options: options, randomness: randomness)
        let a = initial.outputWeights
        let k = teacher.directions.count

        // Readout and test data first: every step is measured on them.
        var readoutStream = randomness.stream("readout-data")
        let freshReadout = options.readoutOnStepBatch ? nil : SingleIndexData<T>(count: readoutCount, teacher: teacher, noise: labelNoise, stream: &readoutStream)
        var testStream = randomness.stream("test-data")
        let drawnTest = SingleIndexData<T>(count: testCount, teacher: teacher, noise: labelNoise, stream: &testStream)

        let computed = min(max(topK, SpectralOutliers.valuesNeeded), width)
        let spectrumCount = min(max(topK, maxOutliers + WeightOutliers.extraValues), min(width, d))

        var firstBatch: SingleIndexData<T>? = nil
        var weights = initial.weights
        var update: Matrix<T>? = nil
        var random: GiantStepRun<T>.Readout? = nil
        var randomTest = Double.nan
        var etas = [Double](), trainMSE = [Double](), testMSE = [Double](), outliers = [Double](), weightOutliers = [Double]()
        var betaAlignment = [Double](), thetaAlignments = [Double]()
        var last: (trained: GiantStepRun<T>.Readout, outliers: SpectralOutliers)? = nil

        for t in 1...steps {
            try TaskDeadline.check()
            // The batch of step t (original labels) and the step.
            let batch: SingleIndexData<T>
            if t > 1 && reuse, let firstBatch {
                batch = firstBatch
            } else {
                var stream = randomness.stream(MultiStepRun.streamName(step: t))
                batch = SingleIndexData<T>(count: n, teacher: teacher, noise: labelNoise, stream: &stream)
                if t == 1 { firstBatch = batch }
            }
            let stepped = options.preprocess == .none ? batch : LabelCentering(batch, options.preprocess).removed(from: batch)
            let network = TwoLayerNetwork(weights: weights, outputWeights: a, activation: activation)
            let eta = eta(t)
            let delta = network.squaredLossStep(stepped, eta: applied(eta))
            weights = sum(weights, delta)
            update = update.map { sum($0, delta) } ?? delta
            etas.append(eta)

            // The readout after step t, on the readout batch (fresh, or this step's).
            let readout = freshReadout ?? batch
            let centering = options.preprocess == .none ? nil : LabelCentering(readout, options.preprocess)
            let fitted = centering?.removed(from: readout) ?? readout
            let test = centering?.removed(from: drawnTest) ?? drawnTest
            let updated = TwoLayerNetwork(weights: weights, outputWeights: a, activation: activation)
            try TaskDeadline.check()
            let trained = try giant.measureReadout(updated, fitted, count: computed, leftVectors: 0)
            if random == nil || freshReadout == nil {
                // Random features: once on a fixed readout batch, after every step on the step's batch.
                let baseline = try giant.measureReadout(initial, fitted, count: computed, leftVectors: 0)
                random = baseline
                randomTest = baseline.ridge.testMeanSquaredError(initial, test)
            }
            let spikes = SpectralOutliers(updated: trained.spectrum, randomFeatures: random!.spectrum, meanSpike: activation.hasMeanSpike)
            trainMSE.append(trained.trainMSE)
            testMSE.append(trained.ridge.testMeanSquaredError(updated, test))
            outliers.append(Double(spikes.count))
            last = (trained, spikes)

            // The weights: two-step's outlier count and the alignment of the update.
            let gram = weights.gram
            let projected = try TwoStepRun<T>.topEigen(TwoStepRun<T>.removingLeft(a, of: weights, gram: gram), count: spectrumCount, vectors: 0)
            weightOutliers.append(Double(WeightOutliers(eigenvalues: projected.values, maxCount: maxOutliers).count))
            // As giant-step: no alignment while no step has moved W (every η so far 0).
            let zero = etas.allSatisfy { $0 == 0 }
            betaAlignment.append(zero ? .nan : absoluteCosine(try update!.topRightSingular(count: 1).vectors.elements.map { Double($0) }, teacher.beta))
            if teacher.isMultiIndex {
                thetaAlignments += zero ? [Double](repeating: .nan, count: k)
                    : teacher.subspaceAlignments(try update!.topRightSingular(count: k).vectors)
            } else {
                thetaAlignments.append(betaAlignment.last!)   // k = 1, θ_1 = β
            }
        }

        let final = last!
        let best = testMSE.indices.min { testMSE[$0] < testMSE[$1] }!
        var metrics: [String: Double] = [
            "train_mse": trainMSE.last!,
            "test_mse": testMSE.last!,
            "rf_train_mse": random!.trainMSE,
            "rf_test_mse": randomTest,
            "outliers": outliers.last!,
            "weight_outliers": weightOutliers.last!,
            "bulk_edge": final.outliers.bulkEdge,
            "bulk_dilation": final.outliers.dilation,
            "best_test_mse": testMSE[best],
            "best_step": Double(best + 1),
        ]
        if let beta = betaAlignment.last, !beta.isNaN { metrics["beta_alignment"] = beta }
        var arrays: [String: [Double]] = [
            "eta_by_step": etas,
            "train_mse_by_step": trainMSE,
            "test_mse_by_step": testMSE,
            "outliers_by_step": outliers,
            "weight_outliers_by_step": weightOutliers,
            "beta_alignment_by_step": betaAlignment,
            "singular_values": Array(final.trained.spectrum.prefix(min(topK, width))),
            "rf_singular_values": Array(random!.spectrum.prefix(min(topK, width))),
        ]
        do {
            arrays["theta_alignments_by_step"] = thetaAlignments
            let lastThetas = Array(thetaAlignments.suffix(k))
            if !lastThetas.contains(where: \.isNaN) {
                metrics["theta_alignment_min"] = lastThetas.min()!
                metrics["theta_alignment_mean"] = lastThetas.reduce(0, +) / Double(k)
            }
        }
        return TaskOutput(metrics: metrics, arrays: arrays)
    }
}
