import Kernels
import RealModule

/// The teacher of the single- and multi-index models: k orthonormal directions θ_1…θ_k
/// and the label function.
///
/// - Single-index targets (`linear` … `he4`): k = 1, θ_1 = β, y = σ*(⟨β, x⟩).
/// - `multi-index`: y = (1/k) Σ_i h(⟨θ_i, x⟩), h(z) = Σ_m c_m He_m(z) with the
///   probabilists' Hermite polynomials *not* normalised (He2 = z² − 1, He4 = z⁴ − 6z² + 3)
///   and c_m = `target_he<m>`, m = 1…4.
///
/// θ_1 is β, drawn from stream "beta" exactly as before this type existed (so single-index
/// tasks keep their numbers); θ_2…θ_k come from stream "directions", Gaussian vectors made
/// orthonormal to the earlier ones by Gram–Schmidt (twice, for rounding).
struct Teacher: Sendable {
    let directions: [[Double]]
    let target: TargetFunction
    /// c_1…c_4 of h (multi-index only).
    let hermite: [Double]

    var beta: [Double] { directions[0] }
    var isMultiIndex: Bool { target == .multiIndex }

    init(dimension d: Int, options: ModelOptions, randomness: TaskRandomness) {
        var betaStream = randomness.stream("beta")
        var directions = [uniformUnitVector(dimension: d, stream: &betaStream)]
        if options.target == .multiIndex && options.directions > 1 {
            var stream = randomness.stream("directions")
            for _ in 1..<options.directions {
                var v = stream.normals(d)
                for _ in 0..<2 {
                    for u in directions {
                        let dot = doubleAccumulatedDot(v, u, count: d)
                        for j in 0..<d { v[j] -= dot * u[j] }
                    }
                }
                directions.append(normalised(v))
            }
        }
        self.directions = directions
        target = options.target
        hermite = options.hermite
    }

    /// h(z) of the multi-index target.
    func link(_ z: Double) -> Double {
        var total = 0.0
        for (index, coefficient) in hermite.enumerated() where coefficient != 0 {
            total += coefficient * Hermite.probabilists(index + 1, z)
        }
        return total
    }

    /// The noiseless label of a sample whose projections ⟨θ_i, x⟩ are `projections`.
    func label(_ projections: [Double]) -> Double {
        guard isMultiIndex else { return target.value(projections[0]) }
        var total = 0.0
        for p in projections { total += link(p) }
        return total / Double(projections.count)
    }

    /// ‖P θ_i‖ for each direction, P the projection onto the span of the rows of `vectors`
    /// (orthonormal, e.g. top right singular vectors): how much of θ_i the span holds.
    func subspaceAlignments<T: KernelScalar>(_ vectors: Matrix<T>) -> [Double] {
        let columns = vectors.columns
        return directions.map { theta in
            var total = 0.0
            for i in 0..<vectors.rows {
                var dot = 0.0
                for j in 0..<columns { dot += Double(vectors.elements[i * columns + j]) * theta[j] }
                total += dot * dot
            }
            return min(total, 1).squareRoot()
        }
    }
}

/// The options `giant-step`, `two-step` and `multi-step` share beyond DESIGN.md's
/// conventions, read with their defaults (so that parameter sets made before the options
/// existed, e.g. in tests, still run today's algorithm).
struct ModelOptions: Sendable {
    enum OutputInit: String { case gaussian, const, rademacher }
    enum InputInit: String { case sphere, gaussian }
    enum Preprocess: String { case none, center, centerLinear = "center+linear" }

    var target: TargetFunction
    var aInit: OutputInit
    var wInit: InputInit
    var directions: Int
    var hermite: [Double]
    var preprocess: Preprocess
    /// Readout on the (last) step's batch instead of fresh samples.
    var readoutOnStepBatch: Bool

    init(_ p: TaskParameters) {
        func text(_ name: String, _ fallback: String) -> String {
            if case .text(let v)? = p.values[name] { return v }
            return fallback
        }
        target = TargetFunction(rawValue: text("target", "he1+he2"))!
        aInit = OutputInit(rawValue: text("a_init", "gaussian"))!
        wInit = InputInit(rawValue: text("w_init", "sphere"))!
        directions = p.values["directions"].map { _ in p.int("directions") } ?? 1
        hermite = (1...4).map { p.values["target_he\($0)"]?.asDouble ?? 0 }
        preprocess = Preprocess(rawValue: text("preprocess", "none"))!
        readoutOnStepBatch = text("readout_batch", "fresh") == "step"
    }

