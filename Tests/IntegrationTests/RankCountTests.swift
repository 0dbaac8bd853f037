import Foundation
import XCTest

/// The same spec run with 1, 2 and 4 ranks gives bit-identical metrics for every
/// task: results depend on (root seed, task key) only, never on the schedule.
final class RankCountTests: XCTestCase {
    static let spec = """
    protocol = "giant-step"
    root_seed = 7
    repeats = 2

    [fixed]
    lambda = 0.1
    top_k = 4

    [grid]
    alpha = [0.0, 0.2, 0.4]
    n = [48, 80]

    [derived]
    d = "n"
    N = "n"
    n_readout = "n"
    n_test = "n"
    """

    func testOneTwoAndFourRanksGiveBitIdenticalMetrics() throws {
        let scratch = try ScratchDirectory()
        let spec = try scratch.write("small.toml", RankCountTests.spec)
        var contents = [Int: ResultFileContents]()
        for ranks in [1, 2, 4] {
            let out = scratch.path("np\(ranks).h5")
            let outcome = try FSweepProcess.mpirun(ranks: ranks, ["run", spec, "--out", out, "--quiet"], in: scratch.url)
            XCTAssertEqual(outcome.status, 0, "np \(ranks): \(outcome.stderr)")
            contents[ranks] = try ResultFileContents(path: out, metrics: GiantStepMetrics.names)
        }
        let one = try XCTUnwrap(contents[1])
        XCTAssertEqual(one.keysInOrder.count, 12)
        XCTAssertEqual(Set(one.statusByKey.values), ["done"])
        for ranks in [2, 4] {
            let other = try XCTUnwrap(contents[ranks])
            XCTAssertEqual(other.keysInOrder, one.keysInOrder, "plan order, np \(ranks)")
            XCTAssertEqual(other.statusByKey, one.statusByKey, "np \(ranks)")
            for metric in GiantStepMetrics.names {
                XCTAssertEqual(other.metricBits[metric], one.metricBits[metric], "\(metric) differs between np 1 and np \(ranks)")
            }
        }
    }

    /// The transport of multi-node runs (TCP between ranks, no shared memory) gives the same numbers.
    func testTCPTransportGivesTheSameMetrics() throws {
        let scratch = try ScratchDirectory()
        let spec = try scratch.write("small.toml", RankCountTests.spec)
        var contents = [String: ResultFileContents]()
        for (name, transport) in [("shared-memory", [String]()), ("tcp", ["--mca", "btl", "tcp,self"])] {
            let out = scratch.path("\(name).h5")
            let outcome = try FSweepProcess.run(FSweepProcess.mpirunPrefix + transport + ["-np", "3", FSweepProcess.binary, "run", spec, "--out", out, "--quiet"],
                                                in: scratch.url)
            XCTAssertEqual(outcome.status, 0, "\(name): \(outcome.stderr)")
            contents[name] = try ResultFileContents(path: out, metrics: GiantStepMetrics.names)
        }
        XCTAssertEqual(contents["tcp"], contents["shared-memory"])
        XCTAssertEqual(Set(try XCTUnwrap(contents["tcp"]).statusByKey.values), ["done"])
    }

    func testWithoutMpirunItRunsAsOneRank() throws {
        let scratch = try ScratchDirectory()
        let spec = try scratch.write("small.toml", RankCountTests.spec)
        let out = scratch.path("direct.h5")
        let outcome = try FSweepProcess.direct(["run", spec, "--out", out, "--quiet"], in: scratch.url)
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        let contents = try ResultFileContents(path: out, metrics: GiantStepMetrics.names)
        XCTAssertEqual(Set(contents.statusByKey.values), ["done"])
    }
}
