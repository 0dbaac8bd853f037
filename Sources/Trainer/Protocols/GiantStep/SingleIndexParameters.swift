/// The parameters `giant-step` and `two-step` share: the sizes of the data and the
/// network, and the model, readout and arithmetic. Declared once so both protocols
/// read and check them the same way.
enum SingleIndexParameters {
    /// `n_readout`, `n_test`, `d`, `N` (the step batch `n` is described per protocol).
    static let sizes: [ParameterSpec] = [
        ParameterSpec("n_readout", .integer(.positive), "samples for the ridge readout (fresh)"),
        ParameterSpec("n_test", .integer(.positive), "test samples (fresh)"),
        ParameterSpec("d", .integer(.positive), "input dimension"),
        ParameterSpec("N", .integer(.positive), "network width (hidden units)"),
    ]

    /// `lambda`, `activation`, `target`, `label_noise`, `top_k`, `precision`.
    static let model: [ParameterSpec] = [
        ParameterSpec("lambda", .real(.positive), default: .real(0.1), "ridge penalty of the readout"),
        ParameterSpec("activation", .choice(Activation.allNames), default: .text("crelu"), "activation of the network"),
        ParameterSpec("target", .choice(TargetFunction.allNames), default: .text("he1+he2"), "target: single-index sigma*(<beta, x>), or multi-index (see directions, target_he1..4)"),
        ParameterSpec("label_noise", .real(.nonNegative), default: .real(0), "standard deviation tau of additive label noise"),
        ParameterSpec("top_k", .integer(IntegerBounds(1, 64)), default: .integer(8), "singular values kept per spectrum"),
        ParameterSpec("precision", .choice(["float32", "float64"]), default: .text("float32"), "arithmetic of the heavy linear algebra"),
    ]
}
