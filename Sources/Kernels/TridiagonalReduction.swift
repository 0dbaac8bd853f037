import CLAPACK

/// A dense symmetric matrix A reduced to tridiagonal form, A = Q·T·Qᵀ (LAPACK `dsytrd`),
/// keeping Q as its Householder reflectors: the largest eigenvalues come from T by
/// bisection (`SymmetricTridiagonal`), and their eigenvectors from T's by inverse
/// iteration (`dstein`) mapped back through Q (`dormtr`), so A is reduced once for both.
///
/// The block Krylov solver's last convergence check needs both; `syevr` on the same
/// projected matrix reduced it again: 4–6 ms per spectrum at order 288–336.
struct TridiagonalReduction {
    let order: Int
    let tridiagonal: SymmetricTridiagonal
    /// `dsytrd`'s output: the reflectors' vectors in the upper triangle (column-major).
    private let reflectors: [Double]
    /// The reflectors' scale factors τ.
    private let scales: [Double]

    init(_ matrix: Matrix<Double>) throws {
        precondition(matrix.rows == matrix.columns)
        let n = matrix.rows
        BLASThreads.useOneThread()
        var work = matrix.elements
        var d = [Double](repeating: 0, count: n)
        var e = [Double](repeating: 0, count: Swift.max(n, 1))
        var tau = [Double](repeating: 0, count: Swift.max(n, 1))
        let info = LAPACKE_dsytrd(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "U")), Int32(n), &work, Int32(Swift.max(n, 1)), &d, &e, &tau)
        guard info == 0 else {
            throw LinearAlgebraError(routine: "dsytrd", info: info, explanation: "the tridiagonal reduction failed (is the matrix finite?)")
        }
        order = n
        tridiagonal = SymmetricTridiagonal(diagonal: d, offDiagonal: Array(e.prefix(Swift.max(n - 1, 0))))
        reflectors = work
        scales = tau
    }

    /// The `count` largest eigenvalues of A (descending, as `largestEigenvalues`) and
    /// their unit eigenvectors as rows (count × order).
    func largestEigenpairs(count: Int) throws -> (values: [Double], vectors: Matrix<Double>) {
        let values = tridiagonal.largestEigenvalues(count: count)
        return (values, try eigenvectors(forLargest: values))
    }

    /// Unit eigenvectors of A as rows, for `values`: its largest eigenvalues in
    /// descending order, as `tridiagonal.largestEigenvalues` gave them.
    func eigenvectors(forLargest values: [Double]) throws -> Matrix<Double> {
        let n = order, k = values.count
        guard k > 0 else { return Matrix(rows: 0, columns: n) }
        // dstein wants the values ascending within one block (T is not split here).
        let ascending = Array(values.reversed())
        let blockOfValue = [Int32](repeating: 1, count: k)
        var blockEnds = [Int32](repeating: 0, count: n)
        blockEnds[0] = Int32(n)
        let offDiagonal = tridiagonal.offDiagonal + [0]
        var z = [Double](repeating: 0, count: n * k)          // column-major n × k
        var failed = [Int32](repeating: 0, count: k)
        var work = [Double](repeating: 0, count: 5 * n)
        var integerWork = [Int32](repeating: 0, count: n)
        // The `_work` entry: LAPACKE's wrapper scans n values of the k-value input for NaN.
        var info = LAPACKE_dstein_work(LAPACK_COL_MAJOR, Int32(n), tridiagonal.diagonal, offDiagonal, Int32(k), ascending,
                                       blockOfValue, blockEnds, &z, Int32(n), &work, &integerWork, &failed)
        guard info == 0 else {
            throw LinearAlgebraError(routine: "dstein", info: info, explanation: "inverse iteration did not converge for \(info) eigenvectors")
        }
        info = LAPACKE_dormtr(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "L")), CChar(UInt8(ascii: "U")), CChar(UInt8(ascii: "N")),
                              Int32(n), Int32(k), reflectors, Int32(n), scales, &z, Int32(n))
        guard info == 0 else {
            throw LinearAlgebraError(routine: "dormtr", info: info, explanation: "invalid argument \(-info)")
        }
        return Matrix(descendingRowsOf: z, ascendingColumns: k)
    }
}
