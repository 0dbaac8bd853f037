import CLAPACK
import Foundation

/// OpenBLAS, called in-process with the same signature as `gemm`: the speed peer for
/// benchmarks and a second opinion for tests. Runs single-threaded
/// (`BLASThreads.useOneThread()`), as everything inside a rank does.
public enum BLASPeer {
    /// The kernel family OpenBLAS picked for this CPU at load time (e.g. `SkylakeX`,
    /// `Haswell`, or `Prescott` when it does not recognise the CPU; the environment
    /// variable `OPENBLAS_CORETYPE` overrides it). Benchmarks print it next to the figures.
    public static var coreName: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
    }

    /// OpenBLAS's build description, e.g. "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Haswell
    /// MAX_THREADS=64" (the provenance's `blas_name`).
    public static var configuration: String {
        guard let text = openblas_get_config() else { return "unknown" }
        return String(cString: text).trimmingCharacters(in: .whitespaces)
    }

    /// C ← alpha·op(A)·op(B) + beta·C through `cblas_sgemm` / `cblas_dgemm` (row-major).
    /// Shapes are checked with preconditions, exactly as in `gemm`.
    public static func gemm<T: KernelScalar>(
        _ a: Matrix<T>, _ transA: Transpose, _ b: Matrix<T>, _ transB: Transpose,
        into c: inout Matrix<T>, alpha: T = 1, beta: T = 0
    ) {
        let shape = GEMMShape(a, transA, b, transB, c)
        BLASThreads.useOneThread()
        guard shape.m > 0, shape.n > 0 else { return }
        let rows = c.rows, columns = c.columns
        a.elements.withUnsafeBufferPointer { pa in
            b.elements.withUnsafeBufferPointer { pb in
                c.elements.withUnsafeMutableBufferPointer { pc in
                    T.blasGEMM(
                        transposeA: transA == .transposed, transposeB: transB == .transposed,
                        m: Int32(rows), n: Int32(columns), k: Int32(shape.k),
                        alpha: alpha, a: pa.baseAddress!, lda: Int32(max(1, a.columns)),
                        b: pb.baseAddress!, ldb: Int32(max(1, b.columns)),
                        beta: beta, c: pc.baseAddress!, ldc: Int32(max(1, columns)))
                }
            }
        }
    }
}

@inline(__always)
private func cblasTranspose(_ transposed: Bool) -> CBLAS_TRANSPOSE {
    transposed ? CblasTrans : CblasNoTrans
}

extension Float {
    public static func blasGEMM(
        transposeA: Bool, transposeB: Bool, m: Int32, n: Int32, k: Int32,
        alpha: Float, a: UnsafePointer<Float>, lda: Int32, b: UnsafePointer<Float>, ldb: Int32,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int32
    ) {
        cblas_sgemm(CblasRowMajor, cblasTranspose(transposeA), cblasTranspose(transposeB),
                    m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
    }
}

extension Double {
    public static func blasGEMM(
        transposeA: Bool, transposeB: Bool, m: Int32, n: Int32, k: Int32,
        alpha: Double, a: UnsafePointer<Double>, lda: Int32, b: UnsafePointer<Double>, ldb: Int32,
        beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int32
    ) {
        cblas_dgemm(CblasRowMajor, cblasTranspose(transposeA), cblasTranspose(transposeB),
                    m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
    }
}

extension Float {
    public static func blasGramUpper(n: Int32, k: Int32, a: UnsafePointer<Float>, lda: Int32, c: UnsafeMutablePointer<Float>, ldc: Int32) {
        cblas_ssyrk(CblasRowMajor, CblasUpper, CblasTrans, n, k, 1, a, lda, 0, c, ldc)
    }
}

extension Double {
    public static func blasGramUpper(n: Int32, k: Int32, a: UnsafePointer<Double>, lda: Int32, c: UnsafeMutablePointer<Double>, ldc: Int32) {
        cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, n, k, 1, a, lda, 0, c, ldc)
    }
}
