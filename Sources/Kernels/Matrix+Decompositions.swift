import CLAPACK

extension Matrix {
    /// The `count` largest eigenvalues of this symmetric matrix, in descending order,
    /// and their unit eigenvectors as the rows of a `count × rows` matrix.
    public func symmetricTopEigen(count: Int) throws -> (values: [Scalar], vectors: Matrix<Scalar>) {
        precondition(rows == columns, "symmetric eigenproblem of a \(rows)×\(columns) matrix")
        let n = rows
        let k = Swift.min(count, n)
        guard k > 0 else { return ([], Matrix(rows: 0, columns: n)) }
        BLASThreads.useOneThread()
        var work = elements
        var values = [Scalar](repeating: 0, count: n)
        var vectors = [Scalar](repeating: 0, count: n * k)
        var support = [Int32](repeating: 0, count: 2 * k)
        let info = work.withUnsafeMutableBufferPointer { a in
            values.withUnsafeMutableBufferPointer { w in
                vectors.withUnsafeMutableBufferPointer { z in
                    support.withUnsafeMutableBufferPointer { s in
                        Scalar.lapackSymmetricEigen(order: Int32(n), matrix: a.baseAddress!, lowest: Int32(n - k + 1), highest: Int32(n),
                                                    values: w.baseAddress!, vectors: z.baseAddress!, support: s.baseAddress!)
                    }
                }
            }
        }
        guard info == 0 else {
            throw LinearAlgebraError(routine: "syevr", info: info, explanation: "the eigenvalue iteration did not converge (is the matrix finite?)")
        }
        return (Array(values.prefix(k).reversed()), Matrix(descendingRowsOf: vectors, ascendingColumns: k))
    }

    /// Eigenvectors as LAPACK returns them (column-major, `count` columns of `columns`
    /// values each, for ascending eigenvalues) as the rows of a `count × columns` matrix,
    /// the largest eigenvalue's first.
    init(descendingRowsOf columnMajor: [Scalar], ascendingColumns count: Int) {
        let n = columnMajor.count / Swift.max(count, 1)
        self.init(rows: count, columns: n)
        for row in 0..<count {
            let column = count - 1 - row
            for i in 0..<n { elements[row * n + i] = columnMajor[column * n + i] }
        }
    }

    /// Solves `self · x = b` for a symmetric positive definite matrix by Cholesky, without
    /// a copy of the matrix: its storage receives the factor U of A = UᵀU in its upper
    /// triangle, the lower triangle is left undefined (`RecursiveCholesky`: GEMMs for nearly
    /// every flop, LAPACK for 48 × 48 diagonal blocks; at 2048 in float32 24 ms where
    /// LAPACK's `?posv` took 35-43 ms).
    public mutating func choleskySolveOverwriting(_ b: [Scalar]) throws -> [Scalar] {
        precondition(rows == columns && b.count == rows)
        BLASThreads.useOneThread()
        let n = rows
        guard n > 0 else { return b }
        let info = elements.withUnsafeMutableBufferPointer { RecursiveCholesky.factor($0.baseAddress!, order: n) }
        guard info == 0 else {
            throw LinearAlgebraError(routine: "potrf", info: info, explanation: info > 0
                ? "the matrix is not positive definite (increase lambda)" : "invalid argument \(-info)")
        }
        return elements.withUnsafeBufferPointer { RecursiveCholesky.substitute($0.baseAddress!, order: n, b) }
    }

    /// Every singular value, in descending order (full LAPACK SVD without vectors).
    public func singularValues() throws -> [Scalar] {
        BLASThreads.useOneThread()
        var columnMajor = transposed.elements
        var values = [Scalar](repeating: 0, count: Swift.min(rows, columns))
        let info = columnMajor.withUnsafeMutableBufferPointer { a in
            values.withUnsafeMutableBufferPointer { s in
                Scalar.lapackSingularValues(rows: Int32(rows), columns: Int32(columns), matrix: a.baseAddress!, values: s.baseAddress!)
            }
        }
        guard info == 0 else {
            throw LinearAlgebraError(routine: "gesdd", info: info, explanation: "the SVD did not converge (is the matrix finite?)")
        }
        return values
    }
}
