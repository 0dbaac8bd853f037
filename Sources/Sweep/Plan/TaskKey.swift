import Crypto
import Trainer

/// The identity of a task: a hash of its protocol, its full normalised parameter set
/// and its repeat index — never of its position in the plan. A spec that grows (more
/// values, more repeats) keeps every old task's key, so `--resume` finds them.
public struct TaskKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// 32 lowercase hex digits: the first 16 bytes of the SHA-256 of `canonicalForm`.
    public let hex: String

    /// Accepts 32 hex digits (either case; stored lowercase), or returns nil.
    public init?(hex: String) {
        let lower = hex.lowercased()
        guard lower.utf8.count == 32, lower.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }) else {
            return nil
        }
        self.hex = lower
    }

    /// The first 8 bytes of the hash, big-endian: the `keyBits` of `TaskRandomness`.
    public var bits: UInt64 { UInt64(hex.prefix(16), radix: 16)! }

    /// The hex digits.
    public var description: String { hex }

    /// Orders keys by their hex digits.
    public static func < (a: TaskKey, b: TaskKey) -> Bool { a.hex < b.hex }

    /// The key of a task of protocol `protocolName` with these (full, normalised)
    /// parameters; `parameters.seed` is the repeat index.
    public static func make(protocolName: String, parameters: TaskParameters) -> TaskKey {
        let digest = SHA256.hash(data: Array(canonicalForm(protocolName: protocolName, parameters: parameters).utf8))
        let hex = digest.prefix(16).map { byte in
            let digits = String(byte, radix: 16)
            return byte < 16 ? "0" + digits : digits
        }.joined()
        return TaskKey(hex: hex)!
    }

    /// The text that is hashed: `"protocol=<name>\n"`, then every parameter sorted by
    /// name (byte order of UTF-8) as `"<name>=<value>\n"` — integers in decimal, reals
    /// as `"r:"` and the 16 hex digits of their IEEE-754 bit pattern (with -0.0 taken
    /// as 0.0), categories as `"s:"` and the string — then `"repeat=<index>\n"`.
    /// Options a protocol declares `keyedAtDefault: false` are left out while they hold
    /// their default (`ExperimentProtocol.keyedValues`): adding an option keeps old keys.
    public static func canonicalForm(protocolName: String, parameters: TaskParameters) -> String {
        var text = "protocol=\(protocolName)\n"
        let values = ProtocolRegistry.named(protocolName)?.keyedValues(parameters) ?? parameters.values
        let names = values.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        for name in names {
            text += "\(name)=\(canonical(values[name]!))\n"
        }
        text += "repeat=\(parameters.seed)\n"
        return text
    }

    static func canonical(_ value: ParameterValue) -> String {
        switch value {
        case .integer(let v):
            return String(v)
        case .real(let v):
            let bits = (v == 0 ? 0.0 : v).bitPattern
            let digits = String(bits, radix: 16)
            return "r:" + String(repeating: "0", count: 16 - digits.count) + digits
        case .text(let v):
            return "s:" + v
        }
    }
}
