import Foundation
import Trainer

/// Runs one planned task on this rank and turns whatever happens into a
/// `TaskResult`: done with its metrics, or failed with the error's message or
/// the names of the metrics that came out NaN/infinite.
///
/// It needs no plan: the task arrives with its parameters and key (`TaskAssignment`).
public struct TaskExecutor: Sendable {
    public let experiment: any ExperimentProtocol
    public let rootSeed: UInt64
    public let rank: Int
    /// `--task-timeout`, seconds (nil: none), checked at the protocol's checkpoints.
    public let timeLimit: Double?

    public init(experiment: any ExperimentProtocol, rootSeed: UInt64, rank: Int, timeLimit: Double? = nil) {
        self.experiment = experiment
        self.rootSeed = rootSeed
        self.rank = rank
        self.timeLimit = timeLimit
    }

    public init(spec: SweepSpec, rank: Int, timeLimit: Double? = nil) {
        self.init(experiment: spec.content.experiment, rootSeed: spec.rootSeed, rank: rank, timeLimit: timeLimit)
    }

    public func execute(_ task: TaskAssignment) -> TaskResult {
        let planIndex = task.index
        let start = Date()
        var status = TaskResult.Status.done
        var message = ""
        var output = TaskOutput()
        do {
            output = try TaskDeadline.run(limit: timeLimit) {
                try experiment.run(task.parameters, randomness: TaskRandomness(rootSeed: rootSeed, keyBits: task.key.bits))
            }
            let bad = output.nonFiniteNames
            if !bad.isEmpty {
                status = .failed
                message = "diverged: non-finite \(bad.joined(separator: ", "))"
            }
        } catch {
            status = .failed
            message = "\(error)"
        }
        let end = Date()
        return TaskResult(key: task.key, planIndex: planIndex, status: status, message: message, rank: rank,
                          seconds: end.timeIntervalSince(start), finishedAt: end.timeIntervalSince1970, output: output)
    }
}
