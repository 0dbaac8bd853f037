import XCTest
@testable import Kernels

/// The top-k spectra against LAPACK's full eigensolver: relative error ≤ 1e-4 on every
/// one of the top k values (the accuracy the metrics need), on spectra like the
/// protocols' (a Marchenko–Pastur bulk with spikes), in both precisions.
final class BlockKrylovTests: XCTestCase {
    func topEigenMatchesLAPACK<T: KernelScalar>(_: T.Type, width: Int, spikes: Int, count: Int) throws {
        let f = spikedFeatures(T.self, samples: width, width: width, dimension: width / 2, spikes: spikes, seed: UInt64(width + spikes))
        let g = f.gram
        let exact = try g.symmetricTopEigen(count: count)
        let solver = BlockKrylovEigensolver<T>(order: width, count: count)
        let krylov = try solver.solve { product($0, g) }
        XCTAssertTrue(krylov.converged, "\(T.self) width \(width)")
        for i in 0..<count {
            let reference = Double(exact.values[i]).squareRoot()
            XCTAssertEqual(krylov.values[i].squareRoot(), reference, accuracy: 1e-4 * reference, "\(T.self) width \(width) value \(i)")
        }
        // Eigenvectors of the well-separated top value: |cos| with LAPACK's ≈ 1.
        let n = width
        var cosine = 0.0
        for c in 0..<n { cosine += Double(krylov.vectors.elements[c]) * Double(exact.vectors.elements[c]) }
        XCTAssertEqual(abs(cosine), 1, accuracy: 1e-4, "\(T.self) top eigenvector")
    }

    func testTopEigenOfSpikedBulkFloat() throws {
        try topEigenMatchesLAPACK(Float.self, width: 768, spikes: 3, count: 16)
        try topEigenMatchesLAPACK(Float.self, width: 1024, spikes: 0, count: 16)
    }

    func testTopEigenOfSpikedBulkDouble() throws {
        try topEigenMatchesLAPACK(Double.self, width: 768, spikes: 2, count: 16)
        try topEigenMatchesLAPACK(Double.self, width: 640, spikes: 0, count: 24)
    }

    /// Rank-deficient operators (fewer samples than features): the zero eigenvalues
    /// beyond the rank do not break the iteration.
    func testRankDeficientGram() throws {
        let f = spikedFeatures(Double.self, samples: 12, width: 600, dimension: 50, spikes: 1, seed: 7)
        let g = f.gram
        // The solver itself: `topEigenKrylov` hands an order this small to LAPACK.
        let krylov = try BlockKrylovEigensolver<Double>(order: 600, count: 16).solve { product($0, g) }
        let exact = try g.symmetricTopEigen(count: 16)
        for i in 0..<16 { XCTAssertEqual(krylov.values[i], exact.values[i], accuracy: 1e-8 * exact.values[0], "value \(i)") }
    }

    /// Right singular vectors of a rectangular matrix without forming AᵀA.
    func testTopRightSingularOfRectangular() throws {
        let a = spikedFeatures(Float.self, samples: 900, width: 700, dimension: 300, spikes: 2, seed: 11)
        let top = try a.topRightSingular(count: 4)
        let exact = try Matrix<Double>(rows: a.rows, columns: a.columns, elements: a.elements.map(Double.init)).singularValues()
        for i in 0..<4 { XCTAssertEqual(top.values[i], exact[i], accuracy: 1e-4 * exact[i], "singular value \(i)") }
        // A·v₁ has norm σ₁.
        let v = Matrix<Float>(rows: a.columns, columns: 1, elements: Array(top.vectors.elements[0..<a.columns]))
        let av = product(a, v).elements.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
        XCTAssertEqual(av, exact[0], accuracy: 1e-4 * exact[0])
    }

    /// Same matrix, same result: the start block has a fixed seed.
    func testDeterministic() throws {
        let g = spikedFeatures(Float.self, samples: 500, width: 500, dimension: 200, spikes: 1, seed: 3).gram
        let solver = BlockKrylovEigensolver<Float>(order: 500, count: 8)
        let a = try solver.solve { product($0, g) }, b = try solver.solve { product($0, g) }
        XCTAssertEqual(a.values, b.values)
        XCTAssertEqual(a.vectors, b.vectors)
    }
}
