import Foundation
import Sweep
import XCTest

/// SIGTERM (Slurm's time-limit warning) and a dying worker end the job without
/// damaging the output, and `--resume` finishes it.
final class StopTests: XCTestCase {
    static let spec = """
    protocol = "smoke"
    root_seed = 4
    repeats = 40

    [fixed]
    work_ms = 150
    """

    func testSIGTERMStopsCleanlyAndPrintsHowToResume() throws {
        let scratch = try ScratchDirectory()
        let spec = try scratch.write("slow.toml", StopTests.spec)
        let out = scratch.path("term.h5")
        let log = scratch.url.appendingPathComponent("term.log")
        let process = try FSweepProcess.start(FSweepProcess.mpirunPrefix + ["-np", "2", FSweepProcess.binary, "run", spec, "--out", out],
                                              stderr: log)
        try waitForResults(journal: Journal.path(forOutput: out), atLeast: 3)
        let signalled = Date()
        process.terminate()   // SIGTERM to mpirun, which forwards it to the ranks
        process.waitUntilExit()
        let stopTime = Date().timeIntervalSince(signalled)
        XCTAssertNotEqual(process.terminationStatus, 0)
        XCTAssertLessThan(stopTime, 60, "bounded stop")
        let message = try String(contentsOf: log, encoding: .utf8)
        XCTAssertTrue(message.contains("stopped by signal 15"), message)
        XCTAssertTrue(message.contains("--resume"), message)

        let stopped = try SweepStatus.read(path: out)
        XCTAssertGreaterThan(stopped.done, 0)
        XCTAssertGreaterThan(stopped.pending, 0)
        let resumed = try FSweepProcess.mpirun(ranks: 2, ["run", spec, "--out", out, "--resume", "--quiet"], in: scratch.url)
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        XCTAssertEqual(try SweepStatus.read(path: out).done, 40)
        XCTAssertEqual(try Journal.read(path: Journal.path(forOutput: out)).results.count, 40, "nothing ran twice")
    }

    func testAWorkerKilledEndsTheJobAndResumeRerunsOnlyItsTasks() throws {
        let scratch = try ScratchDirectory()
        let spec = try scratch.write("slow.toml", StopTests.spec)
        let out = scratch.path("worker.h5")
        let process = try FSweepProcess.start(FSweepProcess.mpirunPrefix + ["-np", "3", FSweepProcess.binary, "run", spec, "--out", out, "--quiet"])
        try waitForResults(journal: Journal.path(forOutput: out), atLeast: 3)
        let worker = try XCTUnwrap(FSweepProcess.rankProcess(rank: 2, marker: out), "rank 2's pid")
        kill(worker, SIGKILL)
        process.waitUntilExit()
        XCTAssertNotEqual(process.terminationStatus, 0, "the job ends when a rank dies")

        let durable = try Journal.read(path: Journal.path(forOutput: out)).results.count
        XCTAssertLessThan(durable, 40)
        let resumed = try FSweepProcess.mpirun(ranks: 2, ["run", spec, "--out", out, "--resume", "--quiet"], in: scratch.url)
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        XCTAssertEqual(try SweepStatus.read(path: out).done, 40)
        XCTAssertEqual(try Journal.read(path: Journal.path(forOutput: out)).results.count, 40, "only unacknowledged tasks ran again")
    }

    private func waitForResults(journal: String, atLeast count: Int) throws {
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline {
            if let contents = try? Journal.read(path: journal), contents.results.count >= count { return }
            Thread.sleep(forTimeInterval: 0.05)
        }
        XCTFail("no \(count) results in \(journal) within 120 s")
    }
}
