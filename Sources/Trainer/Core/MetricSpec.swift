/// The declaration of a scalar metric: its column name in `/tasks` and `/cube`,
/// a description (the `/cube` variable's `long_name` and `description`) and its
/// units (the CF `units` attribute: "1" for dimensionless numbers and counts).
public struct MetricSpec: Sendable, Equatable {
    public let name: String
    public let summary: String
    public let units: String
    public init(_ name: String, _ summary: String, units: String = "1") {
        self.name = name
        self.summary = summary
        self.units = units
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
