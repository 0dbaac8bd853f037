/// A dense row-major matrix: element (i, j) is `elements[i * columns + j]`.
public struct Matrix<Scalar: KernelScalar>: Equatable, Sendable {
    public var rows: Int
    public var columns: Int
    public var elements: [Scalar]

    @inlinable
    public init(rows: Int, columns: Int, repeating value: Scalar = 0) {
        precondition(rows >= 0 && columns >= 0)
        self.rows = rows
        self.columns = columns
        self.elements = [Scalar](repeating: value, count: rows * columns)
    }

    /// A matrix whose elements are about to be overwritten (by a product with beta = 0),
    /// without filling the memory first: its elements are undefined until written.
    @inlinable
    public init(uninitializedRows rows: Int, columns: Int) {
        precondition(rows >= 0 && columns >= 0)
        self.rows = rows
        self.columns = columns
        self.elements = [Scalar](unsafeUninitializedCapacity: rows * columns) { _, count in count = rows * columns }
    }

    @inlinable
    public init(rows: Int, columns: Int, elements: [Scalar]) {
        precondition(elements.count == rows * columns, "\(elements.count) elements for a \(rows)×\(columns) matrix")
        self.rows = rows
        self.columns = columns
        self.elements = elements
    }

    /// Builds a matrix from a function of (row, column).
    public init(rows: Int, columns: Int, _ entry: (Int, Int) -> Scalar) {
        var elements = [Scalar]()
        elements.reserveCapacity(rows * columns)
        for i in 0..<rows { for j in 0..<columns { elements.append(entry(i, j)) } }
        self.init(rows: rows, columns: columns, elements: elements)
    }

    @inlinable
    public subscript(row: Int, column: Int) -> Scalar {
        get { elements[row * columns + column] }
        set { elements[row * columns + column] = newValue }
    }

    /// The transpose, materialised.
    public var transposed: Matrix {
        var result = Matrix(rows: columns, columns: rows)
        for i in 0..<rows { for j in 0..<columns { result.elements[j * rows + i] = elements[i * columns + j] } }
        return result
    }
}

/// Whether a GEMM operand is used as stored or transposed.
public enum Transpose: Sendable, Equatable {
    case none
    case transposed
}

/// The element types every kernel supports: `Float` and `Double`.
public typealias KernelScalar = GEMMScalar & LAPACKScalar
