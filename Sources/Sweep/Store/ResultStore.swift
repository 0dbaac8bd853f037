import Foundation
import HDF5
import Trainer

/// The results of a sweep as rank 0 holds them, and the HDF5 file written from
/// them (layout in `ResultStore+Layout.swift`).
///
/// The journal, not the file, is what makes a result durable; the file is always
/// rebuildable from it. The file is written in two ways:
///
/// - **Whole** (`writeWhole`): into `<out>.tmp`, fsync, rename over `<out>`, so a kill
///   leaves either the previous file or the new one. The first write of every run
///   (start, resume, `--extend`) is whole, and so is the last (`write(compacting: true)`:
///   gzip, message column as wide as the longest message). A whole write made for
///   later in-place snapshots gives `/tasks`, `/arrays/*` and `/cube/<metric>` fixed
///   storage: contiguous, uncompressed, allocated at creation, the message column
///   `fixedMessageWidth` bytes wide. Should that file not fit (the disk nearly full), the
///   compressed one is tried, and the run goes on with whole compressed writes as before.
/// - **In place** (`writeInPlace`, every later snapshot): opens that same file (same
///   device and inode) read-write without HDF5 file locking and overwrites only the
///   rows recorded since the last write — their mutable `/tasks` fields, `/arrays/*`
///   rows and cube cells, then their `status` (a separate write, so a reader never sees
///   `done` before the row's values), then the root's `tasks_done/failed/pending`
///   (same-size int64 attributes) — and closes it. Its cost is proportional to the
///   changed rows, not to the plan.
///
/// Why an in-place snapshot is safe against `kill -9` at any moment: the file's
/// metadata does not move after creation. With fixed storage HDF5 turns each write into
/// `pwrite`s of raw bytes inside each dataset's one extent; no object header, layout
/// address, B-tree or allocation (the superblock's end of address) changes, and the
/// file never grows. A kill mid-snapshot leaves a structurally valid file, some rows
/// old and some new (each new `done` row complete, as status goes last); `--resume`
/// rebuilds it whole from the journal. Measured with strace on HDF5 1.10.8 (superblock
/// version 0, the library's default bounds): besides raw data an in-place snapshot writes
/// two metadata blocks, each at its own address with its own size — the superblock (96
/// bytes at offset 0: the "open for write" consistency flag, set at open and cleared at
/// close; libraries check it only from superblock version 3, and HDF5 1.10.8, h5py's HDF5
/// and ncdump open a file left with it set) and the fractal-heap block that holds the root's
/// attributes (dense storage; 1 KB), for the three counts. The root keeps no modification
/// time, so its object header is not rewritten. That heap block carries a checksum: were a
/// `kill -9` to land inside that one `pwrite` while it straddles a page boundary, the
/// root's attributes (not `/tasks`, `/arrays`, `/cube`) could fail their checksum
/// until `--resume` rewrites the file. If anything about the file is unexpected (it is
/// missing, replaced, of another layout, or a write fails), the snapshot falls back to a
/// whole write.
public final class ResultStore {
    public let plan: SweepPlan
    public let path: String
    public var provenance: Provenance
    /// The latest attempt of each task, by plan index, column by column (a 10^6-task
    /// sweep keeps about 80 bytes a task here, plus its metrics and arrays, and the
    /// columns go to the file as they are): status 0 pending, 1 done, 2 failed.
    private(set) var status: [UInt8]
    private(set) var attempts: [Int32]
    private(set) var ranks: [Int32]
    private(set) var seconds: [Double]
    /// Row-major [tasks, metricNames.count]; NaN where not computed.
    private(set) var metrics: [Double]
    /// Per array, row-major [tasks, arrayWidths[i]]; NaN-padded.
    private(set) var arrays: [[Double]]
    /// Why a task failed, only for those that did.
    private(set) var messages: [Int: String]
    private(set) var doneCount = 0
    private(set) var failedCount = 0
    /// The protocol's metric and array names, in column order.
    let metricNames: [String]
    let arrayNames: [String]
    /// Per array, the widest any task of the plan asks for (the dataset's width).
    let arrayWidths: [Int]
    /// The columns that never change during a run (index, key, parameters, seed), made at the first write.
    var fixedColumns: (names: [String], columns: [CompoundTable.Column])?
    /// Plan indices whose row changed since the last write, in the order first changed
    /// (`isDirty` marks them, so each is listed once).
    var dirtyRows: [Int] = []
    var isDirty: [Bool]
    /// The file the last whole write made with fixed storage (nil: none yet, or the last
    /// write was compacting or failed): the one later snapshots may update in place.
    var inPlaceFile: FileIdentity?

    /// What a write did: `whole` (the file made anew) or `inPlace`, and how many task rows it wrote.
    public enum WriteKind: Equatable, Sendable { case whole, inPlace }
    public private(set) var lastWrite: (kind: WriteKind, rows: Int)?
    /// Whether the next `write()` will try to update the file in place.
    public var writesInPlaceNext: Bool { inPlaceFile != nil }
    /// Why this store writes whole, compressed files only: a whole write with fixed storage
    /// failed (the disk too full for it) where a compressed one succeeded.
    public private(set) var fixedStorageRefused: String?
    /// Why the last write was whole although an in-place one was possible (nil: it was not).
    public private(set) var lastFallback: String?

