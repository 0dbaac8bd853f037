import ArgumentParser
import Foundation
import Kernels
import Sweep

/// `--threads T` (threads one rank may use inside a product, `KernelThreads`) and
/// `--kernel PATH` (which GEMM kernels compute the products, `GEMMKernelChoice`).
struct KernelOptions: ParsableArguments {
    @Option(help: """
        Threads per rank for the products inside a task (default 1: ranks already fill \
        the cores). For sweeps with fewer, larger tasks than cores, e.g. `mpirun -np 1 \
        fsweep run … --threads 2`. Results are bit-identical whatever T is.
        """)
    var threads = 1

    @Option(help: ArgumentHelp("""
        The GEMM kernels: auto (default; the register tiles of this CPU, or OpenBLAS \
        for the shapes where a calibration, cached per CPU and binary, measured it \
        faster), avx512, avx2, portable or blas to force one path (tests, comparisons). \
        Also read from FSWEEP_KERNEL. Each path is bit-identical across ranks and \
        threads; different paths agree to rounding.
        """, valueName: "path"))
    var kernel: String?

    func validate() throws {
        if threads < 1 { throw ValidationError("--threads \(threads): must be at least 1") }
        _ = try requestedPath()
    }

    /// The forced path, nil for auto; from `--kernel`, else `FSWEEP_KERNEL`.
    func requestedPath() throws -> GEMMKernelPath? {
        let fromEnvironment = ProcessInfo.processInfo.environment["FSWEEP_KERNEL"].flatMap { $0.isEmpty ? nil : $0 }
        guard let name = kernel ?? fromEnvironment, name != "auto" else { return nil }
        let source = kernel != nil ? "--kernel" : "FSWEEP_KERNEL"
        guard let path = GEMMKernelPath(rawValue: name) else {
            throw ValidationError("\(source) \(name): unknown kernel path; choose auto, \(GEMMKernelPath.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if let reason = path.unavailableReason {
            throw ValidationError("\(source) \(name): \(reason); this machine runs \(KernelSelection.availablePathNames)")
        }
        return path
    }

    /// Sets the thread count and the kernel choice for every product of this process
    /// from now on (`fsweep train` and `bench`; `fsweep run` has rank 0 decide for all).
    func apply() throws {
        KernelThreads.count = threads
        GEMMKernelChoice.current = try KernelSelection.choose(request: requestedPath())
    }
}
