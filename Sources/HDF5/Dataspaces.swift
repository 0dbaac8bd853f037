import CHDF5

/// Builders and inspectors for HDF5 dataspaces.
enum Dataspaces {
    /// A scalar dataspace for `shape == []`, a simple one otherwise (dimensions may be 0).
    static func make(shape: [Int], _ operation: @autoclosure () -> String) throws -> Identifier {
        if shape.isEmpty {
            return try Identifier(checking: H5Screate(H5S_SCALAR), kind: .dataspace, operation())
        }
        if let negative = shape.first(where: { $0 < 0 }) {
            throw HDF5Error(operation: operation(), messages: ["negative dimension \(negative) in shape \(shape)"])
        }
        let dims = shape.map { hsize_t($0) }
        return try Identifier(
            checking: H5Screate_simple(Int32(dims.count), dims, nil), kind: .dataspace, operation())
    }

    /// The dimensions of a dataspace (`[]` for a scalar one).
    static func shape(of space: hid_t, _ operation: @autoclosure () -> String) throws -> [Int] {
        let rank = H5Sget_simple_extent_ndims(space)
        if rank < 0 { throw HDF5Error.fromStack(operation()) }
        if rank == 0 { return [] }
        var dims = [hsize_t](repeating: 0, count: Int(rank))
        if H5Sget_simple_extent_dims(space, &dims, nil) < 0 { throw HDF5Error.fromStack(operation()) }
        return dims.map { Int($0) }
    }

    /// The number of elements in a dataspace.
    static func count(of space: hid_t, _ operation: @autoclosure () -> String) throws -> Int {
        let n = H5Sget_simple_extent_npoints(space)
        if n < 0 { throw HDF5Error.fromStack(operation()) }
        return Int(n)
    }

    /// Checks that `shape` holds exactly `count` elements.
    static func validate(shape: [Int], count: Int, _ operation: @autoclosure () -> String) throws {
        let expected = shape.reduce(1, *)
        if shape.contains(where: { $0 < 0 }) || expected != count {
            throw HDF5Error(
                operation: operation(),
                messages: ["shape \(shape) holds \(expected) elements but \(count) values were given"])
        }
    }
}
