/// Measures the register tiles against the linked BLAS on one product of each shape
/// class and element type, and decides `GEMMKernelChoice` from it: the BLAS for a class
/// where our tiles run below `keepTilesAbove` of its speed, the tiles elsewhere.
///
/// About 0.2 s on an AVX-512 core, 0.5 s on an AVX2 one (8 products, 3 alternating
/// rounds each). Wall-clock time, so a busy machine may tip a close call either way:
/// `fsweep` caches the decision per CPU model and binary (`GEMMKernelChoiceCache`),
/// records it in the output, and every rank of a run follows rank 0's.
public enum GEMMCalibration {
    /// Our tiles keep a class while they reach this fraction of the BLAS's speed: they
    /// fuse the epilogue (an activation, row sums) into the product, which the BLAS path
    /// pays for with one more pass over C.
    public static let keepTilesAbove = 0.97

    /// The products measured: a square one for `large` and a block of 24 vectors against
    /// a prepacked matrix (a Krylov step at top_k = 16, where B is packed once for 20-30
    /// products) for `panel`.
    static let shapes: [(GEMMShapeClass, m: Int, n: Int, k: Int)] = [(.large, 640, 640, 640), (.panel, 24, 1536, 1536)]

    /// The choice for this CPU among the paths `allowed` (the register tiles of
    /// `tiles`, else the BLAS), measured now.
    public static func calibrate(tiles: GEMMKernelPath = .bestTiles, repeats: Int = 3) -> GEMMKernelChoice {
        GEMMKernelChoice(float32: calibrate(Float.self, tiles: tiles, repeats: repeats),
                         float64: calibrate(Double.self, tiles: tiles, repeats: repeats),
                         origin: "calibrated (tiles at least \(keepTilesAbove) of the BLAS's speed, else the BLAS)")
    }

    static func calibrate<T: KernelScalar>(_: T.Type, tiles: GEMMKernelPath, repeats: Int) -> GEMMKernelChoice.PerPrecision {
        var choice = GEMMKernelChoice.PerPrecision.all(tiles)
        for (shapeClass, m, n, k) in shapes {
            let ratio = measureRatio(T.self, path: tiles, m: m, n: n, k: k, prepackedB: shapeClass == .panel, repeats: repeats)
            choice.measuredRatios[shapeClass.rawValue] = (ratio * 1000).rounded() / 1000
            if ratio < keepTilesAbove {
                if shapeClass == .large { choice.large = .blas } else { choice.panel = .blas }
            }
        }
        return choice
    }

    /// Speed of `path`'s tiles over the BLAS's on one product (best of `repeats`).
    public static func measureRatio<T: KernelScalar>(
        _: T.Type, path: GEMMKernelPath, m: Int, n: Int, k: Int, prepackedB: Bool = false, repeats: Int
    ) -> Double {
        let saved = GEMMKernelChoice.current
        GEMMKernelChoice.current = .forced(path)
        defer { GEMMKernelChoice.current = saved }
        let rates = GEMMBenchmark.measure(T.self, m: m, n: n, k: k, prepackedB: prepackedB, repeats: repeats)
        return rates.oursGFLOPS / rates.blasGFLOPS
    }
}
