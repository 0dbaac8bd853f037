import CKernelSupport

// Register-blocked GEMM micro-kernels, generic over the SIMD vector type so one source
// serves Float and Double at AVX-512 and AVX2 widths (`GEMM+Tiles.swift` picks the shape
// and the vector type). Written out accumulator by accumulator so each is a named local
// the compiler keeps in a register (with `-target-cpu native` on AVX-512: 24 zmm
// accumulators + 2 B vectors + 1 broadcast for the 12×2 tile, of 32 registers).

/// The 12-row × 2-vector register tile: C[0..<12, 0..<2·V.scalarCount] ← alpha·Ã·B̃ + beta·C.
///
/// `packedA` holds `depth` steps of 12 values (one per row), `packedB` `depth` steps of
/// 2·V.scalarCount values (one row of the B panel), as laid out by `GEMM+Packing.swift`.
/// The 24 accumulators stay in registers for the whole depth; each step loads 2 B
/// vectors, broadcasts one A value per row and issues 24 fused multiply-adds
/// (`addingProduct`; Swift does not fuse `a * b + c` by itself). The B panel streams
/// from L2 and is prefetched 16 steps ahead (the hardware prefetcher alone left a 2048
/// float32 task 2 % slower). With `beta == 0`, C is not read.
@inline(__always)
func gemmMicroKernel12x2<V: SIMD>(
    depth: Int, packedA: UnsafePointer<V.Scalar>, packedB: UnsafePointer<V.Scalar>,
    c: UnsafeMutablePointer<V.Scalar>, ldc: Int, alpha: V.Scalar, beta: V.Scalar, as _: V.Type
) where V.Scalar: BinaryFloatingPoint {
    let vectorBytes = MemoryLayout<V>.stride
    var c0_0 = V(), c0_1 = V()
    var c1_0 = V(), c1_1 = V()
    var c2_0 = V(), c2_1 = V()
    var c3_0 = V(), c3_1 = V()
    var c4_0 = V(), c4_1 = V()
    var c5_0 = V(), c5_1 = V()
    var c6_0 = V(), c6_1 = V()
    var c7_0 = V(), c7_1 = V()
    var c8_0 = V(), c8_1 = V()
    var c9_0 = V(), c9_1 = V()
    var c10_0 = V(), c10_1 = V()
    var c11_0 = V(), c11_1 = V()
    prefetchForWrite(c, rows: 12, ldc: ldc, bytesPerRow: 2 * vectorBytes)
    var a = packedA
    var b = UnsafeRawPointer(packedB)
    for _ in 0..<depth {
        ckernel_prefetch_for_read(b + 32 * vectorBytes)
        ckernel_prefetch_for_read(b + 33 * vectorBytes)
        let b0 = b.loadUnaligned(fromByteOffset: 0 * vectorBytes, as: V.self)
        let b1 = b.loadUnaligned(fromByteOffset: 1 * vectorBytes, as: V.self)
        let a0 = V(repeating: a[0])
        c0_0 = c0_0.addingProduct(a0, b0); c0_1 = c0_1.addingProduct(a0, b1)
        let a1 = V(repeating: a[1])
        c1_0 = c1_0.addingProduct(a1, b0); c1_1 = c1_1.addingProduct(a1, b1)
        let a2 = V(repeating: a[2])
        c2_0 = c2_0.addingProduct(a2, b0); c2_1 = c2_1.addingProduct(a2, b1)
        let a3 = V(repeating: a[3])
        c3_0 = c3_0.addingProduct(a3, b0); c3_1 = c3_1.addingProduct(a3, b1)
        let a4 = V(repeating: a[4])
        c4_0 = c4_0.addingProduct(a4, b0); c4_1 = c4_1.addingProduct(a4, b1)
        let a5 = V(repeating: a[5])
        c5_0 = c5_0.addingProduct(a5, b0); c5_1 = c5_1.addingProduct(a5, b1)
        let a6 = V(repeating: a[6])
        c6_0 = c6_0.addingProduct(a6, b0); c6_1 = c6_1.addingProduct(a6, b1)
        let a7 = V(repeating: a[7])
        c7_0 = c7_0.addingProduct(a7, b0); c7_1 = c7_1.addingProduct(a7, b1)
        let a8 = V(repeating: a[8])
        c8_0 = c8_0.addingProduct(a8, b0); c8_1 = c8_1.addingProduct(a8, b1)
        let a9 = V(repeating: a[9])
        c9_0 = c9_0.addingProduct(a9, b0); c9_1 = c9_1.addingProduct(a9, b1)
        let a10 = V(repeating: a[10])
        c10_0 = c10_0.addingProduct(a10, b0); c10_1 = c10_1.addingProduct(a10, b1)
        let a11 = V(repeating: a[11])
        c11_0 = c11_0.addingProduct(a11, b0); c11_1 = c11_1.addingProduct(a11, b1)
        a += 12
        b += 2 * vectorBytes
    }
    let scaleAcc = V(repeating: alpha)
    if beta == 0 {
        let row0 = UnsafeMutableRawPointer(c + 0 * ldc)
        row0.storeBytes(of: scaleAcc * c0_0, toByteOffset: 0 * vectorBytes, as: V.self); row0.storeBytes(of: scaleAcc * c0_1, toByteOffset: 1 * vectorBytes, as: V.self)
        let row1 = UnsafeMutableRawPointer(c + 1 * ldc)
        row1.storeBytes(of: scaleAcc * c1_0, toByteOffset: 0 * vectorBytes, as: V.self); row1.storeBytes(of: scaleAcc * c1_1, toByteOffset: 1 * vectorBytes, as: V.self)
        let row2 = UnsafeMutableRawPointer(c + 2 * ldc)
        row2.storeBytes(of: scaleAcc * c2_0, toByteOffset: 0 * vectorBytes, as: V.self); row2.storeBytes(of: scaleAcc * c2_1, toByteOffset: 1 * vectorBytes, as: V.self)
        let row3 = UnsafeMutableRawPointer(c + 3 * ldc)
        row3.storeBytes(of: scaleAcc * c3_0, toByteOffset: 0 * vectorBytes, as: V.self); row3.storeBytes(of: scaleAcc * c3_1, toByteOffset: 1 * vectorBytes, as: V.self)
        let row4 = UnsafeMutableRawPointer(c + 4 * ldc)
        row4.storeBytes(of: scaleAcc * c4_0, toByteOffset: 0 * vectorBytes, as: V.self); row4.storeBytes(of: scaleAcc * c4_1, toByteOffset: 1 * vectorBytes, as: V.self)
        let row5 = UnsafeMutableRawPointer(c + 5 * ldc)
        row5.storeBytes(of: scaleAcc * c5_0, toByteOffset: 0 * vectorBytes, as: V.self); row5.storeBytes(of: scaleAcc * c5_1, toByteOffset: 1 * vectorBytes, as: V.self)
        let row6 = UnsafeMutableRawPointer(c + 6 * ldc)
        row6.storeBytes(of: scaleAcc * c6_0, toByteOffset: 0 * vectorBytes, as: V.self); row6.storeBytes(of: scaleAcc * c6_1, toByteOffset: 1 * vectorBytes, as: V.self)
        let row7 = UnsafeMutableRawPointer(c + 7 * ldc)
        row7.storeBytes(of: scaleAcc * c7_0, toByteOffset: 0 * vectorBytes, as: V.self); row7.storeBytes(of: scaleAcc * c7_1, toByteOffset: 1 * vectorBytes, as: V.self)
        let row8 = UnsafeMutableRawPointer(c + 8 * ldc)
        row8.storeBytes(of: scaleAcc * c8_0, toByteOffset: 0 * vectorBytes, as: V.self); row8.storeBytes(of: scaleAcc * c8_1, toByteOffset: 1 * vectorBytes, as: V.self)
        let row9 = UnsafeMutableRawPointer(c + 9 * ldc)
        row9.storeBytes(of: scaleAcc * c9_0, toByteOffset: 0 * vectorBytes, as: V.self); row9.storeBytes(of: scaleAcc * c9_1, toByteOffset: 1 * vectorBytes, as: V.self)
        let row10 = UnsafeMutableRawPointer(c + 10 * ldc)
        row10.storeBytes(of: scaleAcc * c10_0, toByteOffset: 0 * vectorBytes, as: V.self); row10.storeBytes(of: scaleAcc * c10_1, toByteOffset: 1 * vectorBytes, as: V.self)
        let row11 = UnsafeMutableRawPointer(c + 11 * ldc)
        row11.storeBytes(of: scaleAcc * c11_0, toByteOffset: 0 * vectorBytes, as: V.self); row11.storeBytes(of: scaleAcc * c11_1, toByteOffset: 1 * vectorBytes, as: V.self)
    } else {
        let scaleC = V(repeating: beta)
        let row0 = UnsafeMutableRawPointer(c + 0 * ldc)
        row0.storeBytes(of: (scaleC * row0.loadUnaligned(fromByteOffset: 0 * vectorBytes, as: V.self)).addingProduct(scaleAcc, c0_0), toByteOffset: 0 * vectorBytes, as: V.self)
        row0.storeBytes(of: (scaleC * row0.loadUnaligned(fromByteOffset: 1 * vectorBytes, as: V.self)).addingProduct(scaleAcc, c0_1), toByteOffset: 1 * vectorBytes, as: V.self)
        let row1 = UnsafeMutableRawPointer(c + 1 * ldc)
        row1.storeBytes(of: (scaleC * row1.loadUnaligned(fromByteOffset: 0 * vectorBytes, as: V.self)).addingProduct(scaleAcc, c1_0), toByteOffset: 0 * vectorBytes, as: V.self)
        row1.storeBytes(of: (scaleC * row1.loadUnaligned(fromByteOffset: 1 * vectorBytes, as: V.self)).addingProduct(scaleAcc, c1_1), toByteOffset: 1 * vectorBytes, as: V.self)
        let row2 = UnsafeMutableRawPointer(c + 2 * ldc)
        row2.storeBytes(of: (scaleC * row2.loadUnaligned(fromByteOffset: 0 * vectorBytes, as: V.self)).addingProduct(scaleAcc, c2_0), toByteOffset: 0 * vectorBytes, as: V.self)
        row2.storeBytes(of: (scaleC * row2.loadUnaligned(fromByteOffset: 1 * vectorBytes, as: V.self)).addingProduct(scaleAcc, c2_1), toByteOffset: 1 * vectorBytes, as: V.self)
        let row3 = UnsafeMutableRawPointer(c + 3 * ldc)
        row3.storeBytes(of: (scaleC * row3.loadUnaligned(fromByteOffset: 0 * vectorBytes, as: V.self)).addingProduct(scaleAcc, c3_0), toByteOffset: 0 * vectorBytes, as: V.self)
        row3.storeBytes(of: (scaleC * row3.loadUnaligned(fromByteOffset: 1 * vectorBytes, as: V.self)).addingProduct(scaleAcc, c3_1), toByteOffset: 1 * vectorBytes, as: V.self)
        let row4 = UnsafeMutableRawPointer(c + 4 * ldc)
        row4.storeBytes(of: (scaleC * row4.loadUnaligned(fromByteOffset: 0 * vectorBytes, as: V.self)).addingProduct(scaleAcc, c4_0), toByteOffset: 0 * vectorBytes, as: V.self)
        row4.storeBytes(of: (scaleC * row4.loadUnaligned(fromByteOffset: 1 * vectorBytes, as: V.self)).addingProduct(scaleAcc, c4_1), toByteOffset: 1 * vectorBytes, as: V.self)
        let row5 = UnsafeMutableRawPointer(c + 5 * ldc)
        row5.storeBytes(of: (scaleC * row5.loadUnaligned(fromByteOffset: 0 * vectorBytes, as: V.self)).addingProduct(scaleAcc, c5_0), toByteOffset: 0 * vectorBytes, as: V.self)
        row5.storeBytes(of: (scaleC * row5.loadUnaligned(fromByteOffset: 1 * vectorBytes, as: V.self)).addingProduct(scaleAcc, c5_1), toByteOffset: 1 * vectorBytes, as: V.self)
        let row6 = UnsafeMutableRawPointer(c + 6 * ldc)
        row6.storeBytes(of: (scaleC * row6.loadUnaligned(fromByteOffset: 0 * vectorBytes, as: V.self)).addingProduct(scaleAcc, c6_0), toByteOffset: 0 * vectorBytes, as: V.self)
        row6.storeBytes(of: (scaleC * row6.loadUnaligned(fromByteOffset: 1 * vectorBytes, as: V.self)).addingProduct(scaleAcc, c6_1), toByteOffset: 1 * vectorBytes, as: V.self)
        let row7 = UnsafeMutableRawPointer(c + 7 * ldc)
        row7.storeBytes(of: (scaleC * row7.loadUnaligned(fromByteOffset: 0 * vectorBytes, as: V.self)).addingProduct(scaleAcc, c7_0), toByteOffset: 0 * vectorBytes, as: V.self)
        row7.storeBytes(of: (scaleC * row7.loadUnaligned(fromByteOffset: 1 * vectorBytes, as: V.self)).addingProduct(scaleAcc, c7_1), toByteOffset: 1 * vectorBytes, as: V.self)
        let row8 = UnsafeMutableRawPointer(c + 8 * ldc)
        row8.storeBytes(of: (scaleC * row8.loadUnaligned(fromByteOffset: 0 * vectorBytes, as: V.self)).addingProduct(scaleAcc, c8_0), toByteOffset: 0 * vectorBytes, as: V.self)
        row8.storeBytes(of: (scaleC * row8.loadUnaligned(fromByteOffset: 1 * vectorBytes, as: V.self)).addingProduct(scaleAcc, c8_1), toByteOffset: 1 * vectorBytes, as: V.self)
        let row9 = UnsafeMutableRawPointer(c + 9 * ldc)
        row9.storeBytes(of: (scaleC * row9.loadUnaligned(fromByteOffset: 0 * vectorBytes, as: V.self)).addingProduct(scaleAcc, c9_0), toByteOffset: 0 * vectorBytes, as: V.self)
        row9.storeBytes(of: (scaleC * row9.loadUnaligned(fromByteOffset: 1 * vectorBytes, as: V.self)).addingProduct(scaleAcc, c9_1), toByteOffset: 1 * vectorBytes, as: V.self)
        let row10 = UnsafeMutableRawPointer(c + 10 * ldc)
        row10.storeBytes(of: (scaleC * row10.loadUnaligned(fromByteOffset: 0 * vectorBytes, as: V.self)).addingProduct(scaleAcc, c10_0), toByteOffset: 0 * vectorBytes, as: V.self)
        row10.storeBytes(of: (scaleC * row10.loadUnaligned(fromByteOffset: 1 * vectorBytes, as: V.self)).addingProduct(scaleAcc, c10_1), toByteOffset: 1 * vectorBytes, as: V.self)
        let row11 = UnsafeMutableRawPointer(c + 11 * ldc)
        row11.storeBytes(of: (scaleC * row11.loadUnaligned(fromByteOffset: 0 * vectorBytes, as: V.self)).addingProduct(scaleAcc, c11_0), toByteOffset: 0 * vectorBytes, as: V.self)
        row11.storeBytes(of: (scaleC * row11.loadUnaligned(fromByteOffset: 1 * vectorBytes, as: V.self)).addingProduct(scaleAcc, c11_1), toByteOffset: 1 * vectorBytes, as: V.self)
    }
}

