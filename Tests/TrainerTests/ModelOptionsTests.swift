import Kernels
import XCTest
@testable import Trainer

/// The options of giant-step and two-step (`a_init`, `w_init`, targets `sin`, `he4`,
/// `multi-index` with `directions` and `target_he1..4`, `preprocess`, `readout_batch`).
final class ModelOptionsTests: XCTestCase {
    let randomness = testRandomness(seed: 11, alpha: 0.3)

    func giant(_ overrides: [String: ParameterValue] = [:], size: Int = 128) throws -> TaskParameters {
        var values: [String: ParameterValue] = ["n": .integer(size), "n_readout": .integer(size), "n_test": .integer(size),
                                                "d": .integer(size), "N": .integer(size), "alpha": .real(0.3)]
        for (k, v) in overrides { values[k] = v }
        return try completed(GiantStep(), values)
    }

    func two(_ overrides: [String: ParameterValue] = [:], size: Int = 128) throws -> TaskParameters {
        var values: [String: ParameterValue] = ["n": .integer(size), "n_readout": .integer(size), "n_test": .integer(size),
                                                "d": .integer(size), "N": .integer(size), "alpha1": .real(0.3), "alpha2": .real(0.3)]
        for (k, v) in overrides { values[k] = v }
        return try completed(TwoStep(), values)
    }

    // MARK: Defaults are today's algorithm

    /// A parameter set without the options (as tests and old callers build them) and the
    /// completed one with every option at its default give the same output, bit for bit.
    func testDefaultsAreTodaysAlgorithm() throws {
        let old = giantStepParameters(size: 128, alpha: 0.3)
        let complete = try giant()
        XCTAssertEqual(try GiantStep().run(old, randomness: randomness), try GiantStep().run(complete, randomness: randomness))
        for reuse in ["reuse", "fresh"] {
            let full = try two(["batch": .text(reuse)])
            var stripped = full
            for spec in ModelOptions.parameters { stripped.values[spec.name] = nil }
            XCTAssertEqual(try TwoStep().run(stripped, randomness: randomness), try TwoStep().run(full, randomness: randomness))
        }
    }

    func testKeyedValuesDropOnlyOptionsAtTheirDefault() throws {
        let p = try giant(["a_init": .text("const")])
        let keyed = GiantStep().keyedValues(p)
        XCTAssertEqual(keyed["a_init"], .text("const"))
        for name in ["w_init", "directions", "target_he1", "target_he2", "target_he3", "target_he4", "preprocess", "readout_batch"] {
            XCTAssertNil(keyed[name], name)
        }
        XCTAssertEqual(Set(keyed.keys), Set(giantStepParameters(size: 1, alpha: 0).values.keys).union(["a_init"]))
    }

    // MARK: Initialisation

    func testOutputInitialisations() throws {
        let width = 64, d = 16
        func network(_ overrides: [String: ParameterValue]) throws -> TwoLayerNetwork<Float> {
            TwoLayerNetwork<Float>.initial(width: width, dimension: d, activation: .crelu, options: ModelOptions(try giant(overrides)), randomness: randomness)
        }
        let size = 1 / Double(width).squareRoot()
        XCTAssertEqual(try network(["a_init": .text("const")]).outputWeights, [Double](repeating: size, count: width))
        let signs = try network(["a_init": .text("rademacher")]).outputWeights
        XCTAssertTrue(signs.allSatisfy { abs($0) == size })
        XCTAssertTrue(signs.contains { $0 > 0 } && signs.contains { $0 < 0 })
        let gaussian = try network([:])
        XCTAssertEqual(gaussian.outputWeights, TwoLayerNetwork<Float>.sphericalInitial(width: width, dimension: d, activation: .crelu, randomness: randomness).outputWeights)
        XCTAssertEqual(Set(gaussian.outputWeights.map(abs)).count, width)   // not ±const
        // The first layer is untouched by a_init.
        XCTAssertEqual(try network(["a_init": .text("const")]).weights.elements, gaussian.weights.elements)
    }

