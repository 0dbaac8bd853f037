import CMPI
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Communicator {
    /// Sends `bytes` to rank `destination` with `tag` (≥ 0): a blocking `MPI_Send` of `MPI_BYTE`.
    public func send(_ bytes: [UInt8], to destination: Int, tag: Int32) throws {
        let rank = try checkRank(destination, "MPI_Send")
        let count = try Communicator.checkCount(bytes.count, "MPI_Send")
        try bytes.withUnsafeBytes { buffer in
            try MPIError.check(
                MPI_Send(buffer.baseAddress, count, cmpi_byte(), rank, tag, handle), "MPI_Send")
        }
    }

    /// Starts sending `bytes` to rank `destination` with `tag` (≥ 0) and returns at once
    /// (`MPI_Isend` of a copy of the bytes). Open MPI's shared-memory transport holds a
    /// blocking `MPI_Send` of even a few hundred bytes until the receiver next enters MPI
    /// (0–5 ms when that is rank 0's manager); a worker that starts its next task
    /// instead loses nothing. Call `wait()` on the result before the next send.
    ///
    /// Messages within the transport's eager limit (4 KiB shared memory, 64 KiB TCP by
    /// default) are delivered without further calls from the sender. Larger ones may
    /// need the sender's next MPI call to finish; here 17 KiB results still reached the
    /// manager within 10 ms over shared memory (the receiver copies them itself).
    public func startSend(_ bytes: [UInt8], to destination: Int, tag: Int32) throws -> PendingSend {
        try PendingSend(bytes: bytes, destination: try checkRank(destination, "MPI_Isend"), tag: tag, communicator: handle)
    }

    /// Receives the next message from `source` with `tag` (nil: any source, any tag), blocking
    /// until one arrives. Uses a matched probe (`MPI_Mprobe` + `MPI_Get_count` + `MPI_Mrecv`), so
    /// the message probed is the message received even when several threads receive.
    public func receive(from source: Int?, tag: Int32?) throws -> Message {
        var message: MPI_Message? = nil
        var status = MPI_Status()
        try MPIError.check(
            MPI_Mprobe(try sourceArgument(source, "MPI_Mprobe"), tag ?? cmpi_any_tag(), handle, &message, &status),
            "MPI_Mprobe")
        return try receiveMatched(&message, status: &status)
    }

    /// Reports the next message waiting from `source` with `tag` (nil: any), without receiving
    /// it and without blocking (`MPI_Iprobe`); nil when none is waiting.
    public func probe(from source: Int?, tag: Int32?) throws -> MessageInfo? {
        var flag: Int32 = 0
        var status = MPI_Status()
        try MPIError.check(
            MPI_Iprobe(try sourceArgument(source, "MPI_Iprobe"), tag ?? cmpi_any_tag(), handle, &flag, &status),
            "MPI_Iprobe")
        guard flag != 0 else { return nil }
        var count: Int32 = 0
        try MPIError.check(MPI_Get_count(&status, cmpi_byte(), &count), "MPI_Get_count")
        return MessageInfo(source: Int(cmpi_status_source(&status)), tag: cmpi_status_tag(&status), count: Int(count))
    }

    /// Receives the next message from `source` with `tag` (nil: any), like ``receive(from:tag:)``,
    /// but polls (`MPI_Improbe`) and sleeps between polls — from 50 µs, doubling up to
    /// `maximumSleep` seconds — so a waiting rank does not burn a core that another thread or rank
    /// needs (Open MPI's blocking calls spin).
    public func receivePolitely(from source: Int?, tag: Int32?, maximumSleep: Double = 0.002) throws -> Message {
        let sourceValue = try sourceArgument(source, "MPI_Improbe")
        let tagValue = tag ?? cmpi_any_tag()
        let ceiling = max(50e-6, maximumSleep)
        var pause = 50e-6
        while true {
            var message: MPI_Message? = nil
            var status = MPI_Status()
            var flag: Int32 = 0
            try MPIError.check(MPI_Improbe(sourceValue, tagValue, handle, &flag, &message, &status), "MPI_Improbe")
            if flag != 0 {
                return try receiveMatched(&message, status: &status)
            }
            var interval = timespec(tv_sec: Int(pause), tv_nsec: Int((pause - pause.rounded(.down)) * 1e9))
            _ = nanosleep(&interval, nil)
            pause = min(pause * 2, ceiling)
        }
    }

    /// Receives the message matched by a matched probe whose status is `status`.
    private func receiveMatched(_ message: inout MPI_Message?, status: inout MPI_Status) throws -> Message {
        var count: Int32 = 0
        try MPIError.check(MPI_Get_count(&status, cmpi_byte(), &count), "MPI_Get_count")
        let source = Int(cmpi_status_source(&status))
        let tag = cmpi_status_tag(&status)
        var bytes = [UInt8](repeating: 0, count: Int(count))
        var received = MPI_Status()
        try bytes.withUnsafeMutableBytes { buffer in
            try MPIError.check(MPI_Mrecv(buffer.baseAddress, count, cmpi_byte(), &message, &received), "MPI_Mrecv")
        }
        return Message(source: source, tag: tag, bytes: bytes)
    }

    /// The source argument of a probe: `MPI_ANY_SOURCE` for nil, else a checked rank.
    private func sourceArgument(_ source: Int?, _ function: String) throws -> Int32 {
        guard let source else { return cmpi_any_source() }
        return try checkRank(source, function)
    }
}
