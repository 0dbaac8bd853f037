import Foundation

/// The arithmetic expression of a `[derived]` parameter (`N = "2 * n"`): numbers,
/// parameter names, `+ - * /`, `^` or `**`, unary minus, parentheses and the
/// functions `floor`, `ceil`, `round`, `sqrt`, `min`, `max`, `log2`.
///
/// Evaluation is in `Double`; integers up to 2^53 are exact.
indirect enum SpecExpression: Sendable, Equatable {
    case number(Double)
    case parameter(String)
    case negate(SpecExpression)
    case binary(Operator, SpecExpression, SpecExpression)
    case call(Function, [SpecExpression])

    /// A binary operator.
    enum Operator: String, Sendable {
        case add = "+", subtract = "-", multiply = "*", divide = "/", power = "^"
    }

    /// A function callable in expressions.
    enum Function: String, CaseIterable, Sendable {
        case floor, ceil, round, sqrt, min, max, log2

        /// The allowed numbers of arguments.
        var arity: ClosedRange<Int> {
            switch self {
            case .min, .max: return 2...Int.max
            default: return 1...1
            }
        }

        func apply(_ x: [Double]) -> Double {
            switch self {
            case .floor: return x[0].rounded(.down)
            case .ceil: return x[0].rounded(.up)
            case .round: return x[0].rounded(.toNearestOrAwayFromZero)
            case .sqrt: return x[0].squareRoot()
            case .min: return x.min()!
            case .max: return x.max()!
            case .log2: return Foundation.log2(x[0])
            }
        }
    }

    /// The parameter names the expression reads, in order of first appearance.
    var parameterNames: [String] {
        var names: [String] = []
        func visit(_ e: SpecExpression) {
            switch e {
            case .number: break
            case .parameter(let name): if !names.contains(name) { names.append(name) }
            case .negate(let a): visit(a)
            case .binary(_, let a, let b): visit(a); visit(b)
            case .call(_, let args): args.forEach(visit)
            }
        }
        visit(self)
        return names
    }

    /// The value, reading parameters through `value` (which must know every name in
    /// `parameterNames`). May be NaN or infinite (`sqrt(-1)`, `1 / 0`); callers check.
    func evaluate(_ value: (String) -> Double) -> Double {
        switch self {
        case .number(let x): return x
        case .parameter(let name): return value(name)
        case .negate(let a): return -a.evaluate(value)
        case .binary(let op, let a, let b):
            let x = a.evaluate(value), y = b.evaluate(value)
            switch op {
            case .add: return x + y
            case .subtract: return x - y
            case .multiply: return x * y
            case .divide: return x / y
            case .power: return Foundation.pow(x, y)
            }
        case .call(let f, let args): return f.apply(args.map { $0.evaluate(value) })
        }
    }
}
