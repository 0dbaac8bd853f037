import XCTest
@testable import Kernels

/// (m, n, k) of op(A)·op(B): degenerate, odd, prime, tall-skinny and long-inner shapes.
private let shapes: [(m: Int, n: Int, k: Int)] = [
    (1, 1, 1), (1, 1, 7), (7, 33, 1), (7, 33, 13), (33, 7, 13), (13, 7, 33),
    (2, 3, 5), (17, 19, 23), (31, 37, 41), (61, 67, 71), (97, 101, 103),
    (1000, 1000, 3), (3, 3, 1000), (1, 300, 200), (250, 1, 300), (40, 1, 1000), (1, 45, 999),
    (64, 64, 64), (96, 128, 80),
]

private let transposes: [(Transpose, Transpose)] = [(.none, .none), (.transposed, .none), (.none, .transposed), (.transposed, .transposed)]

/// Operands for op(A)·op(B) of shape (m, n, k), stored so that `op` gives that shape.
private func operands<T: KernelScalar>(
    _: T.Type, m: Int, n: Int, k: Int, _ transA: Transpose, _ transB: Transpose,
    using generator: inout SeededGenerator, entry: (inout SeededGenerator) -> T
) -> (a: Matrix<T>, b: Matrix<T>, c: Matrix<T>) {
    let (ar, ac) = transA == .none ? (m, k) : (k, m)
    let (br, bc) = transB == .none ? (k, n) : (n, k)
    let a = Matrix<T>(rows: ar, columns: ac) { _, _ in entry(&generator) }
    let b = Matrix<T>(rows: br, columns: bc) { _, _ in entry(&generator) }
    let c = Matrix<T>(rows: m, columns: n) { _, _ in entry(&generator) }
    return (a, b, c)
}

private func smallInteger<T: KernelScalar>(_ generator: inout SeededGenerator) -> T {
    T(Int.random(in: -4...4, using: &generator))
}

private func gaussianish<T: KernelScalar>(_ generator: inout SeededGenerator) -> T {
    T(Double.random(in: -1...1, using: &generator) + Double.random(in: -1...1, using: &generator))
}

private func absolute<T: KernelScalar>(_ x: Matrix<T>) -> Matrix<T> {
    Matrix(rows: x.rows, columns: x.columns, elements: x.elements.map { abs($0) })
}

/// Asserts |got − expected| ≤ 4·(k + 2)·ε·(|alpha|·|op(A)|·|op(B)| + |beta|·|C|) entrywise:
/// the standard forward error bound of any summation order, with some slack.
private func assertClose<T: KernelScalar>(
    _ got: Matrix<T>, _ expected: Matrix<T>, a: Matrix<T>, _ transA: Transpose, b: Matrix<T>, _ transB: Transpose,
    c: Matrix<T>, alpha: T, beta: T, k: Int, _ message: String, file: StaticString = #filePath, line: UInt = #line
) {
    var scale = absolute(c)
    referenceGEMM(absolute(a), transA, absolute(b), transB, into: &scale, alpha: abs(alpha), beta: abs(beta))
    let tolerance = 4 * T(k + 2) * T.ulpOfOne
    var worst: T = 0
    for index in got.elements.indices {
        let error = abs(got.elements[index] - expected.elements[index])
        let allowed = tolerance * scale.elements[index] + T.leastNormalMagnitude
        if !(error <= allowed) {
            XCTFail("\(message): entry \(index) is \(got.elements[index]), expected \(expected.elements[index]) (bound \(allowed))", file: file, line: line)
            return
        }
        worst = max(worst, error)
    }
}

