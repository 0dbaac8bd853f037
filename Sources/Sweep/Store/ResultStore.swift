import Foundation
import HDF5
import Trainer

/// The results of a sweep as rank 0 holds them, and the HDF5 file written from
/// them (layout in `ResultStore+Layout.swift`).
///
/// The file is rewritten whole into `<out>.tmp` and renamed over `<out>`, so a
/// kill at any moment leaves either the previous complete file or the new one —
/// never a half-written file. The journal, not the file, is what makes a result
/// durable; the file is always rebuildable from it.
public final class ResultStore {
    public let plan: SweepPlan
    public let path: String
    public var provenance: Provenance
    /// The latest attempt of each task of the plan, by plan index (nil: pending).
    public private(set) var recorded: [RecordedTask?]
    private let indexByKey: [TaskKey: Int]
    /// The protocol's metric and array names, in column order.
    let metricNames: [String]
    let arrayNames: [String]
    /// Per array, the widest any task of the plan asks for (the dataset's width).
    let arrayWidths: [Int]
    /// Per task, its cell in the row-major `/cube/<metric>` arrays.
    let cubeCells: [Int]

    /// `results`: the latest result and attempt count per key (from the journal);
    /// keys that are not in the plan (a task an `--extend` dropped) are ignored.
    public init(plan: SweepPlan, path: String, provenance: Provenance, results: [TaskKey: (result: TaskResult, attempts: Int)]) {
        self.plan = plan
        self.path = path
        self.provenance = provenance
        var indexByKey = [TaskKey: Int](minimumCapacity: plan.tasks.count)
        for task in plan.tasks { indexByKey[task.key] = task.index }
        self.indexByKey = indexByKey
        let metricNames = plan.experiment.metrics.map(\.name), arrayNames = plan.experiment.arrays.map(\.name)
        self.metricNames = metricNames
        self.arrayNames = arrayNames
        let widths = plan.tasks.map { plan.experiment.arrayWidths($0.parameters) }
        arrayWidths = arrayNames.map { name in widths.map { $0[name] ?? 0 }.max() ?? 0 }
        let shape = plan.gridShape + [plan.repeats]
        let strides = shape.indices.map { shape[($0 + 1)...].reduce(1, *) }
        cubeCells = plan.tasks.map { task in zip(task.gridIndex + [task.repeatIndex], strides).reduce(0) { $0 + $1.0 * $1.1 } }
        var recorded = [RecordedTask?](repeating: nil, count: plan.tasks.count)
        for (key, entry) in results {
            if let index = indexByKey[key] {
                recorded[index] = RecordedTask(entry.result, attempts: entry.attempts, metricNames: metricNames, arrayNames: arrayNames)
            }
        }
        self.recorded = recorded
    }

    /// Adds new attempts (a done result is never replaced by a later failure).
    public func record(_ newResults: [TaskResult]) {
        for result in newResults {
            guard let index = indexByKey[result.key] else { continue }
            let attempts = (recorded[index]?.attempts ?? 0) + 1
            if TaskResult.replaces(recorded[index]?.status) {
                recorded[index] = RecordedTask(result, attempts: attempts, metricNames: metricNames, arrayNames: arrayNames)
            } else {
                recorded[index]!.attempts = attempts
            }
        }
    }

    /// Counts over the plan's tasks.
    public var counts: (done: Int, failed: Int, pending: Int) {
        var done = 0, failed = 0
        for entry in recorded {
            switch entry?.status {
            case .done?: done += 1
            case .failed?: failed += 1
            case nil: break
            }
        }
        return (done, failed, plan.tasks.count - done - failed)
    }

    /// Writes the whole file atomically (temporary file, fsync, rename).
    public func write() throws {
        let temporary = path + ".tmp"
        do {
            let file = try HDF5.File.create(temporary)
            try writeLayout(into: file)
            try file.close()
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw StoreError(path: path, underlying: error)
        }
        let fd = open(temporary, O_RDONLY | O_CLOEXEC)
        if fd >= 0 {
            let synced = fsync(fd)
            close(fd)
            guard synced == 0 else {
                let failure = SystemError("sync", path: temporary)
                try? FileManager.default.removeItem(atPath: temporary)
                throw failure
            }
        }
        guard rename(temporary, path) == 0 else {
            let failure = SystemError("rename \(temporary) to", path: path)
            try? FileManager.default.removeItem(atPath: temporary)
            throw failure
        }
        try Journal.syncDirectory(of: path)
    }
}

/// Writing the HDF5 file failed (often: the disk is full).
public struct StoreError: Error, CustomStringConvertible {
    public let path: String
    public let underlying: Error
    public var description: String {
        let journal = Journal.path(forOutput: path)
        let diskFull = (underlying as? SystemError)?.isDiskFull ?? "\(underlying)".contains("No space left on device")
        if diskFull {
            return "cannot write \(path): the disk is full (\(underlying)); every acknowledged result is safe in \(journal): free space and run again with --resume"
        }
        return "cannot write \(path): \(underlying); every acknowledged result is safe in \(journal)"
    }
}
