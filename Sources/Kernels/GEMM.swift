/// C ← alpha·op(A)·op(B) + beta·C, op = identity or transpose. Shapes are checked with preconditions.
///
/// A packed, cache-blocked GEMM with SIMD register-tile micro-kernels
/// (`GEMM+Driver.swift`, `Dispatch/GEMMRegisterTile.swift`) on the kernel path
/// `GEMMKernelChoice.current` gives the product's shape (or OpenBLAS, `GEMM+BLASPath.swift`). With `beta == 0` the old contents of C are
/// not read (NaN or infinity in C are overwritten), and with `alpha == 0` or an empty
/// inner dimension A and B are not read, as in BLAS. Uses `KernelThreads.count` threads
/// (bit-identical results for any count); `epilogue` sees every finished tile of C once.
public func gemm<T: KernelScalar>(
    _ a: Matrix<T>, _ transA: Transpose, _ b: Matrix<T>, _ transB: Transpose,
    into c: inout Matrix<T>, alpha: T = 1, beta: T = 0, epilogue: GEMMTileEpilogue<T>? = nil
) {
    withGEMMOperands(a, transA, b, transB, into: &c, alpha: alpha, beta: beta) { runGEMM($0, epilogue: epilogue) }
}

/// Checks shapes, turns transposes into strides and hands the raw operands to `body`
/// (the packed driver; tests pass one with small block sizes).
func withGEMMOperands<T: KernelScalar>(
    _ a: Matrix<T>, _ transA: Transpose, _ b: Matrix<T>, _ transB: Transpose,
    into c: inout Matrix<T>, alpha: T, beta: T, _ body: (GEMMOperands<T>) -> Void
) {
    let shape = GEMMShape(a, transA, b, transB, c)
    let (aRowStride, aColumnStride) = transA == .none ? (a.columns, 1) : (1, a.columns)
    let (bRowStride, bColumnStride) = transB == .none ? (b.columns, 1) : (1, b.columns)
    let ldc = c.columns
    a.elements.withUnsafeBufferPointer { pa in
        b.elements.withUnsafeBufferPointer { pb in
            c.elements.withUnsafeMutableBufferPointer { pc in
                guard let cBase = pc.baseAddress else { return }
                // An empty A or B has no storage; the driver then reads neither.
                let stand = UnsafePointer(cBase)
                body(GEMMOperands(
                    m: shape.m, n: shape.n, k: shape.k, alpha: alpha,
                    a: pa.baseAddress ?? stand, aRowStride: aRowStride, aColumnStride: aColumnStride,
                    b: pb.baseAddress ?? stand, bRowStride: bRowStride, bColumnStride: bColumnStride,
                    beta: beta, c: cBase, ldc: ldc))
            }
        }
    }
}

/// Convenience: returns op(A)·op(B), with `epilogue` (if any) applied to each finished tile.
public func product<T: KernelScalar>(
    _ a: Matrix<T>, _ transA: Transpose = .none, _ b: Matrix<T>, _ transB: Transpose = .none,
    epilogue: GEMMTileEpilogue<T>? = nil
) -> Matrix<T> {
    let rows = transA == .none ? a.rows : a.columns
    let columns = transB == .none ? b.columns : b.rows
    var c = Matrix<T>(uninitializedRows: rows, columns: columns)
    gemm(a, transA, b, transB, into: &c, epilogue: epilogue)
    return c
}

/// Convenience: returns A·B. (Swift matches unlabelled arguments by position, so
/// `product(a, b)` needs this overload next to the one with transpose flags.)
public func product<T: KernelScalar>(_ a: Matrix<T>, _ b: Matrix<T>) -> Matrix<T> {
    product(a, .none, b, .none)
}
