/// A list-valued spelling of several scalar parameters: `target_hermite = [1, 0.5, 0, 1/24]`
/// sets `target_he1` … `target_he4`. The list is written in specs ([fixed], or [grid] as a
/// list of lists) and on the command line (`--param target_hermite=1,0.5`); it is not a
/// parameter of its own: element i sets `elements[i]`, elements the list leaves out take
/// their defaults, and the task holds (and its key hashes) those scalars only. So a spec
/// written with the list and one written with the scalars plan the same keys.
public struct ParameterListSpec: Sendable {
    public let name: String
    /// The scalar (real) parameters the elements set, in order.
    public let elements: [String]
    public let summary: String

    public init(_ name: String, elements: [String], _ summary: String) {
        self.name = name
        self.elements = elements
        self.summary = summary
    }

    /// The scalar values a list of `values` sets: one per element name, those past the
    /// list's end at `experiment`'s defaults. Nil when the list is empty or too long.
    public func expand(_ values: [ParameterValue], defaults experiment: any ExperimentProtocol) -> [(name: String, value: ParameterValue)]? {
        guard !values.isEmpty, values.count <= elements.count else { return nil }
        return elements.enumerated().map { i, element in
            (element, i < values.count ? values[i] : (experiment.parameter(named: element)?.defaultValue ?? .real(0)))
        }
    }

    /// "1 to 4 numbers".
    public var lengthDescription: String { elements.count == 1 ? "1 number" : "1 to \(elements.count) numbers" }
}

extension ExperimentProtocol {
    /// The list spelling named `name`, if the protocol has one.
    public func parameterList(named name: String) -> ParameterListSpec? {
        parameterLists.first { $0.name == name }
    }
}
