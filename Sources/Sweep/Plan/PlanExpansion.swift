import Trainer

/// The expansion of a spec's content into tasks: the cartesian product of the axes,
/// derived parameters, normalisation, validation and keys.
struct PlanExpansion: Sendable {
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

    /// The position along each axis of grid point `point` (row-major: the last axis moves fastest).
    func gridIndex(ofPoint point: Int) -> [Int] {
        var gridIndex = [Int](repeating: 0, count: shape.count)
        var rest = point
        for axis in stride(from: shape.count - 1, through: 0, by: -1) {
            gridIndex[axis] = rest % shape[axis]
            rest /= shape[axis]
        }
        return gridIndex
    }

    /// Every parameter's value at a grid point: constants, axis values, derived parameters.
    func values(at gridIndex: [Int]) throws -> [String: ParameterValue] {
        var values = content.constants
        for (axis, position) in zip(content.axes, gridIndex) {
            for (name, value) in zip(axis.axis.parameters, axis.axis.values[position]) {
                values[name] = value
            }
        }
        for derived in content.derived {
            values[derived.name] = try evaluate(derived, values)
        }
        return values
    }

    /// What a plan keeps: every task's key, each grid point's cost, the largest task's memory.
    struct Built {
        var keys: [TaskKey]
        var pointFlops: [Double]
        var largestMemory: (index: Int, bytes: Double)?
        /// Per array, the widest any task asks for.
        var arrayWidths: [String: Int]
    }

    /// Evaluates and validates every grid point once, and makes every task's key
    /// (the canonical text of a grid point is hashed once for all its repeats).
    /// The protocol's `validate`, cost and memory estimates do not depend on the
    /// repeat index, so they are asked once per grid point, at repeat 0.
    func build() throws -> Built {
        let experiment = content.experiment
        let repeats = spec.repeats
        var built = Built(keys: [], pointFlops: [], largestMemory: nil, arrayWidths: [:])
        built.keys.reserveCapacity(gridPoints * repeats)
        built.pointFlops.reserveCapacity(gridPoints)

        for point in 0..<gridPoints {
            let values = try self.values(at: gridIndex(ofPoint: point))
            let parameters = TaskParameters(values, seed: 0)
            do {
                try experiment.validate(parameters)
            } catch let problem as ParameterError {
                let assignment = problem.names.lazy.compactMap { content.assignments[$0] }.first
                throw error(assignment, "\(problem.message) (at \(describe(values)))")
            } catch {
                throw self.error(nil, "\(error) (at \(describe(values)))")
            }
            TaskKey.make(canonicalPrefix: TaskKey.canonicalPrefix(protocolName: experiment.name, values: values),
                         repeats: repeats, into: &built.keys)
            built.pointFlops.append(experiment.estimatedFlops(parameters))
            built.arrayWidths.merge(experiment.arrayWidths(parameters), uniquingKeysWith: max)
            let bytes = experiment.estimatedBytes(parameters)
            if built.largestMemory == nil || bytes > built.largestMemory!.bytes {
                built.largestMemory = (point * repeats, bytes)
            }
        }
        try checkDistinct(built.keys)
        return built
    }

    /// Two tasks with one key (two grid points with the same parameter set) would be
    /// one task twice: an error naming both. Sorting a copy of the keys needs 16 bytes
    /// a task for a moment, where a set of them needed about 50.
    func checkDistinct(_ keys: [TaskKey]) throws {
        var sorted = keys
        sorted.sort()
        var duplicate: TaskKey?
        for position in sorted.indices.dropFirst() where sorted[position] == sorted[position - 1] {
            duplicate = sorted[position]
            break
        }
        guard let key = duplicate else { return }
        let both = keys.indices.filter { keys[$0] == key }.prefix(2)
        let second = both.last!
        let values = try self.values(at: gridIndex(ofPoint: second / spec.repeats))
        throw error(nil, "tasks \(both.first!) and \(second) have the same key \(key) (at \(describe(values)), repeat \(second % spec.repeats))")
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
