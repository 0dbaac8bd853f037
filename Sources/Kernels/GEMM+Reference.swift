/// C ← alpha·op(A)·op(B) + beta·C by the textbook triple loop: the slow, obviously
/// correct reference the tests compare `gemm` against.
///
/// Each entry is one dot product summed in order p = 0..<k, then
/// `alpha·sum + beta·c`; with `beta == 0` the old C is not read (NaN in C is
/// overwritten), as in BLAS. Inlinable so callers get a specialised copy.
@inlinable
public func referenceGEMM<T: KernelScalar>(
    _ a: Matrix<T>, _ transA: Transpose, _ b: Matrix<T>, _ transB: Transpose,
    into c: inout Matrix<T>, alpha: T = 1, beta: T = 0
) {
    let shape = GEMMShape(a, transA, b, transB, c)
    let (aRow, aColumn) = transA == .none ? (a.columns, 1) : (1, a.columns)
    let (bRow, bColumn) = transB == .none ? (b.columns, 1) : (1, b.columns)
    let ldc = c.columns
    a.elements.withUnsafeBufferPointer { a in
        b.elements.withUnsafeBufferPointer { b in
            c.elements.withUnsafeMutableBufferPointer { c in
                for i in 0..<shape.m {
                    for j in 0..<shape.n {
                        var sum: T = 0
                        for p in 0..<shape.k {
                            sum += a[i * aRow + p * aColumn] * b[p * bRow + j * bColumn]
                        }
                        c[i * ldc + j] = beta == 0 ? alpha * sum : alpha * sum + beta * c[i * ldc + j]
                    }
                }
            }
        }
    }
}
