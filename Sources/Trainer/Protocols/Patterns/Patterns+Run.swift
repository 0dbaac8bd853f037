import Kernels
import RealModule

extension Patterns {
    public func run(_ p: TaskParameters, randomness: TaskRandomness) throws -> TaskOutput {
        switch p.text("precision") {
        case "float64": return try PatternsRun<Double>(p, randomness).measure()
        default: return try PatternsRun<Float>(p, randomness).measure()
        }
    }
}

/// One `patterns` task in precision T.
///
/// 1. Symmetric initialisation: units j and m + j share w_j(0), b_j(0) and have output
///    weights a_j and −a_j, so f ≡ 0.
/// 2. One step on (W, b) with step `first_lr` and weight decay λ:
///    W(1) = (1 − first_lr·λ)·W(0) − first_lr·∂L/∂W, likewise b (λ = 1/first_lr cancels W(0)).
/// 3. Readout: `steps` GD steps on the output weights only (a convex problem), on the
///    features ReLU(XWᵀ + b) divided by their RMS over the training set, from a = 0.
///    The random-features baseline is step 3 on the features of W(0), b(0), with the
///    same samples, steps and step size — so the two differ only in the first layer.
struct PatternsRun<T: KernelScalar & Real> {
    let d: Int, patterns: Int, relevant: Int, pRelevant: Double, pBackground: Double
    let rule: PatternData<T>.LabelRule
    let inputNoise: Double, pairs: Int, n: Int, testCount: Int
    let initScale: Double, firstRate: Double, weightDecay: Double, learningRate: Double, steps: Int
    let loss: ClassificationLoss
    let randomness: TaskRandomness

    init(_ p: TaskParameters, _ randomness: TaskRandomness) {
        d = p.int("d"); patterns = p.int("D"); relevant = p.int("k")
        pRelevant = p.double("p_relevant"); pBackground = p.double("p_background")
        rule = PatternData<T>.LabelRule(rawValue: p.text("label_rule"))!
        inputNoise = p.double("input_noise"); pairs = p.int("m"); n = p.int("n"); testCount = p.int("n_test")
        initScale = p.double("init_scale"); firstRate = p.double("first_lr"); weightDecay = p.double("weight_decay")
        learningRate = p.double("lr"); steps = p.int("steps")
        loss = ClassificationLoss(rawValue: p.text("loss"))!
        self.randomness = randomness
    }

    func initialNetwork() -> ReLUNetwork<T> {
        var stream = randomness.stream("first-layer")
        let scale = initScale / Double(d).squareRoot()
        let half = stream.normals(pairs * d, standardDeviation: scale)
        let biases = stream.normals(pairs, standardDeviation: scale)
        let a = stream.normals(pairs, standardDeviation: 1 / Double(pairs).squareRoot())
        return ReLUNetwork(weights: Matrix(rows: 2 * pairs, columns: d, elements: (half + half).map { T($0) }),
                           biases: (biases + biases).map { T($0) },
                           outputWeights: (a + a.map { -$0 }).map { T($0) })
    }

    /// Step 2: the large first step with weight decay.
    func firstStep(_ network: ReLUNetwork<T>, _ train: PatternData<T>) -> ReLUNetwork<T> {
        let (pre, outputs) = network.forward(train.inputs)
        let g = loss.meanLoss(outputs: outputs, labels: train.labels).outputGradients
        let gradient = network.gradients(inputs: train.inputs, pre: pre, outputGradients: g)
        var updated = network
        let keep = T(1 - firstRate * weightDecay), rate = T(firstRate)
        for i in 0..<updated.weights.elements.count {
            updated.weights.elements[i] = keep * network.weights.elements[i] - rate * gradient.weights.elements[i]
        }
        updated.biases = zip(network.biases!, gradient.biases).map { keep * $0 - rate * $1 }
        return updated
    }

