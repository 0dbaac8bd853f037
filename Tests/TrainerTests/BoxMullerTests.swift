import Foundation
import XCTest
@testable import Trainer

/// The vectorised Box–Muller kernels against libm, and batch draws against single draws.
final class BoxMullerTests: XCTestCase {
    /// log within 2 ulp of libm's over (0, 1], including the ends and the √2 boundary.
    func testLogarithmMatchesLibm() {
        var stream = RandomStream(seed: 1)
        var inputs = [1.0, 0x1.0p-53, 0.5, 0.7071067811865476, 0.7071067811865475, 0.9999999999999999, 1e-300]
        for _ in 0..<20_000 { inputs.append(stream.uniformPositive()) }
        for start in stride(from: 0, to: inputs.count - 8, by: 8) {
            let lanes = BoxMuller.Lanes(inputs[start..<(start + 8)])
            let logs = BoxMuller.logarithm(lanes)
            for lane in 0..<8 {
                let expected = Foundation.log(lanes[lane])
                XCTAssertEqual(logs[lane], expected, accuracy: 2 * expected.ulp.magnitude, "log(\(lanes[lane]))")
            }
        }
    }

    /// √x within 1 ulp of the correctly rounded one over the radii Box–Muller meets
    /// (−2 log u ∈ [0, 74]) and beyond.
    func testSquareRootMatchesCorrectlyRounded() {
        var stream = RandomStream(seed: 5)
        var inputs = [0, 1, 2, 4, 73.6, 1e-300, 1e300, 0.5, 3]
        while inputs.count % 8 != 0 { inputs.append(1) }
        for _ in 0..<20_000 { inputs.append(-2 * Foundation.log(stream.uniformPositive())) }
        while inputs.count % 8 != 0 { inputs.append(1) }
        for start in stride(from: 0, to: inputs.count, by: 8) {
            let lanes = BoxMuller.Lanes(inputs[start..<(start + 8)])
            let roots = BoxMuller.squareRoot(lanes)
            for lane in 0..<8 {
                let expected = lanes[lane].squareRoot()
                XCTAssertEqual(roots[lane], expected, accuracy: expected.ulp, "sqrt(\(lanes[lane]))")
            }
        }
    }

    /// sin 2πu and cos 2πu within 2.5e-16 of libm's (absolute: these are bounded by 1),
    /// including the quadrant boundaries, plus the error libm's reference itself makes by
    /// rounding its argument 2πu (up to half an ulp of 2πu; ours reduces u exactly).
    func testSineAndCosineOfTurnsMatchLibm() {
        var stream = RandomStream(seed: 2)
        var inputs = [0, 0.125, 0.25, 0.375, 0.5, 0.625, 0.75, 0.875, 0.999999999, 0.1, 0.2, 0.3, 0.7, 1.0 / 3]
        while inputs.count % 8 != 0 { inputs.append(0.9) }
        for _ in 0..<20_000 { inputs.append(stream.uniform()) }
        for start in stride(from: 0, to: inputs.count - 8, by: 8) {
            let lanes = BoxMuller.Lanes(inputs[start..<(start + 8)])
            let (s, c) = BoxMuller.sinCosOfTurns(lanes)
            for lane in 0..<8 {
                let angle = 2 * Double.pi * lanes[lane]
                let tolerance = 2.5e-16 + angle.ulp
                XCTAssertEqual(s[lane], Foundation.sin(angle), accuracy: tolerance, "sin(2π·\(lanes[lane]))")
                XCTAssertEqual(c[lane], Foundation.cos(angle), accuracy: tolerance, "cos(2π·\(lanes[lane]))")
            }
        }
    }

    /// Batches give the numbers of single draws bit for bit, for any split of the calls.
    func testBatchDrawsEqualSingleDraws() {
        var single = RandomStream(seed: 3)
        let parts = [1, 17, 3, 32, 48, 64, 130, 65, 200]   // below, at and above one kernel call (64)
        let expected = (0..<parts.reduce(0, +)).map { _ in single.normal() }
        var batched = RandomStream(seed: 3)
        var got = [Double]()
        for part in parts { got += batched.normals(part) }
        XCTAssertEqual(got, expected)
        // And the stream continues identically afterwards.
        XCTAssertEqual(batched.normal(), single.normal())
    }

    /// Moments of a million draws: mean 0, variance 1, kurtosis 3 (within 5 standard errors).
    func testMoments() {
        var stream = RandomStream(seed: 4)
        let count = 1_000_000
        let z = stream.normals(count)
        let mean = z.reduce(0, +) / Double(count)
        let variance = z.reduce(0) { $0 + $1 * $1 } / Double(count)
        let fourth = z.reduce(0) { $0 + $1 * $1 * $1 * $1 } / Double(count)
        XCTAssertEqual(mean, 0, accuracy: 5 / Double(count).squareRoot())
        XCTAssertEqual(variance, 1, accuracy: 5 * 2.0.squareRoot() / Double(count).squareRoot())
        XCTAssertEqual(fourth, 3, accuracy: 5 * 96.0.squareRoot() / Double(count).squareRoot())
    }
}
