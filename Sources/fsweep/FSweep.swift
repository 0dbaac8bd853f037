import ArgumentParser
import Kernels

@main
struct FSweep: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fsweep",
        abstract: "Run feature-learning sweeps of two-layer networks over MPI into one HDF5 file.",
        discussion: """
        A sweep spec (TOML) names a protocol, fixed parameters, grid axes and repeats.
        `fsweep plan` shows what it expands to; `mpirun -np R fsweep run` runs it.

        Examples:
          fsweep plan jobs/quickstart.toml
          mpirun -np 2 fsweep run jobs/quickstart.toml --out quickstart.h5
          fsweep status quickstart.h5
          fsweep train --protocol giant-step --param alpha=0.3 --json \\
              --param n=512 --param d=512 --param N=512 \\
              --param n_readout=512 --param n_test=512
        """,
        version: "0.1.0",
        subcommands: [RunCommand.self, PlanCommand.self, StatusCommand.self, TrainCommand.self, ExportCommand.self, BenchCommand.self]
    )

    /// Before anything else: refuse to run on a CPU that lacks instructions this binary
    /// was compiled for (`InstructionSet.checkCompiledFeatures`); make OpenBLAS use this CPU's vector kernels (see
    /// `OpenBLASKernels`) on one thread (`BLASThreads`), and keep freed arrays for reuse
    /// (`ArrayReuse.keepFreedArrays`).
    static func main() {
        InstructionSet.checkCompiledFeatures()
        OpenBLASKernels.ensureOptimised()
        BLASThreads.useOneThread()
        ArrayReuse.keepFreedArrays()
        main(nil)
    }
}
