import CMPI

extension Communicator {
    /// Broadcasts `bytes` from rank `root` to every rank and returns them on every rank (the
    /// argument is ignored on the other ranks). The length goes first, then the bytes
    /// (`MPI_Bcast` twice). Every rank must call it.
    public func broadcast(_ bytes: [UInt8], root: Int) throws -> [UInt8] {
        let rootRank = try checkRank(root, "MPI_Bcast")
        let isRoot = rank == root
        var length = Int64(isRoot ? bytes.count : 0)
        if isRoot { _ = try Communicator.checkCount(bytes.count, "MPI_Bcast") }
        try MPIError.check(MPI_Bcast(&length, 1, cmpi_int64(), rootRank, handle), "MPI_Bcast")
        if length == 0 { return [] }
        let count = try Communicator.checkCount(Int(length), "MPI_Bcast")
        var buffer = isRoot ? bytes : [UInt8](repeating: 0, count: Int(length))
        try buffer.withUnsafeMutableBytes { raw in
            try MPIError.check(MPI_Bcast(raw.baseAddress, count, cmpi_byte(), rootRank, handle), "MPI_Bcast")
        }
        return buffer
    }

    /// Gathers every rank's `bytes` (of any length) on every rank, in rank order
    /// (`MPI_Allgather` of the lengths, then `MPI_Allgatherv`). Every rank must call it.
    public func allGather(_ bytes: [UInt8]) throws -> [[UInt8]] {
        var mine = Int64(bytes.count)
        var lengths = [Int64](repeating: 0, count: size)
        try lengths.withUnsafeMutableBytes { raw in
            try MPIError.check(
                MPI_Allgather(&mine, 1, cmpi_int64(), raw.baseAddress, 1, cmpi_int64(), handle), "MPI_Allgather")
        }
        let total = lengths.reduce(0, +)
        guard total <= Int64(Int32.max) else {
            throw MPIError(function: "MPI_Allgatherv", code: -1, message: "\(total) bytes in all exceed the \(Int32.max)-byte limit")
        }
        let counts = lengths.map { Int32($0) }
        var displacements = [Int32](repeating: 0, count: counts.count)
        for index in counts.indices.dropFirst() {
            displacements[index] = displacements[index - 1] + counts[index - 1]
        }
        // Non-nil buffers even when empty.
        let send = bytes.isEmpty ? [0] : bytes
        var receive = [UInt8](repeating: 0, count: max(1, Int(total)))
        try send.withUnsafeBytes { sendRaw in
            try receive.withUnsafeMutableBytes { receiveRaw in
                try MPIError.check(
                    MPI_Allgatherv(
                        sendRaw.baseAddress, Int32(bytes.count), cmpi_byte(),
                        receiveRaw.baseAddress, counts, displacements, cmpi_byte(), handle),
                    "MPI_Allgatherv")
            }
        }
        return counts.indices.map { index in
            let start = Int(displacements[index])
            return Array(receive[start..<(start + Int(counts[index]))])
        }
    }

    /// Waits until every rank has called it (`MPI_Barrier`).
    public func barrier() throws {
        try MPIError.check(MPI_Barrier(handle), "MPI_Barrier")
    }
}
