import Foundation
import HDF5

/// The one reader of a result file's `/tasks` table: `fsweep status` (`SweepStatus`) and
/// `fsweep export` (`TaskTableExport`) both read through it. Resume reads the journal,
/// the durable record, not the file (the file may be a snapshot behind it).
///
/// Opened without HDF5 file locking, so that reading never stops a running sweep's snapshot:
/// a whole write renames a new file over the old one (a reader sees either, complete); an
/// in-place snapshot overwrites rows of the same file, so a reader that lands in one sees some
/// rows of the previous snapshot and some of the next, each row's status written after its
/// values (never `done` without them). The file's structure does not change meanwhile.
public struct TaskTableFile {
    public let path: String
    /// `/tasks` as written: one row per task in plan order.
    public let table: CompoundTable
    /// The root's string attributes (provenance: protocol, created, finished, kernels…).
    public let attributes: [String: String]
    /// `/arrays/<name>` as (name, width, row-major values), when asked for.
    public let arrays: [(name: String, width: Int, values: [Double])]

    /// Reads `/tasks`, the root's attributes and, with `includeArrays`, every `/arrays/<name>`.
    public static func read(path: String, includeArrays: Bool = false) throws -> TaskTableFile {
        let journal = Journal.path(forOutput: path)
        if !FileManager.default.fileExists(atPath: path) && FileManager.default.fileExists(atPath: journal) {
            // A sweep of more than 100,000 tasks writes its first snapshot one interval in.
            throw UsageError("\(path) has no snapshot yet, only its journal \(journal): a running sweep of more than 100,000 tasks writes the file after about 40 s per 10^6 tasks (a stopped one: run it again with --resume to write it)")
        }
        let file = try HDF5.File.open(path, writable: false, fileLocking: false)
        defer { try? file.close() }
        guard file.root.contains("tasks") else {
            throw UsageError("\(path) has no /tasks table: not a result file written by fsweep run")
        }
        let table = try file.root.dataset("tasks").readTable()
        var attributes = [String: String]()
        for name in ["protocol", "created", "finished"] + KernelProvenance.attributeNames {
            if case .string(let value)? = try? file.root.attribute(name) { attributes[name] = value }
        }
        var arrays = [(name: String, width: Int, values: [Double])]()
        if includeArrays && file.root.contains("arrays") {
            let group = try file.root.openGroup("arrays")
            for name in try group.memberNames() {
                let dataset = try group.dataset(name)
                let shape = try dataset.shape
                guard shape.count == 2, shape[0] == table.rows else {
                    throw UsageError("\(dataset.path) in \(dataset.filePath) has shape \(shape), expected [\(table.rows), width]")
                }
                arrays.append((name, shape[1], try dataset.readDoubles()))
            }
        }
        return TaskTableFile(path: path, table: table, attributes: attributes, arrays: arrays)
    }

    public var rows: Int { table.rows }

    /// A string column, or empty when absent or of another type.
    public func strings(_ name: String) -> [String] {
        if case .string(let values, _)? = table[name] { return values }
        return []
    }

    public func integers(_ name: String) -> [Int] {
        if case .int64(let values)? = table[name] { return values.map { Int($0) } }
        return []
    }

    public func reals(_ name: String) -> [Double] {
        if case .float64(let values)? = table[name] { return values }
        return []
    }
}
