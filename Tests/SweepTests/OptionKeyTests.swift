import XCTest
import Trainer
@testable import Sweep

/// Options added to giant-step and two-step after sweeps were run with them (`a_init`,
/// `w_init`, `directions`, `target_he1..4`, `preprocess`, `readout_batch`) must not change
/// any old task's key: the keys below were printed by `fsweep plan --json` of
/// jobs/quickstart.toml and jobs/two-step-reuse.toml before the options existed (c715a21).
final class OptionKeyTests: XCTestCase {
    static let oldGiantStep: [String: ParameterValue] = [
        "activation": .text("crelu"), "alpha": .real(0), "c": .real(1), "d": .integer(512), "full_spectrum": .text("false"),
        "label_noise": .real(0), "lambda": .real(0.1), "n": .integer(512), "N": .integer(512), "n_readout": .integer(512),
        "n_test": .integer(512), "precision": .text("float32"), "target": .text("he1+he2"), "top_k": .integer(8),
    ]
    static let oldTwoStep: [String: ParameterValue] = [
        "activation": .text("tanh"), "alpha1": .real(0.3), "alpha2": .real(0.45), "batch": .text("reuse"), "c1": .real(1),
        "c2": .real(1), "d": .integer(2048), "label_noise": .real(0), "lambda": .real(0.1), "max_outliers": .integer(15),
        "n": .integer(2048), "N": .integer(2048), "n_readout": .integer(2048), "n_test": .integer(2048),
        "precision": .text("float32"), "step_base": .text("width"), "step_scale": .text("sqrt-width"), "target": .text("he3"),
        "top_k": .integer(20),
    ]

    func key(_ experiment: any ExperimentProtocol, _ values: [String: ParameterValue], seed: Int = 0) throws -> String {
        TaskKey.make(protocolName: experiment.name, parameters: try experiment.completeParameters(values, seed: seed)).hex
    }

    func testOldKeysUnchanged() throws {
        XCTAssertEqual(try key(GiantStep(), Self.oldGiantStep), "939c63c965252b8626bf1ac371693cb9")
        var last = Self.oldGiantStep
        for (name, value) in ["alpha": ParameterValue.real(0.4), "d": .integer(2048), "n": .integer(2048), "N": .integer(2048),
                              "n_readout": .integer(2048), "n_test": .integer(2048)] { last[name] = value }
        XCTAssertEqual(try key(GiantStep(), last, seed: 1), "1173c2b1feae125e5c4ec9305207971c")
        XCTAssertEqual(try key(TwoStep(), Self.oldTwoStep), "268b678b9b92b9a399bf5dabf37e728a")
    }

