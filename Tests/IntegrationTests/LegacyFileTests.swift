import Foundation
import HDF5
import Sweep
import XCTest

/// Files written before the plan moved to rank 0 (issue 15): `Fixtures/legacy.h5` and its
/// journal are a sweep that fsweep of main at 0c9541e stopped by SIGTERM with 7 of 12 tasks
/// done; `legacy-reference.h5` and `legacy-extended-reference.h5` are that fsweep's
/// uninterrupted runs of `legacy.toml` and `legacy-extended.toml`. Resuming and extending
/// with this fsweep must keep every key, recompute nothing and give the same bits.
final class LegacyFileTests: XCTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let metrics = ["value", "busy_ms"]

    private func copyLegacy(into scratch: ScratchDirectory) throws -> String {
        let out = scratch.path("legacy.h5")
        try FileManager.default.copyItem(atPath: LegacyFileTests.fixtures.appendingPathComponent("legacy.h5").path, toPath: out)
        try FileManager.default.copyItem(atPath: LegacyFileTests.fixtures.appendingPathComponent("legacy.h5.journal").path,
                                         toPath: Journal.path(forOutput: out))
        return out
    }

    private func reference(_ name: String) throws -> ResultFileContents {
        try ResultFileContents(path: LegacyFileTests.fixtures.appendingPathComponent(name).path, metrics: LegacyFileTests.metrics)
    }

    func testPlanKeysEqualTheLegacyFilesKeys() throws {
        for (spec, file) in [("legacy.toml", "legacy-reference.h5"), ("legacy-extended.toml", "legacy-extended-reference.h5")] {
            let plan = try SweepPlan(spec: SweepSpec.load(path: LegacyFileTests.fixtures.appendingPathComponent(spec).path))
            XCTAssertEqual(plan.tasks.map(\.key.hex), try reference(file).keysInOrder, spec)
        }
    }

    func testResumeOfALegacyFileRunsOnlyWhatWasPendingAndGivesTheSameBits() throws {
        let scratch = try ScratchDirectory()
        let out = try copyLegacy(into: scratch)
        let before = try Journal.read(path: Journal.path(forOutput: out)).results
        XCTAssertEqual(before.count, 7)
        let spec = LegacyFileTests.fixtures.appendingPathComponent("legacy.toml").path
        let outcome = try FSweepProcess.mpirun(ranks: 2, ["run", spec, "--out", out, "--resume", "--quiet"], in: scratch.url)
        XCTAssertEqual(outcome.status, 0, outcome.stderr)

        let resumed = try ResultFileContents(path: out, metrics: LegacyFileTests.metrics)
        let expected = try reference("legacy-reference.h5")
        XCTAssertEqual(resumed.keysInOrder, expected.keysInOrder)
        XCTAssertEqual(resumed.statusByKey, expected.statusByKey)
        XCTAssertEqual(resumed.metricBits, expected.metricBits)
        let keys = try Journal.read(path: Journal.path(forOutput: out)).results.map(\.key.hex)
        XCTAssertEqual(keys.count, 12, "the 7 legacy results were recomputed")
        XCTAssertEqual(Set(keys).count, 12)
    }

    func testExtendOfALegacyFileRunsOnlyTheNewTasks() throws {
        let scratch = try ScratchDirectory()
        let out = try copyLegacy(into: scratch)
        let spec = LegacyFileTests.fixtures.appendingPathComponent("legacy-extended.toml").path
        let refused = try FSweepProcess.direct(["run", spec, "--out", out, "--resume", "--quiet"], in: scratch.url)
        XCTAssertNotEqual(refused.status, 0)
        XCTAssertTrue(refused.stderr.contains("--extend"), refused.stderr)

        let outcome = try FSweepProcess.mpirun(ranks: 3, ["run", spec, "--out", out, "--resume", "--extend", "--quiet"], in: scratch.url)
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        let extended = try ResultFileContents(path: out, metrics: LegacyFileTests.metrics)
        let expected = try reference("legacy-extended-reference.h5")
        XCTAssertEqual(extended.keysInOrder, expected.keysInOrder)
        XCTAssertEqual(extended.statusByKey, expected.statusByKey)
        XCTAssertEqual(extended.metricBits, expected.metricBits)
        let keys = try Journal.read(path: Journal.path(forOutput: out)).results.map(\.key.hex)
        XCTAssertEqual(keys.count, 24, "a legacy result was recomputed")
        XCTAssertEqual(Set(keys).count, 24)
    }
}
