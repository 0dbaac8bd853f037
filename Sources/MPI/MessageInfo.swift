/// A message waiting to be received, as reported by a probe: sender, tag and size in bytes.
public struct MessageInfo: Sendable, Equatable {
    /// The sender's rank in the communicator.
    public let source: Int
    /// The message tag.
    public let tag: Int32
    /// The payload size in bytes.
    public let count: Int

    /// Creates a message description.
    public init(source: Int, tag: Int32, count: Int) {
        self.source = source
        self.tag = tag
        self.count = count
    }
}
