import Foundation

/// The trainer thread of rank 0. Rank 0's main thread is the manager (every MPI
/// and file call happens there, so MPI needs only `MPI_THREAD_FUNNELED`); this
/// thread trains the tasks the manager hands it, like any remote worker, so
/// remote workers never wait for rank 0 to finish a task of its own.
final class LocalWorker: @unchecked Sendable {
    private let condition = NSCondition()
    /// Signalled after every finished task, so the manager need not poll for them.
    private let resultsReady = DispatchSemaphore(value: 0)
    private var assigned: [TaskAssignment] = []
    private var finished: [TaskResult] = []
    private var stopping = false
    private let executor: TaskExecutor
    private var thread: Thread?

    init(executor: TaskExecutor) {
        self.executor = executor
    }

    func start() {
        let thread = Thread { [self] in loop() }
        thread.stackSize = 16 << 20
        thread.name = "fsweep-trainer"
        self.thread = thread
        thread.start()
    }

    func assign(_ task: TaskAssignment) {
        condition.lock()
        assigned.append(task)
        condition.signal()
        condition.unlock()
    }

    /// Results finished since the last call.
    func takeResults() -> [TaskResult] {
        condition.lock(); defer { condition.unlock() }
        let results = finished
        finished.removeAll()
        return results
    }

    /// Waits until a task finishes or `timeout` seconds pass, whichever is first.
    func waitForResults(timeout: Double) {
        _ = resultsReady.wait(timeout: .now() + timeout)
    }

    /// Asks the thread to exit once the tasks assigned to it are done (their results
    /// are collected with `takeResults`).
    func stop() {
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
    }

    private func loop() {
        while true {
            condition.lock()
            while assigned.isEmpty && !stopping { condition.wait() }
            if stopping && assigned.isEmpty {
                condition.unlock()
                return
            }
            let task = assigned.removeFirst()
            condition.unlock()

            let result = executor.execute(task)

            condition.lock()
            finished.append(result)
            condition.unlock()
            resultsReady.signal()
        }
    }
}
