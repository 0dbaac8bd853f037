import RealModule

/// A deterministic random stream: xoshiro256** seeded through SplitMix64.
///
/// Every random quantity of a task comes from a named stream of its
/// `TaskRandomness`, so what one stream draws never shifts another, and the
/// numbers depend only on (root seed, task key, stream name) — never on which
/// rank runs the task or when.
public struct RandomStream: RandomNumberGenerator, Sendable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64
    private var spareNormal: Double? = nil

    /// Seeds the four words of state from `seed` with SplitMix64, as the
    /// xoshiro authors recommend.
    public init(seed: UInt64) {
        var mixer = SplitMix64(state: seed)
        s0 = mixer.next(); s1 = mixer.next(); s2 = mixer.next(); s3 = mixer.next()
    }

    @inlinable @inline(__always)
    static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 &- k)) }

    public mutating func next() -> UInt64 {
        let result = RandomStream.rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = RandomStream.rotl(s3, 45)
        return result
    }

    /// Uniform on [0, 1) with 53 random bits.
    public mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// Uniform on (0, 1]: safe to take the logarithm of.
    public mutating func uniformPositive() -> Double {
        Double((next() >> 11) + 1) * 0x1.0p-53
    }

    /// Standard normal by the Box–Muller transform (both outputs used): u₁ then u₂ are
    /// drawn, r·cos 2πu₂ is returned and r·sin 2πu₂ kept for the next call.
    public mutating func normal() -> Double {
        if let spare = spareNormal {
            spareNormal = nil
            return spare
        }
        var u1 = BoxMuller.Lanes(repeating: 1), u2 = BoxMuller.Lanes()
        u1[0] = uniformPositive()
        u2[0] = uniform()
        let (c, s) = BoxMuller.transform(u1, u2)
        spareNormal = s[0]
        return c[0]
    }

    /// Fills `values` with independent N(0, σ²) draws: the same numbers, bit for bit,
    /// as that many calls of `normal()` (times σ), eight pairs at a time.
    public mutating func fillNormals(_ values: UnsafeMutableBufferPointer<Double>, standardDeviation: Double = 1) {
        var index = 0
        let count = values.count
        if let spare = spareNormal, count > 0 {
            spareNormal = nil
            values[0] = standardDeviation * spare
            index = 1
        }
        // Each run of 64 outputs first holds, per group of eight pairs, 8 u₁ and 8 u₂ (in
        // draw order); the normals computed from them are then written interleaved
        // (z₁ z₂ of pair 0, z₁ z₂ of pair 1, …).
        guard let base = values.baseAddress else { return }
        let run = 2 * BoxMuller.pairsPerCall
        withUnsafeTemporaryAllocation(of: Double.self, capacity: run) { scratch in
            let results = scratch.baseAddress!
            while count - index >= run {
                for group in stride(from: 0, to: run, by: 16) {
                    for lane in 0..<8 {
                        base[index + group + lane] = uniformPositive()
                        base[index + group + 8 + lane] = uniform()
                    }
                }
                BoxMuller.transform(UnsafePointer(base + index), into: results)
                for group in stride(from: 0, to: run, by: 16) {
                    for lane in 0..<8 {
                        base[index + group + 2 * lane] = standardDeviation * results[group + lane]
                        base[index + group + 2 * lane + 1] = standardDeviation * results[group + 8 + lane]
                    }
                }
                index += run
            }
        }
        while index < count {
            values[index] = standardDeviation * normal()
            index += 1
        }
    }

    /// Fills an array with independent N(0, σ²) draws.
    public mutating func normals(_ count: Int, standardDeviation: Double = 1) -> [Double] {
        [Double](unsafeUninitializedCapacity: count) { buffer, initialised in
            fillNormals(buffer, standardDeviation: standardDeviation)
            initialised = count
        }
    }
}

/// SplitMix64 (Steele, Lea, Flood 2014): a seed expander and key mixer.
public struct SplitMix64: Sendable {
    public var state: UInt64
    public init(state: UInt64) { self.state = state }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SplitMix64.mix(state)
    }

    /// The SplitMix64 finaliser: a bijective 64-bit mixer.
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
