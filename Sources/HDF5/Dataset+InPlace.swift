import CHDF5

/// Overwriting parts of a dataset whose storage is fixed (contiguous, allocated, unfiltered:
/// made with `updatableInPlace`). HDF5 then turns a write into writes of raw bytes inside the
/// dataset's one extent of the file: the object header, the layout's address and size, and the
/// file's allocation (end of address space) stay as they are.
extension Dataset {
    /// Whether the dataset's storage is one contiguous, unfiltered extent that is already
    /// allocated: then writing elements changes only raw data bytes inside it.
    public var hasFixedStorage: Bool {
        get throws {
            HDF5Library.prepare()
            let operation = "cannot read the storage of dataset \(described)"
            let plist = try Identifier(checking: H5Dget_create_plist(identifier.raw), kind: .propertyList, operation)
            guard H5Pget_layout(plist.raw) == H5D_CONTIGUOUS else { return false }
            let filters = H5Pget_nfilters(plist.raw)
            if filters < 0 { throw HDF5Error.fromStack(operation) }
            guard filters == 0 else { return false }
            var status = H5D_SPACE_STATUS_ERROR
            try HDF5Library.check(H5Dget_space_status(identifier.raw, &status), operation)
            return status == H5D_SPACE_STATUS_ALLOCATED
        }
    }

    /// The size in bytes of member `name` of the dataset's compound type (nil: no such member,
    /// or the dataset does not hold records).
    public func recordMemberSize(_ name: String) throws -> Int? {
        HDF5Library.prepare()
        let operation = "cannot read the record type of dataset \(described)"
        let type = try Identifier(checking: H5Dget_type(identifier.raw), kind: .datatype, operation)
        guard H5Tget_class(type.raw) == H5T_COMPOUND else { return nil }
        let index = H5Tget_member_index(type.raw, name)
        guard index >= 0 else { return nil }
        let member = try Identifier(checking: H5Tget_member_type(type.raw, UInt32(index)), kind: .datatype, operation)
        let size = H5Tget_size(member.raw)
        guard size > 0 else { throw HDF5Error.fromStack(operation) }
        return size
    }

    /// Overwrites the elements at `indices` (row-major positions in the dataset, any order, no
    /// repeats) with `doubles` (one value per index, in the same order); every other element
    /// keeps its value. Converted to the dataset's stored number type.
    public func write(doubles: [Double], atElements indices: [Int]) throws {
        let operation = "cannot write \(indices.count) elements of dataset \(described)"
        guard doubles.count == indices.count else {
            throw HDF5Error(operation: operation, messages: ["\(doubles.count) values for \(indices.count) elements"])
        }
        try doubles.withUnsafeBytes { raw in
            try write(memoryType: chdf5_native_double(), data: raw.baseAddress, atElements: indices, operation)
        }
    }

    /// Overwrites, in the rows `rows` of a 1-D compound dataset (a table, see
    /// ``Group/createTable(_:_:updatableInPlace:)``), the members named by `table`'s columns with
    /// `table`'s values (row `i` of `table` goes to row `rows[i]`). Members `table` does not name
    /// keep their stored values (HDF5 reads them back before writing whole records). String
    /// columns should have the stored member's width; a longer value is an error.
    public func writeRecords(_ table: CompoundTable, atRows rows: [Int]) throws {
        HDF5Library.prepare()
        let operation = "cannot write \(rows.count) records of table \(described)"
        guard table.rows == rows.count else {
            throw HDF5Error(operation: operation, messages: ["\(table.rows) records for \(rows.count) rows"])
        }
        let layout = try TableLayout(table: table, operation)
        let memoryType = try layout.makeType(forFile: false, operation)
        let records = try layout.pack(table, operation)
        try records.withUnsafeBytes { raw in
            try write(memoryType: memoryType.raw, data: raw.baseAddress, atElements: rows, operation)
        }
    }

    /// One `H5Dwrite` of `indices.count` elements of `memoryType` from `data` to a point selection.
    private func write(memoryType: hid_t, data: UnsafeRawPointer?, atElements indices: [Int], _ operation: String) throws {
        HDF5Library.prepare()
        guard !indices.isEmpty else { return }
        let fileSpace = try Identifier(checking: H5Dget_space(identifier.raw), kind: .dataspace, operation)
        let shape = try Dataspaces.shape(of: fileSpace.raw, operation)
        try Dataspaces.selectElements(fileSpace.raw, shape: shape, indices: indices, operation)
        let memorySpace = try Dataspaces.make(shape: [indices.count], operation)
        try HDF5Library.check(
            H5Dwrite(identifier.raw, memoryType, memorySpace.raw, fileSpace.raw, chdf5_p_default(), data), operation)
    }
}
