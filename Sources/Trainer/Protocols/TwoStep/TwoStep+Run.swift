import Kernels
import RealModule

extension TwoStep {
    public func run(_ p: TaskParameters, randomness: TaskRandomness) throws -> TaskOutput {
        switch p.text("precision") {
        case "float64": return try TwoStepRun<Double>(p, randomness).measure()
        default: return try TwoStepRun<Float>(p, randomness).measure()
        }
    }
}

/// One `two-step` task in precision T.
///
/// W1 = W0 − η1·s·∇_W L(W0; batch 1), W2 = W1 − η2·s·∇_W L(W1; batch 2) with s = √N
/// (`sqrt-width`) or 1 (`plain`), batch 2 = batch 1 (`reuse`) or fresh samples
/// (stream "train-data-2"). Initial network, loss and step are giant-step's
/// (`TwoLayerNetwork.sphericalInitial`, `squaredLossStep`), so with c2 = 0 the first
/// step is exactly giant-step's with η = c1·N^α1.
///
/// Bulk-edge rule for weights: `SpectralOutliers` applied to the singular values of W2
/// against those of W0 (rows uniform on the sphere: a Marchenko–Pastur bulk). The
/// steps' noise part dilates the bulk by ρ, measured as the median ratio of singular
/// values 9–16 of W2 and W0; every singular value of W2 above ρ·s1(W0)·1.015 is an
/// outlier. The same rule on W1 gives `step1_outliers`. Singular values and right
/// singular vectors come from the d × d Gram matrices WᵀW.
struct TwoStepRun<T: KernelScalar & Real> {
    let n: Int, readoutCount: Int, testCount: Int, d: Int, width: Int
    let alpha1: Double, alpha2: Double, c1: Double, c2: Double
    let reuse: Bool, sqrtWidthScale: Bool, widthBase: Bool
    let lambda: Double, labelNoise: Double, topK: Int
    let activation: Activation
    let target: TargetFunction
    let randomness: TaskRandomness

    init(_ p: TaskParameters, _ randomness: TaskRandomness) {
        n = p.int("n"); readoutCount = p.int("n_readout"); testCount = p.int("n_test")
        d = p.int("d"); width = p.int("N")
        alpha1 = p.double("alpha1"); alpha2 = p.double("alpha2"); c1 = p.double("c1"); c2 = p.double("c2")
        reuse = p.text("batch") == "reuse"
        sqrtWidthScale = p.text("step_scale") == "sqrt-width"
        widthBase = p.text("step_base") == "width"
        lambda = p.double("lambda"); labelNoise = p.double("label_noise"); topK = p.int("top_k")
        activation = Activation(rawValue: p.text("activation"))!
        target = TargetFunction(rawValue: p.text("target"))!
        self.randomness = randomness
    }

    var eta1: Double { c1 * Double.pow(Double(widthBase ? width : n), alpha1) }
    var eta2: Double { c2 * Double.pow(Double(widthBase ? width : n), alpha2) }

    /// The η handed to `squaredLossStep`, which applies −η·√N·∇: η/√N for `plain`.
    func applied(_ eta: Double) -> Double { sqrtWidthScale ? eta : eta / Double(width).squareRoot() }

    /// The two steps: (W0 network, W1 − W0, W2 − W1).
    func steps(_ beta: [Double]) -> (initial: TwoLayerNetwork<T>, first: Matrix<T>, second: Matrix<T>) {
        let initial = TwoLayerNetwork<T>.sphericalInitial(width: width, dimension: d, activation: activation, randomness: randomness)
        var trainStream = randomness.stream("train-data")
        let batch = SingleIndexData<T>(count: n, direction: beta, target: target, noise: labelNoise, stream: &trainStream)
        let first = initial.squaredLossStep(batch, eta: applied(eta1))
        let afterFirst = TwoLayerNetwork(weights: sum(initial.weights, first), outputWeights: initial.outputWeights, activation: activation)
        let second: Matrix<T>
        if reuse {
            second = afterFirst.squaredLossStep(batch, eta: applied(eta2))
        } else {
            var freshStream = randomness.stream("train-data-2")
            let fresh = SingleIndexData<T>(count: n, direction: beta, target: target, noise: labelNoise, stream: &freshStream)
            second = afterFirst.squaredLossStep(fresh, eta: applied(eta2))
        }
        return (initial, first, second)
    }

