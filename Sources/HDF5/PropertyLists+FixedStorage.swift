import CHDF5

extension PropertyLists {
    /// Makes a dataset's storage one contiguous extent, allocated when the dataset is created
    /// (`H5D_CONTIGUOUS`, `H5D_ALLOC_TIME_EARLY`), unfiltered, and never filled by the library
    /// (`H5D_FILL_TIME_NEVER`: its creator writes every element; a fill value set on the list is
    /// still stored, for readers that report it).
    ///
    /// Writing such a dataset later, whole or in part, only overwrites bytes inside that extent:
    /// no object header, index or allocation in the file changes, so the file's metadata is the
    /// same before and after (see ``Dataset/write(doubles:atElements:)``).
    static func fixStorage(_ plist: Identifier) throws {
        try HDF5Library.check(H5Pset_layout(plist.raw, H5D_CONTIGUOUS), "cannot set a contiguous layout")
        try HDF5Library.check(H5Pset_alloc_time(plist.raw, H5D_ALLOC_TIME_EARLY), "cannot set early allocation")
        try HDF5Library.check(H5Pset_fill_time(plist.raw, H5D_FILL_TIME_NEVER), "cannot turn off fill writes")
    }
}
