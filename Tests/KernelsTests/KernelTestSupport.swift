@testable import Kernels

/// Random matrices for the kernel tests, from the kernels' own seeded generator.
extension SeededGenerator {
    /// Approximately standard normal (sum of 12 uniforms minus 6).
    mutating func normal() -> Double {
        var s = -6.0
        for _ in 0..<12 { s += Double(next() >> 11) * 0x1.0p-53 }
        return s
    }

    mutating func matrix<T: KernelScalar>(_: T.Type, rows: Int, columns: Int) -> Matrix<T> {
        Matrix(rows: rows, columns: columns) { _, _ in T(self.normal()) }
    }
}

/// Features of a one-step-trained two-layer network in miniature: centred ReLU of
/// X·Wᵀ (samples × width) with `spikes` planted rank-one directions of decreasing
/// strength, so the spectrum is a Marchenko–Pastur bulk with outliers, as in giant-step.
func spikedFeatures<T: KernelScalar>(_: T.Type, samples: Int, width: Int, dimension: Int, spikes: Int, seed: UInt64) -> Matrix<T> {
    var g = SeededGenerator(seed: seed)
    let x = g.matrix(T.self, rows: samples, columns: dimension)
    var w = g.matrix(T.self, rows: width, columns: dimension)
    let scale = T(1 / Double(dimension).squareRoot())
    for i in w.elements.indices { w.elements[i] *= scale }
    for s in 0..<spikes {
        let direction = (0..<dimension).map { _ in g.normal() / Double(dimension).squareRoot() }
        let strength = 2.5 / Double(s + 1)
        for j in 0..<width {
            let a = T(strength * g.normal())
            for i in 0..<dimension { w.elements[j * dimension + i] += a * T(direction[i]) }
        }
    }
    var f = product(x, .none, w, .transposed)
    let shift = T(1 / (2 * Double.pi).squareRoot())
    for i in f.elements.indices { f.elements[i] = max(f.elements[i], 0) - shift }
    return f
}

/// A symmetric matrix whose upper triangle (i ≤ j) is `entry(i, j, generator)`.
func symmetric(_ n: Int, seed: UInt64, entry: (Int, Int, inout SeededGenerator) -> Double) -> Matrix<Double> {
    var generator = SeededGenerator(seed: seed)
    var m = Matrix<Double>(rows: n, columns: n)
    for i in 0..<n {
        for j in i..<n {
            let v = entry(i, j, &generator)
            m.elements[i * n + j] = v
            m.elements[j * n + i] = v
        }
    }
    return m
}

/// Runs `body` once for every kernel path this binary and CPU can run (`avx512` where
/// both have it, `avx2` or `portable`, and `blas`; with `tilesOnly`, not `blas`), with
/// that path forced for every product, then restores the choice. An AVX-512 machine so
/// tests the AVX2 tiles too, and every machine the BLAS safety net.
func forEachKernelPath(tilesOnly: Bool = false, _ body: (GEMMKernelPath) throws -> Void) rethrows {
    let saved = GEMMKernelChoice.current
    defer { GEMMKernelChoice.current = saved }
    for path in GEMMKernelPath.allCases where path.isAvailable && !(tilesOnly && path == .blas) {
        GEMMKernelChoice.current = .forced(path)
        try body(path)
    }
}
