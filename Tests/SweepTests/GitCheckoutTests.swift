import Foundation
import XCTest
@testable import Sweep

/// `GitCheckout` reads the same commit as `git rev-parse HEAD`, for the layouts git
/// leaves behind: a loose branch ref, packed refs, a detached HEAD and a worktree.
final class GitCheckoutTests: XCTestCase {
    var root: URL!

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("git-checkout-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("repo/build/bin"), withIntermediateDirectories: true)
        try git("init", "-q", "-b", "main")
        try "a\n".write(to: root.appendingPathComponent("repo/a.txt"), atomically: true, encoding: .utf8)
        try git("add", "a.txt")
        try git("commit", "-q", "-m", "first")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: root)
    }

    @discardableResult
    func git(_ arguments: String..., in directory: String = "repo") throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", root.appendingPathComponent(directory).path,
                             "-c", "user.name=test", "-c", "user.email=test@example.com"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw XCTSkip("git \(arguments.joined(separator: " ")) failed") }
        return String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func head(from directory: String) -> String? {
        GitCheckout(containing: root.appendingPathComponent(directory))?.headCommit
    }

    func testLooseBranchRefFromASubdirectory() throws {
        XCTAssertEqual(head(from: "repo/build/bin"), try git("rev-parse", "HEAD"))
    }

    func testPackedRefs() throws {
        try git("pack-refs", "--all")
        XCTAssertFalse(FileManager.default.fileExists(atPath: root.appendingPathComponent("repo/.git/refs/heads/main").path))
        XCTAssertEqual(head(from: "repo"), try git("rev-parse", "HEAD"))
    }

    func testDetachedHead() throws {
        try "b\n".write(to: root.appendingPathComponent("repo/a.txt"), atomically: true, encoding: .utf8)
        try git("commit", "-q", "-am", "second")
        try git("checkout", "-q", "--detach", "HEAD~1")
        XCTAssertEqual(head(from: "repo"), try git("rev-parse", "HEAD"))
    }

    func testWorktree() throws {
        try git("worktree", "add", "-q", "-b", "side", root.appendingPathComponent("side").path)
        try "c\n".write(to: root.appendingPathComponent("side/a.txt"), atomically: true, encoding: .utf8)
        try git("commit", "-q", "-am", "on side", in: "side")
        let side = try git("rev-parse", "HEAD", in: "side")
        XCTAssertNotEqual(side, try git("rev-parse", "HEAD"))
        XCTAssertEqual(head(from: "side"), side)
    }

    func testOutsideAnyCheckout() {
        XCTAssertNil(GitCheckout(containing: URL(fileURLWithPath: "/proc/self")))
    }
}
