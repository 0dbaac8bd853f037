import TOMLKit
import Trainer

extension SpecParser {
    /// Reads `[fixed]`, `[grid]`, `[[zip]]` and `[derived]` against the schema of `experiment`.
    func readContent(_ root: TOMLTable, experiment: any ExperimentProtocol) throws -> SpecContent {
        var assignments: [String: SpecAssignment] = [:]
        var constants: [String: ParameterValue] = [:]
        var axes: [SpecAxis] = []
        var derived: [SpecDerivedParameter] = []

        if let section = try section(root, "fixed") {
            for name in orderedKeys(section, at: ["fixed"]) {
                if let list = experiment.parameterList(named: name) {
                    let path = ["fixed", name]
                    let values = try listSpellingValues(section[name]!, list: list, path: path, experiment)
                    _ = try assignList(list, .fixed, line: line(of: path), &assignments)
                    for (element, value) in zip(list.elements, values) { constants[element] = value }
                    continue
                }
                let spec = try parameter(name, origin: .fixed, experiment)
                try assign(name, .fixed, &assignments)
                constants[name] = try fixedValue(section[name]!, spec: spec, path: ["fixed", name])
            }
        }

        if let section = try section(root, "grid") {
            for name in orderedKeys(section, at: ["grid"]) {
                if let list = experiment.parameterList(named: name) {
                    axes.append(try listSpellingAxis(section[name]!, list: list, experiment, &assignments))
                    continue
                }
                let spec = try parameter(name, origin: .grid, experiment)
                let assignment = try assign(name, .grid, &assignments)
                let path = ["grid", name]
                let values = try axisValues(section[name]!, spec: spec, path: path, unique: true)
                axes.append(SpecAxis(
                    axis: PlanAxis(name: name, parameters: [name], values: values.map { [$0] }),
                    assignments: [assignment],
                    location: map.location(of: path)))
            }
        }

        if let zip = root["zip"] {
            guard let groups = zip.array else {
                throw error(at: ["zip"], "write zipped parameters as one or more [[zip]] tables (double brackets), each listing parameters of equal length; found \(SpecParser.describe(zip.type))")
            }
            for (k, group) in groups.enumerated() {
                let prefix = [SpecSourceMap.element("zip", k)]
                guard let table = group.table else {
                    throw error(at: prefix, "each [[zip]] entry must be a table of parameters; found \(SpecParser.describe(group.type))")
                }
                axes.append(try zipAxis(table, group: k, experiment, &assignments))
            }
        }

        if let section = try section(root, "derived") {
            for name in orderedKeys(section, at: ["derived"]) {
                if let list = experiment.parameterList(named: name) {
                    throw error(at: ["derived", name], "`\(name)` is a list (\(list.elements.joined(separator: ", "))); lists are not derived: set it in [fixed] or [grid]")
                }
                let spec = try parameter(name, origin: .derived, experiment)
                let assignment = try assign(name, .derived, &assignments)
                derived.append(try derivedParameter(section[name]!, spec: spec, assignment: assignment, experiment))
            }
        }

        for spec in experiment.parameters where spec.defaultValue == nil && assignments[spec.name] == nil {
            throw error(line: nil, key: nil,
                "missing parameter `\(spec.name)` (\(spec.summary)): \(experiment.name) has no default for it; set it in [fixed] (one value), [grid] or [[zip]] (several values), or [derived] (an expression)")
        }
        for spec in experiment.parameters where assignments[spec.name] == nil {
            if let value = spec.defaultValue, case .success(let normalised) = spec.normalise(value) {
                constants[spec.name] = SpecParser.clean(normalised)
            }
        }

        let unknown = SpecSourceMap.Location(line: Int.max, column: Int.max)
        let orderedAxes = axes.enumerated()
            .sorted { ($0.element.location ?? unknown, $0.offset) < ($1.element.location ?? unknown, $1.offset) }
            .map(\.element)

        return SpecContent(
            experiment: experiment,
            constants: constants,
            axes: orderedAxes,
            derived: try dependencyOrder(derived),
            assignments: assignments)
    }

    /// A top-level table, if present; anything else under that name is an error.
    func section(_ root: TOMLTable, _ name: String) throws -> TOMLTable? {
        guard let value = root[name] else { return nil }
        guard let table = value.table else {
            let hint = name == "zip" ? "[[zip]]" : "[\(name)]"
            throw error(at: [name], "must be a table: write \(hint) on its own line, then `key = value` lines; found \(SpecParser.describe(value.type))")
        }
        return table
    }

