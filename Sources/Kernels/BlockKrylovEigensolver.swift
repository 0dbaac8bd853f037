/// The largest eigenvalues and eigenvectors of a symmetric positive semidefinite operator
/// by randomized block Krylov iteration (block Lanczos with full reorthogonalisation):
/// the operator is only applied to blocks of vectors, through the fast GEMM, and LAPACK
/// solves only the small projected (Rayleigh–Ritz) problem.
///
/// Algorithm: a random block Q₀ of `blockSize` = count + 8 orthonormal vectors; block i + 1
/// is A·Qᵢ orthogonalised against every earlier vector (classical Gram–Schmidt twice, then
/// modified Gram–Schmidt within the block). After every second block the top `count`
/// eigenvalues of the projected matrix T = QᵀAQ are computed (values only, by
/// `SymmetricTridiagonal`'s bisection; the Ritz vectors once, at the end, from the same
/// reduction: `TridiagonalReduction`). These Ritz
/// values increase monotonically towards the eigenvalues, and the iteration stops when
/// none of the top `count` moved by more than `tolerance` (relative) since the previous
/// check.
///
/// Accuracy: with the default tolerance the top 16 singular values (square roots of the
/// eigenvalues) of a 2048 Marchenko–Pastur bulk agree with LAPACK's to 1e-5 relative
/// (12 blocks), 2e-6 with two spikes; a tolerance of 1e-4 buys 1e-7 for two more blocks.
/// With spikes a thousand times the bulk's eigenvalue, both solvers' float32 rounding
/// (about ε·λ₁) limits the agreement of the bulk values to 5e-5. `BlockKrylovTests`
/// asserts 1e-4, the accuracy the metrics need. Convergence is gap-dependent: for values inside
/// a dense bulk it takes more blocks. When the basis would exceed `maximumBasis` without
/// converging, the result says so (`converged == false`) and callers holding the matrix
/// fall back to LAPACK.
public struct BlockKrylovEigensolver<Scalar: KernelScalar> {
    public let order: Int
    public let count: Int
    public var blockSize: Int
    public var tolerance: Double
    public var maximumBasis: Int

    /// Solves for the top `count` eigenpairs of an operator of size `order`. The default
    /// tolerance is 1e-3 in Float (the movement over two blocks overstates the remaining
    /// error about a hundredfold: at 2048 the singular values then agree with LAPACK to
    /// 1e-5) and 1e-8 in Double.
    public init(order: Int, count: Int, tolerance: Double? = nil) {
        precondition(count >= 1 && count <= order)
        self.order = order
        self.count = count
        self.blockSize = Swift.min(order, count + 8)
        self.tolerance = tolerance ?? (Scalar.self == Float.self ? 1e-3 : 1e-8)
        self.maximumBasis = Swift.min(order, 40 * blockSize)
    }

    /// The result: eigenvalues in descending order, eigenvectors as rows (count × order).
    public struct Result {
        public var values: [Double]
        public var vectors: Matrix<Scalar>
        public var converged: Bool
        /// Operator applications (blocks).
        public var blocks: Int
    }

    /// `apply(V)` must return the operator applied to every row of V (b × order → b × order),
    /// e.g. `product(v, g)` for a symmetric matrix G, or `product(product(v, .none, s, .transposed), s)`
    /// for SᵀS.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func solve(_ apply: (Matrix<Scalar>) -> Matrix<Scalar>) throws -> Result {
        let n = order, b = blockSize
        var random = SeededGenerator(seed: 0x6B72_796C_6F76 ^ UInt64(n))
        var basis = Matrix<Scalar>(rows: 0, columns: n)          // s × n, orthonormal rows
        var projected = [Double]()                               // T = basis·A·basisᵀ, s × s
        var previous: [Double]? = nil
        var blocks = 0