    func testOldSpecPlansTheOldKeys() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let plan = try SweepPlan(spec: SweepSpec.parse(text: String(contentsOf: url.appendingPathComponent("jobs/quickstart.toml"), encoding: .utf8), file: "quickstart.toml"))
        XCTAssertEqual(plan.tasks.first?.key.hex, "939c63c965252b8626bf1ac371693cb9")
        XCTAssertEqual(plan.tasks.last?.key.hex, "1173c2b1feae125e5c4ec9305207971c")
    }

    func testOptionsAtTheirDefaultKeepTheKeyAndOtherValuesChangeIt() throws {
        let old = try key(GiantStep(), Self.oldGiantStep)
        let defaults: [String: ParameterValue] = ["a_init": .text("gaussian"), "w_init": .text("sphere"), "directions": .integer(1),
                                                  "target_he1": .real(0), "target_he4": .real(0), "preprocess": .text("none"),
                                                  "readout_batch": .text("fresh")]
        XCTAssertEqual(try key(GiantStep(), Self.oldGiantStep.merging(defaults) { $1 }), old)
        var seen: Set = [old]
        for (name, value) in ["a_init": ParameterValue.text("const"), "a_init ": .text("rademacher"), "w_init": .text("gaussian"),
                              "preprocess": .text("center"), "preprocess ": .text("center+linear"), "readout_batch": .text("step"),
                              "target": .text("sin"), "target ": .text("he4")] {
            let changed = try key(GiantStep(), Self.oldGiantStep.merging([name.trimmingCharacters(in: .whitespaces): value]) { $1 })
            XCTAssertTrue(seen.insert(changed).inserted, "\(name) = \(value) gave a key already seen")
        }
        XCTAssertNotEqual(try key(TwoStep(), Self.oldTwoStep.merging(["a_init": .text("const")]) { $1 }),
                          try key(TwoStep(), Self.oldTwoStep))
    }

    func testBadOptionValuesAreOneLineSpecErrors() {
        func message(_ extra: String) -> String? { SpecFixture.error(SpecFixture.minimal(extra: extra))?.description }
        XCTAssertEqual(message("a_init = \"uniform\"\n"),
                       "jobs/x.toml:10: error: fixed.a_init: value \"uniform\" out of range: must be one of \"gaussian\", \"const\", \"rademacher\"")
        XCTAssertEqual(message("w_init = \"orthogonal\"\n"),
                       "jobs/x.toml:10: error: fixed.w_init: value \"orthogonal\" out of range: must be one of \"sphere\", \"gaussian\"")
        XCTAssertEqual(message("preprocess = \"whiten\"\n"),
                       "jobs/x.toml:10: error: fixed.preprocess: value \"whiten\" out of range: must be one of \"none\", \"center\", \"center+linear\"")
        XCTAssertEqual(message("readout_batch = 1\n"),
                       "jobs/x.toml:10: error: fixed.readout_batch: value 1 has the wrong type: must be a string, one of \"fresh\", \"step\"")
        XCTAssertEqual(message("target = \"multi-index\"\ndirections = 9\ntarget_he1 = 1.0\n"),
                       "jobs/x.toml:11: error: fixed.directions: value 9 out of range: must be in [1, 8]")
        XCTAssertEqual(message("target_he2 = \"x\"\n"),
                       "jobs/x.toml:10: error: fixed.target_he2: value \"x\" has the wrong type: must be a number, not a string")
        XCTAssertEqual(message("target = \"multi-index\"\n")?.hasPrefix(
            "jobs/x.toml:10: error: fixed.target: target = \"multi-index\" needs a link: set at least one of target_he1 .. target_he4"), true)
        XCTAssertEqual(message("directions = 2\n")?.hasPrefix(
            "jobs/x.toml:10: error: fixed.directions: directions = 2 is used only with target = \"multi-index\""), true)
        XCTAssertEqual(message("target_he3 = 0.5\n")?.hasPrefix(
            "jobs/x.toml:10: error: fixed.target_he3: target_he3 = 0.5 is used only with target = \"multi-index\""), true)
        XCTAssertEqual(SpecFixture.error(SpecFixture.minimal(omit: ["n_readout"], extra: "n_readout = 32\nreadout_batch = \"step\"\n"))?.description.hasPrefix(
            "jobs/x.toml:9: error: fixed.n_readout: n_readout = 32: readout_batch = \"step\" fits the readout on the step's batch of n = 64 samples"), true)
    }

    func testMultiStepBadValuesAreOneLineSpecErrors() {
        // Lines: 1 protocol, 2 root_seed, 3 [fixed], 4 n, 5 n_readout, 6 n_test, 7 d, 8 N, 9 alpha, 10 steps, 11 on.
        func spec(_ extra: String, steps: String = "3") -> String {
            "protocol = \"multi-step\"\nroot_seed = 7\n[fixed]\nn = 64\nn_readout = 64\nn_test = 32\nd = 32\nN = 64\nalpha = 0.1\nsteps = \(steps)\n" + extra
        }
        XCTAssertEqual(SpecFixture.error(spec("", steps: "0"))?.description,
                       "jobs/x.toml:10: error: fixed.steps: value 0 out of range: must be in [1, 64]")
        XCTAssertEqual(SpecFixture.error(spec("schedule = \"cosine\"\n"))?.description,
                       "jobs/x.toml:11: error: fixed.schedule: value \"cosine\" out of range: must be one of \"constant\", \"first-step\"")
        XCTAssertEqual(SpecFixture.error(spec("alpha1 = 0.3\n"))?.description.hasPrefix(
            "jobs/x.toml:11: error: fixed.alpha1: alpha1 = 0.3 is used only with schedule = \"first-step\""), true)
        XCTAssertNoThrow(try SpecFixture.plan(spec("alpha1 = 0.3\nschedule = \"first-step\"\n")))
    }
}
