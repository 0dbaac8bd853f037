import Foundation

/// The declaration of one parameter of a protocol: its name (as used in specs,
/// on the command line and as an HDF5 column), its kind and allowed values, its
/// default, and a one-line description for help texts and HDF5 attributes.
public struct ParameterSpec: Sendable {
    public enum Kind: Sendable, Equatable {
        case integer(IntegerBounds)
        case real(RealBounds)
        case choice([String])
        /// A list of reals (`step_sizes = [0.5, 0.25]`), of `count` elements when given.
        /// Its value is held as `.text` in one canonical spelling, the elements' shortest
        /// round-trip decimals joined by "," (`"0.5,0.25"`; -0.0 written 0.0), so it is
        /// hashed into keys, sent to workers and stored in `/tasks` (a string column) as a
        /// category is. The empty text is the empty list: "not given".
        case realList(RealBounds, count: ClosedRange<Int>)
    }

    public let name: String
    public let kind: Kind
    public let defaultValue: ParameterValue?
    public let summary: String
    /// CF units of a numeric parameter ("1": dimensionless, as sizes, rates and exponents are);
    /// the `units` attribute of its `/cube` axis. Choices (strings) have none.
    public let units: String
    /// Whether the parameter enters the task key when it has its default value. Options
    /// added to a protocol after sweeps were run with it are declared `keyedAtDefault: false`:
    /// at their default they are left out of the key (`keyedValues`), so every task an old
    /// spec plans keeps the key, the random streams and the result it had (and `--resume`
    /// finds it); set to anything else they are hashed like every other parameter.
    public let keyedAtDefault: Bool

    public init(_ name: String, _ kind: Kind, default defaultValue: ParameterValue? = nil, _ summary: String, units: String = "1",
                keyedAtDefault: Bool = true) {
        precondition(keyedAtDefault || defaultValue != nil, "a parameter left out of keys at its default needs a default")
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
        self.summary = summary
        self.units = units
        self.keyedAtDefault = keyedAtDefault
    }

    /// Converts `value` to this parameter's kind (an integral real becomes an integer,
    /// an integer becomes a real) and checks its range, or returns what is wrong,
    /// phrased to follow "<name> = <value>: ".
    public func normalise(_ value: ParameterValue) -> Result<ParameterValue, ParameterProblem> {
        switch (kind, value) {
        case (.integer(let bounds), .integer(let v)):
            return bounds.contains(v) ? .success(.integer(v)) : .failure(.outOfRange("must be in \(bounds)"))
        case (.integer, .real(let v)):
            guard v.isFinite, v.rounded() == v, abs(v) < 9.0e15 else {
                return .failure(.wrongType("must be an integer"))
            }
            return normalise(.integer(Int(v)))
        case (.real, .integer(let v)):
            return normalise(.real(Double(v)))
        case (.real(let bounds), .real(let v)):
            guard v.isFinite else { return .failure(.outOfRange("must be a finite number")) }
            return bounds.contains(v) ? .success(.real(v)) : .failure(.outOfRange("must be in \(bounds)"))
        case (.choice(let options), .text(let v)):
            return options.contains(v) ? .success(.text(v)) : .failure(.outOfRange("must be one of \(options.map { "\"\($0)\"" }.joined(separator: ", "))"))
        case (.choice(let options), _):
            return .failure(.wrongType("must be a string, one of \(options.map { "\"\($0)\"" }.joined(separator: ", "))"))
        case (.realList(let bounds, let count), _):
            return ParameterSpec.normaliseList(value, bounds: bounds, count: count)
        case (.integer, .text):
            return .failure(.wrongType("must be an integer, not a string"))
        case (.real, .text):
            return .failure(.wrongType("must be a number, not a string"))
        }
    }

    /// Whether values of this parameter are categories or lists (stored as fixed-length
    /// strings, never read by expressions).
    public var isCategorical: Bool {
        switch kind {
        case .choice, .realList: return true
        default: return false
        }
    }

    /// Whether this is a list parameter (`Kind.realList`).
    public var isList: Bool {
        if case .realList = kind { return true }
        return false
    }

    /// The canonical text of a list of reals (see `Kind.realList`).
    public static func listText(_ elements: [Double]) -> String {
        elements.map { String($0 == 0 ? 0.0 : $0) }.joined(separator: ",")
    }

