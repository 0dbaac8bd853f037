/// The outlier counts the theory predicts for `two-step` (Moniri & Hassani 2026,
/// arXiv 2605.17767), and the heuristic behind them.
///
/// In the paper's normalisation (Ba et al.'s, DESIGN.md: W ← W − η·√N·∇_W L with
/// η = c·N^α, α ∈ [0, ½), a_j ~ N(0, 1/N)), step 1 adds to neuron j the rank-one
/// update η1·μ1·a_j·v (v = Xᵀr/n), a per-neuron spike of size N^(α1−½). Expanding the
/// second step's σ′(w_j·x + δ_j(x)) in powers of that spike, δ_j(x) = η1·μ1·a_j·⟨v, x⟩,
/// its term of order k is, through the mean μ_{k+1} = E σ^(k+1)(z), z ~ N(0, 1), the
/// rank-one matrix
///
///     η2 · (η1·μ1)^k · μ_{k+1}/k! · a^(∘(k+1)) · uₖᵀ,   uₖ = (1/n) Σ_i r_i ⟨v, x_i⟩^k x_i,
///
/// of operator norm ≍ N^(α2 + k(α1 − ½)) since ‖a^(∘(k+1))‖ ≍ N^(−k/2). The bulk of
/// W2 stays W0's, of order 1 (the noise of both steps is of order N^(α−½)), so order k
/// gives an outlier when α2 − k(½ − α1) ≥ 0. Order 0 (μ1·a·(η1·v1 + η2·v2)ᵀ: both
/// steps' first-order terms share the left vector a exactly) is the one-step spike;
/// the orders k ≥ 1 are the directions the second step adds, and there are
/// ⌊α2/(½ − α1)⌋ of them. That is the paper's count: the outliers of W2 beyond the
/// one-step spike, against the order-1 bulk of the weights.
enum TwoStepTheory {
    /// ⌊α2/(½ − α1)⌋ (Moniri, Hassani 2026); the 1e-9 keeps exact ratios such as
    /// 0.2/0.4 = ½ or 0.4/0.4 = 1 from rounding down.
    static func outlierCount(alpha1: Double, alpha2: Double) -> Int {
        Int((alpha2 / (0.5 - alpha1) + 1e-9).rounded(.down))
    }

    /// The same count restricted to the orders k whose coefficient μ_{k+1} is not zero
    /// for `activation`: the paper's count assumes a generic σ, and the activations
    /// here are not generic (see `hasNonZeroDerivativeMean`).
    static func outlierCount(alpha1: Double, alpha2: Double, activation: Activation) -> Int {
        let orders = outlierCount(alpha1: alpha1, alpha2: alpha2)
        guard orders > 0 else { return 0 }
        return (1...orders).filter { hasNonZeroDerivativeMean(activation, order: $0 + 1) }.count
    }

    /// Whether μ_m = E σ^(m)(z) = E[σ(z)·He_m(z)] (Stein's lemma), z ~ N(0, 1), is non-zero.
    ///
    /// - `crelu`, `relu`, `softplus`: σ(z) = z/2 + (an even function), so every odd
    ///   Hermite coefficient from 3 on vanishes: μ_m = 0 for odd m ≥ 3, and the orders
    ///   k = 2, 4, … of the second step carry no spike.
    /// - `tanh`: odd, so μ_m = 0 for every even m: the orders k = 1, 3, … vanish.
    /// - `hermite3`: He1 + He2/√2 + He3/√6 is cubic, so μ_m = 0 for m ≥ 4 (k ≥ 3).
    static func hasNonZeroDerivativeMean(_ activation: Activation, order m: Int) -> Bool {
        precondition(m >= 1)
        switch activation {
        case .crelu, .relu, .softplus: return m == 1 || m % 2 == 0
        case .tanh: return m % 2 == 1
        case .hermite3: return m <= 3
        }
    }
}
