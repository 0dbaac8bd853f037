import XCTest
@testable import Kernels

/// The symmetric product, the fused epilogues and threads inside a rank.
final class GEMMFusionTests: XCTestCase {
    override func tearDown() { KernelThreads.count = 1 }

    /// `gram` equals the full product AᵀA bit for bit (same sums in the same order), and
    /// is exactly symmetric, for widths around the panel boundaries.
    func gramEqualsFullProduct<T: KernelScalar>(_: T.Type) {
        forEachKernelPath { path in
            var g = SeededGenerator(seed: 1)
            for (rows, columns) in [(1, 1), (7, 5), (40, 255), (33, 256), (100, 257), (64, 600)] {
                let a = g.matrix(T.self, rows: rows, columns: columns)
                let full = product(a, .transposed, a, .none), gram = a.gram
                XCTAssertEqual(gram, gram.transposed, "\(path) \(T.self) \(rows)×\(columns) symmetric")
                if path == .blas {
                    // syrk and gemm may block the sums differently.
                    let scale = T(rows) * T.ulpOfOne * 64
                    for (x, y) in zip(gram.elements, full.elements) { XCTAssertLessThanOrEqual(abs(x - y), scale * max(1, abs(y))) }
                } else {
                    XCTAssertEqual(gram, full, "\(path) \(T.self) \(rows)×\(columns)")
                }
            }
        }
    }

    func testGramFloat() { gramEqualsFullProduct(Float.self) }
    func testGramDouble() { gramEqualsFullProduct(Double.self) }

    /// A prepacked B gives the ordinary product's bits, for shapes across the block sizes,
    /// both layouts of B, and several threads.
    func prepackedEqualsOrdinary<T: KernelScalar>(_: T.Type) {
        forEachKernelPath { path in
            var g = SeededGenerator(seed: 4)
            for (m, n, k) in [(1, 1, 1), (5, 70, 9), (24, 600, 700), (100, 33, 1000), (13, 481, 385)] {
                for transB in [Transpose.none, .transposed] {
                    let a = g.matrix(T.self, rows: m, columns: k)
                    let b = transB == .none ? g.matrix(T.self, rows: k, columns: n) : g.matrix(T.self, rows: n, columns: k)
                    let packed = PackedRightOperand(b, transB)
                    for threads in [1, 3] {
                        KernelThreads.count = threads
                        XCTAssertEqual(product(a, .none, packed), product(a, .none, b, transB), "\(path) \(T.self) \(m)×\(n)×\(k) \(transB) \(threads) threads")
                    }
                }
            }
        }
    }

    func testPrepackedFloat() { prepackedEqualsOrdinary(Float.self) }
    func testPrepackedDouble() { prepackedEqualsOrdinary(Double.self) }

    /// Every element reaches the epilogue exactly once, with its final value, and along
    /// each row the tiles come in increasing column order.
    func epilogueSeesEveryElementOnce<T: KernelScalar>(_: T.Type) {
        forEachKernelPath { path in
            var g = SeededGenerator(seed: 2)
            for (m, n, k) in [(1, 1, 1), (1, 70, 9), (70, 1, 9), (37, 45, 600), (200, 130, 50)] {
                let a = g.matrix(T.self, rows: m, columns: k), b = g.matrix(T.self, rows: k, columns: n)
                let plain = product(a, b)
                var visits = [Int](repeating: 0, count: m * n)
                var lastColumn = [Int](repeating: -1, count: m)
                var seen = Matrix<T>(rows: m, columns: n)
                visits.withUnsafeMutableBufferPointer { countBuffer in
                    lastColumn.withUnsafeMutableBufferPointer { lastBuffer in
                        seen.elements.withUnsafeMutableBufferPointer { valuesBuffer in
                            let count = countBuffer, last = lastBuffer, values = valuesBuffer
                            let epilogue = GEMMTileEpilogue<T> { tile in
                                for r in 0..<tile.height {
                                    let row = tile.row + r
                                    XCTAssertGreaterThan(tile.column, last[row])
                                    last[row] = tile.column
                                    for (j, value) in tile.values(ofRow: r).enumerated() {
                                        count[row * n + tile.column + j] += 1
                                        values[row * n + tile.column + j] = value
                                    }
                                }
                            }
                            _ = product(a, .none, b, .none, epilogue: epilogue)
                        }
                    }
                }
                XCTAssertEqual(visits, [Int](repeating: 1, count: m * n), "\(path) \(m)×\(n)×\(k)")
                XCTAssertEqual(seen, plain, "\(path) \(m)×\(n)×\(k)")
            }
        }
    }

