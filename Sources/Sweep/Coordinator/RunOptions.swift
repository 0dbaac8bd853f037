import Kernels
/// What `fsweep run` was asked to do.
public struct RunOptions: Sendable {
    public var specPath: String
    public var output: String
    public var resume = false
    public var extend = false
    public var retryFailed = false
    public var quiet = false
    /// Per-task time limit in seconds (`--task-timeout`), nil for none.
    public var taskTimeout: Double? = nil
    /// With `retryFailed`: a task that failed this many times is not tried again.
    public var maxAttempts = 3
    /// A forced GEMM kernel path (`--kernel`), nil for rank 0's calibrated choice.
    public var kernelRequest: GEMMKernelPath? = nil
    /// Exit 0 even when tasks failed (`--allow-failures`), instead of `RunExitCode.tasksFailed`.
    public var allowFailures = false

    public init(specPath: String, output: String) {
        self.specPath = specPath
        self.output = output
    }

    /// The command that resumes this run (printed when it stops early).
    public var resumeCommand: String {
        "fsweep run \(specPath) --out \(output) --resume\(extend ? " --extend" : "")"
    }
}

/// The exit codes of `fsweep run` (README, "Exit codes"), for batch systems, GNU parallel and CI.
public enum RunExitCode {
    /// Every task of the plan is done.
    public static let done: Int32 = 0
    /// Nothing or not everything ran: a bad spec, a refused resume, a locked output, a full disk.
    public static let error: Int32 = 1
    /// The run went to the end but some tasks are recorded failed (`--allow-failures`: 0 instead).
    public static let tasksFailed: Int32 = 3
    /// Stopped by a signal (SIGTERM from Slurm, Ctrl-C): 128 + the signal's number, as a shell
    /// reports it (143 for SIGTERM, 130 for SIGINT). The output is intact; `--resume` continues.
    public static func stopped(bySignal signal: Int32) -> Int32 { 128 + signal }
}

/// A problem with how fsweep was invoked (files, flags), reported in one line before any work.
public struct UsageError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
