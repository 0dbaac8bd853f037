import Foundation
import Sweep
import XCTest

/// Problems with the output location and file: each a one-line error before any
/// work (nothing touched), or a recovery from the journal.
final class OutputFileTests: XCTestCase {
    static let spec = """
    protocol = "smoke"
    root_seed = 2
    repeats = 6
    """

    func testMissingOutputDirectoryIsNamed() throws {
        let scratch = try ScratchDirectory()
        let spec = try scratch.write("s.toml", OutputFileTests.spec)
        let outcome = try FSweepProcess.direct(["run", spec, "--out", scratch.path("no/such/dir/out.h5")], in: scratch.url)
        XCTAssertNotEqual(outcome.status, 0)
        XCTAssertEqual(outcome.stderr.split(separator: "\n").count, 1, outcome.stderr)
        XCTAssertTrue(outcome.stderr.contains("does not exist: create"), outcome.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: scratch.path("no")))
    }

    func testReadOnlyOutputDirectoryIsNamed() throws {
        let scratch = try ScratchDirectory()
        let spec = try scratch.write("s.toml", OutputFileTests.spec)
        let mountPoint = scratch.path("readonly")
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        try Mount.tmpfs(at: mountPoint, options: "ro,size=1m")
        defer { Mount.unmount(mountPoint) }
        let outcome = try FSweepProcess.direct(["run", spec, "--out", mountPoint + "/out.h5"], in: scratch.url)
        XCTAssertNotEqual(outcome.status, 0)
        XCTAssertTrue(outcome.stderr.contains("not writable"), outcome.stderr)
        XCTAssertEqual(outcome.stderr.split(separator: "\n").count, 1, outcome.stderr)
    }

    func testDamagedOutputIsRebuiltFromTheJournal() throws {
        let scratch = try ScratchDirectory()
        let spec = try scratch.write("s.toml", OutputFileTests.spec)
        let out = scratch.path("out.h5")
        XCTAssertEqual(try FSweepProcess.direct(["run", spec, "--out", out, "--quiet"], in: scratch.url).status, 0)
        let original = try SweepStatus.read(path: out)
        // A truncated file, then a file that is not HDF5 at all.
        for damage in [{ (data: Data) in data.prefix(data.count / 3) }, { _ in Data("not hdf5".utf8) }] {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: out))
            try damage(bytes).write(to: URL(fileURLWithPath: out))
            XCTAssertThrowsError(try SweepStatus.read(path: out))
            let status = try FSweepProcess.direct(["status", out], in: scratch.url)
            XCTAssertNotEqual(status.status, 0)
            XCTAssertTrue(status.stderr.contains(out), status.stderr)
            let resumed = try FSweepProcess.direct(["run", spec, "--out", out, "--resume", "--quiet"], in: scratch.url)
            XCTAssertEqual(resumed.status, 0, resumed.stderr)
            XCTAssertEqual(try SweepStatus.read(path: out).done, original.done)
            XCTAssertEqual(try Journal.read(path: Journal.path(forOutput: out)).results.count, 6, "rebuilt, not recomputed")
        }
    }

    func testASecondConcurrentRunIsRefused() throws {
        let scratch = try ScratchDirectory()
        let spec = try scratch.write("slow.toml", OutputFileTests.spec + "\n[fixed]\nwork_ms = 400\n")
        let out = scratch.path("busy.h5")
        let first = try FSweepProcess.start([FSweepProcess.binary, "run", spec, "--out", out, "--quiet"])
        defer { first.terminate(); first.waitUntilExit() }
        let deadline = Date().addingTimeInterval(60)
        while !FileManager.default.fileExists(atPath: Journal.path(forOutput: out)) && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        let journalBefore = try Data(contentsOf: URL(fileURLWithPath: Journal.path(forOutput: out)))
        let second = try FSweepProcess.direct(["run", spec, "--out", out, "--resume"], in: scratch.url)
        XCTAssertNotEqual(second.status, 0)
        XCTAssertEqual(second.stderr.split(separator: "\n").count, 1, second.stderr)
        XCTAssertTrue(second.stderr.contains("being written by another fsweep run (pid"), second.stderr)
        let journalAfter = try Data(contentsOf: URL(fileURLWithPath: Journal.path(forOutput: out)))
        XCTAssertTrue(journalAfter.starts(with: journalBefore), "the second run wrote nothing")
    }

    func testDiskFullStopsCleanlyAndResumeCompletesAfterSpaceIsFreed() throws {
        let scratch = try ScratchDirectory()
        let spec = try scratch.write("many.toml", "protocol = \"smoke\"\nroot_seed = 5\nrepeats = 3000\n")
        let mountPoint = scratch.path("small")
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        try Mount.tmpfs(at: mountPoint, options: "size=256k")
        defer { Mount.unmount(mountPoint) }
        let out = mountPoint + "/full.h5"
        let full = try FSweepProcess.mpirun(ranks: 2, ["run", spec, "--out", out, "--quiet"], in: scratch.url)
        XCTAssertNotEqual(full.status, 0)
        XCTAssertTrue(full.stderr.contains("No space left on device") || full.stderr.contains("disk is full"), full.stderr)
        XCTAssertTrue(full.stderr.contains("--resume"), full.stderr)
        let durable = try Journal.read(path: Journal.path(forOutput: out)).results
        XCTAssertGreaterThan(durable.count, 0)
        XCTAssertLessThan(durable.count, 3000)

        try Mount.remount(mountPoint, options: "size=64m")
        let resumed = try FSweepProcess.mpirun(ranks: 2, ["run", spec, "--out", out, "--resume", "--quiet"], in: scratch.url)
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        XCTAssertEqual(try SweepStatus.read(path: out).done, 3000)
        let all = try Journal.read(path: Journal.path(forOutput: out)).results
        XCTAssertEqual(Set(all.map(\.key)).count, 3000)
        XCTAssertEqual(all.count, 3000, "acknowledged results were kept, not recomputed")
        XCTAssertEqual(Array(all.prefix(durable.count)), durable)
    }
}

/// tmpfs mounts for tests that need a read-only or a full filesystem (root only).
enum Mount {
    static func tmpfs(at path: String, options: String) throws {
        guard getuid() == 0 else { throw XCTSkip("mounting a tmpfs needs root (CI runs as root)") }
        try run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", path])
    }

    static func remount(_ path: String, options: String) throws {
        try run(["mount", "-o", "remount," + options, path])
    }

    static func unmount(_ path: String) {
        try? run(["umount", "-l", path])
    }

    private static func run(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw XCTSkip("\(arguments.joined(separator: " ")) failed: no mount permission here") }
    }
}
