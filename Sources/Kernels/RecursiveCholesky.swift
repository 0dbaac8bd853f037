/// Recursive Cholesky A = UᵀU of a row-major symmetric matrix, upper triangle.
///
/// Split A = [A₁₁ A₁₂; · A₂₂] at half the order (rounded to `base`): factor A₁₁, turn
/// A₁₂ into U₁₂ = U₁₁⁻ᵀ·A₁₂ (a recursive triangular solve, itself GEMMs), update
/// A₂₂ −= U₁₂ᵀ·U₁₂ (upper triangle only, as `gram`), factor A₂₂. Diagonal blocks of at
/// most `base` go to LAPACK (`?potrf`), which also inverts them (`?trtri`) once, so the
/// triangular solves at the leaves are products with the stored inverses. Nearly every
/// flop is in GEMMs of depth ≥ `base`.
enum RecursiveCholesky {
    static let base = 48

    /// Factors the n × n matrix at `a` in place; returns LAPACK's `info` (0, or the order
    /// of the first leading minor that is not positive definite).
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    static func factor<T: KernelScalar>(_ a: UnsafeMutablePointer<T>, order n: Int) -> Int32 {
        let blocks = (n + base - 1) / base
        let inverses = UnsafeMutablePointer<T>.allocate(capacity: blocks * base * base)
        let scratch = UnsafeMutablePointer<T>.allocate(capacity: base * n)
        defer { inverses.deallocate(); scratch.deallocate() }
        let work = Work(a: a, ld: n, inverses: inverses, scratch: scratch)
        return work.factor(0, n)
    }

    /// x with UᵀU x = b, U the factor at `u`: forward substitution with Uᵀ (row k of U
    /// updates the rest of the right-hand side), then back substitution with U (row i of
    /// U dotted with x), both in Double. Each pass streams the triangle once; LAPACK's
    /// `?potrs` took 1.9 ms at 2048 for the same.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    static func substitute<T: KernelScalar>(_ u: UnsafePointer<T>, order n: Int, _ b: [T]) -> [T] {
        var x = b.map { Double($0) }
        x.withUnsafeMutableBufferPointer { xs in
            let x = xs.baseAddress!
            for k in 0..<n {
                let row = u + k * n
                let value = x[k] / Double(row[k])
                x[k] = value
                for i in (k + 1)..<n { x[i] -= Double(row[i]) * value }
            }
            for i in stride(from: n - 1, through: 0, by: -1) {
                let row = u + i * n
                let rest = doubleAccumulatedDot(row + i + 1, UnsafePointer(x + i + 1), count: n - i - 1)
                x[i] = (x[i] - rest) / Double(row[i])
            }
        }
        return x.map { T($0) }
    }

    private struct Work<T: KernelScalar> {
        let a: UnsafeMutablePointer<T>, ld: Int
        /// The inverse of the diagonal block starting at row s·base, at s·base².
        let inverses: UnsafeMutablePointer<T>
        /// base × n, the leaves' products.
        let scratch: UnsafeMutablePointer<T>

        func split(_ size: Int) -> Int { (size / 2 + base - 1) / base * base }

        /// Factors rows and columns start..<start+size (their trailing updates done).
        func factor(_ start: Int, _ size: Int) -> Int32 {
            if size <= base { return factorLeaf(start, size) }
            let first = split(size), second = size - first
            let info = factor(start, first)
            guard info == 0 else { return info }
            solve(start, first, column: start + first, count: second)
            let u12 = a + start * ld + start + first
            var update = GEMMOperands(
                m: second, n: second, k: first, alpha: -1,
                a: UnsafePointer(u12), aRowStride: 1, aColumnStride: ld,
                b: UnsafePointer(u12), bRowStride: ld, bColumnStride: 1,
                beta: 1, c: a + (start + first) * ld + start + first, ldc: ld)
            update.upperTriangleOnly = true
            runGEMM(update, epilogue: nil)
            return factor(start + first, second)
        }

        /// LAPACK on one diagonal block (row-major upper = column-major lower), and its
        /// inverse into `inverses`.
        func factorLeaf(_ start: Int, _ size: Int) -> Int32 {
            let diagonal = a + start * ld + start
            let info = T.lapackCholeskyFactorLower(order: Int32(size), matrix: diagonal, leadingDimension: Int32(ld))
            guard info == 0 else { return info + Int32(start) }
            let inverse = inverses + start * base
            for i in 0..<size {
                for j in 0..<size { inverse[i * size + j] = j >= i ? diagonal[i * ld + j] : 0 }
            }
            return T.lapackTriangularInverseLower(order: Int32(size), matrix: inverse, leadingDimension: Int32(size))
        }

        /// Rows start..<start+size, columns column..<column+count ← U⁻ᵀ times themselves,
        /// U the factored diagonal block at start.
        func solve(_ start: Int, _ size: Int, column: Int, count: Int) {
            let rows = a + start * ld + column
            if size <= base {
                runGEMM(GEMMOperands(
                    m: size, n: count, k: size, alpha: 1,
                    a: UnsafePointer(inverses + start * base), aRowStride: 1, aColumnStride: size,
                    b: UnsafePointer(rows), bRowStride: ld, bColumnStride: 1,
                    beta: 0, c: scratch, ldc: count), epilogue: nil)
                for i in 0..<size { (rows + i * ld).update(from: scratch + i * count, count: count) }
                return
            }
            let first = split(size), second = size - first
            solve(start, first, column: column, count: count)
            runGEMM(GEMMOperands(
                m: second, n: count, k: first, alpha: -1,
                a: UnsafePointer(a + start * ld + start + first), aRowStride: 1, aColumnStride: ld,
                b: UnsafePointer(rows), bRowStride: ld, bColumnStride: 1,
                beta: 1, c: rows + first * ld, ldc: ld), epilogue: nil)
            solve(start + first, second, column: column, count: count)
        }
    }
}
