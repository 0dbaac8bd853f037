/// The source of every random stream of one task, derived from the sweep's root
/// seed and the task's key (never from its position in the plan or its rank).
public struct TaskRandomness: Sendable, Equatable {
    public let rootSeed: UInt64
    /// 64 bits of the task key's hash.
    public let keyBits: UInt64

    public init(rootSeed: UInt64, keyBits: UInt64) {
        self.rootSeed = rootSeed
        self.keyBits = keyBits
    }

    /// An independent stream for one purpose of the task ("weights", "train-data", …).
    public func stream(_ purpose: String) -> RandomStream {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325  // FNV-1a over the purpose's bytes
        for byte in purpose.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        let seed = SplitMix64.mix(SplitMix64.mix(rootSeed ^ SplitMix64.mix(keyBits)) ^ hash)
        return RandomStream(seed: seed)
    }
}
