import Kernels
import XCTest
@testable import Trainer

final class TwoStepTests: XCTestCase {
    func parameters(size: Int, alpha1: Double, alpha2: Double, seed: Int = 0, _ overrides: [String: ParameterValue] = [:]) throws -> TaskParameters {
        var values: [String: ParameterValue] = [
            "n": .integer(size), "n_readout": .integer(size), "n_test": .integer(size), "d": .integer(size), "N": .integer(size),
            "alpha1": .real(alpha1), "alpha2": .real(alpha2),
        ]
        for (key, value) in overrides { values[key] = value }
        return try completed(TwoStep(), values, seed: seed)
    }

    func output(size: Int, alpha1: Double, alpha2: Double, seed: Int, _ overrides: [String: ParameterValue] = [:]) throws -> TaskOutput {
        try TwoStep().run(try parameters(size: size, alpha1: alpha1, alpha2: alpha2, seed: seed, overrides),
                          randomness: testRandomness(seed: seed, alpha: alpha1 + 10 * alpha2))
    }

    func testTheoryCount() {
        XCTAssertEqual(TwoStepTheory.outlierCount(alpha1: 0, alpha2: 0.45), 0)
        XCTAssertEqual(TwoStepTheory.outlierCount(alpha1: 0.1, alpha2: 0.4), 1)
        XCTAssertEqual(TwoStepTheory.outlierCount(alpha1: 0.3, alpha2: 0.4), 2)
        XCTAssertEqual(TwoStepTheory.outlierCount(alpha1: 0.4, alpha2: 0.3), 3)
        XCTAssertEqual(TwoStepTheory.outlierCount(alpha1: 0.45, alpha2: 0.45), 9)
    }

    /// Orders k = 1…9 at (0.45, 0.45): crelu keeps the odd ones (μ_{k+1} = 0 for odd
    /// k + 1 ≥ 3), tanh the even ones, hermite3 only k = 1, 2.
    func testTheoryCountForTheActivation() {
        XCTAssertEqual(TwoStepTheory.outlierCount(alpha1: 0.45, alpha2: 0.45, activation: .crelu), 5)
        XCTAssertEqual(TwoStepTheory.outlierCount(alpha1: 0.45, alpha2: 0.45, activation: .softplus), 5)
        XCTAssertEqual(TwoStepTheory.outlierCount(alpha1: 0.45, alpha2: 0.45, activation: .tanh), 4)
        XCTAssertEqual(TwoStepTheory.outlierCount(alpha1: 0.45, alpha2: 0.45, activation: .hermite3), 2)
        XCTAssertEqual(TwoStepTheory.outlierCount(alpha1: 0.3, alpha2: 0.45, activation: .crelu), 1)
        XCTAssertEqual(TwoStepTheory.outlierCount(alpha1: 0.2, alpha2: 0.1, activation: .tanh), 0)
    }

    /// The edge-distribution rule on eigenvalues that follow the edge law
    /// λ_j = 4 − 0.05·(j − 1)^(2/3) exactly: no outliers; with two eigenvalues set
    /// well above the edge, two.
    func testEdgeDistributionRule() {
        let bulk = (1...40).map { 4 - 0.05 * pow(Double($0 - 1), 2.0 / 3.0) }
        XCTAssertEqual(WeightOutliers(eigenvalues: bulk, maxCount: 15).count, 0)
        let spiked = [9.0, 6.0] + bulk.dropLast(2)
        let rule = WeightOutliers(eigenvalues: spiked, maxCount: 15)
        XCTAssertEqual(rule.count, 2)
        XCTAssertEqual(rule.bulkTop, 2, accuracy: 1e-12)
    }

    /// Without a second step (c2 = 0) the first step is giant-step's with η = c1·N^α1
    /// (here N = n, so N^α1 = n^α1): the same W1 − W0 bit for bit.
    func testFirstStepIsGiantStepsStep() throws {
        let p = try parameters(size: 40, alpha1: 0.3, alpha2: 0.2, ["c2": .real(0), "precision": .text("float64")])
        let randomness = testRandomness(seed: 0, alpha: 0.3)
        let run = TwoStepRun<Double>(p, randomness)
        var betaStream = randomness.stream("beta")
        let beta = uniformUnitVector(dimension: 40, stream: &betaStream)
        let (_, first, second, _) = run.steps(Teacher(dimension: 40, options: run.options, randomness: randomness))
        XCTAssertTrue(second.elements.allSatisfy { $0 == 0 })
        let giant = GiantStepRun<Double>(giantStepParameters(size: 40, alpha: 0.3, overrides: ["precision": .text("float64")]), randomness)
        var trainStream = randomness.stream("train-data")
        let batch = SingleIndexData<Double>(count: 40, direction: beta, target: .he1PlusHe2, noise: 0, stream: &trainStream)
        XCTAssertEqual(first, giant.gradientStep(giant.initialNetwork(), batch))
    }

