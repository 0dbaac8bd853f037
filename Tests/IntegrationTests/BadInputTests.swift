import Foundation
import XCTest

/// Bad input ends in one line naming the problem, a non-zero exit, and no output
/// file touched.
final class BadInputTests: XCTestCase {
    static let good = """
    protocol = "giant-step"
    root_seed = 3

    [fixed]
    n = 32
    d = 32
    N = 32
    n_readout = 32
    n_test = 32

    [grid]
    alpha = [0.0, 0.3]
    """

    private var scratch: ScratchDirectory!
    private var output: String!
    private var outputBytes: Data!
    private var journalBytes: Data!

    override func setUpWithError() throws {
        scratch = try ScratchDirectory()
        let spec = try scratch.write("good.toml", BadInputTests.good)
        output = scratch.path("out.h5")
        let outcome = try FSweepProcess.direct(["run", spec, "--out", output, "--quiet"], in: scratch.url)
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        outputBytes = try Data(contentsOf: URL(fileURLWithPath: output))
        journalBytes = try Data(contentsOf: URL(fileURLWithPath: output + ".journal"))
    }

    // XCTest keeps every test case instance until the run ends: release the scratch
    // directory (deinit removes it) when the test does.
    override func tearDown() {
        scratch = nil
    }

    /// Runs `fsweep run` on `spec` against the existing output and returns the error line.
    private func failingRun(_ specText: String, extra: [String] = ["--resume"], file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let spec = try scratch.write("bad.toml", specText)
        let outcome = try FSweepProcess.direct(["run", spec, "--out", output] + extra, in: scratch.url)
        XCTAssertNotEqual(outcome.status, 0, "must fail", file: file, line: line)
        let lines = outcome.stderr.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 1, "one line: \(outcome.stderr)", file: file, line: line)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: output)), outputBytes, "output changed", file: file, line: line)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: output + ".journal")), journalBytes, "journal changed", file: file, line: line)
        return lines.first ?? ""
    }

    func testMalformedTOMLNamesFileLineAndColumn() throws {
        let message = try failingRun(BadInputTests.good.replacingOccurrences(of: "root_seed = 3", with: "root_seed = = 3"))
        XCTAssertTrue(message.contains("bad.toml:2:"), message)
        XCTAssertTrue(message.contains("error"), message)
    }

    func testUnknownKeySuggestsTheNearestName() throws {
        let message = try failingRun(BadInputTests.good.replacingOccurrences(of: "n_test = 32", with: "n_test = 32\nlamda = 0.1"))
        XCTAssertTrue(message.contains("bad.toml:10"), message)
        XCTAssertTrue(message.contains("lamda"), message)
        XCTAssertTrue(message.contains("lambda"), message)
    }

    func testAlphaOutOfRange() throws {
        let message = try failingRun(BadInputTests.good.replacingOccurrences(of: "[0.0, 0.3]", with: "[0.0, 0.6]"))
        XCTAssertTrue(message.contains("bad.toml:12"), message)
        XCTAssertTrue(message.contains("grid.alpha"), message)
        XCTAssertTrue(message.contains("0.6"), message)
        XCTAssertTrue(message.contains("[0, 0.5)"), message)
    }

    func testWrongTypeIsNamed() throws {
        let message = try failingRun(BadInputTests.good.replacingOccurrences(of: "n_test = 32", with: "n_test = \"many\""))
        XCTAssertTrue(message.contains("bad.toml:9"), message)
        XCTAssertTrue(message.contains("n_test"), message)
    }

    func testEmptyGridAxisIsNamed() throws {
        let message = try failingRun(BadInputTests.good.replacingOccurrences(of: "[0.0, 0.3]", with: "[]"))
        XCTAssertTrue(message.contains("bad.toml:12"), message)
        XCTAssertTrue(message.contains("grid.alpha"), message)
    }

    func testZipOfUnequalLengthsIsNamed() throws {
        let message = try failingRun(BadInputTests.good.replacingOccurrences(of: "n = 32\n", with: "").replacingOccurrences(of: "n_readout = 32\n", with: "")
                                     + "\n[[zip]]\nn = [32, 64]\nn_readout = [32]\n")
        XCTAssertTrue(message.contains("zip"), message)
        XCTAssertTrue(message.contains("2") && message.contains("1"), message)
    }

    func testATaskLargerThanTheMachineIsRefused() throws {
        let message = try failingRun(BadInputTests.good.replacingOccurrences(of: "N = 32", with: "N = 4000000"))
        XCTAssertTrue(message.contains("needs about"), message)
        XCTAssertTrue(message.contains("N=4000000"), message)
        XCTAssertTrue(message.contains("more than this machine's"), message)
    }

    func testResumeWithAnotherSpecIsRefused() throws {
        let message = try failingRun(BadInputTests.good.replacingOccurrences(of: "[0.0, 0.3]", with: "[0.0, 0.3, 0.4]"))
        XCTAssertTrue(message.contains("different spec"), message)
        XCTAssertTrue(message.contains("--extend"), message)
    }

    func testStartingOverAnExistingOutputIsRefused() throws {
        let message = try failingRun(BadInputTests.good, extra: [])
        XCTAssertTrue(message.contains("already exists"), message)
        XCTAssertTrue(message.contains("--resume"), message)
    }

    func testExtendRunsOnlyTheNewTasks() throws {
        let spec = try scratch.write("grown.toml", BadInputTests.good.replacingOccurrences(of: "[0.0, 0.3]", with: "[0.0, 0.3, 0.4]"))
        let outcome = try FSweepProcess.direct(["run", spec, "--out", output, "--resume", "--extend", "--quiet"], in: scratch.url)
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        let contents = try ResultFileContents(path: output, metrics: GiantStepMetrics.names)
        XCTAssertEqual(contents.keysInOrder.count, 3)
        XCTAssertEqual(Set(contents.statusByKey.values), ["done"])
        XCTAssertEqual(Set(contents.attempts.values), [1], "the two old tasks were not run again")
    }
}