    func testInputInitialisations() throws {
        let width = 400, d = 50
        let sphere = TwoLayerNetwork<Double>.initial(width: width, dimension: d, activation: .crelu, options: ModelOptions(try giant()), randomness: randomness)
        let gaussian = TwoLayerNetwork<Double>.initial(width: width, dimension: d, activation: .crelu,
                                                       options: ModelOptions(try giant(["w_init": .text("gaussian")])), randomness: randomness)
        func norms(_ w: Matrix<Double>) -> [Double] {
            var result = [Double]()
            for j in 0..<width {
                var total = 0.0
                for i in 0..<d { total += w.elements[j * d + i] * w.elements[j * d + i] }
                result.append(total.squareRoot())
            }
            return result
        }
        XCTAssertTrue(norms(sphere.weights).allSatisfy { abs($0 - 1) < 1e-12 })
        let g = norms(gaussian.weights)
        // ‖w_j‖² ~ χ²_d / d: mean 1, standard deviation √(2/d) = 0.2.
        let squares = g.map { $0 * $0 }
        let mean = squares.reduce(0, +) / Double(width)
        let sd = (squares.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(width)).squareRoot()
        XCTAssertEqual(mean, 1, accuracy: 0.05)
        XCTAssertEqual(sd, (2.0 / Double(d)).squareRoot(), accuracy: 0.05)
        XCTAssertEqual(gaussian.outputWeights, sphere.outputWeights)   // a untouched by w_init
    }

    // MARK: Targets

