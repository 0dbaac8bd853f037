/// The dimensions of C ← alpha·op(A)·op(B) + beta·C, checked once for every GEMM
/// entry point (ours, the reference and the BLAS peer).
@usableFromInline
struct GEMMShape {
    /// Rows of op(A) and of C.
    @usableFromInline let m: Int
    /// Columns of op(B) and of C.
    @usableFromInline let n: Int
    /// Columns of op(A) = rows of op(B).
    @usableFromInline let k: Int

    @usableFromInline
    init<T>(_ a: Matrix<T>, _ transA: Transpose, _ b: Matrix<T>, _ transB: Transpose, _ c: Matrix<T>) {
        let (am, ak) = transA == .none ? (a.rows, a.columns) : (a.columns, a.rows)
        let (bk, bn) = transB == .none ? (b.rows, b.columns) : (b.columns, b.rows)
        precondition(ak == bk, "gemm: op(A) is \(am)×\(ak) but op(B) is \(bk)×\(bn)")
        precondition(c.rows == am && c.columns == bn, "gemm: C is \(c.rows)×\(c.columns), op(A)·op(B) is \(am)×\(bn)")
        m = am
        n = bn
        k = ak
    }
}
