import TOMLKit
import Trainer

/// Turns spec text into a `SweepSpec`, checking it against its protocol's schema.
///
/// Sections are read in the order `[fixed]`, `[grid]`, `[[zip]]`, `[derived]`, and the
/// keys of each in source order, so the first error reported is the first one in that
/// order. Positions come from `SpecSourceMap`.
struct SpecParser {
    let file: String
    let text: String
    let map: SpecSourceMap

    /// The keys allowed at the top level.
    static let topLevelKeys = ["protocol", "root_seed", "repeats", "description", "fixed", "grid", "zip", "derived"]

    init(text: String, file: String) {
        self.file = file
        self.text = text
        self.map = SpecSourceMap(text: text)
    }

    // MARK: Errors

    /// An error at `path` (its line, or the line of the nearest enclosing table), with
    /// the dotted key (array elements shown by name: `zip.n`).
    func error(at path: [String]?, _ message: String) -> SpecError {
        SpecError(
            file: file,
            line: path.flatMap { map.nearestLocation(of: $0)?.line },
            key: path.map(SpecParser.dotted),
            message: message)
    }

    /// An error on a given line with a given key.
    func error(line: Int?, key: String?, _ message: String) -> SpecError {
        SpecError(file: file, line: line, key: key, message: message)
    }

    /// `["zip[1]", "n"]` → `zip.n`.
    static func dotted(_ path: [String]) -> String {
        path.map { component in
            if component.hasSuffix("]"), let open = component.lastIndex(of: "["), open != component.startIndex {
                return String(component[..<open])
            }
            return component
        }.joined(separator: ".")
    }

    func line(of path: [String]) -> Int? { map.nearestLocation(of: path)?.line }

    /// The keys of `table` (at `path`) in source order; keys the scan did not locate
    /// come last, in TOMLKit's order.
    func orderedKeys(_ table: TOMLTable, at path: [String]) -> [String] {
        let unknown = SpecSourceMap.Location(line: Int.max, column: Int.max)
        return table.keys.enumerated()
            .map { (offset: $0.offset, key: $0.element, location: map.location(of: path + [$0.element]) ?? unknown) }
            .sorted { ($0.location, $0.offset) < ($1.location, $1.offset) }
            .map(\.key)
    }

    // MARK: Top level

    func parse() throws -> SweepSpec {
        let root: TOMLTable
        do {
            root = try TOMLTable(string: text)
        } catch let problem as TOMLParseError {
            throw SpecError(
                file: file, line: problem.source.begin.line, column: problem.source.begin.column,
                message: "invalid TOML: \(problem.description)")
        }

        let (protocolName, experiment) = try readProtocol(root)
        let names = experiment.parameters.map(\.name)

        for key in orderedKeys(root, at: []) where !SpecParser.topLevelKeys.contains(key) {
            if names.contains(key) || key == "seed" {
                throw error(at: [key], "`\(key)` is a parameter: set it in [fixed], [grid], [[zip]] or [derived], not at the top level (before any [table] header)")
            }
            throw error(at: [key], "unknown key `\(key)`\(NameSuggestion.hint(for: key, in: SpecParser.topLevelKeys))")
        }

        let rootSeed = try readRootSeed(root)
        let repeats = try readRepeats(root)
        let description = try readDescription(root)
        let content = try readContent(root, experiment: experiment)
        return SweepSpec(
            file: file, text: text, protocolName: protocolName, rootSeed: rootSeed,
            repeats: repeats, description: description, content: content)
    }

    func readProtocol(_ root: TOMLTable) throws -> (String, any ExperimentProtocol) {
        let known = ProtocolRegistry.names
        let list = known.map { "\"\($0)\"" }.joined(separator: ", ")
        guard let value = root["protocol"] else {
            throw error(line: nil, key: "protocol", "missing: add `protocol = \"…\"` at the top, one of \(list)")
        }
        guard let name = value.string else {
            throw error(at: ["protocol"], "must be a string, one of \(list); found \(SpecParser.describe(value.type))")
        }
        guard let experiment = ProtocolRegistry.named(name) else {
            throw error(at: ["protocol"], "unknown protocol \"\(name)\"\(NameSuggestion.hint(for: name, in: known)) (known: \(list))")
        }
        return (name, experiment)
    }

    func readRootSeed(_ root: TOMLTable) throws -> UInt64 {
        guard let value = root["root_seed"] else {
            throw error(line: nil, key: "root_seed", "missing: add `root_seed = <integer ≥ 0>` at the top; every random stream derives from it")
        }
        guard let seed = value.int else {
            throw error(at: ["root_seed"], "must be an integer ≥ 0; found \(SpecParser.describe(value.type))")
        }
        guard seed >= 0 else {
            throw error(at: ["root_seed"], "must be an integer ≥ 0; found \(seed)")
        }
        return UInt64(seed)
    }

    func readRepeats(_ root: TOMLTable) throws -> Int {
        guard let value = root["repeats"] else { return 1 }
        guard let repeats = value.int else {
            throw error(at: ["repeats"], "must be an integer ≥ 1; found \(SpecParser.describe(value.type))")
        }
        guard repeats >= 1 else {
            throw error(at: ["repeats"], "must be an integer ≥ 1; found \(repeats)")
        }
        return repeats
    }

    func readDescription(_ root: TOMLTable) throws -> String? {
        guard let value = root["description"] else { return nil }
        guard let text = value.string else {
            throw error(at: ["description"], "must be a string; found \(SpecParser.describe(value.type))")
        }
        return text
    }

    /// `an integer`, `a list`, … for messages.
    static func describe(_ type: TOMLType) -> String {
        switch type {
        case .table: return "a table"
        case .array: return "a list"
        case .string: return "a string"
        case .int: return "an integer"
        case .double: return "a floating-point number"
        case .bool: return "a boolean"
        case .date: return "a date"
        case .time: return "a time"
        case .dateTime: return "a date-time"
        }
    }
}
