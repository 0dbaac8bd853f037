import XCTest
@testable import Kernels

/// Eigenpairs from one tridiagonal reduction (bisection, inverse iteration, reflectors)
/// against LAPACK's `syevr` (`symmetricTopEigen`): the same values within 1e-12·‖A‖,
/// vectors with residuals ‖A·v − λ·v‖ and orthonormality within 1e-10·‖A‖, and, where
/// the eigenvalues are apart, the same vectors up to sign.
final class TridiagonalReductionTests: XCTestCase {
    func assertEigenpairsMatchLAPACK(_ a: Matrix<Double>, count: Int, distinct: Bool, file: StaticString = #filePath, line: UInt = #line) throws {
        let n = a.rows
        let expected = try a.symmetricTopEigen(count: count)
        let got = try TridiagonalReduction(a).largestEigenpairs(count: count)
        XCTAssertEqual(got.values.count, expected.values.count, file: file, line: line)
        XCTAssertEqual(got.vectors.rows, expected.values.count, file: file, line: line)
        let scale = max(a.elements.map(abs).max() ?? 0, 1e-300) * Double(n)
        for (i, (g, e)) in zip(got.values, expected.values).enumerated() {
            XCTAssertEqual(g, e, accuracy: 1e-12 * scale, "order \(n), value \(i)", file: file, line: line)
        }
        let v = got.vectors.elements
        for i in 0..<got.vectors.rows {
            let row = Array(v[(i * n)..<((i + 1) * n)])
            var residual = 0.0
            for r in 0..<n {
                var sum = 0.0
                for c in 0..<n { sum += a.elements[r * n + c] * row[c] }
                residual = max(residual, abs(sum - got.values[i] * row[r]))
            }
            XCTAssertLessThan(residual, 1e-10 * scale, "order \(n), vector \(i): A·v − λ·v", file: file, line: line)
            for j in 0...i {
                var dot = 0.0
                for c in 0..<n { dot += row[c] * v[j * n + c] }
                XCTAssertEqual(dot, i == j ? 1 : 0, accuracy: 1e-10, "order \(n), vectors \(i)·\(j)", file: file, line: line)
            }
            if distinct {
                var dot = 0.0
                for c in 0..<n { dot += row[c] * expected.vectors.elements[i * n + c] }
                XCTAssertEqual(abs(dot), 1, accuracy: 1e-8, "order \(n), vector \(i) against syevr's", file: file, line: line)
            }
        }
    }

    func testRandomDenseMatrices() throws {
        for n in [1, 2, 3, 7, 48, 144, 288] {
            let m = symmetric(n, seed: UInt64(n)) { _, _, g in Double.random(in: -1..<1, using: &g) }
            try assertEigenpairsMatchLAPACK(m, count: min(16, n), distinct: true)
        }
    }

    func testProjectedMatricesLikeKrylovs() throws {
        // Block tridiagonal (bandwidth 24) with rounding-level fill, three spikes on top.
        let m = symmetric(288, seed: 7) { i, j, g in
            let base = Double.random(in: -1..<1, using: &g) * (j - i <= 24 ? 1 : 1e-7)
            return i == j ? base + (i < 3 ? 1000 + 10 * Double(i) : 10) : base
        }
        try assertEigenpairsMatchLAPACK(m, count: 16, distinct: false)
    }

    func testRepeatedAndClusteredEigenvalues() throws {
        // Diagonal: the off-diagonal is zero and eigenvalues repeat: any orthonormal basis
        // of each eigenspace is right, so only residuals and orthonormality are checked.
        let diagonal = symmetric(40, seed: 1) { i, j, _ in i == j ? Double(i % 5) : 0 }
        try assertEigenpairsMatchLAPACK(diagonal, count: 12, distinct: false)
        let cluster = symmetric(64, seed: 3) { i, j, g in (i == j ? 1 : 0) + 1e-10 * Double.random(in: -1..<1, using: &g) }
        try assertEigenpairsMatchLAPACK(cluster, count: 16, distinct: false)
    }
}
