import RealModule

/// The single-index targets σ*(⟨β, x⟩), as named in specs.
public enum TargetFunction: String, CaseIterable, Sendable {
    case linear
    /// He2 normalised: (z² − 1)/√2 (information exponent 2).
    case he2
    /// z + (z² − 1)/√2.
    case he1PlusHe2 = "he1+he2"
    case tanh
    case relu
    /// He3 normalised: (z³ − 3z)/√6. Information exponent 3 (E[He3(z)·He_k(z)] = 0 for
    /// k = 1, 2), generative exponent 1: E[He3(z)³·z] ≠ 0, so a transformation of the label
    /// (y³) correlates with z — what a reused batch can exploit and a fresh one cannot
    /// (Dandi et al. 2024; Damian et al. 2024).
    case he3
    /// sin(z) (Cui et al. 2024's teacher): odd, information exponent 1.
    case sin
    /// He4 normalised: (z⁴ − 6z² + 3)/√24 (information exponent 4).
    case he4
    /// y = (1/k) Σ_i h(⟨θ_i, x⟩) over k = `directions` orthonormal directions, with
    /// h = Σ_m c_m He_m in the probabilists' (unnormalised) Hermite polynomials,
    /// c_m = `target_he<m>` (see `Teacher`). `value(_:)` is h with every c_m = 0: unused.
    case multiIndex = "multi-index"

    public static var allNames: [String] { allCases.map(\.rawValue) }

    public func value(_ z: Double) -> Double {
        switch self {
        case .linear: return z
        case .he2: return Hermite.normalised(2, z)
        case .he1PlusHe2: return z + Hermite.normalised(2, z)
        case .tanh: return Double.tanh(z)
        case .relu: return max(z, 0)
        case .he3: return Hermite.normalised(3, z)
        case .sin: return Double.sin(z)
        case .he4: return Hermite.normalised(4, z)
        case .multiIndex: return 0
        }
    }
}

/// Probabilists' Hermite polynomials normalised to unit variance under N(0, 1).
public enum Hermite {
    /// He_k(z), unnormalised (He1 = z, He2 = z² − 1, He3 = z³ − 3z, He4 = z⁴ − 6z² + 3).
    public static func probabilists(_ k: Int, _ z: Double) -> Double {
        if k == 0 { return 1 }
        var previous = 1.0, current = z
        if k >= 2 {
            for j in 1..<k {
                let next = z * current - Double(j) * previous
                previous = current
                current = next
            }
        }
        return current
    }

    /// He_k(z)/√(k!).
    public static func normalised(_ k: Int, _ z: Double) -> Double {
        var previous = 1.0, current = z   // He0, He1 (unnormalised)
        if k == 0 { return 1 }
        var factorial = 1.0
        if k >= 2 {
            for j in 1..<k {
                let next = z * current - Double(j) * previous
                previous = current
                current = next
                factorial *= Double(j + 1)
            }
        }
        return current / factorial.squareRoot()
    }
}
