import Kernels
import XCTest
@testable import Trainer

final class MultiStepTests: XCTestCase {
    static let sizes: [String: ParameterValue] = ["n": .integer(96), "n_readout": .integer(96), "n_test": .integer(80),
                                                  "d": .integer(64), "N": .integer(128)]

    func parameters(_ proto: any ExperimentProtocol, _ values: [String: ParameterValue]) throws -> TaskParameters {
        try completed(proto, Self.sizes.merging(values) { $1 })
    }

    /// The metrics the two protocols share must agree exactly.
    func assertSame(_ a: TaskOutput, _ b: TaskOutput, metrics: [String], arrays: [String] = [], _ context: String, line: UInt = #line) {
        for name in metrics {
            XCTAssertNotNil(a.metrics[name], "\(context): \(name) missing", line: line)
            XCTAssertEqual(a.metrics[name], b.metrics[name], "\(context): \(name)", line: line)
        }
        for name in arrays {
            XCTAssertEqual(a.arrays[name], b.arrays[name], "\(context): \(name)", line: line)
        }
    }

    /// T = 1 is giant-step, bit for bit, at the same parameters and streams, with the
    /// options too (a multi-index target, preprocessing, the readout on the step batch).
    func testOneStepIsGiantStep() throws {
        let cases: [[String: ParameterValue]] = [
            [:],
            ["precision": .text("float64"), "activation": .text("tanh"), "target": .text("he3"), "label_noise": .real(0.1)],
            ["a_init": .text("const"), "w_init": .text("gaussian"), "target": .text("sin"), "c": .real(2)],
            ["target": .text("multi-index"), "directions": .integer(2), "target_he1": .real(1), "target_he2": .real(0.5),
             "preprocess": .text("center+linear"), "readout_batch": .text("step"), "n_readout": .integer(96)],
        ]
        for (index, overrides) in cases.enumerated() {
            let randomness = testRandomness(seed: index, alpha: 0.35)
            let common = overrides.merging(["alpha": .real(0.35)]) { $1 }
            let giant = try GiantStep().run(try parameters(GiantStep(), common), randomness: randomness)
            let multi = try MultiStep().run(try parameters(MultiStep(), common.merging(["steps": .integer(1)]) { $1 }), randomness: randomness)
            var shared = ["train_mse", "test_mse", "rf_train_mse", "rf_test_mse", "outliers", "beta_alignment", "bulk_edge", "bulk_dilation"]
            shared += ["theta_alignment_min", "theta_alignment_mean"]
            assertSame(giant, multi, metrics: shared, arrays: ["singular_values", "rf_singular_values"], "case \(index)")
            XCTAssertEqual(multi.arrays["test_mse_by_step"], [giant.metrics["test_mse"]!])
            XCTAssertEqual(multi.arrays["eta_by_step"], [giant.metrics["eta"]!])
            XCTAssertEqual(multi.arrays["theta_alignments_by_step"], giant.arrays["theta_alignments"])
        }
    }

    /// T = 2 with schedule = first-step is two-step, bit for bit: the readout errors and
    /// two-step's outlier count (`outliers` there, `weight_outliers` here), for a reused
    /// and a fresh batch. The alignment comes from another solver in two-step (the Gram
    /// matrix of W2 − W0 instead of its two factors) and agrees to rounding.
    func testTwoStepsAreTwoStep() throws {
        for (index, batch) in ["reuse", "fresh"].enumerated() {
            for precision in ["float32", "float64"] {
                let randomness = testRandomness(seed: 7 + index, alpha: 0.3)
                let common: [String: ParameterValue] = ["batch": .text(batch), "precision": .text(precision), "activation": .text("tanh"),
                                                        "target": .text("he3"), "step_base": .text("width")]
                let two = try TwoStep().run(try parameters(TwoStep(), common.merging(["alpha1": .real(0.35), "alpha2": .real(0.4), "c1": .real(1.5), "c2": .real(0.7)]) { $1 }),
                                            randomness: randomness)
                let multi = try MultiStep().run(try parameters(MultiStep(), common.merging([
                    "steps": .integer(2), "schedule": .text("first-step"), "alpha1": .real(0.35), "c1": .real(1.5), "alpha": .real(0.4), "c": .real(0.7),
                ]) { $1 }), randomness: randomness)
                let context = "\(batch) \(precision)"
                assertSame(two, multi, metrics: ["train_mse", "test_mse", "rf_train_mse", "rf_test_mse"], context)
                XCTAssertEqual(two.metrics["outliers"], multi.metrics["weight_outliers"], context)
                XCTAssertEqual(multi.arrays["eta_by_step"], [two.metrics["eta1"]!, two.metrics["eta2"]!], context)
                XCTAssertEqual(two.metrics["beta_alignment"]!, multi.metrics["beta_alignment"]!, accuracy: 1e-4, context)
            }
        }
    }

