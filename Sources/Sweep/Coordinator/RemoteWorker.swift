import MPI

/// The loop of every rank but 0: ask for a task, train it, send the result (which
/// asks for the next), until the manager says stop.
struct RemoteWorker {
    let communicator: Communicator
    let executor: TaskExecutor

    func run() throws {
        try communicator.send([], to: 0, tag: MessageTag.ready)
        while true {
            let message = try communicator.receivePolitely(from: 0, tag: nil)
            switch message.tag {
            case MessageTag.task:
                var reader = ByteReader(message.bytes)
                let index = try reader.readInt()
                let result = executor.execute(planIndex: index)
                try communicator.send(result.encoded, to: 0, tag: MessageTag.result)
            case MessageTag.stop:
                return
            default:
                throw ProtocolViolation(description: "rank \(communicator.rank) received unexpected tag \(message.tag) from the manager")
            }
        }
    }
}

/// A message that the manager–worker protocol does not allow (a bug, or mixed versions of fsweep).
struct ProtocolViolation: Error, CustomStringConvertible {
    let description: String
}
