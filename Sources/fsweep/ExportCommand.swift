import ArgumentParser
import Foundation
import Sweep

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a result file's task table as CSV, for tools without HDF5.",
        discussion: """
        One row per task in plan order, with every /tasks column: index, key,
        the parameters, seed, status, attempts, rank, seconds, every scalar
        metric, message. NaN (a metric not computed, e.g. of a pending task) is
        an empty field. --arrays adds each /arrays/<name> as the columns
        name[0], name[1], ... Works on the file of a running sweep (its last
        snapshot, at most a few seconds old).

        Examples:
          fsweep export quickstart.h5 --csv quickstart.csv
          fsweep export quickstart.h5 --csv quickstart-full.csv --arrays
          fsweep export quickstart.h5 --csv - | head -3          # to standard output
        """
    )

    @Argument(help: "A result file written by fsweep run.")
    var file: String

    @Option(help: "The CSV file to write (- for standard output).")
    var csv: String

    @Flag(help: "Add the per-task arrays (/arrays/<name>) as columns name[i].")
    var arrays = false

    func run() throws {
        do {
            try TaskTableExport.read(path: file, includeArrays: arrays).write(to: csv)
        } catch {
            reportError(error)
            throw ExitCode.failure
        }
    }
}