final class GEMMTests: XCTestCase {
    /// Small integers multiply and add exactly in any order: every entry must be identical.
    func exactSmallIntegers<T: KernelScalar>(_: T.Type) {
        forEachKernelPath { path in
            var generator = SeededGenerator(seed: 1)
            for (m, n, k) in shapes {
                for (transA, transB) in transposes {
                    do {
                        let (alpha, beta) = [(T(1), T(0)), (T(2), T(-3)), (T(-1), T(1))][(m + n + k) % 3]
                        let (a, b, c0) = operands(T.self, m: m, n: n, k: k, transA, transB, using: &generator, entry: smallInteger)
                        var expected = c0
                        referenceGEMM(a, transA, b, transB, into: &expected, alpha: alpha, beta: beta)
                        var got = c0
                        gemm(a, transA, b, transB, into: &got, alpha: alpha, beta: beta)
                        XCTAssertEqual(got, expected, "\(path) \(T.self) \(m)×\(n)×\(k) \(transA)/\(transB) alpha \(alpha) beta \(beta)")
                        var peer = c0
                        BLASPeer.gemm(a, transA, b, transB, into: &peer, alpha: alpha, beta: beta)
                        XCTAssertEqual(peer, expected, "BLAS \(T.self) \(m)×\(n)×\(k) \(transA)/\(transB)")
                    }
                }
            }
        }
    }

    func testExactSmallIntegersFloat() { exactSmallIntegers(Float.self) }
    func testExactSmallIntegersDouble() { exactSmallIntegers(Double.self) }

    /// Random reals: ours, the reference and OpenBLAS agree within the summation error bound.
    func randomReals<T: KernelScalar>(_: T.Type) {
        forEachKernelPath { path in
            var generator = SeededGenerator(seed: 2)
            // The 1000×1000 tall-skinny product is covered by the exact test; here a smaller one
            // keeps the debug build quick.
            for (m, n, k) in shapes.filter({ $0.m * $0.n <= 100_000 }) + [(400, 300, 3)] {
                for (transA, transB) in transposes {
                    let (alpha, beta) = (T(0.75), T(-1.25))
                    let (a, b, c0) = operands(T.self, m: m, n: n, k: k, transA, transB, using: &generator, entry: gaussianish)
                    var expected = c0
                    referenceGEMM(a, transA, b, transB, into: &expected, alpha: alpha, beta: beta)
                    var got = c0
                    gemm(a, transA, b, transB, into: &got, alpha: alpha, beta: beta)
                    var peer = c0
                    BLASPeer.gemm(a, transA, b, transB, into: &peer, alpha: alpha, beta: beta)
                    let label = "\(path) \(T.self) \(m)×\(n)×\(k) \(transA)/\(transB)"
                    assertClose(got, expected, a: a, transA, b: b, transB, c: c0, alpha: alpha, beta: beta, k: k, "ours vs reference, " + label)
                    assertClose(got, peer, a: a, transA, b: b, transB, c: c0, alpha: alpha, beta: beta, k: k, "ours vs OpenBLAS, " + label)
                }
            }
        }
    }

    func testRandomRealsFloat() { randomReals(Float.self) }
    func testRandomRealsDouble() { randomReals(Double.self) }

