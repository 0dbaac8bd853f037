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
/// Outliers (see `TwoStepTheory` for why this is what the theory counts): the order-0
/// terms of both steps share the left singular vector a (the second-layer weights), so
/// `outliers` is the edge-distribution count (`WeightOutliers`) of P·W2 with
/// P = I − aaᵀ/‖a‖², the one-step spike removed; `outliers_total` is the same count on
/// W2 itself and `step1_outliers` on W1. Singular values and right singular vectors
/// come from the d × d Gram matrices WᵀW; (PW2)ᵀ(PW2) = W2ᵀW2 − bbᵀ/‖a‖², b = W2ᵀa.
struct TwoStepRun<T: KernelScalar & Real> {
    let n: Int, readoutCount: Int, testCount: Int, d: Int, width: Int
    let alpha1: Double, alpha2: Double, c1: Double, c2: Double
    let reuse: Bool, sqrtWidthScale: Bool, widthBase: Bool
    let lambda: Double, labelNoise: Double, topK: Int, maxOutliers: Int
    let activation: Activation
    let target: TargetFunction
    let options: ModelOptions
    let randomness: TaskRandomness

    init(_ p: TaskParameters, _ randomness: TaskRandomness) {
        n = p.int("n"); readoutCount = p.int("n_readout"); testCount = p.int("n_test")
        d = p.int("d"); width = p.int("N")
        alpha1 = p.double("alpha1"); alpha2 = p.double("alpha2"); c1 = p.double("c1"); c2 = p.double("c2")
        reuse = p.text("batch") == "reuse"
        sqrtWidthScale = p.text("step_scale") == "sqrt-width"
        widthBase = p.text("step_base") == "width"
        lambda = p.double("lambda"); labelNoise = p.double("label_noise"); topK = p.int("top_k")
        maxOutliers = p.int("max_outliers")
        activation = Activation(rawValue: p.text("activation"))!
        target = TargetFunction(rawValue: p.text("target"))!
        options = ModelOptions(p)
        self.randomness = randomness
    }

    var eta1: Double { c1 * Double.pow(Double(widthBase ? width : n), alpha1) }
    var eta2: Double { c2 * Double.pow(Double(widthBase ? width : n), alpha2) }

    /// The η handed to `squaredLossStep`, which applies −η·√N·∇: η/√N for `plain`.
    func applied(_ eta: Double) -> Double { sqrtWidthScale ? eta : eta / Double(width).squareRoot() }

    /// The batch a step trains on, its labels preprocessed (`preprocess`).
    func stepBatch(_ batch: SingleIndexData<T>) -> SingleIndexData<T> {
        options.preprocess == .none ? batch : LabelCentering(batch, options.preprocess).removed(from: batch)
    }

    /// The two steps: (W0 network, W1 − W0, W2 − W1, the second step's batch with its
    /// original labels when the readout uses it).
    func steps(_ teacher: Teacher) -> (initial: TwoLayerNetwork<T>, first: Matrix<T>, second: Matrix<T>, last: SingleIndexData<T>?) {
        let initial = TwoLayerNetwork<T>.initial(width: width, dimension: d, activation: activation, options: options, randomness: randomness)
        var trainStream = randomness.stream("train-data")
        let batch = SingleIndexData<T>(count: n, teacher: teacher, noise: labelNoise, stream: &trainStream)
        let stepped = stepBatch(batch)
        let first = initial.squaredLossStep(stepped, eta: applied(eta1))
        let afterFirst = TwoLayerNetwork(weights: sum(initial.weights, first), outputWeights: initial.outputWeights, activation: activation)
        let second: Matrix<T>
        var last = batch
        if reuse {
            second = afterFirst.squaredLossStep(stepped, eta: applied(eta2))
        } else {
            var freshStream = randomness.stream("train-data-2")
            let fresh = SingleIndexData<T>(count: n, teacher: teacher, noise: labelNoise, stream: &freshStream)
            second = afterFirst.squaredLossStep(stepBatch(fresh), eta: applied(eta2))
            last = fresh
        }
        return (initial, first, second, options.readoutOnStepBatch ? last : nil)
    }

