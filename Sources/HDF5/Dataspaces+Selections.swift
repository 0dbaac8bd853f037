import CHDF5

extension Dataspaces {
    /// Selects the elements at row-major positions `indices` of a dataspace of `shape`, in that
    /// order (`H5Sselect_elements`): the order in which a write takes values from memory.
    static func selectElements(_ space: hid_t, shape: [Int], indices: [Int], _ operation: @autoclosure () -> String) throws {
        let count = shape.reduce(1, *)
        if let outside = indices.first(where: { $0 < 0 || $0 >= count }) {
            throw HDF5Error(operation: operation(), messages: ["element \(outside) is outside shape \(shape)"])
        }
        let rank = max(shape.count, 1)
        var coordinates = [hsize_t](repeating: 0, count: indices.count * rank)
        if shape.count <= 1 {
            for (position, index) in indices.enumerated() { coordinates[position] = hsize_t(index) }
        } else {
            var strides = [Int](repeating: 1, count: shape.count)
            for axis in stride(from: shape.count - 2, through: 0, by: -1) { strides[axis] = strides[axis + 1] * shape[axis + 1] }
            for (position, index) in indices.enumerated() {
                var rest = index
                for axis in 0..<shape.count {
                    coordinates[position * rank + axis] = hsize_t(rest / strides[axis])
                    rest %= strides[axis]
                }
            }
        }
        try HDF5Library.check(H5Sselect_elements(space, H5S_SELECT_SET, indices.count, coordinates), operation())
    }
}