        var next = randomBlock(rows: b, using: &random)
        orthonormalise(&next, against: basis, overlaps: nil, using: &random)
        while true {
            let image = apply(next)
            blocks += 1
            let oldSize = basis.rows
            basis.elements += next.elements; basis.rows += next.rows
            // (A·Q_new)·Qᵀ: the new block column of T, and the first Gram–Schmidt pass's
            // overlaps when the image becomes the next block.
            let overlaps = product(image, .none, basis, .transposed)   // b × s
            projected = extendProjection(projected, size: oldSize, newColumns: overlaps)

            let size = basis.rows
            let full = size + b > maximumBasis || size >= n
            if blocks % 2 == 0 || full {
                // Values only for the test; the vectors once, on return, from the same reduction.
                let reduction = try TridiagonalReduction(Matrix<Double>(rows: size, columns: size, elements: projected))
                let values = reduction.tridiagonal.largestEigenvalues(count: count)
                let converged = previous.map { old in
                    zip(values, old).allSatisfy { abs($0 - $1) <= tolerance * Swift.max(abs($0), .leastNormalMagnitude) }
                } ?? false
                if converged || full {
                    let (values, ritz) = try ritzPairs(values, reduction, projected, size: size)
                    return Result(values: values, vectors: product(ritz, basis), converged: converged || size >= n, blocks: blocks)
                }
                previous = values
            }
            next = image
            orthonormalise(&next, against: basis, overlaps: overlaps, using: &random)
        }
    }

    /// Rows uniform in [−1, 1].
    private func randomBlock(rows: Int, using random: inout SeededGenerator) -> Matrix<Scalar> {
        var block = Matrix<Scalar>(rows: rows, columns: order)
        for i in block.elements.indices {
            block.elements[i] = Scalar(Double(random.next() >> 11) * 0x1.0p-52 - 1)
        }
        return block
    }

    /// Makes the rows of `block` orthonormal and orthogonal to `basis`; rows that are
    /// (numerically) in the span already are replaced by fresh random directions.
    /// `overlaps`, if given, is block·basisᵀ already computed (the first pass's product).
    private func orthonormalise(_ block: inout Matrix<Scalar>, against basis: Matrix<Scalar>, overlaps known: Matrix<Scalar>?, using random: inout SeededGenerator) {
        let n = order
        let lost = Scalar.self == Float.self ? 1e-3 : 1e-9
        var attempts = 0
        var known = known
        while true {
            for _ in 0..<2 where basis.rows > 0 {
                let overlaps = known ?? product(block, .none, basis, .transposed)      // b × s
                known = nil
                gemm(overlaps, .none, basis, .none, into: &block, alpha: -1, beta: 1)
            }
            var deficient = [Int]()
            block.elements.withUnsafeMutableBufferPointer { v in
                for r in 0..<block.rows {
                    let row = v.baseAddress! + r * n
                    let before = doubleAccumulatedDot(row, row, count: n).squareRoot()
                    for _ in 0..<2 {
                        for q in 0..<r {
                            let other = v.baseAddress! + q * n
                            let c = Scalar(doubleAccumulatedDot(row, other, count: n))
                            for i in 0..<n { row[i] -= c * other[i] }
                        }
                    }
                    let norm = doubleAccumulatedDot(row, row, count: n).squareRoot()
                    if norm <= lost * before || norm == 0 {
                        deficient.append(r)
                        continue
                    }
                    let scale = Scalar(1 / norm)
                    for i in 0..<n { row[i] *= scale }
                }
            }
            if deficient.isEmpty || basis.rows + block.rows >= n || attempts == 3 { return }
            attempts += 1
            for r in deficient {
                let fresh = randomBlock(rows: 1, using: &random)
                block.elements.replaceSubrange((r * n)..<((r + 1) * n), with: fresh.elements)
            }
        }
    }

    /// Adds the new block column (and its mirror row) to the projected matrix T = QᵀAQ:
    /// `newColumns` (added × size) holds (A·Q_new)·Qᵀ.
    private func extendProjection(_ old: [Double], size oldSize: Int, newColumns: Matrix<Scalar>) -> [Double] {
        let size = newColumns.columns, added = newColumns.rows
        var t = [Double](repeating: 0, count: size * size)
        for i in 0..<oldSize { for j in 0..<oldSize { t[i * size + j] = old[i * oldSize + j] } }
        for j in 0..<added {
            for i in 0..<size {
                let value = Double(newColumns.elements[j * size + i])
                t[i * size + oldSize + j] = value
                if i < oldSize { t[(oldSize + j) * size + i] = value }
            }
        }
        // The new diagonal block is symmetric up to rounding: average its two halves.
        for i in oldSize..<size {
            for j in (i + 1)..<size {
                let mean = (t[i * size + j] + t[j * size + i]) / 2
                t[i * size + j] = mean
                t[j * size + i] = mean
            }
        }
        return t
    }

    /// Top `count` eigenpairs of the projected matrix T (in Double): the check's `values`
    /// and the coefficient rows of the Ritz vectors, from the check's reduction of T, or
    /// both from LAPACK's `syevr` on T should inverse iteration fail.
    private func ritzPairs(_ values: [Double], _ reduction: TridiagonalReduction, _ t: [Double], size: Int) throws -> ([Double], Matrix<Scalar>) {
        let pairs: (values: [Double], vectors: Matrix<Double>)
        do {
            pairs = (values, try reduction.eigenvectors(forLargest: values))
        } catch {
            pairs = try Matrix<Double>(rows: size, columns: size, elements: t).symmetricTopEigen(count: values.count)
        }
        return (pairs.values, Matrix(rows: pairs.vectors.rows, columns: size, elements: pairs.vectors.elements.map { Scalar($0) }))
    }
}

