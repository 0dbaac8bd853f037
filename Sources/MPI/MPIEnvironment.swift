import CMPI
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Process-wide MPI set-up and tear-down.
///
/// A binary started without `mpirun` still initialises MPI, as a single rank (singleton).
public enum MPIEnvironment {
    /// Initialises MPI with `MPI_Init_thread` at the requested level and returns the level the
    /// library provides (which may be lower: check it). Sets `MPI_ERRORS_RETURN` on
    /// `MPI_COMM_WORLD`, so failures come back as codes and are thrown as ``MPIError``.
    ///
    /// Calling it again while MPI is initialised returns the current level
    /// (`MPI_Query_thread`). MPI cannot be initialised again after ``finalize()``.
    @discardableResult
    public static func initialize(threadLevel: MPIThreadLevel) throws -> MPIThreadLevel {
        var initialized: Int32 = 0
        var finalized: Int32 = 0
        try MPIError.check(MPI_Initialized(&initialized), "MPI_Initialized")
        try MPIError.check(MPI_Finalized(&finalized), "MPI_Finalized")
        if finalized != 0 {
            throw MPIError(function: "MPI_Init_thread", code: -1, message: "MPI was already finalized; it cannot be initialized again")
        }
        var provided: Int32 = 0
        if initialized != 0 {
            try MPIError.check(MPI_Query_thread(&provided), "MPI_Query_thread")
        } else {
            try MPIError.check(MPI_Init_thread(nil, nil, threadLevel.mpiValue, &provided), "MPI_Init_thread")
        }
        try MPIError.check(
            MPI_Comm_set_errhandler(cmpi_comm_world(), cmpi_errors_return()), "MPI_Comm_set_errhandler")
        return MPIThreadLevel(mpiValue: provided)
    }

    /// Finalises MPI (`MPI_Finalize`); does nothing when MPI is not initialised or already finalised.
    public static func finalize() throws {
        guard isInitialized else { return }
        try MPIError.check(MPI_Finalize(), "MPI_Finalize")
    }

    /// Whether MPI is initialised and not yet finalised.
    public static var isInitialized: Bool {
        var initialized: Int32 = 0
        var finalized: Int32 = 0
        guard MPI_Initialized(&initialized) == cmpi_success(), initialized != 0 else { return false }
        guard MPI_Finalized(&finalized) == cmpi_success() else { return false }
        return finalized == 0
    }

    /// The processor (host) name: `MPI_Get_processor_name` while MPI is initialised, the host
    /// name otherwise.
    public static var processorName: String {
        if isInitialized {
            var buffer = [CChar](repeating: 0, count: Int(cmpi_max_processor_name()) + 1)
            var length: Int32 = 0
            if MPI_Get_processor_name(&buffer, &length) == cmpi_success() {
                return String(cString: buffer)
            }
        }
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "unknown" }
        return String(cString: buffer)
    }

    /// Ends every rank of the job (`MPI_Abort` on `MPI_COMM_WORLD`) with exit `code`; exits this
    /// process when MPI is not initialised.
    public static func abort(code: Int32) -> Never {
        if isInitialized {
            _ = MPI_Abort(cmpi_comm_world(), code)
        }
        exit(code)
    }

    /// Seconds since an arbitrary fixed point in the past: `MPI_Wtime` while MPI is initialised,
    /// the monotonic clock otherwise (Open MPI's `MPI_Wtime` is meaningless before `MPI_Init`).
    /// Only compare values taken on the same side of ``initialize(threadLevel:)``.
    public static func wallTime() -> Double {
        if isInitialized { return MPI_Wtime() }
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) * 1e-9
    }
}
