import Trainer

/// One task as the manager sends it to a worker: its plan index, its key and its full
/// parameter set. Workers hold no plan, so their memory does not depend on the sweep's
/// size; a smoke task's message is about 120 bytes.
public struct TaskAssignment: Equatable, Sendable {
    public var index: Int
    public var key: TaskKey
    /// Every parameter; `.seed` is the repeat index.
    public var parameters: TaskParameters

    public init(index: Int, key: TaskKey, parameters: TaskParameters) {
        self.index = index
        self.key = key
        self.parameters = parameters
    }

    public init(_ task: PlannedTask) {
        self.init(index: task.index, key: task.key, parameters: task.parameters)
    }

    public struct DecodingError: Error, CustomStringConvertible {
        public let description: String
    }

    /// `index`, the key's two words, the repeat index, then the parameters sorted by name
    /// (name, a kind byte 1 integer / 2 real / 3 text, the value).
    public var encoded: [UInt8] {
        var writer = ByteWriter()
        writer.write(index)
        writer.write(key.high)
        writer.write(key.low)
        writer.write(parameters.seed)
        let names = parameters.values.keys.sorted()
        writer.write(UInt32(names.count))
        for name in names {
            writer.write(name)
            switch parameters.values[name]! {
            case .integer(let v):
                writer.write(UInt8(1))
                writer.write(v)
            case .real(let v):
                writer.write(UInt8(2))
                writer.write(v)
            case .text(let v):
                writer.write(UInt8(3))
                writer.write(v)
            }
        }
        return writer.bytes
    }

    public static func decode(_ bytes: [UInt8]) throws -> TaskAssignment {
        var reader = ByteReader(bytes)
        let index = try reader.readInt()
        let key = TaskKey(high: try reader.readUInt64(), low: try reader.readUInt64())
        let seed = try reader.readInt()
        var values = [String: ParameterValue]()
        for _ in 0..<(try reader.readUInt32()) {
            let name = try reader.readString()
            switch try reader.readByte() {
            case 1: values[name] = .integer(try reader.readInt())
            case 2: values[name] = .real(try reader.readDouble())
            case 3: values[name] = .text(try reader.readString())
            case let kind: throw DecodingError(description: "parameter \(name) has unknown kind \(kind)")
            }
        }
        return TaskAssignment(index: index, key: key, parameters: TaskParameters(values, seed: seed))
    }
}
