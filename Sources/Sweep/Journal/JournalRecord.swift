/// One record of the append-only journal.
public enum JournalRecord: Equatable, Sendable {
    /// The spec a run (or an `--extend`) used: its hash, its file name and its text.
    case spec(hash: String, file: String, text: String)
    /// A run started: when, how many MPI ranks, on which hosts, by which build.
    case runStarted(RunInfo)
    /// A task attempt finished (done or failed).
    case result(TaskResult)
    /// A run ended cleanly (all tasks attempted, or stopped by a signal).
    case runEnded(at: Double, reason: String)
}

/// Provenance of one run of `fsweep run` on an output.
public struct RunInfo: Equatable, Sendable {
    public var startedAt: Double
    public var mpiSize: Int
    public var hosts: [String]
    public var version: String
    public var gitCommit: String

    public init(startedAt: Double, mpiSize: Int, hosts: [String], version: String, gitCommit: String) {
        self.startedAt = startedAt
        self.mpiSize = mpiSize
        self.hosts = hosts
        self.version = version
        self.gitCommit = gitCommit
    }
}

extension JournalRecord {
    private enum Kind: UInt8 {
        case spec = 1, runStarted = 2, result = 3, runEnded = 4
    }

    var encoded: [UInt8] {
        var writer = ByteWriter()
        switch self {
        case .spec(let hash, let file, let text):
            writer.write(Kind.spec.rawValue)
            writer.write(hash)
            writer.write(file)
            writer.write(text)
        case .runStarted(let info):
            writer.write(Kind.runStarted.rawValue)
            writer.write(info.startedAt)
            writer.write(info.mpiSize)
            writer.write(info.hosts.joined(separator: "\n"))
            writer.write(info.version)
            writer.write(info.gitCommit)
        case .result(let result):
            writer.write(Kind.result.rawValue)
            result.encode(into: &writer)
        case .runEnded(let time, let reason):
            writer.write(Kind.runEnded.rawValue)
            writer.write(time)
            writer.write(reason)
        }
        return writer.bytes
    }

    static func decode(_ bytes: [UInt8]) throws -> JournalRecord {
        var reader = ByteReader(bytes)
        switch Kind(rawValue: try reader.readByte()) {
        case .spec:
            return .spec(hash: try reader.readString(), file: try reader.readString(), text: try reader.readString())
        case .runStarted:
            let startedAt = try reader.readDouble()
            let size = try reader.readInt()
            let hosts = try reader.readString().split(separator: "\n").map(String.init)
            return .runStarted(RunInfo(startedAt: startedAt, mpiSize: size, hosts: hosts,
                                       version: try reader.readString(), gitCommit: try reader.readString()))
        case .result:
            return .result(try TaskResult.decode(from: &reader))
        case .runEnded:
            return .runEnded(at: try reader.readDouble(), reason: try reader.readString())
        case nil:
            throw TaskResult.DecodingError(description: "unknown journal record kind")
        }
    }
}
