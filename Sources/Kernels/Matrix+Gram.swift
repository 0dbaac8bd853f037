extension Matrix {
    /// The Gram matrix AᵀA (columns × columns) of this matrix, with about half the
    /// multiply-adds of `product(a, .transposed, a)`.
    ///
    /// One packed product that skips every register tile strictly below the diagonal
    /// (`GEMMOperands.upperTriangleOnly`); the lower triangle is then mirrored. Element
    /// (i, j) is the same sum in the same order as element (j, i), so the result is
    /// exactly symmetric and equal, bit for bit, to the full product. On the `blas` path,
    /// BLAS's `syrk` computes the upper triangle instead.
    public var gram: Matrix {
        let n = columns, m = rows
        var result = Matrix(uninitializedRows: n, columns: n)
        guard n > 0 else { return result }
        let path = GEMMKernelChoice.current.path(Scalar.self, m: n, n: n, k: m)
        elements.withUnsafeBufferPointer { a in
            result.elements.withUnsafeMutableBufferPointer { g in
                let base = a.baseAddress ?? UnsafePointer(g.baseAddress!)
                if path == .blas {
                    if m == 0 {
                        g.update(repeating: 0)
                    } else {
                        BLASThreads.useOneThread()
                        Scalar.blasGramUpper(n: Int32(n), k: Int32(m), a: base, lda: Int32(n), c: g.baseAddress!, ldc: Int32(n))
                    }
                    mirrorUpperTriangle(g.baseAddress!, order: n, tileColumns: 1)
                    return
                }
                var operands = GEMMOperands(
                    m: n, n: n, k: m, alpha: 1,
                    a: base, aRowStride: 1, aColumnStride: n,
                    b: base, bRowStride: n, bColumnStride: 1,
                    beta: 0, c: g.baseAddress!, ldc: n)
                operands.upperTriangleOnly = true
                runGEMM(operands, epilogue: nil)
                mirrorUpperTriangle(g.baseAddress!, order: n, tileColumns: Scalar.gemmTileGeometry(path).columns)
            }
        }
        return result
    }
}

/// Copies G[j, i] to G[i, j] wherever the product skipped (i, j): below the diagonal,
/// left of the tile holding the diagonal, in 64 × 64 blocks to stay in cache.
@_specialize(where T == Float)
@_specialize(where T == Double)
private func mirrorUpperTriangle<T>(_ g: UnsafeMutablePointer<T>, order n: Int, tileColumns: Int) {
    let block = 64
    var ib = 0
    while ib < n {
        var jb = 0
        while jb < ib + block && jb < n {
            for i in ib..<Swift.min(ib + block, n) {
                // Row i was computed from the first column of the tile holding i onwards.
                // With tiles not dividing the block (24 columns), that can be left of jb.
                let computedFrom = i / tileColumns * tileColumns
                var j = jb
                while j < Swift.min(jb + block, computedFrom) {
                    g[i * n + j] = g[j * n + i]
                    j += 1
                }
            }
            jb += block
        }
        ib += block
    }
}
