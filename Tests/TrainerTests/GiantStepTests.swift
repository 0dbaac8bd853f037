import Kernels
import XCTest
@testable import Trainer

final class GiantStepTests: XCTestCase {
    func testSameRandomnessGivesBitIdenticalOutput() throws {
        let p = giantStepParameters(size: 96, alpha: 0.3)
        let a = try GiantStep().run(p, randomness: testRandomness(seed: 0, alpha: 0.3))
        let b = try GiantStep().run(p, randomness: testRandomness(seed: 0, alpha: 0.3))
        XCTAssertEqual(a, b)
        let c = try GiantStep().run(p, randomness: testRandomness(seed: 1, alpha: 0.3))
        XCTAssertNotEqual(a.metrics["test_mse"], c.metrics["test_mse"])
    }

    func testWithoutAStepTheNetworkIsRandomFeatures() throws {
        let p = giantStepParameters(size: 128, alpha: 0.2, overrides: ["c": .real(0)])
        let output = try GiantStep().run(p, randomness: testRandomness(seed: 0, alpha: 0.2))
        XCTAssertEqual(output.metrics["train_mse"], output.metrics["rf_train_mse"])
        XCTAssertEqual(output.metrics["test_mse"], output.metrics["rf_test_mse"])
        XCTAssertEqual(output.metrics["outliers"], 0)
        XCTAssertEqual(output.metrics["theory_outliers"], 0)
        XCTAssertNil(output.metrics["beta_alignment"], "no step, no direction to align")
        XCTAssertEqual(output.arrays["singular_values"], output.arrays["rf_singular_values"])
    }

    /// The step equals −η·√N times a finite-difference gradient of
    /// L(W) = (1/2n) Σ (f(x_i) − y_i)², f(x) = (1/√N) Σ a_j σ(⟨w_j, x⟩).
    func testGradientStepMatchesFiniteDifferences() throws {
        let p = giantStepParameters(size: 12, alpha: 0.25, overrides: ["precision": .text("float64"), "activation": .text("tanh"), "N": .integer(5), "d": .integer(7)])
        let run = GiantStepRun<Double>(p, testRandomness(seed: 0, alpha: 0.25))
        var betaStream = run.randomness.stream("beta")
        let beta = uniformUnitVector(dimension: 7, stream: &betaStream)
        let network = run.initialNetwork()
        var trainStream = run.randomness.stream("train-data")
        let batch = SingleIndexData<Double>(count: 12, direction: beta, target: .he1PlusHe2, noise: 0, stream: &trainStream)
        let step = run.gradientStep(network, batch)

        func loss(_ w: Matrix<Double>) -> Double {
            var total = 0.0
            for i in 0..<12 {
                var f = 0.0
                for j in 0..<5 {
                    var z = 0.0
                    for k in 0..<7 { z += w[j, k] * batch.inputs[i, k] }
                    f += network.outputWeights[j] * Activation.tanh.value(z)
                }
                let r = f / 5.0.squareRoot() - batch.labels[i]
                total += r * r
            }
            return total / 24
        }
        for j in 0..<5 {
            for k in 0..<7 {
                var plus = network.weights, minus = network.weights
                plus[j, k] += 1e-6
                minus[j, k] -= 1e-6
                let gradient = (loss(plus) - loss(minus)) / 2e-6
                XCTAssertEqual(step[j, k], -run.eta * 5.0.squareRoot() * gradient, accuracy: 1e-7)
            }
        }
    }

    func testTheoryCount() {
        XCTAssertEqual(SpectralOutliers.theoryCount(alpha: 0), 1)
        XCTAssertEqual(SpectralOutliers.theoryCount(alpha: 0.2), 1)
        XCTAssertEqual(SpectralOutliers.theoryCount(alpha: 0.25), 2)
        XCTAssertEqual(SpectralOutliers.theoryCount(alpha: 0.3), 2)
        XCTAssertEqual(SpectralOutliers.theoryCount(alpha: 1.0 / 3.0), 3)
        XCTAssertEqual(SpectralOutliers.theoryCount(alpha: 0.45), 10)
    }

    func testOutlierRuleScalesTheReferenceBulk() {
        let bulk = (0..<16).map { 1.4 - 0.005 * Double($0) }
        // A bulk stretched by 3 % with two values pulled out: two outliers, dilation 1.03.
        var updated = bulk.map { $0 * 1.03 }
        updated[0] = 3.0
        updated[1] = 1.7
        let rule = SpectralOutliers(updated: updated, randomFeatures: bulk, meanSpike: false)
        XCTAssertEqual(rule.dilation, 1.03, accuracy: 1e-12)
        XCTAssertEqual(rule.count, 2)
        // With a mean spike (ReLU) the first value is excluded on both sides.
        var relu = bulk
        relu[0] = 5
        var reluUpdated = relu
        reluUpdated[1] = 1.6
        XCTAssertEqual(SpectralOutliers(updated: reluUpdated, randomFeatures: relu, meanSpike: true).count, 1)
    }

    func testTinyRankDeficientSizesStayFinite() throws {
        for seed in 0..<20 {
            let p = giantStepParameters(size: 4, alpha: 0.2, seed: seed, overrides: ["top_k": .integer(2)])
            let output = try GiantStep().run(p, randomness: testRandomness(seed: seed, alpha: 0.2))
            XCTAssertEqual(output.nonFiniteNames, [], "seed \(seed)")
        }
    }

    func testRejectsUnknownAndOutOfRangeParameters() {
        XCTAssertThrowsError(try GiantStep().completeParameters(["alpha": .real(0.6), "n": .integer(4), "d": .integer(4), "N": .integer(4), "n_readout": .integer(4), "n_test": .integer(4)])) { error in
            XCTAssertEqual("\(error)", "alpha = 0.6: must be in [0, 0.5)")
        }
        XCTAssertThrowsError(try GiantStep().completeParameters(["lamda": .real(0.1)])) { error in
            XCTAssertTrue("\(error)".contains("did you mean `lambda`"), "\(error)")
        }
        XCTAssertThrowsError(try GiantStep().completeParameters(["alpha": .real(0.1)])) { error in
            XCTAssertTrue("\(error)".contains("parameter n "), "\(error)")
        }
    }
}