/// The 8-row × 3-vector register tile: C[0..<8, 0..<3·V.scalarCount] ← alpha·Ã·B̃ + beta·C.
///
/// Same contract as `gemmMicroKernel12x2`, with `packedA` holding `depth` steps of 8
/// values and `packedB` `depth` steps of 3·V.scalarCount values. Each step loads 3 B
/// vectors and broadcasts 8 A values for 24 fused multiply-adds: 11 loads where the
/// 12 × 2 tile needs 14, and a C tile on 8 rows instead of 12. B is prefetched 16 steps
/// ahead (without it, float64 at 4096² reached 0.94-0.95 of OpenBLAS instead of 0.96-0.98).
@inline(__always)
func gemmMicroKernel8x3<V: SIMD>(
    depth: Int, packedA: UnsafePointer<V.Scalar>, packedB: UnsafePointer<V.Scalar>,
    c: UnsafeMutablePointer<V.Scalar>, ldc: Int, alpha: V.Scalar, beta: V.Scalar, as _: V.Type
) where V.Scalar: BinaryFloatingPoint {
    let vectorBytes = MemoryLayout<V>.stride
    var c0_0 = V(), c0_1 = V(), c0_2 = V()
    var c1_0 = V(), c1_1 = V(), c1_2 = V()
    var c2_0 = V(), c2_1 = V(), c2_2 = V()
    var c3_0 = V(), c3_1 = V(), c3_2 = V()
    var c4_0 = V(), c4_1 = V(), c4_2 = V()
    var c5_0 = V(), c5_1 = V(), c5_2 = V()
    var c6_0 = V(), c6_1 = V(), c6_2 = V()
    var c7_0 = V(), c7_1 = V(), c7_2 = V()
    prefetchForWrite(c, rows: 8, ldc: ldc, bytesPerRow: 3 * vectorBytes)
    var a = packedA
    var b = UnsafeRawPointer(packedB)
    for _ in 0..<depth {
        ckernel_prefetch_for_read(b + 48 * vectorBytes)
        ckernel_prefetch_for_read(b + 49 * vectorBytes)
        ckernel_prefetch_for_read(b + 50 * vectorBytes)
        let b0 = b.loadUnaligned(fromByteOffset: 0 * vectorBytes, as: V.self)
        let b1 = b.loadUnaligned(fromByteOffset: 1 * vectorBytes, as: V.self)
        let b2 = b.loadUnaligned(fromByteOffset: 2 * vectorBytes, as: V.self)
        let a0 = V(repeating: a[0])
        c0_0 = c0_0.addingProduct(a0, b0); c0_1 = c0_1.addingProduct(a0, b1); c0_2 = c0_2.addingProduct(a0, b2)
        let a1 = V(repeating: a[1])
        c1_0 = c1_0.addingProduct(a1, b0); c1_1 = c1_1.addingProduct(a1, b1); c1_2 = c1_2.addingProduct(a1, b2)
        let a2 = V(repeating: a[2])
        c2_0 = c2_0.addingProduct(a2, b0); c2_1 = c2_1.addingProduct(a2, b1); c2_2 = c2_2.addingProduct(a2, b2)
        let a3 = V(repeating: a[3])
        c3_0 = c3_0.addingProduct(a3, b0); c3_1 = c3_1.addingProduct(a3, b1); c3_2 = c3_2.addingProduct(a3, b2)
        let a4 = V(repeating: a[4])
        c4_0 = c4_0.addingProduct(a4, b0); c4_1 = c4_1.addingProduct(a4, b1); c4_2 = c4_2.addingProduct(a4, b2)
        let a5 = V(repeating: a[5])
        c5_0 = c5_0.addingProduct(a5, b0); c5_1 = c5_1.addingProduct(a5, b1); c5_2 = c5_2.addingProduct(a5, b2)
        let a6 = V(repeating: a[6])
        c6_0 = c6_0.addingProduct(a6, b0); c6_1 = c6_1.addingProduct(a6, b1); c6_2 = c6_2.addingProduct(a6, b2)
        let a7 = V(repeating: a[7])
        c7_0 = c7_0.addingProduct(a7, b0); c7_1 = c7_1.addingProduct(a7, b1); c7_2 = c7_2.addingProduct(a7, b2)
        a += 8
        b += 3 * vectorBytes
    }
    let scaleAcc = V(repeating: alpha)
    if beta == 0 {
        let row0 = UnsafeMutableRawPointer(c + 0 * ldc)
        row0.storeBytes(of: scaleAcc * c0_0, toByteOffset: 0 * vectorBytes, as: V.self); row0.storeBytes(of: scaleAcc * c0_1, toByteOffset: 1 * vectorBytes, as: V.self); row0.storeBytes(of: scaleAcc * c0_2, toByteOffset: 2 * vectorBytes, as: V.self)
        let row1 = UnsafeMutableRawPointer(c + 1 * ldc)
        row1.storeBytes(of: scaleAcc * c1_0, toByteOffset: 0 * vectorBytes, as: V.self); row1.storeBytes(of: scaleAcc * c1_1, toByteOffset: 1 * vectorBytes, as: V.self); row1.storeBytes(of: scaleAcc * c1_2, toByteOffset: 2 * vectorBytes, as: V.self)
        let row2 = UnsafeMutableRawPointer(c + 2 * ldc)
        row2.storeBytes(of: scaleAcc * c2_0, toByteOffset: 0 * vectorBytes, as: V.self); row2.storeBytes(of: scaleAcc * c2_1, toByteOffset: 1 * vectorBytes, as: V.self); row2.storeBytes(of: scaleAcc * c2_2, toByteOffset: 2 * vectorBytes, as: V.self)
        let row3 = UnsafeMutableRawPointer(c + 3 * ldc)
        row3.storeBytes(of: scaleAcc * c3_0, toByteOffset: 0 * vectorBytes, as: V.self); row3.storeBytes(of: scaleAcc * c3_1, toByteOffset: 1 * vectorBytes, as: V.self); row3.storeBytes(of: scaleAcc * c3_2, toByteOffset: 2 * vectorBytes, as: V.self)
        let row4 = UnsafeMutableRawPointer(c + 4 * ldc)
        row4.storeBytes(of: scaleAcc * c4_0, toByteOffset: 0 * vectorBytes, as: V.self); row4.storeBytes(of: scaleAcc * c4_1, toByteOffset: 1 * vectorBytes, as: V.self); row4.storeBytes(of: scaleAcc * c4_2, toByteOffset: 2 * vectorBytes, as: V.self)
        let row5 = UnsafeMutableRawPointer(c + 5 * ldc)
        row5.storeBytes(of: scaleAcc * c5_0, toByteOffset: 0 * vectorBytes, as: V.self); row5.storeBytes(of: scaleAcc * c5_1, toByteOffset: 1 * vectorBytes, as: V.self); row5.storeBytes(of: scaleAcc * c5_2, toByteOffset: 2 * vectorBytes, as: V.self)
        let row6 = UnsafeMutableRawPointer(c + 6 * ldc)
        row6.storeBytes(of: scaleAcc * c6_0, toByteOffset: 0 * vectorBytes, as: V.self); row6.storeBytes(of: scaleAcc * c6_1, toByteOffset: 1 * vectorBytes, as: V.self); row6.storeBytes(of: scaleAcc * c6_2, toByteOffset: 2 * vectorBytes, as: V.self)
        let row7 = UnsafeMutableRawPointer(c + 7 * ldc)
        row7.storeBytes(of: scaleAcc * c7_0, toByteOffset: 0 * vectorBytes, as: V.self); row7.storeBytes(of: scaleAcc * c7_1, toByteOffset: 1 * vectorBytes, as: V.self); row7.storeBytes(of: scaleAcc * c7_2, toByteOffset: 2 * vectorBytes, as: V.self)
    } else {
        let scaleC = V(repeating: beta)
        let row0 = UnsafeMutableRawPointer(c + 0 * ldc)
        row0.storeBytes(of: (scaleC * row0.loadUnaligned(fromByteOffset: 0 * vectorBytes, as: V.self)).addingProduct(scaleAcc, c0_0), toByteOffset: 0 * vectorBytes, as: V.self)
        row0.storeBytes(of: (scaleC * row0.loadUnaligned(fromByteOffset: 1 * vectorBytes, as: V.self)).addingProduct(scaleAcc, c0_1), toByteOffset: 1 * vectorBytes, as: V.self)
        row0.storeBytes(of: (scaleC * row0.loadUnaligned(fromByteOffset: 2 * vectorBytes, as: V.self)).addingProduct(scaleAcc, c0_2), toByteOffset: 2 * vectorBytes, as: V.self)
        let row1 = UnsafeMutableRawPointer(c + 1 * ldc)
        row1.storeBytes(of: (scaleC * row1.loadUnaligned(fromByteOffset: 0 * vectorBytes, as: V.self)).addingProduct(scaleAcc, c1_0), toByteOffset: 0 * vectorBytes, as: V.self)
        row1.storeBytes(of: (scaleC * row1.loadUnaligned(fromByteOffset: 1 * vectorBytes, as: V.self)).addingProduct(scaleAcc, c1_1), toByteOffset: 1 * vectorBytes, as: V.self)
        row1.storeBytes(of: (scaleC * row1.loadUnaligned(fromByteOffset: 2 * vectorBytes, as: V.self)).addingProduct(scaleAcc, c1_2), toByteOffset: 2 * vectorBytes, as: V.self)
        let row2 = UnsafeMutableRawPointer(c + 2 * ldc)
        row2.storeBytes(of: (scaleC * row2.loadUnaligned(fromByteOffset: 0 * vectorBytes, as: V.self)).addingProduct(scaleAcc, c2_0), toByteOffset: 0 * vectorBytes, as: V.self)
        row2.storeBytes(of: (scaleC * row2.loadUnaligned(fromByteOffset: 1 * vectorBytes, as: V.self)).addingProduct(scaleAcc, c2_1), toByteOffset: 1 * vectorBytes, as: V.self)
        row2.storeBytes(of: (scaleC * row2.loadUnaligned(fromByteOffset: 2 * vectorBytes, as: V.self)).addingProduct(scaleAcc, c2_2), toByteOffset: 2 * vectorBytes, as: V.self)
        let row3 = UnsafeMutableRawPointer(c + 3 * ldc)
        row3.storeBytes(of: (scaleC * row3.loadUnaligned(fromByteOffset: 0 * vectorBytes, as: V.self)).addingProduct(scaleAcc, c3_0), toByteOffset: 0 * vectorBytes, as: V.self)
        row3.storeBytes(of: (scaleC * row3.loadUnaligned(fromByteOffset: 1 * vectorBytes, as: V.self)).addingProduct(scaleAcc, c3_1), toByteOffset: 1 * vectorBytes, as: V.self)
        row3.storeBytes(of: (scaleC * row3.loadUnaligned(fromByteOffset: 2 * vectorBytes, as: V.self)).addingProduct(scaleAcc, c3_2), toByteOffset: 2 * vectorBytes, as: V.self)
        let row4 = UnsafeMutableRawPointer(c + 4 * ldc)
        row4.storeBytes(of: (scaleC * row4.loadUnaligned(fromByteOffset: 0 * vectorBytes, as: V.self)).addingProduct(scaleAcc, c4_0), toByteOffset: 0 * vectorBytes, as: V.self)
        row4.storeBytes(of: (scaleC * row4.loadUnaligned(fromByteOffset: 1 * vectorBytes, as: V.self)).addingProduct(scaleAcc, c4_1), toByteOffset: 1 * vectorBytes, as: V.self)
        row4.storeBytes(of: (scaleC * row4.loadUnaligned(fromByteOffset: 2 * vectorBytes, as: V.self)).addingProduct(scaleAcc, c4_2), toByteOffset: 2 * vectorBytes, as: V.self)
        let row5 = UnsafeMutableRawPointer(c + 5 * ldc)
        row5.storeBytes(of: (scaleC * row5.loadUnaligned(fromByteOffset: 0 * vectorBytes, as: V.self)).addingProduct(scaleAcc, c5_0), toByteOffset: 0 * vectorBytes, as: V.self)
        row5.storeBytes(of: (scaleC * row5.loadUnaligned(fromByteOffset: 1 * vectorBytes, as: V.self)).addingProduct(scaleAcc, c5_1), toByteOffset: 1 * vectorBytes, as: V.self)
        row5.storeBytes(of: (scaleC * row5.loadUnaligned(fromByteOffset: 2 * vectorBytes, as: V.self)).addingProduct(scaleAcc, c5_2), toByteOffset: 2 * vectorBytes, as: V.self)
        let row6 = UnsafeMutableRawPointer(c + 6 * ldc)
        row6.storeBytes(of: (scaleC * row6.loadUnaligned(fromByteOffset: 0 * vectorBytes, as: V.self)).addingProduct(scaleAcc, c6_0), toByteOffset: 0 * vectorBytes, as: V.self)
        row6.storeBytes(of: (scaleC * row6.loadUnaligned(fromByteOffset: 1 * vectorBytes, as: V.self)).addingProduct(scaleAcc, c6_1), toByteOffset: 1 * vectorBytes, as: V.self)
        row6.storeBytes(of: (scaleC * row6.loadUnaligned(fromByteOffset: 2 * vectorBytes, as: V.self)).addingProduct(scaleAcc, c6_2), toByteOffset: 2 * vectorBytes, as: V.self)
        let row7 = UnsafeMutableRawPointer(c + 7 * ldc)
        row7.storeBytes(of: (scaleC * row7.loadUnaligned(fromByteOffset: 0 * vectorBytes, as: V.self)).addingProduct(scaleAcc, c7_0), toByteOffset: 0 * vectorBytes, as: V.self)
        row7.storeBytes(of: (scaleC * row7.loadUnaligned(fromByteOffset: 1 * vectorBytes, as: V.self)).addingProduct(scaleAcc, c7_1), toByteOffset: 1 * vectorBytes, as: V.self)
        row7.storeBytes(of: (scaleC * row7.loadUnaligned(fromByteOffset: 2 * vectorBytes, as: V.self)).addingProduct(scaleAcc, c7_2), toByteOffset: 2 * vectorBytes, as: V.self)
    }
}

