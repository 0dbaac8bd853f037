extension ExperimentProtocol {
    /// A complete, normalised parameter set from the values given (e.g. by
    /// `fsweep train --param k=v`): each value converted to its parameter's kind and
    /// range-checked, defaults filled in, cross-parameter checks run.
    public func completeParameters(_ given: [String: ParameterValue], seed: Int = 0) throws -> TaskParameters {
        var values = [String: ParameterValue]()
        var given = given
        // List spellings (`target_hermite=1,0.5`) set their scalar elements.
        for list in parameterLists {
            guard let value = given.removeValue(forKey: list.name) else { continue }
            let elements: [ParameterValue]?
            switch value {
            case .text(let text): elements = ParameterSpec.listElements(text)?.map(ParameterValue.real)
            default: elements = [value]
            }
            guard let elements, let expanded = list.expand(elements, defaults: self) else {
                throw ParameterError([list.name], "\(list.name) = \(value): must be a list of \(list.lengthDescription), e.g. \(list.name)=1,0.5")
            }
            for (element, elementValue) in expanded {
                if given[element] != nil {
                    throw ParameterError([element, list.name], "\(element) is set twice: directly and by \(list.name); use one of the two")
                }
                given[element] = elementValue
            }
        }
        for (name, value) in given {
            guard let spec = parameter(named: name) else {
                let known = parameters.map(\.name)
                throw ParameterError([name], "unknown parameter \(name) for protocol \(self.name)\(Self.suggestion(for: name, among: known)); its parameters are \(known.joined(separator: ", "))")
            }
            switch spec.normalise(value) {
            case .success(let normalised): values[name] = normalised
            case .failure(let problem): throw ParameterError([name], "\(name) = \(value): \(problem)")
            }
        }
        for spec in parameters where values[spec.name] == nil {
            guard let fallback = spec.defaultValue else {
                throw ParameterError([spec.name], "parameter \(spec.name) (\(spec.summary)) has no default: give it a value")
            }
            values[spec.name] = fallback
        }
        let complete = TaskParameters(values, seed: seed)
        try validate(complete)
        return complete
    }

    /// The parameter values that identify a task: all of them except those declared
    /// `keyedAtDefault: false` that hold their default (see `ParameterSpec.keyedAtDefault`).
    /// `TaskKey` hashes these, so adding such an option to a protocol changes no old key.
    public func keyedValues(_ parameters: TaskParameters) -> [String: ParameterValue] {
        keyedValues(parameters.values)
    }

    /// `keyedValues` of a parameter set given as its values alone.
    public func keyedValues(_ all: [String: ParameterValue]) -> [String: ParameterValue] {
        var values = all
        for spec in self.parameters where !spec.keyedAtDefault {
            if let value = values[spec.name], value == spec.defaultValue { values[spec.name] = nil }
        }
        return values
    }

    /// ", did you mean `x`?" for the closest name within edit distance 3, or "".
    public static func suggestion(for name: String, among candidates: [String]) -> String {
        let scored = candidates.map { ($0, EditDistance.between(name.lowercased(), $0.lowercased())) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= max(1, min(3, name.count / 2)) else { return "" }
        return " (did you mean `\(best.0)`?)"
    }
}

/// Levenshtein distance, for "did you mean" suggestions.
public enum EditDistance {
    public static func between(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + [Int](repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
