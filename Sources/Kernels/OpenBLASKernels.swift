import Foundation

/// OpenBLAS picks its kernels when it is loaded. Debian's 0.3.21 does not know CPUs
/// newer than it (Emerald Rapids, here) and falls back to `Prescott` kernels, 3–5×
/// slower, for every LAPACK call the protocols make. The only switch is the
/// environment variable `OPENBLAS_CORETYPE`, read at load time, so fsweep re-executes
/// itself once with it set — before MPI or any thread starts.
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

    /// Re-executes this program with `OPENBLAS_CORETYPE` set when OpenBLAS fell back to
    /// its generic kernels on a CPU that has AVX2 or AVX-512. Returns when nothing is
    /// to be done (variable already set by the user, CPU recognised, or exec failed).
    public static func ensureOptimised() {
        let environment = ProcessInfo.processInfo.environment
        guard environment[variable] == nil,
              BLASPeer.coreName.lowercased() == "prescott",
              let coreType = preferredCoreType() else { return }
        setenv(variable, coreType, 1)
        // Ranks use one BLAS thread (`BLASThreads`); without this OpenBLAS would still
        // start a pool of idle threads that spin in sched_yield.
        setenv("OPENBLAS_NUM_THREADS", "1", 0)
        var arguments = CommandLine.arguments.map { strdup($0) }
        arguments.append(nil)
        execv("/proc/self/exe", &arguments)
        // exec failed: carry on with the generic kernels.
    }
}
