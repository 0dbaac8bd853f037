import XCTest
import Trainer
@testable import Sweep

final class PlanTests: XCTestCase {
    func testOrderFirstAxisSlowestRepeatFastest() throws {
        let text = SpecFixture.minimal(omit: ["n", "alpha"], extra: """
            [grid]
            n = [64, 128]
            alpha = [0.0, 0.1, 0.2]
            """).replacingOccurrences(of: "root_seed = 7", with: "root_seed = 7\nrepeats = 2")
        let plan = try SpecFixture.plan(text)
        XCTAssertEqual(plan.axes.map(\.name), ["n", "alpha"])
        XCTAssertEqual(plan.gridShape, [2, 3])
        XCTAssertEqual(plan.gridPointCount, 6)
        XCTAssertEqual(plan.repeats, 2)
        XCTAssertEqual(plan.tasks.count, 12)
        let ns = [64, 128], alphas = [0.0, 0.1, 0.2]
        for (i, task) in plan.tasks.enumerated() {
            XCTAssertEqual(task.index, i)
            XCTAssertEqual(task.gridIndex, [i / 6, (i / 2) % 3])
            XCTAssertEqual(task.repeatIndex, i % 2)
            XCTAssertEqual(task.parameters.seed, i % 2)
            XCTAssertEqual(task.parameters["n"], .integer(ns[i / 6]))
            XCTAssertEqual(task.parameters["alpha"], .real(alphas[(i / 2) % 3]))
        }
    }

    func testEveryParameterFilledAndNormalised() throws {
        let plan = try SpecFixture.plan(SpecFixture.minimal(extra: "c = 2\n"))
        XCTAssertEqual(plan.tasks.count, 1)
        XCTAssertEqual(plan.gridShape, [])
        let task = plan.tasks[0]
        XCTAssertEqual(task.gridIndex, [])
        XCTAssertEqual(Set(task.parameters.values.keys), Set(GiantStep().parameters.map(\.name)))
        var expected: [String: ParameterValue] = [
            "n": .integer(64), "n_readout": .integer(64), "n_test": .integer(32), "d": .integer(32), "N": .integer(64),
            "alpha": .real(0.1), "c": .real(2),
        ]
        for spec in GiantStep().parameters where expected[spec.name] == nil {
            expected[spec.name] = try spec.normalise(XCTUnwrap(spec.defaultValue)).get()
        }
        XCTAssertEqual(task.parameters.values, expected)
        XCTAssertEqual(plan.experiment.name, "giant-step")
        XCTAssertEqual(plan.spec.rootSeed, 7)
    }

    func testDerivedChainPerTask() throws {
        let text = SpecFixture.header + """
            [fixed]
            alpha = 0.1
            n_test = 10
            [grid]
            n = { logspace = [6, 8, 3], base = 2 }
            [derived]
            n_readout = "N / 2 + n_test"
            N = "2 * d"
            d = "n"
            lambda = "1 / n"
            top_k = "min(floor(log2(n)), 7)"
            """
        let plan = try SpecFixture.plan(text)
        XCTAssertEqual(plan.axes.map(\.name), ["n"])
        XCTAssertEqual(plan.tasks.count, 3)
        for (task, n) in zip(plan.tasks, [64, 128, 256]) {
            XCTAssertEqual(task.parameters["n"], .integer(n))
            XCTAssertEqual(task.parameters["d"], .integer(n))
            XCTAssertEqual(task.parameters["N"], .integer(2 * n))
            XCTAssertEqual(task.parameters["n_readout"], .integer(n + 10))
            XCTAssertEqual(task.parameters["lambda"], .real(1 / Double(n)))
            XCTAssertEqual(task.parameters["top_k"], .integer(min(n.trailingZeroBitCount, 7)))
        }
    }

    func testZipAxisMovesTogether() throws {
        let text = SpecFixture.minimal(omit: ["n", "n_readout", "alpha"], extra: """
            [grid]
            alpha = [0.0, 0.25]
            [[zip]]
            n = [64, 128, 256]
            n_readout = [32, 64, 128]
            """)
        let plan = try SpecFixture.plan(text)
        XCTAssertEqual(plan.gridShape, [2, 3])
        XCTAssertEqual(plan.axes[1], PlanAxis(name: "n", parameters: ["n", "n_readout"],
                                              values: [[.integer(64), .integer(32)], [.integer(128), .integer(64)], [.integer(256), .integer(128)]]))
        for task in plan.tasks {
            XCTAssertEqual(task.parameters.int("n_readout") * 2, task.parameters.int("n"))
            XCTAssertEqual(task.parameters["n"], plan.axes[1].values[task.gridIndex[1]][0])
            XCTAssertEqual(task.parameters["alpha"], plan.axes[0].values[task.gridIndex[0]][0])
        }
        XCTAssertEqual(plan.tasks.map(\.gridIndex), [[0, 0], [0, 1], [0, 2], [1, 0], [1, 1], [1, 2]])
    }

