import CHDF5

/// The property lists this wrapper creates objects with.
enum PropertyLists {
    /// Chunks are kept at or below this many bytes, so each fits HDF5's default 1 MiB chunk cache.
    static let chunkTargetBytes = 512 * 1024
    /// gzip level used for every compressed dataset.
    static let deflateLevel: UInt32 = 1

    /// File access: closing the file closes every object still open in it (`H5F_CLOSE_STRONG`),
    /// so an explicit `close()` really releases the file.
    static func fileAccess() throws -> Identifier {
        let plist = try Identifier(checking: H5Pcreate(chdf5_p_file_access()), kind: .propertyList, "cannot create a file-access property list")
        try HDF5Library.check(H5Pset_fclose_degree(plist.raw, H5F_CLOSE_STRONG), "cannot set the file close degree")
        return plist
    }

    /// Link creation: missing intermediate groups are created, names are UTF-8.
    static func linkCreation() throws -> Identifier {
        let plist = try Identifier(checking: H5Pcreate(chdf5_p_link_create()), kind: .propertyList, "cannot create a link-creation property list")
        try HDF5Library.check(H5Pset_create_intermediate_group(plist.raw, 1), "cannot enable intermediate groups")
        try HDF5Library.check(H5Pset_char_encoding(plist.raw, H5T_CSET_UTF8), "cannot set link name encoding")
        return plist
    }

    /// File creation: the root group tracks and indexes the creation order of its links and
    /// attributes, as every group does (see ``groupCreation()``), and, like them, keeps no
    /// modification time (so rewriting a root attribute in place does not rewrite its header).
    static func fileCreation() throws -> Identifier {
        let plist = try Identifier(checking: H5Pcreate(chdf5_p_file_create()), kind: .propertyList, "cannot create a file-creation property list")
        try HDF5Library.check(H5Pset_obj_track_times(plist.raw, false), "cannot turn off time tracking")
        try trackCreationOrder(plist, links: true)
        return plist
    }

    /// Group creation: no modification times, so identical content gives identical bytes; the
    /// creation order of links and attributes tracked and indexed, as netCDF-4 files have it
    /// (netCDF-C opens a group without it read-only only, `NC_EPERM` for writing, and lists
    /// attributes in creation order).
    static func groupCreation() throws -> Identifier {
        let plist = try Identifier(checking: H5Pcreate(chdf5_p_group_create()), kind: .propertyList, "cannot create a group-creation property list")
        try HDF5Library.check(H5Pset_obj_track_times(plist.raw, false), "cannot turn off time tracking")
        try trackCreationOrder(plist, links: true)
        return plist
    }

    /// Tracks and indexes the creation order of attributes (and of links, for groups).
    private static func trackCreationOrder(_ plist: Identifier, links: Bool) throws {
        let flags = chdf5_crt_order_tracked_indexed()
        if links {
            try HDF5Library.check(H5Pset_link_creation_order(plist.raw, flags), "cannot track the creation order of links")
        }
        try HDF5Library.check(H5Pset_attr_creation_order(plist.raw, flags), "cannot track the creation order of attributes")
    }

    /// Dataset creation: no modification times; chunked + shuffle + gzip when `compress` and the
    /// dataset has rank ≥ 1 and at least one element; with `fixedStorage` (which wins over
    /// `compress`) contiguous and allocated at creation (see ``fixStorage(_:)``).
    /// The creation order of attributes is tracked, as on groups.
    static func datasetCreation(shape: [Int], elementSize: Int, compress: Bool, fixedStorage: Bool = false) throws -> Identifier {
        let plist = try Identifier(checking: H5Pcreate(chdf5_p_dataset_create()), kind: .propertyList, "cannot create a dataset-creation property list")
        try HDF5Library.check(H5Pset_obj_track_times(plist.raw, false), "cannot turn off time tracking")
        try trackCreationOrder(plist, links: false)
        if fixedStorage {
            try fixStorage(plist)
        } else if compress, !shape.isEmpty, !shape.contains(0) {
            let chunk = chunkShape(shape: shape, elementSize: elementSize)
            try HDF5Library.check(H5Pset_chunk(plist.raw, Int32(chunk.count), chunk.map { hsize_t($0) }), "cannot set chunk shape \(chunk)")
            try HDF5Library.check(H5Pset_shuffle(plist.raw), "cannot enable the shuffle filter")
            try HDF5Library.check(H5Pset_deflate(plist.raw, deflateLevel), "cannot enable gzip")
        }
        return plist
    }

    /// A chunk shape no larger than `chunkTargetBytes`: starts from the whole shape and halves
    /// the leading dimensions first, so chunks hold whole trailing rows where possible.
    static func chunkShape(shape: [Int], elementSize: Int) -> [Int] {
        var chunk = shape.map { max(1, $0) }
        func bytes() -> Int { chunk.reduce(max(1, elementSize), *) }
        var axis = 0
        while bytes() > chunkTargetBytes, axis < chunk.count {
            if chunk[axis] > 1 {
                chunk[axis] = (chunk[axis] + 1) / 2
            } else {
                axis += 1
            }
        }
        return chunk
    }
}
