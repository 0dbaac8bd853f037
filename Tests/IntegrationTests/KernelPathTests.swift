import Foundation
import HDF5
import Kernels
import Sweep
import XCTest

/// The GEMM kernel path of a run: forced with --kernel, bit-identical across rank counts
/// and --threads, recorded in the output and read back by `fsweep status --json`.
final class KernelPathTests: XCTestCase {
    /// Tasks big enough that products split over threads (≥ 4e6 flops) and that the BLAS
    /// path's 2048-row blocks split the readout products (n_readout = 2100).
    static let spec = """
    protocol = "giant-step"
    root_seed = 11
    repeats = 1

    [fixed]
    lambda = 0.1
    top_k = 4
    n = 256
    d = 256
    N = 256
    n_readout = 2100
    n_test = 640

    [grid]
    alpha = [0.1, 0.3]
    """

    /// Every path this machine runs (avx512 and avx2 here, or avx2 on an AVX2 node, and
    /// blas everywhere): np 1, 2 and 4 and --threads 3 give the same bits on that path.
    func testAForcedPathIsBitIdenticalAcrossRanksAndThreads() throws {
        let scratch = try ScratchDirectory()
        let spec = try scratch.write("k.toml", KernelPathTests.spec)
        let paths = GEMMKernelPath.allCases.filter(\.isAvailable)
        XCTAssert(paths.contains(.blas) && paths.count >= 2, "\(paths)")
        var byPath = [GEMMKernelPath: ResultFileContents]()
        for path in paths {
            var contents = [String: ResultFileContents]()
            for (label, ranks, threads) in [("np1", 1, 1), ("np2", 2, 1), ("np4", 4, 1), ("np1 threads3", 1, 3)] {
                let out = scratch.path("\(path.rawValue)-\(ranks)-\(threads).h5")
                let outcome = try FSweepProcess.mpirun(ranks: ranks, ["run", spec, "--out", out, "--quiet",
                                                                      "--kernel", path.rawValue, "--threads", "\(threads)"], in: scratch.url)
                XCTAssertEqual(outcome.status, 0, "\(path) \(label): \(outcome.stderr)")
                contents[label] = try ResultFileContents(path: out, metrics: GiantStepMetrics.names)
                let status = try SweepStatus.read(path: out)
                XCTAssertEqual(status.kernels["kernel_path"], "float32: \(path.rawValue); float64: \(path.rawValue)", "\(path) \(label)")
            }
            let reference = try XCTUnwrap(contents["np1"])
            XCTAssertEqual(Set(reference.statusByKey.values), ["done"], "\(path)")
            for (label, other) in contents {
                XCTAssertEqual(other, reference, "\(path): \(label) differs from np1")
            }
            byPath[path] = reference
        }
        // Different paths agree to rounding only: the outlier counts, at least, are the same.
        let counts = Set(byPath.values.map { $0.metricBits["outliers"] ?? [:] })
        XCTAssertEqual(counts.count, 1, "outlier counts differ between kernel paths")
    }

    /// The provenance attributes are in the file's root and in `fsweep status --json`.
    func testProvenanceNamesTheCPUAndTheKernels() throws {
        let scratch = try ScratchDirectory()
        let spec = try scratch.write("k.toml", KernelPathTests.spec)
        let out = scratch.path("auto.h5")
        let outcome = try FSweepProcess.mpirun(ranks: 2, ["run", spec, "--out", out], in: scratch.url)
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        XCTAssertTrue(outcome.stderr.contains("kernels: float32"), outcome.stderr)

        let json = try FSweepProcess.direct(["status", out, "--json"], in: scratch.url)
        XCTAssertEqual(json.status, 0, json.stderr)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let kernels = try XCTUnwrap(object["kernels"] as? [String: String])
        XCTAssertEqual(kernels["cpu_model"], CPUDescription.current.model)
        XCTAssertEqual(kernels["cpu_flags"], InstructionSet.cpu.names.joined(separator: " "))
        XCTAssertEqual(kernels["blas_core"], BLASPeer.coreName)
        XCTAssertEqual(kernels["kernel_compiled_for"], InstructionSet.compiled.names.joined(separator: " "))
        XCTAssertNil(kernels["cpu_mixed"], "one host, one kind of CPU")
        let choiceText = try XCTUnwrap(kernels["kernel_choice"])
        let choice = try JSONDecoder().decode(GEMMKernelChoice.self, from: Data(choiceText.utf8))
        XCTAssertEqual(kernels["kernel_path"], choice.summary)
        XCTAssertEqual(choice.float32.measuredRatios.keys.sorted(), ["large", "panel"], "auto is calibrated")
        XCTAssertTrue(try FSweepProcess.direct(["status", out], in: scratch.url).stdout.contains("computed on"))
    }

