import CKernelSupport

// Register-blocked GEMM micro-kernels, generic over the SIMD vector type so one source
// serves Float and Double at AVX-512 and AVX2 widths (`Dispatch/GEMMRegisterTile.swift` picks the shape
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
    let row0 = UnsafeMutableRawPointer(c + 0 * ldc)
    storeTileVector(c0_0, into: row0, at: 0, alpha: scaleAcc, beta: beta); storeTileVector(c0_1, into: row0, at: 1, alpha: scaleAcc, beta: beta)
    let row1 = UnsafeMutableRawPointer(c + 1 * ldc)
    storeTileVector(c1_0, into: row1, at: 0, alpha: scaleAcc, beta: beta); storeTileVector(c1_1, into: row1, at: 1, alpha: scaleAcc, beta: beta)
    let row2 = UnsafeMutableRawPointer(c + 2 * ldc)
    storeTileVector(c2_0, into: row2, at: 0, alpha: scaleAcc, beta: beta); storeTileVector(c2_1, into: row2, at: 1, alpha: scaleAcc, beta: beta)
    let row3 = UnsafeMutableRawPointer(c + 3 * ldc)
    storeTileVector(c3_0, into: row3, at: 0, alpha: scaleAcc, beta: beta); storeTileVector(c3_1, into: row3, at: 1, alpha: scaleAcc, beta: beta)
    let row4 = UnsafeMutableRawPointer(c + 4 * ldc)
    storeTileVector(c4_0, into: row4, at: 0, alpha: scaleAcc, beta: beta); storeTileVector(c4_1, into: row4, at: 1, alpha: scaleAcc, beta: beta)
    let row5 = UnsafeMutableRawPointer(c + 5 * ldc)
    storeTileVector(c5_0, into: row5, at: 0, alpha: scaleAcc, beta: beta); storeTileVector(c5_1, into: row5, at: 1, alpha: scaleAcc, beta: beta)
    let row6 = UnsafeMutableRawPointer(c + 6 * ldc)
    storeTileVector(c6_0, into: row6, at: 0, alpha: scaleAcc, beta: beta); storeTileVector(c6_1, into: row6, at: 1, alpha: scaleAcc, beta: beta)
    let row7 = UnsafeMutableRawPointer(c + 7 * ldc)
    storeTileVector(c7_0, into: row7, at: 0, alpha: scaleAcc, beta: beta); storeTileVector(c7_1, into: row7, at: 1, alpha: scaleAcc, beta: beta)
    let row8 = UnsafeMutableRawPointer(c + 8 * ldc)
    storeTileVector(c8_0, into: row8, at: 0, alpha: scaleAcc, beta: beta); storeTileVector(c8_1, into: row8, at: 1, alpha: scaleAcc, beta: beta)
    let row9 = UnsafeMutableRawPointer(c + 9 * ldc)
    storeTileVector(c9_0, into: row9, at: 0, alpha: scaleAcc, beta: beta); storeTileVector(c9_1, into: row9, at: 1, alpha: scaleAcc, beta: beta)
    let row10 = UnsafeMutableRawPointer(c + 10 * ldc)
    storeTileVector(c10_0, into: row10, at: 0, alpha: scaleAcc, beta: beta); storeTileVector(c10_1, into: row10, at: 1, alpha: scaleAcc, beta: beta)
    let row11 = UnsafeMutableRawPointer(c + 11 * ldc)
    storeTileVector(c11_0, into: row11, at: 0, alpha: scaleAcc, beta: beta); storeTileVector(c11_1, into: row11, at: 1, alpha: scaleAcc, beta: beta)
}

