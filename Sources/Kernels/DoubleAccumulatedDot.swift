/// Σ a[j]·b[j] for j < count, accumulated in Double, for any mix of Float and Double
/// operands: eight lanes of SIMD8<Double> partial sums (j mod 8), added at the end, then
/// the tail. One running sum would make every add wait for the previous one.
@inlinable @inline(__always)
public func doubleAccumulatedDot<A: GEMMScalar, B: GEMMScalar>(_ a: UnsafePointer<A>, _ b: UnsafePointer<B>, count: Int) -> Double {
    var sums = SIMD8<Double>()
    var j = 0
    while j + 8 <= count {
        sums = sums.addingProduct(doubleLanes(a, at: j), doubleLanes(b, at: j))
        j += 8
    }
    var total = sums.sum()
    while j < count {
        total += Double(a[j]) * Double(b[j])
        j += 1
    }
    return total
}

/// Elements j ..< j + 8 as Doubles (GEMMScalar is Float or Double).
@inlinable @inline(__always)
func doubleLanes<T: GEMMScalar>(_ p: UnsafePointer<T>, at j: Int) -> SIMD8<Double> {
    let raw = UnsafeRawPointer(p + j)
    if T.self == Float.self { return SIMD8(widening: raw.loadUnaligned(as: SIMD8<Float>.self)) }
    return raw.loadUnaligned(as: SIMD8<Double>.self)
}
