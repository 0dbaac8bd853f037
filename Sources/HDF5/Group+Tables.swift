import CHDF5

extension Group {
    /// Writes `table` as the 1-D compound dataset `name` (one record per row, packed members in
    /// column order, no variable-length strings), chunked + shuffle + gzip when it has rows.
    ///
    /// `updatableInPlace`: contiguous, uncompressed and allocated at creation instead, so that
    /// ``Dataset/writeRecords(_:atRows:)`` can later overwrite some members of some rows without
    /// changing the file's metadata.
    @discardableResult
    public func createTable(_ name: String, _ table: CompoundTable, updatableInPlace: Bool = false) throws -> Dataset {
        HDF5Library.prepare()
        let operation = "cannot create table \(describe(name))"
        let layout = try TableLayout(table: table, operation)
        let fileType = try layout.makeType(forFile: true, operation)
        let memoryType = try layout.makeType(forFile: false, operation)
        let records = try layout.pack(table, operation)
        return try records.withUnsafeBytes { raw in
            try createDataset(
                name, fileType: fileType.raw, memoryType: memoryType.raw, shape: [table.rows],
                elementSize: layout.rowSize, compress: true, fixedStorage: updatableInPlace, data: raw.baseAddress)
        }
    }
}
