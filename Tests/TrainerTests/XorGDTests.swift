import XCTest
@testable import Trainer

final class XorGDTests: XCTestCase {
    /// p = 200 ≫ n = 100, cluster norm 10, 15 % of the labels flipped (exactly).
    func parameters(seed: Int = 0, _ overrides: [String: ParameterValue] = [:]) throws -> TaskParameters {
        var values: [String: ParameterValue] = [
            "p": .integer(200), "n": .integer(100), "n_test": .integer(2000), "m": .integer(50),
            "cluster_norm": .real(10), "lr": .real(0.5), "steps": .integer(300), "record_every": .integer(100),
            "noise_rate": .real(0.15), "noise_kind": .text("exact"),
        ]
        for (key, value) in overrides { values[key] = value }
        return try completed(XorGD(), values, seed: seed)
    }

    /// Frei, Chatterji, Bartlett 2022: the network fits the noisy labels, its clean test
    /// error is small and its noisy test error sits at the noise rate; a linear classifier
    /// is at chance.
    func testNetworkReachesTheNoiseFloorWhileLinearIsAtChance() throws {
        for seed in 0..<2 {
            let output = try XorGD().run(try parameters(seed: seed), randomness: testRandomness(seed: seed, alpha: 0.15))
            let m = output.metrics
            XCTAssertEqual(m["flipped_fraction"], 0.15)
            XCTAssertEqual(m["train_error"], 0, "seed \(seed): GD interpolates the noisy labels")
            XCTAssertLessThanOrEqual(m["test_error_clean"]!, 0.05, "seed \(seed)")
            XCTAssertEqual(m["test_error_noisy"]!, 0.15, accuracy: 0.05, "seed \(seed)")
            XCTAssertEqual(m["linear_test_error"]!, 0.5, accuracy: 0.05, "seed \(seed)")
            XCTAssertEqual(m["theory_test_error_noisy"], 0.15)
            XCTAssertEqual(m["theory_linear_test_error"], 0.5)
            // Neurons with a_j > 0 align with μ1 (label +1), those with a_j < 0 with μ2.
            XCTAssertGreaterThan(m["pos_mu1_alignment"]!, 2 * m["pos_mu2_alignment"]!)
            XCTAssertGreaterThan(m["neg_mu2_alignment"]!, 2 * m["neg_mu1_alignment"]!)
            XCTAssertEqual(output.arrays["loss_curve"]!.count, XorGD().arrayWidths(try parameters())["loss_curve"])
        }
    }

    func testSameRandomnessGivesBitIdenticalOutput() throws {
        let p = try parameters(["steps": .integer(20), "record_every": .integer(10), "noise_kind": .text("random")])
        let a = try XorGD().run(p, randomness: testRandomness(seed: 3, alpha: 0))
        XCTAssertEqual(a, try XorGD().run(p, randomness: testRandomness(seed: 3, alpha: 0)))
        XCTAssertNotEqual(a, try XorGD().run(p, randomness: testRandomness(seed: 4, alpha: 0)))
    }

    func testBadParametersAreRejected() {
        XCTAssertThrowsError(try parameters(["m": .integer(51)])) { XCTAssertTrue("\($0)".contains("must be even"), "\($0)") }
        XCTAssertThrowsError(try parameters(["noise_rate": .real(0.5)])) { XCTAssertEqual("\($0)", "noise_rate = 0.5: must be in [0, 0.5)") }
        XCTAssertThrowsError(try parameters(["record_every": .integer(400)])) { XCTAssertTrue("\($0)".contains("exceeds steps"), "\($0)") }
        XCTAssertThrowsError(try parameters(["noise_kind": .text("exactly")]))
    }
}
