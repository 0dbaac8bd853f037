import Foundation
import MPI
import Trainer

/// Rank 0's main thread: hands tasks to workers (remote ranks and the local
/// trainer thread) longest-expected-first, makes each result durable in the
/// journal before it is acknowledged, and keeps the HDF5 file up to date.
final class Manager {
    private let communicator: Communicator
    private let plan: SweepPlan
    private let journal: Journal
    private let store: ResultStore
    private let local: LocalWorker
    private let progress: ProgressReporter

    /// Plan indices not yet handed out, most expensive first.
    private var queue: [Int]
    private var queueHead = 0
    /// Expected work (`estimatedFlops`) of the tasks not yet handed out.
    private var queuedWork: Double
    /// Plan indices in flight per rank (0 = the local trainer thread), oldest first.
    private var inFlight: [Int: [Int]] = [:]
    private var inFlightCount = 0
    private var stoppedRemotes = Set<Int>()
    private var localStopped = false
    /// The first snapshot (every task of the plan in the file, pending or as resumed) is
    /// written right after the first tasks are handed out, so no worker waits for it: it
    /// took 47 ms for a 10,000-task plan. Above `immediateSnapshotLimit` it waits one interval.
    private var lastSnapshot = Date.distantPast
    private var snapshotInterval: TimeInterval = 5
    /// Plans up to this size get their first snapshot at once (under 0.2 s here).
    static let immediateSnapshotLimit = 100_000

    init(communicator: Communicator, plan: SweepPlan, executor: TaskExecutor, journal: Journal, store: ResultStore, toRun: [Int], progress: ProgressReporter) {
        self.communicator = communicator
        self.plan = plan
        self.journal = journal
        self.store = store
        self.progress = progress
        self.local = LocalWorker(executor: executor)
        // Longest expected first; ties in plan order, so the schedule is reproducible.
        self.queue = toRun.sorted { (plan.estimatedFlops(at: $0), -$0) > (plan.estimatedFlops(at: $1), -$1) }
        self.queuedWork = toRun.reduce(0) { $0 + plan.estimatedFlops(at: $1) }
        // A large plan's first snapshot (every task pending) would hold the manager, and every
        // worker waiting for work, for seconds (1.2 s at 10^6 tasks, 15 s at 10^7): it is
        // deferred like any later one, by 20x its expected cost (about 2 us a task here).
        // Until then the journal holds every result, and --resume rebuilds the file from it.
        if plan.count > Manager.immediateSnapshotLimit {
            lastSnapshot = Date()
            snapshotInterval = max(5, 20 * 2e-6 * Double(plan.count))
        }
    }

    /// The next task to hand out, unless the queue is empty or a stop was requested.
    private func peekTask() -> Int? {
        guard queueHead < queue.count, !StopSignal.isRequested else { return nil }
        return queue[queueHead]
    }

    /// Removes the task `peekTask` returned from the queue.
    private func takeTask() {
        queuedWork -= plan.estimatedFlops(at: queue[queueHead])
        queueHead += 1
    }

    /// Runs until every task was attempted, or a stop signal arrived.
    /// Returns whether the sweep was interrupted.
    func run() throws -> Bool {
        local.start()
        defer { local.stop() }
        let remotes = communicator.size - 1
        var idleSleep = 50e-6
        var startingUp = true
        while !(localStopped && stoppedRemotes.count == remotes && inFlightCount == 0) {
            if StopSignal.isRequested { return true }
            var activity = false
            var finished = [TaskResult]()
            var requesters = [Int]()

            while let info = try communicator.probe(from: nil, tag: nil) {
                let message = try communicator.receive(from: info.source, tag: info.tag)
                activity = true
                switch message.tag {
                case MessageTag.ready:
                    requesters.append(message.source)
                case MessageTag.result:
                    var reader = ByteReader(message.bytes)
                    let result = try TaskResult.decode(from: &reader)
                    finished.append(result)
                    settle(result.planIndex, on: message.source)
                    requesters.append(message.source)
                default:
                    throw ProtocolViolation(description: "manager received unexpected tag \(message.tag) from rank \(message.source)")
                }
            }
            let localResults = local.takeResults()
            if !localResults.isEmpty {
                finished += localResults
                for result in localResults { settle(result.planIndex, on: 0) }
                activity = true
            }

            if !finished.isEmpty {
                for result in finished where result.planIndex < 0 || result.planIndex >= plan.count || plan.key(at: result.planIndex) != result.key {
                    throw ProtocolViolation(description: "rank \(result.rank) returned task \(result.planIndex) with key \(result.key), which is not that task of the plan")
                }
                try journal.append(finished.map { .result($0) })   // durable: now they are acknowledged
                store.record(finished)
                progress.record(finished)
            }

            for rank in requesters where !stoppedRemotes.contains(rank) {
                try refill(rank)
            }
            if !localStopped && (startingUp || !localResults.isEmpty) {
                try refill(0)
            }
            startingUp = false

            if Date().timeIntervalSince(lastSnapshot) >= snapshotInterval {
                try snapshot()
            }
            progress.tick()

            if activity {
                idleSleep = 50e-6
            } else {
                local.waitForResults(timeout: idleSleep)
                idleSleep = min(idleSleep * 2, Manager.maximumIdleSleep)
            }
        }
        return false
    }

