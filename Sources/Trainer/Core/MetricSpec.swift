/// The declaration of a scalar metric: its column name in `/tasks` and `/cube`,
/// and a description (with units) stored as an HDF5 attribute.
public struct MetricSpec: Sendable, Equatable {
    public let name: String
    public let summary: String
    public init(_ name: String, _ summary: String) {
        self.name = name
        self.summary = summary
    }
}

/// The declaration of a fixed-width per-task array (`/arrays/<name>`, shape [tasks, width]).
public struct ArraySpec: Sendable, Equatable {
    public let name: String
    public let summary: String
    public init(_ name: String, _ summary: String) {
        self.name = name
        self.summary = summary
    }
}
