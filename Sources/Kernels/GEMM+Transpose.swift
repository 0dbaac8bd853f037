// Transposing pack for the case where the tile's lines are contiguous along the depth
// (op(A) not transposed, op(B) transposed): whole SIMD blocks are loaded along the depth
// and transposed in registers, instead of one scalar (or scatter) per element.
// Generated code: one unrolled block transpose per element type.

extension Float {
    /// `packed[p·tile + r] = source[r·lineStride + p]` for p < depth and r < lines, and
    /// zero for lines ≤ r < tile: the transposing pack, 16×16 blocks at a time through
    /// 4 rounds of in-register unzips (one two-source permute per vector per round).
    /// May write up to 15 values past the panel (callers leave slack); those are
    /// overwritten by the next panel's packing.
    @inline(__always)
    public static func gemmTransposePack(
        _ source: UnsafePointer<Float>, lineStride: Int, lines: Int, depth: Int, tile: Int,
        into packed: UnsafeMutablePointer<Float>
    ) {
        let groups = (tile + 15) / 16
        let chunks = depth / 16
        for chunk in 0..<chunks {
            let p0 = chunk * 16
            // The last (possibly partial) group first: its stores spill into the next
            // depth step's first group, which is written afterwards.
            var group = groups - 1
            while group >= 0 {
                let line0 = group * 16
                let from = source + line0 * lineStride + p0
                var v0 = line0 + 0 < lines ? UnsafeRawPointer(from + 0 * lineStride).loadUnaligned(as: SIMD16<Float>.self) : SIMD16<Float>()
                var v1 = line0 + 1 < lines ? UnsafeRawPointer(from + 1 * lineStride).loadUnaligned(as: SIMD16<Float>.self) : SIMD16<Float>()
                var v2 = line0 + 2 < lines ? UnsafeRawPointer(from + 2 * lineStride).loadUnaligned(as: SIMD16<Float>.self) : SIMD16<Float>()
                var v3 = line0 + 3 < lines ? UnsafeRawPointer(from + 3 * lineStride).loadUnaligned(as: SIMD16<Float>.self) : SIMD16<Float>()
                var v4 = line0 + 4 < lines ? UnsafeRawPointer(from + 4 * lineStride).loadUnaligned(as: SIMD16<Float>.self) : SIMD16<Float>()
                var v5 = line0 + 5 < lines ? UnsafeRawPointer(from + 5 * lineStride).loadUnaligned(as: SIMD16<Float>.self) : SIMD16<Float>()
                var v6 = line0 + 6 < lines ? UnsafeRawPointer(from + 6 * lineStride).loadUnaligned(as: SIMD16<Float>.self) : SIMD16<Float>()
                var v7 = line0 + 7 < lines ? UnsafeRawPointer(from + 7 * lineStride).loadUnaligned(as: SIMD16<Float>.self) : SIMD16<Float>()
                var v8 = line0 + 8 < lines ? UnsafeRawPointer(from + 8 * lineStride).loadUnaligned(as: SIMD16<Float>.self) : SIMD16<Float>()
                var v9 = line0 + 9 < lines ? UnsafeRawPointer(from + 9 * lineStride).loadUnaligned(as: SIMD16<Float>.self) : SIMD16<Float>()
                var v10 = line0 + 10 < lines ? UnsafeRawPointer(from + 10 * lineStride).loadUnaligned(as: SIMD16<Float>.self) : SIMD16<Float>()
                var v11 = line0 + 11 < lines ? UnsafeRawPointer(from + 11 * lineStride).loadUnaligned(as: SIMD16<Float>.self) : SIMD16<Float>()
                var v12 = line0 + 12 < lines ? UnsafeRawPointer(from + 12 * lineStride).loadUnaligned(as: SIMD16<Float>.self) : SIMD16<Float>()
                var v13 = line0 + 13 < lines ? UnsafeRawPointer(from + 13 * lineStride).loadUnaligned(as: SIMD16<Float>.self) : SIMD16<Float>()
                var v14 = line0 + 14 < lines ? UnsafeRawPointer(from + 14 * lineStride).loadUnaligned(as: SIMD16<Float>.self) : SIMD16<Float>()
                var v15 = line0 + 15 < lines ? UnsafeRawPointer(from + 15 * lineStride).loadUnaligned(as: SIMD16<Float>.self) : SIMD16<Float>()
                do {  // unzip round 1 of 4
                    let u0 = SIMD16<Float>(lowHalf: v0.evenHalf, highHalf: v1.evenHalf)
                    let u8 = SIMD16<Float>(lowHalf: v0.oddHalf, highHalf: v1.oddHalf)
                    let u1 = SIMD16<Float>(lowHalf: v2.evenHalf, highHalf: v3.evenHalf)
                    let u9 = SIMD16<Float>(lowHalf: v2.oddHalf, highHalf: v3.oddHalf)
                    let u2 = SIMD16<Float>(lowHalf: v4.evenHalf, highHalf: v5.evenHalf)
                    let u10 = SIMD16<Float>(lowHalf: v4.oddHalf, highHalf: v5.oddHalf)
                    let u3 = SIMD16<Float>(lowHalf: v6.evenHalf, highHalf: v7.evenHalf)
                    let u11 = SIMD16<Float>(lowHalf: v6.oddHalf, highHalf: v7.oddHalf)
                    let u4 = SIMD16<Float>(lowHalf: v8.evenHalf, highHalf: v9.evenHalf)
                    let u12 = SIMD16<Float>(lowHalf: v8.oddHalf, highHalf: v9.oddHalf)
                    let u5 = SIMD16<Float>(lowHalf: v10.evenHalf, highHalf: v11.evenHalf)
                    let u13 = SIMD16<Float>(lowHalf: v10.oddHalf, highHalf: v11.oddHalf)
                    let u6 = SIMD16<Float>(lowHalf: v12.evenHalf, highHalf: v13.evenHalf)
                    let u14 = SIMD16<Float>(lowHalf: v12.oddHalf, highHalf: v13.oddHalf)
                    let u7 = SIMD16<Float>(lowHalf: v14.evenHalf, highHalf: v15.evenHalf)
                    let u15 = SIMD16<Float>(lowHalf: v14.oddHalf, highHalf: v15.oddHalf)
                    v0 = u0; v1 = u1; v2 = u2; v3 = u3; v4 = u4; v5 = u5; v6 = u6; v7 = u7; v8 = u8; v9 = u9; v10 = u10; v11 = u11; v12 = u12; v13 = u13; v14 = u14; v15 = u15
                }
                do {  // unzip round 2 of 4
                    let u0 = SIMD16<Float>(lowHalf: v0.evenHalf, highHalf: v1.evenHalf)
                    let u8 = SIMD16<Float>(lowHalf: v0.oddHalf, highHalf: v1.oddHalf)
                    let u1 = SIMD16<Float>(lowHalf: v2.evenHalf, highHalf: v3.evenHalf)
                    let u9 = SIMD16<Float>(lowHalf: v2.oddHalf, highHalf: v3.oddHalf)
                    let u2 = SIMD16<Float>(lowHalf: v4.evenHalf, highHalf: v5.evenHalf)
                    let u10 = SIMD16<Float>(lowHalf: v4.oddHalf, highHalf: v5.oddHalf)
                    let u3 = SIMD16<Float>(lowHalf: v6.evenHalf, highHalf: v7.evenHalf)
                    let u11 = SIMD16<Float>(lowHalf: v6.oddHalf, highHalf: v7.oddHalf)
                    let u4 = SIMD16<Float>(lowHalf: v8.evenHalf, highHalf: v9.evenHalf)
                    let u12 = SIMD16<Float>(lowHalf: v8.oddHalf, highHalf: v9.oddHalf)
                    let u5 = SIMD16<Float>(lowHalf: v10.evenHalf, highHalf: v11.evenHalf)
                    let u13 = SIMD16<Float>(lowHalf: v10.oddHalf, highHalf: v11.oddHalf)
                    let u6 = SIMD16<Float>(lowHalf: v12.evenHalf, highHalf: v13.evenHalf)
                    let u14 = SIMD16<Float>(lowHalf: v12.oddHalf, highHalf: v13.oddHalf)
                    let u7 = SIMD16<Float>(lowHalf: v14.evenHalf, highHalf: v15.evenHalf)
                    let u15 = SIMD16<Float>(lowHalf: v14.oddHalf, highHalf: v15.oddHalf)
                    v0 = u0; v1 = u1; v2 = u2; v3 = u3; v4 = u4; v5 = u5; v6 = u6; v7 = u7; v8 = u8; v9 = u9; v10 = u10; v11 = u11; v12 = u12; v13 = u13; v14 = u14; v15 = u15
                }
                do {  // unzip round 3 of 4
                    let u0 = SIMD16<Float>(lowHalf: v0.evenHalf, highHalf: v1.evenHalf)
                    let u8 = SIMD16<Float>(lowHalf: v0.oddHalf, highHalf: v1.oddHalf)
                    let u1 = SIMD16<Float>(lowHalf: v2.evenHalf, highHalf: v3.evenHalf)
                    let u9 = SIMD16<Float>(lowHalf: v2.oddHalf, highHalf: v3.oddHalf)
                    let u2 = SIMD16<Float>(lowHalf: v4.evenHalf, highHalf: v5.evenHalf)
                    let u10 = SIMD16<Float>(lowHalf: v4.oddHalf, highHalf: v5.oddHalf)
                    let u3 = SIMD16<Float>(lowHalf: v6.evenHalf, highHalf: v7.evenHalf)
                    let u11 = SIMD16<Float>(lowHalf: v6.oddHalf, highHalf: v7.oddHalf)
                    let u4 = SIMD16<Float>(lowHalf: v8.evenHalf, highHalf: v9.evenHalf)
                    let u12 = SIMD16<Float>(lowHalf: v8.oddHalf, highHalf: v9.oddHalf)
                    let u5 = SIMD16<Float>(lowHalf: v10.evenHalf, highHalf: v11.evenHalf)
                    let u13 = SIMD16<Float>(lowHalf: v10.oddHalf, highHalf: v11.oddHalf)
                    let u6 = SIMD16<Float>(lowHalf: v12.evenHalf, highHalf: v13.evenHalf)
                    let u14 = SIMD16<Float>(lowHalf: v12.oddHalf, highHalf: v13.oddHalf)
                    let u7 = SIMD16<Float>(lowHalf: v14.evenHalf, highHalf: v15.evenHalf)
                    let u15 = SIMD16<Float>(lowHalf: v14.oddHalf, highHalf: v15.oddHalf)
                    v0 = u0; v1 = u1; v2 = u2; v3 = u3; v4 = u4; v5 = u5; v6 = u6; v7 = u7; v8 = u8; v9 = u9; v10 = u10; v11 = u11; v12 = u12; v13 = u13; v14 = u14; v15 = u15
                }
                do {  // unzip round 4 of 4
                    let u0 = SIMD16<Float>(lowHalf: v0.evenHalf, highHalf: v1.evenHalf)
                    let u8 = SIMD16<Float>(lowHalf: v0.oddHalf, highHalf: v1.oddHalf)
                    let u1 = SIMD16<Float>(lowHalf: v2.evenHalf, highHalf: v3.evenHalf)
                    let u9 = SIMD16<Float>(lowHalf: v2.oddHalf, highHalf: v3.oddHalf)
                    let u2 = SIMD16<Float>(lowHalf: v4.evenHalf, highHalf: v5.evenHalf)
                    let u10 = SIMD16<Float>(lowHalf: v4.oddHalf, highHalf: v5.oddHalf)
                    let u3 = SIMD16<Float>(lowHalf: v6.evenHalf, highHalf: v7.evenHalf)
                    let u11 = SIMD16<Float>(lowHalf: v6.oddHalf, highHalf: v7.oddHalf)
                    let u4 = SIMD16<Float>(lowHalf: v8.evenHalf, highHalf: v9.evenHalf)
                    let u12 = SIMD16<Float>(lowHalf: v8.oddHalf, highHalf: v9.oddHalf)
                    let u5 = SIMD16<Float>(lowHalf: v10.evenHalf, highHalf: v11.evenHalf)
                    let u13 = SIMD16<Float>(lowHalf: v10.oddHalf, highHalf: v11.oddHalf)
                    let u6 = SIMD16<Float>(lowHalf: v12.evenHalf, highHalf: v13.evenHalf)
                    let u14 = SIMD16<Float>(lowHalf: v12.oddHalf, highHalf: v13.oddHalf)
                    let u7 = SIMD16<Float>(lowHalf: v14.evenHalf, highHalf: v15.evenHalf)
                    let u15 = SIMD16<Float>(lowHalf: v14.oddHalf, highHalf: v15.oddHalf)
                    v0 = u0; v1 = u1; v2 = u2; v3 = u3; v4 = u4; v5 = u5; v6 = u6; v7 = u7; v8 = u8; v9 = u9; v10 = u10; v11 = u11; v12 = u12; v13 = u13; v14 = u14; v15 = u15
                }
                let to = packed + p0 * tile + line0
                UnsafeMutableRawPointer(to + 0 * tile).storeBytes(of: v0, as: SIMD16<Float>.self)
                UnsafeMutableRawPointer(to + 1 * tile).storeBytes(of: v1, as: SIMD16<Float>.self)
                UnsafeMutableRawPointer(to + 2 * tile).storeBytes(of: v2, as: SIMD16<Float>.self)
                UnsafeMutableRawPointer(to + 3 * tile).storeBytes(of: v3, as: SIMD16<Float>.self)
                UnsafeMutableRawPointer(to + 4 * tile).storeBytes(of: v4, as: SIMD16<Float>.self)
                UnsafeMutableRawPointer(to + 5 * tile).storeBytes(of: v5, as: SIMD16<Float>.self)
                UnsafeMutableRawPointer(to + 6 * tile).storeBytes(of: v6, as: SIMD16<Float>.self)
                UnsafeMutableRawPointer(to + 7 * tile).storeBytes(of: v7, as: SIMD16<Float>.self)
                UnsafeMutableRawPointer(to + 8 * tile).storeBytes(of: v8, as: SIMD16<Float>.self)
                UnsafeMutableRawPointer(to + 9 * tile).storeBytes(of: v9, as: SIMD16<Float>.self)
                UnsafeMutableRawPointer(to + 10 * tile).storeBytes(of: v10, as: SIMD16<Float>.self)
                UnsafeMutableRawPointer(to + 11 * tile).storeBytes(of: v11, as: SIMD16<Float>.self)
                UnsafeMutableRawPointer(to + 12 * tile).storeBytes(of: v12, as: SIMD16<Float>.self)
                UnsafeMutableRawPointer(to + 13 * tile).storeBytes(of: v13, as: SIMD16<Float>.self)
                UnsafeMutableRawPointer(to + 14 * tile).storeBytes(of: v14, as: SIMD16<Float>.self)
                UnsafeMutableRawPointer(to + 15 * tile).storeBytes(of: v15, as: SIMD16<Float>.self)
                group -= 1
            }
        }
        for p in chunks * 16..<depth {
            let to = packed + p * tile
            for r in 0..<lines { to[r] = source[r * lineStride + p] }
            for r in lines..<tile { to[r] = 0 }
        }
    }
}

