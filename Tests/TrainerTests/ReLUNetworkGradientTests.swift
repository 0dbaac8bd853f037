import Kernels
import XCTest
@testable import Trainer

/// The gradients of `ReLUNetwork` (used by xor-gd, patterns and low-rotation) against
/// central finite differences of the mean logistic and hinge losses.
final class ReLUNetworkGradientTests: XCTestCase {
    func testGradientsMatchFiniteDifferences() {
        var stream = RandomStream(seed: 7)
        let n = 9, d = 5, m = 4
        let inputs = Matrix<Double>(rows: n, columns: d, elements: stream.normals(n * d))
        let labels = (0..<n).map { _ in stream.uniform() < 0.5 ? 1.0 : -1.0 }
        let network = ReLUNetwork<Double>(weights: Matrix(rows: m, columns: d, elements: stream.normals(m * d)),
                                          biases: stream.normals(m), outputWeights: stream.normals(m))
        for loss in ClassificationLoss.allCases {
            func value(_ net: ReLUNetwork<Double>) -> Double {
                loss.meanLoss(outputs: net.forward(inputs).outputs, labels: labels).loss
            }
            let (pre, outputs) = network.forward(inputs)
            let g = loss.meanLoss(outputs: outputs, labels: labels).outputGradients
            let analytic = network.gradients(inputs: inputs, pre: pre, outputGradients: g)
            let h = 1e-6
            for i in 0..<(m * d) {
                var plus = network, minus = network
                plus.weights.elements[i] += h
                minus.weights.elements[i] -= h
                XCTAssertEqual(analytic.weights.elements[i], (value(plus) - value(minus)) / (2 * h), accuracy: 1e-6, "\(loss) dW[\(i)]")
            }
            for j in 0..<m {
                var plus = network, minus = network
                plus.biases![j] += h
                minus.biases![j] -= h
                XCTAssertEqual(analytic.biases[j], (value(plus) - value(minus)) / (2 * h), accuracy: 1e-6, "\(loss) db[\(j)]")
                plus = network; minus = network
                plus.outputWeights[j] += h
                minus.outputWeights[j] -= h
                XCTAssertEqual(analytic.outputWeights[j], (value(plus) - value(minus)) / (2 * h), accuracy: 1e-6, "\(loss) da[\(j)]")
            }
        }
    }

    func testRecordScheduleIncludesTheLastStep() {
        XCTAssertEqual(RecordSchedule(steps: 10, every: 5).recordedSteps, [0, 5, 10])
        XCTAssertEqual(RecordSchedule(steps: 10, every: 4).recordedSteps, [0, 4, 8, 10])
        XCTAssertEqual(RecordSchedule(steps: 10, every: 4).count, 4)
    }
}
