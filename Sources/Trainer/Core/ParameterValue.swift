/// One value of a task parameter: an integer (`n = 2048`), a real (`alpha = 0.25`)
/// or a category (`activation = "crelu"`).
///
/// The kind of a parameter is fixed by its protocol's schema (`ParameterSpec`),
/// so `2048` for an integer parameter and `2048.0` for a real one never meet.
public enum ParameterValue: Hashable, Sendable, CustomStringConvertible {
    case integer(Int)
    case real(Double)
    case text(String)

    public var description: String {
        switch self {
        case .integer(let value): return String(value)
        case .real(let value): return String(value)
        case .text(let value): return value
        }
    }

    /// The value as a real number, when it is numeric.
    public var asDouble: Double? {
        switch self {
        case .integer(let value): return Double(value)
        case .real(let value): return value
        case .text: return nil
        }
    }
}