    /// --resume keeps the paths the file was computed with, even without --kernel.
    func testResumeKeepsTheRecordedKernelPaths() throws {
        let scratch = try ScratchDirectory()
        let spec = try scratch.write("k.toml", KernelPathTests.spec)
        let out = scratch.path("blas.h5")
        XCTAssertEqual(try FSweepProcess.direct(["run", spec, "--out", out, "--quiet", "--kernel", "blas"], in: scratch.url).status, 0)
        let grown = try scratch.write("k2.toml", KernelPathTests.spec.replacingOccurrences(of: "alpha = [0.1, 0.3]", with: "alpha = [0.1, 0.2, 0.3]"))
        let resumed = try FSweepProcess.direct(["run", grown, "--out", out, "--resume", "--extend"], in: scratch.url)
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        let kernels = try SweepStatus.read(path: out).kernels
        XCTAssertEqual(kernels["kernel_path"], "float32: blas; float64: blas")
        XCTAssertTrue(kernels["kernel_origin"]?.hasPrefix("recorded in \(out) by an earlier run: forced") ?? false, kernels["kernel_origin"] ?? "")
        XCTAssertEqual(try SweepStatus.read(path: out).done, 3)
    }

    /// Unknown or unavailable paths are refused in one line naming the value and the choices.
    func testBadKernelPathsAreRefused() throws {
        let scratch = try ScratchDirectory()
        let spec = try scratch.write("k.toml", KernelPathTests.spec)
        let unknown = try FSweepProcess.direct(["run", spec, "--out", scratch.path("x.h5"), "--kernel", "sse9"], in: scratch.url)
        XCTAssertNotEqual(unknown.status, 0)
        XCTAssertTrue(unknown.stderr.contains("--kernel sse9: unknown kernel path; choose auto, avx512, avx2, portable, blas"), unknown.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: scratch.path("x.h5")))
        if let missing = GEMMKernelPath.allCases.first(where: { !$0.isAvailable }) {
            let refused = try FSweepProcess.direct(["train", "--protocol", "smoke", "--kernel", missing.rawValue], in: scratch.url)
            XCTAssertNotEqual(refused.status, 0)
            XCTAssertTrue(refused.stderr.contains("--kernel \(missing.rawValue): \(missing.unavailableReason ?? "")"), refused.stderr)
        }
        let environment = try FSweepProcess.run(["FSWEEP_KERNEL=fast", FSweepProcess.binary, "train", "--protocol", "smoke"], in: scratch.url)
        XCTAssertTrue(environment.stderr.contains("FSWEEP_KERNEL fast: unknown kernel path"), environment.stderr)
    }
}

/// A binary built for instructions an older CPU lacks stops at once with a message that
/// says how to rebuild, instead of dying of SIGILL mid-sweep: checked under QEMU's
/// user-mode emulation of a Haswell CPU (AVX2, no AVX-512), which `make test` installs.
final class OlderCPUTests: XCTestCase {
    func testABinaryForNewerCPUsRefusesClearlyOnHaswell() throws {
        guard let qemu = ["/usr/bin/qemu-x86_64", "/usr/local/bin/qemu-x86_64"].first(where: FileManager.default.isExecutableFile) else {
            throw XCTSkip("qemu-x86_64 (Debian's qemu-user) is not installed")
        }
        let scratch = try ScratchDirectory()
        let outcome = try FSweepProcess.run([qemu, "-cpu", "Haswell", FSweepProcess.binary, "--version"], in: scratch.url)
        if InstructionSet.compiled.isSubset(of: .haswell) {
            XCTAssertEqual(outcome.status, 0, outcome.stderr)
            XCTAssertTrue(outcome.stdout.contains("0.1.0"), outcome.stdout)
        } else {
            XCTAssertEqual(outcome.status, 2, outcome.stderr)
            let missing = InstructionSet.compiled.subtracting(.haswell).names.joined(separator: " ")
            XCTAssertTrue(outcome.stderr.contains("this binary was built for a CPU with \(missing), which this CPU"), outcome.stderr)
            XCTAssertTrue(outcome.stderr.contains("make build TARGET_CPU=haswell"), outcome.stderr)
        }
    }
}
