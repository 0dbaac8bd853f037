import XCTest
@testable import Trainer

final class ActivationTests: XCTestCase {
    func testDerivativesMatchFiniteDifferences() {
        for activation in Activation.allCases {
            for z in stride(from: -2.5, through: 2.5, by: 0.37) where abs(z) > 1e-3 {
                let h = 1e-6
                let numeric = (activation.value(z + h) - activation.value(z - h)) / (2 * h)
                XCTAssertEqual(activation.derivative(z), numeric, accuracy: 1e-6, "\(activation) at \(z)")
            }
        }
    }

    func testCentredActivationsHaveZeroGaussianMean() {
        // E[σ(z)] by Gauss–Hermite-free Monte Carlo on a fixed stream: centred ReLU,
        // tanh and hermite3 have μ0 = 0; ReLU has 1/√(2π).
        var stream = RandomStream(seed: 7)
        let samples = (0..<400_000).map { _ in stream.normal() }
        func mean(_ a: Activation) -> Double { samples.reduce(0) { $0 + a.value($1) } / Double(samples.count) }
        XCTAssertEqual(mean(.crelu), 0, accuracy: 4e-3)
        XCTAssertEqual(mean(.tanh), 0, accuracy: 4e-3)
        XCTAssertEqual(mean(.hermite3), 0, accuracy: 1e-2)
        XCTAssertEqual(mean(.relu), 1 / (2 * Double.pi).squareRoot(), accuracy: 4e-3)
        XCTAssertFalse(Activation.crelu.hasMeanSpike)
        XCTAssertTrue(Activation.relu.hasMeanSpike)
    }

    func testHermitePolynomialsAreOrthonormalUnderTheGaussian() {
        var stream = RandomStream(seed: 11)
        let samples = (0..<400_000).map { _ in stream.normal() }
        for j in 1...3 {
            for k in 1...3 {
                let moment = samples.reduce(0) { $0 + Hermite.normalised(j, $1) * Hermite.normalised(k, $1) } / Double(samples.count)
                XCTAssertEqual(moment, j == k ? 1 : 0, accuracy: 0.03, "E[He\(j) He\(k)]")
            }
        }
        XCTAssertEqual(Hermite.normalised(2, 3), (9 - 1) / 2.0.squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(Hermite.normalised(3, 2), (8 - 6) / 6.0.squareRoot(), accuracy: 1e-12)
    }
}
