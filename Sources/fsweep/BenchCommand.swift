import ArgumentParser
import Foundation
import Kernels
import Sweep

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure GEMM GFLOP/s against OpenBLAS and giant-step tasks end to end, on one core.",
        discussion: """
        GEMM: our kernels and OpenBLAS (cblas_sgemm/cblas_dgemm, one thread) on
        the same inputs, rounds alternating so both see the same machine load,
        best time of each; square sizes 256…4096 and the products of a
        giant-step task at n = d = N = 2048.

        Then one giant-step task (alpha = 0.3, crelu, he1+he2, float32) at
        n = d = N = n_readout = n_test ∈ {1024, 2048, 4096}: seconds, outlier
        count (theory 2), the task's peak resident memory above what the
        process held before it, and the protocol's count of the arrays it must
        hold. With --threads T > 1 the 2048 task runs again on T threads: its
        speed-up, and whether every metric and array is bit-identical to the
        one-thread run.

        First it prints the CPU, its vector flags, what the binary was compiled
        for, the OpenBLAS kernels, and the GEMM kernel path chosen for each
        class of product with the calibration's measured ratios (the reason).
        --calibrate measures again and replaces the cached choice.

        Wall-clock figures: run on an idle machine. `make bench` runs this next
        to the numpy and mpi4py peers.

        Examples:
          fsweep bench --calibrate
          fsweep bench --quick --only gemm --kernel avx2 --blas-core Haswell
          fsweep bench --quick
          fsweep bench --quick --threads 2
          fsweep bench --only gemm
          fsweep bench --json > bench.json
        """
    )

    @Flag(help: "Print one JSON object instead of tables.")
    var json = false

    @Flag(help: "Skip the 4096 sizes (GEMM and giant-step).")
    var quick = false

    @Option(help: "Step-size exponent of the giant-step tasks.")
    var alpha = 0.3

    @Option(help: "Run only one part: 'gemm' (the GEMM table) or 'tasks' (the giant-step tasks).")
    var only: Part?

    enum Part: String, ExpressibleByArgument, CaseIterable { case gemm, tasks }

    @Flag(help: "Measure the kernel choice again (about a second), cache it for this CPU and binary, print it, and stop.")
    var calibrate = false

    @Option(name: .customLong("blas-core"), help: ArgumentHelp(
        "Switch OpenBLAS to this kernel family first (e.g. Haswell), as OPENBLAS_CORETYPE would.", valueName: "family"))
    var blasCore: String?

    @OptionGroup var kernel: KernelOptions

    func run() throws {
        if let blasCore, !OpenBLASKernels.use(coreType: blasCore) {
            throw ValidationError("--blas-core \(blasCore): this OpenBLAS cannot switch to that kernel family (it runs \(BLASPeer.coreName))")
        }
        GEMMKernelChoice.current = try KernelSelection.choose(request: calibrate ? nil : kernel.requestedPath(), recalibrate: calibrate)
        KernelThreads.count = 1   // one core against one-thread OpenBLAS; --threads only for the 2048 task's second run
        describeMachine()
        if calibrate { return }
        let tasks = only == .gemm ? [] : try measureTasks()
        let rows = only == .tasks ? [] : measureGEMM()
        if json {
            struct Report: Encodable {
                var cpu: CPUDescription
                var compiledFor: [String]
                var blasCore: String
                var blasName: String
                var kernels: GEMMKernelChoice
                var gemm: [BenchMeasurements.GEMMRow]
                var giantStep: [BenchMeasurements.GiantStepRow]
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let data = try encoder.encode(Report(cpu: .current, compiledFor: InstructionSet.compiled.names, blasCore: BLASPeer.coreName,
                                                 blasName: BLASPeer.configuration, kernels: GEMMKernelChoice.current,
                                                 gemm: rows, giantStep: tasks))
            print(String(decoding: data, as: UTF8.self))
        }
    }

    /// The CPU, the binary, OpenBLAS and the kernel choice with its reasons.
    private func describeMachine() {
        let cpu = CPUDescription.current
        let choice = GEMMKernelChoice.current
        say("CPU: \(cpu.model) on \(cpu.host); vector flags: \(cpu.vectorFlags.joined(separator: " "))")
        say("binary compiled for: \(InstructionSet.compiled.names.joined(separator: " ").ifEmpty("baseline (no AVX2)")); kernel paths here: \(KernelSelection.availablePathNames)")
        say("OpenBLAS: \(BLASPeer.configuration), kernels \(BLASPeer.coreName)")
        say("GEMM kernels: \(choice.origin)")
        for (name, p) in [("float32", choice.float32), ("float64", choice.float64)] {
            for shapeClass in GEMMShapeClass.allCases {
                let path = p.path(for: shapeClass)
                let why: String
                if let ratio = p.measuredRatios[shapeClass.rawValue] {
                    why = String(format: "tiles measured at %.3f of the OpenBLAS path (keep tiles at ≥ %.2f)", ratio, GEMMCalibration.keepTilesAbove)
                } else if shapeClass == .small {
                    why = "matrix-vector or tiny products: no library call"
                } else {
                    why = "not measured"
                }
                say("  \(name) \(shapeClass.rawValue.padding(toLength: 6, withPad: " ", startingAt: 0)) → \(path.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) \(why)")
            }
        }
        say("")
    }

    private func say(_ line: String) { if !json { print(line); fflush(stdout) } }

    /// giant-step tasks at 1024, 2048 (and 4096), then the 2048 task on `--threads`.
    private func measureTasks() throws -> [BenchMeasurements.GiantStepRow] {
        let giantSizes = quick ? [1024, 2048] : [1024, 2048, 4096]
        say("giant-step, alpha = \(alpha), n = d = N = n_readout = n_test, float32, seed 0, root seed 20231011")
        say("   size   seconds  outliers  theory  test_mse  rf_test_mse  peak MiB  arrays MiB  ratio")
        var tasks = [BenchMeasurements.GiantStepRow]()
        KernelThreads.count = 1
        for size in giantSizes {
            let t = try BenchMeasurements.giantStep(size: size, alpha: alpha)
            tasks.append(t)
            say(String(format: "%7d %9.2f %9d %7d %9.4f %12.4f %9.0f %11.0f %6.2f", t.size, t.seconds, t.outliers, t.theoryOutliers,
                       t.testMSE, t.rfTestMSE, t.peakIncreaseMiB, t.estimateMiB, t.peakIncreaseMiB / t.estimateMiB))
        }
        if kernel.threads > 1, let single = tasks.first(where: { $0.size == 2048 }) {
            KernelThreads.count = kernel.threads
            let t = try BenchMeasurements.giantStep(size: 2048, alpha: alpha)
            KernelThreads.count = 1
            tasks.append(t)
            let same = t.output == single.output ? "bit-identical to" : "DIFFERENT from"
            say(String(format: "   2048 on %d threads: %.2f s, %.2f× faster; output ", kernel.threads, t.seconds, single.seconds / t.seconds)
                + "\(same) the one-thread run")
        }
        say("")
        return tasks
    }

    /// Our GEMM against OpenBLAS: square sizes, then the giant-step task's shapes at 2048.
    private func measureGEMM() -> [BenchMeasurements.GEMMRow] {
        let squares = quick ? [256, 512, 1024, 2048] : [256, 512, 1024, 2048, 4096]
        let shapeSize = 2048
        say("OpenBLAS core: \(BLASPeer.coreName), one thread; GFLOP/s, best of several alternating rounds")
        say(header)
        var rows = [BenchMeasurements.GEMMRow]()
        for precision in ["float32", "float64"] {
            for size in squares {
                let row = precision == "float32" ? BenchMeasurements.square(Float.self, size: size)
                                                 : BenchMeasurements.square(Double.self, size: size)
                rows.append(row); say(line(row))
            }
            let shaped = precision == "float32" ? BenchMeasurements.protocolShapes(Float.self, size: shapeSize)
                                                : BenchMeasurements.protocolShapes(Double.self, size: shapeSize)
            for row in shaped { rows.append(row); say(line(row)) }
        }
        return rows
    }

    private var header: String {
        "precision  " + "shape".padding(toLength: 32, withPad: " ", startingAt: 0) + "      ours  OpenBLAS   ratio  path"
    }

    private func line(_ r: BenchMeasurements.GEMMRow) -> String {
        "\(r.precision)    " + r.shape.padding(toLength: 32, withPad: " ", startingAt: 0)
            + String(format: " %9.1f %9.1f %7.3f  ", r.oursGFLOPS, r.blasGFLOPS, r.ratio) + r.path
    }
}

extension String {
    func ifEmpty(_ replacement: String) -> String { isEmpty ? replacement : self }
}
