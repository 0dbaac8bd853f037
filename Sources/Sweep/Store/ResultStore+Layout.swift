import Foundation
import HDF5
import Trainer

/// The HDF5 layout (DESIGN.md, "Result store"):
///
/// - `/tasks`: one compound row per task in plan order — `index`, `key`, every
///   parameter, `seed`, `status`, `attempts`, `rank`, `seconds`, every scalar
///   metric (NaN where not computed), `message` (why a task failed). Fixed-length
///   strings only.
/// - `/arrays/<name>`: [tasks, width] per-task arrays, NaN-padded.
/// - `/cube/<metric>`: metrics over the grid axes plus `seed`, with the axis
///   values as dimension scales: a netCDF-4 group (see `writeCube`).
/// - `/task`: the task index 0..<tasks, the dimension scale of `/tasks` (netCDF
///   readers, h5netcdf among them, name that dimension `task` instead of inventing
///   a phony one when they open the root group).
/// - `/spec`: the spec's text; the root's attributes hold the provenance.
extension ResultStore {
    static let statusWidth = 7
    static let messageWidth = 240
    /// The message column's width in a file updated in place: it must be fixed when the file
    /// is made. Failure messages are short (a non-finite metric's name, a timeout, a LAPACK
    /// routine's complaint: 40-90 bytes); 240 bytes a row were more than half of a 10^6-task
    /// file (about 420 MB uncompressed) and of the time to write it. Longer messages are cut
    /// here only until the run ends: the finished file holds up to `messageWidth` bytes and
    /// the journal every message whole.
    static let fixedMessageWidth = 96

    /// Writes every dataset and attribute. `updatableInPlace`: `/tasks`, `/arrays/*` and the
    /// cube's metrics get fixed storage (contiguous, uncompressed, allocated now) and the message
    /// column `fixedMessageWidth` bytes, so that `writeInPlace` can overwrite rows later; otherwise they
    /// are compressed and the message column is as wide as the longest message.
    func writeLayout(into file: HDF5.File, updatableInPlace: Bool) throws {
        let root = file.root
        try writeProvenance(root)
        let tasks = try root.createTable("tasks", taskTable(messageWidth: updatableInPlace ? ResultStore.fixedMessageWidth : nil),
                                         updatableInPlace: updatableInPlace)
        try tasks.setAttribute("description", .string("one row per task in plan order; status is pending, done or failed; metrics are NaN where not computed"))
        let taskScale = try root.createDataset("task", int64s: plan.tasks.map { Int64($0.index) }, shape: [plan.tasks.count], compress: false)
        try taskScale.makeDimensionScale(name: "task")
        try taskScale.setAttribute("long_name", .string("task index: the row of /tasks and of each /arrays/<name>"))
        try taskScale.setAttribute("units", .string("1"))
        try tasks.attachDimensionScale(taskScale, dimension: 0)
        try writeArrays(try root.createGroup("arrays"), updatableInPlace: updatableInPlace)
        try writeCube(try root.createGroup("cube"), updatableInPlace: updatableInPlace)
    }

    private func writeProvenance(_ root: Group) throws {
        let spec = try root.createDataset("spec", string: provenance.specText)
        try spec.setAttribute("sha256", .string(provenance.specHash))
        try spec.setAttribute("file", .string(provenance.specFile))
        let iso = ISO8601DateFormatter()
        let counts = self.counts
        let attributes: [(String, AttributeValue)] = [
            ("protocol", .string(provenance.protocolName)),
            ("spec_sha256", .string(provenance.specHash)),
            ("root_seed", .int64(Int64(bitPattern: provenance.rootSeed))),
            ("fsweep_version", .string(provenance.version)),
            ("git_commit", .string(provenance.gitCommit)),
            ("created", .string(iso.string(from: provenance.created))),
            ("finished", .string(provenance.finished.map { iso.string(from: $0) } ?? "")),
            ("mpi_size", .int64(Int64(provenance.mpiSize))),
            ("hosts", .string(provenance.hosts.joined(separator: ","))),
            ("tasks_total", .int64(Int64(plan.count))),
            ("tasks_done", .int64(Int64(counts.done))),
            ("tasks_failed", .int64(Int64(counts.failed))),
            ("tasks_pending", .int64(Int64(counts.pending))),
        ]
        for (name, value) in attributes { try root.setAttribute(name, value) }
        for (name, value) in provenance.kernels?.attributes ?? [] { try root.setAttribute(name, .string(value)) }
    }