    /// Step 3: the readout on unit-RMS features; returns (train error, test error).
    func readout(_ network: ReLUNetwork<T>, _ train: PatternData<T>, _ test: PatternData<T>) throws -> (train: Double, test: Double) {
        var features = network.features(train.inputs)
        var testFeatures = network.features(test.inputs)
        let meanSquare = features.elements.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(max(features.elements.count, 1))
        let inverse = T(meanSquare > 0 ? 1 / meanSquare.squareRoot() : 1)
        for i in 0..<features.elements.count { features.elements[i] *= inverse }
        for i in 0..<testFeatures.elements.count { testFeatures.elements[i] *= inverse }
        let width = features.columns
        var a = Matrix<T>(rows: width, columns: 1)
        for _ in 0..<steps {
            try TaskDeadline.check()
            let outputs = product(features, .none, a, .none).elements.map { Double($0) }
            let g = loss.meanLoss(outputs: outputs, labels: train.labels).outputGradients
            let gradient = product(features, .transposed, Matrix(rows: g.count, columns: 1, elements: g.map { T($0) }), .none)
            for j in 0..<width { a.elements[j] -= T(learningRate) * gradient.elements[j] }
        }
        let trainOutputs = product(features, .none, a, .none).elements.map { Double($0) }
        let testOutputs = product(testFeatures, .none, a, .none).elements.map { Double($0) }
        return (classificationError(outputs: trainOutputs, labels: train.labels),
                classificationError(outputs: testOutputs, labels: test.labels))
    }

    func measure() throws -> TaskOutput {
        var dictionaryStream = randomness.stream("dictionary")
        let dictionary = PatternData<T>.dictionary(dimension: d, patterns: patterns, stream: &dictionaryStream)
        var trainStream = randomness.stream("train-data"), testStream = randomness.stream("test-data")
        let train = PatternData<T>(count: n, dictionary: dictionary, relevant: relevant, pRelevant: pRelevant, pBackground: pBackground,
                                   rule: rule, inputNoise: inputNoise, stream: &trainStream)
        let test = PatternData<T>(count: testCount, dictionary: dictionary, relevant: relevant, pRelevant: pRelevant, pBackground: pBackground,
                                  rule: rule, inputNoise: inputNoise, stream: &testStream)
        let initial = initialNetwork()
        let trained = firstStep(initial, train)
        let network = try readout(trained, train, test)
        let randomFeatures = try readout(initial, train, test)
        let learned = patternCosines(trained.weights, dictionary)
        let start = patternCosines(initial.weights, dictionary)
        return TaskOutput(metrics: [
            "test_error": network.test,
            "train_error": network.train,
            "rf_test_error": randomFeatures.test,
            "rf_train_error": randomFeatures.train,
            "pattern_alignment": learned.span,
            "rf_pattern_alignment": start.span,
            "max_pattern_cosine": learned.best,
        ], arrays: ["relevant_weight": learned.perPattern])
    }

    /// Per neuron: ‖P_A w‖/‖w‖ and |cos(w, M_i)| for i ∈ A; averaged over neurons.
    func patternCosines(_ weights: Matrix<T>, _ dictionary: Matrix<Double>) -> (span: Double, best: Double, perPattern: [Double]) {
        let units = weights.rows, D = dictionary.columns
        var span = 0.0, best = 0.0
        var perPattern = [Double](repeating: 0, count: relevant)
        let norms = rowNorms(weights)
        for j in 0..<units where norms[j] > 0 {
            var projected = 0.0, largest = 0.0
            for i in 0..<relevant {
                var dot = 0.0
                for r in 0..<d { dot += Double(weights.elements[j * d + r]) * dictionary.elements[r * D + i] }
                let cosine = abs(dot) / norms[j]
                projected += cosine * cosine
                largest = max(largest, cosine)
                perPattern[i] += cosine
            }
            span += projected.squareRoot()
            best += largest
        }
        let count = Double(units)
        return (span / count, best / count, perPattern.map { $0 / count })
    }
}
