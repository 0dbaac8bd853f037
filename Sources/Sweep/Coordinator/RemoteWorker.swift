import MPI

/// The loop of every rank but 0: ask for a task, train it, send the result (which
/// asks for the next), until the manager says stop.
struct RemoteWorker {
    let communicator: Communicator
    let executor: TaskExecutor

    func run() throws {
        try communicator.send([], to: 0, tag: MessageTag.ready)
        var queue = [TaskAssignment]()
        var stopping = false
        // The last result's send, completed before the next one (see `startSend`).
        var pendingResult: PendingSend?
        defer { try? pendingResult?.wait() }
        while true {
            // Block only when there is nothing to do; otherwise take whatever has arrived.
            if queue.isEmpty && !stopping {
                try handle(try communicator.receivePolitely(from: 0, tag: nil), queue: &queue, stopping: &stopping)
            }
            while let info = try communicator.probe(from: 0, tag: nil) {
                try handle(try communicator.receive(from: info.source, tag: info.tag), queue: &queue, stopping: &stopping)
            }
            if queue.isEmpty {
                if stopping { return }
                continue
            }
            let result = executor.execute(queue.removeFirst())
            try pendingResult?.wait()
            pendingResult = try communicator.startSend(result.encoded, to: 0, tag: MessageTag.result)
        }
    }

    private func handle(_ message: Message, queue: inout [TaskAssignment], stopping: inout Bool) throws {
        switch message.tag {
        case MessageTag.task:
            queue.append(try TaskAssignment.decode(message.bytes))
        case MessageTag.stop:
            stopping = true
        default:
            throw ProtocolViolation(description: "rank \(communicator.rank) received unexpected tag \(message.tag) from the manager")
        }
    }
}

/// A message that the manager–worker protocol does not allow (a bug, or mixed versions of fsweep).
struct ProtocolViolation: Error, CustomStringConvertible {
    let description: String
}