    /// `plain` divides the applied step by √N.
    func testPlainScaleDropsTheSqrtWidth() throws {
        let randomness = testRandomness(seed: 0, alpha: 0.2)
        let scaled = TwoStepRun<Double>(try parameters(size: 16, alpha1: 0.2, alpha2: 0.1, ["precision": .text("float64"), "max_outliers": .integer(4)]), randomness)
        let plain = TwoStepRun<Double>(try parameters(size: 16, alpha1: 0.2, alpha2: 0.1, ["precision": .text("float64"), "step_scale": .text("plain"), "max_outliers": .integer(4)]), randomness)
        XCTAssertEqual(scaled.applied(scaled.eta1), 4 * plain.applied(plain.eta1), accuracy: 1e-12)
    }

    /// Removing the left vector a: the Gram matrix of (I − aaᵀ/‖a‖²)W equals the one
    /// computed directly.
    func testRemovingTheLeftVector() {
        let w = Matrix<Double>(rows: 3, columns: 2, elements: [1, 2, 3, 4, 5, 7])
        let a = [1.0, -1.0, 2.0]
        let gram = product(w, .transposed, w, .none)
        let norm2 = a.reduce(0) { $0 + $1 * $1 }
        var projected = w
        for c in 0..<2 {
            let dot = (0..<3).reduce(0.0) { $0 + a[$1] * w.elements[$1 * 2 + c] }
            for r in 0..<3 { projected.elements[r * 2 + c] -= a[r] * dot / norm2 }
        }
        let expected = product(projected, .transposed, projected, .none)
        let computed = TwoStepRun<Double>.removingLeft(a, of: w, gram: gram)
        for i in 0..<4 { XCTAssertEqual(computed.elements[i], expected.elements[i], accuracy: 1e-12) }
    }

    func testSameRandomnessGivesBitIdenticalOutput() throws {
        for batch in ["reuse", "fresh"] {
            let p = try parameters(size: 64, alpha1: 0.2, alpha2: 0.3, ["batch": .text(batch)])
            let a = try TwoStep().run(p, randomness: testRandomness(seed: 0, alpha: 0.3))
            XCTAssertEqual(a, try TwoStep().run(p, randomness: testRandomness(seed: 0, alpha: 0.3)))
            XCTAssertNotEqual(a, try TwoStep().run(p, randomness: testRandomness(seed: 1, alpha: 0.3)))
        }
    }

    /// With both steps switched off (c1 = c2 = 0, W2 = W0, rows uniform on the sphere)
    /// the rule finds no outlier, in W2 or beyond the one-step spike, at n = d = N = 512.
    /// Measured: 0 and 0 on 8 of 8 seeds.
    func testNoOutliersWithoutSteps() throws {
        for seed in 0..<4 {
            let result = try output(size: 512, alpha1: 0.2, alpha2: 0.3, seed: seed, ["c1": .real(0), "c2": .real(0)])
            XCTAssertEqual(result.metrics["outliers"], 0, "seed \(seed)")
            XCTAssertEqual(result.metrics["outliers_total"], 0, "seed \(seed)")
        }
    }

    /// What is reliably visible at n = d = N = 512, α1 = 0.2: the second step's order-1
    /// spike (left vector a∘a, norm ≍ N^(α2 − 0.3)) grows with α2 — the top singular value
    /// of (I − aaᵀ/‖a‖²)W2 increases over α2 = 0, 0.3, 0.45 — and the count goes from 0
    /// (theory 0) at α2 = 0 to at least 1 (theory 1) at α2 = 0.45. Measured on 8 seeds:
    /// top singular value 1.99–2.03, 2.51–3.06, 4.40–7.90; counts 0 and 1–4.
    /// Not asserted, because not reliable at this size: that the count never decreases in
    /// α2 (it reads 2 at α2 = 0.2 and 1 at 0.3 on 2 of 8 seeds: the spike, of order
    /// N^(−0.1) at α2 = 0.2, already leaves the bulk at N = 512), or that it equals the
    /// theory's count in between (see docs/two-step.md).
    func testSecondStepSpikeGrowsWithAlpha2() throws {
        for seed in 0..<4 {
            var previousTop = 0.0
            var counts = [Double]()
            for alpha2 in [0.0, 0.3, 0.45] {
                let result = try output(size: 512, alpha1: 0.2, alpha2: alpha2, seed: seed)
                let top = result.arrays["projected_singular_values"]![0]
                XCTAssertGreaterThan(top, previousTop, "seed \(seed) alpha2 \(alpha2)")
                previousTop = top
                counts.append(result.metrics["outliers"]!)
            }
            XCTAssertEqual(counts.first, 0, "seed \(seed)")
            XCTAssertGreaterThanOrEqual(counts.last!, 1, "seed \(seed)")
        }
    }

