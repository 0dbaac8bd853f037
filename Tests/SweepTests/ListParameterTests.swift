import XCTest
import Trainer
@testable import Sweep

/// List values in specs: `target_hermite` (the list spelling of target_he1..4) and
/// multi-step's `step_sizes` (a list parameter).
final class ListParameterTests: XCTestCase {
    /// giant-step with a multi-index target, lines 1–11, then `extra` from line 12.
    func multiIndex(_ extra: String) -> String {
        SpecFixture.minimal(extra: "target = \"multi-index\"\ndirections = 2\n") + extra
    }

    func keys(_ text: String) throws -> [String] {
        try SpecFixture.plan(text).tasks.map(\.key.hex)
    }

    func values(_ text: String, _ names: [String]) throws -> [[ParameterValue?]] {
        let plan = try SpecFixture.plan(text)
        return (0..<plan.count).map { i in names.map { plan.pointValues(i / plan.repeats)[$0] } }
    }

    /// The list and the scalars plan the same keys and values, in [fixed] and as a grid
    /// axis, with numbers or constant expressions ("1/24") as elements.
    func testTargetHermiteIsTheScalars() throws {
        let scalars = try keys(multiIndex("target_he1 = 1.0\ntarget_he2 = 0.5\ntarget_he4 = 0.041666666666666664\n"))
        XCTAssertEqual(try keys(multiIndex("target_hermite = [1, 0.5, 0, 0.041666666666666664]\n")), scalars)
        XCTAssertEqual(try keys(multiIndex("target_hermite = [1, 0.5, 0.0, \"1/24\"]\n")), scalars)
        XCTAssertEqual(try keys(multiIndex("target_hermite = [1, 0.5]\n")), try keys(multiIndex("target_he1 = 1\ntarget_he2 = 0.5\n")))

        let grid = multiIndex("[grid]\ntarget_hermite = [[1, 0.5], [1, 0, 0, \"1/24\"], [0, 1]]\n")
        let zipped = multiIndex("[[zip]]\ntarget_he1 = [1, 1, 0]\ntarget_he2 = [0.5, 0, 1]\ntarget_he3 = [0, 0, 0]\ntarget_he4 = [0, 0.041666666666666664, 0]\n")
        XCTAssertEqual(try keys(grid), try keys(zipped))
        let names = ["target_he1", "target_he2", "target_he3", "target_he4"]
        XCTAssertEqual(try values(grid, names), [[.real(1), .real(0.5), .real(0), .real(0)],
                                                 [.real(1), .real(0), .real(0), .real(1.0 / 24)],
                                                 [.real(0), .real(1), .real(0), .real(0)]])
        let plan = try SpecFixture.plan(grid)
        XCTAssertEqual(plan.axes.map(\.name), ["target_he1"])
        XCTAssertEqual(plan.axes[0].parameters, names)
    }

    /// jobs/literature/dandi2023.toml as it was at e5a0492 (d = 256), with target_he1 = target_he2 = 1
    /// written as the list: it plans the keys `fsweep plan --json` printed for the scalar spelling then.
    func testDandiJobKeepsItsKeys() throws {
        let text = """
            protocol = "multi-step"
            root_seed = 20230529
            repeats = 4
            [fixed]
            d = 256
            N = 512
            steps = 6
            alpha = 0.0
            c = 5.656854
            step_base = "width"
            batch = "fresh"
            activation = "relu"
            target = "multi-index"
            directions = 2
            target_hermite = [1.0, 1.0]
            a_init = "rademacher"
            preprocess = "center+linear"
            readout_batch = "step"
            n_test = 4096
            [grid]
            n = [256, 4096, 65536]
            [derived]
            n_readout = "n"
            """
        let plan = try SweepPlan(spec: SweepSpec.parse(text: text, file: "dandi2023.toml"))
        let expected = [0: "82eb1455116baede6fde94a684ed51bb", 3: "849d1295ecdf4236fd80992023cb6200",
                        6: "3bc7459c743b34920a99c36b797346a1", 8: "c4d59781873fdd3e86f6c2d566f8e776", 11: "a1ee2af813ede617ff0a95991bfc1962"]
        for (index, key) in expected { XCTAssertEqual(plan.tasks[index].key.hex, key, "task \(index)") }
    }

