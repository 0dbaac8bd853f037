import TOMLKit
import Trainer

extension SpecParser {
    /// The generator names of axis tables.
    static let generatorKinds = ["linspace", "logspace", "range"]

    /// The normalised values of one grid key or zip entry: a list or a generator table.
    /// With `unique`, a value that appears twice is an error (it would make two tasks
    /// with the same key).
    func axisValues(_ value: TOMLValueConvertible, spec: ParameterSpec, path: [String], unique: Bool) throws -> [ParameterValue] {
        var raw: [ParameterValue]
        var generated = false
        if spec.isList {
            // An axis of a list parameter: a list of lists.
            guard let array = value.array else {
                throw error(at: path, "an axis of `\(spec.name)` is a list of lists, e.g. `\(spec.name) = [[0.5, 0.5], [1.0, 0.25]]`; found \(SpecParser.describe(value.type)). To hold it constant, set it in [fixed]")
            }
            guard !array.isEmpty else { throw error(at: path, "empty axis: give at least one value") }
            let values = try (0..<array.count).map { i -> ParameterValue in
                guard array[i].type == .array else {
                    throw error(at: path, "element \(i + 1) is \(SpecParser.describe(array[i].type)); an axis of `\(spec.name)` lists lists, e.g. [[0.5, 0.5], [1.0, 0.25]]")
                }
                return try listParameterValue(array[i], spec: spec, path: path)
            }
            if unique {
                var seen = Set<ParameterValue>()
                for v in values where !seen.insert(v).inserted {
                    throw error(at: path, "value [\(v)] appears twice; the values of an axis must differ")
                }
            }
            return values
        }
        switch value.type {
        case .array:
            raw = []
            for (i, element) in value.array!.enumerated() {
                guard let scalar = SpecParser.scalar(element, for: spec) else {
                    throw error(at: path, "element \(i + 1) is \(SpecParser.describe(element.type)); an axis lists numbers or strings")
                }
                raw.append(scalar)
            }
        case .table:
            let generator = try self.generator(value.table!, path: path)
            let count = generator.count
            guard count <= SpecAxisGenerator.maximumCount else {
                throw error(at: path, "the generator makes \(count == Int.max ? "too many" : String(count)) values; an axis has at most \(SpecAxisGenerator.maximumCount)")
            }
            raw = generator.values
            generated = true
        default:
            throw error(at: path,
                "an axis is a list of values (`[0.1, 0.2]`) or a generator table (`{ linspace = [0.0, 1.0, 5] }`); found \(SpecParser.describe(value.type)). To hold `\(spec.name)` constant, set it in [fixed]")
        }
        guard !raw.isEmpty else {
            throw error(at: path, "empty axis: give at least one value")
        }
        if generated, case .integer = spec.kind {
            // Powers and sums of reals may miss an integer by rounding: 10^3 = 999.9999999999999.
            raw = raw.map { value in
                guard case .real(let v) = value, v.isFinite else { return value }
                let nearest = v.rounded()
                return abs(v - nearest) <= 1e-9 * max(1, abs(v)) ? .real(nearest) : value
            }
        }
        let values = try raw.map { try normalised($0, spec: spec, path: path) }
        if unique {
            var seen = Set<ParameterValue>()
            for v in values where !seen.insert(v).inserted {
                throw error(at: path, "value \(SpecParser.show(v)) appears twice; the values of an axis must differ")
            }
        }
        return values
    }

    /// `{ linspace = [a, b, count] }`, `{ logspace = [a, b, count], base = 2 }` or `{ range = [start, stop, step] }`.
    func generator(_ table: TOMLTable, path: [String]) throws -> SpecAxisGenerator {
        let keys = orderedKeys(table, at: path)
        let allowed = SpecParser.generatorKinds + ["base"]
        for key in keys where !allowed.contains(key) {
            throw error(at: path + [key], "unknown key `\(key)` in an axis generator\(NameSuggestion.hint(for: key, in: allowed)) (generators: linspace, logspace, range)")
        }
        let present = keys.filter(SpecParser.generatorKinds.contains)
        guard let kind = present.first else {
            throw error(at: path, "an axis table needs one of `linspace = [start, stop, count]`, `logspace = [start, stop, count]` or `range = [start, stop, step]`")
        }
        guard present.count == 1 else {
            throw error(at: path + [present[1]], "an axis table takes one generator; found `\(present[0])` and `\(present[1])`")
        }
        if keys.contains("base"), kind != "logspace" {
            throw error(at: path + ["base"], "`base` only applies to `logspace`")
        }

        let argumentPath = path + [kind]
        let usage = kind == "range" ? "[start, stop, step]" : "[start, stop, count]"
        guard let array = table[kind]!.array else {
            throw error(at: argumentPath, "must be a list \(usage); found \(SpecParser.describe(table[kind]!.type))")
        }
        var numbers: [SpecAxisGenerator.Number] = []
        for (i, element) in array.enumerated() {
            switch SpecParser.scalar(element) {
            case .integer(let v)?: numbers.append(.integer(v))
            case .real(let v)? where v.isFinite: numbers.append(.real(v))
            case .real?: throw error(at: argumentPath, "element \(i + 1) must be finite")
            default:
                throw error(at: argumentPath, "element \(i + 1) is \(SpecParser.describe(element.type)); `\(kind)` takes numbers \(usage)")
            }
        }

        switch kind {
        case "range":
            guard (2...3).contains(numbers.count) else {
                throw error(at: argumentPath, "`range` takes \(usage) (step defaults to 1); got \(numbers.count) value\(numbers.count == 1 ? "" : "s")")
            }
            let step = numbers.count == 3 ? numbers[2] : .integer(1)
            guard step.double != 0 else {
                throw error(at: argumentPath, "the step of `range` must not be 0")
            }
            return .range(start: numbers[0], stop: numbers[1], step: step)
        default:
            guard numbers.count == 3 else {
                throw error(at: argumentPath, "`\(kind)` takes \(usage); got \(numbers.count) value\(numbers.count == 1 ? "" : "s")")
            }
            let count: Int
            switch numbers[2] {
            case .integer(let n) where n >= 0: count = n
            case .real(let n) where n >= 0 && n.rounded() == n && n <= Double(SpecAxisGenerator.maximumCount) * 2: count = Int(n)
            default: throw error(at: argumentPath, "the count of `\(kind)` must be an integer ≥ 0; found \(numbers[2].double)")
            }
            if kind == "linspace" {
                return .linspace(start: numbers[0].double, stop: numbers[1].double, count: count)
            }
            var base = 10.0
            if let value = table["base"] {
                switch SpecParser.scalar(value) {
                case .integer(let b)? where b > 0: base = Double(b)
                case .real(let b)? where b > 0 && b.isFinite: base = b
                default: throw error(at: path + ["base"], "the base of `logspace` must be a number > 0")
                }
            }
            return .logspace(start: numbers[0].double, stop: numbers[1].double, count: count, base: base)
        }
    }