extension Matrix {
    /// The `count` largest eigenvalues (descending) of this symmetric positive
    /// semidefinite matrix and their eigenvectors as rows, by `BlockKrylovEigensolver`,
    /// or by LAPACK's `syevr` for small matrices or when the iteration does not converge.
    public func topEigenKrylov(count: Int) throws -> (values: [Double], vectors: Matrix<Scalar>) {
        precondition(rows == columns)
        return try Matrix.krylovOrLAPACK(order: rows, count: Swift.min(count, rows), lapack: { self }) {
            let packed = PackedRightOperand(self)   // the same B for every block: pack it once
            return { product($0, .none, packed) }
        }
    }

    /// The `count` largest singular values (descending) of this matrix and its right
    /// singular vectors as rows (count × columns), from the top eigenpairs of AᵀA applied
    /// as two products (AᵀA is formed only for LAPACK's fallback).
    public func topRightSingular(count: Int) throws -> (values: [Double], vectors: Matrix<Scalar>) {
        let k = Swift.min(count, rows, columns)
        let (values, vectors) = try Matrix.krylovOrLAPACK(order: columns, count: k, lapack: { gram }) {
            // Both factors are reused by every block: pack them once.
            let transposed = PackedRightOperand(self, .transposed), plain = PackedRightOperand(self)
            return { block in product(product(block, .none, transposed), .none, plain) }
        }
        return (values.map { Swift.max($0, 0).squareRoot() }, vectors)
    }

    /// Top eigenpairs of a PSD operator of size `order`: by the Krylov solver on the
    /// operator `makeOperator` builds, or by LAPACK on the matrix `lapack` gives when the
    /// order is small (at most 32 blocks) or the iteration did not converge. The Krylov
    /// basis needs about 12 blocks whatever the order, and its Rayleigh–Ritz problems grow
    /// with the basis, so LAPACK's whole eigensolver is the faster one up to some
    /// hundreds: a 512 giant-step task took 0.054 s with Krylov and 0.043 s with LAPACK,
    /// a 1024 task 0.21 s with Krylov and 0.24 s with LAPACK.
    private static func krylovOrLAPACK(
        order: Int, count: Int, lapack: () -> Matrix, makeOperator: () -> (Matrix) -> Matrix
    ) throws -> (values: [Double], vectors: Matrix) {
        let solver = BlockKrylovEigensolver<Scalar>(order: order, count: count)
        if order > 32 * solver.blockSize {
            let result = try solver.solve(makeOperator())
            if result.converged { return (result.values, result.vectors) }
        }
        let (values, vectors) = try lapack().symmetricTopEigen(count: count)
        return (values.map { Double($0) }, vectors)
    }
}
