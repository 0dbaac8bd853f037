import XCTest
import Trainer
@testable import Sweep

final class TaskKeyTests: XCTestCase {
    private let sample = TaskParameters(
        ["n": .integer(512), "alpha": .real(0.1), "activation": .text("crelu"), "N": .integer(64)], seed: 3)

    func testCanonicalForm() {
        XCTAssertEqual(TaskKey.canonicalForm(protocolName: "giant-step", parameters: sample),
                       "protocol=giant-step\nN=64\nactivation=s:crelu\nalpha=r:3fb999999999999a\nn=512\nrepeat=3\n")
    }

    func testKnownHash() {
        // python3: hashlib.sha256(canonical.encode()).hexdigest()[:32]
        let key = TaskKey.make(protocolName: "giant-step", parameters: sample)
        XCTAssertEqual(key.hex, "05231e05ba3cd74558efb5b1bac6b298")
        XCTAssertEqual(key.description, key.hex)
        XCTAssertEqual(key.bits, 0x0523_1e05_ba3c_d745)
        XCTAssertEqual(key.bits, 370172604322731845)
    }

    func testHexInit() {
        XCTAssertEqual(TaskKey(hex: "05231E05BA3CD74558EFB5B1BAC6B298")?.hex, "05231e05ba3cd74558efb5b1bac6b298")
        XCTAssertNil(TaskKey(hex: "05231e05ba3cd74558efb5b1bac6b29"))     // 31 digits
        XCTAssertNil(TaskKey(hex: "05231e05ba3cd74558efb5b1bac6b2980"))   // 33 digits
        XCTAssertNil(TaskKey(hex: "g5231e05ba3cd74558efb5b1bac6b298"))
        XCTAssertNil(TaskKey(hex: ""))
        let low = TaskKey(hex: String(repeating: "0", count: 31) + "1")!
        let high = TaskKey(hex: "f" + String(repeating: "0", count: 31))!
        XCTAssertLessThan(low, high)
        XCTAssertEqual(low.bits, 0)
        XCTAssertEqual(high.bits, 0xf000_0000_0000_0000)
    }

    func testValueSpellingsInKeys() {
        func key(_ value: ParameterValue, seed: Int = 0) -> TaskKey {
            TaskKey.make(protocolName: "p", parameters: TaskParameters(["x": value], seed: seed))
        }
        XCTAssertEqual(key(.real(-0.0)), key(.real(0.0)))
        XCTAssertNotEqual(key(.real(0.1)), key(.real(0.1000000001)))
        XCTAssertNotEqual(key(.real(0.1)), key(.real(0.1.nextUp)))
        XCTAssertNotEqual(key(.integer(1)), key(.real(1)))
        XCTAssertNotEqual(key(.text("1")), key(.integer(1)))
        XCTAssertNotEqual(key(.integer(1)), key(.integer(1), seed: 1))
        XCTAssertEqual(TaskKey.canonical(.real(-0.0)), "r:0000000000000000")
        XCTAssertEqual(TaskKey.canonical(.real(1)), "r:3ff0000000000000")
        XCTAssertEqual(TaskKey.canonical(.integer(-5)), "-5")
        XCTAssertNotEqual(TaskKey.make(protocolName: "p", parameters: sample), TaskKey.make(protocolName: "q", parameters: sample))
    }

    // MARK: Keys of plans

    private func keys(_ text: String) throws -> [TaskKey] { try SpecFixture.plan(text).tasks.map(\.key) }

    private func spec(repeats: Int = 1, _ body: String) -> String {
        "protocol = \"giant-step\"\nroot_seed = 7\nrepeats = \(repeats)\n" + body
    }

    private let fixedRest = "[fixed]\nn_readout = 64\nn_test = 32\nd = 32\nN = 64\n"

    func testKeysIndependentOfGridOrder() throws {
        let alphaFirst = try keys(spec(fixedRest + "[grid]\nalpha = [0.0, 0.1, 0.2]\nn = [64, 128]\n"))
        let nFirst = try keys(spec(fixedRest + "[grid]\nn = [64, 128]\nalpha = [0.0, 0.1, 0.2]\n"))
        XCTAssertEqual(alphaFirst.count, 6)
        XCTAssertNotEqual(alphaFirst, nFirst)  // plan order differs…
        XCTAssertEqual(Set(alphaFirst), Set(nFirst))  // …the set of keys does not
        let reversedValues = try keys(spec(fixedRest + "[grid]\nn = [128, 64]\nalpha = [0.2, 0.1, 0.0]\n"))
        XCTAssertEqual(Set(reversedValues), Set(nFirst))
    }

    func testReorderingFixedKeysChangesNothing() throws {
        let a = try keys(spec("[fixed]\nn = 64\nn_readout = 64\nn_test = 32\nd = 32\nN = 64\nalpha = 0.1\nlambda = 0.01\n"))
        let b = try keys(spec("[fixed]\nlambda = 0.01\nalpha = 0.1\nN = 64\nd = 32\nn_test = 32\nn_readout = 64\nn = 64\n"))
        XCTAssertEqual(a, b)
        // Setting a parameter to its default explicitly is the same task as leaving it out.
        let topK = try XCTUnwrap(GiantStep().parameter(named: "top_k")?.defaultValue)
        let defaulted = try keys(spec("[fixed]\nn = 64\nn_readout = 64\nn_test = 32\nd = 32\nN = 64\nalpha = 0.1\nlambda = 0.01\ntop_k = \(topK)\n"))
        XCTAssertEqual(a, defaulted)
    }

