import ArgumentParser
import Foundation
import Kernels
import Sweep

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a sweep (under mpirun for many ranks) into one HDF5 file.",
        discussion: """
        Rank 0 hands out tasks longest-first, trains too, and writes the output;
        every result is durable in OUT.journal before it is acknowledged. A
        killed sweep is finished by the same command with --resume: nothing
        done is recomputed.

        Examples:
          # one rank; then four ranks; then finish a killed run
          fsweep run jobs/quickstart.toml --out quickstart.h5
          mpirun -np 4 fsweep run jobs/quickstart.toml --out q.h5
          mpirun -np 4 fsweep run jobs/quickstart.toml --out q.h5 --resume
          # a grown spec: keep what is done, run only the new tasks
          fsweep run jobs/bigger.toml --out q.h5 --resume --extend
          # few big tasks: two threads inside one rank
          mpirun -np 1 fsweep run jobs/giant-step-spikes.toml --out s.h5 --threads 2

        Exit codes: 0 every task done; 1 error (nothing or not all ran: bad spec,
        refused resume, locked output, full disk); 3 the run went to the end but
        some tasks failed (0 with --allow-failures); 128+N stopped by signal N
        (143: SIGTERM, 130: SIGINT), resume with --resume.
        """
    )

    @Argument(help: "The sweep spec (TOML).")
    var spec: String

    @Option(name: .long, help: "The HDF5 file to write (OUT.journal and OUT.lock are kept beside it).")
    var out: String

    @Flag(help: "Continue the sweep recorded in OUT: run only what is not finished.")
    var resume = false

    @Flag(help: "With --resume: accept a changed spec, keep every result whose task key is unchanged, run the new tasks.")
    var extend = false

    @Flag(name: .customLong("retry-failed"), help: "With --resume: run failed tasks again.")
    var retryFailed = false

    @Option(name: .customLong("max-attempts"), help: "With --retry-failed: do not try a task again once it failed this many times.")
    var maxAttempts = 3

    @Option(name: .customLong("task-timeout"), help: "Seconds after which a task is stopped (at its next checkpoint) and recorded as failed.")
    var taskTimeout: Double?

    @Flag(name: .customLong("allow-failures"), help: "Exit 0 even when some tasks failed (default: exit code 3).")
    var allowFailures = false

    @Flag(help: "No progress output.")
    var quiet = false

    @OptionGroup var kernel: KernelOptions

    func validate() throws {
        if extend && !resume { throw ValidationError("--extend only makes sense with --resume (it continues OUT with a changed spec)") }
        if retryFailed && !resume { throw ValidationError("--retry-failed only makes sense with --resume") }
        if maxAttempts < 1 { throw ValidationError("--max-attempts \(maxAttempts): must be at least 1") }
        if let taskTimeout, !(taskTimeout > 0) { throw ValidationError("--task-timeout \(taskTimeout): must be a positive number of seconds") }
    }

    func run() throws {
        var options = RunOptions(specPath: spec, output: out)
        options.resume = resume
        options.extend = extend
        options.retryFailed = retryFailed
        options.quiet = quiet
        options.maxAttempts = maxAttempts
        options.taskTimeout = taskTimeout
        options.kernelRequest = try kernel.requestedPath()
        KernelThreads.count = kernel.threads
        options.allowFailures = allowFailures
        let code = SweepRun.execute(options)
        if code != 0 { throw ExitCode(code) }
    }
}