    /// Information exponent 1 against 2, at n = d = N = 512, α1 = 0.3, α2 = 0.45: the
    /// second step's top right singular vector aligns with β for He1+He2 and not for He2,
    /// on the reused and on a fresh batch alike. Measured on 8 seeds:
    /// |cos| 0.54–0.61 (He1+He2) against 0.00–0.17 (He2); the asserted margin of 0.3
    /// between 3-seed means is about 4 standard deviations of the difference.
    ///
    /// Reuse against fresh for He2 is not asserted: over those 8 seeds reuse aligns better
    /// on 4 (α1 = 0.3) and 6 (α1 = 0.45), and at n = 2048 the means are 0.015–0.08 for both
    /// over the whole α1 × α2 grid. He2 is even, so every (1/n) Σ T(y_i) x_i has mean zero
    /// along β and the reused batch's self-interaction has no first-order signal to add.
    func testSecondStepLearnsBetaOnlyForInformationExponentOne() throws {
        for batch in ["reuse", "fresh"] {
            var mean = [String: Double]()
            for target in ["he1+he2", "he2"] {
                var total = 0.0
                for seed in 0..<3 {
                    let result = try output(size: 512, alpha1: 0.3, alpha2: 0.45, seed: seed, ["target": .text(target), "batch": .text(batch)])
                    total += result.metrics["step2_beta_alignment"]!
                }
                mean[target] = total / 3
            }
            XCTAssertGreaterThan(mean["he1+he2"]!, mean["he2"]! + 0.3, "\(batch): \(mean)")
        }
    }

    /// Reusing the batch lets the second step learn a target of information exponent 3:
    /// He3 (generative exponent 1) with tanh, n = d = N = 512, α1 = α2 = 0.45, c1 = c2 = 1.
    /// On the reused batch neuron j's pre-activation on sample i carries
    /// c_j·y_i (c_j = η1·a_j·‖x_i‖²/n·σ′, of order N^(α1−½) ≈ 0.7), so the second step
    /// averages y·σ′(g + c_j·y)·x, whose mean along β, E[y·sech²(g + c·y)·z], is not zero;
    /// a fresh batch has no such term and E[He3(z)·z] = 0 (Dandi et al. 2024).
    /// Measured on 8 seeds at this size: step2_beta_alignment 0.31–0.45 (mean 0.36,
    /// sd 0.047) reusing against 0.03–0.16 (mean 0.09, sd 0.051) fresh. The 4-seed means'
    /// difference has sd √(0.047²/4 + 0.051²/4) ≈ 0.035, so the asserted margin 0.15,
    /// 0.12 below the measured 0.27, is more than 3 standard deviations of that difference.
    /// At 2048 (jobs/two-step-reuse.toml) the gap is 0.39 against 0.05.
    func testReusedBatchLearnsInformationExponentThree() throws {
        var mean = [String: Double]()
        for batch in ["reuse", "fresh"] {
            var total = 0.0
            for seed in 0..<4 {
                let result = try output(size: 512, alpha1: 0.45, alpha2: 0.45, seed: seed,
                                        ["target": .text("he3"), "activation": .text("tanh"), "batch": .text(batch)])
                total += result.metrics["step2_beta_alignment"]!
            }
            mean[batch] = total / 4
        }
        XCTAssertGreaterThan(mean["reuse"]!, mean["fresh"]! + 0.15, "\(mean)")
    }

    func testBadParametersAreRejected() {
        XCTAssertThrowsError(try parameters(size: 8, alpha1: 0.5, alpha2: 0.1)) { XCTAssertEqual("\($0)", "alpha1 = 0.5: must be in [0, 0.5)") }
        XCTAssertThrowsError(try parameters(size: 8, alpha1: 0.1, alpha2: 0.1, ["batch": .text("same")])) { XCTAssertTrue("\($0)".contains("\"reuse\", \"fresh\""), "\($0)") }
        XCTAssertThrowsError(try parameters(size: 16, alpha1: 0.1, alpha2: 0.1)) {
            XCTAssertEqual("\($0)", "max_outliers = 15: the outlier rule reads max_outliers + 5 singular values, but min(N, d) = 16")
        }
        XCTAssertThrowsError(try parameters(size: 64, alpha1: 0.1, alpha2: 0.1, ["max_outliers": .integer(0)])) { XCTAssertTrue("\($0)".contains("max_outliers = 0"), "\($0)") }
        XCTAssertThrowsError(try parameters(size: 32, alpha1: 0.1, alpha2: 0.1, ["top_k": .integer(40), "max_outliers": .integer(4)])) {
            XCTAssertEqual("\($0)", "top_k = 40 exceeds min(N, d) = 32 singular values")
        }
    }
}