    func testArraysOverSteps() throws {
        let randomness = testRandomness(seed: 3, alpha: 0.2)
        let reuse = try MultiStep().run(try parameters(MultiStep(), ["steps": .integer(5), "alpha": .real(0.2)]), randomness: randomness)
        let fresh = try MultiStep().run(try parameters(MultiStep(), ["steps": .integer(5), "alpha": .real(0.2), "batch": .text("fresh")]), randomness: randomness)
        for name in ["eta_by_step", "train_mse_by_step", "test_mse_by_step", "outliers_by_step", "weight_outliers_by_step", "beta_alignment_by_step"] {
            XCTAssertEqual(reuse.arrays[name]?.count, 5, name)
        }
        XCTAssertEqual(reuse.arrays["eta_by_step"], [Double](repeating: pow(96, 0.2), count: 5))
        // Same first step, different later ones.
        XCTAssertEqual(reuse.arrays["test_mse_by_step"]![0], fresh.arrays["test_mse_by_step"]![0])
        XCTAssertNotEqual(reuse.arrays["test_mse_by_step"]![4], fresh.arrays["test_mse_by_step"]![4])
        let tests = reuse.arrays["test_mse_by_step"]!
        XCTAssertEqual(reuse.metrics["best_test_mse"], tests.min())
        XCTAssertEqual(tests[Int(reuse.metrics["best_step"]!) - 1], tests.min())
        XCTAssertEqual(reuse.metrics["test_mse"], tests.last)
        // Steps on a linear-plus-quadratic target align W with beta more and more.
        let alignment = reuse.arrays["beta_alignment_by_step"]!
        XCTAssertGreaterThan(alignment[4], alignment[0])
        XCTAssertTrue(alignment.allSatisfy { $0 > 0 && $0 <= 1 })
        // A multi-index target records T x k alignments.
        let multi = try MultiStep().run(try parameters(MultiStep(), ["steps": .integer(3), "alpha": .real(0.3), "target": .text("multi-index"),
                                                                    "directions": .integer(2), "target_he1": .real(1), "target_he2": .real(1)]),
                                        randomness: randomness)
        XCTAssertEqual(multi.arrays["theta_alignments_by_step"]?.count, 6)
        XCTAssertEqual(MultiStep().arrayWidths(try parameters(MultiStep(), ["steps": .integer(3), "alpha": .real(0.3)]))["test_mse_by_step"], 3)
    }

    /// η_t given per step (`step_sizes`) equal to the schedule's values gives the schedule's
    /// results bit for bit (every metric and array, NaN in the same places), for a constant
    /// and a first-step schedule; other values change them.
    func testStepSizesEqualToTheScheduleAreTheSchedule() throws {
        let schedules: [[String: ParameterValue]] = [
            ["alpha": .real(0.25), "c": .real(0.8), "batch": .text("fresh")],
            ["schedule": .text("first-step"), "alpha1": .real(0.35), "c1": .real(1.5), "alpha": .real(0.1), "step_base": .text("width"),
             "target": .text("multi-index"), "directions": .integer(2), "target_he1": .real(1), "target_he2": .real(0.5)],
        ]
        for (index, schedule) in schedules.enumerated() {
            let randomness = testRandomness(seed: 40 + index, alpha: 0.25)
            var given = schedule.merging(["steps": .integer(3)]) { $1 }
            let scheduled = try MultiStep().run(try parameters(MultiStep(), given), randomness: randomness)
            let etas = try XCTUnwrap(scheduled.arrays["eta_by_step"])
            XCTAssertEqual(etas.count, 3)
            for name in ["alpha", "c", "schedule", "alpha1", "c1", "step_base"] { given[name] = nil }
            let listed = try MultiStep().run(try parameters(MultiStep(), given.merging(["step_sizes": .text(ParameterSpec.listText(etas))]) { $1 }),
                                             randomness: randomness)
            XCTAssertEqual(Set(scheduled.metrics.keys), Set(listed.metrics.keys))
            for (name, value) in scheduled.metrics {
                XCTAssertEqual(value.bitPattern, listed.metrics[name]?.bitPattern, "schedule \(index): \(name)")
            }
            XCTAssertEqual(Set(scheduled.arrays.keys), Set(listed.arrays.keys))
            for (name, values) in scheduled.arrays {
                XCTAssertEqual(values.map(\.bitPattern), listed.arrays[name]?.map(\.bitPattern), "schedule \(index): \(name)")
            }
            let other = try MultiStep().run(try parameters(MultiStep(), given.merging(["step_sizes": .text(ParameterSpec.listText([etas[0], etas[1], 2 * etas[2]]))]) { $1 }),
                                            randomness: randomness)
            XCTAssertEqual(other.arrays["test_mse_by_step"]![1], scheduled.arrays["test_mse_by_step"]![1])
            XCTAssertNotEqual(other.arrays["test_mse_by_step"]![2], scheduled.arrays["test_mse_by_step"]![2])
        }
    }

