import Foundation
import HDF5

/// A result file's `/tasks` table (and optionally its `/arrays`) as CSV, for readers
/// without HDF5: `fsweep export FILE --csv OUT`.
///
/// One row per task in plan order, every `/tasks` column in the file's order; strings
/// are decoded UTF-8 (quoted per RFC 4180 when they hold a comma, quote or line break);
/// NaN and empty strings are empty fields; reals are written in the shortest form that
/// reads back to the same `Double`. With arrays, `/arrays/<name>` of width k adds the
/// columns `name[0]` … `name[k-1]` after the table's columns (NaN padding is empty).
public struct TaskTableExport: Sendable {
    /// Column names, in output order.
    public var names: [String]
    /// Column values, in the order of `names`, all with one value per task.
    public var columns: [CompoundTable.Column]

    /// The number of tasks (rows).
    public var rows: Int { columns.first?.count ?? 0 }

    public init(names: [String], columns: [CompoundTable.Column]) {
        self.names = names
        self.columns = columns
    }

    /// Reads `/tasks` (and, with `includeArrays`, every `/arrays/<name>`) from a result file
    /// through `TaskTableFile`, the reader `fsweep status` uses too.
    public static func read(path: String, includeArrays: Bool = false) throws -> TaskTableExport {
        let file = try TaskTableFile.read(path: path, includeArrays: includeArrays)
        var export = TaskTableExport(names: file.table.names, columns: file.table.columns)
        for array in file.arrays {
            export.appendArray(array.name, width: array.width, values: array.values)
        }
        return export
    }

    /// Adds the columns `name[0]`, `name[1]`, … of a row-major `[tasks, width]` array.
    mutating func appendArray(_ name: String, width: Int, values: [Double]) {
        for column in 0..<width {
            names.append("\(name)[\(column)]")
            columns.append(.float64((0..<rows).map { values[$0 * width + column] }))
        }
    }

    /// The CSV text: a header line, then one line per task, `\n`-terminated.
    public func csv() -> String {
        var lines = [names.map(TaskTableExport.field).joined(separator: ",")]
        lines.reserveCapacity(rows + 1)
        for row in 0..<rows {
            lines.append(columns.map { TaskTableExport.cell($0, row) }.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes the CSV to `path`, or to standard output when `path` is `-`.
    public func write(to path: String) throws {
        let data = Data(csv().utf8)
        if path == "-" {
            FileHandle.standardOutput.write(data)
            return
        }
        do {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw UsageError("cannot write \(path): \(error.localizedDescription)")
        }
    }

    /// One cell: NaN empty, reals round-trip exact, strings quoted when needed.
    static func cell(_ column: CompoundTable.Column, _ row: Int) -> String {
        switch column {
        case .float64(let values):
            let value = values[row]
            return value.isNaN ? "" : "\(value)"
        case .int64(let values):
            return String(values[row])
        case .string(let values, _):
            return field(values[row])
        }
    }

    /// A string as a CSV field (RFC 4180): quoted, with doubled quotes, when it holds a
    /// comma, a quote, a line break or leading/trailing spaces.
    static func field(_ text: String) -> String {
        let special = text.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
        let padded = text.first == " " || text.last == " "
        guard special || padded else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
