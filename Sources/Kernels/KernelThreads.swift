import Dispatch

/// How many threads one product may use inside a rank (`fsweep run --threads T`).
///
/// Ranks stay single-threaded by default: a sweep already puts one rank on every core.
/// With more, a GEMM splits the rows of C into `count` contiguous ranges whose
/// boundaries are multiples of the register tile, so every element of C is computed by
/// exactly the same sequence of operations whatever `count` is: results are bit-identical
/// for every thread count. LAPACK calls stay single-threaded.
public enum KernelThreads {
    nonisolated(unsafe) private static var configured = 1

    /// The thread count for products from now on (at least 1). Set it once, before
    /// training starts.
    public static var count: Int {
        get { configured }
        set { configured = max(1, newValue) }
    }

    /// Runs `body(i)` for i in 0..<iterations, concurrently when there is more than one.
    static func forEach(_ iterations: Int, _ body: (Int) -> Void) {
        if iterations <= 1 {
            for i in 0..<iterations { body(i) }
        } else {
            DispatchQueue.concurrentPerform(iterations: iterations, execute: body)
        }
    }
}

/// Runs a product on the path `GEMMKernelChoice.current` gives its shape (or the path
/// `packedB` was packed for), on `KernelThreads.count` threads when the product is large
/// enough to gain from them: rows of C in ranges that are multiples of the tile rows, so
/// each row is computed the same way whatever the count. (The BLAS path splits C in
/// fixed row blocks instead, `runBLASGEMM`.)
func runGEMM<T: GEMMScalar>(_ o: GEMMOperands<T>, epilogue: GEMMTileEpilogue<T>?, packedB: PackedRightOperand<T>? = nil) {
    let path = packedB?.path ?? GEMMKernelChoice.current.path(T.self, m: o.m, n: o.n, k: o.k)
    if path == .blas {
        runBLASGEMM(o, epilogue: epilogue, packedB: packedB)
        return
    }
    let tileRows = T.gemmTileGeometry(path).rows
    let flops = 2 * Double(o.m) * Double(o.n) * Double(o.k)
    let ranges = min(KernelThreads.count, o.m / tileRows)
    guard ranges > 1, o.n > 1, flops >= 4e6 else {
        T.gemmPacked(o, path: path, blocking: nil, epilogue: epilogue, packedB: packedB)
        return
    }
    let tiles = (o.m + tileRows - 1) / tileRows
    // Row ranges of equal work: equal tile counts, or for an upper triangle, boundaries
    // where the work above is the same fraction (row r has about n − r columns to do).
    let boundaries: [Int] = (0...ranges).map { i in
        let fraction = Double(i) / Double(ranges)
        let share = o.upperTriangleOnly && o.n >= o.m ? 1 - (1 - fraction).squareRoot() : fraction
        return min(tiles, Int((share * Double(tiles)).rounded())) * tileRows
    }
    KernelThreads.forEach(ranges) { range in
        let first = boundaries[range], end = min(o.m, boundaries[range + 1])
        guard first < end else { return }
        var part = o.rows(first..<end)
        // A one-row range must stay on the tiles: the whole product was not a vector one.
        part.allowsVectorShortcut = false
        T.gemmPacked(part, path: path, blocking: nil, epilogue: epilogue?.offset(rows: first), packedB: packedB)
    }
}
