import Foundation
import XCTest
@testable import Trainer

/// The protocols' outputs on fixed parameters and streams, against the values they had
/// before the trainer moved onto the fused kernels, top-k spectra and batched normals
/// (recorded at commit 8e4a31c, the last with full LAPACK spectra and libm Box–Muller).
///
/// Tolerances: counts exact; error rates within 2/n_test (a ulp in the random inputs may
/// flip a sample on the decision boundary); everything else within 1e-3 relative, or
/// 1e-3 absolute for values below 1 (float32 arithmetic summed in another order, and the
/// top-k solver's 1e-4). Cosines of vectors inside the bulk (he_alignment beyond the first
/// spike) are not compared: their directions are not determined by the matrix.
///
/// `FSWEEP_PRINT_REFERENCE=1 swift test --filter ReferenceOutputTests` prints the current
/// values in the form of `ReferenceOutputTests.expected`.
final class ReferenceOutputTests: XCTestCase {
    struct Case {
        let name: String
        let proto: any ExperimentProtocol
        let parameters: () throws -> TaskParameters
        let randomness: TaskRandomness
        /// Metrics that are error rates over `testCount` samples.
        var rates: [String] = []
        var testCount = 1
        var skippedArrays: [String] = []
    }

    static let cases: [Case] = [
        Case(name: "giant-step 512 alpha 0.1 seed 0", proto: GiantStep(),
             parameters: { giantStepParameters(size: 512, alpha: 0.1, seed: 0) }, randomness: testRandomness(seed: 0, alpha: 0.1),
             skippedArrays: ["he_alignment"]),
        Case(name: "giant-step 512 alpha 0.3 seed 1", proto: GiantStep(),
             parameters: { giantStepParameters(size: 512, alpha: 0.3, seed: 1) }, randomness: testRandomness(seed: 1, alpha: 0.3),
             skippedArrays: ["he_alignment"]),
        Case(name: "giant-step rectangular relu", proto: GiantStep(),
             parameters: {
                 giantStepParameters(size: 512, alpha: 0.2, overrides: [
                     "d": .integer(256), "N": .integer(1024), "n_readout": .integer(768), "n_test": .integer(300),
                     "activation": .text("relu"), "label_noise": .real(0.2)])
             }, randomness: testRandomness(seed: 2, alpha: 0.2), skippedArrays: ["he_alignment"]),
        Case(name: "giant-step 256 float64", proto: GiantStep(),
             parameters: { giantStepParameters(size: 256, alpha: 0.25, overrides: ["precision": .text("float64"), "top_k": .integer(16)]) },
             randomness: testRandomness(seed: 3, alpha: 0.25), skippedArrays: ["he_alignment"]),
        Case(name: "xor-gd", proto: XorGD(),
             parameters: {
                 try completed(XorGD(), ["p": .integer(200), "n": .integer(100), "n_test": .integer(2000), "m": .integer(50),
                                         "cluster_norm": .real(10), "lr": .real(0.5), "steps": .integer(100), "record_every": .integer(50),
                                         "noise_rate": .real(0.15)])
             }, randomness: testRandomness(seed: 4, alpha: 0),
             rates: ["train_error", "test_error_clean", "test_error_noisy", "linear_test_error", "linear_train_error", "flipped_fraction"],
             testCount: 100),
        Case(name: "patterns", proto: Patterns(),
             parameters: {
                 try completed(Patterns(), ["d": .integer(60), "D": .integer(60), "k": .integer(4), "m": .integer(100),
                                            "n": .integer(600), "n_test": .integer(1000), "steps": .integer(100)])
             }, randomness: testRandomness(seed: 5, alpha: 0),
             rates: ["test_error", "train_error", "rf_test_error", "rf_train_error"], testCount: 600),
        Case(name: "low-rotation", proto: LowRotation(),
             parameters: {
                 try completed(LowRotation(), ["d": .integer(20), "n": .integer(300), "n_test": .integer(1000), "m": .integer(64),
                                               "lr": .real(0.5), "steps": .integer(150), "record_every": .integer(50)])
             }, randomness: testRandomness(seed: 6, alpha: 0),
             rates: ["test_error", "train_error"], testCount: 300),
    ]

    /// Cosines that may come from a singular vector inside the bulk (only the first
    /// spike's vector is determined by the matrix).
    static let bulkDirectionMetrics: Set = ["he2_alignment", "he3_alignment"]

    func testOutputsMatchTheReferenceValues() throws {
        var printed = ""
        for reference in Self.cases {
            let output = try reference.proto.run(try reference.parameters(), randomness: reference.randomness)
            if ProcessInfo.processInfo.environment["FSWEEP_PRINT_REFERENCE"] != nil {
                printed += Self.literal(reference.name, output)
                continue
            }
            guard let expected = Self.expected[reference.name] else {
                XCTFail("no reference values for \(reference.name)")
                continue
            }
            for (name, value) in expected.metrics where !Self.bulkDirectionMetrics.contains(name) {
                guard let actual = output.metrics[name] else { XCTFail("\(reference.name): \(name) missing"); continue }
                let isRate = reference.rates.contains(name)
                let isCount = name.hasSuffix("outliers")
                let tolerance = isCount ? 0 : isRate ? 2 / Double(reference.testCount) + 1e-12 : 1e-3 * max(1, abs(value))
                XCTAssertEqual(actual, value, accuracy: tolerance, "\(reference.name): \(name)")
            }
            for (name, values) in expected.arrays where !reference.skippedArrays.contains(name) {
                guard let actual = output.arrays[name], actual.count == values.count else {
                    XCTFail("\(reference.name): array \(name) missing or of another length")
                    continue
                }
                for (i, value) in values.enumerated() where value.isFinite {
                    XCTAssertEqual(actual[i], value, accuracy: 1e-3 * max(1, abs(value)), "\(reference.name): \(name)[\(i)]")
                }
            }
        }
        if !printed.isEmpty { print("static let expected: [String: TaskOutput] = [\n" + printed + "]") }
    }

    static func literal(_ name: String, _ output: TaskOutput) -> String {
        func number(_ x: Double) -> String { x.isNaN ? ".nan" : "\(x)" }
        let metrics = output.metrics.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \(number($0.value))" }.joined(separator: ", ")
        let arrays = output.arrays.sorted { $0.key < $1.key }
            .map { "\"\($0.key)\": [\($0.value.map(number).joined(separator: ", "))]" }.joined(separator: ", ")
        return "    \"\(name)\": TaskOutput(metrics: [\(metrics)],\n        arrays: [\(arrays.isEmpty ? ":" : arrays)]),\n"
    }
}
