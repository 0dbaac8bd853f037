import Crypto
import Foundation
import Trainer

/// A sweep spec (TOML): the protocol, the root seed, the repeats, and what the
/// spec sets — fixed values, grid axes, zipped axes and derived parameters.
///
/// Parsing checks everything that does not depend on a particular task: unknown
/// keys (with the nearest valid name), types, the range of every value of every
/// axis, parameters set twice or never, expression syntax and dependency cycles.
/// `SweepPlan(spec:)` expands the grid and checks each task. Every problem is a
/// `SpecError` naming file, line and key.
public struct SweepSpec: Sendable {
    /// The path as given (used in errors).
    public let file: String
    /// The exact source text (stored in the result file).
    public let text: String
    /// SHA-256 of `text` (UTF-8), 64 lowercase hex digits.
    public let textHash: String
    /// `protocol = "giant-step"`: one of `ProtocolRegistry.names`.
    public let protocolName: String
    /// `root_seed`: every random stream derives from it and the task key.
    public let rootSeed: UInt64
    /// `repeats` (default 1): repeat indices 0..<repeats per grid point.
    public let repeats: Int
    /// `description`, if given.
    public let description: String?
    /// The checked content, expanded by `SweepPlan`.
    let content: SpecContent

    init(file: String, text: String, protocolName: String, rootSeed: UInt64, repeats: Int, description: String?, content: SpecContent) {
        self.file = file
        self.text = text
        self.textHash = SweepSpec.hash(text)
        self.protocolName = protocolName
        self.rootSeed = rootSeed
        self.repeats = repeats
        self.description = description
        self.content = content
    }

    /// Reads and parses the spec at `path`; an unreadable file is a `SpecError` naming it.
    public static func load(path: String) throws -> SweepSpec {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            let reason = (error as NSError).localizedFailureReason ?? (error as NSError).localizedDescription
            throw SpecError(file: path, message: "cannot read the spec: \(reason)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw SpecError(file: path, message: "cannot read the spec: it is not UTF-8 text")
        }
        return try parse(text: text, file: path)
    }

    /// Parses spec text; `file` is only used in error messages. Throws `SpecError`.
    public static func parse(text: String, file: String) throws -> SweepSpec {
        try SpecParser(text: text, file: file).parse()
    }

    /// The SHA-256 of `text` as lowercase hex.
    static func hash(_ text: String) -> String {
        SHA256.hash(data: Array(text.utf8)).map { byte in
            let digits = String(byte, radix: 16)
            return byte < 16 ? "0" + digits : digits
        }.joined()
    }
}