    /// Eigenvalues of WᵀW the outlier rule reads.
    var spectrumCount: Int { min(max(topK, maxOutliers + WeightOutliers.extraValues), min(width, d)) }

    func measure() throws -> TaskOutput {
        let teacher = Teacher(dimension: d, options: options, randomness: randomness)
        let beta = teacher.beta
        let (initial, first, second, lastBatch) = steps(teacher)
        let w1 = sum(initial.weights, first)
        let w2 = sum(w1, second)
        let update = sum(first, second)
        let updated = TwoLayerNetwork(weights: w2, outputWeights: initial.outputWeights, activation: activation)
        let a = initial.outputWeights

        let count = spectrumCount
        let initSpectrum = try TwoStepRun.topEigen(initial.weights.gram, count: count, vectors: 0)
        let step1Spectrum = try TwoStepRun.topEigen(w1.gram, count: count, vectors: 0)
        let w2Gram = w2.gram
        let spectrum = try TwoStepRun.topEigen(w2Gram, count: count, vectors: 1)
        let projected = try TwoStepRun.topEigen(TwoStepRun.removingLeft(a, of: w2, gram: w2Gram), count: count, vectors: 0)
        let updateSpectrum = try TwoStepRun.topEigen(update.gram, count: count, vectors: 3)

        let outliers = WeightOutliers(eigenvalues: projected.values, maxCount: maxOutliers)
        let total = WeightOutliers(eigenvalues: spectrum.values, maxCount: maxOutliers)
        let step1 = WeightOutliers(eigenvalues: step1Spectrum.values, maxCount: maxOutliers)
        let zeroUpdate = updateSpectrum.values.first.map { $0 <= 0 } ?? true
        let alignments = zeroUpdate ? [] : updateSpectrum.vectors.map { absoluteCosine($0, beta) }

        let readout: SingleIndexData<T>
        if let lastBatch {
            readout = lastBatch
        } else {
            var readoutStream = randomness.stream("readout-data")
            readout = SingleIndexData<T>(count: readoutCount, teacher: teacher, noise: labelNoise, stream: &readoutStream)
        }
        let centering = options.preprocess == .none ? nil : LabelCentering(readout, options.preprocess)
        let fitted = centering?.removed(from: readout) ?? readout
        try TaskDeadline.check()
        let trained = try RidgeReadout.fit(updated, fitted, lambda: lambda)
        let random = try RidgeReadout.fit(initial, fitted, lambda: lambda)
        var testStream = randomness.stream("test-data")
        let drawn = SingleIndexData<T>(count: testCount, teacher: teacher, noise: labelNoise, stream: &testStream)
        let test = centering?.removed(from: drawn) ?? drawn

        var metrics: [String: Double] = [
            "outliers": Double(outliers.count),
            "outliers_total": Double(total.count),
            "step1_outliers": Double(step1.count),
            "theory_outliers": Double(TwoStepTheory.outlierCount(alpha1: alpha1, alpha2: alpha2)),
            "theory_outliers_activation": Double(TwoStepTheory.outlierCount(alpha1: alpha1, alpha2: alpha2, activation: activation)),
            "bulk_top": outliers.bulkTop,
            "outlier_gap_threshold": outliers.gapThreshold,
            "one_step_spike_alignment": absoluteCosine(TwoStepRun.leftVector(w2, spectrum.vectors[0]), a),
            "train_mse": trained.trainMSE,
            "test_mse": trained.readout.testMeanSquaredError(updated, test),
            "rf_train_mse": random.trainMSE,
            "rf_test_mse": random.readout.testMeanSquaredError(initial, test),
            "eta1": eta1,
            "eta2": eta2,
        ]
        if let top = alignments.first {
            metrics["beta_alignment"] = top
            metrics["beta_alignment_max"] = alignments.max()!
        }
        if eta1 > 0 { metrics["step1_beta_alignment"] = try alignmentsWithBeta(first, beta, vectors: 1)[0] }
        if eta2 > 0 {
            let secondAlignments = try alignmentsWithBeta(second, beta, vectors: 3)
            metrics["step2_beta_alignment"] = secondAlignments[0]
            metrics["step2_beta_alignment_max"] = secondAlignments.max()!
        }
        // Single-index: θ_1 = β and k = 1, so |P θ_1| is beta_alignment itself.
        var thetaAlignments: [Double]? = alignments.first.map { top in
            metrics["theta_alignment_min"] = top
            metrics["theta_alignment_mean"] = top
            return [top]
        }
        if teacher.isMultiIndex && !zeroUpdate {
            let thetas = teacher.subspaceAlignments(try update.topRightSingular(count: teacher.directions.count).vectors)
            metrics["theta_alignment_min"] = thetas.min()!
            metrics["theta_alignment_mean"] = thetas.reduce(0, +) / Double(thetas.count)
            thetaAlignments = thetas
        }
        var paddedAlignments = alignments
        while paddedAlignments.count < 3 { paddedAlignments.append(.nan) }
        let singular = { (values: [Double]) in Array(values.prefix(topK).map { max($0, 0).squareRoot() }) }
        var output = TaskOutput(metrics: metrics, arrays: [
            "singular_values": singular(spectrum.values),
            "projected_singular_values": singular(projected.values),
            "step1_singular_values": singular(step1Spectrum.values),
            "init_singular_values": singular(initSpectrum.values),
            "update_singular_values": singular(updateSpectrum.values),
            "beta_alignments": Array(paddedAlignments.prefix(3)),
        ])
        if let thetaAlignments { output.arrays["theta_alignments"] = thetaAlignments }
        return output
    }

