import CLAPACK

/// Element types with LAPACK routines (single- or double-precision), so generic
/// numerical code calls one name and LAPACK's `s`/`d` routine runs.
///
/// Matrices are passed as symmetric, so row- and column-major agree.
public protocol LAPACKScalar: BinaryFloatingPoint, Sendable {
    /// `?syevr` for the eigenvalues `il...iu` (1-based, ascending) and their vectors.
    static func lapackSymmetricEigen(
        order n: Int32, matrix: UnsafeMutablePointer<Self>, lowest il: Int32, highest iu: Int32,
        values: UnsafeMutablePointer<Self>, vectors: UnsafeMutablePointer<Self>, support: UnsafeMutablePointer<Int32>
    ) -> Int32
    /// `?gesdd` with no vectors: every singular value of a column-major m×n matrix.
    static func lapackSingularValues(rows m: Int32, columns n: Int32, matrix: UnsafeMutablePointer<Self>, values: UnsafeMutablePointer<Self>) -> Int32
    /// `?potrf` (`_work`) on the column-major lower triangle of an n×n block with leading
    /// dimension `lda`: A = L·Lᵀ, L written over it.
    static func lapackCholeskyFactorLower(order n: Int32, matrix: UnsafeMutablePointer<Self>, leadingDimension lda: Int32) -> Int32
    /// `?trtri` (`_work`) on a column-major lower-triangular n×n block (leading dimension
    /// `lda`), non-unit diagonal: L⁻¹ written over L.
    static func lapackTriangularInverseLower(order n: Int32, matrix: UnsafeMutablePointer<Self>, leadingDimension lda: Int32) -> Int32
}

extension Float: LAPACKScalar {
    public static func lapackSymmetricEigen(
        order n: Int32, matrix: UnsafeMutablePointer<Float>, lowest il: Int32, highest iu: Int32,
        values: UnsafeMutablePointer<Float>, vectors: UnsafeMutablePointer<Float>, support: UnsafeMutablePointer<Int32>
    ) -> Int32 {
        var found: Int32 = 0
        return LAPACKE_ssyevr(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "V")), CChar(UInt8(ascii: "I")), CChar(UInt8(ascii: "U")),
                              n, matrix, n, 0, 0, il, iu, 0, &found, values, vectors, n, support)
    }
    public static func lapackSingularValues(rows m: Int32, columns n: Int32, matrix: UnsafeMutablePointer<Float>, values: UnsafeMutablePointer<Float>) -> Int32 {
        LAPACKE_sgesdd(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "N")), m, n, matrix, m, values, nil, 1, nil, 1)
    }
    public static func lapackCholeskyFactorLower(order n: Int32, matrix: UnsafeMutablePointer<Float>, leadingDimension lda: Int32) -> Int32 {
        LAPACKE_spotrf_work(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "L")), n, matrix, lda)
    }
    public static func lapackTriangularInverseLower(order n: Int32, matrix: UnsafeMutablePointer<Float>, leadingDimension lda: Int32) -> Int32 {
        LAPACKE_strtri_work(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "L")), CChar(UInt8(ascii: "N")), n, matrix, lda)
    }
}

extension Double: LAPACKScalar {
    public static func lapackSymmetricEigen(
        order n: Int32, matrix: UnsafeMutablePointer<Double>, lowest il: Int32, highest iu: Int32,
        values: UnsafeMutablePointer<Double>, vectors: UnsafeMutablePointer<Double>, support: UnsafeMutablePointer<Int32>
    ) -> Int32 {
        var found: Int32 = 0
        return LAPACKE_dsyevr(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "V")), CChar(UInt8(ascii: "I")), CChar(UInt8(ascii: "U")),
                              n, matrix, n, 0, 0, il, iu, 0, &found, values, vectors, n, support)
    }
    public static func lapackSingularValues(rows m: Int32, columns n: Int32, matrix: UnsafeMutablePointer<Double>, values: UnsafeMutablePointer<Double>) -> Int32 {
        LAPACKE_dgesdd(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "N")), m, n, matrix, m, values, nil, 1, nil, 1)
    }
    public static func lapackCholeskyFactorLower(order n: Int32, matrix: UnsafeMutablePointer<Double>, leadingDimension lda: Int32) -> Int32 {
        LAPACKE_dpotrf_work(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "L")), n, matrix, lda)
    }
    public static func lapackTriangularInverseLower(order n: Int32, matrix: UnsafeMutablePointer<Double>, leadingDimension lda: Int32) -> Int32 {
        LAPACKE_dtrtri_work(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "L")), CChar(UInt8(ascii: "N")), n, matrix, lda)
    }
}
