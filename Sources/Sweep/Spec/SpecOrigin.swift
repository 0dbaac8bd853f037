/// Where a spec sets a parameter: `[fixed]`, `[grid]`, the k-th `[[zip]]` table
/// (0-based) or `[derived]`.
enum SpecOrigin: Sendable, Equatable {
    case fixed
    case grid
    case zip(Int)
    case derived

    /// The first component of the dotted keys of this section (`grid` in `grid.alpha`).
    var keyPrefix: String {
        switch self {
        case .fixed: return "fixed"
        case .grid: return "grid"
        case .zip: return "zip"
        case .derived: return "derived"
        }
    }

    /// The section as the user wrote it, for messages: `[grid]`, `[[zip]] #2`.
    var section: String {
        switch self {
        case .fixed: return "[fixed]"
        case .grid: return "[grid]"
        case .zip(let k): return "[[zip]] #\(k + 1)"
        case .derived: return "[derived]"
        }
    }

    /// The path of a parameter of this section in `SpecSourceMap`.
    func path(of name: String) -> [String] {
        switch self {
        case .zip(let k): return [SpecSourceMap.element("zip", k), name]
        default: return [keyPrefix, name]
        }
    }
}