    /// beta = 0 must not read C: NaN there is overwritten, as in BLAS.
    /// Small block sizes, so that moderate shapes cross every block boundary (several
    /// row, depth and column blocks, partial tiles at each edge).
    func blockBoundaries<T: KernelScalar>(_: T.Type) {
        forEachKernelPath(tilesOnly: true) { path in
            var generator = SeededGenerator(seed: 4)
            let tile = T.gemmTileGeometry(path)
            let tileRows = tile.rows, tileColumns = tile.columns
            let blockings = [
                GEMMBlocking(rows: tileRows, depth: 1, columns: tileColumns),
                GEMMBlocking(rows: 2 * tileRows, depth: 5, columns: 2 * tileColumns),
                GEMMBlocking(rows: 3 * tileRows + 1, depth: 16, columns: 3 * tileColumns - 1),
            ]
            let blockShapes = [(2 * tileRows + 1, 3 * tileColumns + 5, 23), (3 * tileRows, 2 * tileColumns, 10), (5, 7, 40), (41, 3, 9)]
            for blocking in blockings {
                for (m, n, k) in blockShapes {
                    for (transA, transB) in transposes {
                        let (alpha, beta) = (T(3), T(-2))
                        let (a, b, c0) = operands(T.self, m: m, n: n, k: k, transA, transB, using: &generator, entry: smallInteger)
                        var expected = c0
                        referenceGEMM(a, transA, b, transB, into: &expected, alpha: alpha, beta: beta)
                        var got = c0
                        withGEMMOperands(a, transA, b, transB, into: &got, alpha: alpha, beta: beta) {
                            T.gemmPacked($0, path: path, blocking: blocking, epilogue: nil, packedB: nil)
                        }
                        XCTAssertEqual(got, expected, "\(path) \(T.self) \(m)×\(n)×\(k) \(transA)/\(transB) blocking \(blocking)")
                    }
                }
            }
        }
    }

    func testBlockBoundariesFloat() { blockBoundaries(Float.self) }
    func testBlockBoundariesDouble() { blockBoundaries(Double.self) }

    /// alpha = 0: C ← beta·C, as in BLAS.
    func testZeroAlphaScalesC() {
        let a = Matrix<Double>(rows: 4, columns: 3, repeating: 1)
        let b = Matrix<Double>(rows: 3, columns: 5, repeating: 1)
        var c = Matrix<Double>(rows: 4, columns: 5, repeating: 2)
        gemm(a, .none, b, .none, into: &c, alpha: 0, beta: -1)
        XCTAssertEqual(c, Matrix(rows: 4, columns: 5, repeating: -2))
    }

    func testBalancedBlocks() {
        XCTAssertEqual(balancedBlock(512, maximum: 384, multiple: 1), 256)
        XCTAssertEqual(balancedBlock(100, maximum: 384, multiple: 1), 100)
        XCTAssertEqual(balancedBlock(1000, maximum: 480, multiple: 32), 352)
        XCTAssertEqual(balancedBlock(5, maximum: 10, multiple: 12), 12)
    }

    func testZeroBetaOverwritesNaN() {
        var generator = SeededGenerator(seed: 3)
        let (a, b, _) = operands(Double.self, m: 19, n: 45, k: 11, .none, .none, using: &generator, entry: smallInteger)
        var c = Matrix<Double>(rows: 19, columns: 45, repeating: .nan)
        gemm(a, .none, b, .none, into: &c)
        var expected = Matrix<Double>(rows: 19, columns: 45)
        referenceGEMM(a, .none, b, .none, into: &expected)
        XCTAssertEqual(c, expected)
    }

    /// k = 0: the product is empty, C ← beta·C. Empty C: nothing happens.
    func testEmptyDimensions() {
        let a = Matrix<Float>(rows: 5, columns: 0)
        let b = Matrix<Float>(rows: 0, columns: 3)
        var c = Matrix<Float>(rows: 5, columns: 3, repeating: 2)
        gemm(a, .none, b, .none, into: &c, alpha: 1, beta: 3)
        XCTAssertEqual(c, Matrix(rows: 5, columns: 3, repeating: 6))
        var zeroed = Matrix<Float>(rows: 5, columns: 3, repeating: .nan)
        gemm(a, .none, b, .none, into: &zeroed)
        XCTAssertEqual(zeroed, Matrix(rows: 5, columns: 3, repeating: 0))
        var empty = Matrix<Float>(rows: 0, columns: 3)
        gemm(Matrix<Float>(rows: 0, columns: 4), .none, Matrix<Float>(rows: 4, columns: 3), .none, into: &empty)
        XCTAssertEqual(empty.elements, [])
        var peer = Matrix<Float>(rows: 5, columns: 3, repeating: 2)
        BLASPeer.gemm(a, .none, b, .none, into: &peer, alpha: 1, beta: 3)
        XCTAssertEqual(peer, Matrix(rows: 5, columns: 3, repeating: 6))
    }

