import CMPI

/// The thread support levels of `MPI_Init_thread`, in increasing order.
public enum MPIThreadLevel: Int, Comparable, Sendable {
    /// Only one thread exists (`MPI_THREAD_SINGLE`).
    case single
    /// Only the thread that initialised MPI calls it (`MPI_THREAD_FUNNELED`).
    case funneled
    /// Any thread may call MPI, one at a time (`MPI_THREAD_SERIALIZED`).
    case serialized
    /// Any thread may call MPI at any time (`MPI_THREAD_MULTIPLE`).
    case multiple

    /// The MPI constant for this level.
    var mpiValue: Int32 {
        switch self {
        case .single: return cmpi_thread_single()
        case .funneled: return cmpi_thread_funneled()
        case .serialized: return cmpi_thread_serialized()
        case .multiple: return cmpi_thread_multiple()
        }
    }

    /// The level for an MPI constant (unknown values map to `.single`).
    init(mpiValue: Int32) {
        switch mpiValue {
        case cmpi_thread_multiple(): self = .multiple
        case cmpi_thread_serialized(): self = .serialized
        case cmpi_thread_funneled(): self = .funneled
        default: self = .single
        }
    }

    public static func < (lhs: MPIThreadLevel, rhs: MPIThreadLevel) -> Bool {
        lhs.rawValue < rhs.rawValue
    }
}
