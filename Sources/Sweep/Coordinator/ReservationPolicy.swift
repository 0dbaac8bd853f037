/// How many tasks a worker holds behind the one it is running.
///
/// A worker that holds its next task never waits for the manager between tasks (the
/// manager looks for results at most every `Manager.maximumIdleSleep`, then makes each
/// durable with an `fsync`: about 10 ms per result when rank 0's core is busy). A worker
/// that holds too much at the end of a sweep keeps the others idle. So a task may be
/// reserved behind the running one while the worker holds fewer than `depth` tasks and
/// - the reserved work stays within `batchFlops` (a few hundredths of a second on one
///   core), except that one task may always wait behind the running one, and
/// - the work still queued for the other workers is at least what this worker would
///   reserve, for each of them.
///
/// Measured on the quickstart sweep (2 ranks): with a fixed 0.1 s batch and no
/// reservation for long tasks, rank 1 waited 4–12 ms for each long task and rank 0
/// stood idle for the last 0.22 s while rank 1 worked through its batch; with this
/// policy both finish within 15 ms of each other.
struct ReservationPolicy: Sendable {
    /// Most tasks a worker holds, the running one included.
    var depth = 64
    /// Most expected work (`PlannedTask.estimatedFlops`) reserved behind the running task,
    /// unless it is a single task.
    var batchFlops = 5e9

    /// Whether a worker that holds `held` tasks (the first running), `reserved` flops of
    /// them behind the running one, may take one more of `work` flops, when `queuedWork`
    /// flops (this task included) are not yet handed out and `activeWorkers` workers
    /// (this one included) are still taking tasks. A worker holding nothing always may.
    func mayTake(work: Double, held: Int, reserved: Double, queuedWork: Double, activeWorkers: Int) -> Bool {
        guard held > 0 else { return true }
        let withinBatch = reserved == 0 || reserved + work <= batchFlops
        let othersKeepTheirShare = queuedWork - work >= Double(max(activeWorkers - 1, 0)) * (reserved + work)
        return held < depth && withinBatch && othersKeepTheirShare
    }
}
