import TOMLKit
import Trainer

/// List values in specs: list parameters (`step_sizes = [0.5, 0.25]`, `ParameterSpec.Kind.realList`)
/// and list spellings of several scalars (`target_hermite = [1, 0.5, 0, "1/24"]`, `ParameterListSpec`).
/// Elements are numbers, or constant expressions in quotes ("1/24", "2^-3", "sqrt(2)/2").
extension SpecParser {
    /// The numbers of a TOML list at `path`, or an error naming the element that is not one.
    func listNumbers(_ value: TOMLValueConvertible, name: String, path: [String]) throws -> [Double] {
        guard let array = value.array else {
            throw error(at: path, "`\(name)` takes a list of numbers, e.g. `\(name) = [1, 0.5]`; found \(SpecParser.describe(value.type))")
        }
        var numbers = [Double]()
        for (i, element) in array.enumerated() {
            switch element.type {
            case .int: numbers.append(Double(element.int!))
            case .double: numbers.append(element.double!)
            case .string:
                let source = element.string!
                let expression: SpecExpression
                do {
                    expression = try SpecExpression.parse(source)
                } catch let problem as SpecExpression.SyntaxError {
                    throw error(at: path, "element \(i + 1) of `\(name)`: cannot read \"\(source)\": \(problem.message) (character \(problem.position))")
                }
                if let reference = expression.parameterNames.first {
                    throw error(at: path, "element \(i + 1) of `\(name)`: \"\(source)\" uses `\(reference)`; list elements are numbers or constant expressions (\"1/24\"), without parameters")
                }
                let result = expression.evaluate { _ in .nan }
                guard result.isFinite else {
                    throw error(at: path, "element \(i + 1) of `\(name)`: \"\(source)\" is \(result), not a finite number")
                }
                numbers.append(result)
            default:
                throw error(at: path, "element \(i + 1) of `\(name)` is \(SpecParser.describe(element.type)); list elements are numbers or constant expressions in quotes (\"1/24\")")
            }
        }
        guard !numbers.isEmpty else {
            throw error(at: path, "`\(name)` is an empty list: give at least one number")
        }
        return numbers
    }

    /// The value of list parameter `spec` (a `realList`) from a TOML list at `path`.
    func listParameterValue(_ value: TOMLValueConvertible, spec: ParameterSpec, path: [String]) throws -> ParameterValue {
        let numbers = try listNumbers(value, name: spec.name, path: path)
        switch spec.normalise(.text(ParameterSpec.listText(numbers))) {
        case .success(let normalised):
            return normalised
        case .failure(let problem):
            throw error(at: path, "\(spec.name) = \(SpecParser.showList(numbers)): \(problem)")
        }
    }

    /// The scalar values a list spelling sets, from a TOML list at `path`: each element
    /// converted and range-checked as its parameter, the rest at their defaults.
    func listSpellingValues(_ value: TOMLValueConvertible, list: ParameterListSpec, path: [String], _ experiment: any ExperimentProtocol) throws -> [ParameterValue] {
        let numbers = try listNumbers(value, name: list.name, path: path)
        guard let expanded = list.expand(numbers.map(ParameterValue.real), defaults: experiment) else {
            throw error(at: path, "`\(list.name)` = \(SpecParser.showList(numbers)) has \(numbers.count) elements; it takes \(list.lengthDescription) (\(list.elements.joined(separator: ", ")))")
        }
        return try expanded.map { element, elementValue in
            guard let spec = experiment.parameter(named: element) else { preconditionFailure("list element \(element) is not a parameter") }
            switch spec.normalise(elementValue) {
            case .success(let normalised): return SpecParser.clean(normalised)
            case .failure(let problem):
                throw error(at: path, "`\(list.name)` sets \(element) = \(SpecParser.show(elementValue)): \(problem)")
            }
        }
    }

    /// Records that list spelling `list` (at `line`) sets its elements; an element set
    /// elsewhere too is an error naming both places.
    func assignList(_ list: ParameterListSpec, _ origin: SpecOrigin, line: Int?, _ assignments: inout [String: SpecAssignment]) throws -> [SpecAssignment] {
        try list.elements.map { element in
            let assignment = SpecAssignment(name: element, origin: origin, line: line)
            if let earlier = assignments[element] {
                throw error(line: line, key: "\(origin.keyPrefix).\(list.name)",
                    "`\(list.name)` sets \(list.elements.joined(separator: ", ")), but `\(element)` is also set in \(earlier.place); use the list or the scalars, not both")
            }
            assignments[element] = assignment
            return assignment
        }
    }

    /// `[1.0, 0.5]` for messages.
    static func showList(_ numbers: [Double]) -> String {
        "[" + numbers.map { String($0) }.joined(separator: ", ") + "]"
    }
}
