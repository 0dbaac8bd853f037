// Which micro-kernel and block sizes each element type uses.
//
// Swift has no `#if` for AVX-512. The tile is chosen by SIMD width instead: on x86_64
// the default is the AVX-512 tile (SIMD16<Float> / SIMD8<Double>, one zmm register per
// vector), which is what `-target-cpu native` compiles to on this project's machines.
// Build with `-Xswiftc -D -Xswiftc FSWEEP_AVX2` for CPUs with AVX2 but no AVX-512
// (SIMD8<Float> / SIMD4<Double> tiles, 12 ymm accumulators); other architectures get the
// AVX2-sized tiles too. Without a `-target-cpu` that has the vector width, either tile
// is still correct, only slow (the SIMD operations are split or become library calls).

#if arch(x86_64) && !FSWEEP_AVX2

extension Float {
    /// 12 × 32: 24 SIMD16<Float> accumulators in zmm registers.
    public static var gemmTileRows: Int { 14 }
    public static var gemmTileColumns: Int { 32 }
    /// A block 12 × 384 (18 KiB) in L1, B block 384 × 480 (720 KiB) in L2.
    public static var gemmBlocking: GEMMBlocking { GEMMBlocking(rows: 3072, depth: 384, columns: 480) }

    @inline(__always)
    public static func gemmMicroKernel(
        depth: Int, packedA: UnsafePointer<Float>, packedB: UnsafePointer<Float>,
        c: UnsafeMutablePointer<Float>, ldc: Int, alpha: Float, beta: Float
    ) {
        gemmMicroKernel14x2(depth: depth, packedA: packedA, packedB: packedB, c: c, ldc: ldc, alpha: alpha, beta: beta, as: SIMD16<Float>.self)
    }
}

extension Double {
    /// 12 × 16: 24 SIMD8<Double> accumulators in zmm registers.
    public static var gemmTileRows: Int { 14 }
    public static var gemmTileColumns: Int { 16 }
    /// A block 12 × 256 (24 KiB) in L1, B block 256 × 240 (480 KiB) in L2.
    public static var gemmBlocking: GEMMBlocking { GEMMBlocking(rows: 3752, depth: 384, columns: 160) }

    @inline(__always)
    public static func gemmMicroKernel(
        depth: Int, packedA: UnsafePointer<Double>, packedB: UnsafePointer<Double>,
        c: UnsafeMutablePointer<Double>, ldc: Int, alpha: Double, beta: Double
    ) {
        gemmMicroKernel14x2(depth: depth, packedA: packedA, packedB: packedB, c: c, ldc: ldc, alpha: alpha, beta: beta, as: SIMD8<Double>.self)
    }
}

#else

extension Float {
    /// 6 × 16: 12 SIMD8<Float> accumulators in ymm registers.
    public static var gemmTileRows: Int { 6 }
    public static var gemmTileColumns: Int { 16 }
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
    public static func gemmPacked(_ operands: GEMMOperands<Float>) {
        packedGEMM(operands, blocking: gemmBlocking)
    }
}

extension Double {
    /// The packed driver specialised for `Double`.
    public static func gemmPacked(_ operands: GEMMOperands<Double>) {
        packedGEMM(operands, blocking: gemmBlocking)
    }
}