    func testTargetHermiteErrorsAreOneLine() {
        func message(_ extra: String) -> String? { SpecFixture.error(multiIndex(extra))?.description }
        XCTAssertEqual(message("target_hermite = [1, 0, 0, 0, 0.5]\n"),
                       "jobs/x.toml:12: error: fixed.target_hermite: `target_hermite` = [1.0, 0.0, 0.0, 0.0, 0.5] has 5 elements; it takes 1 to 4 numbers (target_he1, target_he2, target_he3, target_he4)")
        XCTAssertEqual(message("target_hermite = [1, true]\n"),
                       "jobs/x.toml:12: error: fixed.target_hermite: element 2 of `target_hermite` is a boolean; list elements are numbers or constant expressions in quotes (\"1/24\")")
        XCTAssertEqual(message("target_hermite = [1, \"one\"]\n"),
                       "jobs/x.toml:12: error: fixed.target_hermite: element 2 of `target_hermite`: \"one\" uses `one`; list elements are numbers or constant expressions (\"1/24\"), without parameters")
        XCTAssertEqual(message("target_hermite = [1, \"1/\"]\n")?.hasPrefix("jobs/x.toml:12: error: fixed.target_hermite: element 2 of `target_hermite`: cannot read \"1/\""), true)
        XCTAssertEqual(message("target_hermite = [1, \"1/0\"]\n"),
                       "jobs/x.toml:12: error: fixed.target_hermite: element 2 of `target_hermite`: \"1/0\" is inf, not a finite number")
        XCTAssertEqual(message("target_hermite = []\n"),
                       "jobs/x.toml:12: error: fixed.target_hermite: `target_hermite` is an empty list: give at least one number")
        XCTAssertEqual(message("target_hermite = 1.0\n"),
                       "jobs/x.toml:12: error: fixed.target_hermite: `target_hermite` takes a list of numbers, e.g. `target_hermite = [1, 0.5]`; found a floating-point number")
        XCTAssertEqual(message("target_he2 = 1.0\ntarget_hermite = [1]\n"),
                       "jobs/x.toml:13: error: fixed.target_hermite: `target_hermite` sets target_he1, target_he2, target_he3, target_he4, but `target_he2` is also set in [fixed] (line 12); use the list or the scalars, not both")
        XCTAssertEqual(message("[grid]\ntarget_hermite = [1, 0.5]\n"),
                       "jobs/x.toml:13: error: grid.target_hermite: an axis of `target_hermite` is a non-empty list of lists, e.g. `target_hermite = [[1, 0.5], [1, 0, 0, \"1/24\"]]`; to hold it constant, set one list in [fixed]")
        XCTAssertEqual(message("[grid]\ntarget_hermite = [[1, 0.5], [1.0, 0.5, 0]]\n"),
                       "jobs/x.toml:13: error: grid.target_hermite: lists 1 and 2 of `target_hermite` set the same values; the values of an axis must differ")
        XCTAssertEqual(message("[[zip]]\ntarget_hermite = [[1], [2]]\nn = [64, 128]\n"),
                       "jobs/x.toml:13: error: zip.target_hermite: `target_hermite` is a list spelling: set it in [fixed] (one list) or [grid] (a list of lists), not in [[zip]] #1")
        XCTAssertEqual(message("[derived]\ntarget_hermite = \"1\"\n"),
                       "jobs/x.toml:13: error: derived.target_hermite: `target_hermite` is a list (target_he1, target_he2, target_he3, target_he4); lists are not derived: set it in [fixed] or [grid]")
        // The link's own check still applies: all zeros is no link.
        XCTAssertEqual(message("target_hermite = [0, 0]\n")?.hasPrefix("jobs/x.toml:12: error: fixed.target_he1: target = \"multi-index\" needs a link"), true)
        // Unknown-name hints know the list.
        XCTAssertEqual(message("target_hermit = [1]\n"),
                       "jobs/x.toml:12: error: fixed.target_hermit: unknown parameter `target_hermit` of giant-step; did you mean `target_hermite`?")
    }

