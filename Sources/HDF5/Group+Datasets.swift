import CHDF5
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Group {
    /// Creates a dataset of 64-bit floats (`H5T_IEEE_F64LE`) of any rank: `shape` (row-major,
    /// `[]` for a scalar) must hold exactly `doubles.count` values. Nonempty datasets of rank ≥ 1
    /// are chunked and compressed (shuffle + gzip level 4) unless `compress` is false.
    ///
    /// `fillValue` is stored as the dataset's HDF5 fill value (`H5Pset_fill_value`, what netCDF-C
    /// reports as the variable's fill value); it does not change the values written.
    ///
    /// `updatableInPlace` (which wins over `compress`): contiguous, uncompressed, allocated at
    /// creation, so that ``Dataset/write(doubles:atElements:)`` can later overwrite any elements
    /// without changing the file's metadata.
    @discardableResult
    public func createDataset(_ name: String, doubles: [Double], shape: [Int], compress: Bool = true,
                              fillValue: Double? = nil, updatableInPlace: Bool = false) throws -> Dataset {
        let operation = "cannot create dataset \(describe(name))"
        try Dataspaces.validate(shape: shape, count: doubles.count, operation)
        return try doubles.withUnsafeBytes { buffer in
            try createDataset(
                name, fileType: chdf5_ieee_f64le(), memoryType: chdf5_native_double(), shape: shape,
                elementSize: MemoryLayout<Double>.size, compress: compress, fixedStorage: updatableInPlace,
                data: buffer.baseAddress
            ) { dcpl in
                guard var fill = fillValue else { return }
                try HDF5Library.check(H5Pset_fill_value(dcpl, chdf5_native_double(), &fill), "\(operation): cannot set the fill value")
            }
        }
    }

    /// Creates a dataset of 64-bit signed integers (`H5T_STD_I64LE`) of any rank; as
    /// ``createDataset(_:doubles:shape:compress:)``.
    @discardableResult
    public func createDataset(_ name: String, int64s: [Int64], shape: [Int], compress: Bool = true) throws -> Dataset {
        let operation = "cannot create dataset \(describe(name))"
        try Dataspaces.validate(shape: shape, count: int64s.count, operation)
        return try int64s.withUnsafeBytes { buffer in
            try createDataset(
                name, fileType: chdf5_std_i64le(), memoryType: chdf5_native_int64(), shape: shape,
                elementSize: MemoryLayout<Int64>.size, compress: compress, data: buffer.baseAddress)
        }
    }

    /// Creates a scalar fixed-length string dataset (`H5T_C_S1`, NUL-terminated, UTF-8), one byte
    /// wider than the text's UTF-8 encoding. h5py reads it as `bytes`.
    @discardableResult
    public func createDataset(_ name: String, string: String) throws -> Dataset {
        let operation = "cannot create dataset \(describe(name))"
        let bytes = try Datatypes.bytes(of: string, operation)
        let type = try Datatypes.fixedString(width: bytes.count + 1, padding: .nullTerminated)
        let buffer = Datatypes.pack([bytes], width: bytes.count + 1)
        return try buffer.withUnsafeBytes { raw in
            try createDataset(
                name, fileType: type.raw, memoryType: type.raw, shape: [],
                elementSize: bytes.count + 1, compress: false, data: raw.baseAddress)
        }
    }

    /// Creates a 1-D fixed-length string dataset (`H5T_C_S1`, NUL-padded, UTF-8) whose width is
    /// the longest value's UTF-8 length (at least 1). h5py reads it as an `S<width>` array.
    @discardableResult
    public func createDataset(_ name: String, strings: [String]) throws -> Dataset {
        let operation = "cannot create dataset \(describe(name))"
        let encoded = try strings.map { try Datatypes.bytes(of: $0, operation) }
        let width = max(1, encoded.map(\.count).max() ?? 1)
        let type = try Datatypes.fixedString(width: width, padding: .nullPadded)
        let buffer = Datatypes.pack(encoded, width: width)
        return try buffer.withUnsafeBytes { raw in
            try createDataset(
                name, fileType: type.raw, memoryType: type.raw, shape: [strings.count],
                elementSize: width, compress: true, data: raw.baseAddress)
        }
    }

    /// Creates a 1-D variable-length string dataset (UTF-8), netCDF-4's `string` type: netCDF-C
    /// (`ncdump`, xarray's default engine) reads these whole, while it runs the values of a
    /// fixed-length string array together. h5py reads them as `bytes` objects (`.asstr()` for
    /// `str`). Not compressed (filters would only see the heap references).
    @discardableResult
    public func createDataset(_ name: String, variableLengthStrings strings: [String]) throws -> Dataset {
        let operation = "cannot create dataset \(describe(name))"
        for text in strings { _ = try Datatypes.bytes(of: text, operation) }
        let type = try Datatypes.variableString(cset: H5T_CSET_UTF8)
        var pointers = strings.map { strdup($0) }
        defer { pointers.forEach { free($0) } }
        return try pointers.withUnsafeMutableBytes { raw in
            try createDataset(
                name, fileType: type.raw, memoryType: type.raw, shape: [strings.count],
                elementSize: MemoryLayout<UnsafeMutablePointer<CChar>?>.size, compress: false, data: raw.baseAddress)
        }
    }

    /// Creates dataset `name` with the given types and shape and writes `data` (which may be nil
    /// when the dataset holds no element); `configure` may add to the dataset-creation list.
    /// `fixedStorage`: see ``PropertyLists/fixStorage(_:)``.
    func createDataset(
        _ name: String, fileType: hid_t, memoryType: hid_t, shape: [Int], elementSize: Int,
        compress: Bool, fixedStorage: Bool = false, data: UnsafeRawPointer?, configure: (hid_t) throws -> Void = { _ in }
    ) throws -> Dataset {
        HDF5Library.prepare()
        let operation = "cannot create dataset \(describe(name))"
        let space = try Dataspaces.make(shape: shape, operation)
        let lcpl = try PropertyLists.linkCreation()
        let dcpl = try PropertyLists.datasetCreation(shape: shape, elementSize: elementSize, compress: compress, fixedStorage: fixedStorage)
        try configure(dcpl.raw)
        let id = try Identifier(
            checking: H5Dcreate2(identifier.raw, name, fileType, space.raw, lcpl.raw, dcpl.raw, chdf5_p_default()),
            kind: .dataset, operation)
        if !shape.contains(0), let data {
            try HDF5Library.check(
                H5Dwrite(id.raw, memoryType, chdf5_s_all(), chdf5_s_all(), chdf5_p_default(), data),
                "cannot write dataset \(describe(name))")
        }
        return Dataset(identifier: id, file: file, path: childPath(name), filePath: filePath)
    }
}
