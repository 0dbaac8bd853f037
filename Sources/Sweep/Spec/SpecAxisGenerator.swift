import Foundation
import Trainer

/// A generated axis: `{ linspace = [a, b, count] }`, `{ logspace = [a, b, count], base = 2 }`
/// or `{ range = [start, stop, step] }`, with numpy's meaning.
enum SpecAxisGenerator: Sendable, Equatable {
    /// A number of a generator's arguments, keeping whether it was written as an integer.
    enum Number: Sendable, Equatable {
        case integer(Int)
        case real(Double)
        var double: Double {
            switch self {
            case .integer(let v): return Double(v)
            case .real(let v): return v
            }
        }
    }

    /// `numpy.linspace(start, stop, count)`: endpoint included.
    case linspace(start: Double, stop: Double, count: Int)
    /// `base ** numpy.linspace(start, stop, count)`.
    case logspace(start: Double, stop: Double, count: Int, base: Double)
    /// `numpy.arange(start, stop, step)`: stop excluded; integers stay integers.
    case range(start: Number, stop: Number, step: Number)

    /// The most values one axis may have.
    static let maximumCount = 1_000_000

    /// The number of values (may exceed `maximumCount`; callers check first).
    var count: Int {
        switch self {
        case .linspace(_, _, let count), .logspace(_, _, let count, _):
            return count
        case .range(.integer(let start), .integer(let stop), .integer(let step)):
            let span = stop.subtractingReportingOverflow(start)
            if span.overflow { return Int.max }
            let quotient = span.partialValue.dividedReportingOverflow(by: step)
            if quotient.overflow { return Int.max }
            let q = quotient.partialValue, r = span.partialValue % step
            return max(0, q + (r != 0 && (r > 0) == (step > 0) ? 1 : 0))
        case .range(let start, let stop, let step):
            let n = ((stop.double - start.double) / step.double).rounded(.up)
            guard n.isFinite else { return Int.max }
            return n <= 0 ? 0 : (n >= Double(Int.max) ? Int.max : Int(n))
        }
    }

    /// The values, as integers (integer `range`) or reals.
    var values: [ParameterValue] {
        switch self {
        case .linspace(let start, let stop, let count):
            return SpecAxisGenerator.linspace(start, stop, count).map { .real($0) }
        case .logspace(let start, let stop, let count, let base):
            return SpecAxisGenerator.linspace(start, stop, count).map { .real(Foundation.pow(base, $0)) }
        case .range(.integer(let start), .integer(_), .integer(let step)):
            return (0..<count).map { .integer(start + $0 * step) }
        case .range(let start, _, let step):
            return (0..<count).map { .real(start.double + Double($0) * step.double) }
        }
    }

    /// numpy's linspace: `start + i * step` with `step = (stop - start) / (count - 1)`,
    /// and the last value exactly `stop`.
    static func linspace(_ start: Double, _ stop: Double, _ count: Int) -> [Double] {
        guard count > 1 else { return count == 1 ? [start] : [] }
        let step = (stop - start) / Double(count - 1)
        var values = (0..<count).map { start + Double($0) * step }
        values[count - 1] = stop
        return values
    }
}
