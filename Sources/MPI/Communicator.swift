import CMPI

/// An MPI communicator. Payloads are byte buffers (`MPI_BYTE`); callers encode their own values.
///
/// Every failing MPI call is thrown as an ``MPIError``. Calls must respect the thread level
/// returned by ``MPIEnvironment/initialize(threadLevel:)``.
public struct Communicator: @unchecked Sendable {
    /// The underlying handle.
    let handle: MPI_Comm

    init(handle: MPI_Comm) {
        self.handle = handle
    }

    /// `MPI_COMM_WORLD`: every rank of the job.
    public static var world: Communicator {
        Communicator(handle: cmpi_comm_world())
    }

    /// This process's rank (`MPI_Comm_rank`); 0 when MPI is not initialised.
    public var rank: Int {
        guard MPIEnvironment.isInitialized else { return 0 }
        var value: Int32 = 0
        guard MPI_Comm_rank(handle, &value) == cmpi_success() else { return 0 }
        return Int(value)
    }

    /// The number of ranks (`MPI_Comm_size`); 1 when MPI is not initialised.
    public var size: Int {
        guard MPIEnvironment.isInitialized else { return 1 }
        var value: Int32 = 0
        guard MPI_Comm_size(handle, &value) == cmpi_success() else { return 1 }
        return Int(value)
    }

    /// Checks that `rank` is a valid rank of this communicator, for `function`.
    func checkRank(_ rank: Int, _ function: String) throws -> Int32 {
        guard rank >= 0, rank < size else {
            throw MPIError(function: function, code: -1, message: "rank \(rank) is outside 0..<\(size)")
        }
        return Int32(rank)
    }

    /// Checks that a byte count fits MPI's `int` counts, for `function`.
    static func checkCount(_ count: Int, _ function: String) throws -> Int32 {
        guard count <= Int(Int32.max) else {
            throw MPIError(function: function, code: -1, message: "\(count) bytes exceed the \(Int32.max)-byte limit of one message")
        }
        return Int32(count)
    }
}
