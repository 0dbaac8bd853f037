// Matrix–vector products (n = 1, or m = 1 by transposing the problem): the packed
// register tiles would waste all but one column (row) of their multiply-adds, and the
// work is memory-bound anyway, so these stream the matrix once with SIMD loads instead.

extension GEMMOperands {
    /// Cᵀ = op(B)ᵀ·op(A)ᵀ: the same product with the roles of A and B swapped, so a
    /// 1 × n result becomes an n × 1 one. Valid for m == 1 (C is then one contiguous row).
    @inline(__always)
    var transposedProblem: GEMMOperands {
        GEMMOperands(
            m: n, n: m, k: k, alpha: alpha,
            a: b, aRowStride: bColumnStride, aColumnStride: bRowStride,
            b: a, bRowStride: aColumnStride, bColumnStride: aRowStride,
            beta: beta, c: c, ldc: 1)
    }
}

/// C[:, 0] ← alpha·op(A)·op(B)[:, 0] + beta·C[:, 0] for n == 1, when one stride of op(A)
/// is 1. Returns false (and does nothing) otherwise.
@inline(__always)
func vectorGEMM<T: GEMMScalar>(_ o: GEMMOperands<T>) -> Bool {
    typealias V = SIMD16<T>
    let m = o.m, k = o.k
    if o.aColumnStride == 1 {
        // Rows of op(A) are contiguous: one dot product per row, against x made contiguous.
        withContiguous(o.b, count: k, stride: o.bRowStride) { x in
            for i in 0..<m {
                let row = UnsafeRawPointer(o.a + i * o.aRowStride)
                let xs = UnsafeRawPointer(x)
                var s0 = V(), s1 = V()
                var p = 0
                while p + 2 * V.scalarCount <= k {
                    let offset = p * MemoryLayout<T>.stride
                    s0 = s0.addingProduct(row.loadUnaligned(fromByteOffset: offset, as: V.self), xs.loadUnaligned(fromByteOffset: offset, as: V.self))
                    let next = offset + MemoryLayout<V>.stride
                    s1 = s1.addingProduct(row.loadUnaligned(fromByteOffset: next, as: V.self), xs.loadUnaligned(fromByteOffset: next, as: V.self))
                    p += 2 * V.scalarCount
                }
                var sum = (s0 + s1).sum()
                while p < k {
                    sum = sum.addingProduct(o.a[i * o.aRowStride + p], x[p])
                    p += 1
                }
                let target = o.c + i * o.ldc
                target.pointee = o.beta == 0 ? o.alpha * sum : (o.beta * target.pointee).addingProduct(o.alpha, sum)
            }
        }
        return true
    }
    if o.aRowStride == 1 {
        // Columns of op(A) are contiguous: y += A[:, p]·x[p] over p, into a contiguous sum.
        let sums = UnsafeMutablePointer<T>.allocate(capacity: m)
        defer { sums.deallocate() }
        sums.initialize(repeating: 0, count: m)
        let whole = m / V.scalarCount * V.scalarCount
        for p in 0..<k {
            let column = UnsafeRawPointer(o.a + p * o.aColumnStride)
            let xp = o.b[p * o.bRowStride]
            let scale = V(repeating: xp)
            let target = UnsafeMutableRawPointer(sums)
            var i = 0
            while i < whole {
                let offset = i * MemoryLayout<T>.stride
                let updated = target.loadUnaligned(fromByteOffset: offset, as: V.self)
                    .addingProduct(column.loadUnaligned(fromByteOffset: offset, as: V.self), scale)
                target.storeBytes(of: updated, toByteOffset: offset, as: V.self)
                i += V.scalarCount
            }
            while i < m {
                sums[i] = sums[i].addingProduct(o.a[i + p * o.aColumnStride], xp)
                i += 1
            }
        }
        for i in 0..<m {
            let target = o.c + i * o.ldc
            target.pointee = o.beta == 0 ? o.alpha * sums[i] : (o.beta * target.pointee).addingProduct(o.alpha, sums[i])
        }
        return true
    }
    return false
}

/// Calls `body` with `count` values `source[p·stride]` laid out contiguously (the source
/// itself when `stride == 1`, else a temporary copy).
@inline(__always)
func withContiguous<T: GEMMScalar>(_ source: UnsafePointer<T>, count: Int, stride: Int, _ body: (UnsafePointer<T>) -> Void) {
    if stride == 1 {
        body(source)
        return
    }
    let copy = UnsafeMutablePointer<T>.allocate(capacity: max(count, 1))
    defer { copy.deallocate() }
    for p in 0..<count { copy[p] = source[p * stride] }
    body(copy)
}
