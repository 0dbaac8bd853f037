/// Times `gemm` against OpenBLAS (`BLASPeer`, single-threaded) on the same inputs, for
/// `fsweep bench` and for tuning the kernels. Wall-clock time: on a busy machine both
/// sides slow down, so quote best-of figures from several repeats (and
/// `BLASPeer.coreName`, which OpenBLAS kernel family ran).
public enum GEMMBenchmark {
    /// GFLOP/s (2·m·n·k floating-point operations per product) of `gemm` and of
    /// OpenBLAS for C ← op(A)·op(B) with op(A) m×k, op(B) k×n, the operands stored as
    /// the transposes say (row-major), entries uniform in [−1, 1) from a fixed seed.
    /// Each side runs once untimed (first touch, page faults), then `repeats` timed
    /// rounds alternate ours and OpenBLAS, so both see the same machine load; the best
    /// time of each is reported. With `prepackedB`, ours multiplies by a
    /// `PackedRightOperand` packed before the timing, as the block Krylov solver does
    /// (OpenBLAS packs B in every call, as it must).
    public static func measure<T: KernelScalar>(
        _: T.Type, m: Int, n: Int, k: Int, transposeA: Transpose = .none, transposeB: Transpose = .none,
        prepackedB: Bool = false, repeats: Int
    ) -> (oursGFLOPS: Double, blasGFLOPS: Double) {
        precondition(m > 0 && n > 0 && k > 0 && repeats > 0, "measure needs positive sizes and repeats")
        BLASThreads.useOneThread()
        var generator = SeededGenerator(seed: 0x5EED_6E33)
        func operand(_ rows: Int, _ columns: Int) -> Matrix<T> {
            Matrix<T>(rows: rows, columns: columns) { _, _ in T(Double.random(in: -1..<1, using: &generator)) }
        }
        let a = transposeA == .none ? operand(m, k) : operand(k, m)
        let b = transposeB == .none ? operand(k, n) : operand(n, k)
        var c = Matrix<T>(rows: m, columns: n)
        let packed = prepackedB ? PackedRightOperand(b, transposeB) : nil
        let ours = {
            if let packed { gemm(a, transposeA, packed, into: &c) } else { gemm(a, transposeA, b, transposeB, into: &c) }
        }
        let blas = { BLASPeer.gemm(a, transposeA, b, transposeB, into: &c) }
        ours()
        blas()
        var best = (ours: Double.infinity, blas: Double.infinity)
        for _ in 0..<repeats {
            best.ours = min(best.ours, seconds(ours))
            best.blas = min(best.blas, seconds(blas))
        }
        let operations = 2 * Double(m) * Double(n) * Double(k)
        return (operations / best.ours / 1e9, operations / best.blas / 1e9)
    }

    /// Wall-clock seconds of one run of `body`.
    static func seconds(_ body: () -> Void) -> Double {
        let elapsed = ContinuousClock().measure(body)
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }
}
