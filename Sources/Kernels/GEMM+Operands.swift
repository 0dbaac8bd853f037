/// C ← alpha·op(A)·op(B) + beta·C on raw strided storage: what `gemm` hands to the
/// packed driver once shapes are checked and transposes turned into strides.
///
/// op(A)(i, p) = `a[i·aRowStride + p·aColumnStride]` for i < m, p < k;
/// op(B)(p, j) = `b[p·bRowStride + j·bColumnStride]` for p < k, j < n;
/// C(i, j) = `c[i·ldc + j]`. The pointers are valid only for the duration of the call.
public struct GEMMOperands<Scalar: GEMMScalar> {
    public var m: Int, n: Int, k: Int
    public var alpha: Scalar, beta: Scalar
    public var a: UnsafePointer<Scalar>, aRowStride: Int, aColumnStride: Int
    public var b: UnsafePointer<Scalar>, bRowStride: Int, bColumnStride: Int
    public var c: UnsafeMutablePointer<Scalar>, ldc: Int
    /// Compute only tiles that reach the diagonal or lie above it (for a symmetric C,
    /// `Matrix.gram`): a tile of rows r… and columns …c (exclusive) is skipped when
    /// c ≤ r + `diagonalOffset`, where `diagonalOffset` is C's first row in the full matrix.
    public var upperTriangleOnly = false
    public var diagonalOffset = 0
    /// Whether a one-row or one-column product may take the streaming matrix–vector path
    /// (`vectorGEMM`); false for a row range of a larger product, whose rows must be
    /// computed as the other ranges compute theirs.
    public var allowsVectorShortcut = true

    public init(
        m: Int, n: Int, k: Int, alpha: Scalar,
        a: UnsafePointer<Scalar>, aRowStride: Int, aColumnStride: Int,
        b: UnsafePointer<Scalar>, bRowStride: Int, bColumnStride: Int,
        beta: Scalar, c: UnsafeMutablePointer<Scalar>, ldc: Int
    ) {
        self.m = m; self.n = n; self.k = k
        self.alpha = alpha; self.beta = beta
        self.a = a; self.aRowStride = aRowStride; self.aColumnStride = aColumnStride
        self.b = b; self.bRowStride = bRowStride; self.bColumnStride = bColumnStride
        self.c = c; self.ldc = ldc
    }
}

extension GEMMOperands {
    /// The same product restricted to rows `range` of op(A) and C.
    func rows(_ range: Range<Int>) -> GEMMOperands {
        var part = self
        part.m = range.count
        part.a = a + range.lowerBound * aRowStride
        part.c = c + range.lowerBound * ldc
        part.diagonalOffset = diagonalOffset + range.lowerBound
        return part
    }
}

/// Cache block sizes of the packed GEMM (Goto/BLIS loop nest, see `GEMM+Driver.swift`).
public struct GEMMBlocking: Sendable, Equatable {
    /// Rows of op(A) packed at once (a multiple of the tile rows; the packed block lives in L3).
    public var rows: Int
    /// Depth (k) of one packed block; one A micro-panel (tile rows × depth) lives in L1.
    public var depth: Int
    /// Columns of op(B) packed at once (a multiple of the tile columns; depth × columns lives in L2).
    public var columns: Int

    public init(rows: Int, depth: Int, columns: Int) {
        precondition(rows > 0 && depth > 0 && columns > 0)
        self.rows = rows
        self.depth = depth
        self.columns = columns
    }
}
