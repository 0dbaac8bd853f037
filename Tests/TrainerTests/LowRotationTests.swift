import XCTest
@testable import Trainer

final class LowRotationTests: XCTestCase {
    func parameters(_ overrides: [String: ParameterValue] = [:]) throws -> TaskParameters {
        var values: [String: ParameterValue] = [
            "d": .integer(10), "n": .integer(400), "n_test": .integer(1000), "m": .integer(128),
            "lr": .real(4), "steps": .integer(300), "record_every": .integer(100),
        ]
        for (key, value) in overrides { values[key] = value }
        return try completed(LowRotation(), values)
    }

    /// Telgarsky 2022: GD reaches low test error on the 2-sparse parity while the
    /// neurons rotate little. Bound: mean rotation below π/4 (45°), i.e. every neuron on
    /// average stays nearer its initial direction than a fresh random direction would be
    /// (≈ π/2 in high dimension). `norm-only` does not rotate at all.
    func testFreeTrainingLearnsWithLittleRotationAndNormOnlyDoesNotRotate() throws {
        for optimizer in ["gd", "sgd"] {
            let free = try LowRotation().run(try parameters(["optimizer": .text(optimizer)]), randomness: testRandomness(seed: 0, alpha: 0))
            XCTAssertLessThanOrEqual(free.metrics["test_error"]!, 0.05, optimizer)
            XCTAssertGreaterThan(free.metrics["rotation_mean"]!, 0, optimizer)
            XCTAssertLessThan(free.metrics["rotation_mean"]!, Double.pi / 4, optimizer)
            XCTAssertGreaterThan(free.metrics["margin"]!, 0, "\(optimizer): training set separated")
        }
        let normOnly = try LowRotation().run(try parameters(["variant": .text("norm-only")]), randomness: testRandomness(seed: 0, alpha: 0))
        XCTAssertEqual(normOnly.metrics["rotation_mean"], 0)
        XCTAssertEqual(normOnly.metrics["rotation_max"], 0)
        XCTAssertGreaterThan(normOnly.metrics["weight_movement"]!, 0, "the norms did train")
        XCTAssertEqual(normOnly.arrays["rotation_curve"]!, [0, 0, 0, 0])
    }

    func testSameRandomnessGivesBitIdenticalOutput() throws {
        let p = try parameters(["steps": .integer(20), "record_every": .integer(10), "optimizer": .text("sgd")])
        let a = try LowRotation().run(p, randomness: testRandomness(seed: 1, alpha: 0))
        XCTAssertEqual(a, try LowRotation().run(p, randomness: testRandomness(seed: 1, alpha: 0)))
        XCTAssertNotEqual(a, try LowRotation().run(p, randomness: testRandomness(seed: 2, alpha: 0)))
    }

    func testBadParametersAreRejected() {
        XCTAssertThrowsError(try parameters(["optimizer": .text("sgd"), "batch_size": .integer(401)])) { XCTAssertTrue("\($0)".contains("batch_size"), "\($0)") }
        XCTAssertThrowsError(try parameters(["d": .integer(1)])) { XCTAssertEqual("\($0)", "d = 1: must be in [2, ∞)") }
        XCTAssertThrowsError(try parameters(["variant": .text("norm")]))
    }
}
