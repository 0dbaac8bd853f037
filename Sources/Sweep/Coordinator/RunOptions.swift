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

    public init(specPath: String, output: String) {
        self.specPath = specPath
        self.output = output
    }

    /// The command that resumes this run (printed when it stops early).
    public var resumeCommand: String {
        "fsweep run \(specPath) --out \(output) --resume\(extend ? " --extend" : "")"
    }
}

/// A problem with how fsweep was invoked (files, flags), reported in one line before any work.
public struct UsageError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
