import CHDF5

/// The byte layout of a ``CompoundTable`` record: packed members in column order.
struct TableLayout {
    /// A column's element type.
    enum Kind: Equatable {
        case float64
        case int64
        case string(width: Int)
    }

    /// One compound member.
    struct Member {
        let name: String
        let kind: Kind
        let offset: Int
        /// For string members read from a file: a copy of the stored string type (keeps its padding).
        var storedStringType: Identifier? = nil

        var size: Int {
            switch kind {
            case .float64, .int64: return 8
            case .string(let width): return width
            }
        }
    }

    let members: [Member]
    let rowSize: Int

    /// The layout of `table`, after checking names and column lengths.
    init(table: CompoundTable, _ operation: @autoclosure () -> String) throws {
        func fail(_ message: String) -> HDF5Error { HDF5Error(operation: operation(), messages: [message]) }
        guard !table.columns.isEmpty else { throw fail("a table needs at least one column") }
        guard table.names.count == table.columns.count else {
            throw fail("\(table.names.count) names for \(table.columns.count) columns")
        }
        var seen = Set<String>()
        var members: [Member] = []
        var offset = 0
        for (name, column) in zip(table.names, table.columns) {
            guard !name.isEmpty else { throw fail("empty column name") }
            guard seen.insert(name).inserted else { throw fail("duplicate column name '\(name)'") }
            guard column.count == table.rows else {
                throw fail("column '\(name)' has \(column.count) rows, column '\(table.names[0])' has \(table.rows)")
            }
            let kind: Kind
            switch column {
            case .float64: kind = .float64
            case .int64: kind = .int64
            case .string(_, let width):
                guard width >= 1 else { throw fail("column '\(name)' has string width \(width); it must be at least 1") }
                kind = .string(width: width)
            }
            let member = Member(name: name, kind: kind, offset: offset)
            members.append(member)
            offset += member.size
        }
        self.members = members
        self.rowSize = offset
    }

    /// The layout to read a stored compound type into: every member converted to its column type,
    /// packed in the stored order.
    init(storedType: hid_t, _ operation: @autoclosure () -> String) throws {
        let count = H5Tget_nmembers(storedType)
        if count < 0 { throw HDF5Error.fromStack(operation()) }
        var members: [Member] = []
        var offset = 0
        for index in 0..<UInt32(count) {
            guard let cName = H5Tget_member_name(storedType, index) else { throw HDF5Error.fromStack(operation()) }
            let name = String(cString: cName)
            H5free_memory(cName)
            let memberType = try Identifier(checking: H5Tget_member_type(storedType, index), kind: .datatype, operation())
            let memberClass = H5Tget_class(memberType.raw)
            var member: Member
            switch memberClass {
            case H5T_FLOAT:
                member = Member(name: name, kind: .float64, offset: offset)
            case H5T_INTEGER:
                member = Member(name: name, kind: .int64, offset: offset)
            case H5T_STRING:
                if try HDF5Library.check(tri: H5Tis_variable_str(memberType.raw), operation()) {
                    throw HDF5Error(operation: operation(), messages: ["column '\(name)' holds variable-length strings, which are not supported"])
                }
                let width = H5Tget_size(memberType.raw)
                guard width > 0 else { throw HDF5Error.fromStack(operation()) }
                member = Member(name: name, kind: .string(width: width), offset: offset)
                member.storedStringType = try Identifier(checking: H5Tcopy(memberType.raw), kind: .datatype, operation())
            default:
                throw HDF5Error(operation: operation(), messages: ["column '\(name)' holds \(Datatypes.className(memberClass)) values, which are not supported"])
            }
            members.append(member)
            offset += member.size
        }
        guard !members.isEmpty else {
            throw HDF5Error(operation: operation(), messages: ["the compound type has no members"])
        }
        self.members = members
        self.rowSize = offset
    }

    /// The compound type: little-endian IEEE/standard types for the file, native ones for memory.
    func makeType(forFile: Bool, _ operation: @autoclosure () -> String) throws -> Identifier {
        let type = try Identifier(checking: H5Tcreate(H5T_COMPOUND, rowSize), kind: .datatype, operation())
        for member in members {
            var owned: Identifier? = nil
            let memberType: hid_t
            switch member.kind {
            case .float64: memberType = forFile ? chdf5_ieee_f64le() : chdf5_native_double()
            case .int64: memberType = forFile ? chdf5_std_i64le() : chdf5_native_int64()
            case .string(let width):
                if let stored = member.storedStringType {
                    memberType = stored.raw
                } else {
                    owned = try Datatypes.fixedString(width: width, padding: .nullPadded)
                    memberType = owned!.raw
                }
            }
            try HDF5Library.check(H5Tinsert(type.raw, member.name, member.offset, memberType), operation())
            withExtendedLifetime(owned) {}
        }
        try HDF5Library.check(H5Tpack(type.raw), operation())
        return type
    }

    /// The records of `table`, row-major.
    func pack(_ table: CompoundTable, _ operation: @autoclosure () -> String) throws -> [UInt8] {
        let rows = table.rows
        var buffer = [UInt8](repeating: 0, count: max(1, rows * rowSize))
        try buffer.withUnsafeMutableBytes { raw in
            for (member, column) in zip(members, table.columns) {
                switch column {
                case .float64(let values):
                    for (row, value) in values.enumerated() {
                        raw.storeBytes(of: value, toByteOffset: row * rowSize + member.offset, as: Double.self)
                    }
                case .int64(let values):
                    for (row, value) in values.enumerated() {
                        raw.storeBytes(of: value, toByteOffset: row * rowSize + member.offset, as: Int64.self)
                    }
                case .string(let values, let width):
                    for (row, value) in values.enumerated() {
                        let bytes = try Datatypes.bytes(of: value, operation())
                        guard bytes.count <= width else {
                            throw HDF5Error(operation: operation(), messages: [
                                "value '\(value)' in row \(row) of column '\(member.name)' is \(bytes.count) bytes long, wider than the column's \(width)"])
                        }
                        let start = row * rowSize + member.offset
                        for (index, byte) in bytes.enumerated() { raw[start + index] = byte }
                    }
                }
            }
        }
        return buffer
    }

    /// The table held by `rows` records in `buffer`.
    func unpack(_ buffer: UnsafeRawBufferPointer, rows: Int) -> CompoundTable {
        var columns: [CompoundTable.Column] = []
        for member in members {
            switch member.kind {
            case .float64:
                columns.append(.float64((0..<rows).map {
                    buffer.loadUnaligned(fromByteOffset: $0 * rowSize + member.offset, as: Double.self)
                }))
            case .int64:
                columns.append(.int64((0..<rows).map {
                    buffer.loadUnaligned(fromByteOffset: $0 * rowSize + member.offset, as: Int64.self)
                }))
            case .string(let width):
                let spacePadded = member.storedStringType.map { H5Tget_strpad($0.raw) == H5T_STR_SPACEPAD } ?? false
                columns.append(.string((0..<rows).map { row in
                    let start = row * rowSize + member.offset
                    return Datatypes.decode(UnsafeRawBufferPointer(rebasing: buffer[start..<(start + width)]), spacePadded: spacePadded)
                }, width: width))
            }
        }
        return CompoundTable(names: members.map(\.name), columns: columns)
    }
}
