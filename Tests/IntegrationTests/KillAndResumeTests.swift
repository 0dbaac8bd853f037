import Foundation
import Sweep
import XCTest

/// A sweep killed with SIGKILL (mpirun and every rank at once) at random moments,
/// then resumed, ends with exactly the tasks and metric values of an uninterrupted
/// run: every task once, nothing recomputed that was acknowledged, nothing marked
/// done that was not.
final class KillAndResumeTests: XCTestCase {
    static let spec = """
    protocol = "giant-step"
    root_seed = 11
    repeats = 4

    [fixed]
    lambda = 0.1
    top_k = 4

    [grid]
    n = [256, 384, 512]
    alpha = [0.0, 0.1, 0.2, 0.3, 0.4]

    [derived]
    d = "n"
    N = "n"
    n_readout = "n"
    n_test = "n"
    """

    func testKilledSweepResumesToTheUninterruptedResult() throws {
        let scratch = try ScratchDirectory()
        let spec = try scratch.write("kill.toml", KillAndResumeTests.spec)
        let reference = scratch.path("reference.h5")
        let started = Date()
        let uninterrupted = try FSweepProcess.mpirun(ranks: 2, ["run", spec, "--out", reference, "--quiet"], in: scratch.url)
        XCTAssertEqual(uninterrupted.status, 0, uninterrupted.stderr)
        let expected = try ResultFileContents(path: reference, metrics: GiantStepMetrics.names)
        XCTAssertEqual(expected.keysInOrder.count, 60)
        let wallTime = Date().timeIntervalSince(started)

        let out = scratch.path("killed.h5")
        var kills = [Double]()
        var resume = false
        for _ in 0..<3 {
            // Anywhere from start-up (MPI launch, journal creation) to the last tasks.
            let delay = wallTime * Double.random(in: 0.05...0.9)
            let process = try FSweepProcess.start(FSweepProcess.mpirunPrefix + ["-np", "2", FSweepProcess.binary, "run", spec, "--out", out, "--quiet"]
                                                  + (resume ? ["--resume"] : []))
            Thread.sleep(forTimeInterval: delay)
            FSweepProcess.killAll(matching: out)
            process.waitUntilExit()
            resume = FileManager.default.fileExists(atPath: Journal.path(forOutput: out))
            if process.terminationReason == .exit && process.terminationStatus == 0 {
                break   // finished before the kill
            }
            kills.append(delay)
            try checkNothingDoneThatWasNot(out: out, expected: expected)
        }
        print("uninterrupted run \(String(format: "%.2f s", wallTime)); killed after \(kills.map { String(format: "%.2f s", $0) }.joined(separator: ", "))")

        let finish = try FSweepProcess.mpirun(ranks: 2, ["run", spec, "--out", out, "--quiet"] + (resume ? ["--resume"] : []), in: scratch.url)
        XCTAssertEqual(finish.status, 0, finish.stderr)
        let final = try ResultFileContents(path: out, metrics: GiantStepMetrics.names)
        XCTAssertEqual(final.keysInOrder, expected.keysInOrder)
        XCTAssertEqual(Set(final.statusByKey.values), ["done"])
        for metric in GiantStepMetrics.names {
            XCTAssertEqual(final.metricBits[metric], expected.metricBits[metric], "metric \(metric)")
        }
        // Every task exactly once in the journal: nothing acknowledged was computed again.
        let journal = try Journal.read(path: Journal.path(forOutput: out))
        let recordedKeys = journal.results.map(\.key.hex)
        XCTAssertEqual(recordedKeys.count, 60, "results recorded")
        XCTAssertEqual(Set(recordedKeys).count, 60, "distinct tasks recorded")
        XCTAssertEqual(Set(final.attempts.values), [1])
    }

    /// After a kill, the file (if any) opens, and every task it calls done is done in
    /// the journal with the values of the uninterrupted run.
    private func checkNothingDoneThatWasNot(out: String, expected: ResultFileContents) throws {
        let journalPath = Journal.path(forOutput: out)
        guard FileManager.default.fileExists(atPath: journalPath) else { return }
        let journal = try Journal.read(path: journalPath)
        let journaled = Set(journal.results.filter { $0.status == .done }.map(\.key.hex))
        guard FileManager.default.fileExists(atPath: out) else { return }
        let snapshot = try ResultFileContents(path: out, metrics: GiantStepMetrics.names)
        for (key, status) in snapshot.statusByKey where status == "done" {
            XCTAssertTrue(journaled.contains(key), "file says \(key) is done but the journal does not")
            for metric in GiantStepMetrics.names {
                XCTAssertEqual(snapshot.metricBits[metric]?[key], expected.metricBits[metric]?[key], "\(metric) of \(key)")
            }
        }
    }
}
