import CMPI

/// A send started with `Communicator.startSend` (`MPI_Isend`): it owns a copy of the
/// bytes until MPI is done with them. Call `wait()` before the next send to the same
/// rank or before `MPI_Finalize`; if it was not called, deinit waits.
public final class PendingSend {
    private let buffer: UnsafeMutableRawBufferPointer
    private var request: MPI_Request? = nil
    private var completed = false

    init(bytes: [UInt8], destination: Int32, tag: Int32, communicator: MPI_Comm) throws {
        buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 16)
        bytes.withUnsafeBytes { buffer.copyMemory(from: $0) }
        let count = try Communicator.checkCount(bytes.count, "MPI_Isend")
        do {
            try MPIError.check(MPI_Isend(buffer.baseAddress, count, cmpi_byte(), destination, tag, communicator, &request), "MPI_Isend")
        } catch {
            buffer.deallocate()
            throw error
        }
    }

    /// Blocks until MPI no longer needs the bytes (`MPI_Wait`).
    public func wait() throws {
        guard !completed else { return }
        completed = true
        try MPIError.check(MPI_Wait(&request, cmpi_status_ignore()), "MPI_Wait")
    }

    deinit {
        try? wait()
        buffer.deallocate()
    }
}
