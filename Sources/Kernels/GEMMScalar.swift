/// Element types the packed GEMM supports: `Float` and `Double`.
///
/// The requirements are the parts of `gemm` that depend on the element type: the
/// register tiles of each kernel path (`Dispatch/GEMMRegisterTile.swift`) and the entry
/// into the packed driver specialised for each, and the matching BLAS routines for the
/// safety net and the in-process speed peer (`BLASPeer.swift`). Code outside `Kernels` calls `gemm` / `product`, not these.
public protocol GEMMScalar: BinaryFloatingPoint, SIMDScalar, Codable, Sendable {
    /// The register tile's size and cache blocking on `path` (`avx512`, `avx2`, `portable`;
    /// `blas` gets the row blocks the safety net splits C into).
    static func gemmTileGeometry(_ path: GEMMKernelPath) -> GEMMTileGeometry

    /// The transposing pack (`GEMM+Transpose.swift`): `packed[p·tile + r] =
    /// source[r·lineStride + p]` for p < depth, r < lines, zero for lines ≤ r < tile. May
    /// write up to one SIMD vector past the panel's end.
    static func gemmTransposePack(
        _ source: UnsafePointer<Self>, lineStride: Int, lines: Int, depth: Int, tile: Int,
        into packed: UnsafeMutablePointer<Self>
    )

    /// The packed, cache-blocked GEMM on strided storage with the register tile of `path`
    /// (not `blas`), specialised for this type, on the calling thread; `epilogue` (if any)
    /// sees every finished tile of C once; with `packedB`, B is taken from it instead of
    /// `operands.b`; `blocking` replaces the tile's own block sizes (tests cross every
    /// block boundary with small ones).
    static func gemmPacked(_ operands: GEMMOperands<Self>, path: GEMMKernelPath, blocking: GEMMBlocking?,
                           epilogue: GEMMTileEpilogue<Self>?, packedB: PackedRightOperand<Self>?)

    /// Calls `cblas_sgemm` / `cblas_dgemm` (row-major): `BLASPeer` and the `blas` path.
    static func blasGEMM(
        transposeA: Bool, transposeB: Bool, m: Int32, n: Int32, k: Int32,
        alpha: Self, a: UnsafePointer<Self>, lda: Int32, b: UnsafePointer<Self>, ldb: Int32,
        beta: Self, c: UnsafeMutablePointer<Self>, ldc: Int32
    )

    /// Calls `cblas_ssyrk` / `cblas_dsyrk` (row-major, upper triangle, C ← AᵀA with A
    /// k × n): the `blas` path of `Matrix.gram`.
    static func blasGramUpper(n: Int32, k: Int32, a: UnsafePointer<Self>, lda: Int32, c: UnsafeMutablePointer<Self>, ldc: Int32)
}

extension Float: GEMMScalar {}
extension Double: GEMMScalar {}

/// A register tile's rows and columns and the cache blocking that goes with it.
public struct GEMMTileGeometry: Sendable, Equatable {
    public var rows: Int, columns: Int
    public var blocking: GEMMBlocking

    init<Tile: GEMMRegisterTile>(_: Tile.Type) {
        rows = Tile.rows
        columns = Tile.columns
        blocking = Tile.blocking
    }

    init(rows: Int, columns: Int, blocking: GEMMBlocking) {
        self.rows = rows
        self.columns = columns
        self.blocking = blocking
    }

    /// The safety net's row blocks (`blasBlockRows`); BLAS has no register tile.
    static let blasRows = GEMMTileGeometry(rows: blasBlockRows, columns: 1, blocking: GEMMBlocking(rows: blasBlockRows, depth: 1, columns: 1))
}

extension Float {
    public static func gemmTileGeometry(_ path: GEMMKernelPath) -> GEMMTileGeometry {
        switch path {
        case .avx512: return GEMMTileGeometry(AVX512FloatTile.self)
        case .avx2, .portable: return GEMMTileGeometry(Vector256FloatTile.self)
        case .blas: return .blasRows
        }
    }

    public static func gemmPacked(_ operands: GEMMOperands<Float>, path: GEMMKernelPath, blocking: GEMMBlocking?,
                                  epilogue: GEMMTileEpilogue<Float>?, packedB: PackedRightOperand<Float>?) {
        switch path {
        case .avx512:
            packedGEMM(operands, tile: AVX512FloatTile.self, blocking: blocking ?? AVX512FloatTile.blocking, epilogue: epilogue, packedB: packedB)
        case .avx2, .portable:
            packedGEMM(operands, tile: Vector256FloatTile.self, blocking: blocking ?? Vector256FloatTile.blocking, epilogue: epilogue, packedB: packedB)
        case .blas: preconditionFailure("gemmPacked: the blas path has no register tile (runGEMM sends it to blasGEMM)")
        }
    }
}

extension Double {
    public static func gemmTileGeometry(_ path: GEMMKernelPath) -> GEMMTileGeometry {
        switch path {
        case .avx512: return GEMMTileGeometry(AVX512DoubleTile.self)
        case .avx2, .portable: return GEMMTileGeometry(Vector256DoubleTile.self)
        case .blas: return .blasRows
        }
    }

    public static func gemmPacked(_ operands: GEMMOperands<Double>, path: GEMMKernelPath, blocking: GEMMBlocking?,
                                  epilogue: GEMMTileEpilogue<Double>?, packedB: PackedRightOperand<Double>?) {
        switch path {
        case .avx512:
            packedGEMM(operands, tile: AVX512DoubleTile.self, blocking: blocking ?? AVX512DoubleTile.blocking, epilogue: epilogue, packedB: packedB)
        case .avx2, .portable:
            packedGEMM(operands, tile: Vector256DoubleTile.self, blocking: blocking ?? Vector256DoubleTile.blocking, epilogue: epilogue, packedB: packedB)
        case .blas: preconditionFailure("gemmPacked: the blas path has no register tile (runGEMM sends it to blasGEMM)")
        }
    }
}