    func testGrowingSpecKeepsOldKeys() throws {
        let small = try keys(spec(fixedRest + "[grid]\nn = [64]\nalpha = [0.0, 0.1]\n"))
        let moreAlphas = try keys(spec(fixedRest + "[grid]\nn = [64]\nalpha = [0.0, 0.05, 0.1, 0.2]\n"))
        let moreRepeats = try keys(spec(repeats: 3, fixedRest + "[grid]\nn = [64]\nalpha = [0.0, 0.1]\n"))
        let newAxisValue = try keys(spec(repeats: 3, fixedRest + "[grid]\nn = [64, 128]\nalpha = [0.0, 0.05, 0.1, 0.2]\n"))
        XCTAssertTrue(Set(small).isSubset(of: Set(moreAlphas)))
        XCTAssertTrue(Set(small).isSubset(of: Set(moreRepeats)))
        XCTAssertTrue(Set(moreAlphas).isSubset(of: Set(newAxisValue)))
        XCTAssertTrue(Set(moreRepeats).isSubset(of: Set(newAxisValue)))
        XCTAssertEqual(moreRepeats.count, 6)
        XCTAssertEqual(Set(newAxisValue).count, 24)
    }

    func testDerivedEqualsFixedWithSameValue() throws {
        let derived = try keys(spec("[fixed]\nn = 64\nn_readout = 64\nn_test = 32\nN = 64\nalpha = 0.1\n[derived]\nd = \"n\"\n"))
        let fixed = try keys(spec("[fixed]\nn = 64\nn_readout = 64\nn_test = 32\nN = 64\nalpha = 0.1\nd = 64\n"))
        XCTAssertEqual(derived, fixed)
        let derivedReal = try keys(spec(fixedRest + "alpha = 0.1\nn = 64\n[derived]\nlambda = \"1 / n\"\n"))
        let fixedReal = try keys(spec(fixedRest + "alpha = 0.1\nn = 64\nlambda = 0.015625\n"))
        XCTAssertEqual(derivedReal, fixedReal)
    }

    func testIntegerAndRealSpellingGiveSameKey() throws {
        let integer = try keys(spec(fixedRest + "n = 64\nalpha = 0\nc = 1\n"))
        let real = try keys(spec(fixedRest + "n = 64\nalpha = 0.0\nc = 1.0\n"))
        XCTAssertEqual(integer, real)
        let grid = try keys(spec(fixedRest + "n = 64\nalpha = 0.0\n[grid]\nc = [1, 2]\n"))
        let gridReal = try keys(spec(fixedRest + "n = 64\nalpha = 0.0\n[grid]\nc = [1.0, 2.0]\n"))
        let linspace = try keys(spec(fixedRest + "n = 64\nalpha = 0.0\n[grid]\nc = { linspace = [1, 2, 2] }\n"))
        XCTAssertEqual(grid, gridReal)
        XCTAssertEqual(grid, linspace)
        XCTAssertEqual(grid[0], integer[0])
        // A one-parameter zip and a grid axis with the same values are the same tasks.
        let zipped = try keys(spec(fixedRest + "n = 64\nalpha = 0.0\n[[zip]]\nc = [1, 2]\n"))
        XCTAssertEqual(zipped, grid)
    }

    func testDistinctTasksHaveDistinctKeys() throws {
        let text = spec(repeats: 3, "[fixed]\nn_test = 32\nd = 32\n[grid]\nalpha = { linspace = [0.0, 0.45, 10] }\nactivation = [\"crelu\", \"relu\", \"tanh\"]\n[[zip]]\nn = [64, 128, 256]\nn_readout = [64, 128, 256]\n[derived]\nN = \"2 * n\"\n")
        let plan = try SpecFixture.plan(text)
        XCTAssertEqual(plan.tasks.count, 10 * 3 * 3 * 3)
        XCTAssertEqual(Set(plan.tasks.map(\.key)).count, plan.tasks.count)
        XCTAssertEqual(Set(plan.tasks.map(\.key.bits)).count, plan.tasks.count)
        XCTAssertTrue(plan.tasks.allSatisfy { $0.key.hex.count == 32 && TaskKey(hex: $0.key.hex) == $0.key })
    }

    func testRootSeedDoesNotEnterKeys() throws {
        let a = try keys(spec(fixedRest + "n = 64\nalpha = 0.1\n"))
        let b = try keys(spec(fixedRest + "n = 64\nalpha = 0.1\n").replacingOccurrences(of: "root_seed = 7", with: "root_seed = 8"))
        XCTAssertEqual(a, b)
        let plan = try SpecFixture.plan(spec(fixedRest + "n = 64\nalpha = 0.1\n"))
        XCTAssertNotEqual(plan.tasks[0].randomness(rootSeed: 7), plan.tasks[0].randomness(rootSeed: 8))
    }
}
