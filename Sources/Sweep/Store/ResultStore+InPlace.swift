import Foundation
import HDF5

/// A file as the file system names it: a file replaced by another (renamed over, deleted and
/// made again) has another inode, one rewritten in place keeps it.
struct FileIdentity: Equatable {
    let device: UInt64
    let inode: UInt64

    /// The identity of the file at `path` now (nil: there is none).
    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }
}

/// Why a snapshot could not be written in place (it is then written whole).
struct InPlaceRefusal: Error, CustomStringConvertible {
    let description: String
}

extension ResultStore {
    /// Overwrites, in the file the last whole write made, the rows changed since: `/tasks`'
    /// mutable fields but status, `/arrays/*` rows and cube cells, then the statuses, then the
    /// root's counts. See the type's documentation for why a kill at any moment is safe.
    /// Throws (and the caller writes whole) when the file is not the one expected.
    func writeInPlace(expecting identity: FileIdentity) throws {
        guard let current = FileIdentity(path: path) else { throw InPlaceRefusal(description: "\(path) is missing") }
        guard current == identity else { throw InPlaceRefusal(description: "\(path) was replaced since the last snapshot") }
        let rows = dirtyRows.sorted()
        let file = try HDF5.File.open(path, writable: true, fileLocking: false)
        do {
            try writeRows(rows, into: file)
            try file.close()
        } catch {
            try? file.close()
            throw error
        }
    }

    private func writeRows(_ rows: [Int], into file: HDF5.File) throws {
        let root = file.root
        let tasks = try root.dataset("tasks")
        let arrayDatasets = try arrayNames.map { try root.dataset("arrays/\($0)") }
        let cubeDatasets = try metricNames.map { try root.dataset("cube/\($0)") }
        // Checked before any byte is written: a file of another layout (another binary, a plan
        // that grew) is left as it is and rewritten whole.
        guard try tasks.shape == [plan.count], try tasks.hasFixedStorage,
              try tasks.recordMemberSize("message") == ResultStore.fixedMessageWidth,
              try tasks.recordMemberSize("status") == ResultStore.statusWidth else {
            throw InPlaceRefusal(description: "/tasks of \(path) is not a fixed-storage table of \(plan.count) rows")
        }
        for (position, dataset) in arrayDatasets.enumerated() {
            guard try dataset.shape == [plan.count, arrayWidths[position]], try dataset.hasFixedStorage else {
                throw InPlaceRefusal(description: "\(dataset.path) of \(path) is not a fixed-storage [\(plan.count), \(arrayWidths[position])] array")
            }
        }
        for dataset in cubeDatasets {
            guard try dataset.shape.reduce(1, *) == plan.count, try dataset.hasFixedStorage else {
                throw InPlaceRefusal(description: "\(dataset.path) of \(path) is not a fixed-storage cube of \(plan.count) cells")
            }
        }
        if !rows.isEmpty {
            try tasks.writeRecords(mutableFields(rows), atRows: rows)
            for (position, dataset) in arrayDatasets.enumerated() {
                let width = arrayWidths[position]
                guard width > 0 else { continue }
                var elements = [Int](), values = [Double]()
                elements.reserveCapacity(rows.count * width)
                values.reserveCapacity(rows.count * width)
                for row in rows {
                    for column in 0..<width {
                        elements.append(row * width + column)
                        values.append(arrays[position][row * width + column])
                    }
                }
                try dataset.write(doubles: values, atElements: elements)
            }
            let m = metricNames.count
            for (position, dataset) in cubeDatasets.enumerated() {
                // Plan order is the cube's row-major order: a task's row is its cell.
                try dataset.write(doubles: rows.map { metrics[$0 * m + position] }, atElements: rows)
            }
            // Last, so that a row reads done only once its values are in the file.
            let statusNames = ["pending", "done", "failed"]
            try tasks.writeRecords(CompoundTable(names: ["status"], columns: [
                .string(rows.map { statusNames[Int(status[$0])] }, width: ResultStore.statusWidth)]), atRows: rows)
        }
        let counts = self.counts
        try root.overwriteAttribute("tasks_done", .int64(Int64(counts.done)))
        try root.overwriteAttribute("tasks_failed", .int64(Int64(counts.failed)))
        try root.overwriteAttribute("tasks_pending", .int64(Int64(counts.pending)))
    }

    /// The `/tasks` fields a result changes, but status, for `rows`.
    private func mutableFields(_ rows: [Int]) -> CompoundTable {
        var names = ["attempts", "rank", "seconds"]
        var columns: [CompoundTable.Column] = [
            .int64(rows.map { Int64(attempts[$0]) }),
            .int64(rows.map { Int64(ranks[$0]) }),
            .float64(rows.map { seconds[$0] }),
        ]
        let m = metricNames.count
        for (position, metric) in metricNames.enumerated() {
            names.append(metric)
            columns.append(.float64(rows.map { metrics[$0 * m + position] }))
        }
        names.append("message")
        columns.append(.string(rows.map { ResultStore.clip(messages[$0] ?? "", to: ResultStore.fixedMessageWidth) }, width: ResultStore.fixedMessageWidth))
        return CompoundTable(names: names, columns: columns)
    }
}
