import ArgumentParser
import Foundation
import Kernels
import Sweep
import Trainer

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train and measure one task, without MPI or files.",
        discussion: """
        Parameters not given take their defaults (see `fsweep train --protocol P
        --list`). The random streams come from --root-seed and the task key,
        exactly as in a sweep, so a task of a sweep can be re-run here bit for
        bit. --json also reports memory_peak_mib (the task's peak resident
        memory above what the process held before it) beside
        memory_estimate_mib (the protocol's count of the arrays a task must
        hold, the figure `fsweep plan` checks against the machine).

        Example:
          fsweep train --protocol giant-step --param alpha=0.3 --json \\
              --param n=2048 --param d=2048 --param N=2048 \\
              --param n_readout=2048 --param n_test=2048
        """
    )

    @Option(name: .customLong("protocol"), help: "Protocol: \(ProtocolRegistry.names.joined(separator: ", ")).")
    var protocolName: String

    @Option(name: .customLong("param"), help: "A parameter as name=value (repeatable).")
    var parameters: [String] = []

    @Option(help: "Repeat index (the `seed` column).")
    var seed = 0

    @Option(name: .customLong("root-seed"), help: "The sweep's root seed.")
    var rootSeed: UInt64 = 0

    @Flag(help: "Print one JSON object whose keys are the metric and array names.")
    var json = false

    @Flag(help: "List the protocol's parameters and metrics, and exit.")
    var list = false

    @OptionGroup var kernel: KernelOptions

    func run() throws {
        guard let experiment = ProtocolRegistry.named(protocolName) else {
            throw ValidationError("unknown protocol \(protocolName); known: \(ProtocolRegistry.names.joined(separator: ", "))")
        }
        if list {
            print(ProtocolDescription(experiment).text)
            return
        }
        var given = [String: ParameterValue]()
        for assignment in parameters {
            guard let equals = assignment.firstIndex(of: "=") else {
                throw ValidationError("--param \(assignment): write name=value, e.g. --param alpha=0.25")
            }
            let name = String(assignment[..<equals]).trimmingCharacters(in: .whitespaces)
            let text = String(assignment[assignment.index(after: equals)...]).trimmingCharacters(in: .whitespaces)
            given[name] = Int(text).map(ParameterValue.integer) ?? Double(text).map(ParameterValue.real) ?? .text(text)
        }
        let complete: TaskParameters
        do {
            complete = try experiment.completeParameters(given, seed: seed)
        } catch {
            reportError(error)
            throw ExitCode.failure
        }
        let key = TaskKey.make(protocolName: experiment.name, parameters: complete)
        try kernel.apply()
        let started = Date()
        let (output, peakBytes) = try ProcessMemory.peakIncrease {
            try experiment.run(complete, randomness: TaskRandomness(rootSeed: rootSeed, keyBits: key.bits))
        }
        let seconds = Date().timeIntervalSince(started)
        if json {
            let mebibyte = 1024.0 * 1024
            var object: [String: Any] = [
                "key": key.hex, "seconds": seconds, "threads": kernel.threads, "kernel_path": GEMMKernelChoice.current.summary,
                "memory_peak_mib": peakBytes / mebibyte,
                "memory_estimate_mib": experiment.estimatedBytes(complete) / mebibyte,
            ]
            for (name, value) in output.metrics { object[name] = value.isFinite ? value : NSNull() }
            for (name, values) in output.arrays { object[name] = values.map { $0.isFinite ? $0 as Any : NSNull() } }
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else {
            print("\(experiment.name) task \(key.hex) in \(String(format: "%.2f", seconds)) s (GEMM \(GEMMKernelChoice.current.summary))")
            let width = nameColumnWidth(experiment.metrics.map(\.name) + experiment.arrays.map(\.name))
            for metric in experiment.metrics {
                let value = output.metrics[metric.name].map { String(format: "%.6g", $0) } ?? "—"
                print("  \(padded(metric.name, to: width)) \(value)")
            }
            for array in experiment.arrays {
                if let values = output.arrays[array.name] {
                    print("  \(padded(array.name, to: width)) \(values.map { String(format: "%.4g", $0) }.joined(separator: " "))")
                }
            }
        }
    }
}

/// The parameters and metrics of a protocol, as `--list` prints them.
///
/// Each section's name column is as wide as its longest name (never cut: `full_spectrum`,
/// `theory_outliers_activation`), so the descriptions start in one column.
struct ProtocolDescription {
    let text: String

    init(_ experiment: any ExperimentProtocol) {
        var lines = ["\(experiment.name): \(experiment.summary)", "", "parameters:"]
        let parameterWidth = nameColumnWidth(experiment.parameters.map(\.name))
        for p in experiment.parameters {
            let kind: String
            switch p.kind {
            case .integer(let bounds): kind = "integer in \(bounds)"
            case .real(let bounds): kind = "real in \(bounds)"
            case .choice(let options): kind = "one of \(options.joined(separator: ", "))"
            case .realList(let bounds, let count):
                kind = "list of \(count.lowerBound == count.upperBound ? "\(count.lowerBound)" : "\(count.lowerBound) to \(count.upperBound)") reals in \(bounds) ([a, b, ...] in specs, a,b,... with --param)"
            }
            let fallback: String
            if p.isList, p.defaultValue == .text("") {
                fallback = " (default: not given)"
            } else {
                fallback = p.defaultValue.map { " (default \($0))" } ?? " (required)"
            }
            lines.append("  \(padded(p.name, to: parameterWidth)) \(kind)\(fallback): \(p.summary)")
        }
        if !experiment.parameterLists.isEmpty {
            lines.append("")
            lines.append("list spellings (each sets several parameters above; [a, b, ...] in specs, a,b,... with --param):")
            let listWidth = nameColumnWidth(experiment.parameterLists.map(\.name))
            for list in experiment.parameterLists {
                lines.append("  \(padded(list.name, to: listWidth)) list of \(list.lengthDescription) -> \(list.elements.joined(separator: ", ")): \(list.summary)")
            }
        }
        lines.append("")
        lines.append("metrics:")
        let metricWidth = nameColumnWidth(experiment.metrics.map(\.name))
        for m in experiment.metrics { lines.append("  \(padded(m.name, to: metricWidth)) \(m.summary)") }
        lines.append("arrays:")
        let arrayWidth = nameColumnWidth(experiment.arrays.map(\.name))
        for a in experiment.arrays { lines.append("  \(padded(a.name, to: arrayWidth)) \(a.summary)") }
        text = lines.joined(separator: "\n")
    }
}

/// The width of a column of names: the longest name's (in characters), at least 12.
func nameColumnWidth(_ names: [String]) -> Int {
    max(12, names.map(\.count).max() ?? 0)
}

/// `name` padded with spaces to `width` characters; a longer name is kept whole
/// (`String.padding(toLength:)` would cut it).
func padded(_ name: String, to width: Int) -> String {
    name.count >= width ? name : name + String(repeating: " ", count: width - name.count)
}
