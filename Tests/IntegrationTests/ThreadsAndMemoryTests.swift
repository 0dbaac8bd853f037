import Foundation
import XCTest

/// Threads inside a rank and the memory a task holds, measured on the built binary.
final class ThreadsAndMemoryTests: XCTestCase {
    static let spec = """
    protocol = "giant-step"
    root_seed = 11
    repeats = 1

    [fixed]
    lambda = 0.1
    top_k = 8

    [grid]
    alpha = [0.2, 0.4]
    n = [300, 512]

    [derived]
    d = "n"
    N = "n"
    n_readout = "n"
    n_test = "n"
    """

    /// `--threads 1` and `--threads 3` give the same bits in every metric column (the
    /// products split rows of C at tile boundaries; each element's sum is unchanged).
    func testThreadCountDoesNotChangeResults() throws {
        let scratch = try ScratchDirectory()
        let spec = try scratch.write("threads.toml", ThreadsAndMemoryTests.spec)
        var contents = [Int: ResultFileContents]()
        for threads in [1, 3] {
            let out = scratch.path("t\(threads).h5")
            let outcome = try FSweepProcess.direct(["run", spec, "--out", out, "--quiet", "--threads", "\(threads)"], in: scratch.url)
            XCTAssertEqual(outcome.status, 0, outcome.stderr)
            contents[threads] = try ResultFileContents(path: out, metrics: GiantStepMetrics.names)
        }
        XCTAssertEqual(Set(try XCTUnwrap(contents[1]).statusByKey.values), ["done"])
        XCTAssertEqual(contents[3], contents[1])
    }

    /// A giant-step task's peak resident memory (above what the process held before it)
    /// stays within 1.5× the bytes of the arrays it must hold (`GiantStep.estimatedBytes`:
    /// W0, W1, X_readout, F, FᵀF and its packed copy), in both precisions. Beside the
    /// arrays a task touches about 10 MiB whatever its size (GEMM packing buffers,
    /// OpenBLAS's work buffer), so the bound is checked where the arrays dominate:
    /// 96 MiB (2048, float32) and 48 MiB (1024, float64) of arrays.
    func testTaskPeakMemoryIsWithinOneAndAHalfTimesItsArrays() throws {
        let scratch = try ScratchDirectory()
        for (size, precision) in [(2048, "float32"), (1024, "float64")] {
            var arguments = ["train", "--protocol", "giant-step", "--json", "--param", "alpha=0.3", "--param", "precision=\(precision)"]
            for name in ["n", "d", "N", "n_readout", "n_test"] { arguments += ["--param", "\(name)=\(size)"] }
            let outcome = try FSweepProcess.direct(arguments, in: scratch.url)
            XCTAssertEqual(outcome.status, 0, outcome.stderr)
            let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
            let peak = try XCTUnwrap(object["memory_peak_mib"] as? Double)
            let arrays = try XCTUnwrap(object["memory_estimate_mib"] as? Double)
            XCTAssertGreaterThan(peak, 0.5 * arrays, "\(size) \(precision): the measurement sees the task")
            XCTAssertLessThanOrEqual(peak, 1.5 * arrays, "\(size) \(precision): peak \(peak) MiB for \(arrays) MiB of arrays")
        }
    }
}
