import Foundation
import HDF5
import Trainer
import XCTest
@testable import Sweep

final class ResultStoreTests: XCTestCase {
    static let spec = """
    protocol = "giant-step"
    root_seed = 5
    repeats = 2

    [fixed]
    d = 16
    N = 16
    n_test = 16

    [grid]
    alpha = [0.0, 0.25, 0.4]

    [[zip]]
    n = [16, 32]
    n_readout = [20, 40]
    """

    func testLayoutHoldsEveryTaskParameterMetricAndCube() throws {
        let plan = try SweepPlan(spec: try SweepSpec.parse(text: ResultStoreTests.spec, file: "store.toml"))
        XCTAssertEqual(plan.tasks.count, 12)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID().uuidString).h5").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let provenance = Provenance(specHash: plan.spec.textHash, specText: plan.spec.text, specFile: "store.toml", protocolName: "giant-step",
                                    rootSeed: 5, version: "test", gitCommit: "none", created: Date(), mpiSize: 3, hosts: ["h1", "h2"])
        let store = ResultStore(plan: plan, path: path, provenance: provenance, results: [:])
        // Task 1 done with a known metric, task 4 failed, the rest pending.
        store.record([
            TaskResult(key: plan.tasks[1].key, planIndex: 1, status: .done, rank: 2, seconds: 1.25, finishedAt: 0,
                       output: TaskOutput(metrics: ["test_mse": 0.75, "outliers": 2], arrays: ["singular_values": [4, 3, 2]])),
            TaskResult(key: plan.tasks[4].key, planIndex: 4, status: .failed, message: "diverged: non-finite test_mse", rank: 1,
                       seconds: 0.5, finishedAt: 0),
        ])
        try store.write()

        let file = try HDF5.File.open(path)
        let table = try file.root.dataset("tasks").readTable()
        XCTAssertEqual(table.rows, 12)
        guard case .string(let status, _)? = table["status"], case .float64(let mse)? = table["test_mse"],
              case .int64(let n)? = table["n"], case .float64(let alpha)? = table["alpha"],
              case .string(let message, _)? = table["message"], case .int64(let rank)? = table["rank"] else {
            return XCTFail("missing columns: \(table.names)")
        }
        XCTAssertEqual(status.filter { $0 == "pending" }.count, 10)
        XCTAssertEqual(status[1], "done")
        XCTAssertEqual(status[4], "failed")
        XCTAssertEqual(mse[1], 0.75)
        XCTAssertTrue(mse[0].isNaN)
        XCTAssertEqual(message[4], "diverged: non-finite test_mse")
        XCTAssertEqual(rank[1], 2)
        XCTAssertEqual(rank[0], -1)
        XCTAssertEqual(n[0], 16)
        XCTAssertEqual(alpha[0], 0)

        let arrays = try file.root.dataset("arrays/singular_values")
        XCTAssertEqual(try arrays.shape, [12, 8])
        let sv = try arrays.readDoubles()
        XCTAssertEqual(Array(sv[8..<11]), [4, 3, 2])
        XCTAssertTrue(sv[11].isNaN)

        // Cube: alpha × n (the zip group, named by its first key) × seed.
        let cube = try file.root.dataset("cube/test_mse")
        XCTAssertEqual(try cube.shape, [3, 2, 2])
        let task = plan.tasks[1]
        let cell = (task.gridIndex[0] * 2 + task.gridIndex[1]) * 2 + task.repeatIndex
        XCTAssertEqual(try cube.readDoubles()[cell], 0.75)
        XCTAssertEqual(try file.root.dataset("cube/n_readout").readInt64s(), [20, 40])
        XCTAssertEqual(try file.root.dataset("cube/seed").readInt64s(), [0, 1])
        XCTAssertEqual(try file.root.dataset("spec").readStrings(), [ResultStoreTests.spec])
        XCTAssertEqual(try file.root.attribute("tasks_failed"), .int64(1))
        XCTAssertEqual(try file.root.attribute("hosts"), .string("h1,h2"))
    }
}
