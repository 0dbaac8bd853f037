/// The Box–Muller transform on eight pairs of uniforms at once: z₁ = r·cos 2πu₂,
/// z₂ = r·sin 2πu₂ with r = √(−2 log u₁).
///
/// The logarithm and sine/cosine are fdlibm's polynomial kernels (Sun Microsystems,
/// freely distributable), evaluated in SIMD8<Double> with fused multiply-adds: about
/// 1 ulp, the same as libm, at a fraction of its cost, and the same bits on every
/// machine and for every lane (a scalar draw runs the same code in lane 0). `BoxMullerTests` checks
/// both functions against libm.
enum BoxMuller {
    typealias Lanes = SIMD8<Double>

    /// Pairs handled by one call of `transform(_:into:)`: four independent groups of eight,
    /// so the long dependency chains (division, Newton steps, polynomials) of one group
    /// overlap with those of the others.
    static let pairsPerCall = 32

    /// `pairsPerCall` pairs through memory, in groups of eight: for group g,
    /// `uniforms[16g ..< 16g+8]` = u₁ and `uniforms[16g+8 ..< 16g+16]` = u₂ in, and the same
    /// places of `results` = r·cos 2πu₂ and r·sin 2πu₂ out. Kept out of line: compiled on its
    /// own it runs in full-width vector registers throughout, where inlined into a draw loop
    /// the optimiser split the lanes into pairs and called the sine out of line.
    @inline(never)
    static func transform(_ uniforms: UnsafePointer<Double>, into results: UnsafeMutablePointer<Double>) {
        let input = UnsafeRawPointer(uniforms)
        let output = UnsafeMutableRawPointer(results)
        let (c0, s0) = transform(input.loadUnaligned(fromByteOffset: 0, as: Lanes.self), input.loadUnaligned(fromByteOffset: 64, as: Lanes.self))
        let (c1, s1) = transform(input.loadUnaligned(fromByteOffset: 128, as: Lanes.self), input.loadUnaligned(fromByteOffset: 192, as: Lanes.self))
        let (c2, s2) = transform(input.loadUnaligned(fromByteOffset: 256, as: Lanes.self), input.loadUnaligned(fromByteOffset: 320, as: Lanes.self))
        let (c3, s3) = transform(input.loadUnaligned(fromByteOffset: 384, as: Lanes.self), input.loadUnaligned(fromByteOffset: 448, as: Lanes.self))
        output.storeBytes(of: c0, toByteOffset: 0, as: Lanes.self); output.storeBytes(of: s0, toByteOffset: 64, as: Lanes.self)
        output.storeBytes(of: c1, toByteOffset: 128, as: Lanes.self); output.storeBytes(of: s1, toByteOffset: 192, as: Lanes.self)
        output.storeBytes(of: c2, toByteOffset: 256, as: Lanes.self); output.storeBytes(of: s2, toByteOffset: 320, as: Lanes.self)
        output.storeBytes(of: c3, toByteOffset: 384, as: Lanes.self); output.storeBytes(of: s3, toByteOffset: 448, as: Lanes.self)
    }

    /// a·b + c with one rounding (a fused multiply-add; Swift does not fuse `a * b + c`
    /// by itself). Fused Horner steps are as accurate as the separate ones and give the
    /// same bits on every machine (IEEE 754 defines the fused operation).
    @inline(__always)
    static func fused(_ a: Lanes, _ b: Lanes, _ c: Lanes) -> Lanes { c.addingProduct(a, b) }
    @inline(__always)
    static func fused(_ a: Lanes, _ b: Lanes, _ c: Double) -> Lanes { fused(a, b, Lanes(repeating: c)) }
    @inline(__always)
    static func fused(_ a: Lanes, _ b: Double, _ c: Double) -> Lanes { fused(a, Lanes(repeating: b), Lanes(repeating: c)) }

    /// (r·cos 2πu₂, r·sin 2πu₂) for u₁ ∈ (0, 1], u₂ ∈ [0, 1).
    @inline(__always)
    static func transform(_ u1: Lanes, _ u2: Lanes) -> (cos: Lanes, sin: Lanes) {
        let radius: Lanes = squareRoot(-2 * logarithm(u1))
        let (s, c) = sinCosOfTurns(u2)
        return (radius * c, radius * s)
    }

    /// √x for x ≥ 0 within an ulp, in vector instructions: 1/√x from the exponent-halving
    /// bit trick, four Newton steps (relative error 3e-2 → 1e-16), then r = x·y corrected by
    /// y·(x − r²)/2. (`SIMD.squareRoot()` goes lane by lane through libm's `sqrt`.)
    @inline(__always)
    static func squareRoot(_ x: Lanes) -> Lanes {
        let bits = unsafeBitCast(x, to: SIMD8<UInt64>.self)
        var y = unsafeBitCast(0x5FE6_EB50_C7B5_37A9 &- (bits &>> 1), to: Lanes.self)
        let minusHalfX: Lanes = -0.5 * x
        for _ in 0..<4 { y = y * fused(minusHalfX * y, y, 1.5) }
        let r: Lanes = x * y
        return fused(0.5 * y, fused(-r, r, x), r)
    }