/// The 6-row × 2-vector register tile: C[0..<6, 0..<2·V.scalarCount] ← alpha·Ã·B̃ + beta·C.
///
/// `packedA` holds `depth` steps of 6 values (one per row), `packedB` `depth` steps of
/// 2·V.scalarCount values (one row of the B panel), as laid out by `GEMM+Packing.swift`.
/// The 12 accumulators stay in registers for the whole depth; each step loads 2 B
/// vectors, broadcasts one A value per row and issues 12 fused multiply-adds
/// (`addingProduct`; Swift does not fuse `a * b + c` by itself). With `beta == 0`, C is not read.
@inline(__always)
func gemmMicroKernel6x2<V: SIMD>(
    depth: Int, packedA: UnsafePointer<V.Scalar>, packedB: UnsafePointer<V.Scalar>,
    c: UnsafeMutablePointer<V.Scalar>, ldc: Int, alpha: V.Scalar, beta: V.Scalar, as _: V.Type
) where V.Scalar: BinaryFloatingPoint {
    let vectorBytes = MemoryLayout<V>.stride
    var c0_0 = V(), c0_1 = V()
    var c1_0 = V(), c1_1 = V()
    var c2_0 = V(), c2_1 = V()
    var c3_0 = V(), c3_1 = V()
    var c4_0 = V(), c4_1 = V()
    var c5_0 = V(), c5_1 = V()
    prefetchForWrite(c, rows: 6, ldc: ldc, bytesPerRow: 2 * vectorBytes)
    var a = packedA
    var b = UnsafeRawPointer(packedB)
    for _ in 0..<depth {
        let b0 = b.loadUnaligned(fromByteOffset: 0 * vectorBytes, as: V.self)
        let b1 = b.loadUnaligned(fromByteOffset: 1 * vectorBytes, as: V.self)
        let a0 = V(repeating: a[0])
        c0_0 = c0_0.addingProduct(a0, b0); c0_1 = c0_1.addingProduct(a0, b1)
        let a1 = V(repeating: a[1])
        c1_0 = c1_0.addingProduct(a1, b0); c1_1 = c1_1.addingProduct(a1, b1)
        let a2 = V(repeating: a[2])
        c2_0 = c2_0.addingProduct(a2, b0); c2_1 = c2_1.addingProduct(a2, b1)
        let a3 = V(repeating: a[3])
        c3_0 = c3_0.addingProduct(a3, b0); c3_1 = c3_1.addingProduct(a3, b1)
        let a4 = V(repeating: a[4])
        c4_0 = c4_0.addingProduct(a4, b0); c4_1 = c4_1.addingProduct(a4, b1)
        let a5 = V(repeating: a[5])
        c5_0 = c5_0.addingProduct(a5, b0); c5_1 = c5_1.addingProduct(a5, b1)
        a += 6
        b += 2 * vectorBytes
    }
    let scaleAcc = V(repeating: alpha)
    if beta == 0 {
        let row0 = UnsafeMutableRawPointer(c + 0 * ldc)
        row0.storeBytes(of: scaleAcc * c0_0, toByteOffset: 0 * vectorBytes, as: V.self); row0.storeBytes(of: scaleAcc * c0_1, toByteOffset: 1 * vectorBytes, as: V.self)
        let row1 = UnsafeMutableRawPointer(c + 1 * ldc)
        row1.storeBytes(of: scaleAcc * c1_0, toByteOffset: 0 * vectorBytes, as: V.self); row1.storeBytes(of: scaleAcc * c1_1, toByteOffset: 1 * vectorBytes, as: V.self)
        let row2 = UnsafeMutableRawPointer(c + 2 * ldc)
        row2.storeBytes(of: scaleAcc * c2_0, toByteOffset: 0 * vectorBytes, as: V.self); row2.storeBytes(of: scaleAcc * c2_1, toByteOffset: 1 * vectorBytes, as: V.self)
        let row3 = UnsafeMutableRawPointer(c + 3 * ldc)
        row3.storeBytes(of: scaleAcc * c3_0, toByteOffset: 0 * vectorBytes, as: V.self); row3.storeBytes(of: scaleAcc * c3_1, toByteOffset: 1 * vectorBytes, as: V.self)
        let row4 = UnsafeMutableRawPointer(c + 4 * ldc)
        row4.storeBytes(of: scaleAcc * c4_0, toByteOffset: 0 * vectorBytes, as: V.self); row4.storeBytes(of: scaleAcc * c4_1, toByteOffset: 1 * vectorBytes, as: V.self)
        let row5 = UnsafeMutableRawPointer(c + 5 * ldc)
        row5.storeBytes(of: scaleAcc * c5_0, toByteOffset: 0 * vectorBytes, as: V.self); row5.storeBytes(of: scaleAcc * c5_1, toByteOffset: 1 * vectorBytes, as: V.self)
    } else {
        let scaleC = V(repeating: beta)
        let row0 = UnsafeMutableRawPointer(c + 0 * ldc)
        row0.storeBytes(of: (scaleC * row0.loadUnaligned(fromByteOffset: 0 * vectorBytes, as: V.self)).addingProduct(scaleAcc, c0_0), toByteOffset: 0 * vectorBytes, as: V.self)
        row0.storeBytes(of: (scaleC * row0.loadUnaligned(fromByteOffset: 1 * vectorBytes, as: V.self)).addingProduct(scaleAcc, c0_1), toByteOffset: 1 * vectorBytes, as: V.self)
        let row1 = UnsafeMutableRawPointer(c + 1 * ldc)
        row1.storeBytes(of: (scaleC * row1.loadUnaligned(fromByteOffset: 0 * vectorBytes, as: V.self)).addingProduct(scaleAcc, c1_0), toByteOffset: 0 * vectorBytes, as: V.self)
        row1.storeBytes(of: (scaleC * row1.loadUnaligned(fromByteOffset: 1 * vectorBytes, as: V.self)).addingProduct(scaleAcc, c1_1), toByteOffset: 1 * vectorBytes, as: V.self)
        let row2 = UnsafeMutableRawPointer(c + 2 * ldc)
        row2.storeBytes(of: (scaleC * row2.loadUnaligned(fromByteOffset: 0 * vectorBytes, as: V.self)).addingProduct(scaleAcc, c2_0), toByteOffset: 0 * vectorBytes, as: V.self)
        row2.storeBytes(of: (scaleC * row2.loadUnaligned(fromByteOffset: 1 * vectorBytes, as: V.self)).addingProduct(scaleAcc, c2_1), toByteOffset: 1 * vectorBytes, as: V.self)
        let row3 = UnsafeMutableRawPointer(c + 3 * ldc)
        row3.storeBytes(of: (scaleC * row3.loadUnaligned(fromByteOffset: 0 * vectorBytes, as: V.self)).addingProduct(scaleAcc, c3_0), toByteOffset: 0 * vectorBytes, as: V.self)
        row3.storeBytes(of: (scaleC * row3.loadUnaligned(fromByteOffset: 1 * vectorBytes, as: V.self)).addingProduct(scaleAcc, c3_1), toByteOffset: 1 * vectorBytes, as: V.self)
        let row4 = UnsafeMutableRawPointer(c + 4 * ldc)
        row4.storeBytes(of: (scaleC * row4.loadUnaligned(fromByteOffset: 0 * vectorBytes, as: V.self)).addingProduct(scaleAcc, c4_0), toByteOffset: 0 * vectorBytes, as: V.self)
        row4.storeBytes(of: (scaleC * row4.loadUnaligned(fromByteOffset: 1 * vectorBytes, as: V.self)).addingProduct(scaleAcc, c4_1), toByteOffset: 1 * vectorBytes, as: V.self)
        let row5 = UnsafeMutableRawPointer(c + 5 * ldc)
        row5.storeBytes(of: (scaleC * row5.loadUnaligned(fromByteOffset: 0 * vectorBytes, as: V.self)).addingProduct(scaleAcc, c5_0), toByteOffset: 0 * vectorBytes, as: V.self)
        row5.storeBytes(of: (scaleC * row5.loadUnaligned(fromByteOffset: 1 * vectorBytes, as: V.self)).addingProduct(scaleAcc, c5_1), toByteOffset: 1 * vectorBytes, as: V.self)
    }
}

/// Prefetches the rows of a C tile (each `bytesPerRow` long, `ldc` elements apart) before
/// the depth loop, so that reading them for the final store does not stall the kernel.
/// Worth 1–3 % at 2048–4096 in Double, where the rows are 16–32 KiB apart.
@inline(__always)
func prefetchForWrite<T>(_ c: UnsafeMutablePointer<T>, rows: Int, ldc: Int, bytesPerRow: Int) {
    for r in 0..<rows {
        let row = UnsafeRawPointer(c + r * ldc)
        var offset = 0
        while offset < bytesPerRow {
            ckernel_prefetch_for_write(row + offset)
            offset += 64
        }
    }
}
