import Foundation
import HDF5

/// What `fsweep status` reports, read from a result file's `/tasks` table.
public struct SweepStatus: Codable, Equatable, Sendable {
    public struct RankLoad: Codable, Equatable, Sendable {
        public var rank: Int
        public var tasks: Int
        public var seconds: Double
        /// Tasks per second of that rank's busy time.
        public var tasksPerSecond: Double
    }

    public struct Failure: Codable, Equatable, Sendable {
        public var index: Int
        public var key: String
        public var attempts: Int
        public var message: String
    }

    public var file: String
    public var protocolName: String
    public var total: Int
    public var done: Int
    public var failed: Int
    public var pending: Int
    public var ranks: [RankLoad]
    public var failures: [Failure]
    public var created: String
    public var finished: String
    /// The CPU, kernel path and BLAS attributes of the run that wrote the file
    /// (`KernelProvenance.attributeNames`); empty for files written before they existed.
    public var kernels: [String: String]

    /// Reads the status of a result file (without HDF5 file locking, so it works
    /// on a file another run is about to replace).
    public static func read(path: String) throws -> SweepStatus {
        try status(of: TaskTableFile.read(path: path))
    }

    /// The status of a result file already read.
    public static func status(of file: TaskTableFile) throws -> SweepStatus {
        let path = file.path, table = file.table
        let strings = file.strings, integers = file.integers, reals = file.reals
        let status = strings("status"), ranks = integers("rank"), seconds = reals("seconds")
        let indices = integers("index"), keys = strings("key"), attempts = integers("attempts"), messages = strings("message")
        guard status.count == table.rows, ranks.count == table.rows, seconds.count == table.rows else {
            throw UsageError("\(path) has no fsweep /tasks table (columns status, rank, seconds missing)")
        }
        var load = [Int: (tasks: Int, seconds: Double)]()
        var failures = [Failure]()
        for row in 0..<table.rows where status[row] != "pending" {
            load[ranks[row], default: (0, 0)].tasks += 1
            load[ranks[row], default: (0, 0)].seconds += seconds[row].isFinite ? seconds[row] : 0
            if status[row] == "failed" {
                failures.append(Failure(index: indices[row], key: keys[row], attempts: attempts[row], message: messages[row]))
            }
        }
        func attribute(_ name: String) -> String { file.attributes[name] ?? "" }
        var done = 0, pending = 0
        for value in status {
            if value == "done" { done += 1 } else if value == "pending" { pending += 1 }
        }
        return SweepStatus(
            file: path, protocolName: attribute("protocol"), total: table.rows,
            done: done, failed: failures.count, pending: pending,
            ranks: load.keys.sorted().map { rank in
                let entry = load[rank]!
                return RankLoad(rank: rank, tasks: entry.tasks, seconds: entry.seconds,
                                tasksPerSecond: entry.seconds > 0 ? Double(entry.tasks) / entry.seconds : 0)
            },
            failures: failures, created: attribute("created"), finished: attribute("finished"),
            kernels: Dictionary(uniqueKeysWithValues: KernelProvenance.attributeNames.compactMap { name in
                let value = attribute(name)
                return value.isEmpty ? nil : (name, value)
            }))
    }

    /// The human-readable report.
    public var text: String {
        var lines = ["\(file): \(protocolName), \(total) tasks: \(done) done, \(failed) failed, \(pending) pending"]
        lines.append("created \(created)" + (finished.isEmpty ? ", not finished" : ", finished \(finished)"))
        if let model = kernels["cpu_model"] {
            lines.append("computed on \(model) (\(kernels["cpu_flags"] ?? "")); GEMM \(kernels["kernel_path"] ?? "?"); OpenBLAS \(kernels["blas_core"] ?? "?") kernels")
            if let mixed = kernels["cpu_mixed"] { lines.append("mixed CPUs: \(mixed)") }
        }
        if !ranks.isEmpty {
            lines.append("rank  tasks  busy seconds  tasks/s")
            for r in ranks {
                lines.append(String(format: "%4d  %5d  %12.1f  %7.3f", r.rank, r.tasks, r.seconds, r.tasksPerSecond))
            }
        }
        if !failures.isEmpty {
            lines.append("failures (rerun with --resume --retry-failed):")
            for f in failures { lines.append("  task \(f.index) [\(f.key)] after \(f.attempts) attempt(s): \(f.message)") }
        }
        return lines.joined(separator: "\n")
    }
}
