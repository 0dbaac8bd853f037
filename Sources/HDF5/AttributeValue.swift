/// The value of an HDF5 attribute on a group or dataset.
///
/// Written as: `.string` a scalar fixed-length string (NUL-terminated, UTF-8); `.double` a scalar
/// `H5T_IEEE_F64LE`; `.int64` a scalar `H5T_STD_I64LE`; `.doubles` a 1-D `H5T_IEEE_F64LE` array.
/// Read back by type and rank: strings (fixed or variable length) as `.string`, scalar floats as
/// `.double`, scalar integers as `.int64`, float or integer arrays as `.doubles`.
///
/// An attribute lives in its object's header and must stay below 64 KiB (about 8000 doubles).
public enum AttributeValue: Equatable, Sendable {
    case string(String)
    case double(Double)
    case int64(Int64)
    case doubles([Double])
}