    func testEpilogueFloat() { epilogueSeesEveryElementOnce(Float.self) }
    func testEpilogueDouble() { epilogueSeesEveryElementOnce(Double.self) }

    /// Products, Gram matrices and row sums fused in an epilogue are bit-identical for
    /// 1, 2, 3 and 4 threads.
    func threadsGiveIdenticalResults<T: KernelScalar>(_: T.Type) {
        forEachKernelPath { path in
            var g = SeededGenerator(seed: 3)
            for (m, n, k) in [(301, 257, 190), (64, 1000, 33), (1000, 24, 500), (25, 25, 25), (4200, 40, 30)] {
                let a = g.matrix(T.self, rows: m, columns: k), b = g.matrix(T.self, rows: n, columns: k)
                var results = [(Matrix<T>, Matrix<T>, [Double])]()
                for threads in 1...4 {
                    KernelThreads.count = threads
                    var sums = [Double](repeating: 0, count: m)
                    let c = sums.withUnsafeMutableBufferPointer { buffer in
                        let s = buffer
                        return product(a, .none, b, .transposed, epilogue: GEMMTileEpilogue { tile in
                            for r in 0..<tile.height {
                                for value in tile.values(ofRow: r) { s[tile.row + r] += Double(value) }
                            }
                        })
                    }
                    results.append((c, a.gram, sums))
                }
                for threads in 2...4 {
                    XCTAssertEqual(results[threads - 1].0, results[0].0, "\(path) \(T.self) \(m)×\(n)×\(k) product, \(threads) threads")
                    XCTAssertEqual(results[threads - 1].1, results[0].1, "\(path) \(T.self) gram, \(threads) threads")
                    XCTAssertEqual(results[threads - 1].2, results[0].2, "\(path) \(T.self) fused row sums, \(threads) threads")
                }
            }
        }
    }

    func testThreadsFloat() { threadsGiveIdenticalResults(Float.self) }
    func testThreadsDouble() { threadsGiveIdenticalResults(Double.self) }

    /// The safety net's epilogue (a pass over C after the BLAS product) gives what the
    /// fused one gives, to rounding: an activation applied in place and row sums of its
    /// values, on shapes with edge tiles, one and three threads.
    func safetyNetEpilogueMatchesFused<T: KernelScalar>(_: T.Type) {
        var g = SeededGenerator(seed: 6)
        for (m, n, k) in [(301, 257, 190), (64, 1000, 33), (1000, 24, 500), (7, 300, 80)] {
            let a = g.matrix(T.self, rows: m, columns: k), b = g.matrix(T.self, rows: n, columns: k)
            func run(_ path: GEMMKernelPath, threads: Int) -> (Matrix<T>, [Double]) {
                let saved = GEMMKernelChoice.current
                GEMMKernelChoice.current = .forced(path)
                KernelThreads.count = threads
                defer { GEMMKernelChoice.current = saved; KernelThreads.count = 1 }
                var sums = [Double](repeating: 0, count: m)
                let c = sums.withUnsafeMutableBufferPointer { buffer in
                    let s = buffer
                    return product(a, .none, b, .transposed, epilogue: GEMMTileEpilogue { tile in
                        for r in 0..<tile.height {
                            let row = tile.values(ofRow: r)
                            for j in row.indices {
                                row[j] = max(row[j], 0)
                                s[tile.row + r] += Double(row[j])
                            }
                        }
                    })
                }
                return (c, sums)
            }
            let (fused, fusedSums) = run(.bestTiles, threads: 1)
            for threads in [1, 3] {
                let (net, netSums) = run(.blas, threads: threads)
                // |x·y| ≤ k·max|x|·max|y|; entries are about N(0, 1) (|x| < 6): k ulps of 36 per term.
                let bound = Double(k) * 36 * Double(T.ulpOfOne) * 4
                for (x, y) in zip(net.elements, fused.elements) {
                    XCTAssertLessThanOrEqual(abs(Double(x) - Double(y)), bound, "\(T.self) \(m)×\(n)×\(k) \(threads) threads")
                }
                for (x, y) in zip(netSums, fusedSums) {
                    XCTAssertLessThanOrEqual(abs(x - y), bound * Double(n), "\(T.self) \(m)×\(n)×\(k) row sums, \(threads) threads")
                }
            }
        }
    }

    func testSafetyNetEpilogueFloat() { safetyNetEpilogueMatchesFused(Float.self) }
    func testSafetyNetEpilogueDouble() { safetyNetEpilogueMatchesFused(Double.self) }
}
