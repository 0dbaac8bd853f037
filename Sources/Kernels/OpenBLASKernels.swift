import Foundation

/// OpenBLAS picks its kernels when it is loaded. Debian's 0.3.21 does not know CPUs
/// newer than it (Emerald Rapids, here) and falls back to `Prescott` kernels, 3–5×
/// slower, for every LAPACK call the protocols make. The switch is the environment
/// variable `OPENBLAS_CORETYPE`, read when the kernels are chosen: at load time, and
/// again by `gotoblas_dynamic_init`, which such builds (`DYNAMIC_ARCH`) export. fsweep
/// sets the variable and has OpenBLAS choose again, in-process; where that entry is
/// missing it re-executes itself with the variable set (33 ms more per rank) — before
/// MPI or any thread of its own starts.
public enum OpenBLASKernels {
    static let variable = "OPENBLAS_CORETYPE"

    /// The kernel family this CPU supports, from /proc/cpuinfo's flags.
    static func preferredCoreType() -> String? {
        guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let flagsLine = info.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return nil }
        let flags = Set(flagsLine.split(separator: " ").map(String.init))
        if flags.isSuperset(of: ["avx512f", "avx512bw", "avx512vl", "avx512dq"]) { return "SkylakeX" }
        if flags.isSuperset(of: ["avx2", "fma"]) { return "Haswell" }
        return nil
    }

    /// When OpenBLAS fell back to its generic kernels on a CPU that has AVX2 or AVX-512:
    /// sets `OPENBLAS_CORETYPE` and has OpenBLAS choose again, or else re-executes this
    /// program with it set. Returns when nothing is to be done (variable already set by
    /// the user, CPU recognised), when the kernels were switched, or when exec failed.
    public static func ensureOptimised() {
        let environment = ProcessInfo.processInfo.environment
        guard environment[variable] == nil,
              BLASPeer.coreName.lowercased() == "prescott",
              let coreType = preferredCoreType() else { return }
        setenv(variable, coreType, 1)
        if chooseKernelsAgain(), BLASPeer.coreName.lowercased() != "prescott" { return }
        // Ranks use one BLAS thread (`BLASThreads`); without this the new process would
        // start a pool of threads that busy-wait.
        setenv("OPENBLAS_NUM_THREADS", "1", 0)
        var arguments = CommandLine.arguments.map { strdup($0) }
        arguments.append(nil)
        execv("/proc/self/exe", &arguments)
        // exec failed: carry on with the generic kernels.
    }

    /// Has OpenBLAS switch to the kernel family `coreType` (e.g. `Haswell`) in-process, as
    /// `OPENBLAS_CORETYPE` would at start: `fsweep bench --blas-core` measures a path
    /// against the BLAS kernels of the same instruction set. False if this build cannot.
    public static func use(coreType: String) -> Bool {
        setenv(variable, coreType, 1)
        return chooseKernelsAgain() && BLASPeer.coreName.lowercased() == coreType.lowercased()
    }

    /// Has OpenBLAS drop its kernel table and pick one again from `OPENBLAS_CORETYPE`
    /// (`gotoblas_dynamic_quit`, `gotoblas_dynamic_init`); false if this build lacks them.
    private static func chooseKernelsAgain() -> Bool {
        OpenBLASInternals.call("gotoblas_dynamic_quit") && OpenBLASInternals.call("gotoblas_dynamic_init")
    }
}
