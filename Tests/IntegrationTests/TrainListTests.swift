import Foundation
import Trainer
import XCTest

/// `fsweep train --protocol P --list` prints every parameter, metric and array name whole
/// (it once cut `full_spectrum` to `full_spectru`), each section's descriptions in one column.
final class TrainListTests: XCTestCase {
    func testListPrintsEveryNameWholeWithDescriptionsInOneColumn() throws {
        let scratch = try ScratchDirectory()
        for experiment in ProtocolRegistry.all {
            let listed = try FSweepProcess.direct(["train", "--protocol", experiment.name, "--list"], in: scratch.url)
            XCTAssertEqual(listed.status, 0, listed.stderr)
            let lines = listed.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let sections: [(String, [(name: String, summary: String)])] = [
                ("parameters:", experiment.parameters.map { ($0.name, $0.summary) }),
                ("metrics:", experiment.metrics.map { ($0.name, $0.summary) }),
                ("arrays:", experiment.arrays.map { ($0.name, $0.summary) }),
            ]
            for (header, entries) in sections {
                guard let start = lines.firstIndex(of: header) else {
                    XCTFail("\(experiment.name): no '\(header)' in\n\(listed.stdout)")
                    continue
                }
                let body = Array(lines[(start + 1)...].prefix(entries.count))
                XCTAssertEqual(body.count, entries.count, "\(experiment.name) \(header)")
                var columns = Set<Int>()
                for (line, entry) in zip(body, entries) {
                    // "  <name><spaces> <description>": the whole name, then at least one space.
                    XCTAssertTrue(line.hasPrefix("  \(entry.name) "), "\(experiment.name): '\(entry.name)' cut or missing in '\(line)'")
                    let rest = line.dropFirst(2 + entry.name.count)
                    let description = rest.drop { $0 == " " }
                    XCTAssertTrue(description.contains(entry.summary), "\(experiment.name): '\(line)'")
                    columns.insert(line.count - description.count)
                }
                XCTAssertLessThanOrEqual(columns.count, 1, "\(experiment.name) \(header): descriptions start in columns \(columns.sorted())")
            }
        }
        let giantStep = try FSweepProcess.direct(["train", "--protocol", "giant-step", "--list"], in: scratch.url)
        XCTAssertTrue(giantStep.stdout.contains("  full_spectrum "), giantStep.stdout)
        // The list spellings, after the parameters: target_hermite sets target_he1..4.
        XCTAssertTrue(giantStep.stdout.contains("\n  target_hermite list of 1 to 4 numbers -> target_he1, target_he2, target_he3, target_he4: "), giantStep.stdout)
        let multiStep = try FSweepProcess.direct(["train", "--protocol", "multi-step", "--list"], in: scratch.url)
        XCTAssertTrue(multiStep.stdout.contains("  step_sizes    list of 1 to 64 reals in [0, ∞)"), multiStep.stdout)
    }
}
