extension Group {
    /// Writes attribute `name` on this group, replacing any existing one. See ``AttributeValue``.
    public func setAttribute(_ name: String, _ value: AttributeValue) throws {
        try AttributeIO.write(value, name: name, on: identifier.raw, describing: "group '\(path)' in '\(filePath)'")
    }

    /// Reads attribute `name` of this group. See ``AttributeValue`` for how types map.
    public func attribute(_ name: String) throws -> AttributeValue {
        try AttributeIO.read(name: name, on: identifier.raw, describing: "group '\(path)' in '\(filePath)'")
    }
}
