import CHDF5

/// A dataset of an open HDF5 file.
public final class Dataset: @unchecked Sendable {
    /// The dataset's absolute path in the file, e.g. `/cube/test_mse`.
    public let path: String
    /// The file's path on disk, for messages.
    public let filePath: String

    let identifier: Identifier
    let file: Identifier

    init(identifier: Identifier, file: Identifier, path: String, filePath: String) {
        self.identifier = identifier
        self.file = file
        self.path = path
        self.filePath = filePath
    }

    /// `'path' in 'file.h5'` for messages.
    var described: String { "'\(path)' in '\(filePath)'" }

    /// The dimensions (`[]` for a scalar dataset).
    public var shape: [Int] {
        get throws {
            HDF5Library.prepare()
            let operation = "cannot read the shape of dataset \(described)"
            let space = try Identifier(checking: H5Dget_space(identifier.raw), kind: .dataspace, operation)
            return try Dataspaces.shape(of: space.raw, operation)
        }
    }
}

extension Dataset {
    /// The chunk shape, or nil when the dataset is not chunked (contiguous or compact).
    public var chunkShape: [Int]? {
        get throws {
            HDF5Library.prepare()
            let operation = "cannot read the layout of dataset \(described)"
            let plist = try Identifier(checking: H5Dget_create_plist(identifier.raw), kind: .propertyList, operation)
            guard H5Pget_layout(plist.raw) == H5D_CHUNKED else { return nil }
            var dims = [hsize_t](repeating: 0, count: 32)
            let rank = H5Pget_chunk(plist.raw, 32, &dims)
            if rank < 0 { throw HDF5Error.fromStack(operation) }
            return dims.prefix(Int(rank)).map { Int($0) }
        }
    }

    /// The names of the filters in the dataset's pipeline, in order (e.g. `["shuffle", "deflate"]`).
    public var filterNames: [String] {
        get throws {
            HDF5Library.prepare()
            let operation = "cannot read the filters of dataset \(described)"
            let plist = try Identifier(checking: H5Dget_create_plist(identifier.raw), kind: .propertyList, operation)
            let count = H5Pget_nfilters(plist.raw)
            if count < 0 { throw HDF5Error.fromStack(operation) }
            return try (0..<UInt32(count)).map { index in
                var flags: UInt32 = 0
                var elements = 0
                var values = [UInt32](repeating: 0, count: 8)
                var name = [CChar](repeating: 0, count: 64)
                var config: UInt32 = 0
                let filter = H5Pget_filter2(plist.raw, index, &flags, &elements, &values, name.count, &name, &config)
                if filter < 0 { throw HDF5Error.fromStack(operation) }
                switch filter {
                case H5Z_FILTER_DEFLATE: return "deflate"
                case H5Z_FILTER_SHUFFLE: return "shuffle"
                default: return String(cString: name)
                }
            }
        }
    }
}
