/// Reads what `ByteWriter` wrote; every read past the end throws instead of trapping,
/// so a torn or foreign record is reported, not crashed on.
public struct ByteReader {
    public struct Truncated: Error, CustomStringConvertible {
        public var description: String { "record ends before its last field" }
    }

    private let bytes: [UInt8]
    public private(set) var offset: Int

    public init(_ bytes: [UInt8], offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    public var isAtEnd: Bool { offset >= bytes.count }

    private mutating func take(_ count: Int) throws -> ArraySlice<UInt8> {
        guard count >= 0, offset + count <= bytes.count else { throw Truncated() }
        defer { offset += count }
        return bytes[offset..<offset + count]
    }

    public mutating func readByte() throws -> UInt8 { try take(1).first! }

    public mutating func readUInt32() throws -> UInt32 {
        try take(4).reversed().reduce(UInt32(0)) { ($0 << 8) | UInt32($1) }
    }

    public mutating func readUInt64() throws -> UInt64 {
        try take(8).reversed().reduce(UInt64(0)) { ($0 << 8) | UInt64($1) }
    }

    public mutating func readInt() throws -> Int { Int(Int64(bitPattern: try readUInt64())) }

    public mutating func readDouble() throws -> Double { Double(bitPattern: try readUInt64()) }

    public mutating func readString() throws -> String {
        let count = Int(try readUInt32())
        return String(decoding: try take(count), as: UTF8.self)
    }

    public mutating func readDoubles() throws -> [Double] {
        let count = Int(try readUInt32())
        guard count * 8 <= bytes.count - offset else { throw Truncated() }
        return try (0..<count).map { _ in try readDouble() }
    }
}
