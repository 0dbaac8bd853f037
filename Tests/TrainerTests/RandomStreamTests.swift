import XCTest
@testable import Trainer

final class RandomStreamTests: XCTestCase {
    func testStreamsAreReproducibleAndIndependentByPurpose() {
        let randomness = TaskRandomness(rootSeed: 42, keyBits: 0xDEAD_BEEF)
        var a = randomness.stream("weights"), b = randomness.stream("weights"), c = randomness.stream("train-data")
        let first = (0..<8).map { _ in a.next() }
        XCTAssertEqual(first, (0..<8).map { _ in b.next() })
        XCTAssertNotEqual(first, (0..<8).map { _ in c.next() })
        var other = TaskRandomness(rootSeed: 43, keyBits: 0xDEAD_BEEF).stream("weights")
        XCTAssertNotEqual(first, (0..<8).map { _ in other.next() })
    }

    func testNormalsHaveUnitVariance() {
        var stream = RandomStream(seed: 3)
        let values = (0..<200_000).map { _ in stream.normal() }
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
        XCTAssertEqual(mean, 0, accuracy: 0.01)
        XCTAssertEqual(variance, 1, accuracy: 0.01)
    }
}
