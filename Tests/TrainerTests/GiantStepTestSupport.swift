@testable import Trainer

/// A full giant-step parameter set with DESIGN.md's defaults, at n = d = N = size.
func giantStepParameters(size: Int, alpha: Double, seed: Int = 0, overrides: [String: ParameterValue] = [:]) -> TaskParameters {
    var values: [String: ParameterValue] = [
        "n": .integer(size), "n_readout": .integer(size), "n_test": .integer(size), "d": .integer(size), "N": .integer(size),
        "alpha": .real(alpha), "c": .real(1), "lambda": .real(0.1), "activation": .text("crelu"),
        "target": .text("he1+he2"), "label_noise": .real(0), "top_k": .integer(8), "precision": .text("float32"),
        "full_spectrum": .text("false"),
    ]
    for (name, value) in overrides { values[name] = value }
    return TaskParameters(values, seed: seed)
}

/// Stands in for the sweep's (root seed, task key) derivation in unit tests.
func testRandomness(seed: Int, alpha: Double) -> TaskRandomness {
    TaskRandomness(rootSeed: 20231011, keyBits: UInt64(seed) &* 0x9E37_79B9_7F4A_7C15 ^ alpha.bitPattern)
}
