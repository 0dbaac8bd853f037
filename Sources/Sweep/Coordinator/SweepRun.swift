import Foundation
import Kernels
import MPI

/// `fsweep run`: every rank calls `execute`. Rank 0 prepares (spec, plan, lock,
/// journal) and tells the others whether to go; then it manages and trains while
/// the others pull tasks.
public enum SweepRun {
    /// Runs the sweep; returns the process exit code.
    public static func execute(_ options: RunOptions) -> Int32 {
        preferLightTransport()
        do {
            _ = try MPIEnvironment.initialize(threadLevel: .funneled)
        } catch {
            printError("cannot start MPI: \(error)")
            return 1
        }
        let world = Communicator.world
        let code: Int32
        do {
            let cpus = try gatherCPUs(world)
            if world.rank == 0 {
                code = try manage(options, world: world, cpus: cpus)
            } else {
                code = try work(world: world)
            }
        } catch {
            printError("\(error)")
            MPIEnvironment.abort(code: 1)
        }
        try? MPIEnvironment.finalize()
        return code
    }

    /// Asks Open MPI for its ob1 point-to-point layer unless the user chose one
    /// (`mpirun --mca pml …` or OMPI_MCA_pml). The sweep's messages are task indices and
    /// results, bytes to kilobytes per task, which ob1 carries over shared memory or TCP
    /// as well as UCX would; the default selection probes UCX, OFI and PSM fabrics,
    /// which took 0.25 s of every start here (MPI_Init 0.27 s → 0.03 s with ob1 and
    /// `--mca btl self,vader`, 0.07 s with ob1 alone). Other MPIs ignore the variable.
    private static func preferLightTransport() {
        setenv("OMPI_MCA_pml", "ob1", 0)
    }

    /// Every rank's processor name and CPU, rank 0 first.
    private static func gatherCPUs(_ world: Communicator) throws -> [CPUDescription] {
        var mine = CPUDescription.current
        mine.host = MPIEnvironment.processorName
        let encoded = try JSONEncoder().encode(mine)
        return try world.allGather(Array(encoded)).map { try JSONDecoder().decode(CPUDescription.self, from: Data($0)) }
    }

    private static func manage(_ options: RunOptions, world: Communicator, cpus: [CPUDescription]) throws -> Int32 {
        StopSignal.installOnManager()
        let run = RunInfo(startedAt: Date().timeIntervalSince1970, mpiSize: world.size, hosts: Array(Set(cpus.map(\.host))).sorted(),
                          version: BuildInfo.version, gitCommit: BuildInfo.gitCommit)
        let prepared: PreparedRun
        let kernels: GEMMKernelChoice
        do {
            let recorded = options.resume ? KernelProvenance.recordedChoice(inOutput: options.output).map { ($0, options.output) } : nil
            kernels = try KernelSelection.choose(request: options.kernelRequest, cpus: cpus, recorded: recorded)
            prepared = try PreparedRun.prepare(options, run: run, kernels: KernelProvenance(choice: kernels, cpus: cpus))
        } catch {
            _ = try world.broadcast(StartupPacket.refused.encoded, root: 0)
            reportError(error)
            return 1
        }
        GEMMKernelChoice.current = kernels
        _ = try world.broadcast(StartupPacket.go(file: prepared.plan.spec.file, text: prepared.plan.spec.text,
                                                 timeLimit: options.taskTimeout, kernels: kernels).encoded, root: 0)
        if let warning = KernelSelection.mixedClusterWarning(cpus, choice: kernels) { printNote("warning: " + warning) }
        if !options.quiet { printNote("kernels: \(kernels.summary) (\(kernels.origin))") }

        let plan = prepared.plan
        let store = prepared.store
        let progress = ProgressReporter(total: plan.count, alreadyDone: prepared.alreadyFinished, quiet: options.quiet)
        if !options.quiet {
            let resumed = prepared.alreadyFinished > 0 ? ", \(prepared.alreadyFinished) already finished" : ""
            printNote("\(plan.spec.protocolName): \(plan.count) tasks\(resumed), \(prepared.toRun.count) to run on \(world.size) rank\(world.size == 1 ? "" : "s") → \(options.output)")
        }
        let manager = Manager(communicator: world, plan: plan, executor: TaskExecutor(spec: plan.spec, rank: 0, timeLimit: options.taskTimeout),
                              journal: prepared.journal, store: store, toRun: prepared.toRun, progress: progress)
        do {
            let interrupted = try manager.run()
            progress.tick(force: true)
            if interrupted {
                try manager.snapshot()
                try prepared.journal.append([.runEnded(at: Date().timeIntervalSince1970, reason: "signal \(StopSignal.signalNumber)")])
                let counts = store.counts
                printNote("stopped by signal \(StopSignal.signalNumber): \(counts.done) done, \(counts.failed) failed, \(counts.pending) pending (tasks in flight are pending again). Resume with:\n  \(options.resumeCommand)")
                MPIEnvironment.abort(code: RunExitCode.stopped(bySignal: StopSignal.signalNumber))
            }
            store.provenance.finished = Date()
            // One whole, compressed write at the end (see README, "Large sweeps").
            try manager.snapshot(compacting: true)
            try prepared.journal.append([.runEnded(at: Date().timeIntervalSince1970, reason: "complete")])
        } catch {
            printError("\(error)")
            printError("every result acknowledged so far is in \(prepared.journal.path); fix the problem and run again with --resume")
            MPIEnvironment.abort(code: 1)
        }
        let counts = store.counts
        // Failed tasks of earlier runs that were not retried count too: the exit code says
        // whether the file now holds failures, which is what a batch script acts on.
        let code = counts.failed > 0 && !options.allowFailures ? RunExitCode.tasksFailed : RunExitCode.done
        if !options.quiet {
            printNote("wrote \(options.output): \(counts.done) done, \(counts.failed) failed, \(counts.pending) pending")
            let wall = Date().timeIntervalSince1970 - run.startedAt
            printNote(String(format: "rank 0: %.2f s, of which %d snapshot%@ of the file %.2f s (%.1f %%)", wall, manager.snapshotCount,
                             manager.snapshotCount == 1 ? "" : "s", manager.snapshotSeconds, 100 * manager.snapshotSeconds / max(wall, 1e-9))
                      + (manager.snapshots.isEmpty ? "" : ": " + manager.snapshotSummary))
            if counts.failed > 0 {
                printNote("see the failures with `fsweep status \(options.output)`; rerun them with --resume --retry-failed")
                if code != 0 { printNote("exit code \(code): some tasks failed (--allow-failures exits 0)") }
            }
        }
        return code
    }

