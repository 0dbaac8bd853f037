import Foundation
import Trainer
import XCTest
@testable import Sweep

final class JournalTests: XCTestCase {
    private func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("journal-\(UUID().uuidString)").path
    }

    private func result(_ key: String, _ status: TaskResult.Status, value: Double = 1.5) -> TaskResult {
        TaskResult(key: TaskKey(hex: String(repeating: key, count: 32))!, planIndex: 3, status: status,
                   message: status == .failed ? "diverged: non-finite test_mse" : "", rank: 2, seconds: 0.25, finishedAt: 1.7e9,
                   output: TaskOutput(metrics: ["test_mse": value, "nan_metric": .nan], arrays: ["sv": [3, 2, .nan]]))
    }

    func testRecordsRoundTripBitForBit() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let journal = try Journal.create(path: path)
        let run = RunInfo(startedAt: 1.7e9, mpiSize: 4, hosts: ["a", "b"], version: "0.1.0", gitCommit: "abc")
        let records: [JournalRecord] = [.spec(hash: "h", file: "x.toml", text: "protocol = \"giant-step\""), .runStarted(run),
                                        .result(result("a", .done, value: 0.1 + 0.2)), .result(result("b", .failed))]
        try journal.append(records)
        let contents = try Journal.read(path: path)
        XCTAssertEqual(contents.records.count, 4)
        XCTAssertEqual(contents.tornBytes, 0)
        XCTAssertEqual(contents.runs, [run])
        let first = contents.results[0]
        XCTAssertEqual(first.output.metrics["test_mse"]?.bitPattern, (0.1 + 0.2).bitPattern)
        XCTAssertTrue(first.output.metrics["nan_metric"]!.isNaN)
        XCTAssertEqual(first.output.arrays["sv"]?.prefix(2), [3, 2])
        XCTAssertEqual(contents.results[1].message, "diverged: non-finite test_mse")
    }

    func testTornTailIsCutOffAndAppendingContinues() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Journal.create(path: path).append([.result(result("a", .done)), .result(result("b", .done))])
        let whole = try Data(contentsOf: URL(fileURLWithPath: path))
        // A kill in the middle of the second record's append.
        for cut in [whole.count - 1, whole.count - 20, whole.count - 60] {
            try whole.prefix(cut).write(to: URL(fileURLWithPath: path))
            let (journal, contents) = try Journal.open(path: path)
            XCTAssertEqual(contents.results.map(\.key.hex.first), ["a"], "cut at \(cut)")
            XCTAssertGreaterThan(contents.tornBytes, 0)
            try journal.append([.result(result("c", .done))])
            XCTAssertEqual(try Journal.read(path: path).results.map(\.key.hex.first), ["a", "c"])
        }
    }

    func testCorruptedRecordStopsReading() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Journal.create(path: path).append([.result(result("a", .done)), .result(result("b", .done))])
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[bytes.count - 5] ^= 0xFF   // flip bits inside the last payload: its checksum no longer matches
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        XCTAssertEqual(try Journal.read(path: path).results.count, 1)
    }

    func testForeignFileIsRejectedWithItsName() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data("not a journal".utf8).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try Journal.read(path: path)) { error in
            XCTAssertTrue("\(error)".contains(path), "\(error)")
        }
    }

    func testLatestResultKeepsDoneAndCountsAttempts() throws {
        let contents = JournalContents(records: [.result(result("a", .failed)), .result(result("a", .done)), .result(result("a", .failed)),
                                                 .result(result("b", .failed))], validLength: 0, tornBytes: 0)
        let latest = contents.latestResults
        XCTAssertEqual(latest[TaskKey(hex: String(repeating: "a", count: 32))!]?.result.status, .done)
        XCTAssertEqual(latest[TaskKey(hex: String(repeating: "a", count: 32))!]?.attempts, 3)
        XCTAssertEqual(latest[TaskKey(hex: String(repeating: "b", count: 32))!]?.result.status, .failed)
    }

    func testSecondLockOnTheSameOutputIsRefused() throws {
        let output = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: output + ".lock") }
        let first = try OutputLock(output: output)
        XCTAssertThrowsError(try OutputLock(output: output)) { error in
            XCTAssertTrue("\(error)".contains("being written by another fsweep run"), "\(error)")
            XCTAssertTrue("\(error)".contains("pid \(getpid())"), "\(error)")
        }
        _ = first
    }
}
