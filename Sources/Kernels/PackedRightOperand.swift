/// op(B) of a product packed once, for products that reuse the same B many times (the
/// block Krylov iteration multiplies the same Gram matrix by 20–30 blocks of vectors):
/// every (depth block, column block) panel laid out exactly as the packed driver would
/// pack it for the tiles of `path`, so each later product skips packing B. Same blocking,
/// same results, bit for bit. On the `blas` path (the kernel choice for panel products)
/// it holds op(B) as a plain row-major copy, which BLAS packs itself.
public struct PackedRightOperand<Scalar: GEMMScalar>: @unchecked Sendable {
    /// Rows of op(B) (the inner dimension k) and columns of op(B) (n).
    public let depth: Int, columns: Int
    /// The kernel path every product with this operand takes: the current choice's path
    /// for panel products when it was packed.
    public let path: GEMMKernelPath
    let depthBlock: Int, columnBlock: Int
    let tileColumns: Int
    private let storage: UnsafeMutablePointer<Scalar>
    private let owner: Deallocator

    /// Packs `b` (or its transpose) for products op(A)·op(B).
    public init(_ b: Matrix<Scalar>, _ transpose: Transpose = .none) where Scalar: LAPACKScalar {
        let (k, n) = transpose == .none ? (b.rows, b.columns) : (b.columns, b.rows)
        let (rowStride, columnStride) = transpose == .none ? (b.columns, 1) : (1, b.columns)
        path = GEMMKernelChoice.current.forPrecision(Scalar.self).panel
        let geometry = Scalar.gemmTileGeometry(path)
        depth = k
        columns = n
        if path == .blas {
            depthBlock = k
            columnBlock = n
            tileColumns = 1
            storage = UnsafeMutablePointer<Scalar>.allocate(capacity: Swift.max(1, k * n))
            owner = Deallocator(storage)
            let plain = transpose == .none ? b : b.transposed
            plain.elements.withUnsafeBufferPointer { storage.initialize(from: $0.baseAddress!, count: k * n) }
            return
        }
        tileColumns = geometry.columns
        depthBlock = balancedBlock(k, maximum: geometry.blocking.depth, multiple: 1)
        columnBlock = balancedBlock(n, maximum: geometry.blocking.columns, multiple: geometry.columns)
        let capacity = Swift.max(1, k * Self.paddedColumns(n, geometry.columns) + gemmPackSlack)
        storage = UnsafeMutablePointer<Scalar>.allocate(capacity: capacity)
        owner = Deallocator(storage)
        let depthBlock = depthBlock, columnBlock = columnBlock, tileColumns = tileColumns
        b.elements.withUnsafeBufferPointer { source in
            guard let base = source.baseAddress else { return }
            var p3 = 0
            while p3 < k {
                let depthHere = Swift.min(depthBlock, k - p3)
                var j2 = 0
                while j2 < n {
                    let columnsHere = Swift.min(columnBlock, n - j2)
                    packB(base + p3 * rowStride + j2 * columnStride, rowStride: rowStride, columnStride: columnStride,
                          depth: depthHere, columns: columnsHere, tileColumns: tileColumns,
                          into: panel(depthStart: p3, columnStart: j2))
                    j2 += columnsHere
                }
                p3 += depthHere
            }
        }
    }

    /// Columns rounded up to whole register tiles (what a packed panel holds).
    static func paddedColumns(_ n: Int, _ tile: Int) -> Int { (n + tile - 1) / tile * tile }

    /// The packed panel of the block starting at depth `p3`, column `j2` (both block starts).
    func panel(depthStart p3: Int, columnStart j2: Int) -> UnsafeMutablePointer<Scalar> {
        // Depth blocks are stored one after the other, each as its column blocks in order;
        // a block of d rows and c columns takes d · (c rounded to tiles) elements.
        storage + p3 * Self.paddedColumns(columns, tileColumns) + Swift.min(depthBlock, depth - p3) * j2
    }

    /// op(B) row-major (depth × columns), on the `blas` path.
    var plainB: UnsafePointer<Scalar> {
        precondition(path == .blas)
        return UnsafePointer(storage)
    }

    private final class Deallocator: @unchecked Sendable {
        let pointer: UnsafeMutablePointer<Scalar>
        init(_ pointer: UnsafeMutablePointer<Scalar>) { self.pointer = pointer }
        deinit { pointer.deallocate() }
    }
}

/// C ← op(A)·B for a prepacked B (beta = 0), with the optional `epilogue`, on
/// `KernelThreads.count` threads: the same numbers as `gemm(a, transA, b, …)`.
public func gemm<T: KernelScalar>(
    _ a: Matrix<T>, _ transA: Transpose, _ b: PackedRightOperand<T>, into c: inout Matrix<T>,
    epilogue: GEMMTileEpilogue<T>? = nil
) {
    let (m, k) = transA == .none ? (a.rows, a.columns) : (a.columns, a.rows)
    precondition(k == b.depth, "gemm: op(A) is \(m)×\(k) but B is \(b.depth)×\(b.columns)")
    precondition(c.rows == m && c.columns == b.columns, "gemm: C is \(c.rows)×\(c.columns), op(A)·B is \(m)×\(b.columns)")
    let (aRowStride, aColumnStride) = transA == .none ? (a.columns, 1) : (1, a.columns)
    a.elements.withUnsafeBufferPointer { pa in
        c.elements.withUnsafeMutableBufferPointer { pc in
            guard let cBase = pc.baseAddress, let aBase = pa.baseAddress else { return }
            let operands = GEMMOperands(
                m: m, n: b.columns, k: k, alpha: 1,
                a: aBase, aRowStride: aRowStride, aColumnStride: aColumnStride,
                b: UnsafePointer(b.panel(depthStart: 0, columnStart: 0)), bRowStride: 0, bColumnStride: 0,
                beta: 0, c: cBase, ldc: c.columns)
            runGEMM(operands, epilogue: epilogue, packedB: b)
        }
    }
}

/// op(A)·B for a prepacked B.
public func product<T: KernelScalar>(_ a: Matrix<T>, _ transA: Transpose = .none, _ b: PackedRightOperand<T>) -> Matrix<T> {
    var c = Matrix<T>(uninitializedRows: transA == .none ? a.rows : a.columns, columns: b.columns)
    gemm(a, transA, b, into: &c)
    return c
}
