import CLAPACK

/// Single-threaded BLAS inside a rank: ranks already fill the cores.
public enum BLASThreads {
    nonisolated(unsafe) private static var configured = false

    /// Sets OpenBLAS to one thread and stops the pool of worker threads it started when
    /// it was loaded (`blas_thread_shutdown_`, what its own fork handler calls): unless
    /// `OPENBLAS_NUM_THREADS=1` was set before the process started, that pool busy-waits
    /// for work for about 0.1 s of CPU per process, on cores the ranks need. Called at
    /// start-up by fsweep and before the first BLAS or LAPACK call of the library.
    public static func useOneThread() {
        if !configured {
            openblas_set_num_threads(1)
            _ = OpenBLASInternals.call("blas_thread_shutdown_")
            configured = true
        }
    }
}
