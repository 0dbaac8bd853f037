extension Group {
    /// Overwrites the value of the existing scalar number attribute `name` in place (it is not
    /// deleted and made again, as ``setAttribute(_:_:)`` does): the attribute keeps its type,
    /// size and place in the file. Only `.int64` and `.double` values; fails when the attribute
    /// is missing or is not a scalar number.
    public func overwriteAttribute(_ name: String, _ value: AttributeValue) throws {
        try AttributeIO.overwrite(value, name: name, on: identifier.raw, describing: "group '\(path)' in '\(filePath)'")
    }
}
