/// A received message: who sent it, with which tag, and its bytes.
public struct Message: Sendable, Equatable {
    /// The sender's rank in the communicator.
    public let source: Int
    /// The message tag.
    public let tag: Int32
    /// The payload.
    public let bytes: [UInt8]

    /// Creates a message.
    public init(source: Int, tag: Int32, bytes: [UInt8]) {
        self.source = source
        self.tag = tag
        self.bytes = bytes
    }
}
