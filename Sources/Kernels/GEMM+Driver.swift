/// The packed, cache-blocked GEMM (Goto/BLIS loop nest) for one element type.
///
/// With MR × NR the register tile (`Tile.rows × Tile.columns`) and the block
/// sizes of `blocking`, the loops are, outermost first:
///
/// 1. rows of C in blocks of `blocking.rows`;
/// 2. depth in blocks of `blocking.depth`: pack op(A)[rows, depth] into MR-row micro-panels
///    (the whole A block, reused by every column block: L3);
/// 3. columns of C in blocks of `blocking.columns`: pack op(B)[depth, columns] into
///    NR-column micro-panels (reused by every row tile: L2);
/// 4. MR-row tiles: one A micro-panel (MR × depth) stays in L1;
/// 5. NR-column tiles: the micro-kernel streams one B micro-panel from L2 and updates
///    an MR × NR tile of C held in registers.
///
/// The first depth block applies the caller's beta, later ones accumulate (beta = 1).
/// Edge tiles run the full-size kernel on zero-padded panels into a scratch tile, whose
/// valid part is then merged into C. Block lengths are balanced (k = 512 with depth
/// 384 becomes two blocks of 256, not 384 + 128).
///
/// With an `epilogue`, each tile of C is handed to it once, right after its last depth
/// block is stored (while it is still in L1), in increasing column order along every row.
///
/// Products with one row or one column go to `vectorGEMM` instead. Generic, but called
/// only from `Float.gemmPacked` / `Double.gemmPacked` with a concrete tile type, so the
/// optimiser specialises it for each tile and inlines the micro-kernel.
@inline(__always)
func packedGEMM<Tile: GEMMRegisterTile>(
    _ o: GEMMOperands<Tile.Scalar>, tile _: Tile.Type, blocking: GEMMBlocking = Tile.blocking,
    epilogue: GEMMTileEpilogue<Tile.Scalar>? = nil, packedB prepacked: PackedRightOperand<Tile.Scalar>? = nil
) {
    typealias T = Tile.Scalar
    let m = o.m, n = o.n, k = o.k
    guard m > 0, n > 0 else { return }
    if k == 0 || o.alpha == 0 {
        scaleC(o)
        epilogue?.finish(GEMMTile(o.c, ldc: o.ldc, row: 0, column: 0, height: m, width: n))
        return
    }
    // Matrix–vector shapes stream the matrix instead (`GEMM+Vector.swift`).
    if prepacked == nil && o.allowsVectorShortcut && ((n == 1 && vectorGEMM(o)) || (m == 1 && vectorGEMM(o.transposedProblem))) {
        epilogue?.finish(GEMMTile(o.c, ldc: o.ldc, row: 0, column: 0, height: m, width: n))
        return
    }
    let tileRows = Tile.rows, tileColumns = Tile.columns
    let rowBlock = balancedBlock(m, maximum: blocking.rows, multiple: tileRows)
    let depthBlock = balancedBlock(k, maximum: blocking.depth, multiple: 1)
    let columnBlock = balancedBlock(n, maximum: blocking.columns, multiple: tileColumns)

    // One allocation: packed A, packed B and the edge tile, each followed by slack for
    // the packing's vector stores past a block (`gemmPackSlack`).
    let alignment = 64
    let stride = MemoryLayout<T>.stride
    let aCount = rowBlock * depthBlock, bCount = prepacked == nil ? depthBlock * columnBlock : 0, edgeCount = tileRows * tileColumns
    func rounded(_ bytes: Int) -> Int { (bytes + gemmPackSlack + alignment - 1) / alignment * alignment }
    let bOffset = rounded(aCount * stride)
    let eOffset = bOffset + rounded(bCount * stride)
    let byteCount = eOffset + rounded(edgeCount * stride)
    let raw = UnsafeMutableRawPointer.allocate(byteCount: byteCount, alignment: alignment)
    defer { raw.deallocate() }
    let packedA = raw.bindMemory(to: T.self, capacity: aCount)
    let scratchB = (raw + bOffset).bindMemory(to: T.self, capacity: bCount)
    let edge = (raw + eOffset).bindMemory(to: T.self, capacity: edgeCount)

    var i3 = 0
    while i3 < m {
        let rows = min(rowBlock, m - i3)
        var p3 = 0
        while p3 < k {
            let depth = min(depthBlock, k - p3)
            let beta = p3 == 0 ? o.beta : 1
            let lastDepthBlock = p3 + depth == k
            packA(o.a + i3 * o.aRowStride + p3 * o.aColumnStride, rowStride: o.aRowStride, columnStride: o.aColumnStride,
                  rows: rows, depth: depth, tileRows: tileRows, into: packedA)
            var j2 = 0
            while j2 < n {
                let columns = min(columnBlock, n - j2)
                let packedB: UnsafeMutablePointer<T>
                if let prepacked {
                    packedB = prepacked.panel(depthStart: p3, columnStart: j2)
                } else {
                    packedB = scratchB
                    packB(o.b + p3 * o.bRowStride + j2 * o.bColumnStride, rowStride: o.bRowStride, columnStride: o.bColumnStride,
                          depth: depth, columns: columns, tileColumns: tileColumns, into: packedB)
                }
                var i1 = 0
                while i1 < rows {
                    let height = min(tileRows, rows - i1)
                    let aPanel = packedA + i1 * depth
                    let cRow = o.c + (i3 + i1) * o.ldc + j2
                    var j1 = 0
                    if o.upperTriangleOnly {
                        // Skip whole tiles left of the diagonal: columns < first row of the tile.
                        let firstRow = o.diagonalOffset + i3 + i1
                        let skip = max(0, firstRow - j2) / tileColumns * tileColumns
                        j1 = min(skip, columns)
                    }
                    while j1 < columns {
                        let width = min(tileColumns, columns - j1)
                        let bPanel = packedB + j1 * depth
                        if height == tileRows && width == tileColumns {
                            Tile.microKernel(depth: depth, packedA: aPanel, packedB: bPanel, c: cRow + j1, ldc: o.ldc, alpha: o.alpha, beta: beta)
                        } else {
                            Tile.microKernel(depth: depth, packedA: aPanel, packedB: bPanel, c: edge, ldc: tileColumns, alpha: 1, beta: 0)
                            mergeEdge(edge, tileColumns: tileColumns, into: cRow + j1, ldc: o.ldc, height: height, width: width, alpha: o.alpha, beta: beta)
                        }
                        if lastDepthBlock, let epilogue {
                            epilogue.finish(GEMMTile(cRow + j1, ldc: o.ldc, row: i3 + i1, column: j2 + j1, height: height, width: width))
                        }
                        j1 += tileColumns
                    }
                    i1 += tileRows
                }
                j2 += columns
            }
            p3 += depth
        }
        i3 += rows
    }
}