    /// The Gram matrix of P·W with P = I − uuᵀ/‖u‖² acting on the left (rows):
    /// WᵀW − bbᵀ/‖u‖² with b = Wᵀu. Removes the component of W along the left vector u.
    static func removingLeft(_ u: [Double], of matrix: Matrix<T>, gram: Matrix<T>) -> Matrix<T> {
        let columns = matrix.columns
        let norm2 = u.reduce(0) { $0 + $1 * $1 }
        guard norm2 > 0 else { return gram }
        let b = product(matrix, .transposed, Matrix<T>(rows: u.count, columns: 1, elements: u.map { T($0) }), .none).elements
        var result = gram
        for i in 0..<columns {
            for j in 0..<columns { result.elements[i * columns + j] -= T(Double(b[i]) * Double(b[j]) / norm2) }
        }
        return result
    }

    /// The top eigenvalues of a Gram matrix WᵀW (squared singular values of W,
    /// descending, clipped at 0) and its first `vectors` eigenvectors (right singular
    /// vectors of W), by block Krylov iteration (`Matrix.topEigenKrylov`).
    static func topEigen(_ gram: Matrix<T>, count: Int, vectors: Int) throws -> (values: [Double], vectors: [[Double]]) {
        let (eigenvalues, eigenvectors) = try gram.topEigenKrylov(count: count)
        let columns = eigenvectors.columns
        let rows = (0..<min(vectors, eigenvectors.rows)).map { i in
            (0..<columns).map { Double(eigenvectors.elements[i * columns + $0]) }
        }
        return (eigenvalues.map { max(Double($0), 0) }, rows)
    }

    /// W v: the (unnormalised) left singular vector of W for the right singular vector v.
    static func leftVector(_ matrix: Matrix<T>, _ right: [Double]) -> [Double] {
        product(matrix, .none, Matrix<T>(rows: right.count, columns: 1, elements: right.map { T($0) }), .none).elements.map { Double($0) }
    }

    /// |cos(β, v_i)| for the top `vectors` right singular vectors v_i of `step`, without
    /// forming its Gram matrix (`Matrix.topRightSingular`).
    func alignmentsWithBeta(_ step: Matrix<T>, _ beta: [Double], vectors: Int) throws -> [Double] {
        let top = try step.topRightSingular(count: vectors).vectors
        return (0..<top.rows).map { i in absoluteCosine((0..<top.columns).map { Double(top.elements[i * top.columns + $0]) }, beta) }
    }
}

/// A + B elementwise.
func sum<T: KernelScalar>(_ a: Matrix<T>, _ b: Matrix<T>) -> Matrix<T> {
    var result = a
    for i in 0..<result.elements.count { result.elements[i] += b.elements[i] }
    return result
}