    /// Strided operands through the public `gemmPacked` entry: blocks of larger
    /// row-major buffers (leading dimensions larger than the block), C's padding untouched.
    func stridedOperands<T: KernelScalar>(_: T.Type) {
        forEachKernelPath(tilesOnly: true) { path in
            var generator = SeededGenerator(seed: 5)
            for (m, n, k) in [(29, 37, 45), (1, 33, 17), (33, 1, 17)] {
                let lda = k + 3, ldb = n + 5, ldc = n + 7
                var a = [T](repeating: 0, count: m * lda), b = [T](repeating: 0, count: k * ldb)
                var c = [T](repeating: 99, count: m * ldc)
                for index in a.indices { a[index] = smallInteger(&generator) }
                for index in b.indices { b[index] = smallInteger(&generator) }
                let denseA = Matrix<T>(rows: m, columns: k) { i, p in a[i * lda + p] }
                let denseB = Matrix<T>(rows: k, columns: n) { p, j in b[p * ldb + j] }
                var expected = Matrix<T>(rows: m, columns: n, repeating: 99)
                referenceGEMM(denseA, .none, denseB, .none, into: &expected, alpha: 2, beta: -1)
                a.withUnsafeBufferPointer { pa in
                    b.withUnsafeBufferPointer { pb in
                        c.withUnsafeMutableBufferPointer { pc in
                            T.gemmPacked(GEMMOperands(
                                m: m, n: n, k: k, alpha: 2, a: pa.baseAddress!, aRowStride: lda, aColumnStride: 1,
                                b: pb.baseAddress!, bRowStride: ldb, bColumnStride: 1, beta: -1, c: pc.baseAddress!, ldc: ldc),
                                path: path, blocking: nil, epilogue: nil, packedB: nil)
                        }
                    }
                }
                for i in 0..<m {
                    XCTAssertEqual(Array(c[(i * ldc)..<(i * ldc + n)]), Array(expected.elements[(i * n)..<(i * n + n)]), "\(T.self) \(m)×\(n)×\(k) row \(i)")
                    XCTAssertEqual(Array(c[(i * ldc + n)..<(i * ldc + ldc)]), [T](repeating: 99, count: ldc - n), "padding of row \(i)")
                }
            }
        }
    }

    func testStridedOperandsFloat() { stridedOperands(Float.self) }
    func testStridedOperandsDouble() { stridedOperands(Double.self) }

    /// The benchmark helper runs and reports finite rates (no timing assertions).
    func testBenchmarkHelperRuns() {
        let rates = GEMMBenchmark.measure(Float.self, m: 33, n: 47, k: 21, repeats: 1)
        XCTAssert(rates.oursGFLOPS.isFinite && rates.oursGFLOPS > 0)
        XCTAssert(rates.blasGFLOPS.isFinite && rates.blasGFLOPS > 0)
        XCTAssertFalse(BLASPeer.coreName.isEmpty)
    }

    func testProductConvenience() {
        let a = Matrix<Double>(rows: 2, columns: 3, elements: [1, 2, 3, 4, 5, 6])
        let b = Matrix<Double>(rows: 3, columns: 2, elements: [7, 8, 9, 10, 11, 12])
        XCTAssertEqual(product(a, b), Matrix(rows: 2, columns: 2, elements: [58, 64, 139, 154]))
        XCTAssertEqual(product(a, .transposed, a), Matrix(rows: 3, columns: 3, elements: [17, 22, 27, 22, 29, 36, 27, 36, 45]))
        XCTAssertEqual(product(a, .none, a, .transposed), Matrix(rows: 2, columns: 2, elements: [14, 32, 32, 77]))
        XCTAssertEqual(product(a, .transposed, b, .transposed), product(b, a).transposed)
    }
}
