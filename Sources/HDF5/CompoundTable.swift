/// A table written as one 1-D HDF5 dataset of a compound type: one record per row, one member
/// per column, in column order, at packed offsets.
///
/// Column types on disk: `.float64` → `H5T_IEEE_F64LE`, `.int64` → `H5T_STD_I64LE`, `.string` →
/// fixed-length `H5T_C_S1` of `width` bytes, NUL-padded, UTF-8. There are no variable-length
/// strings, so h5py (`f["tasks"][:]`, string fields as `bytes`), pandas
/// (`pd.DataFrame(f["tasks"][:])`) and MATLAB (`h5read`) read the table as is.
public struct CompoundTable: Equatable, Sendable {
    /// One column's values.
    public enum Column: Equatable, Sendable {
        /// 64-bit floats.
        case float64([Double])
        /// 64-bit signed integers.
        case int64([Int64])
        /// Fixed-length strings of `width` bytes (≥ 1) in UTF-8, NUL-padded; a value whose UTF-8
        /// encoding is longer than `width` bytes (or that contains a NUL) is an error when writing.
        case string([String], width: Int)

        /// The number of values in the column.
        public var count: Int {
            switch self {
            case .float64(let values): return values.count
            case .int64(let values): return values.count
            case .string(let values, _): return values.count
            }
        }
    }

    /// The column names (compound member names), unique.
    public var names: [String]
    /// The columns, in the order of `names`, all of the same length.
    public var columns: [Column]

    /// The number of rows (the first column's length; 0 without columns).
    public var rows: Int { columns.first?.count ?? 0 }

    /// Creates a table; the shapes are checked when it is written.
    public init(names: [String], columns: [Column]) {
        self.names = names
        self.columns = columns
    }

    /// The column named `name`, if any.
    public subscript(name: String) -> Column? {
        names.firstIndex(of: name).map { columns[$0] }
    }
}