    /// Longest pause between two looks for messages when nothing happens. Every look
    /// (an MPI probe that runs Open MPI's progress engine) takes the core from rank 0's
    /// trainer thread: at 0.5 ms rank 0 trained 7 % slower than the other ranks, at 5 ms
    /// 1 %. The local trainer wakes the manager at once (`LocalWorker.waitForResults`);
    /// remote results wait at most this long, which the task reserved behind the
    /// running one hides (`ReservationPolicy`).
    static let maximumIdleSleep = 5e-3

    /// How many tasks each worker holds behind the one it runs.
    private let reservation = ReservationPolicy()

    private func refill(_ rank: Int) throws {
        var queued = inFlight[rank] ?? []
        var reserved = queued.dropFirst().reduce(0) { $0 + plan.estimatedFlops(at: $1) }
        while let index = peekTask() {
            let work = plan.estimatedFlops(at: index)
            guard reservation.mayTake(work: work, held: queued.count, reserved: reserved,
                                      queuedWork: queuedWork, activeWorkers: activeWorkers) else { break }
            if !queued.isEmpty { reserved += work }
            takeTask()
            let assignment = TaskAssignment(plan.task(at: index))
            if rank == 0 {
                local.assign(assignment)
            } else {
                try communicator.send(assignment.encoded, to: rank, tag: MessageTag.task)
            }
            queued.append(index)
            inFlightCount += 1
        }
        inFlight[rank] = queued
        if queued.isEmpty {
            if rank == 0 {
                local.stop()
                localStopped = true
            } else {
                try communicator.send([], to: rank, tag: MessageTag.stop)
                stoppedRemotes.insert(rank)
            }
        }
    }

    /// Workers that have not been told to stop: the local trainer and the remote ranks.
    private var activeWorkers: Int {
        (localStopped ? 0 : 1) + communicator.size - 1 - stoppedRemotes.count
    }

    private func settle(_ planIndex: Int, on rank: Int) {
        if let position = inFlight[rank]?.firstIndex(of: planIndex) {
            inFlight[rank]!.remove(at: position)
            inFlightCount -= 1
        }
    }

    /// Brings the HDF5 file up to date with what is recorded: the first snapshot of a run
    /// writes the whole file, later ones only the rows recorded since (`ResultStore.write`),
    /// `compacting` (the end of a run) the whole file compressed. The interval adapts so that
    /// periodic writes take at most a twentieth (5 %) of the manager's time, and is at least
    /// 5 s. The journal, not the file, makes results durable.
    func snapshot(compacting: Bool = false) throws {
        let started = Date()
        try store.write(compacting: compacting)
        let took = Date().timeIntervalSince(started)
        let last = store.lastWrite ?? (.whole, store.plan.count)
        snapshots.append((last.kind, last.rows, took))
        // After a whole write the next snapshot is in place, a small fraction of it: the
        // shortest interval. An in-place write (or a whole one that cannot be followed by
        // in-place ones) sets it to 20x its own cost.
        snapshotInterval = store.lastWrite?.kind == .whole && store.writesInPlaceNext ? 5 : max(5, 20 * took)
        lastSnapshot = Date()
    }

    /// Each snapshot: whole or in place, the task rows it wrote, its seconds.
    private(set) var snapshots: [(kind: ResultStore.WriteKind, rows: Int, seconds: Double)] = []
    /// Snapshots written so far and the seconds they took (for the closing note).
    var snapshotCount: Int { snapshots.count }
    var snapshotSeconds: Double { snapshots.reduce(0) { $0 + $1.seconds } }

    /// The snapshots in a line: whole writes and in-place ones, with their rows and seconds.
    var snapshotSummary: String {
        let whole = snapshots.filter { $0.kind == .whole }, inPlace = snapshots.filter { $0.kind == .inPlace }
        var parts = [String]()
        if !whole.isEmpty {
            parts.append("\(whole.count) whole (" + whole.map { String(format: "%.3f s", $0.seconds) }.joined(separator: ", ") + ")")
        }
        if !inPlace.isEmpty {
            let seconds = inPlace.map(\.seconds), rows = inPlace.map(\.rows)
            parts.append(String(format: "%d in place (%.3f s in all, at most %.3f s; %d rows in all, at most %d)",
                                inPlace.count, seconds.reduce(0, +), seconds.max()!, rows.reduce(0, +), rows.max()!))
        }
        return parts.joined(separator: ", ")
    }
}
