/// Which code computes a product: one of the register-tile kernels, or the linked BLAS.
///
/// - `avx512`: 12 × 32 float32 / 8 × 24 float64 tiles in zmm registers.
/// - `avx2`: 6 × 16 / 6 × 8 tiles in ymm registers (AVX2 + FMA).
/// - `portable`: the same 6 × 16 / 6 × 8 tiles where there is no AVX2 (arm64, or an
///   x86-64 build below `haswell`): Swift SIMD types only, no x86-specific code.
/// - `blas`: `cblas_sgemm` / `cblas_dgemm` of the linked OpenBLAS, with a fused epilogue
///   run as one pass over the finished rows of C (the safety net of `GEMMKernelChoice`).
///
/// Each path gives the same results, bit for bit, for any thread count and any rank; two
/// paths agree to rounding only (their sums are blocked differently).
public enum GEMMKernelPath: String, Codable, CaseIterable, Sendable {
    case avx512, avx2, portable, blas

    /// Whether this binary holds the path's code compiled for its vector width and this
    /// CPU can run it. `blas` always can.
    public var isAvailable: Bool {
        switch self {
        case .avx512: return InstructionSet.compiled.isSuperset(of: .avx512) && InstructionSet.cpu.isSuperset(of: .avx512)
        case .avx2: return InstructionSet.compiled.isSuperset(of: .avx2) && InstructionSet.cpu.isSuperset(of: .avx2)
        case .portable: return !GEMMKernelPath.avx2.isAvailable
        case .blas: return true
        }
    }

    /// The fastest register-tile path this binary and CPU have.
    public static var bestTiles: GEMMKernelPath {
        if GEMMKernelPath.avx512.isAvailable { return .avx512 }
        if GEMMKernelPath.avx2.isAvailable { return .avx2 }
        return .portable
    }

    /// Why a path cannot run here, for `--kernel` errors; nil when it can.
    public var unavailableReason: String? {
        guard !isAvailable else { return nil }
        switch self {
        case .avx512, .avx2:
            let needed: InstructionSet = self == .avx512 ? .avx512 : .avx2
            if !InstructionSet.cpu.isSuperset(of: needed) {
                return "this CPU lacks \(needed.subtracting(InstructionSet.cpu).names.joined(separator: " "))"
            }
            return "this binary was built without \(needed.subtracting(InstructionSet.compiled).names.joined(separator: " ")) (TARGET_CPU)"
        case .portable: return "this CPU has AVX2, whose kernel runs the same tiles (use avx2)"
        case .blas: return nil
        }
    }
}
