import CHDF5

/// A group of an open HDF5 file: holds groups, datasets and attributes.
///
/// Names may be paths relative to this group (`"cube/test_mse"`); when creating, missing
/// intermediate groups are created too.
public final class Group: @unchecked Sendable {
    /// The group's absolute path in the file, e.g. `/cube`.
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

    /// The absolute path of `name` (relative to this group) for messages.
    func childPath(_ name: String) -> String {
        if name.hasPrefix("/") { return name }
        return path.hasSuffix("/") ? path + name : path + "/" + name
    }

    /// `'name' in 'file.h5'` for messages.
    func describe(_ name: String) -> String {
        "'\(childPath(name))' in '\(filePath)'"
    }

    /// Creates a new group `name` (a path relative to this group; intermediate groups are created).
    public func createGroup(_ name: String) throws -> Group {
        HDF5Library.prepare()
        let operation = "cannot create group \(describe(name))"
        let lcpl = try PropertyLists.linkCreation()
        let gcpl = try PropertyLists.groupCreation()
        let id = try Identifier(
            checking: H5Gcreate2(identifier.raw, name, lcpl.raw, gcpl.raw, chdf5_p_default()), kind: .group, operation)
        return Group(identifier: id, file: file, path: childPath(name), filePath: filePath)
    }

    /// Opens the existing group `name`.
    public func openGroup(_ name: String) throws -> Group {
        HDF5Library.prepare()
        let id = try Identifier(
            checking: H5Gopen2(identifier.raw, name, chdf5_p_default()), kind: .group,
            "cannot open group \(describe(name))")
        return Group(identifier: id, file: file, path: childPath(name), filePath: filePath)
    }

    /// Whether a link `name` exists (every component of a path is checked in turn).
    public func contains(_ name: String) -> Bool {
        HDF5Library.prepare()
        var prefix = name.hasPrefix("/") ? "/" : ""
        let components = name.split(separator: "/", omittingEmptySubsequences: true)
        if components.isEmpty { return false }
        for component in components {
            prefix += (prefix.isEmpty || prefix.hasSuffix("/") ? "" : "/") + component
            if H5Lexists(identifier.raw, prefix, chdf5_p_default()) <= 0 { return false }
        }
        return true
    }

    /// Opens the existing dataset `name`.
    public func dataset(_ name: String) throws -> Dataset {
        HDF5Library.prepare()
        let id = try Identifier(
            checking: H5Dopen2(identifier.raw, name, chdf5_p_default()), kind: .dataset,
            "cannot open dataset \(describe(name))")
        return Dataset(identifier: id, file: file, path: childPath(name), filePath: filePath)
    }

    /// Removes the link `name` (a group or dataset). The space it used is not reclaimed in the
    /// file until the file is repacked (`h5repack`).
    public func remove(_ name: String) throws {
        HDF5Library.prepare()
        try HDF5Library.check(
            H5Ldelete(identifier.raw, name, chdf5_p_default()), "cannot remove \(describe(name))")
    }

    /// The names of the links directly in this group, in alphabetical (byte) order.
    public func memberNames() throws -> [String] {
        HDF5Library.prepare()
        let operation = "cannot list group '\(path)' in '\(filePath)'"
        var info = H5G_info_t()
        try HDF5Library.check(H5Gget_info(identifier.raw, &info), operation)
        var names: [String] = []
        for index in 0..<info.nlinks {
            let length = H5Lget_name_by_idx(
                identifier.raw, ".", H5_INDEX_NAME, H5_ITER_INC, index, nil, 0, chdf5_p_default())
            if length < 0 { throw HDF5Error.fromStack(operation) }
            var buffer = [CChar](repeating: 0, count: Int(length) + 1)
            if H5Lget_name_by_idx(
                identifier.raw, ".", H5_INDEX_NAME, H5_ITER_INC, index, &buffer, buffer.count, chdf5_p_default()) < 0 {
                throw HDF5Error.fromStack(operation)
            }
            names.append(String(cString: buffer))
        }
        return names
    }
}
