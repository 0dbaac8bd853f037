import Foundation
import Sweep
import XCTest

/// Tasks that throw, return NaN or run past `--task-timeout` are recorded as failed
/// with their reason, the sweep goes on, `fsweep status` lists them, and
/// `--retry-failed` reruns them up to `--max-attempts`.
final class TaskFailureTests: XCTestCase {
    static let spec = """
    protocol = "smoke"
    root_seed = 9
    repeats = 3

    [grid]
    fail = ["none", "throw", "nan", "slow"]
    """

    func testFailuresAreRecordedListedAndRetriedUpToMaxAttempts() throws {
        let scratch = try ScratchDirectory()
        let spec = try scratch.write("faults.toml", TaskFailureTests.spec)
        let out = scratch.path("faults.h5")
        let first = try FSweepProcess.mpirun(ranks: 2, ["run", spec, "--out", out, "--quiet", "--task-timeout", "0.3"], in: scratch.url)
        XCTAssertEqual(first.status, RunExitCode.tasksFailed, first.stderr)

        let status = try SweepStatus.read(path: out)
        XCTAssertEqual(status.total, 12)
        XCTAssertEqual(status.done, 3)
        XCTAssertEqual(status.failed, 9)
        let reasons = Dictionary(grouping: status.failures, by: \.message).mapValues(\.count)
        XCTAssertEqual(reasons["injected failure (smoke protocol, fail = \"throw\")"], 3, "\(reasons)")
        XCTAssertEqual(reasons["diverged: non-finite value"], 3, "\(reasons)")
        XCTAssertEqual(reasons["exceeded the task time limit of 0.3 s (--task-timeout)"], 3, "\(reasons)")
        XCTAssertTrue(status.text.contains("injected failure"), status.text)

        // Retried once more: still failing, now two attempts each; the done ones are not rerun.
        let retry = try FSweepProcess.mpirun(ranks: 2, ["run", spec, "--out", out, "--quiet", "--resume", "--retry-failed",
                                                        "--task-timeout", "0.3", "--max-attempts", "2"], in: scratch.url)
        XCTAssertEqual(retry.status, RunExitCode.tasksFailed, retry.stderr)
        let afterRetry = try SweepStatus.read(path: out)
        XCTAssertEqual(afterRetry.failures.map(\.attempts), Array(repeating: 2, count: 9))
        // At the limit: nothing left to try, the journal gains no result.
        let before = try Journal.read(path: Journal.path(forOutput: out)).results.count
        let again = try FSweepProcess.mpirun(ranks: 2, ["run", spec, "--out", out, "--quiet", "--resume", "--retry-failed",
                                                        "--task-timeout", "0.3", "--max-attempts", "2"], in: scratch.url)
        XCTAssertEqual(again.status, RunExitCode.tasksFailed, "the file still holds failures: \(again.stderr)")
        XCTAssertEqual(try Journal.read(path: Journal.path(forOutput: out)).results.count, before)
        XCTAssertEqual(before, 12 + 9)
    }
}