    /// `/tasks` as a table; the message column `messageWidth` bytes wide, or (nil) as wide as the
    /// longest message.
    func taskTable(messageWidth fixedWidth: Int? = nil) -> CompoundTable {
        if fixedColumns == nil { fixedColumns = makeFixedColumns() }
        var names = fixedColumns!.names
        var columns = fixedColumns!.columns
        let statusNames = ["pending", "done", "failed"]
        names += ["status", "attempts", "rank", "seconds"]
        columns += [
            .string(status.map { statusNames[Int($0)] }, width: ResultStore.statusWidth),
            .int64(attempts.map { Int64($0) }),
            .int64(ranks.map { Int64($0) }),
            .float64(seconds),
        ]
        let m = metricNames.count
        for (position, metric) in metricNames.enumerated() {
            names.append(metric)
            columns.append(.float64((0..<plan.count).map { metrics[$0 * m + position] }))
        }
        names.append("message")
        // As wide as the longest message (at most messageWidth bytes): 240 empty bytes a row
        // were two thirds of a smoke sweep's table, and of the time to compress it.
        var clipped = [String](repeating: "", count: plan.count)
        var width = 1
        for (index, message) in messages {
            clipped[index] = ResultStore.clip(message, to: fixedWidth ?? ResultStore.messageWidth)
            width = max(width, clipped[index].utf8.count)
        }
        columns.append(.string(clipped, width: fixedWidth ?? width))
        return CompoundTable(names: names, columns: columns)
    }

    /// `index`, `key`, every parameter and `seed`: the same at every snapshot of a run.
    /// Parameters are evaluated once per grid point, not per task.
    private func makeFixedColumns() -> (names: [String], columns: [CompoundTable.Column]) {
        let count = plan.count, repeats = plan.repeats
        var names = ["index", "key"]
        var columns: [CompoundTable.Column] = [
            .int64((0..<count).map { Int64($0) }),
            .string((0..<count).map { plan.key(at: $0).hex }, width: 32),
        ]
        let parameters = plan.experiment.parameters
        var integers = [[Int64]](repeating: [], count: parameters.count)
        var reals = [[Double]](repeating: [], count: parameters.count)
        var texts = [[String]](repeating: [], count: parameters.count)
        for (position, parameter) in parameters.enumerated() {
            switch parameter.kind {
            case .integer: integers[position].reserveCapacity(count)
            case .real: reals[position].reserveCapacity(count)
            case .choice, .realList: texts[position].reserveCapacity(count)
            }
        }
        for point in 0..<(count / max(repeats, 1)) {
            let values = plan.pointValues(point)
            for (position, parameter) in parameters.enumerated() {
                let value = values[parameter.name]
                switch parameter.kind {
                case .integer:
                    var v: Int64 = 0
                    if case .integer(let i)? = value { v = Int64(i) }
                    integers[position].append(contentsOf: repeatElement(v, count: repeats))
                case .real:
                    reals[position].append(contentsOf: repeatElement(value?.asDouble ?? .nan, count: repeats))
                case .choice, .realList:
                    texts[position].append(contentsOf: repeatElement(value?.description ?? "", count: repeats))
                }
            }
        }
        for (position, parameter) in parameters.enumerated() {
            names.append(parameter.name)
            switch parameter.kind {
            case .integer: columns.append(.int64(integers[position]))
            case .real: columns.append(.float64(reals[position]))
            case .choice(let options):
                columns.append(.string(texts[position], width: max(1, options.map(\.utf8.count).max() ?? 1)))
            case .realList:
                // The list's canonical text ("0.5,0.25"; "" when not given), as wide as the longest.
                columns.append(.string(texts[position], width: max(1, texts[position].map(\.utf8.count).max() ?? 1)))
            }
        }
        names.append("seed")
        columns.append(.int64((0..<count).map { Int64($0 % repeats) }))
        return (names, columns)
    }

    /// Cuts a UTF-8 string to at most `width` bytes without splitting a character.
    static func clip(_ text: String, to width: Int) -> String {
        var result = ""
        var used = 0
        for character in text {
            let size = String(character).utf8.count
            if used + size > width { break }
            result.append(character)
            used += size
        }
        return result
    }

    /// No dimension scales here: netCDF-C refuses a variable with a scale on some dimensions
    /// and none on others ("Invalid dimension ID"), and a scale per array width would sit
    /// among the arrays; netCDF readers give these phony dimensions.
    private func writeArrays(_ group: Group, updatableInPlace: Bool) throws {
        for (position, array) in plan.experiment.arrays.enumerated() {
            let dataset = try group.createDataset(array.name, doubles: arrays[position], shape: [plan.count, arrayWidths[position]],
                                                  updatableInPlace: updatableInPlace)
            try dataset.setAttribute("description", .string(array.summary + "; row = task index (see /tasks), NaN-padded"))
        }
    }

