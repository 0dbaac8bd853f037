import Trainer

/// The expansion of a spec's content into tasks: the cartesian product of the axes,
/// derived parameters, normalisation, validation and keys.
struct PlanExpansion {
    let spec: SweepSpec
    let content: SpecContent
    let shape: [Int]
    let gridPoints: Int

    init(spec: SweepSpec) throws {
        self.spec = spec
        self.content = spec.content
        self.shape = content.axes.map(\.axis.count)
        var total = 1
        for length in shape + [spec.repeats] {
            let (product, overflow) = total.multipliedReportingOverflow(by: length)
            guard !overflow, product <= SweepPlan.maximumTaskCount else {
                let sizes = (shape.map(String.init) + ["\(spec.repeats) repeats"]).joined(separator: " × ")
                throw SpecError(file: spec.file, message: "the sweep has too many tasks (\(sizes)); at most \(SweepPlan.maximumTaskCount)")
            }
            total = product
        }
        self.gridPoints = total / spec.repeats
    }

    func error(_ assignment: SpecAssignment?, _ message: String) -> SpecError {
        SpecError(file: spec.file, line: assignment?.line, key: assignment?.key, message: message)
    }

    /// `n = 512, alpha = 0.1`: the axis values of a grid point, for messages.
    func describe(_ values: [String: ParameterValue]) -> String {
        let names = content.axes.flatMap(\.axis.parameters)
        if names.isEmpty { return "the single grid point" }
        return names.map { "\($0) = \(SpecParser.show(values[$0]!))" }.joined(separator: ", ")
    }

    func tasks() throws -> [PlannedTask] {
        let experiment = content.experiment
        var tasks: [PlannedTask] = []
        tasks.reserveCapacity(gridPoints * spec.repeats)
        var seen: [TaskKey: Int] = [:]
        seen.reserveCapacity(gridPoints * spec.repeats)
        var gridIndex = [Int](repeating: 0, count: shape.count)

        for point in 0..<gridPoints {
            // Row-major: the last axis moves fastest.
            var rest = point
            for axis in stride(from: shape.count - 1, through: 0, by: -1) {
                gridIndex[axis] = rest % shape[axis]
                rest /= shape[axis]
            }

            var values = content.constants
            for (axis, position) in zip(content.axes, gridIndex) {
                for (name, value) in zip(axis.axis.parameters, axis.axis.values[position]) {
                    values[name] = value
                }
            }
            for derived in content.derived {
                values[derived.name] = try evaluate(derived, values)
            }

            for repeatIndex in 0..<spec.repeats {
                let parameters = TaskParameters(values, seed: repeatIndex)
                do {
                    try experiment.validate(parameters)
                } catch let problem as ParameterError {
                    let assignment = problem.names.lazy.compactMap { content.assignments[$0] }.first
                    throw error(assignment, "\(problem.message) (at \(describe(values)))")
                } catch {
                    throw self.error(nil, "\(error) (at \(describe(values)))")
                }
                let key = TaskKey.make(protocolName: experiment.name, parameters: parameters)
                if let other = seen[key] {
                    throw error(nil, "tasks \(other) and \(tasks.count) have the same key \(key) (at \(describe(values)), repeat \(repeatIndex))")
                }
                seen[key] = tasks.count
                tasks.append(PlannedTask(
                    index: tasks.count, key: key, parameters: parameters, gridIndex: gridIndex,
                    repeatIndex: repeatIndex, estimatedFlops: experiment.estimatedFlops(parameters)))
            }
        }
        return tasks
    }

    /// The normalised value of a derived parameter at one grid point.
    func evaluate(_ derived: SpecDerivedParameter, _ values: [String: ParameterValue]) throws -> ParameterValue {
        let spec = content.experiment.parameter(named: derived.name)!
        let inputs = derived.expression.parameterNames
        let result = derived.expression.evaluate { values[$0]?.asDouble ?? .nan }
        let context = inputs.isEmpty ? "" : " (with \(inputs.map { "\($0) = \(SpecParser.show(values[$0]!))" }.joined(separator: ", ")))"
        let produced = "\"\(derived.source)\" gives \(result)\(context)"
        guard result.isFinite else {
            throw error(derived.assignment, "\(produced), which is not a finite number")
        }
        if case .integer = spec.kind, result.rounded() != result {
            throw error(derived.assignment, "\(produced), which is not an integer; wrap it in floor(), ceil() or round()")
        }
        switch spec.normalise(.real(result)) {
        case .success(let value):
            return SpecParser.clean(value)
        case .failure(let problem):
            throw error(derived.assignment, "\(produced), out of range: \(problem)")
        }
    }
}