    /// `results`: the latest result and attempt count per key (from the journal);
    /// keys that are not in the plan (a task an `--extend` dropped) are ignored.
    public init(plan: SweepPlan, path: String, provenance: Provenance, results: [TaskKey: (result: TaskResult, attempts: Int)]) {
        self.plan = plan
        self.path = path
        self.provenance = provenance
        let metricNames = plan.experiment.metrics.map(\.name), arrayNames = plan.experiment.arrays.map(\.name)
        self.metricNames = metricNames
        self.arrayNames = arrayNames
        arrayWidths = arrayNames.map { plan.arrayWidths[$0] ?? 0 }
        let count = plan.count
        status = [UInt8](repeating: 0, count: count)
        attempts = [Int32](repeating: 0, count: count)
        ranks = [Int32](repeating: -1, count: count)
        seconds = [Double](repeating: .nan, count: count)
        metrics = [Double](repeating: .nan, count: count * metricNames.count)
        arrays = arrayWidths.map { [Double](repeating: .nan, count: count * $0) }
        messages = [:]
        isDirty = [Bool](repeating: false, count: count)
        if !results.isEmpty {
            // Matched by key: the plan's order may differ from the run that wrote them (--extend).
            for index in 0..<count {
                if let entry = results[plan.key(at: index)] { put(entry.result, at: index, attempts: entry.attempts) }
            }
        }
    }

    private func markDirty(_ index: Int) {
        if !isDirty[index] {
            isDirty[index] = true
            dirtyRows.append(index)
        }
    }

    private func put(_ result: TaskResult, at index: Int, attempts count: Int) {
        markDirty(index)
        switch status[index] {
        case 1: doneCount -= 1
        case 2: failedCount -= 1
        default: break
        }
        attempts[index] = Int32(clamping: count)
        status[index] = result.status.rawValue
        if result.status == .done { doneCount += 1 } else { failedCount += 1 }
        ranks[index] = Int32(clamping: result.rank)
        seconds[index] = result.seconds
        if result.message.isEmpty { messages[index] = nil } else { messages[index] = result.message }
        let done = result.status == .done
        let m = metricNames.count
        for (position, name) in metricNames.enumerated() {
            metrics[index * m + position] = done ? (result.output.metrics[name] ?? .nan) : .nan
        }
        for (position, name) in arrayNames.enumerated() {
            let width = arrayWidths[position]
            let values = done ? (result.output.arrays[name] ?? []) : []
            for column in 0..<width {
                arrays[position][index * width + column] = column < values.count ? values[column] : .nan
            }
        }
    }

    /// The latest attempt of task `index` (nil: pending).
    public func recorded(at index: Int) -> RecordedTask? {
        guard let kind = TaskResult.Status(rawValue: status[index]) else { return nil }
        let m = metricNames.count
        return RecordedTask(status: kind, attempts: Int(attempts[index]), rank: Int(ranks[index]), seconds: seconds[index],
                            message: messages[index] ?? "", metrics: Array(metrics[index * m ..< (index + 1) * m]),
                            arrays: arrayWidths.indices.map { Array(arrays[$0][index * arrayWidths[$0] ..< (index + 1) * arrayWidths[$0]]) })
    }

    /// Adds new attempts (a done result is never replaced by a later failure). A result
    /// is found by its plan index, checked against its key; one whose key is not that
    /// task's is looked for by key.
    public func record(_ newResults: [TaskResult]) {
        for result in newResults {
            var index = result.planIndex
            if index < 0 || index >= plan.count || plan.key(at: index) != result.key {
                guard let found = (0..<plan.count).first(where: { plan.key(at: $0) == result.key }) else { continue }
                index = found
            }
            let count = Int(attempts[index]) + 1
            if TaskResult.replaces(TaskResult.Status(rawValue: status[index])) {
                put(result, at: index, attempts: count)
            } else {
                attempts[index] = Int32(clamping: count)
                markDirty(index)
            }
        }
    }

    /// Counts over the plan's tasks.
    public var counts: (done: Int, failed: Int, pending: Int) {
        (doneCount, failedCount, plan.count - doneCount - failedCount)
    }

    /// Brings the file up to date: in place when the file is the one the last whole write of
    /// this store made (only the rows changed since), else whole. `compacting`: whole, gzip,
    /// the message column as wide as the longest message (the end of a run).
    public func write(compacting: Bool = false) throws {
        if !compacting, let identity = inPlaceFile {
            do {
                try writeInPlace(expecting: identity)
                lastWrite = (.inPlace, dirtyRows.count)
                lastFallback = nil
                clearDirtyRows()
                return
            } catch {
                lastFallback = "\(error)"
            }
        } else {
            lastFallback = nil
        }
        if compacting || fixedStorageRefused != nil {
            try writeWhole(updatableInPlace: false)
        } else {
            do {
                try writeWhole(updatableInPlace: true)
            } catch {
                // The uncompressed file is about 4x the compressed one: on a nearly full disk
                // the compressed one may still fit. Then this run writes whole, compressed.
                try writeWhole(updatableInPlace: false)
                fixedStorageRefused = "\(error)"
            }
        }
        lastWrite = (.whole, plan.count)
        clearDirtyRows()
    }

    private func clearDirtyRows() {
        for index in dirtyRows { isDirty[index] = false }
        dirtyRows.removeAll(keepingCapacity: true)
    }

    /// Writes the whole file atomically (temporary file, fsync, rename).
    private func writeWhole(updatableInPlace: Bool) throws {
        inPlaceFile = nil
        let temporary = path + ".tmp"
        do {
            let file = try HDF5.File.create(temporary)
            try writeLayout(into: file, updatableInPlace: updatableInPlace)
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
        if updatableInPlace { inPlaceFile = FileIdentity(path: path) }
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
