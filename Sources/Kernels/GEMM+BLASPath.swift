/// Rows of C per BLAS call on the `blas` path. Fixed, because OpenBLAS's result for a row
/// depends on how many rows the call has (its edge kernels sum differently): splitting C
/// by thread count would change the bits with `--threads`. OpenBLAS packs all of B in
/// every call, so blocks cost: with 512 rows a 2048² float32 product ran at 0.94 of one
/// call (SkylakeX kernels); 2048 rows keep every protocol product at n ≤ 2048 in one call,
/// and threads help only products of more rows than that.
let blasBlockRows = 2048

/// The safety net on up to `KernelThreads.count` threads: C in blocks of `blasBlockRows` rows,
/// each block one `blasGEMM` call, contiguous runs of blocks per thread.
func runBLASGEMM<T: GEMMScalar>(_ o: GEMMOperands<T>, epilogue: GEMMTileEpilogue<T>?, packedB: PackedRightOperand<T>?) {
    let blocks = (o.m + blasBlockRows - 1) / blasBlockRows
    let flops = 2 * Double(o.m) * Double(o.n) * Double(o.k)
    let ranges = flops >= 4e6 ? min(KernelThreads.count, blocks) : 1
    KernelThreads.forEach(ranges) { range in
        for block in (range * blocks / ranges)..<((range + 1) * blocks / ranges) {
            let first = block * blasBlockRows
            blasGEMM(o.rows(first..<min(o.m, first + blasBlockRows)), epilogue: epilogue?.offset(rows: first), packedB: packedB)
        }
    }
}

/// The safety net for one row block: C ← alpha·op(A)·op(B) + beta·C by the linked BLAS
/// (one thread), then the fused epilogue as one pass over C.
///
/// The epilogue sees C in tiles of up to 64 rows × 256 columns, rows in order and, along
/// each row, columns in increasing order (the contract of `GEMMTileEpilogue`); it costs
/// one more read of C, which the register-tile paths avoid. Operands come as strides:
/// one of each operand's strides must be 1 (what `gemm` and `PackedRightOperand` make).
func blasGEMM<T: GEMMScalar>(_ o: GEMMOperands<T>, epilogue: GEMMTileEpilogue<T>?, packedB: PackedRightOperand<T>?) {
    guard o.m > 0, o.n > 0 else { return }
    precondition(!o.upperTriangleOnly, "blasGEMM: Matrix.gram calls syrk on the blas path")
    BLASThreads.useOneThread()
    let (b, bRowStride, bColumnStride) = packedB.map { ($0.plainB, $0.columns, 1) } ?? (o.b, o.bRowStride, o.bColumnStride)
    let (transposeA, lda) = blasLayout(rowStride: o.aRowStride, columnStride: o.aColumnStride, rows: o.m, columns: o.k)
    let (transposeB, ldb) = blasLayout(rowStride: bRowStride, columnStride: bColumnStride, rows: o.k, columns: o.n)
    if o.k == 0 || o.alpha == 0 {
        scaleC(o)
    } else {
        T.blasGEMM(transposeA: transposeA, transposeB: transposeB, m: Int32(o.m), n: Int32(o.n), k: Int32(o.k),
                   alpha: o.alpha, a: o.a, lda: Int32(lda), b: b, ldb: Int32(ldb), beta: o.beta, c: o.c, ldc: Int32(o.ldc))
    }
    guard let epilogue else { return }
    let height = 64, width = 256
    var row = 0
    while row < o.m {
        let rows = min(height, o.m - row)
        var column = 0
        while column < o.n {
            let columns = min(width, o.n - column)
            epilogue.finish(GEMMTile(o.c + row * o.ldc + column, ldc: o.ldc, row: row, column: column, height: rows, width: columns))
            column += columns
        }
        row += rows
    }
}

/// (transposed, leading dimension) of a row-major operand with the given strides.
@inline(__always)
private func blasLayout(rowStride: Int, columnStride: Int, rows: Int, columns: Int) -> (Bool, Int) {
    if columnStride == 1 && (rowStride >= columns || rows <= 1) { return (false, max(1, rowStride, columns)) }
    precondition(rowStride == 1, "blasGEMM: an operand with strides (\(rowStride), \(columnStride)) is not a BLAS matrix")
    return (true, max(1, columnStride, rows))
}
