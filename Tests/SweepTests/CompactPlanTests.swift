import XCTest
import Trainer
@testable import Sweep

/// The plan kept as grid coordinates and keys (issue 15): tasks rebuilt on access are
/// the tasks the old per-task expansion made, keys are `TaskKey.make`'s, and a task
/// travels to a worker as a `TaskAssignment` without loss.
final class CompactPlanTests: XCTestCase {
    static let text = """
    protocol = "giant-step"
    root_seed = 3
    repeats = 3

    [fixed]
    activation = "relu"

    [grid]
    alpha = [0.0, 0.25, 0.4]

    [[zip]]
    n = [16, 32]
    n_readout = [20, 40]

    [derived]
    d = "n"
    N = "2 * n"
    n_test = "n"
    """

    func testKeysAreTaskKeyMakeOfEveryTasksParameters() throws {
        let plan = try SweepPlan(spec: SweepSpec.parse(text: CompactPlanTests.text, file: "c.toml"))
        XCTAssertEqual(plan.count, 18)
        for task in plan.tasks {
            XCTAssertEqual(task.key, TaskKey.make(protocolName: "giant-step", parameters: task.parameters))
            XCTAssertEqual(plan.key(at: task.index), task.key)
            XCTAssertEqual(plan.estimatedFlops(at: task.index), plan.experiment.estimatedFlops(task.parameters))
            XCTAssertEqual(task.parameters["N"], .integer(2 * task.parameters.int("n")))
        }
        XCTAssertEqual(plan.arrayWidths, plan.tasks.reduce(into: [String: Int]()) {
            $0.merge(plan.experiment.arrayWidths($1.parameters), uniquingKeysWith: max)
        })
        let largest = try XCTUnwrap(plan.largestTaskMemory)
        XCTAssertEqual(largest.bytes, plan.tasks.map { plan.experiment.estimatedBytes($0.parameters) }.max())
    }

    func testKeyHexRoundTripsAndOrdersLikeItsDigits() throws {
        let plan = try SweepPlan(spec: SweepSpec.parse(text: CompactPlanTests.text, file: "c.toml"))
        let keys = plan.tasks.map(\.key)
        for key in keys {
            XCTAssertEqual(TaskKey(hex: key.hex), key)
            XCTAssertEqual(TaskKey(hex: key.hex.uppercased()), key)
            XCTAssertEqual(key.hex.count, 32)
        }
        XCTAssertEqual(keys.sorted().map(\.hex), keys.map(\.hex).sorted())
        XCTAssertEqual(TaskKey(hex: "000000000000000f0000000000000001")?.high, 15)
        XCTAssertEqual(TaskKey(hex: "000000000000000f0000000000000001")?.low, 1)
        XCTAssertNil(TaskKey(hex: "000000000000000f000000000000000g"))
        XCTAssertNil(TaskKey(hex: "abc"))
    }

    func testAssignmentRoundTrips() throws {
        let plan = try SweepPlan(spec: SweepSpec.parse(text: CompactPlanTests.text, file: "c.toml"))
        for task in plan.tasks {
            let assignment = TaskAssignment(task)
            XCTAssertEqual(try TaskAssignment.decode(assignment.encoded), assignment)
        }
        let values: [String: ParameterValue] = ["a": .integer(-3), "b": .real(-0.0), "c": .text("he1+he2"), "d": .real(.infinity)]
        let odd = TaskAssignment(index: 7, key: TaskKey(high: .max, low: 0), parameters: TaskParameters(values, seed: 4))
        XCTAssertEqual(try TaskAssignment.decode(odd.encoded), odd)
        XCTAssertThrowsError(try TaskAssignment.decode(Array(odd.encoded.dropLast())))
    }

    func testTwoGridPointsWithOneParameterSetAreAnError() throws {
        // The parser refuses repeated axis values; a content built by hand need not.
        let assignment = SpecAssignment(name: "size", origin: .grid, line: 3)
        let content = SpecContent(
            experiment: Smoke(),
            constants: ["work_ms": .real(0), "fail": .text("none"), "precision": .text("float64")],
            axes: [SpecAxis(axis: PlanAxis(name: "size", parameters: ["size"], values: [[.integer(3)], [.integer(4)], [.integer(3)]]),
                            assignments: [assignment], location: nil)],
            derived: [], assignments: ["size": assignment])
        let spec = SweepSpec(file: "d.toml", text: "", protocolName: "smoke", rootSeed: 1, repeats: 2, description: nil, content: content)
        XCTAssertThrowsError(try SweepPlan(spec: spec)) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains("have the same key"), message)
            XCTAssertTrue(message.contains("tasks 0 and 4"), message)
            XCTAssertTrue(message.contains("size = 3"), message)
        }
    }
}