extension Double {
    /// `packed[p·tile + r] = source[r·lineStride + p]` for p < depth and r < lines, and
    /// zero for lines ≤ r < tile: the transposing pack, 8×8 blocks at a time through
    /// 3 rounds of in-register unzips (one two-source permute per vector per round).
    /// May write up to 7 values past the panel (callers leave slack); those are
    /// overwritten by the next panel's packing.
    @inline(__always)
    public static func gemmTransposePack(
        _ source: UnsafePointer<Double>, lineStride: Int, lines: Int, depth: Int, tile: Int,
        into packed: UnsafeMutablePointer<Double>
    ) {
        let groups = (tile + 7) / 8
        let chunks = depth / 8
        for chunk in 0..<chunks {
            let p0 = chunk * 8
            // The last (possibly partial) group first: its stores spill into the next
            // depth step's first group, which is written afterwards.
            var group = groups - 1
            while group >= 0 {
                let line0 = group * 8
                let from = source + line0 * lineStride + p0
                var v0 = line0 + 0 < lines ? UnsafeRawPointer(from + 0 * lineStride).loadUnaligned(as: SIMD8<Double>.self) : SIMD8<Double>()
                var v1 = line0 + 1 < lines ? UnsafeRawPointer(from + 1 * lineStride).loadUnaligned(as: SIMD8<Double>.self) : SIMD8<Double>()
                var v2 = line0 + 2 < lines ? UnsafeRawPointer(from + 2 * lineStride).loadUnaligned(as: SIMD8<Double>.self) : SIMD8<Double>()
                var v3 = line0 + 3 < lines ? UnsafeRawPointer(from + 3 * lineStride).loadUnaligned(as: SIMD8<Double>.self) : SIMD8<Double>()
                var v4 = line0 + 4 < lines ? UnsafeRawPointer(from + 4 * lineStride).loadUnaligned(as: SIMD8<Double>.self) : SIMD8<Double>()
                var v5 = line0 + 5 < lines ? UnsafeRawPointer(from + 5 * lineStride).loadUnaligned(as: SIMD8<Double>.self) : SIMD8<Double>()
                var v6 = line0 + 6 < lines ? UnsafeRawPointer(from + 6 * lineStride).loadUnaligned(as: SIMD8<Double>.self) : SIMD8<Double>()
                var v7 = line0 + 7 < lines ? UnsafeRawPointer(from + 7 * lineStride).loadUnaligned(as: SIMD8<Double>.self) : SIMD8<Double>()
                do {  // unzip round 1 of 3
                    let u0 = SIMD8<Double>(lowHalf: v0.evenHalf, highHalf: v1.evenHalf)
                    let u4 = SIMD8<Double>(lowHalf: v0.oddHalf, highHalf: v1.oddHalf)
                    let u1 = SIMD8<Double>(lowHalf: v2.evenHalf, highHalf: v3.evenHalf)
                    let u5 = SIMD8<Double>(lowHalf: v2.oddHalf, highHalf: v3.oddHalf)
                    let u2 = SIMD8<Double>(lowHalf: v4.evenHalf, highHalf: v5.evenHalf)
                    let u6 = SIMD8<Double>(lowHalf: v4.oddHalf, highHalf: v5.oddHalf)
                    let u3 = SIMD8<Double>(lowHalf: v6.evenHalf, highHalf: v7.evenHalf)
                    let u7 = SIMD8<Double>(lowHalf: v6.oddHalf, highHalf: v7.oddHalf)
                    v0 = u0; v1 = u1; v2 = u2; v3 = u3; v4 = u4; v5 = u5; v6 = u6; v7 = u7
                }
                do {  // unzip round 2 of 3
                    let u0 = SIMD8<Double>(lowHalf: v0.evenHalf, highHalf: v1.evenHalf)
                    let u4 = SIMD8<Double>(lowHalf: v0.oddHalf, highHalf: v1.oddHalf)
                    let u1 = SIMD8<Double>(lowHalf: v2.evenHalf, highHalf: v3.evenHalf)
                    let u5 = SIMD8<Double>(lowHalf: v2.oddHalf, highHalf: v3.oddHalf)
                    let u2 = SIMD8<Double>(lowHalf: v4.evenHalf, highHalf: v5.evenHalf)
                    let u6 = SIMD8<Double>(lowHalf: v4.oddHalf, highHalf: v5.oddHalf)
                    let u3 = SIMD8<Double>(lowHalf: v6.evenHalf, highHalf: v7.evenHalf)
                    let u7 = SIMD8<Double>(lowHalf: v6.oddHalf, highHalf: v7.oddHalf)
                    v0 = u0; v1 = u1; v2 = u2; v3 = u3; v4 = u4; v5 = u5; v6 = u6; v7 = u7
                }
                do {  // unzip round 3 of 3
                    let u0 = SIMD8<Double>(lowHalf: v0.evenHalf, highHalf: v1.evenHalf)
                    let u4 = SIMD8<Double>(lowHalf: v0.oddHalf, highHalf: v1.oddHalf)
                    let u1 = SIMD8<Double>(lowHalf: v2.evenHalf, highHalf: v3.evenHalf)
                    let u5 = SIMD8<Double>(lowHalf: v2.oddHalf, highHalf: v3.oddHalf)
                    let u2 = SIMD8<Double>(lowHalf: v4.evenHalf, highHalf: v5.evenHalf)
                    let u6 = SIMD8<Double>(lowHalf: v4.oddHalf, highHalf: v5.oddHalf)
                    let u3 = SIMD8<Double>(lowHalf: v6.evenHalf, highHalf: v7.evenHalf)
                    let u7 = SIMD8<Double>(lowHalf: v6.oddHalf, highHalf: v7.oddHalf)
                    v0 = u0; v1 = u1; v2 = u2; v3 = u3; v4 = u4; v5 = u5; v6 = u6; v7 = u7
                }
                let to = packed + p0 * tile + line0
                UnsafeMutableRawPointer(to + 0 * tile).storeBytes(of: v0, as: SIMD8<Double>.self)
                UnsafeMutableRawPointer(to + 1 * tile).storeBytes(of: v1, as: SIMD8<Double>.self)
                UnsafeMutableRawPointer(to + 2 * tile).storeBytes(of: v2, as: SIMD8<Double>.self)
                UnsafeMutableRawPointer(to + 3 * tile).storeBytes(of: v3, as: SIMD8<Double>.self)
                UnsafeMutableRawPointer(to + 4 * tile).storeBytes(of: v4, as: SIMD8<Double>.self)
                UnsafeMutableRawPointer(to + 5 * tile).storeBytes(of: v5, as: SIMD8<Double>.self)
                UnsafeMutableRawPointer(to + 6 * tile).storeBytes(of: v6, as: SIMD8<Double>.self)
                UnsafeMutableRawPointer(to + 7 * tile).storeBytes(of: v7, as: SIMD8<Double>.self)
                group -= 1
            }
        }
        for p in chunks * 8..<depth {
            let to = packed + p * tile
            for r in 0..<lines { to[r] = source[r * lineStride + p] }
            for r in lines..<tile { to[r] = 0 }
        }
    }
}
