import CHDF5

/// Builders and inspectors for the HDF5 datatypes this wrapper writes and reads.
enum Datatypes {
    /// How a fixed-length string fills the bytes after its text.
    enum Padding {
        /// NUL-terminated: the last byte of a full-width value is a NUL (scalar strings).
        case nullTerminated
        /// NUL-padded: a value may use every byte (string arrays and table columns).
        case nullPadded
    }

    /// A fixed-length string type of `width` bytes (≥ 1), UTF-8 character set.
    static func fixedString(width: Int, padding: Padding) throws -> Identifier {
        HDF5Library.prepare()
        let type = try Identifier(checking: H5Tcopy(chdf5_c_s1()), kind: .datatype, "cannot copy the string datatype")
        try HDF5Library.check(H5Tset_size(type.raw, max(1, width)), "cannot set string width \(width)")
        let pad = padding == .nullTerminated ? H5T_STR_NULLTERM : H5T_STR_NULLPAD
        try HDF5Library.check(H5Tset_strpad(type.raw, pad), "cannot set string padding")
        try HDF5Library.check(H5Tset_cset(type.raw, H5T_CSET_UTF8), "cannot set string character set")
        return type
    }

    /// A variable-length string type (for reading strings written by other tools).
    static func variableString(cset: H5T_cset_t) throws -> Identifier {
        let type = try Identifier(checking: H5Tcopy(chdf5_c_s1()), kind: .datatype, "cannot copy the string datatype")
        try HDF5Library.check(H5Tset_size(type.raw, chdf5_variable_size()), "cannot make a variable-length string type")
        try HDF5Library.check(H5Tset_cset(type.raw, cset), "cannot set string character set")
        return type
    }

    /// The UTF-8 bytes of `text`, failing when it contains a NUL (which would cut it short).
    static func bytes(of text: String, _ operation: @autoclosure () -> String) throws -> [UInt8] {
        let bytes = Array(text.utf8)
        if bytes.contains(0) {
            throw HDF5Error(operation: operation(), messages: ["string contains a NUL character"])
        }
        return bytes
    }

    /// Packs `values` into `width`-byte NUL-padded records.
    static func pack(_ values: [[UInt8]], width: Int) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: values.count * width)
        for (row, bytes) in values.enumerated() {
            let start = row * width
            for (offset, byte) in bytes.prefix(width).enumerated() { buffer[start + offset] = byte }
        }
        return buffer
    }

    /// Decodes one fixed-length string record: cut at the first NUL (NULLTERM, NULLPAD), or
    /// trailing spaces removed (SPACEPAD).
    static func decode(_ record: UnsafeRawBufferPointer, spacePadded: Bool = false) -> String {
        var end = record.firstIndex(of: 0) ?? record.count
        if spacePadded {
            while end > 0, record[end - 1] == 0x20 { end -= 1 }
        }
        return String(decoding: UnsafeRawBufferPointer(rebasing: record[0..<end]), as: UTF8.self)
    }

    /// Reads `count` strings of any string type (fixed or variable length) through `read`,
    /// which receives the memory type and the destination buffer.
    static func readStrings(
        fileType: hid_t, count: Int, space: hid_t,
        _ operation: @autoclosure () -> String,
        read: (hid_t, UnsafeMutableRawPointer) -> herr_t
    ) throws -> [String] {
        let isVariable = try HDF5Library.check(tri: H5Tis_variable_str(fileType), operation())
        if isVariable {
            let memType = try variableString(cset: H5Tget_cset(fileType))
            var pointers = [UnsafeMutablePointer<CChar>?](repeating: nil, count: max(count, 1))
            try pointers.withUnsafeMutableBytes { buffer in
                try HDF5Library.check(read(memType.raw, buffer.baseAddress!), operation())
            }
            let strings = pointers.prefix(count).map { $0.map { String(cString: $0) } ?? "" }
            _ = pointers.withUnsafeMutableBytes { buffer in
                H5Dvlen_reclaim(memType.raw, space, chdf5_p_default(), buffer.baseAddress!)
            }
            return strings
        }
        let width = H5Tget_size(fileType)
        guard width > 0 else { throw HDF5Error.fromStack(operation()) }
        let spacePadded = H5Tget_strpad(fileType) == H5T_STR_SPACEPAD
        // Read with an exact copy of the file's type: no conversion happens.
        let memType = try Identifier(checking: H5Tcopy(fileType), kind: .datatype, operation())
        var buffer = [UInt8](repeating: 0, count: max(count * width, 1))
        try buffer.withUnsafeMutableBytes { raw in
            try HDF5Library.check(read(memType.raw, raw.baseAddress!), operation())
        }
        return buffer.withUnsafeBytes { raw in
            (0..<count).map { row in
                decode(UnsafeRawBufferPointer(rebasing: raw[(row * width)..<((row + 1) * width)]), spacePadded: spacePadded)
            }
        }
    }

    /// A readable name for a datatype class, for error messages.
    static func className(_ typeClass: H5T_class_t) -> String {
        switch typeClass {
        case H5T_INTEGER: return "integer"
        case H5T_FLOAT: return "floating-point"
        case H5T_STRING: return "string"
        case H5T_COMPOUND: return "compound"
        case H5T_ENUM: return "enum"
        case H5T_ARRAY: return "array"
        case H5T_VLEN: return "variable-length"
        case H5T_REFERENCE: return "reference"
        case H5T_OPAQUE: return "opaque"
        case H5T_BITFIELD: return "bitfield"
        case H5T_TIME: return "time"
        default: return "unknown"
        }
    }
}