    /// The elements of a list value's text ("" is the empty list), or nil when one is not a number.
    /// Accepts "0.5,0.25", "0.5, 0.25" and "[0.5, 0.25]".
    public static func listElements(_ text: String) -> [Double]? {
        var body = Substring(text.trimmingCharacters(in: .whitespaces))
        if body.hasPrefix("["), body.hasSuffix("]") { body = body.dropFirst().dropLast() }
        if body.allSatisfy({ $0 == " " }) { return [] }
        var elements = [Double]()
        for part in body.split(separator: ",", omittingEmptySubsequences: false) {
            guard let v = Double(part.trimmingCharacters(in: .whitespaces)) else { return nil }
            elements.append(v)
        }
        return elements
    }

    private static func normaliseList(_ value: ParameterValue, bounds: RealBounds, count: ClosedRange<Int>) -> Result<ParameterValue, ParameterProblem> {
        let elements: [Double]
        switch value {
        case .integer(let v): elements = [Double(v)]
        case .real(let v): elements = [v]
        case .text(let text):
            guard let parsed = listElements(text) else {
                return .failure(.wrongType("must be a list of numbers, e.g. [0.5, 0.25] (on the command line 0.5,0.25)"))
            }
            elements = parsed
        }
        if elements.isEmpty { return .success(.text("")) }
        guard count.contains(elements.count) else {
            return .failure(.outOfRange("must have \(count.lowerBound == count.upperBound ? "\(count.lowerBound)" : "\(count.lowerBound) to \(count.upperBound)") elements; found \(elements.count)"))
        }
        for (i, v) in elements.enumerated() {
            guard v.isFinite else { return .failure(.outOfRange("element \(i + 1) must be a finite number")) }
            guard bounds.contains(v) else { return .failure(.outOfRange("element \(i + 1) (\(v)) must be in \(bounds)")) }
        }
        return .success(.text(listText(elements)))
    }
}

/// What is wrong with a parameter value.
public enum ParameterProblem: Error, Equatable, CustomStringConvertible {
    case wrongType(String)
    case outOfRange(String)

    public var description: String {
        switch self {
        case .wrongType(let text), .outOfRange(let text): return text
        }
    }
}

/// An integer interval `[lower, upper]`; `upper == nil` means unbounded.
public struct IntegerBounds: Sendable, Equatable, CustomStringConvertible {
    public let lower: Int
    public let upper: Int?
    public init(_ lower: Int, _ upper: Int? = nil) { self.lower = lower; self.upper = upper }
    public static let positive = IntegerBounds(1)
    public static let nonNegative = IntegerBounds(0)
    public func contains(_ v: Int) -> Bool { v >= lower && (upper.map { v <= $0 } ?? true) }
    public var description: String { upper.map { "[\(lower), \($0)]" } ?? "[\(lower), ∞)" }
}

/// A real interval whose ends may be open or closed; infinite ends are open.
public struct RealBounds: Sendable, Equatable, CustomStringConvertible {
    public let lower: Double
    public let lowerIncluded: Bool
    public let upper: Double
    public let upperIncluded: Bool

    public init(_ lower: Double, included lowerIncluded: Bool = true, _ upper: Double = .infinity, included upperIncluded: Bool = false) {
        self.lower = lower
        self.lowerIncluded = lowerIncluded
        self.upper = upper
        self.upperIncluded = upperIncluded
    }

    public static let nonNegative = RealBounds(0)
    public static let positive = RealBounds(0, included: false)
    public static let any = RealBounds(-.infinity, included: false)
    /// `[0, ½)`: step-size exponents and label-noise rates.
    public static let halfOpenToHalf = RealBounds(0, included: true, 0.5, included: false)

    public func contains(_ v: Double) -> Bool {
        (lowerIncluded ? v >= lower : v > lower) && (upperIncluded ? v <= upper : v < upper)
    }

    public var description: String {
        func show(_ x: Double) -> String {
            if x.isInfinite { return x > 0 ? "∞" : "-∞" }
            return x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x)
        }
        return "\(lowerIncluded ? "[" : "(")\(show(lower)), \(show(upper))\(upperIncluded ? "]" : ")")"
    }
}
