import TOMLKit
import Trainer

extension SpecParser {
    /// One `[derived]` entry: a quoted expression over numeric parameters.
    func derivedParameter(_ value: TOMLValueConvertible, spec: ParameterSpec, assignment: SpecAssignment, _ experiment: any ExperimentProtocol) throws -> SpecDerivedParameter {
        let name = spec.name
        let path = assignment.origin.path(of: name)
        guard !spec.isCategorical else {
            throw error(at: path, "`\(name)` is a \(spec.isList ? "list" : "category"); derived parameters are numbers. Set it in [fixed], [grid] or [[zip]]")
        }
        guard let source = value.string else {
            let constant = value.type == .int || value.type == .double ? "; a constant belongs in [fixed]" : ""
            throw error(at: path, "must be an expression in quotes, e.g. `\(name) = \"2 * n\"`; found \(SpecParser.describe(value.type))\(constant)")
        }
        let expression: SpecExpression
        do {
            expression = try SpecExpression.parse(source)
        } catch let problem as SpecExpression.SyntaxError {
            throw error(at: path, "cannot read \"\(source)\": \(problem.message) (character \(problem.position))")
        }
        let names = experiment.parameters.map(\.name)
        for reference in expression.parameterNames {
            if reference == "seed" {
                throw error(at: path, "\"\(source)\" uses `seed`: the repeat index cannot enter a parameter")
            }
            guard let referenced = experiment.parameter(named: reference) else {
                throw error(at: path, "\"\(source)\" uses `\(reference)`, which is not a parameter of \(experiment.name)\(NameSuggestion.hint(for: reference, in: names))")
            }
            guard !referenced.isCategorical else {
                throw error(at: path, "\"\(source)\" uses `\(reference)`, a \(referenced.isList ? "list" : "category"); expressions use numbers only")
            }
        }
        return SpecDerivedParameter(name: name, source: source, expression: expression, assignment: assignment)
    }

    /// The derived parameters ordered so each comes after every derived parameter it
    /// reads (source order otherwise); a cycle is an error naming it.
    func dependencyOrder(_ derived: [SpecDerivedParameter]) throws -> [SpecDerivedParameter] {
        let byName = Dictionary(uniqueKeysWithValues: derived.map { ($0.name, $0) })
        var done = Set<String>()
        var stack: [String] = []
        var order: [SpecDerivedParameter] = []

        func visit(_ name: String) throws {
            if done.contains(name) { return }
            if let start = stack.firstIndex(of: name) {
                let cycle = stack[start...] + [name]
                let first = byName[cycle.first!]!.assignment
                throw error(line: first.line, key: first.key,
                    "derived parameters form a cycle: \(cycle.joined(separator: " → ")); set one of them in [fixed], [grid] or [[zip]]")
            }
            stack.append(name)
            let parameter = byName[name]!
            for reference in parameter.expression.parameterNames where byName[reference] != nil {
                try visit(reference)
            }
            stack.removeLast()
            done.insert(name)
            order.append(parameter)
        }

        for parameter in derived { try visit(parameter.name) }
        return order
    }
}
