import XCTest
@testable import Kernels

/// The largest eigenvalues by bisection against LAPACK's `syevr` (`symmetricTopEigen`),
/// within 1e-12·‖T‖, on the matrices the Krylov checks meet and on hard cases: repeated
/// and clustered eigenvalues, a diagonal matrix, orders 1 and 2, more values asked than
/// exist.
final class SymmetricTridiagonalTests: XCTestCase {
    func assertTopValuesMatchLAPACK(_ m: Matrix<Double>, count: Int, file: StaticString = #filePath, line: UInt = #line) throws {
        let expected = try m.symmetricTopEigen(count: count).values
        let got = try TridiagonalReduction(m).tridiagonal.largestEigenvalues(count: count)
        XCTAssertEqual(got.count, expected.count, file: file, line: line)
        let scale = max(expected.map(abs).max() ?? 0, 1e-300)
        for (g, e) in zip(got, expected) {
            XCTAssertEqual(g, e, accuracy: 1e-12 * scale, "order \(m.rows)", file: file, line: line)
        }
    }

    func testRandomDenseMatrices() throws {
        for n in [1, 2, 3, 7, 48, 144, 288] {
            let m = symmetric(n, seed: UInt64(n)) { _, _, g in Double.random(in: -1..<1, using: &g) }
            try assertTopValuesMatchLAPACK(m, count: min(16, n))
        }
    }

    func testProjectedMatricesLikeKrylovs() throws {
        // Block tridiagonal (bandwidth 24) with rounding-level fill, spikes on top.
        let n = 288
        let m = symmetric(n, seed: 7) { i, j, g in
            let base = Double.random(in: -1..<1, using: &g) * (j - i <= 24 ? 1 : 1e-7)
            return i == j ? base + (i < 3 ? 1000 : 10) : base
        }
        try assertTopValuesMatchLAPACK(m, count: 16)
    }

    func testRepeatedAndClusteredEigenvalues() throws {
        // Diagonal: the off-diagonal is zero, eigenvalues repeat.
        let diagonal = symmetric(40, seed: 1) { i, j, _ in i == j ? Double(i % 5) : 0 }
        try assertTopValuesMatchLAPACK(diagonal, count: 20)
        // A rank-one matrix: one eigenvalue, the rest zero.
        let v = (0..<30).map { Double($0 + 1) / 30 }
        let rankOne = symmetric(30, seed: 2) { i, j, _ in v[i] * v[j] }
        try assertTopValuesMatchLAPACK(rankOne, count: 16)
        // Clustered: the identity plus a perturbation of 1e-10.
        let cluster = symmetric(64, seed: 3) { i, j, g in (i == j ? 1 : 0) + 1e-10 * Double.random(in: -1..<1, using: &g) }
        try assertTopValuesMatchLAPACK(cluster, count: 16)
    }

    func testAskingForMoreThanTheOrderGivesEveryValue() throws {
        let m = symmetric(5, seed: 4) { _, _, g in Double.random(in: -1..<1, using: &g) }
        try assertTopValuesMatchLAPACK(m, count: 5)
        XCTAssertEqual(try TridiagonalReduction(m).tridiagonal.largestEigenvalues(count: 9).count, 5)
    }
}
