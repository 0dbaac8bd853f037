extension SIMD8 where Scalar == Double {
    /// The eight Floats as Doubles (one vcvtps2pd). Written lane by lane with constant
    /// indices: the generic SIMD conversion compiled to a loop over the lanes.
    @inlinable @inline(__always)
    public init(widening v: SIMD8<Float>) {
        self.init(Double(v[0]), Double(v[1]), Double(v[2]), Double(v[3]),
                  Double(v[4]), Double(v[5]), Double(v[6]), Double(v[7]))
    }
}