    /// One `[[zip]]` table (0-based `group`): parameters of equal length that form one axis.
    func zipAxis(_ table: TOMLTable, group k: Int, _ experiment: any ExperimentProtocol, _ assignments: inout [String: SpecAssignment]) throws -> SpecAxis {
        let prefix = [SpecSourceMap.element("zip", k)]
        let names = orderedKeys(table, at: prefix)
        guard !names.isEmpty else {
            throw error(at: prefix, "empty [[zip]] table #\(k + 1): list parameters of equal length, e.g. `n = [512, 1024]` and `N = [1024, 2048]`")
        }
        var columns: [[ParameterValue]] = []
        var zipAssignments: [SpecAssignment] = []
        for name in names {
            let spec = try parameter(name, origin: .zip(k), experiment)
            zipAssignments.append(try assign(name, .zip(k), &assignments))
            columns.append(try axisValues(table[name]!, spec: spec, path: prefix + [name], unique: false))
        }
        if let different = columns.firstIndex(where: { $0.count != columns[0].count }) {
            let lengths = zip(names, columns).map { "`\($0)` has \($1.count)" }.joined(separator: ", ")
            throw error(at: prefix + [names[different]], "the parameters of [[zip]] #\(k + 1) must have equal lengths: \(lengths)")
        }
        let rows = (0..<columns[0].count).map { i in columns.map { $0[i] } }
        var seen: [[ParameterValue]: Int] = [:]
        for (i, row) in rows.enumerated() {
            if let j = seen[row] {
                let values = zip(names, row).map { "\($0) = \(SpecParser.show($1))" }.joined(separator: ", ")
                throw error(at: prefix + [names[0]], "positions \(j + 1) and \(i + 1) of [[zip]] #\(k + 1) are the same (\(values)); the positions of an axis must differ")
            }
            seen[row] = i
        }
        return SpecAxis(
            axis: PlanAxis(name: names[0], parameters: names, values: rows),
            assignments: zipAssignments,
            location: map.location(of: prefix))
    }
}

extension SpecParser {
    /// A `[grid]` axis of a list spelling (`target_hermite = [[1, 0.5], [1, 0, 0, "1/24"]]`):
    /// one position per inner list, moving the scalars it sets together (a zipped axis named
    /// after the first, as `[[zip]]` makes).
    func listSpellingAxis(_ value: TOMLValueConvertible, list: ParameterListSpec, _ experiment: any ExperimentProtocol, _ assignments: inout [String: SpecAssignment]) throws -> SpecAxis {
        let path = ["grid", list.name]
        guard let array = value.array, !array.isEmpty, array.allSatisfy({ $0.type == .array }) else {
            throw error(at: path, "an axis of `\(list.name)` is a non-empty list of lists, e.g. `\(list.name) = [[1, 0.5], [1, 0, 0, \"1/24\"]]`; to hold it constant, set one list in [fixed]")
        }
        let rows = try array.map { try listSpellingValues($0, list: list, path: path, experiment) }
        var seen: [[ParameterValue]: Int] = [:]
        for (i, row) in rows.enumerated() {
            if let j = seen[row] {
                throw error(at: path, "lists \(j + 1) and \(i + 1) of `\(list.name)` set the same values; the values of an axis must differ")
            }
            seen[row] = i
        }
        let listAssignments = try assignList(list, .grid, line: line(of: path), &assignments)
        return SpecAxis(
            axis: PlanAxis(name: list.elements[0], parameters: list.elements, values: rows),
            assignments: listAssignments,
            location: map.location(of: path))
    }
}