    func testEstimatedFlopsAndRandomness() throws {
        let plan = try SpecFixture.plan(SpecFixture.minimal(omit: ["N"], extra: "[grid]\nN = [64, 128]\n"))
        let giantStep = GiantStep()
        for task in plan.tasks {
            XCTAssertEqual(task.estimatedFlops, giantStep.estimatedFlops(task.parameters))
            XCTAssertGreaterThan(task.estimatedFlops, 0)
            XCTAssertEqual(task.randomness(rootSeed: 99), TaskRandomness(rootSeed: 99, keyBits: task.key.bits))
        }
        XCTAssertGreaterThan(plan.tasks[1].estimatedFlops, plan.tasks[0].estimatedFlops)
        XCTAssertEqual(plan.estimatedFlops, plan.tasks[0].estimatedFlops + plan.tasks[1].estimatedFlops)
        XCTAssertNotEqual(plan.tasks[0].randomness(rootSeed: 1).keyBits, plan.tasks[1].randomness(rootSeed: 1).keyBits)
    }

    func testValidateRunsOnEveryTask() throws {
        // Only the very last task (a = 3, b = 3.5) breaks the protocol's relation.
        let content = SpecContent(
            experiment: Picky(),
            constants: [:],
            axes: [
                SpecAxis(axis: PlanAxis(name: "a", parameters: ["a"], values: [[.integer(4)], [.integer(3)]]),
                         assignments: [SpecAssignment(name: "a", origin: .grid, line: 4)], location: nil),
                SpecAxis(axis: PlanAxis(name: "b", parameters: ["b"], values: [[.real(1)], [.real(3.5)]]),
                         assignments: [SpecAssignment(name: "b", origin: .grid, line: 5)], location: nil),
            ],
            derived: [],
            assignments: [
                "a": SpecAssignment(name: "a", origin: .grid, line: 4),
                "b": SpecAssignment(name: "b", origin: .grid, line: 5),
            ])
        func spec(repeats: Int) -> SweepSpec {
            SweepSpec(file: "p.toml", text: "", protocolName: "picky", rootSeed: 1, repeats: repeats, description: nil, content: content)
        }
        XCTAssertThrowsError(try SweepPlan(spec: spec(repeats: 1))) { error in
            XCTAssertEqual((error as? SpecError)?.description, "p.toml:5: error: grid.b: b must be below a (at a = 3, b = 3.5)")
        }
        // With b = 1 below every a, the plan builds: validation really looks at the values.
        let fine = SpecContent(
            experiment: Picky(), constants: ["b": .real(1)], axes: [content.axes[0]], derived: [],
            assignments: ["a": content.assignments["a"]!])
        let plan = try SweepPlan(spec: SweepSpec(
            file: "p.toml", text: "", protocolName: "picky", rootSeed: 1, repeats: 1, description: nil, content: fine))
        XCTAssertEqual(plan.tasks.count, 2)
    }

    func testRepeatsWithoutGrid() throws {
        let text = SpecFixture.minimal().replacingOccurrences(of: "root_seed = 7", with: "root_seed = 7\nrepeats = 4")
        let plan = try SpecFixture.plan(text)
        XCTAssertEqual(plan.tasks.map(\.repeatIndex), [0, 1, 2, 3])
        XCTAssertEqual(plan.tasks.map(\.gridIndex), [[], [], [], []])
        XCTAssertEqual(Set(plan.tasks.map(\.key)).count, 4)
    }

    func testExampleSpecsPlan() throws {
        let directory = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("jobs/examples")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path))?.filter { $0.hasSuffix(".toml") } ?? []
        XCTAssertFalse(files.isEmpty, "jobs/examples/*.toml")
        for file in files {
            let plan = try SweepPlan(spec: SweepSpec.load(path: directory.appendingPathComponent(file).path))
            XCTAssertFalse(plan.tasks.isEmpty, file)
        }
    }

    /// The scaling study's partial runs resume into the full spec with `--resume --extend`
    /// only if every task of theirs has a key of the full spec (docs/two-step.md).
    func testScalingSubsetsShareKeysWithTheFullSpec() throws {
        let jobs = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("jobs")
        func keys(_ name: String) throws -> [TaskKey] {
            let plan = try SweepPlan(spec: SweepSpec.load(path: jobs.appendingPathComponent(name).path))
            return (0..<plan.count).map { plan.key(at: $0) }
        }
        let full = Set(try keys("two-step-scaling.toml"))
        XCTAssertEqual(full.count, 1200)
        for subset in ["two-step-scaling-quick.toml", "two-step-scaling-coarse.toml"] {
            let subsetKeys = try keys(subset)
            XCTAssertFalse(subsetKeys.isEmpty, subset)
            XCTAssertEqual(subsetKeys.filter { !full.contains($0) }.count, 0, "\(subset): keys outside two-step-scaling.toml")
        }
    }
}

/// A protocol with a cross-parameter rule: b < a.
private struct Picky: ExperimentProtocol {
    let name = "picky"
    let summary = "test protocol"
    var parameters: [ParameterSpec] {
        [ParameterSpec("a", .integer(.positive), "an integer"), ParameterSpec("b", .real(.any), "a real")]
    }
    var metrics: [MetricSpec] { [] }
    var arrays: [ArraySpec] { [] }
    func validate(_ p: TaskParameters) throws {
        if p.double("b") >= Double(p.int("a")) { throw ParameterError(["b", "a"], "b must be below a") }
    }
    func arrayWidths(_ p: TaskParameters) -> [String: Int] { [:] }
    func estimatedFlops(_ p: TaskParameters) -> Double { Double(p.int("a")) }
    func estimatedBytes(_ p: TaskParameters) -> Double { 0 }
    func run(_ p: TaskParameters, randomness: TaskRandomness) throws -> TaskOutput { TaskOutput() }
}
