import RealModule

/// Margin losses ℓ(y·f) of the classification protocols, as named in specs.
public enum ClassificationLoss: String, CaseIterable, Sendable {
    /// log(1 + e^(−m)).
    case logistic
    /// max(0, 1 − m).
    case hinge

    public static var allNames: [String] { allCases.map(\.rawValue) }

    /// ℓ(m), computed without overflow for large |m|.
    public func value(margin m: Double) -> Double {
        switch self {
        case .logistic: return m > 0 ? Double.log(onePlus: Double.exp(-m)) : -m + Double.log(onePlus: Double.exp(m))
        case .hinge: return max(0, 1 - m)
        }
    }

    /// ℓ′(m) (for the hinge, −1 below margin 1 and 0 from 1 on).
    public func derivative(margin m: Double) -> Double {
        switch self {
        case .logistic: return m > 0 ? -Double.exp(-m) / (1 + Double.exp(-m)) : -1 / (1 + Double.exp(m))
        case .hinge: return m < 1 ? -1 : 0
        }
    }

    /// The mean loss (1/n) Σ ℓ(y_i f_i) and its gradient with respect to each output,
    /// ∂L/∂f_i = ℓ′(y_i f_i)·y_i/n.
    func meanLoss(outputs f: [Double], labels y: [Double]) -> (loss: Double, outputGradients: [Double]) {
        let n = Double(f.count)
        var total = 0.0
        var gradients = [Double](repeating: 0, count: f.count)
        for i in 0..<f.count {
            let m = y[i] * f[i]
            total += value(margin: m)
            gradients[i] = derivative(margin: m) * y[i] / n
        }
        return (total / n, gradients)
    }
}

/// The fraction of samples with y_i·f_i ≤ 0 (an output of exactly 0 counts as an error).
func classificationError(outputs f: [Double], labels y: [Double]) -> Double {
    var wrong = 0
    for i in 0..<f.count where y[i] * f[i] <= 0 { wrong += 1 }
    return Double(wrong) / Double(f.count)
}