    /// multi-step, lines 1–10; `extra` from line 11.
    func multiStep(_ extra: String, steps: Int = 3) -> String {
        "protocol = \"multi-step\"\nroot_seed = 7\n[fixed]\nn = 64\nn_readout = 64\nn_test = 32\nd = 32\nN = 64\nbatch = \"fresh\"\nsteps = \(steps)\n" + extra
    }

    func testStepSizesInSpecs() throws {
        let fixed = try SpecFixture.plan(multiStep("step_sizes = [0.5, 0.25, \"1/8\"]\n"))
        XCTAssertEqual(fixed.pointValues(0)["step_sizes"], .text("0.5,0.25,0.125"))
        // Not given: the empty list, left out of the key.
        let plain = try SpecFixture.plan(multiStep(""))
        XCTAssertEqual(plain.pointValues(0)["step_sizes"], .text(""))
        XCTAssertEqual(try keys(multiStep("")), try keys(multiStep("step_sizes = [0.5, 0.25, 0.125]\n").replacingOccurrences(of: "step_sizes = [0.5, 0.25, 0.125]\n", with: "")))
        XCTAssertNotEqual(fixed.tasks[0].key, plain.tasks[0].key)
        // Equal lists written differently are one value, one key.
        XCTAssertEqual(try keys(multiStep("step_sizes = [0.5, 0.25, 0.125]\n")), try keys(multiStep("step_sizes = [0.50, \"1/4\", 0.125]\n")))
        // An axis of lists.
        let grid = try SpecFixture.plan(multiStep("[grid]\nstep_sizes = [[1, 1, 1], [2, 1, 0.5]]\n"))
        XCTAssertEqual(grid.count, 2)
        XCTAssertEqual(grid.pointValues(1)["step_sizes"], .text("2.0,1.0,0.5"))
        XCTAssertEqual(grid.axes.map(\.name), ["step_sizes"])
    }

    func testStepSizesErrorsAreOneLine() {
        func message(_ extra: String) -> String? { SpecFixture.error(multiStep(extra))?.description }
        XCTAssertEqual(message("step_sizes = [0.5, 0.25]\n")?.hasPrefix(
                       "jobs/x.toml:11: error: fixed.step_sizes: step_sizes has 2 values, but steps = 3: give one step size per step"), true)
        XCTAssertEqual(message("step_sizes = [0.5, -0.25, 1]\n"),
                       "jobs/x.toml:11: error: fixed.step_sizes: step_sizes = [0.5, -0.25, 1.0]: element 2 (-0.25) must be in [0, ∞)")
        XCTAssertEqual(message("step_sizes = [0.5, \"x\", 1]\n"),
                       "jobs/x.toml:11: error: fixed.step_sizes: element 2 of `step_sizes`: \"x\" uses `x`; list elements are numbers or constant expressions (\"1/24\"), without parameters")
        XCTAssertEqual(message("step_sizes = 0.5\n"),
                       "jobs/x.toml:11: error: fixed.step_sizes: `step_sizes` takes a list of numbers, e.g. `step_sizes = [1, 0.5]`; found a floating-point number")
        XCTAssertEqual(message("alpha = 0.2\nstep_sizes = [1, 1, 1]\n")?.hasPrefix(
                       "jobs/x.toml:11: error: fixed.alpha: alpha = 0.2 sets the step-size schedule, which step_sizes replaces: remove alpha, or remove step_sizes"), true)
        XCTAssertEqual(message("[grid]\nstep_sizes = [1, 2]\n"),
                       "jobs/x.toml:12: error: grid.step_sizes: element 1 is an integer; an axis of `step_sizes` lists lists, e.g. [[0.5, 0.5], [1.0, 0.25]]")
        XCTAssertEqual(message("[derived]\nstep_sizes = \"n\"\n"),
                       "jobs/x.toml:12: error: derived.step_sizes: `step_sizes` is a list; derived parameters are numbers. Set it in [fixed], [grid] or [[zip]]")
    }
}
