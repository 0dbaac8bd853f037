import CHDF5

/// Reading and writing attributes on any HDF5 object (group or dataset).
enum AttributeIO {
    /// Writes `value` as attribute `name` of `object`, replacing an existing attribute.
    static func write(_ value: AttributeValue, name: String, on object: hid_t, describing owner: String) throws {
        HDF5Library.prepare()
        let operation = "cannot write attribute '\(name)' of \(owner)"
        if try HDF5Library.check(tri: H5Aexists(object, name), operation) {
            try HDF5Library.check(H5Adelete(object, name), operation)
        }
        switch value {
        case .string(let text):
            let bytes = try Datatypes.bytes(of: text, operation)
            let type = try Datatypes.fixedString(width: bytes.count + 1, padding: .nullTerminated)
            let buffer = Datatypes.pack([bytes], width: bytes.count + 1)
            try buffer.withUnsafeBytes { raw in
                try create(name, on: object, fileType: type.raw, memoryType: type.raw, shape: [], data: raw.baseAddress!, operation)
            }
        case .double(let number):
            try withUnsafeBytes(of: number) { raw in
                try create(name, on: object, fileType: chdf5_ieee_f64le(), memoryType: chdf5_native_double(), shape: [], data: raw.baseAddress!, operation)
            }
        case .int64(let number):
            try withUnsafeBytes(of: number) { raw in
                try create(name, on: object, fileType: chdf5_std_i64le(), memoryType: chdf5_native_int64(), shape: [], data: raw.baseAddress!, operation)
            }
        case .doubles(let numbers):
            let padded = numbers.isEmpty ? [0.0] : numbers
            try padded.withUnsafeBytes { raw in
                try create(name, on: object, fileType: chdf5_ieee_f64le(), memoryType: chdf5_native_double(), shape: [numbers.count], data: raw.baseAddress!, operation)
            }
        }
    }

    /// Writes `value` (a number) into the existing scalar number attribute `name` of `object`,
    /// converted to its stored type (`H5Awrite`): the attribute message keeps its size and place.
    static func overwrite(_ value: AttributeValue, name: String, on object: hid_t, describing owner: String) throws {
        HDF5Library.prepare()
        let operation = "cannot overwrite attribute '\(name)' of \(owner)"
        let attribute = try Identifier(checking: H5Aopen(object, name, chdf5_p_default()), kind: .attribute, operation)
        let type = try Identifier(checking: H5Aget_type(attribute.raw), kind: .datatype, operation)
        let space = try Identifier(checking: H5Aget_space(attribute.raw), kind: .dataspace, operation)
        let typeClass = H5Tget_class(type.raw)
        guard try Dataspaces.shape(of: space.raw, operation).isEmpty, typeClass == H5T_INTEGER || typeClass == H5T_FLOAT else {
            throw HDF5Error(operation: operation, messages: ["the attribute is not a scalar number"])
        }
        switch value {
        case .int64(var number):
            try HDF5Library.check(H5Awrite(attribute.raw, chdf5_native_int64(), &number), operation)
        case .double(var number):
            try HDF5Library.check(H5Awrite(attribute.raw, chdf5_native_double(), &number), operation)
        case .string, .doubles:
            throw HDF5Error(operation: operation, messages: ["only a scalar number can be overwritten in place"])
        }
        try attribute.close(operation)
    }

    private static func create(
        _ name: String, on object: hid_t, fileType: hid_t, memoryType: hid_t, shape: [Int],
        data: UnsafeRawPointer, _ operation: String
    ) throws {
        let space = try Dataspaces.make(shape: shape, operation)
        let attribute = try Identifier(
            checking: H5Acreate2(object, name, fileType, space.raw, chdf5_p_default(), chdf5_p_default()),
            kind: .attribute, operation)
        if !shape.contains(0) {
            try HDF5Library.check(H5Awrite(attribute.raw, memoryType, data), operation)
        }
        try attribute.close(operation)
    }

    /// Reads attribute `name` of `object`.
    static func read(name: String, on object: hid_t, describing owner: String) throws -> AttributeValue {
        HDF5Library.prepare()
        let operation = "cannot read attribute '\(name)' of \(owner)"
        let attribute = try Identifier(checking: H5Aopen(object, name, chdf5_p_default()), kind: .attribute, operation)
        let type = try Identifier(checking: H5Aget_type(attribute.raw), kind: .datatype, operation)
        let space = try Identifier(checking: H5Aget_space(attribute.raw), kind: .dataspace, operation)
        let shape = try Dataspaces.shape(of: space.raw, operation)
        let count = try Dataspaces.count(of: space.raw, operation)
        let typeClass = H5Tget_class(type.raw)
        switch typeClass {
        case H5T_STRING:
            guard count == 1 else {
                throw HDF5Error(operation: operation, messages: ["an array of \(count) strings is not a supported attribute value"])
            }
            let id = attribute.raw
            let strings = try Datatypes.readStrings(fileType: type.raw, count: 1, space: space.raw, operation) { memType, buffer in
                H5Aread(id, memType, buffer)
            }
            return .string(strings[0])
        case H5T_INTEGER where shape.isEmpty:
            var value: Int64 = 0
            try HDF5Library.check(H5Aread(attribute.raw, chdf5_native_int64(), &value), operation)
            return .int64(value)
        case H5T_FLOAT where shape.isEmpty:
            var value = 0.0
            try HDF5Library.check(H5Aread(attribute.raw, chdf5_native_double(), &value), operation)
            return .double(value)
        case H5T_INTEGER, H5T_FLOAT:
            if count == 0 { return .doubles([]) }
            var values = [Double](repeating: 0, count: count)
            try values.withUnsafeMutableBytes { buffer in
                try HDF5Library.check(H5Aread(attribute.raw, chdf5_native_double(), buffer.baseAddress), operation)
            }
            return .doubles(values)
        default:
            throw HDF5Error(operation: operation, messages: ["\(Datatypes.className(typeClass)) attributes are not supported"])
        }
    }
}
