import Foundation
import HDF5
import Trainer
import XCTest
@testable import Sweep

/// Snapshots after the first are written in place: only the rows recorded since the last
/// write, into the same file (same inode), with the same contents a whole write would give;
/// anything unexpected about the file falls back to a whole write.
final class ResultStoreInPlaceTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("store-in-place-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    private func makeStore(_ name: String) throws -> ResultStore {
        let plan = try SweepPlan(spec: try SweepSpec.parse(text: ResultStoreTests.spec, file: "store.toml"))
        let provenance = Provenance(specHash: plan.spec.textHash, specText: plan.spec.text, specFile: "store.toml", protocolName: "giant-step",
                                    rootSeed: 5, version: "test", gitCommit: "none", created: Date(timeIntervalSince1970: 1.8e9),
                                    mpiSize: 2, hosts: ["h1"])
        return ResultStore(plan: plan, path: directory.appendingPathComponent(name).path, provenance: provenance, results: [:])
    }

    /// Three batches: new results, a failure replaced by a success (its message cleared), a
    /// failure after a success (only the attempt count changes).
    private func batches(_ plan: SweepPlan) -> [[TaskResult]] {
        func done(_ index: Int, _ value: Double) -> TaskResult {
            TaskResult(key: plan.key(at: index), planIndex: index, status: .done, rank: index % 3, seconds: value / 10, finishedAt: 0,
                       output: TaskOutput(metrics: ["test_mse": value, "outliers": 1], arrays: ["singular_values": [value, value / 2]]))
        }
        func failed(_ index: Int) -> TaskResult {
            TaskResult(key: plan.key(at: index), planIndex: index, status: .failed, message: "diverged: non-finite test_mse (task \(index))",
                       rank: 1, seconds: 0.5, finishedAt: 0)
        }
        return [[done(1, 0.75), failed(4), done(9, 3)], [done(2, 1.5), done(4, 2.5), done(3, 0.25)], [failed(11), failed(1)]]
    }

    private func inode(_ path: String) throws -> UInt64 {
        (try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? NSNumber)?.uint64Value ?? 0
    }

    /// Everything a reader sees, floats as bit patterns (NaN equals NaN).
    private func contents(_ path: String) throws -> [String] {
        let file = try HDF5.File.open(path)
        defer { try? file.close() }
        var lines = [String]()
        let table = try file.root.dataset("tasks").readTable()
        for (name, column) in zip(table.names, table.columns) {
            switch column {
            case .float64(let values): lines.append("tasks/\(name): \(values.map(\.bitPattern))")
            case .int64(let values): lines.append("tasks/\(name): \(values)")
            case .string(let values, let width): lines.append("tasks/\(name) [\(width)]: \(values)")
            }
        }
        for group in ["arrays", "cube"] {
            for name in try file.root.openGroup(group).memberNames() {
                let dataset = try file.root.dataset("\(group)/\(name)")
                if name == "alpha" || name == "n" || name == "n_readout" || name == "seed" { continue }
                lines.append("\(group)/\(name) \(try dataset.shape): \(try dataset.readDoubles().map(\.bitPattern))")
            }
        }
        for name in ["tasks_done", "tasks_failed", "tasks_pending", "tasks_total"] {
            lines.append("\(name) = \(try file.root.attribute(name))")
        }
        return lines
    }

    func testLaterSnapshotsWriteOnlyTheChangedRowsInPlaceAndEqualAWholeWrite() throws {
        let store = try makeStore("in-place.h5")
        let batches = self.batches(store.plan)
        store.record(batches[0])
        try store.write()
        XCTAssertEqual(store.lastWrite?.kind, .whole)
        XCTAssertEqual(store.lastWrite?.rows, 12)
        let inode = try inode(store.path)
        for (number, batch) in batches.enumerated().dropFirst() {
            store.record(batch)
            try store.write()
            XCTAssertNil(store.lastFallback)
            XCTAssertEqual(store.lastWrite?.kind, .inPlace, "batch \(number)")
            XCTAssertEqual(store.lastWrite?.rows, batch.count, "batch \(number): rows written")
            XCTAssertEqual(try self.inode(store.path), inode, "batch \(number): the file was replaced, not updated")
        }
        // A snapshot with nothing new writes no row.
        try store.write()
        XCTAssertEqual(store.lastWrite?.kind, .inPlace)
        XCTAssertEqual(store.lastWrite?.rows, 0)

        let reference = try makeStore("whole.h5")
        for batch in batches { reference.record(batch) }
        try reference.write()
        XCTAssertEqual(reference.lastWrite?.kind, .whole)
        let expected = try contents(reference.path), actual = try contents(store.path)
        XCTAssertEqual(actual.count, expected.count)
        for (line, wanted) in zip(actual, expected) { XCTAssertEqual(line, wanted) }
        // 1, 9, 2, 4 (its failure replaced), 3 done; 11 failed (1's later failure does not count)
        XCTAssertEqual(expected.filter { $0.hasPrefix("tasks_") },
                       ["tasks_done = int64(5)", "tasks_failed = int64(1)", "tasks_pending = int64(6)", "tasks_total = int64(12)"])

        let file = try HDF5.File.open(store.path)
        XCTAssertTrue(try file.root.dataset("tasks").hasFixedStorage)
        XCTAssertTrue(try file.root.dataset("arrays/singular_values").hasFixedStorage)
        XCTAssertTrue(try file.root.dataset("cube/test_mse").hasFixedStorage)
        try file.close()

        // The end of a run: one compressed whole write, the message column as wide as the longest.
        try store.write(compacting: true)
        XCTAssertEqual(store.lastWrite?.kind, .whole)
        let compacted = try HDF5.File.open(store.path)
        let tasks = try compacted.root.dataset("tasks")
        XCTAssertFalse(try tasks.hasFixedStorage)
        XCTAssertEqual(try tasks.recordMemberSize("message"), "diverged: non-finite test_mse (task 11)".utf8.count)
        try compacted.close()
        XCTAssertEqual(try contents(store.path).filter { !$0.hasPrefix("tasks/message") },
                       expected.filter { !$0.hasPrefix("tasks/message") })
    }

    func testAMissingFileIsWrittenWhole() throws {
        let store = try makeStore("missing.h5")
        let batches = self.batches(store.plan)
        store.record(batches[0])
        try store.write()
        try FileManager.default.removeItem(atPath: store.path)
        store.record(batches[1])
        try store.write()
        XCTAssertEqual(store.lastWrite?.kind, .whole)
        XCTAssertNotNil(store.lastFallback)
        XCTAssertEqual(try contents(store.path).first { $0.hasPrefix("tasks_done") }, "tasks_done = int64(5)")
        // and the next snapshot is in place again
        store.record(batches[2])
        try store.write()
        XCTAssertEqual(store.lastWrite?.kind, .inPlace)
    }

    func testAFileTheUserReplacedIsWrittenWholeNotIntoTheirFile() throws {
        let store = try makeStore("replaced.h5")
        let batches = self.batches(store.plan)
        store.record(batches[0])
        try store.write()
        // The user puts another file in its place (a copy renamed over it: another inode).
        let copy = directory.appendingPathComponent("copy.h5").path
        try FileManager.default.copyItem(atPath: store.path, toPath: copy)
        XCTAssertEqual(rename(copy, store.path), 0)
        store.record(batches[1])
        try store.write()
        XCTAssertEqual(store.lastWrite?.kind, .whole)
        XCTAssertTrue(store.lastFallback?.contains("replaced") ?? false, store.lastFallback ?? "")
    }

    func testAFileOfTheCompressedLayoutIsNotUpdatedInPlace() throws {
        // The layout of files written before in-place snapshots (and of a finished run):
        // chunked and compressed. Written over the store's file in place (same inode), so
        // only the layout check can notice.
        let store = try makeStore("layout.h5")
        let batches = self.batches(store.plan)
        store.record(batches[0])
        try store.write()
        let older = try makeStore("older.h5")
        older.record(batches[0])
        try older.write(compacting: true)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: older.path))
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: store.path))
        try handle.truncate(atOffset: 0)
        try handle.write(contentsOf: bytes)
        try handle.close()
        let inode = try inode(store.path)

        store.record(batches[1])
        try store.write()
        XCTAssertEqual(store.lastWrite?.kind, .whole)
        XCTAssertTrue(store.lastFallback?.contains("fixed-storage") ?? false, store.lastFallback ?? "")
        XCTAssertNotEqual(try self.inode(store.path), inode)
        let reference = try makeStore("reference.h5")
        reference.record(batches[0] + batches[1])
        try reference.write()
        XCTAssertEqual(try contents(store.path), try contents(reference.path))
    }

    func testALongMessageIsCutDuringTheRunAndKeptInTheFinishedFile() throws {
        let store = try makeStore("message.h5")
        let long = String(repeating: "m", count: 200)
        try store.write()
        store.record([TaskResult(key: store.plan.key(at: 0), planIndex: 0, status: .failed, message: long, rank: 0, seconds: 1, finishedAt: 0)])
        try store.write()
        XCTAssertEqual(store.lastWrite?.kind, .inPlace)
        XCTAssertEqual(try SweepStatus.read(path: store.path).failures.first?.message, String(long.prefix(ResultStore.fixedMessageWidth)))
        try store.write(compacting: true)
        XCTAssertEqual(try SweepStatus.read(path: store.path).failures.first?.message, long)
    }
}
