import Trainer

/// The outcome of one attempt at one task, as the manager records it.
public struct TaskResult: Equatable, Sendable {
    public enum Status: UInt8, Sendable {
        case done = 1
        case failed = 2

        public var name: String { self == .done ? "done" : "failed" }
    }

    /// Whether a new attempt replaces the recorded one: a done result is final, so a
    /// later failed retry never hides it (it only counts as an attempt).
    public static func replaces(_ recorded: Status?) -> Bool { recorded != .done }

    public var key: TaskKey
    /// Position in the plan of the run that computed it (informative; keys identify tasks).
    public var planIndex: Int
    public var status: Status
    /// Why the task failed; empty when done.
    public var message: String
    /// The MPI rank that ran it.
    public var rank: Int
    /// Wall time of the attempt, seconds.
    public var seconds: Double
    /// When it finished, seconds since 1970.
    public var finishedAt: Double
    public var output: TaskOutput

    public init(key: TaskKey, planIndex: Int, status: Status, message: String = "", rank: Int, seconds: Double,
                finishedAt: Double, output: TaskOutput = TaskOutput()) {
        self.key = key
        self.planIndex = planIndex
        self.status = status
        self.message = message
        self.rank = rank
        self.seconds = seconds
        self.finishedAt = finishedAt
        self.output = output
    }
}

extension TaskResult {
    public struct DecodingError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Binary form, used both in the journal and in the RESULT message of a worker.
    public func encode(into writer: inout ByteWriter) {
        writer.write(key.hex)
        writer.write(planIndex)
        writer.write(status.rawValue)
        writer.write(message)
        writer.write(rank)
        writer.write(seconds)
        writer.write(finishedAt)
        let metrics = output.metrics.sorted { $0.key < $1.key }
        writer.write(UInt32(metrics.count))
        for (name, value) in metrics {
            writer.write(name)
            writer.write(value)
        }
        let arrays = output.arrays.sorted { $0.key < $1.key }
        writer.write(UInt32(arrays.count))
        for (name, values) in arrays {
            writer.write(name)
            writer.write(values)
        }
    }

    public static func decode(from reader: inout ByteReader) throws -> TaskResult {
        let hex = try reader.readString()
        guard let key = TaskKey(hex: hex) else { throw DecodingError(description: "invalid task key \(hex.debugDescription)") }
        let planIndex = try reader.readInt()
        guard let status = Status(rawValue: try reader.readByte()) else { throw DecodingError(description: "invalid status") }
        let message = try reader.readString()
        let rank = try reader.readInt()
        let seconds = try reader.readDouble()
        let finishedAt = try reader.readDouble()
        var output = TaskOutput()
        for _ in 0..<(try reader.readUInt32()) {
            let name = try reader.readString()
            output.metrics[name] = try reader.readDouble()
        }
        for _ in 0..<(try reader.readUInt32()) {
            let name = try reader.readString()
            output.arrays[name] = try reader.readDoubles()
        }
        return TaskResult(key: key, planIndex: planIndex, status: status, message: message, rank: rank,
                          seconds: seconds, finishedAt: finishedAt, output: output)
    }

    public var encoded: [UInt8] {
        var writer = ByteWriter()
        encode(into: &writer)
        return writer.bytes
    }
}