    func testStepSizesAreChecked() {
        func problem(_ values: [String: ParameterValue]) -> String? {
            do { _ = try MultiStep().completeParameters(Self.sizes.merging(["steps": .integer(3)]) { $1 }.merging(values) { $1 }); return nil }
            catch { return "\(error)" }
        }
        XCTAssertNil(problem(["step_sizes": .text("0.5,0.25,0.125")]))
        XCTAssertNil(problem(["step_sizes": .text("[0.5, 0.25, 0.125]")]))
        XCTAssertEqual(problem(["step_sizes": .text("0.5,0.25")]), "step_sizes has 2 values, but steps = 3: give one step size per step")
        XCTAssertEqual(problem(["step_sizes": .text("0.5,-1,0.25")]), "step_sizes = 0.5,-1,0.25: element 2 (-1.0) must be in [0, ∞)")
        XCTAssertEqual(problem(["step_sizes": .text("0.5,x,0.25")]), "step_sizes = 0.5,x,0.25: must be a list of numbers, e.g. [0.5, 0.25] (on the command line 0.5,0.25)")
        XCTAssertEqual(problem(["step_sizes": .text(Array(repeating: "1", count: 65).joined(separator: ","))])?.hasSuffix("must have 1 to 64 elements; found 65"), true)
        XCTAssertEqual(problem(["step_sizes": .text("1,1,1"), "alpha": .real(0.2)]),
                       "alpha = 0.2 sets the step-size schedule, which step_sizes replaces: remove alpha, or remove step_sizes")
        XCTAssertEqual(problem(["step_sizes": .text("1,1,1"), "schedule": .text("first-step")])?.hasPrefix("schedule = first-step sets the step-size schedule"), true)
        // The canonical spelling: equal lists are equal values (so equal keys).
        XCTAssertEqual(try? MultiStep().completeParameters(Self.sizes.merging(["steps": .integer(2), "step_sizes": .text("[0.50, 1]")]) { $1 })["step_sizes"],
                       .text("0.5,1.0"))
        XCTAssertEqual(try? MultiStep().completeParameters(Self.sizes.merging(["steps": .integer(1)]) { $1 })["step_sizes"], .text(""))
    }

    func testStreamNamesMatchTwoStep() {
        XCTAssertEqual(MultiStepRun<Float>.streamName(step: 1), "train-data")
        XCTAssertEqual(MultiStepRun<Float>.streamName(step: 2), "train-data-2")
        XCTAssertEqual(MultiStepRun<Float>.streamName(step: 12), "train-data-12")
    }

    func testBadValuesAreRejected() {
        func problem(_ values: [String: ParameterValue]) -> String? {
            do { _ = try MultiStep().completeParameters(Self.sizes.merging(["alpha": .real(0.2), "steps": .integer(3)]) { $1 }.merging(values) { $1 }); return nil }
            catch { return "\(error)" }
        }
        XCTAssertEqual(problem(["steps": .integer(0)]), "steps = 0: must be in [1, 64]")
        XCTAssertEqual(problem(["steps": .integer(65)]), "steps = 65: must be in [1, 64]")
        XCTAssertEqual(problem(["schedule": .text("cosine")]), "schedule = cosine: must be one of \"constant\", \"first-step\"")
        XCTAssertEqual(problem(["alpha1": .real(0.5)]), "alpha1 = 0.5: must be in [0, 0.5)")
        XCTAssertEqual(problem(["alpha1": .real(0.3)])?.hasPrefix("alpha1 = 0.3 is used only with schedule = \"first-step\""), true)
        XCTAssertEqual(problem(["c1": .real(2)])?.hasPrefix("c1 = 2.0 is used only with schedule = \"first-step\""), true)
        XCTAssertNil(problem(["alpha1": .real(0.3), "schedule": .text("first-step")]))
        XCTAssertEqual(problem(["max_outliers": .integer(60)])?.hasPrefix("max_outliers = 60: the outlier rule reads"), true)
        XCTAssertEqual(problem(["batch": .text("both")]), "batch = both: must be one of \"reuse\", \"fresh\"")
        XCTAssertEqual(problem(["a_init": .text("zero")]), "a_init = zero: must be one of \"gaussian\", \"const\", \"rademacher\"")
        XCTAssertNotNil(problem(["steps": .real(2.5)]))
    }
}
