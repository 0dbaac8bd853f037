// Which micro-kernel and block sizes each element type uses.
//
// Swift has no `#if` for AVX-512. The tile is chosen by SIMD width instead: on x86_64
// the default is the AVX-512 tile (SIMD16<Float> / SIMD8<Double>, one zmm register per
// vector), which is what `-target-cpu native` compiles to on this project's machines.
// Build with `-Xswiftc -D -Xswiftc FSWEEP_AVX2` for CPUs with AVX2 but no AVX-512
// (SIMD8<Float> / SIMD4<Double> tiles, 12 ymm accumulators); other architectures get the
// AVX2-sized tiles too. Without a `-target-cpu` that has the vector width, either tile is
// still correct, only slow (the SIMD operations are split or become library calls).
//
// Block sizes (see `GEMM+Driver.swift` for the loop nest), for L1d 48 KiB, L2 2 MiB:
// `depth` keeps one A micro-panel (tile rows × depth) in L1 while the B micro-panels
// stream past it, and is as long as that allows, since every depth block reads and
// writes all of C once more; `columns` keeps the packed B block (depth × columns) well
// inside L2; `rows` bounds the packed A block (L3). The AVX-512 shapes were chosen by
// measurement on the project's Xeon (Emerald Rapids, one core) against OpenBLAS: 12-row
// float32 tiles beat 14-row ones at n = 2048, where a C tile's rows, 8 or 16 KiB apart,
// all land in the same two L1 sets (12 ways: 24 lines fit, 28 do not); float64 takes
// 8 rows of three vectors instead (see below).

#if arch(x86_64) && !FSWEEP_AVX2

extension Float {
    /// 12 × 32: 24 SIMD16<Float> accumulators in zmm registers.
    public static var gemmTileRows: Int { 12 }
    public static var gemmTileColumns: Int { 32 }
    /// A micro-panel 12 × 512 (24 KiB) in L1; B block 512 × 640 (1.25 MiB) in L2. Depth
    /// 512 rather than 384 since the C tile is prefetched: one pass over C fewer per
    /// product at 2048, about 2 % on every float32 shape. 640 columns rather than 480
    /// since B is prefetched: a 2048 giant-step task 1 % faster (768: the same).
    public static var gemmBlocking: GEMMBlocking { GEMMBlocking(rows: 3072, depth: 512, columns: 640) }

    @inline(__always)
    public static func gemmMicroKernel(
        depth: Int, packedA: UnsafePointer<Float>, packedB: UnsafePointer<Float>,
        c: UnsafeMutablePointer<Float>, ldc: Int, alpha: Float, beta: Float
    ) {
        gemmMicroKernel12x2(depth: depth, packedA: packedA, packedB: packedB, c: c, ldc: ldc, alpha: alpha, beta: beta, as: SIMD16<Float>.self)
    }
}

extension Double {
    /// 8 × 24: 24 SIMD8<Double> accumulators in zmm registers, three vectors per row.
    /// Against the 12 × 16 tile of the same register count: 11 loads per 24 FMAs instead
    /// of 14, and a C tile on 8 rows, which at 4096 columns are 32 KiB apart (12 ways per
    /// L1 set). At 4096² 74-77 -> 79-83 GFLOP/s, 0.92 -> 0.94-0.98 of OpenBLAS.
    public static var gemmTileRows: Int { 8 }
    public static var gemmTileColumns: Int { 24 }
    /// A micro-panel 8 × 256 (16 KiB) in L1, B micro-panels 256 × 24 (48 KiB) prefetched
    /// from the B block 256 × 480 (960 KiB) in L2. At 4096² depth 256 and 384 reached
    /// 79-83 GFLOP/s, 192 78-81, 128 and 512 74-76; 960 columns were no better.
    public static var gemmBlocking: GEMMBlocking { GEMMBlocking(rows: 3072, depth: 256, columns: 480) }

    @inline(__always)
    public static func gemmMicroKernel(
        depth: Int, packedA: UnsafePointer<Double>, packedB: UnsafePointer<Double>,
        c: UnsafeMutablePointer<Double>, ldc: Int, alpha: Double, beta: Double
    ) {
        gemmMicroKernel8x3(depth: depth, packedA: packedA, packedB: packedB, c: c, ldc: ldc, alpha: alpha, beta: beta, as: SIMD8<Double>.self)
    }
}

#else

extension Float {
    /// 6 × 16: 12 SIMD8<Float> accumulators in ymm registers.
    public static var gemmTileRows: Int { 6 }
    public static var gemmTileColumns: Int { 16 }
    /// A micro-panel 6 × 256 (6 KiB) + B micro-panel 256 × 16 (16 KiB) in L1; B block 256 × 480 (480 KiB) in L2.
    public static var gemmBlocking: GEMMBlocking { GEMMBlocking(rows: 3072, depth: 256, columns: 480) }

    @inline(__always)
    public static func gemmMicroKernel(
        depth: Int, packedA: UnsafePointer<Float>, packedB: UnsafePointer<Float>,
        c: UnsafeMutablePointer<Float>, ldc: Int, alpha: Float, beta: Float
    ) {
        gemmMicroKernel6x2(depth: depth, packedA: packedA, packedB: packedB, c: c, ldc: ldc, alpha: alpha, beta: beta, as: SIMD8<Float>.self)
    }
}

extension Double {
    /// 6 × 8: 12 SIMD4<Double> accumulators in ymm registers.
    public static var gemmTileRows: Int { 6 }
    public static var gemmTileColumns: Int { 8 }
    /// A micro-panel 6 × 256 (12 KiB) + B micro-panel 256 × 8 (16 KiB) in L1; B block 256 × 240 (480 KiB) in L2.
    public static var gemmBlocking: GEMMBlocking { GEMMBlocking(rows: 3072, depth: 256, columns: 240) }

    @inline(__always)
    public static func gemmMicroKernel(
        depth: Int, packedA: UnsafePointer<Double>, packedB: UnsafePointer<Double>,
        c: UnsafeMutablePointer<Double>, ldc: Int, alpha: Double, beta: Double
    ) {
        gemmMicroKernel6x2(depth: depth, packedA: packedA, packedB: packedB, c: c, ldc: ldc, alpha: alpha, beta: beta, as: SIMD4<Double>.self)
    }
}

#endif

extension Float {
    /// The packed driver specialised for `Float`.
    public static func gemmPacked(_ operands: GEMMOperands<Float>, epilogue: GEMMTileEpilogue<Float>?, packedB: PackedRightOperand<Float>?) {
        packedGEMM(operands, blocking: gemmBlocking, epilogue: epilogue, packedB: packedB)
    }
}

extension Double {
    /// The packed driver specialised for `Double`.
    public static func gemmPacked(_ operands: GEMMOperands<Double>, epilogue: GEMMTileEpilogue<Double>?, packedB: PackedRightOperand<Double>?) {
        packedGEMM(operands, blocking: gemmBlocking, epilogue: epilogue, packedB: packedB)
    }
}