    func measure() throws -> TaskOutput {
        var betaStream = randomness.stream("beta")
        let beta = uniformUnitVector(dimension: d, stream: &betaStream)
        let (initial, first, second) = steps(beta)
        let w1 = sum(initial.weights, first)
        let w2 = sum(w1, second)
        let update = sum(first, second)
        let updated = TwoLayerNetwork(weights: w2, outputWeights: initial.outputWeights, activation: activation)

        let computed = min(max(topK, SpectralOutliers.valuesNeeded), min(width, d))
        let k = min(topK, computed)
        let initSpectrum = try rightSingular(initial.weights, count: computed, vectors: 0)
        let step1Spectrum = try rightSingular(w1, count: computed, vectors: 0)
        let spectrum = try rightSingular(w2, count: computed, vectors: 0)
        let updateSpectrum = try rightSingular(update, count: min(topK, computed), vectors: 3)
        let outliers = SpectralOutliers(updated: spectrum.values, randomFeatures: initSpectrum.values, meanSpike: false)
        let step1Outliers = SpectralOutliers(updated: step1Spectrum.values, randomFeatures: initSpectrum.values, meanSpike: false)
        var alignments = updateSpectrum.vectors.map { absoluteCosine($0, beta) }
        let zeroUpdate = updateSpectrum.values.first.map { $0 <= 0 } ?? true
        if zeroUpdate { alignments = [] }

        var readoutStream = randomness.stream("readout-data")
        let readout = SingleIndexData<T>(count: readoutCount, direction: beta, target: target, noise: labelNoise, stream: &readoutStream)
        var testStream = randomness.stream("test-data")
        let test = SingleIndexData<T>(count: testCount, direction: beta, target: target, noise: labelNoise, stream: &testStream)
        try TaskDeadline.check()
        let features = FeatureGram(updated.features(readout.inputs))
        let ridge = try RidgeReadout(features, labels: readout.labels, lambda: lambda)
        let randomFeatures = FeatureGram(initial.features(readout.inputs))
        let rfRidge = try RidgeReadout(randomFeatures, labels: readout.labels, lambda: lambda)

        var metrics: [String: Double] = [
            "outliers": Double(outliers.count),
            "step1_outliers": Double(step1Outliers.count),
            "theory_outliers": Double(TwoStepRun.theoryCount(alpha1: alpha1, alpha2: alpha2)),
            "train_mse": ridge.meanSquaredError(features: features.features, labels: readout.labels),
            "test_mse": ridge.meanSquaredError(features: updated.features(test.inputs), labels: test.labels),
            "rf_train_mse": rfRidge.meanSquaredError(features: randomFeatures.features, labels: readout.labels),
            "rf_test_mse": rfRidge.meanSquaredError(features: initial.features(test.inputs), labels: test.labels),
            "bulk_edge": outliers.bulkEdge,
            "bulk_dilation": outliers.dilation,
            "eta1": eta1,
            "eta2": eta2,
        ]
        if let top = alignments.first {
            metrics["beta_alignment"] = top
            metrics["beta_alignment_max"] = alignments.max()!
        }
        if eta1 > 0 { metrics["step1_beta_alignment"] = try topAlignment(first, beta) }
        if eta2 > 0 { metrics["step2_beta_alignment"] = try topAlignment(second, beta) }
        var paddedAlignments = alignments
        while paddedAlignments.count < 3 { paddedAlignments.append(.nan) }
        return TaskOutput(metrics: metrics, arrays: [
            "singular_values": Array(spectrum.values.prefix(k)),
            "init_singular_values": Array(initSpectrum.values.prefix(k)),
            "update_singular_values": Array(updateSpectrum.values.prefix(k)),
            "beta_alignments": Array(paddedAlignments.prefix(3)),
        ])
    }

    /// ⌊α2/(½ − α1)⌋ (Moniri, Hassani 2026); the 1e-9 keeps exact ratios such as
    /// 0.2/0.4 = ½ or 0.4/0.4 = 1 from rounding down.
    static func theoryCount(alpha1: Double, alpha2: Double) -> Int {
        Int((alpha2 / (0.5 - alpha1) + 1e-9).rounded(.down))
    }

    /// The top singular values of a matrix (descending) and its first `vectors` right
    /// singular vectors, from the eigenproblem of the d × d Gram matrix.
    func rightSingular(_ matrix: Matrix<T>, count: Int, vectors: Int) throws -> (values: [Double], vectors: [[Double]]) {
        let gram = product(matrix, .transposed, matrix, .none)
        let (eigenvalues, eigenvectors) = try gram.symmetricTopEigen(count: count)
        let values = eigenvalues.map { max(Double($0), 0).squareRoot() }
        let columns = eigenvectors.columns
        let rows = (0..<min(vectors, eigenvectors.rows)).map { i in
            (0..<columns).map { Double(eigenvectors.elements[i * columns + $0]) }
        }
        return (values, rows)
    }

    func topAlignment(_ step: Matrix<T>, _ beta: [Double]) throws -> Double {
        absoluteCosine(try rightSingular(step, count: 1, vectors: 1).vectors[0], beta)
    }
}

/// A + B elementwise.
func sum<T: KernelScalar>(_ a: Matrix<T>, _ b: Matrix<T>) -> Matrix<T> {
    var result = a
    for i in 0..<result.elements.count { result.elements[i] += b.elements[i] }
    return result
}