/// The block length for `count` items: at most `maximum` (rounded down to `multiple`,
/// at least one `multiple`), with the blocks of `count` made as even as possible.
@inline(__always)
func balancedBlock(_ count: Int, maximum: Int, multiple: Int) -> Int {
    let limit = max(multiple, maximum / multiple * multiple)
    let blocks = (count + limit - 1) / limit
    let even = (count + blocks - 1) / blocks
    return min(limit, (even + multiple - 1) / multiple * multiple)
}

/// C[0..<height, 0..<width] ← alpha·tile + beta·C (C not read when beta == 0), the same
/// formula as the micro-kernels' store.
@inline(__always)
func mergeEdge<T: GEMMScalar>(
    _ tile: UnsafePointer<T>, tileColumns: Int, into c: UnsafeMutablePointer<T>, ldc: Int,
    height: Int, width: Int, alpha: T, beta: T
) {
    for r in 0..<height {
        let from = tile + r * tileColumns, to = c + r * ldc
        if beta == 0 {
            for j in 0..<width { to[j] = alpha * from[j] }
        } else {
            for j in 0..<width { to[j] = (beta * to[j]).addingProduct(alpha, from[j]) }
        }
    }
}

/// C ← beta·C for an empty product (k = 0 or alpha = 0); C is not read when beta == 0.
@inline(__always)
func scaleC<T: GEMMScalar>(_ o: GEMMOperands<T>) {
    for i in 0..<o.m {
        let row = o.c + i * o.ldc
        if o.beta == 0 {
            row.update(repeating: 0, count: o.n)
        } else {
            for j in 0..<o.n { row[j] *= o.beta }
        }
    }
}
