// The register tiles of the packed GEMM: one type per (instruction set, element type),
// each with its micro-kernel and cache blocking. All four are compiled into every
// binary; `GEMMKernelPath` says which may run on this CPU and `GEMMKernelChoice` which
// one does. The driver (`GEMM+Driver.swift`) is generic over the tile, so each gets its
// own specialised loop nest with the tile's sizes as constants.
//
// Block sizes (see `GEMM+Driver.swift` for the loop nest): `depth` keeps one A
// micro-panel (tile rows × depth) in L1 while the B micro-panels stream past it, and is
// as long as that allows, since every depth block reads and writes all of C once more;
// `columns` keeps the packed B block (depth × columns) well inside L2; `rows` bounds
// the packed A block (L3).

/// A register tile and its micro-kernel: C[0..<rows, 0..<columns] ← alpha·Ã·B̃ + beta·C
/// (row stride `ldc`), where `packedA` holds `depth` steps of `rows` values and
/// `packedB` `depth` steps of `columns` values. With `beta == 0`, C is not read.
public protocol GEMMRegisterTile {
    associatedtype Scalar: GEMMScalar
    /// Rows of C one micro-kernel call computes (the broadcast side of the tile).
    static var rows: Int { get }
    /// Columns of C one micro-kernel call computes (whole SIMD vectors).
    static var columns: Int { get }
    /// Cache block sizes of the packed driver with this tile.
    static var blocking: GEMMBlocking { get }

    static func microKernel(
        depth: Int, packedA: UnsafePointer<Scalar>, packedB: UnsafePointer<Scalar>,
        c: UnsafeMutablePointer<Scalar>, ldc: Int, alpha: Scalar, beta: Scalar
    )
}

/// AVX-512, float32: 12 × 32, 24 SIMD16<Float> accumulators in zmm registers.
///
/// Chosen by measurement on an Emerald Rapids core against OpenBLAS: 12-row tiles beat
/// 14-row ones at n = 2048, where a C tile's rows, 8 or 16 KiB apart, all land in the
/// same two L1 sets (12 ways: 24 lines fit, 28 do not). A micro-panel 12 × 512 (24 KiB)
/// in L1; B block 512 × 640 (1.25 MiB) in L2. Depth 512 rather than 384 since the C tile
/// is prefetched (one pass over C fewer per product at 2048, about 2 %); 640 columns
/// rather than 480 since B is prefetched (a 2048 giant-step task 1 % faster).
public enum AVX512FloatTile: GEMMRegisterTile {
    public static var rows: Int { 12 }
    public static var columns: Int { 32 }
    public static var blocking: GEMMBlocking { GEMMBlocking(rows: 3072, depth: 512, columns: 640) }

    @inline(__always)
    public static func microKernel(
        depth: Int, packedA: UnsafePointer<Float>, packedB: UnsafePointer<Float>,
        c: UnsafeMutablePointer<Float>, ldc: Int, alpha: Float, beta: Float
    ) {
        gemmMicroKernel12x2(depth: depth, packedA: packedA, packedB: packedB, c: c, ldc: ldc, alpha: alpha, beta: beta, as: SIMD16<Float>.self)
    }
}

/// AVX-512, float64: 8 × 24, 24 SIMD8<Double> accumulators, three vectors per row.
///
/// Against the 12 × 16 tile of the same register count: 11 loads per 24 FMAs instead of
/// 14, and a C tile on 8 rows, which at 4096 columns are 32 KiB apart (12 ways per L1
/// set). A micro-panel 8 × 256 (16 KiB) in L1, B micro-panels 256 × 24 (48 KiB)
/// prefetched from the B block 256 × 480 (960 KiB) in L2.
public enum AVX512DoubleTile: GEMMRegisterTile {
    public static var rows: Int { 8 }
    public static var columns: Int { 24 }
    public static var blocking: GEMMBlocking { GEMMBlocking(rows: 3072, depth: 256, columns: 480) }

    @inline(__always)
    public static func microKernel(
        depth: Int, packedA: UnsafePointer<Double>, packedB: UnsafePointer<Double>,
        c: UnsafeMutablePointer<Double>, ldc: Int, alpha: Double, beta: Double
    ) {
        gemmMicroKernel8x3(depth: depth, packedA: packedA, packedB: packedB, c: c, ldc: ldc, alpha: alpha, beta: beta, as: SIMD8<Double>.self)
    }
}

/// AVX2 + FMA (and the portable path off x86), float32: 6 × 16, 12 SIMD8<Float>
/// accumulators + 2 B vectors + 1 broadcast = 15 of the 16 ymm registers (the shape of
/// BLIS's Haswell and Zen sgemm kernels). A micro-panel 6 × 256 (6 KiB) + B micro-panel
/// 256 × 16 (16 KiB) in L1; B block 256 × 480 (480 KiB) in L2.
public enum Vector256FloatTile: GEMMRegisterTile {
    public static var rows: Int { 6 }
    public static var columns: Int { 16 }
    public static var blocking: GEMMBlocking { GEMMBlocking(rows: 3072, depth: 256, columns: 480) }

    @inline(__always)
    public static func microKernel(
        depth: Int, packedA: UnsafePointer<Float>, packedB: UnsafePointer<Float>,
        c: UnsafeMutablePointer<Float>, ldc: Int, alpha: Float, beta: Float
    ) {
        gemmMicroKernel6x2(depth: depth, packedA: packedA, packedB: packedB, c: c, ldc: ldc, alpha: alpha, beta: beta, as: SIMD8<Float>.self)
    }
}

/// AVX2 + FMA (and the portable path off x86), float64: 6 × 8, 12 SIMD4<Double>
/// accumulators (BLIS's Haswell dgemm shape). A micro-panel 6 × 256 (12 KiB) + B
/// micro-panel 256 × 8 (16 KiB) in L1; B block 256 × 240 (480 KiB) in L2.
public enum Vector256DoubleTile: GEMMRegisterTile {
    public static var rows: Int { 6 }
    public static var columns: Int { 8 }
    public static var blocking: GEMMBlocking { GEMMBlocking(rows: 3072, depth: 256, columns: 240) }

    @inline(__always)
    public static func microKernel(
        depth: Int, packedA: UnsafePointer<Double>, packedB: UnsafePointer<Double>,
        c: UnsafeMutablePointer<Double>, ldc: Int, alpha: Double, beta: Double
    ) {
        gemmMicroKernel6x2(depth: depth, packedA: packedA, packedB: packedB, c: c, ldc: ldc, alpha: alpha, beta: beta, as: SIMD4<Double>.self)
    }
}
