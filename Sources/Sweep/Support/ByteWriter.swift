/// Appends little-endian binary values to a byte buffer: the encoding of journal
/// records and of the messages between ranks. Doubles travel as bit patterns, so
/// a metric read back is bit-identical to the one computed.
public struct ByteWriter {
    public private(set) var bytes: [UInt8] = []

    public init() {}

    public mutating func write(_ value: UInt8) { bytes.append(value) }

    public mutating func write(_ value: UInt32) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    public mutating func write(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    public mutating func write(_ value: Int) { write(UInt64(bitPattern: Int64(value))) }

    public mutating func write(_ value: Double) { write(value.bitPattern) }

    public mutating func write(_ value: String) {
        let utf8 = Array(value.utf8)
        write(UInt32(utf8.count))
        bytes.append(contentsOf: utf8)
    }

    public mutating func write(_ values: [Double]) {
        write(UInt32(values.count))
        for value in values { write(value) }
    }
}
