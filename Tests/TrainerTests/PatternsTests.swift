import XCTest
@testable import Trainer

final class PatternsTests: XCTestCase {
    func parameters(_ overrides: [String: ParameterValue] = [:]) throws -> TaskParameters {
        var values: [String: ParameterValue] = [
            "d": .integer(50), "D": .integer(50), "k": .integer(2), "m": .integer(100),
            "n": .integer(2000), "n_test": .integer(1000), "steps": .integer(300),
        ]
        for (key, value) in overrides { values[key] = value }
        return try completed(Patterns(), values)
    }

    /// Shi, Wei, Liang 2022: after one large step the neurons point into the span of the
    /// relevant patterns and the readout's test error is at least 0.2 below that of the
    /// same readout on fixed random features of the same width (parity of k = 2 patterns).
    func testLearnedFeaturesBeatRandomFeatures() throws {
        for seed in 0..<2 {
            let m = try Patterns().run(try parameters(), randomness: testRandomness(seed: seed, alpha: 0)).metrics
            XCTAssertLessThanOrEqual(m["test_error"]! + 0.2, m["rf_test_error"]!, "seed \(seed)")
            XCTAssertGreaterThan(m["pattern_alignment"]!, 2 * m["rf_pattern_alignment"]!, "seed \(seed)")
        }
    }

    func testSameRandomnessGivesBitIdenticalOutput() throws {
        let p = try parameters(["n": .integer(200), "steps": .integer(10)])
        let a = try Patterns().run(p, randomness: testRandomness(seed: 5, alpha: 0))
        XCTAssertEqual(a, try Patterns().run(p, randomness: testRandomness(seed: 5, alpha: 0)))
        XCTAssertNotEqual(a, try Patterns().run(p, randomness: testRandomness(seed: 6, alpha: 0)))
    }

    func testBadParametersAreRejected() {
        XCTAssertThrowsError(try parameters(["D": .integer(60)])) { XCTAssertTrue("\($0)".contains("need D <= d"), "\($0)") }
        XCTAssertThrowsError(try parameters(["k": .integer(51), "D": .integer(50)])) { XCTAssertTrue("\($0)".contains("exceed the dictionary"), "\($0)") }
        XCTAssertThrowsError(try parameters(["first_lr": .real(2)])) { XCTAssertTrue("\($0)".contains("first_lr * weight_decay"), "\($0)") }
        XCTAssertThrowsError(try parameters(["p_relevant": .real(1)])) { XCTAssertEqual("\($0)", "p_relevant = 1.0: must be in (0, 1)") }
    }
}