    /// log x for positive normal x (fdlibm `__ieee754_log`: x = 2ᵏ(1 + f) with
    /// √2/2 ≤ 1 + f < √2, log(1 + f) = 2s + s·R(s²), s = f/(2 + f)).
    @inline(__always)
    static func logarithm(_ x: Lanes) -> Lanes {
        let bits = unsafeBitCast(x, to: SIMD8<UInt64>.self)
        // k as a Double: the exponent field placed in the mantissa of 2⁵², minus 2⁵² and the bias.
        var k = unsafeBitCast((bits &>> 52) | 0x4330_0000_0000_0000, to: Lanes.self) - (4_503_599_627_370_496 + 1023)
        // 1 + f in [1, 2); above √2 it is halved and k raised by one. (Compared as
        // Doubles: 64-bit integer lane comparisons do not vectorise.)
        var mantissa = unsafeBitCast((bits & 0x000F_FFFF_FFFF_FFFF) | 0x3FF0_0000_0000_0000, to: Lanes.self)
        let high = mantissa .> 1.4142135623730951
        mantissa.replace(with: 0.5 * mantissa, where: high)
        k.replace(with: k + 1, where: high)
        let f: Lanes = mantissa - 1

        let s: Lanes = f / (2 + f)
        let z: Lanes = s * s
        let w: Lanes = z * z
        var t1: Lanes = fused(w, 0.15313837699209373, 0.22222198432149784)
        t1 = w * fused(w, t1, 0.3999999999940941908)
        var t2: Lanes = fused(w, 0.14798198605116586, 0.18183572161618050)
        t2 = fused(w, t2, 0.2857142874366239)
        t2 = z * fused(w, t2, 0.6666666666666735)
        let r: Lanes = t2 + t1
        let halfSquare: Lanes = 0.5 * f * f
        let ln2High = 6.93147180369123816490e-01, ln2Low = 1.90821492927058770002e-10
        return k * ln2High - ((halfSquare - (s * (halfSquare + r) + k * ln2Low)) - f)
    }

    /// (sin 2πu, cos 2πu) for u ∈ [0, 1): u·4 = q + r exactly (q the nearest integer,
    /// |r| ≤ ½), θ = r·π/2 ∈ [−π/4, π/4] through fdlibm's `__kernel_sin`/`__kernel_cos`,
    /// then the quadrant q mod 4 by exact swaps and sign changes.
    @inline(__always)
    static func sinCosOfTurns(_ u: Lanes) -> (sin: Lanes, cos: Lanes) {
        let y: Lanes = 4 * u
        let q: Lanes = y.rounded(.toNearestOrEven)
        let theta: Lanes = (y - q) * 1.5707963267948966
        let z: Lanes = theta * theta

        var sinPoly: Lanes = fused(z, 1.58969099521155010221e-10, -2.50507602534068634195e-08)
        sinPoly = fused(z, sinPoly, 2.75573137070700676789e-06)
        sinPoly = fused(z, sinPoly, -1.98412698298579493134e-04)
        sinPoly = fused(z, sinPoly, 8.33333333332248946124e-03)
        sinPoly = fused(z, sinPoly, -1.66666666666666324348e-01)
        let sine: Lanes = fused(theta * z, sinPoly, theta)

        var cosPoly: Lanes = fused(z, -1.13596475577881948265e-11, 2.08757232129817482790e-09)
        cosPoly = fused(z, cosPoly, -2.75573143513906633035e-07)
        cosPoly = fused(z, cosPoly, 2.48015872894767294178e-05)
        cosPoly = fused(z, cosPoly, -1.38888888888741095749e-03)
        cosPoly = fused(z, cosPoly, 4.16666666666666019037e-02)
        cosPoly = z * cosPoly
        let halfZ: Lanes = 0.5 * z
        let w: Lanes = 1 - halfZ
        let cosine: Lanes = w + fused(z, cosPoly, (1 - w) - halfZ)

        // Quadrant q ∈ {0, 1, 2, 3, 4}; 4 is a full turn.
        let quadrant: Lanes = q - 4 * (q * 0.25).rounded(.down)
        let negativeSine: Lanes = -sine, negativeCosine: Lanes = -cosine
        var s = sine, c = cosine
        let one = quadrant .== 1, two = quadrant .== 2, three = quadrant .== 3
        s.replace(with: cosine, where: one)
        c.replace(with: negativeSine, where: one)
        s.replace(with: negativeSine, where: two)
        c.replace(with: negativeCosine, where: two)
        s.replace(with: negativeCosine, where: three)
        c.replace(with: sine, where: three)
        return (s, c)
    }
}
