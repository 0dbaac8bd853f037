import Foundation
import Sweep
import XCTest

/// `fsweep run`'s exit codes (README, "Exit codes"), alone and under mpirun: 0 when every
/// task is done, 3 when the run went to the end but tasks failed (0 with --allow-failures),
/// 128 + the signal when stopped.
final class ExitCodeTests: XCTestCase {
    static let doneSpec = """
    protocol = "smoke"
    root_seed = 3
    repeats = 3
    """

    static let failingSpec = """
    protocol = "smoke"
    root_seed = 3
    repeats = 2

    [grid]
    fail = ["none", "throw"]
    """

    /// 40 tasks of 150 ms: long enough to stop in the middle (the stop tests' spec).
    static let slowSpec = StopTests.spec

    func testAllDoneExitsZero() throws {
        let scratch = try ScratchDirectory()
        let spec = try scratch.write("done.toml", ExitCodeTests.doneSpec)
        let alone = try FSweepProcess.direct(["run", spec, "--out", scratch.path("alone.h5"), "--quiet"], in: scratch.url)
        XCTAssertEqual(alone.status, RunExitCode.done, alone.stderr)
        let ranks = try FSweepProcess.mpirun(ranks: 2, ["run", spec, "--out", scratch.path("ranks.h5"), "--quiet"], in: scratch.url)
        XCTAssertEqual(ranks.status, 0, ranks.stderr)
        XCTAssertEqual(try SweepStatus.read(path: scratch.path("ranks.h5")).done, 3)
    }

    func testSomeTasksFailedExitsThreeUnlessFailuresAreAllowed() throws {
        let scratch = try ScratchDirectory()
        let spec = try scratch.write("failing.toml", ExitCodeTests.failingSpec)
        let alone = try FSweepProcess.direct(["run", spec, "--out", scratch.path("alone.h5")], in: scratch.url)
        XCTAssertEqual(alone.status, 3, alone.stderr)
        XCTAssertEqual(RunExitCode.tasksFailed, 3)
        XCTAssertTrue(alone.stderr.contains("exit code 3: some tasks failed (--allow-failures exits 0)"), alone.stderr)

        let out = scratch.path("ranks.h5")
        let ranks = try FSweepProcess.mpirun(ranks: 2, ["run", spec, "--out", out, "--quiet"], in: scratch.url)
        XCTAssertEqual(ranks.status, 3, "mpirun passes rank 0's code on: \(ranks.stderr)")
        let status = try SweepStatus.read(path: out)
        XCTAssertEqual([status.done, status.failed, status.pending], [2, 2, 0])

        // A resume that retries and fails again still says so; --allow-failures turns it into 0.
        let retried = try FSweepProcess.mpirun(ranks: 2, ["run", spec, "--out", out, "--quiet", "--resume", "--retry-failed"], in: scratch.url)
        XCTAssertEqual(retried.status, 3, retried.stderr)
        let allowed = try FSweepProcess.mpirun(ranks: 2, ["run", spec, "--out", out, "--quiet", "--resume", "--retry-failed", "--allow-failures"], in: scratch.url)
        XCTAssertEqual(allowed.status, 0, allowed.stderr)
        let allowedAlone = try FSweepProcess.direct(["run", spec, "--out", scratch.path("allowed.h5"), "--quiet", "--allow-failures"], in: scratch.url)
        XCTAssertEqual(allowedAlone.status, 0, allowedAlone.stderr)
    }

    func testStoppedBySIGTERMAloneExits143() throws {
        let scratch = try ScratchDirectory()
        let spec = try scratch.write("slow.toml", ExitCodeTests.slowSpec)
        let out = scratch.path("term.h5")
        let log = scratch.url.appendingPathComponent("term.log")
        let process = try FSweepProcess.start([FSweepProcess.binary, "run", spec, "--out", out, "--quiet"], stderr: log)
        try waitForResults(journal: Journal.path(forOutput: out), atLeast: 2)
        process.terminate()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, RunExitCode.stopped(bySignal: SIGTERM))
        XCTAssertEqual(process.terminationStatus, 143)
        XCTAssertTrue(try String(contentsOf: log, encoding: .utf8).contains("stopped by signal 15"))
        XCTAssertGreaterThan(try SweepStatus.read(path: out).pending, 0)
    }

    /// SIGUSR1 to mpirun (what jobs/giant-step-spikes.slurm forwards): mpirun hands it to every
    /// rank and waits, rank 0 stops cleanly, and its 128 + 10 comes out of mpirun.
    func testStoppedBySIGUSR1ToMpirunExits138AndResumeFinishes() throws {
        let scratch = try ScratchDirectory()
        let spec = try scratch.write("slow.toml", ExitCodeTests.slowSpec)
        let out = scratch.path("usr1.h5")
        let log = scratch.url.appendingPathComponent("usr1.log")
        let process = try FSweepProcess.start(FSweepProcess.mpirunPrefix + ["-np", "2", FSweepProcess.binary, "run", spec, "--out", out, "--quiet"],
                                              stderr: log)
        try waitForResults(journal: Journal.path(forOutput: out), atLeast: 3)
        kill(process.processIdentifier, SIGUSR1)
        process.waitUntilExit()
        let message = try String(contentsOf: log, encoding: .utf8)
        XCTAssertEqual(process.terminationStatus, 138, message)
        XCTAssertTrue(message.contains("stopped by signal 10"), message)
        let stopped = try SweepStatus.read(path: out)
        XCTAssertGreaterThan(stopped.pending, 0)
        let resumed = try FSweepProcess.mpirun(ranks: 2, ["run", spec, "--out", out, "--resume", "--quiet"], in: scratch.url)
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        XCTAssertEqual(try SweepStatus.read(path: out).done, 40)
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
