import Foundation
import Sweep
import XCTest

/// Workers hold no plan (issue 15): each task arrives with its parameters, so a worker's
/// memory does not depend on how many tasks the sweep has. Before, every rank built the
/// whole plan: about 300 MB at 10^6 tasks.
final class WorkerMemoryTests: XCTestCase {
    /// `points` grid points × 10 repeats of a smoke task that takes 50 ms.
    private func spec(points: Int) -> String {
        """
        protocol = "smoke"
        root_seed = 15
        repeats = 10

        [grid]
        size = { range = [1, 11, 1] }
        work_ms = { linspace = [50.0, 50.001, \(points / 10)] }
        """
    }

    /// Rank 1's peak resident memory (VmHWM, kB) once it has returned results of a sweep of `points × 10` tasks.
    private func workerPeak(points: Int, in scratch: ScratchDirectory) throws -> Int {
        let spec = try scratch.write("memory\(points).toml", spec(points: points))
        let out = scratch.path("memory\(points).h5")
        let process = try FSweepProcess.start(FSweepProcess.mpirunPrefix + ["-np", "2", FSweepProcess.binary, "run", spec, "--out", out, "--quiet"])
        defer {
            FSweepProcess.killAll(matching: out)
            process.waitUntilExit()
        }
        let journal = Journal.path(forOutput: out)
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline {
            if let contents = try? Journal.read(path: journal), contents.results.filter({ $0.rank == 1 }).count >= 3 { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        let worker = try XCTUnwrap(FSweepProcess.rankProcess(rank: 1, marker: out), "rank 1's pid")
        let status = try String(contentsOfFile: "/proc/\(worker)/status", encoding: .utf8)
        let line = try XCTUnwrap(status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") })
        return try XCTUnwrap(Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]))
    }

    func testWorkerMemoryDoesNotGrowWithThePlan() throws {
        let scratch = try ScratchDirectory()
        let small = try workerPeak(points: 100, in: scratch)          // 10^3 tasks
        let large = try workerPeak(points: 100_000, in: scratch)      // 10^6 tasks
        // A worker that built the 10^6-task plan held about 300 MB more; allow 20 MB of noise.
        XCTAssertLessThan(large, small + 20_000, "worker peak \(large) kB at 10^6 tasks against \(small) kB at 10^3")
    }
}
