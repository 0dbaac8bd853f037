import CHDF5

extension Dataset {
    /// Reads a 1-D compound dataset (as written by ``Group/createTable(_:_:)``) as a table:
    /// float members become `.float64` columns, integer members `.int64`, fixed-length string
    /// members `.string` with their stored width.
    public func readTable() throws -> CompoundTable {
        HDF5Library.prepare()
        let operation = "cannot read table \(described)"
        let type = try Identifier(checking: H5Dget_type(identifier.raw), kind: .datatype, operation)
        let typeClass = H5Tget_class(type.raw)
        guard typeClass == H5T_COMPOUND else {
            throw HDF5Error(operation: operation, messages: ["the dataset holds \(Datatypes.className(typeClass)) values, not records"])
        }
        let space = try Identifier(checking: H5Dget_space(identifier.raw), kind: .dataspace, operation)
        let shape = try Dataspaces.shape(of: space.raw, operation)
        guard shape.count == 1 else {
            throw HDF5Error(operation: operation, messages: ["a table must be 1-D, the dataset has shape \(shape)"])
        }
        let rows = shape[0]
        let layout = try TableLayout(storedType: type.raw, operation)
        let memoryType = try layout.makeType(forFile: false, operation)
        var buffer = [UInt8](repeating: 0, count: max(1, rows * layout.rowSize))
        if rows > 0 {
            try buffer.withUnsafeMutableBytes { raw in
                try HDF5Library.check(
                    H5Dread(identifier.raw, memoryType.raw, chdf5_s_all(), chdf5_s_all(), chdf5_p_default(), raw.baseAddress),
                    operation)
            }
        }
        return buffer.withUnsafeBytes { layout.unpack($0, rows: rows) }
    }
}
