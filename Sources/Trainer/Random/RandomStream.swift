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

    /// Standard normal by the Box–Muller transform (both outputs used).
    public mutating func normal() -> Double {
        if let spare = spareNormal {
            spareNormal = nil
            return spare
        }
        let radius = (-2 * Double.log(uniformPositive())).squareRoot()
        let angle = 2 * Double.pi * uniform()
        spareNormal = radius * Double.sin(angle)
        return radius * Double.cos(angle)
    }

    /// Fills an array with independent N(0, σ²) draws.
    public mutating func normals(_ count: Int, standardDeviation: Double = 1) -> [Double] {
        var values = [Double](repeating: 0, count: count)
        for i in 0..<count { values[i] = standardDeviation * normal() }
        return values
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
