import CHDF5

/// Owns one HDF5 identifier (`hid_t`) and closes it exactly once: explicitly with `close()`,
/// or when the last reference goes away.
///
/// Files, groups and datasets share the identifier of the file they live in, so the file stays
/// open while any object of it is in use.
final class Identifier: @unchecked Sendable {
    /// What kind of object the identifier refers to; selects the matching `H5?close`.
    enum Kind: Sendable {
        case file, group, dataset, datatype, dataspace, attribute, propertyList
    }

    /// The raw identifier; negative once closed.
    private(set) var raw: hid_t
    /// The kind of object, for closing.
    let kind: Kind

    /// Takes ownership of `raw`.
    init(_ raw: hid_t, kind: Kind) {
        self.raw = raw
        self.kind = kind
    }

    /// Takes ownership of `raw` after checking it is valid.
    convenience init(checking raw: hid_t, kind: Kind, _ operation: @autoclosure () -> String) throws {
        self.init(try HDF5Library.check(id: raw, operation()), kind: kind)
    }

    /// Closes the identifier now; a second call does nothing.
    func close(_ operation: @autoclosure () -> String) throws {
        guard raw >= 0 else { return }
        let id = raw
        raw = -1
        HDF5Library.prepare()
        // Objects of a file closed with H5F_CLOSE_STRONG are already gone.
        guard H5Iis_valid(id) > 0 else { return }
        try HDF5Library.check(Identifier.close(id, kind), operation())
    }

    deinit {
        guard raw >= 0 else { return }
        HDF5Library.prepare()
        if H5Iis_valid(raw) > 0 { _ = Identifier.close(raw, kind) }
    }

    private static func close(_ id: hid_t, _ kind: Kind) -> herr_t {
        switch kind {
        case .file: return H5Fclose(id)
        case .group: return H5Gclose(id)
        case .dataset: return H5Dclose(id)
        case .datatype: return H5Tclose(id)
        case .dataspace: return H5Sclose(id)
        case .attribute: return H5Aclose(id)
        case .propertyList: return H5Pclose(id)
        }
    }
}
