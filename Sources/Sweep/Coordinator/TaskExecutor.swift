import Foundation
import Trainer

/// Runs one planned task on this rank and turns whatever happens into a
/// `TaskResult`: done with its metrics, or failed with the error's message or
/// the names of the metrics that came out NaN/infinite.
public struct TaskExecutor: Sendable {
    public let plan: SweepPlan
    public let rank: Int
    /// `--task-timeout`, seconds (nil: none), checked at the protocol's checkpoints.
    public let timeLimit: Double?

    public init(plan: SweepPlan, rank: Int, timeLimit: Double? = nil) {
        self.plan = plan
        self.rank = rank
        self.timeLimit = timeLimit
    }

    public func execute(planIndex: Int) -> TaskResult {
        let task = plan.tasks[planIndex]
        let start = Date()
        var status = TaskResult.Status.done
        var message = ""
        var output = TaskOutput()
        do {
            output = try TaskDeadline.run(limit: timeLimit) {
                try plan.experiment.run(task.parameters, randomness: task.randomness(rootSeed: plan.spec.rootSeed))
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