    /// The parameters behind these options, declared `keyedAtDefault: false` so that
    /// specs written before them keep their task keys.
    static let parameters: [ParameterSpec] = [
        ParameterSpec("a_init", .choice(["gaussian", "const", "rademacher"]), default: .text("gaussian"),
                      "second layer: a_j ~ N(0, 1/N) (gaussian), a_j = 1/sqrt(N) (const) or +-1/sqrt(N) (rademacher)", keyedAtDefault: false),
        ParameterSpec("w_init", .choice(["sphere", "gaussian"]), default: .text("sphere"),
                      "first layer: rows w_j uniform on the unit sphere (sphere) or N(0, I/d) (gaussian)", keyedAtDefault: false),
        ParameterSpec("directions", .integer(IntegerBounds(1, 8)), default: .integer(1),
                      "k: orthonormal directions theta_1..theta_k of the multi-index target (target = \"multi-index\")", keyedAtDefault: false),
    ] + (1...4).map { m in
        ParameterSpec("target_he\(m)", .real(.any), default: .real(0),
                      "multi-index link h = sum_m target_he<m> * He_m: coefficient of the probabilists' He_\(m) (NOT unit-normalised: He2 = z^2-1, He4 = z^4-6z^2+3)",
                      keyedAtDefault: false)
    } + [
        ParameterSpec("preprocess", .choice(["none", "center", "center+linear"]), default: .text("none"),
                      "labels of the step and readout batches: as they are, minus their mean (center), or minus mean and first Hermite part <mean(y x), x> (center+linear); added back at prediction",
                      keyedAtDefault: false),
        ParameterSpec("readout_batch", .choice(["fresh", "step"]), default: .text("fresh"),
                      "ridge readout on n_readout fresh samples (fresh) or on the last step's batch (step; needs n_readout = n)", keyedAtDefault: false),
    ]

    /// `target_hermite = [c1, c2, c3, c4]`: the list spelling of target_he1..4.
    static let lists: [ParameterListSpec] = [
        ParameterListSpec("target_hermite", elements: (1...4).map { "target_he\($0)" },
                          "multi-index link h = sum_m c_m He_m as its coefficients [c1, .., c4] (1 to 4 numbers, the rest 0; probabilists' He_m, NOT unit-normalised): sets target_he1..target_he4"),
    ]

    /// The cross-parameter checks of the options (a parameter that would be ignored is an error).
    static func validate(_ p: TaskParameters) throws {
        let options = ModelOptions(p)
        if options.target == .multiIndex {
            if options.hermite.allSatisfy({ $0 == 0 }) {
                throw ParameterError(["target_he1", "target"], "target = \"multi-index\" needs a link: set at least one of target_he1 .. target_he4 to a non-zero coefficient")
            }
        } else {
            if options.directions != 1 {
                throw ParameterError(["directions", "target"], "directions = \(options.directions) is used only with target = \"multi-index\" (target is \"\(options.target.rawValue)\")")
            }
            if let m = options.hermite.firstIndex(where: { $0 != 0 }) {
                throw ParameterError(["target_he\(m + 1)", "target"], "target_he\(m + 1) = \(options.hermite[m]) is used only with target = \"multi-index\" (target is \"\(options.target.rawValue)\")")
            }
        }
        if options.readoutOnStepBatch, p.values["n_readout"] != nil, p.values["n"] != nil, p.int("n_readout") != p.int("n") {
            throw ParameterError(["n_readout", "readout_batch"], "n_readout = \(p.int("n_readout")): readout_batch = \"step\" fits the readout on the step's batch of n = \(p.int("n")) samples; set n_readout = n (derived: n_readout = \"n\")")
        }
    }
}

/// What `preprocess` removes from the labels of a batch: their mean ȳ (`center`) and
/// their first Hermite part ⟨b, x⟩ with b = (1/n) Σ_i (y_i − ȳ) x_i (`center+linear`).
/// Fitted on one batch, it is subtracted from that batch's labels before the step or the
/// readout fit, and from the test labels before scoring: the same as adding ȳ + ⟨b, x⟩
/// back to every prediction, since (ŷ + o(x) − y)² = (ŷ − (y − o(x)))².
struct LabelCentering: Sendable {
    let mean: Double
    let linear: [Double]?

    init<T: KernelScalar>(_ data: SingleIndexData<T>, _ mode: ModelOptions.Preprocess) {
        let labels = data.labels
        let mean = labels.reduce(0, +) / Double(labels.count)
        self.mean = mean
        guard mode == .centerLinear else { linear = nil; return }
        let d = data.inputs.columns
        var b = [Double](repeating: 0, count: d)
        data.inputs.elements.withUnsafeBufferPointer { x in
            for i in 0..<labels.count {
                let weight = (labels[i] - mean) / Double(labels.count)
                let row = x.baseAddress! + i * d
                for j in 0..<d { b[j] += weight * Double(row[j]) }
            }
        }
        linear = b
    }

    /// The part removed from the label of a sample x: ȳ + ⟨b, x⟩.
    func offset<T: KernelScalar>(_ sample: UnsafePointer<T>, dimension d: Int) -> Double {
        guard let linear else { return mean }
        return mean + doubleAccumulatedDot(sample, linear, count: d)
    }

    /// `data` with the removed part subtracted from its labels.
    func removed<T: KernelScalar>(from data: SingleIndexData<T>) -> SingleIndexData<T> {
        var result = data
        let d = data.inputs.columns
        data.inputs.elements.withUnsafeBufferPointer { x in
            for i in 0..<data.labels.count { result.labels[i] = data.labels[i] - offset(x.baseAddress! + i * d, dimension: d) }
        }
        return result
    }
}
