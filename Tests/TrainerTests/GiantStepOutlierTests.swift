import XCTest
@testable import Trainer

/// The theory's spike count ⌊1/(1−2α)⌋ at n = d = N = 2048 with centred ReLU and
/// target He1+He2 (DESIGN.md): 1 outlier at α = 0.1 and 0.2, 2 at α = 0.3, on
/// every one of three seeds.
final class GiantStepOutlierTests: XCTestCase {
    func testOutlierCountsMatchTheoryAt2048() throws {
        for alpha in [0.1, 0.2, 0.3] {
            for seed in 0..<3 {
                let output = try GiantStep().run(giantStepParameters(size: 2048, alpha: alpha, seed: seed),
                                                 randomness: testRandomness(seed: seed, alpha: alpha))
                let sv = output.arrays["singular_values"]!.prefix(4).map { String(format: "%.3f", $0) }
                print("alpha \(alpha) seed \(seed): outliers \(output.metrics["outliers"]!) edge \(String(format: "%.3f", output.metrics["bulk_edge"]!)) sv \(sv) test \(output.metrics["test_mse"]!) rf \(output.metrics["rf_test_mse"]!) beta \(output.metrics["beta_alignment"] ?? .nan)")
                XCTAssertEqual(output.metrics["outliers"], output.metrics["theory_outliers"], "alpha \(alpha) seed \(seed)")
                XCTAssertEqual(output.metrics["theory_outliers"], alpha < 0.25 ? 1 : 2)
            }
        }
    }
}
