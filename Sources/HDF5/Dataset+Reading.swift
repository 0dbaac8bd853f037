import CHDF5

extension Dataset {
    /// Reads every element, row-major, converted to `Double` from any integer or floating-point type.
    public func readDoubles() throws -> [Double] {
        try readNumbers(as: Double.self, memoryType: chdf5_native_double(), allowed: [H5T_INTEGER, H5T_FLOAT])
    }

    /// Reads every element, row-major, of an integer dataset as `Int64`.
    public func readInt64s() throws -> [Int64] {
        try readNumbers(as: Int64.self, memoryType: chdf5_native_int64(), allowed: [H5T_INTEGER])
    }

    /// Reads a fixed-length (or variable-length) string dataset, scalar or 1-D, as strings:
    /// each value cut at its first NUL, decoded as UTF-8.
    public func readStrings() throws -> [String] {
        HDF5Library.prepare()
        let operation = "cannot read strings from dataset \(described)"
        let type = try Identifier(checking: H5Dget_type(identifier.raw), kind: .datatype, operation)
        let typeClass = H5Tget_class(type.raw)
        guard typeClass == H5T_STRING else {
            throw HDF5Error(operation: operation, messages: ["the dataset holds \(Datatypes.className(typeClass)) values, not strings"])
        }
        let space = try Identifier(checking: H5Dget_space(identifier.raw), kind: .dataspace, operation)
        let count = try Dataspaces.count(of: space.raw, operation)
        if count == 0 { return [] }
        let id = identifier.raw
        return try Datatypes.readStrings(fileType: type.raw, count: count, space: space.raw, operation) { memType, buffer in
            H5Dread(id, memType, chdf5_s_all(), chdf5_s_all(), chdf5_p_default(), buffer)
        }
    }

    /// Reads every element through `memoryType` after checking the stored type's class.
    private func readNumbers<T: Numeric>(as: T.Type, memoryType: hid_t, allowed: [H5T_class_t]) throws -> [T] {
        HDF5Library.prepare()
        let operation = "cannot read \(T.self) values from dataset \(described)"
        let type = try Identifier(checking: H5Dget_type(identifier.raw), kind: .datatype, operation)
        let typeClass = H5Tget_class(type.raw)
        guard allowed.contains(typeClass) else {
            throw HDF5Error(operation: operation, messages: ["the dataset holds \(Datatypes.className(typeClass)) values"])
        }
        let space = try Identifier(checking: H5Dget_space(identifier.raw), kind: .dataspace, operation)
        let count = try Dataspaces.count(of: space.raw, operation)
        if count == 0 { return [] }
        var values = [T](repeating: 0, count: count)
        try values.withUnsafeMutableBytes { buffer in
            try HDF5Library.check(
                H5Dread(identifier.raw, memoryType, chdf5_s_all(), chdf5_s_all(), chdf5_p_default(), buffer.baseAddress),
                operation)
        }
        return values
    }
}