    /// The schema entry of a parameter the spec sets, or an error naming the nearest valid name.
    func parameter(_ name: String, origin: SpecOrigin, _ experiment: any ExperimentProtocol) throws -> ParameterSpec {
        let path = origin.path(of: name)
        if name == "seed" {
            throw error(at: path, "`seed` cannot be set: it is the repeat index (the `seed` column); use `repeats = K` at the top level for repeat indices 0..<K")
        }
        if experiment.parameterList(named: name) != nil {
            throw error(at: path, "`\(name)` is a list spelling: set it in [fixed] (one list) or [grid] (a list of lists), not in \(origin.section)")
        }
        guard let spec = experiment.parameter(named: name) else {
            let names = experiment.parameters.map(\.name) + experiment.parameterLists.map(\.name)
            throw error(at: path, "unknown parameter `\(name)` of \(experiment.name)\(NameSuggestion.hint(for: name, in: names))")
        }
        return spec
    }

    /// Records where `name` is set; a second place is an error naming both lines.
    @discardableResult
    func assign(_ name: String, _ origin: SpecOrigin, _ assignments: inout [String: SpecAssignment]) throws -> SpecAssignment {
        let assignment = SpecAssignment(name: name, origin: origin, line: line(of: origin.path(of: name)))
        if let earlier = assignments[name] {
            throw error(line: assignment.line, key: assignment.key,
                "`\(name)` is set twice: in \(earlier.place) and in \(assignment.place); set each parameter in one place only")
        }
        assignments[name] = assignment
        return assignment
    }

    /// A TOML scalar as a parameter value (integer, float or string), or nil.
    /// A TOML scalar as a parameter value for `spec`: numbers and strings, and booleans
    /// for switches (choices "false" / "true", e.g. `full_spectrum = true`).
    static func scalar(_ value: TOMLValueConvertible, for spec: ParameterSpec) -> ParameterValue? {
        if value.type == .bool, case .choice(let options) = spec.kind, Set(options) == ["false", "true"] {
            return value.bool.map { .text($0 ? "true" : "false") }
        }
        return scalar(value)
    }

    static func scalar(_ value: TOMLValueConvertible) -> ParameterValue? {
        switch value.type {
        case .int: return value.int.map { .integer($0) }
        case .double: return value.double.map { .real($0) }
        case .string: return value.string.map { .text($0) }
        default: return nil
        }
    }

    /// A value as the user would write it: `0.6`, `512`, `"crelu"`.
    static func show(_ value: ParameterValue) -> String {
        switch value {
        case .integer(let v): return String(v)
        case .real(let v): return String(v)
        case .text(let v): return "\"\(v)\""
        }
    }

    /// -0.0 becomes 0.0, so equal values have equal keys.
    static func clean(_ value: ParameterValue) -> ParameterValue {
        if case .real(let v) = value, v == 0 { return .real(0) }
        return value
    }

    /// `value` converted to `spec`'s kind and range-checked, or an error at `path`.
    func normalised(_ value: ParameterValue, spec: ParameterSpec, path: [String]) throws -> ParameterValue {
        switch spec.normalise(value) {
        case .success(let result):
            return SpecParser.clean(result)
        case .failure(.outOfRange(let reason)):
            throw error(at: path, "value \(SpecParser.show(value)) out of range: \(reason)")
        case .failure(.wrongType(let reason)):
            throw error(at: path, "value \(SpecParser.show(value)) has the wrong type: \(reason)")
        }
    }

    func fixedValue(_ value: TOMLValueConvertible, spec: ParameterSpec, path: [String]) throws -> ParameterValue {
        if spec.isList {
            return try listParameterValue(value, spec: spec, path: path)
        }
        switch value.type {
        case .array:
            throw error(at: path, "[fixed] holds one value per parameter; found a list. To sweep over `\(spec.name)`, put it in [grid]")
        case .table:
            throw error(at: path, "[fixed] holds one value per parameter; found a table. To generate values of `\(spec.name)`, put it in [grid]")
        default:
            guard let scalar = SpecParser.scalar(value, for: spec) else {
                throw error(at: path, "found \(SpecParser.describe(value.type)); parameter values are numbers or strings")
            }
            return try normalised(scalar, spec: spec, path: path)
        }
    }
}
