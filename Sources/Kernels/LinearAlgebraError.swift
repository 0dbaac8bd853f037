/// A LAPACK routine reported failure (`info != 0`).
public struct LinearAlgebraError: Error, CustomStringConvertible, Equatable {
    public let routine: String
    public let info: Int32
    public let explanation: String

    public init(routine: String, info: Int32, explanation: String) {
        self.routine = routine
        self.info = info
        self.explanation = explanation
    }

    public var description: String { "\(routine) failed (info \(info)): \(explanation)" }
}
