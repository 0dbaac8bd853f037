/// Element types the packed GEMM supports: `Float` and `Double`.
///
/// The requirements are the parts of `gemm` that depend on the element type: the
/// register tile and its micro-kernel (`GEMM+Tiles.swift` picks one of the kernels of
/// `GEMM+MicroKernel.swift`), the cache blocking, the entry into the packed driver
/// specialised for the type, and the matching BLAS routine for the in-process speed
/// peer (`BLASPeer.swift`). Code outside `Kernels` calls `gemm` / `product`, not these.
public protocol GEMMScalar: BinaryFloatingPoint, SIMDScalar, Codable, Sendable {
    /// Rows of C one micro-kernel call computes (the broadcast side of the tile).
    static var gemmTileRows: Int { get }
    /// Columns of C one micro-kernel call computes (whole SIMD vectors).
    static var gemmTileColumns: Int { get }
    /// Cache block sizes of the packed driver for this element type.
    static var gemmBlocking: GEMMBlocking { get }

    /// One register tile: C[0..<gemmTileRows, 0..<gemmTileColumns] ← alpha·Ã·B̃ + beta·C
    /// (row stride `ldc`), where `packedA` holds `depth` steps of `gemmTileRows` values
    /// and `packedB` `depth` steps of `gemmTileColumns` values. With `beta == 0`, C is
    /// not read.
    static func gemmMicroKernel(
        depth: Int, packedA: UnsafePointer<Self>, packedB: UnsafePointer<Self>,
        c: UnsafeMutablePointer<Self>, ldc: Int, alpha: Self, beta: Self
    )

    /// The transposing pack (`GEMM+Transpose.swift`): `packed[p·tile + r] =
    /// source[r·lineStride + p]` for p < depth, r < lines, zero for lines ≤ r < tile. May
    /// write up to one SIMD vector past the panel's end.
    static func gemmTransposePack(
        _ source: UnsafePointer<Self>, lineStride: Int, lines: Int, depth: Int, tile: Int,
        into packed: UnsafeMutablePointer<Self>
    )

    /// The packed, cache-blocked GEMM on strided storage, specialised for this type, on
    /// the calling thread; `epilogue` (if any) sees every finished tile of C once; with
    /// `packedB`, B is taken from it instead of `operands.b`.
    static func gemmPacked(_ operands: GEMMOperands<Self>, epilogue: GEMMTileEpilogue<Self>?, packedB: PackedRightOperand<Self>?)

    /// Calls `cblas_sgemm` / `cblas_dgemm` (row-major). Used by `BLASPeer` only.
    static func blasGEMM(
        transposeA: Bool, transposeB: Bool, m: Int32, n: Int32, k: Int32,
        alpha: Self, a: UnsafePointer<Self>, lda: Int32, b: UnsafePointer<Self>, ldb: Int32,
        beta: Self, c: UnsafeMutablePointer<Self>, ldc: Int32
    )
}

extension Float: GEMMScalar {}
extension Double: GEMMScalar {}
