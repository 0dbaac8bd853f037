import ArgumentParser
import Foundation
import Sweep
import Trainer

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Check a spec and show what it expands to: task count, axes, sample tasks, estimated cost. No MPI.",
        discussion: """
        Every error a run would meet in the spec (unknown keys, wrong types,
        values out of range, unequal zips) is reported here, with file, line
        and key.

        Examples:
          fsweep plan jobs/quickstart.toml
          fsweep plan jobs/giant-step-spikes.toml --json
        """
    )

    /// A rough sustained rate of one rank on these protocols, for the time estimate only.
    static let assumedGFLOPSPerRank = 20.0

    @Argument(help: "The sweep spec (TOML).")
    var spec: String

    @Option(help: "How many sample tasks to show.")
    var sample = 5

    @Option(help: "Ranks to estimate the wall time for.")
    var ranks = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func run() throws {
        let plan: SweepPlan
        do {
            plan = try SweepPlan(spec: try SweepSpec.load(path: spec))
        } catch {
            reportError(error)
            throw ExitCode.failure
        }
        let flops = plan.estimatedFlops
        let largestFlops = plan.largestTaskFlops
        let peakBytes = plan.largestTaskMemory?.bytes ?? 0
        let seconds = flops / (PlanCommand.assumedGFLOPSPerRank * 1e9) / Double(max(ranks, 1))
        let longest = largestFlops / (PlanCommand.assumedGFLOPSPerRank * 1e9)
        let shown = sampleTasks(plan)

        if json {
            var object: [String: Any] = [
                "protocol": plan.spec.protocolName, "spec": plan.spec.file, "spec_sha256": plan.spec.textHash,
                "tasks": plan.count, "repeats": plan.repeats, "root_seed": plan.spec.rootSeed,
                "axes": plan.axes.map { ["name": $0.name, "parameters": $0.parameters, "values": $0.values.map { $0.map(jsonValue) }] as [String: Any] },
                "estimated_gflop": flops / 1e9, "estimated_peak_task_bytes": peakBytes,
                "estimated_seconds": ["ranks": ranks, "wall": max(seconds, longest)] as [String: Any],
            ]
            object["sample"] = shown.map { task -> [String: Any] in
                var row: [String: Any] = ["index": task.index, "key": task.key.hex, "seed": task.repeatIndex]
                for (name, value) in task.parameters.values { row[name] = jsonValue(value) }
                return row
            }
            let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
            print(String(decoding: data, as: UTF8.self))
            return
        }
        print("\(plan.spec.file): \(plan.spec.protocolName), \(plan.count) tasks = \(plan.gridShape.map(String.init).joined(separator: " x "))\(plan.axes.isEmpty ? "1" : "") grid points x \(plan.repeats) repeats (root seed \(plan.spec.rootSeed))")
        for axis in plan.axes {
            let values = axis.values.map { $0.map(\.description).joined(separator: "/") }
            print("  axis \(axis.parameters.joined(separator: "+")) (\(axis.count)): \(values.prefix(12).joined(separator: ", "))\(axis.count > 12 ? ", …" : "")")
        }
        print(String(format: "estimated work %.1f GFLOP; largest task %.1f GFLOP, peak memory %.0f MB", flops / 1e9, largestFlops / 1e9, peakBytes / 1e6))
        print("estimated wall time on \(ranks) rank\(ranks == 1 ? "" : "s"): \(clock(max(seconds, longest))) (rough: \(Int(PlanCommand.assumedGFLOPSPerRank)) GFLOP/s per rank assumed)")
        print("sample tasks:")
        let names = plan.experiment.parameters.map(\.name)
        for task in shown {
            let assignments = names.map { "\($0)=\(task.parameters[$0]?.description ?? "?")" }.joined(separator: " ")
            print("  #\(task.index) [\(task.key.hex.prefix(12))] seed=\(task.repeatIndex) \(assignments)")
        }
    }

    private func sampleTasks(_ plan: SweepPlan) -> [PlannedTask] {
        guard plan.count > sample else { return Array(plan.tasks) }
        let step = Double(plan.count - 1) / Double(max(sample - 1, 1))
        var indices = (0..<sample).map { Int((Double($0) * step).rounded()) }
        indices = Array(Set(indices)).sorted()
        return indices.map { plan.tasks[$0] }
    }

    private func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded(.up))
        return s >= 3600 ? String(format: "%dh%02dm", s / 3600, s / 60 % 60) : String(format: "%dm%02ds", s / 60, s % 60)
    }
}

private func jsonValue(_ value: ParameterValue) -> Any {
    switch value {
    case .integer(let v): return v
    case .real(let v): return v
    case .text(let v): return v
    }
}
