import ArgumentParser
import Foundation
import Sweep

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show how far a sweep is: done / failed / pending, per-rank throughput, failures.",
        discussion: """
        Reads the result file; a running sweep rewrites it every few seconds, so this
        works while it runs.

        Examples:
          fsweep status quickstart.h5
          fsweep status quickstart.h5 --json | python3 -m json.tool
        """
    )

    @Argument(help: "A result file written by fsweep run.")
    var file: String

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func run() throws {
        let status: SweepStatus
        do {
            status = try SweepStatus.read(path: file)
        } catch {
            reportError(error)
            throw ExitCode.failure
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(status), as: UTF8.self))
        } else {
            print(status.text)
        }
    }
}