    /// Axis values as they go into a dimension scale.
    private enum ScaleValues {
        case numbers([Double])
        case integers([Int64])
        case strings([String])
    }

    private func scaleValues(_ values: [ParameterValue]) -> ScaleValues {
        if values.allSatisfy({ if case .integer = $0 { return true } else { return false } }) {
            return .integers(values.map { if case .integer(let v) = $0 { return Int64(v) } else { return 0 } })
        }
        if values.allSatisfy({ $0.asDouble != nil }) { return .numbers(values.map { $0.asDouble! }) }
        return .strings(values.map(\.description))
    }

    private func createScaleDataset(_ group: Group, _ name: String, _ values: ScaleValues) throws -> Dataset {
        switch values {
        case .numbers(let v): return try group.createDataset(name, doubles: v, shape: [v.count], compress: false)
        case .integers(let v): return try group.createDataset(name, int64s: v, shape: [v.count], compress: false)
        // netCDF-4's string type: netCDF-C runs a fixed-length string array's values together.
        case .strings(let v): return try group.createDataset(name, variableLengthStrings: v)
        }
    }

    /// CF `long_name` (the parameter's description) and `units` (numbers only) of an axis or
    /// zipped coordinate.
    private func describeParameter(_ dataset: Dataset, _ name: String, _ values: ScaleValues) throws {
        let spec = plan.experiment.parameter(named: name)
        try dataset.setAttribute("long_name", .string(spec?.summary ?? name))
        if case .strings = values { return }
        try dataset.setAttribute("units", .string(spec?.units ?? "1"))
    }

    /// The cube as a netCDF-4 group (read by `ncdump`, netCDF-C and so xarray's default engine,
    /// and h5netcdf, none of them needing phony dimensions): each axis a dimension scale named
    /// after itself (strings as variable-length UTF-8), every dimension of every variable with
    /// its scale attached, CF `long_name` and `units` on axes and metrics, and `_FillValue` NaN
    /// (also the HDF5 fill value) on the metrics, whose pending cells hold NaN.
    private func writeCube(_ group: Group, updatableInPlace: Bool) throws {
        let axes = plan.axes
        let shape = plan.gridShape + [plan.repeats]
        var scales = [Dataset]()
        var coordinates = [(Dataset, Int)]()
        for (dimension, axis) in axes.enumerated() {
            let values = scaleValues(axis.values.map { $0[0] })
            let scale = try createScaleDataset(group, axis.name, values)
            try scale.makeDimensionScale(name: axis.name)
            try describeParameter(scale, axis.name, values)
            scales.append(scale)
            for (member, parameter) in axis.parameters.enumerated().dropFirst() {
                // Zipped parameters travel with their axis: coordinates along the same dimension.
                let memberValues = scaleValues(axis.values.map { $0[member] })
                let coordinate = try createScaleDataset(group, parameter, memberValues)
                try describeParameter(coordinate, parameter, memberValues)
                coordinates.append((coordinate, dimension))
            }
        }
        let seedScale = try group.createDataset("seed", int64s: (0..<plan.repeats).map(Int64.init), shape: [plan.repeats], compress: false)
        try seedScale.makeDimensionScale(name: "seed")
        try seedScale.setAttribute("long_name", .string("repeat index (random streams derive from root_seed and the task key)"))
        try seedScale.setAttribute("units", .string("1"))
        scales.append(seedScale)
        for (coordinate, dimension) in coordinates {
            try coordinate.attachDimensionScale(scales[dimension], dimension: 0)
        }

        let zippedNames = axes.flatMap { $0.parameters.dropFirst() }
        let cells = shape.reduce(1, *)
        for (position, metric) in plan.experiment.metrics.enumerated() {
            // Plan order is the cube's row-major order (grid axes, then seed): row = cell.
            let m = metricNames.count
            let values = (0..<cells).map { metrics[$0 * m + position] }
            let dataset = try group.createDataset(metric.name, doubles: values, shape: shape, fillValue: .nan,
                                                  updatableInPlace: updatableInPlace)
            try dataset.setAttribute("long_name", .string(metric.summary))
            try dataset.setAttribute("units", .string(metric.units))
            try dataset.setAttribute("_FillValue", .double(.nan))
            for (dimension, scale) in scales.enumerated() {
                try dataset.attachDimensionScale(scale, dimension: dimension)
            }
            if !zippedNames.isEmpty {
                // CF convention: xarray lists zipped parameters as coordinates, not data.
                try dataset.setAttribute("coordinates", .string(zippedNames.joined(separator: " ")))
            }
            try dataset.setAttribute("description", .string(metric.summary))
        }
    }
}
