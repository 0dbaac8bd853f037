import Foundation

/// Rank 0's state before the first task is handed out: the plan, the locked
/// output, the journal (created or recovered) and which tasks still need to run.
struct PreparedRun {
    let plan: SweepPlan
    let lock: OutputLock
    let journal: Journal
    let store: ResultStore
    /// Plan indices to run in this invocation.
    let toRun: [Int]
    /// Tasks of the plan already finished (done, or failed and not retried) by earlier runs.
    let alreadyFinished: Int

    static func prepare(_ options: RunOptions, run: RunInfo, kernels: KernelProvenance) throws -> PreparedRun {
        let spec = try SweepSpec.load(path: options.specPath)
        let plan = try SweepPlan(spec: spec)
        try MemoryCheck.check(plan)
        try OutputLocation.check(options.output)
        let lock = try OutputLock(output: options.output)
        let journalPath = Journal.path(forOutput: options.output)
        let files = FileManager.default
        let journal: Journal
        var recorded: [TaskKey: (result: TaskResult, attempts: Int)] = [:]
        var created = Date(timeIntervalSince1970: run.startedAt)

        if !options.resume {
            if files.fileExists(atPath: options.output) || files.fileExists(atPath: journalPath) {
                throw UsageError("\(options.output) already exists: add --resume to continue that sweep, or remove \(options.output) and \(journalPath) to start over")
            }
            journal = try Journal.create(path: journalPath)
            try journal.append([.spec(hash: spec.textHash, file: spec.file, text: spec.text), .runStarted(run)])
        } else {
            guard files.fileExists(atPath: journalPath) else {
                if files.fileExists(atPath: options.output) {
                    throw UsageError("\(options.output) has no journal next to it (\(journalPath)), so fsweep cannot tell which results are durable; run to a new --out instead")
                }
                throw UsageError("nothing to resume: neither \(options.output) nor \(journalPath) exists; run without --resume to start the sweep")
            }
            let (opened, contents) = try Journal.open(path: journalPath)
            journal = opened
            guard let previous = contents.specs.last else {
                throw JournalError(path: journalPath, problem: "holds no spec record; it was not written by fsweep run")
            }
            if previous.hash != spec.textHash {
                guard options.extend else {
                    throw UsageError("\(options.output) was written from a different spec (\(previous.file), sha256 \(previous.hash.prefix(12))) than \(spec.file) (sha256 \(spec.textHash.prefix(12))): add --extend to keep its results and run only the new tasks, or choose another --out")
                }
                try journal.append([.spec(hash: spec.textHash, file: spec.file, text: spec.text)])
            }
            try journal.append([.runStarted(run)])
            recorded = contents.latestResults
            if let first = contents.runs.first { created = Date(timeIntervalSince1970: first.startedAt) }
        }

        let provenance = Provenance(specHash: spec.textHash, specText: spec.text, specFile: spec.file, protocolName: spec.protocolName,
                                    rootSeed: spec.rootSeed, version: run.version, gitCommit: run.gitCommit, created: created,
                                    mpiSize: run.mpiSize, hosts: run.hosts, kernels: kernels)
        let store = ResultStore(plan: plan, path: options.output, provenance: provenance, results: recorded)
        recorded = [:]
        // From the store's columns, matched by key once there (a second lookup per task of
        // 10^6 cost a second).
        var toRun = [Int]()
        toRun.reserveCapacity(plan.count)
        for index in 0..<plan.count {
            switch store.status[index] {
            case 0: toRun.append(index)
            case TaskResult.Status.failed.rawValue where options.retryFailed && Int(store.attempts[index]) < options.maxAttempts:
                toRun.append(index)
            default: break
            }
        }
        return PreparedRun(plan: plan, lock: lock, journal: journal, store: store, toRun: toRun,
                           alreadyFinished: plan.count - toRun.count)
    }
}

/// Refuses a plan whose largest task would not fit in this machine's memory.
enum MemoryCheck {
    static func check(_ plan: SweepPlan, available: Double = Double(ProcessInfo.processInfo.physicalMemory)) throws {
        guard let (largest, bytes) = plan.largestTaskMemory, bytes > available else { return }
        let sizes = plan.experiment.parameters.filter { if case .integer = $0.kind { return true } else { return false } }
            .map { "\($0.name)=\(largest.parameters[$0.name]?.description ?? "?")" }.joined(separator: " ")
        throw UsageError(String(format: "task #%d (%@) needs about %.1f GB, more than this machine's %.1f GB: make it smaller or run it on a bigger node",
                                largest.index, sizes, bytes / 1e9, available / 1e9))
    }
}

/// Checks on the output path made before anything is created.
enum OutputLocation {
    static func check(_ output: String) throws {
        let files = FileManager.default
        var isDirectory: ObjCBool = false
        if files.fileExists(atPath: output, isDirectory: &isDirectory), isDirectory.boolValue {
            throw UsageError("--out \(output) is a directory; give a file name such as \(output)/sweep.h5")
        }
        let directory = (output as NSString).deletingLastPathComponent
        let parent = directory.isEmpty ? "." : directory
        guard files.fileExists(atPath: parent, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw UsageError("the directory of --out \(output) does not exist: create \(parent) first")
        }
        guard files.isWritableFile(atPath: parent) else {
            throw UsageError("the directory \(parent) of --out \(output) is not writable: choose another --out")
        }
    }
}