/// The 8-row × 3-vector register tile: C[0..<8, 0..<3·V.scalarCount] ← alpha·Ã·B̃ + beta·C.
///
/// Same contract as `gemmMicroKernel12x2`, with `packedA` holding `depth` steps of 8
/// values and `packedB` `depth` steps of 3·V.scalarCount values. Each step loads 3 B
/// vectors and broadcasts 8 A values for 24 fused multiply-adds: 11 loads where the
/// 12 × 2 tile needs 14, and a C tile on 8 rows instead of 12. B is prefetched 16 steps
/// ahead (at depth 192 without it, float64 at 4096² reached 0.94-0.95 of OpenBLAS, with it 0.96-0.98).
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
    let row0 = UnsafeMutableRawPointer(c + 0 * ldc)
    storeTileVector(c0_0, into: row0, at: 0, alpha: scaleAcc, beta: beta); storeTileVector(c0_1, into: row0, at: 1, alpha: scaleAcc, beta: beta); storeTileVector(c0_2, into: row0, at: 2, alpha: scaleAcc, beta: beta)
    let row1 = UnsafeMutableRawPointer(c + 1 * ldc)
    storeTileVector(c1_0, into: row1, at: 0, alpha: scaleAcc, beta: beta); storeTileVector(c1_1, into: row1, at: 1, alpha: scaleAcc, beta: beta); storeTileVector(c1_2, into: row1, at: 2, alpha: scaleAcc, beta: beta)
    let row2 = UnsafeMutableRawPointer(c + 2 * ldc)
    storeTileVector(c2_0, into: row2, at: 0, alpha: scaleAcc, beta: beta); storeTileVector(c2_1, into: row2, at: 1, alpha: scaleAcc, beta: beta); storeTileVector(c2_2, into: row2, at: 2, alpha: scaleAcc, beta: beta)
    let row3 = UnsafeMutableRawPointer(c + 3 * ldc)
    storeTileVector(c3_0, into: row3, at: 0, alpha: scaleAcc, beta: beta); storeTileVector(c3_1, into: row3, at: 1, alpha: scaleAcc, beta: beta); storeTileVector(c3_2, into: row3, at: 2, alpha: scaleAcc, beta: beta)
    let row4 = UnsafeMutableRawPointer(c + 4 * ldc)
    storeTileVector(c4_0, into: row4, at: 0, alpha: scaleAcc, beta: beta); storeTileVector(c4_1, into: row4, at: 1, alpha: scaleAcc, beta: beta); storeTileVector(c4_2, into: row4, at: 2, alpha: scaleAcc, beta: beta)
    let row5 = UnsafeMutableRawPointer(c + 5 * ldc)
    storeTileVector(c5_0, into: row5, at: 0, alpha: scaleAcc, beta: beta); storeTileVector(c5_1, into: row5, at: 1, alpha: scaleAcc, beta: beta); storeTileVector(c5_2, into: row5, at: 2, alpha: scaleAcc, beta: beta)
    let row6 = UnsafeMutableRawPointer(c + 6 * ldc)
    storeTileVector(c6_0, into: row6, at: 0, alpha: scaleAcc, beta: beta); storeTileVector(c6_1, into: row6, at: 1, alpha: scaleAcc, beta: beta); storeTileVector(c6_2, into: row6, at: 2, alpha: scaleAcc, beta: beta)
    let row7 = UnsafeMutableRawPointer(c + 7 * ldc)
    storeTileVector(c7_0, into: row7, at: 0, alpha: scaleAcc, beta: beta); storeTileVector(c7_1, into: row7, at: 1, alpha: scaleAcc, beta: beta); storeTileVector(c7_2, into: row7, at: 2, alpha: scaleAcc, beta: beta)
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
    let row0 = UnsafeMutableRawPointer(c + 0 * ldc)
    storeTileVector(c0_0, into: row0, at: 0, alpha: scaleAcc, beta: beta); storeTileVector(c0_1, into: row0, at: 1, alpha: scaleAcc, beta: beta)
    let row1 = UnsafeMutableRawPointer(c + 1 * ldc)
    storeTileVector(c1_0, into: row1, at: 0, alpha: scaleAcc, beta: beta); storeTileVector(c1_1, into: row1, at: 1, alpha: scaleAcc, beta: beta)
    let row2 = UnsafeMutableRawPointer(c + 2 * ldc)
    storeTileVector(c2_0, into: row2, at: 0, alpha: scaleAcc, beta: beta); storeTileVector(c2_1, into: row2, at: 1, alpha: scaleAcc, beta: beta)
    let row3 = UnsafeMutableRawPointer(c + 3 * ldc)
    storeTileVector(c3_0, into: row3, at: 0, alpha: scaleAcc, beta: beta); storeTileVector(c3_1, into: row3, at: 1, alpha: scaleAcc, beta: beta)
    let row4 = UnsafeMutableRawPointer(c + 4 * ldc)
    storeTileVector(c4_0, into: row4, at: 0, alpha: scaleAcc, beta: beta); storeTileVector(c4_1, into: row4, at: 1, alpha: scaleAcc, beta: beta)
    let row5 = UnsafeMutableRawPointer(c + 5 * ldc)
    storeTileVector(c5_0, into: row5, at: 0, alpha: scaleAcc, beta: beta); storeTileVector(c5_1, into: row5, at: 1, alpha: scaleAcc, beta: beta)
}

/// One vector of a C tile row: `row[vector]` ← alpha·accumulator + beta·`row[vector]`, the
/// micro-kernels' store (C is not read when beta == 0).
@inline(__always)
func storeTileVector<V: SIMD>(_ accumulator: V, into row: UnsafeMutableRawPointer, at vector: Int, alpha: V, beta: V.Scalar) where V.Scalar: BinaryFloatingPoint {
    let offset = vector * MemoryLayout<V>.stride
    if beta == 0 {
        row.storeBytes(of: alpha * accumulator, toByteOffset: offset, as: V.self)
    } else {
        let old = row.loadUnaligned(fromByteOffset: offset, as: V.self)
        row.storeBytes(of: (V(repeating: beta) * old).addingProduct(alpha, accumulator), toByteOffset: offset, as: V.self)
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
