import ArgumentParser
import Kernels

/// `--threads T`: threads one rank may use inside a product (`KernelThreads`).
struct KernelOptions: ParsableArguments {
    @Option(help: """
        Threads per rank for the products inside a task (default 1: ranks already fill \
        the cores). For sweeps with fewer, larger tasks than cores, e.g. `mpirun -np 1 \
        fsweep run … --threads 2`. Results are bit-identical whatever T is.
        """)
    var threads = 1

    func validate() throws {
        if threads < 1 { throw ValidationError("--threads \(threads): must be at least 1") }
    }

    /// Sets the thread count for every product from now on.
    func apply() { KernelThreads.count = threads }
}
