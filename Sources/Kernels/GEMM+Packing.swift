// Packing: copies a block of op(A) or op(B) into the contiguous, tile-ordered layout the
// micro-kernels stream through, padding partial tiles with zeros so edge tiles run the
// same kernel.
//
// Where the source is contiguous in the packed direction, each depth step is one
// tile-line copy (inlined vector moves, `copyTileLine`); where it is contiguous along the depth,
// blocks are transposed in SIMD registers (`GEMM+Transpose.swift`).

/// Packs `rows × depth` of op(A), op(A)(i, p) = `a[i·rowStride + p·columnStride]`, into
/// micro-panels of `tileRows` rows: panel t holds, for each p, the `tileRows` values
/// op(A)(t·tileRows + r, p) at `packed[t·tileRows·depth + p·tileRows + r]`. Rows past
/// `rows` in the last panel are zero.
@inline(__always)
func packA<T: GEMMScalar>(
    _ a: UnsafePointer<T>, rowStride: Int, columnStride: Int, rows: Int, depth: Int,
    tileRows: Int, into packed: UnsafeMutablePointer<T>
) {
    var panel = packed
    var row = 0
    while row < rows {
        let height = min(tileRows, rows - row)
        packPanel(a + row * rowStride, along: columnStride, across: rowStride, depth: depth,
                  count: height, tile: tileRows, into: panel)
        panel += tileRows * depth
        row += tileRows
    }
}

/// Packs `depth × columns` of op(B), op(B)(p, j) = `b[p·rowStride + j·columnStride]`, into
/// micro-panels of `tileColumns` columns: panel t holds, for each p, the `tileColumns`
/// values op(B)(p, t·tileColumns + j) at `packed[t·tileColumns·depth + p·tileColumns + j]`.
/// Columns past `columns` in the last panel are zero.
@inline(__always)
func packB<T: GEMMScalar>(
    _ b: UnsafePointer<T>, rowStride: Int, columnStride: Int, depth: Int, columns: Int,
    tileColumns: Int, into packed: UnsafeMutablePointer<T>
) {
    if columnStride == 1 && columns >= tileColumns {
        // Rows of op(B) are contiguous. Copy a few rows at a time across all full panels:
        // the source is read in order, and each panel receives one contiguous run (the
        // panels are depth·tileColumns apart, often a multiple of 4 KiB, so writing one
        // row per panel at a time would keep hitting the same cache sets).
        let fullPanels = columns / tileColumns
        let bytes = tileColumns * MemoryLayout<T>.stride
        let rowsPerRun = 16
        var p0 = 0
        while p0 < depth {
            let run = min(rowsPerRun, depth - p0)
            for t in 0..<fullPanels {
                let from = b + p0 * rowStride + t * tileColumns
                let to = packed + t * tileColumns * depth + p0 * tileColumns
                for p in 0..<run {
                    copyTileLine(to: to + p * tileColumns, from: from + p * rowStride, byteCount: bytes)
                }
            }
            p0 += run
        }
        let done = fullPanels * tileColumns
        if done < columns {
            packPanel(b + done, along: rowStride, across: 1, depth: depth, count: columns - done,
                      tile: tileColumns, into: packed + done * depth)
        }
        return
    }
    var panel = packed
    var column = 0
    while column < columns {
        let width = min(tileColumns, columns - column)
        packPanel(b + column * columnStride, along: rowStride, across: columnStride, depth: depth,
                  count: width, tile: tileColumns, into: panel)
        panel += tileColumns * depth
        column += tileColumns
    }
}

/// One micro-panel: for p < depth, `packed[p·tile + r] = source[p·along + r·across]` for
/// r < count, and zero for count ≤ r < tile. May write up to one SIMD vector past the
/// panel (see `gemmPackSlack`).
@inline(__always)
func packPanel<T: GEMMScalar>(
    _ source: UnsafePointer<T>, along: Int, across: Int, depth: Int, count: Int, tile: Int,
    into packed: UnsafeMutablePointer<T>
) {
    if along == 1 && across != 1 {
        // Each line is contiguous along the depth: transpose blocks in registers.
        T.gemmTransposePack(source, lineStride: across, lines: count, depth: depth, tile: tile, into: packed)
    } else if across == 1 && count == tile {
        // The tile's values for one depth step are contiguous: a fixed-size copy.
        let bytes = tile * MemoryLayout<T>.stride
        for p in 0..<depth {
            copyTileLine(to: packed + p * tile, from: source + p * along, byteCount: bytes)
        }
    } else {
        for p in 0..<depth {
            let from = source + p * along
            let to = packed + p * tile
            for r in 0..<count { to[r] = from[r * across] }
            for r in count..<tile { to[r] = 0 }
        }
    }
}

/// Copies one tile line (`byteCount` bytes, a multiple of 4: 16–128 here) with unaligned
/// vector moves. A `memmove` call per line cost more than the copy itself: 2 % of a
/// 2048 giant-step task went to the calls.
@inline(__always)
func copyTileLine(to: UnsafeMutableRawPointer, from: UnsafeRawPointer, byteCount: Int) {
    var offset = 0
    while offset + 64 <= byteCount {
        to.storeBytes(of: from.loadUnaligned(fromByteOffset: offset, as: SIMD16<UInt32>.self), toByteOffset: offset, as: SIMD16<UInt32>.self)
        offset += 64
    }
    if offset + 32 <= byteCount {
        to.storeBytes(of: from.loadUnaligned(fromByteOffset: offset, as: SIMD8<UInt32>.self), toByteOffset: offset, as: SIMD8<UInt32>.self)
        offset += 32
    }
    if offset + 16 <= byteCount {
        to.storeBytes(of: from.loadUnaligned(fromByteOffset: offset, as: SIMD4<UInt32>.self), toByteOffset: offset, as: SIMD4<UInt32>.self)
        offset += 16
    }
    while offset < byteCount {
        to.storeBytes(of: from.loadUnaligned(fromByteOffset: offset, as: UInt32.self), toByteOffset: offset, as: UInt32.self)
        offset += 4
    }
}

/// Bytes the packing may write past a packed block (one SIMD vector); the driver leaves
/// this much room after each buffer.
let gemmPackSlack = 64
