import XCTest
@testable import Kernels

/// `Matrix.choleskySolveOverwriting` (`RecursiveCholesky`): the factor, the solution, the
/// error for a matrix that is not positive definite, and bit-identical results on any
/// number of threads.
final class RecursiveCholeskyTests: XCTestCase {
    override func tearDown() { KernelThreads.count = 1 }

    /// A ridge system like the readout's: FᵀF + m·λ·I for random features F.
    func ridgeSystem<T: KernelScalar>(_: T.Type, order n: Int, seed: UInt64) -> Matrix<T> {
        var g = SeededGenerator(seed: seed)
        let samples = max(n, 8)
        var system = g.matrix(T.self, rows: samples, columns: n).gram
        for j in 0..<n { system.elements[j * n + j] += T(Double(samples) * 0.1) }
        return system
    }

    /// Orders below, at and across the 48-row leaves and the recursive splits: UᵀU equals
    /// A and A·x equals b to a few ulps of their scale (ε·n·‖A‖).
    func solvesAndFactors<T: KernelScalar>(_: T.Type) throws {
        let epsilon = Double(T.ulpOfOne)
        for n in [1, 2, 5, 47, 48, 49, 96, 97, 143, 200, 301] {
            let a = ridgeSystem(T.self, order: n, seed: UInt64(n))
            let b = (0..<n).map { T(Double($0 % 7) - 3) }
            var factored = a
            let x = try factored.choleskySolveOverwriting(b)
            let scale = a.elements.map { abs(Double($0)) }.max()!

            var worstFactor = 0.0
            for i in 0..<n {
                for j in i..<n {
                    var sum = 0.0
                    for p in 0...i { sum += Double(factored.elements[p * n + i]) * Double(factored.elements[p * n + j]) }
                    worstFactor = max(worstFactor, abs(sum - Double(a.elements[i * n + j])))
                }
            }
            XCTAssertLessThan(worstFactor, 4 * epsilon * Double(n) * scale, "\(T.self) n = \(n): UᵀU − A")

            var worstResidual = 0.0
            let xNorm = x.map { abs(Double($0)) }.max()!
            for i in 0..<n {
                var sum = 0.0
                for j in 0..<n { sum += Double(a.elements[i * n + j]) * Double(x[j]) }
                worstResidual = max(worstResidual, abs(sum - Double(b[i])))
            }
            XCTAssertLessThan(worstResidual, 4 * epsilon * Double(n) * scale * xNorm, "\(T.self) n = \(n): A·x − b")
        }
    }

    func testSolvesAndFactorsFloat() throws { try solvesAndFactors(Float.self) }
    func testSolvesAndFactorsDouble() throws { try solvesAndFactors(Double.self) }

    /// The error names the first leading minor that is not positive definite, also when
    /// it lies in a later leaf than the first.
    func testNotPositiveDefiniteNamesTheMinor() {
        for bad in [0, 30, 100, 250] {
            var a = Matrix<Double>(rows: 300, columns: 300) { i, j in i == j ? 2 : 0 }
            a.elements[bad * 300 + bad] = -1
            XCTAssertThrowsError(try a.choleskySolveOverwriting([Double](repeating: 1, count: 300))) { error in
                XCTAssertEqual((error as? LinearAlgebraError)?.info, Int32(bad + 1), "minus one at \(bad)")
            }
        }
    }

    /// Threads split the GEMMs' rows only, so the factor and solution are the same bits.
    func testThreadsGiveIdenticalBits() throws {
        let a = ridgeSystem(Float.self, order: 700, seed: 9)
        let b = (0..<700).map { Float($0 % 5) - 2 }
        var results = [[Float]]()
        for threads in [1, 3] {
            KernelThreads.count = threads
            var factored = a
            results.append(try factored.choleskySolveOverwriting(b) + factored.elements)
        }
        XCTAssertEqual(results[0], results[1])
    }
}
