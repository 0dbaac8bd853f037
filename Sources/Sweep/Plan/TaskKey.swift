import Crypto
import Trainer

/// The identity of a task: a hash of its protocol, its full normalised parameter set
/// and its repeat index — never of its position in the plan. A spec that grows (more
/// values, more repeats) keeps every old task's key, so `--resume` finds them.
public struct TaskKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The first 8 bytes of the hash, big-endian.
    public let high: UInt64
    /// The next 8 bytes, big-endian.
    public let low: UInt64

    /// Held as two integers (16 bytes, no allocation) so that a plan of 10^6 tasks keeps
    /// its keys in 16 MB; `hex` spells them out.
    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// Accepts 32 hex digits (either case), or returns nil.
    public init?(hex: String) {
        let utf8 = Array(hex.utf8)
        guard utf8.count == 32 else { return nil }
        var words: [UInt64] = [0, 0]
        for (position, byte) in utf8.enumerated() {
            let digit: UInt8
            switch byte {
            case 48...57: digit = byte - 48
            case 97...102: digit = byte - 87
            case 65...70: digit = byte - 55
            default: return nil
            }
            words[position / 16] = words[position / 16] << 4 | UInt64(digit)
        }
        self.init(high: words[0], low: words[1])
    }

    /// 32 lowercase hex digits: the first 16 bytes of the SHA-256 of `canonicalForm`.
    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var bytes = [UInt8](repeating: 0, count: 32)
        for position in 0..<16 {
            bytes[position] = digits[Int(high >> (60 - 4 * UInt64(position)) & 15)]
            bytes[16 + position] = digits[Int(low >> (60 - 4 * UInt64(position)) & 15)]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The first 8 bytes of the hash, big-endian: the `keyBits` of `TaskRandomness`.
    public var bits: UInt64 { high }

    /// The hex digits.
    public var description: String { hex }

    /// Orders keys by their hex digits (the same as by `(high, low)`).
    public static func < (a: TaskKey, b: TaskKey) -> Bool { (a.high, a.low) < (b.high, b.low) }

    /// The key from a SHA-256 digest's first 16 bytes.
    init<D: Sequence>(digest: D) where D.Element == UInt8 {
        var high: UInt64 = 0, low: UInt64 = 0
        for (position, byte) in digest.prefix(16).enumerated() {
            if position < 8 { high = high << 8 | UInt64(byte) } else { low = low << 8 | UInt64(byte) }
        }
        self.init(high: high, low: low)
    }

    /// The key of a task of protocol `protocolName` with these (full, normalised)
    /// parameters; `parameters.seed` is the repeat index.
    public static func make(protocolName: String, parameters: TaskParameters) -> TaskKey {
        TaskKey(digest: SHA256.hash(data: Array(canonicalForm(protocolName: protocolName, parameters: parameters).utf8)))
    }

    /// The text that is hashed: `"protocol=<name>\n"`, then every parameter sorted by
    /// name (byte order of UTF-8) as `"<name>=<value>\n"` — integers in decimal, reals
    /// as `"r:"` and the 16 hex digits of their IEEE-754 bit pattern (with -0.0 taken
    /// as 0.0), categories as `"s:"` and the string — then `"repeat=<index>\n"`.
    /// Options a protocol declares `keyedAtDefault: false` are left out while they hold
    /// their default (`ExperimentProtocol.keyedValues`): adding an option keeps old keys.
    public static func canonicalForm(protocolName: String, parameters: TaskParameters) -> String {
        canonicalPrefix(protocolName: protocolName, values: parameters.values) + "repeat=\(parameters.seed)\n"
    }

    /// `canonicalForm` without its last line: what every repeat of a grid point shares.
    static func canonicalPrefix(protocolName: String, values all: [String: ParameterValue]) -> String {
        var text = "protocol=\(protocolName)\n"
        let values = ProtocolRegistry.named(protocolName)?.keyedValues(all) ?? all
        let names = values.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        for name in names {
            text += "\(name)=\(canonical(values[name]!))\n"
        }
        return text
    }

    /// The keys of repeats `0..<repeats` of one grid point, from its `canonicalPrefix`
    /// (hashed once; each repeat adds only its last line): equal to `make` for each.
    static func make(canonicalPrefix: String, repeats: Int, into keys: inout [TaskKey]) {
        var shared = SHA256()
        shared.update(data: Array(canonicalPrefix.utf8))
        for repeatIndex in 0..<repeats {
            var hasher = shared
            hasher.update(data: Array("repeat=\(repeatIndex)\n".utf8))
            keys.append(TaskKey(digest: hasher.finalize()))
        }
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