    func testNewSingleIndexTargets() {
        XCTAssertEqual(TargetFunction.sin.value(0.7), Foundation.sin(0.7))
        let z = 1.3
        XCTAssertEqual(TargetFunction.he4.value(z), (z * z * z * z - 6 * z * z + 3) / 24.0.squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(Hermite.probabilists(2, z), z * z - 1, accuracy: 1e-12)
        XCTAssertEqual(Hermite.probabilists(3, z), z * z * z - 3 * z, accuracy: 1e-12)
        XCTAssertEqual(Hermite.probabilists(4, z), z * z * z * z - 6 * z * z + 3, accuracy: 1e-12)
        XCTAssertTrue(TargetFunction.allNames.contains("sin") && TargetFunction.allNames.contains("he4") && TargetFunction.allNames.contains("multi-index"))
    }

    func testMultiIndexTeacherAndLabels() throws {
        let p = try giant(["target": .text("multi-index"), "directions": .integer(3), "target_he1": .real(1),
                           "target_he2": .real(0.5), "target_he4": .real(1.0 / 24)], size: 40)
        let teacher = Teacher(dimension: 40, options: ModelOptions(p), randomness: randomness)
        XCTAssertEqual(teacher.directions.count, 3)
        for i in 0..<3 {
            for j in 0..<3 {
                let dot = zip(teacher.directions[i], teacher.directions[j]).map { $0 * $1 }.reduce(0, +)
                XCTAssertEqual(dot, i == j ? 1 : 0, accuracy: 1e-12)
            }
        }
        // θ_1 is β of the single-index streams.
        var betaStream = randomness.stream("beta")
        XCTAssertEqual(teacher.directions[0], uniformUnitVector(dimension: 40, stream: &betaStream))
        var stream = randomness.stream("train-data")
        let data = SingleIndexData<Double>(count: 20, teacher: teacher, noise: 0, stream: &stream)
        for i in 0..<20 {
            let x = Array(data.inputs.elements[(i * 40)..<((i + 1) * 40)])
            let h = teacher.directions.map { theta -> Double in
                let z = zip(theta, x).map { $0 * $1 }.reduce(0, +)
                return z + 0.5 * (z * z - 1) + (z * z * z * z - 6 * z * z + 3) / 24
            }
            XCTAssertEqual(data.labels[i], h.reduce(0, +) / 3, accuracy: 1e-10)
        }
        // The same inputs as a single-index batch from the same stream: only the labels differ.
        var single = randomness.stream("train-data")
        let plain = SingleIndexData<Double>(count: 20, direction: teacher.beta, target: .linear, noise: 0, stream: &single)
        XCTAssertEqual(plain.inputs.elements, data.inputs.elements)
        XCTAssertEqual(plain.projections, data.projections)
    }

    func testSubspaceAlignments() {
        let teacher = Teacher(dimension: 4, options: ModelOptions(TaskParameters(["target": .text("multi-index"), "directions": .integer(2), "target_he1": .real(1)])),
                              randomness: randomness)
        let basis = Matrix<Double>(rows: 2, columns: 4, elements: teacher.directions[0] + teacher.directions[1])
        XCTAssertEqual(teacher.subspaceAlignments(basis)[0], 1, accuracy: 1e-12)
        XCTAssertEqual(teacher.subspaceAlignments(basis)[1], 1, accuracy: 1e-12)
        let one = Matrix<Double>(rows: 1, columns: 4, elements: teacher.directions[1])
        XCTAssertEqual(teacher.subspaceAlignments(one)[0], 0, accuracy: 1e-12)
    }

    /// A multi-index task learns both directions with a large step and reports them.
    func testMultiIndexMetrics() throws {
        let p = try giant(["target": .text("multi-index"), "directions": .integer(2), "target_he1": .real(1), "target_he2": .real(1),
                           "alpha": .real(0.4), "c": .real(2)], size: 256)
        let output = try GiantStep().run(p, randomness: randomness)
        let thetas = try XCTUnwrap(output.arrays["theta_alignments"])
        XCTAssertEqual(thetas.count, 2)
        XCTAssertEqual(output.metrics["theta_alignment_min"], thetas.min())
        XCTAssertGreaterThan(thetas.min()!, 0.3)   // a random 2-plane in R^256 holds |P θ| ≈ 0.09
        let twoOutput = try TwoStep().run(try two(["target": .text("multi-index"), "directions": .integer(2), "target_he1": .real(1),
                                                   "target_he2": .real(1)], size: 256), randomness: randomness)
        XCTAssertEqual(twoOutput.arrays["theta_alignments"]?.count, 2)
        // Single-index: one direction, β, and |P β| is beta_alignment.
        let single = try GiantStep().run(try giant(), randomness: randomness)
        XCTAssertEqual(single.arrays["theta_alignments"], [single.metrics["beta_alignment"]!])
        XCTAssertEqual(single.metrics["theta_alignment_min"], single.metrics["beta_alignment"])
        let singleTwo = try TwoStep().run(try two(), randomness: randomness)
        XCTAssertEqual(singleTwo.arrays["theta_alignments"], [singleTwo.metrics["beta_alignment"]!])
    }

    // MARK: Preprocessing and the readout batch

    func testLabelCenteringRemovesMeanAndLinearPart() {
        var stream = randomness.stream("x")
        let beta = uniformUnitVector(dimension: 30, stream: &stream)
        let data = SingleIndexData<Double>(count: 500, direction: beta, target: .he1PlusHe2, noise: 0, stream: &stream)
        let centred = LabelCentering(data, .center).removed(from: data)
        XCTAssertEqual(centred.labels.reduce(0, +) / 500, 0, accuracy: 1e-12)
        let linear = LabelCentering(data, .centerLinear)
        XCTAssertEqual(linear.linear!.count, 30)
        // b estimates E[y x] = β (He1 coefficient 1): close to β at n = 500, d = 30.
        XCTAssertGreaterThan(absoluteCosine(linear.linear!, beta), 0.8)
        let removed = linear.removed(from: data)
        XCTAssertEqual(removed.labels.reduce(0, +) / 500, 0, accuracy: 0.1)
        for i in 0..<500 {
            let x = Array(data.inputs.elements[(i * 30)..<((i + 1) * 30)])
            let offset = linear.mean + zip(linear.linear!, x).map { $0 * $1 }.reduce(0, +)
            XCTAssertEqual(removed.labels[i] + offset, data.labels[i], accuracy: 1e-10)
        }
    }

    /// Each preprocessing and readout choice changes the numbers, and a linear target with
    /// center+linear leaves the step nothing to learn from the He1 part.
    func testPreprocessAndReadoutBatchChangeTheTask() throws {
        let base = try GiantStep().run(try giant(), randomness: randomness)
        var seen = [base.metrics["test_mse"]!]
        for overrides in [["preprocess": ParameterValue.text("center")], ["preprocess": .text("center+linear")],
                          ["readout_batch": .text("step")], ["a_init": .text("const")], ["w_init": .text("gaussian")],
                          ["target": .text("sin")], ["target": .text("he4")]] {
            let output = try GiantStep().run(try giant(overrides), randomness: randomness)
            XCTAssertFalse(seen.contains(output.metrics["test_mse"]!), "\(overrides)")
            seen.append(output.metrics["test_mse"]!)
        }
        // Linear target: center+linear removes the whole label but the sampling error of b
        // (‖b − β‖ ≈ √(d/n) = 1 here), so the step sees less of β.
        let linear = try GiantStep().run(try giant(["target": .text("linear"), "preprocess": .text("center+linear"), "c": .real(2)], size: 256), randomness: randomness)
        let plain = try GiantStep().run(try giant(["target": .text("linear"), "c": .real(2)], size: 256), randomness: randomness)
        XCTAssertLessThan(linear.metrics["beta_alignment"]!, plain.metrics["beta_alignment"]!)
        // Test MSE of a linear target with its linear part added back: only the error of b (≈ d/n).
        XCTAssertLessThan(linear.metrics["test_mse"]!, 1.5)
    }

    /// readout_batch = step fits the ridge on the step batch: the readout's training MSE is
    /// then on the step's own samples (two-step: the last step's batch).
    func testReadoutOnStepBatchUsesTheStepSamples() throws {
        let fresh = try GiantStep().run(try giant(["c": .real(0)]), randomness: randomness)
        let step = try GiantStep().run(try giant(["c": .real(0), "readout_batch": .text("step")]), randomness: randomness)
        // With c = 0 the features are W0's either way: only the samples differ.
        XCTAssertNotEqual(fresh.metrics["train_mse"], step.metrics["train_mse"])
        XCTAssertEqual(step.metrics["train_mse"], step.metrics["rf_train_mse"])
        // Readout on the step batch by hand: features of W0 on the "train-data" samples.
        let p = try giant(["c": .real(0)])
        let teacher = Teacher(dimension: 128, options: ModelOptions(p), randomness: randomness)
        var stream = randomness.stream("train-data")
        let batch = SingleIndexData<Float>(count: 128, teacher: teacher, noise: 0, stream: &stream)
        let initial = TwoLayerNetwork<Float>.initial(width: 128, dimension: 128, activation: .crelu, options: ModelOptions(p), randomness: randomness)
        let (_, trainMSE) = try RidgeReadout.fit(initial, batch, lambda: 0.1)
        XCTAssertEqual(step.metrics["rf_train_mse"], trainMSE)
        for batch in ["reuse", "fresh"] {
            let a = try TwoStep().run(try two(["batch": .text(batch)]), randomness: randomness)
            let b = try TwoStep().run(try two(["batch": .text(batch), "readout_batch": .text("step")]), randomness: randomness)
            XCTAssertEqual(a.metrics["outliers"], b.metrics["outliers"])
            XCTAssertNotEqual(a.metrics["train_mse"], b.metrics["train_mse"])
        }
    }

    // MARK: Rejections

    func testBadValuesAreRejected() throws {
        func problem(_ overrides: [String: ParameterValue], _ proto: any ExperimentProtocol = GiantStep()) -> String? {
            var values: [String: ParameterValue] = ["n": .integer(64), "n_readout": .integer(64), "n_test": .integer(64), "d": .integer(64),
                                                    "N": .integer(64), "alpha": .real(0.1), "alpha1": .real(0.1), "alpha2": .real(0.1)]
            if proto.name == "giant-step" { values["alpha1"] = nil; values["alpha2"] = nil } else { values["alpha"] = nil }
            for (k, v) in overrides { values[k] = v }
            do { _ = try proto.completeParameters(values); return nil } catch { return "\(error)" }
        }
        XCTAssertEqual(problem(["a_init": .text("ones")]), "a_init = ones: must be one of \"gaussian\", \"const\", \"rademacher\"")
        XCTAssertEqual(problem(["w_init": .text("ortho")], TwoStep()), "w_init = ortho: must be one of \"sphere\", \"gaussian\"")
        XCTAssertEqual(problem(["preprocess": .text("center+quadratic")]), "preprocess = center+quadratic: must be one of \"none\", \"center\", \"center+linear\"")
        XCTAssertEqual(problem(["readout_batch": .text("test")]), "readout_batch = test: must be one of \"fresh\", \"step\"")
        XCTAssertEqual(problem(["directions": .integer(0)]), "directions = 0: must be in [1, 8]")
        XCTAssertEqual(problem(["target_he1": .real(.infinity)]), "target_he1 = inf: must be a finite number")
        XCTAssertEqual(problem(["target": .text("cos")])?.hasPrefix("target = cos: must be one of"), true)
        XCTAssertEqual(problem(["target": .text("multi-index")])?.hasPrefix("target = \"multi-index\" needs a link"), true)
        XCTAssertEqual(problem(["directions": .integer(2)], TwoStep())?.hasPrefix("directions = 2 is used only with target = \"multi-index\""), true)
        XCTAssertEqual(problem(["target_he4": .real(0.1)])?.hasPrefix("target_he4 = 0.1 is used only with target = \"multi-index\""), true)
        XCTAssertEqual(problem(["readout_batch": .text("step"), "n_readout": .integer(32)], TwoStep())?.hasPrefix("n_readout = 32: readout_batch = \"step\""), true)
        XCTAssertNil(problem(["target": .text("multi-index"), "directions": .integer(8), "target_he3": .real(-1)]))
    }
}