    private static func work(world: Communicator) throws -> Int32 {
        StopSignal.ignoreOnWorker()
        let packet = try StartupPacket.decode(try world.broadcast([], root: 0))
        guard case .go(let file, let text, let timeLimit, let kernels) = packet else { return 1 }
        if let path = kernels.unavailablePaths.first {
            throw UsageError("rank \(world.rank) on \(MPIEnvironment.processorName) cannot run the \(path.rawValue) kernels rank 0 chose: \(path.unavailableReason ?? "")")
        }
        GEMMKernelChoice.current = kernels
        // No plan here: each task arrives with its parameters (the spec gives the protocol and root seed).
        let spec = try SweepSpec.parse(text: text, file: file)
        try RemoteWorker(communicator: world, executor: TaskExecutor(spec: spec, rank: world.rank, timeLimit: timeLimit)).run()
        return 0
    }
}

/// Rank 0's word to the workers after preparing: go (with the spec, so workers
/// need not read the file) or refused (an error was printed; exit).
enum StartupPacket {
    case go(file: String, text: String, timeLimit: Double?, kernels: GEMMKernelChoice)
    case refused

    var encoded: [UInt8] {
        var writer = ByteWriter()
        switch self {
        case .go(let file, let text, let timeLimit, let kernels):
            writer.write(UInt8(1))
            writer.write(file)
            writer.write(text)
            writer.write(timeLimit ?? -1)
            writer.write(String(decoding: (try? JSONEncoder().encode(kernels)) ?? Data(), as: UTF8.self))
        case .refused:
            writer.write(UInt8(0))
        }
        return writer.bytes
    }

    static func decode(_ bytes: [UInt8]) throws -> StartupPacket {
        var reader = ByteReader(bytes)
        guard try reader.readByte() == 1 else { return .refused }
        let file = try reader.readString(), text = try reader.readString()
        let limit = try reader.readDouble()
        let kernels = try JSONDecoder().decode(GEMMKernelChoice.self, from: Data(try reader.readString().utf8))
        return .go(file: file, text: text, timeLimit: limit > 0 ? limit : nil, kernels: kernels)
    }
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data("fsweep: error: \(message)\n".utf8))
}

/// Prints an error on one line: a spec error in the compiler's `file:line:col: error:` form
/// (editors jump to it), anything else as `fsweep: error: …`.
public func reportError(_ error: Error) {
    if let specError = error as? SpecError {
        FileHandle.standardError.write(Data("\(specError)\n".utf8))
    } else {
        printError("\(error)")
    }
}

func printNote(_ message: String) {
    FileHandle.standardError.write(Data("fsweep: \(message)\n".utf8))
}
