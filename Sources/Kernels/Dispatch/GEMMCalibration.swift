/// Measures the register tiles against the linked BLAS on one product of each shape
/// class and element type, as a task runs it, and decides `GEMMKernelChoice` from it:
/// the BLAS for a class where our tiles run below `keepTilesAbove` of its speed, the
/// tiles elsewhere.
///
/// "As a task runs it": the large product is X·Wᵀ with a ReLU fused into it (the tiles
/// apply it to each tile in L1; the BLAS path makes one more pass over C), and the panel
/// product multiplies by a B packed once, as the block Krylov solver does. About 0.3 s on
/// an AVX-512 core (8 products, 3 alternating rounds each). Wall-clock time, so a busy
/// machine may tip a close call either way: `fsweep` caches the decision per CPU model
/// and binary (`KernelChoiceCache`), records it in the output, and every rank of a run
/// follows rank 0's.
public enum GEMMCalibration {
    /// Our tiles keep a class while they reach this fraction of the BLAS path's speed:
    /// within the noise of a shared machine they are as fast, and use less memory traffic.
    public static let keepTilesAbove = 0.98

    /// The products measured: X·Wᵀ at 640 for `large`, and a block of 24 vectors against a
    /// prepacked 1536 × 1536 matrix (a Krylov step at top_k = 16) for `panel`.
    static let shapes: [(GEMMShapeClass, m: Int, n: Int, k: Int)] = [(.large, 640, 640, 640), (.panel, 24, 1536, 1536)]

    /// The choice for this CPU: the register tiles of `tiles` for every class, except
    /// where the BLAS path measured faster.
    public static func calibrate(tiles: GEMMKernelPath = .bestTiles, repeats: Int = 3) -> GEMMKernelChoice {
        GEMMKernelChoice(float32: calibrate(Float.self, tiles: tiles, repeats: repeats),
                         float64: calibrate(Double.self, tiles: tiles, repeats: repeats),
                         origin: "calibrated (tiles at least \(keepTilesAbove) of the BLAS path's speed, else the BLAS)")
    }

    static func calibrate<T: KernelScalar>(_: T.Type, tiles: GEMMKernelPath, repeats: Int) -> GEMMKernelChoice.PerPrecision {
        var choice = GEMMKernelChoice.PerPrecision.all(tiles)
        for (shapeClass, m, n, k) in shapes {
            let ratio = measureRatio(T.self, tiles: tiles, shapeClass, m: m, n: n, k: k, repeats: repeats)
            choice.measuredRatios[shapeClass.rawValue] = (ratio * 1000).rounded() / 1000
            if ratio < keepTilesAbove {
                if shapeClass == .large { choice.large = .blas } else { choice.panel = .blas }
            }
        }
        return choice
    }

    /// Speed of the `tiles` path over the `blas` path on one product of `shapeClass`
    /// (op(A) m × k, B n × k used transposed), best of `repeats` alternating rounds.
    public static func measureRatio<T: KernelScalar>(
        _: T.Type, tiles: GEMMKernelPath, _ shapeClass: GEMMShapeClass, m: Int, n: Int, k: Int, repeats: Int
    ) -> Double {
        let saved = GEMMKernelChoice.current
        defer { GEMMKernelChoice.current = saved }
        BLASThreads.useOneThread()
        var generator = SeededGenerator(seed: 0xCA11_B4A7)
        let a = Matrix<T>(rows: m, columns: k) { _, _ in T(Double.random(in: -1..<1, using: &generator)) }
        let b = Matrix<T>(rows: n, columns: k) { _, _ in T(Double.random(in: -1..<1, using: &generator)) }
        var c = Matrix<T>(uninitializedRows: m, columns: n)
        let relu = GEMMTileEpilogue<T> { tile in
            for r in 0..<tile.height {
                let row = tile.values(ofRow: r)
                for j in row.indices { row[j] = max(row[j], 0) }
            }
        }
        // Each path with its own packed B (packing follows the current choice).
        func prepare(_ path: GEMMKernelPath) -> () -> Void {
            GEMMKernelChoice.current = .forced(path)
            let packed = shapeClass == .panel ? PackedRightOperand(b, .transposed) : nil
            return {
                GEMMKernelChoice.current = .forced(path)
                if let packed { gemm(a, .none, packed, into: &c) } else { gemm(a, .none, b, .transposed, into: &c, epilogue: relu) }
            }
        }
        let ours = prepare(tiles), blas = prepare(.blas)
        ours()
        blas()
        var best = (ours: Double.infinity, blas: Double.infinity)
        for _ in 0..<repeats {
            best.ours = min(best.ours, GEMMBenchmark.seconds(ours))
            best.blas = min(best.blas, GEMMBenchmark.seconds(blas))
        }
        return best.blas / best.ours
    }
}
