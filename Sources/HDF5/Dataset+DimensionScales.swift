import CHDF5

extension Dataset {
    /// Makes this (1-D) dataset a dimension scale (`H5DSset_scale`): sets `CLASS =
    /// "DIMENSION_SCALE"` and `NAME = name`.
    ///
    /// netCDF readers (h5netcdf, xarray) name the dimension after the scale dataset itself: give
    /// `name` equal to the dataset's own name, and attach the scale to every dimension it labels.
    public func makeDimensionScale(name: String) throws {
        HDF5Library.prepare()
        try HDF5Library.check(
            H5DSset_scale(identifier.raw, name), "cannot make dataset \(described) a dimension scale '\(name)'")
    }

    /// Attaches the dimension scale `scale` to dimension `dimension` (0-based) of this dataset
    /// (`H5DSattach_scale`): writes `DIMENSION_LIST` here and `REFERENCE_LIST` on the scale.
    public func attachDimensionScale(_ scale: Dataset, dimension: Int) throws {
        HDF5Library.prepare()
        let operation = "cannot attach dimension scale '\(scale.path)' to dimension \(dimension) of dataset \(described)"
        guard dimension >= 0 else { throw HDF5Error(operation: operation, messages: ["negative dimension index"]) }
        try HDF5Library.check(H5DSattach_scale(identifier.raw, scale.identifier.raw, UInt32(dimension)), operation)
    }

    /// Labels dimension `dimension` (0-based) of this dataset (`H5DSset_label`).
    public func setDimensionLabel(_ label: String, dimension: Int) throws {
        HDF5Library.prepare()
        let operation = "cannot label dimension \(dimension) of dataset \(described)"
        guard dimension >= 0 else { throw HDF5Error(operation: operation, messages: ["negative dimension index"]) }
        try HDF5Library.check(H5DSset_label(identifier.raw, UInt32(dimension), label), operation)
    }

    /// Whether this dataset is a dimension scale (`H5DSis_scale`).
    public var isDimensionScale: Bool {
        get throws {
            HDF5Library.prepare()
            return try HDF5Library.check(tri: H5DSis_scale(identifier.raw), "cannot inspect dataset \(described)")
        }
    }

    /// Whether `scale` is attached to dimension `dimension` of this dataset (`H5DSis_attached`).
    public func isDimensionScaleAttached(_ scale: Dataset, dimension: Int) throws -> Bool {
        HDF5Library.prepare()
        let operation = "cannot inspect dimension \(dimension) of dataset \(described)"
        guard dimension >= 0 else { throw HDF5Error(operation: operation, messages: ["negative dimension index"]) }
        return try HDF5Library.check(
            tri: H5DSis_attached(identifier.raw, scale.identifier.raw, UInt32(dimension)), operation)
    }

    /// The label of dimension `dimension` (0-based), `""` when there is none (`H5DSget_label`).
    public func dimensionLabel(dimension: Int) throws -> String {
        HDF5Library.prepare()
        let operation = "cannot read the label of dimension \(dimension) of dataset \(described)"
        guard dimension >= 0 else { throw HDF5Error(operation: operation, messages: ["negative dimension index"]) }
        let length = H5DSget_label(identifier.raw, UInt32(dimension), nil, 0)
        if length < 0 { throw HDF5Error.fromStack(operation) }
        if length == 0 { return "" }
        var buffer = [CChar](repeating: 0, count: length + 1)
        if H5DSget_label(identifier.raw, UInt32(dimension), &buffer, buffer.count) < 0 {
            throw HDF5Error.fromStack(operation)
        }
        return String(cString: buffer)
    }
}
