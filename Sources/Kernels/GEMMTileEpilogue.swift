/// A finished block of C handed to a `GEMMTileEpilogue`: rows `row ..< row + height`
/// and columns `column ..< column + width` of C, stored from `pointer` with row stride `ldc`.
public struct GEMMTile<Scalar>: @unchecked Sendable {
    public let pointer: UnsafeMutablePointer<Scalar>
    public let ldc: Int
    /// Index in C of the tile's first row and column.
    public let row: Int, column: Int
    public let height: Int, width: Int

    @inlinable
    public init(_ pointer: UnsafeMutablePointer<Scalar>, ldc: Int, row: Int, column: Int, height: Int, width: Int) {
        self.pointer = pointer
        self.ldc = ldc
        self.row = row
        self.column = column
        self.height = height
        self.width = width
    }

    /// The tile's part of its `r`-th row (0 ≤ r < height): C[row + r, column ..< column + width].
    @inlinable
    public func values(ofRow r: Int) -> UnsafeMutableBufferPointer<Scalar> {
        UnsafeMutableBufferPointer(start: pointer + r * ldc, count: width)
    }
}

/// Work fused into a GEMM: called once for every tile of C right after its final value is
/// stored, while the tile is still in L1, so what follows a product (an activation, its
/// derivative, a scaling, row sums) does not walk the whole of C again.
///
/// Tiles cover C exactly once. Along each row they arrive in increasing column order,
/// so sums accumulated per row have a fixed order; with `KernelThreads.count > 1`,
/// different rows may be finished concurrently, so the body must write only to its
/// tile and to per-row state of the tile's rows.
public struct GEMMTileEpilogue<Scalar>: @unchecked Sendable {
    public let finish: (GEMMTile<Scalar>) -> Void

    public init(_ finish: @escaping (GEMMTile<Scalar>) -> Void) {
        self.finish = finish
    }

    /// The same work with tile rows shifted by `rows` (for a product on a row range of C).
    func offset(rows: Int) -> GEMMTileEpilogue {
        rows == 0 ? self : GEMMTileEpilogue { tile in
            finish(GEMMTile(tile.pointer, ldc: tile.ldc, row: tile.row + rows, column: tile.column, height: tile.height, width: tile.width))
        }
    }
}
