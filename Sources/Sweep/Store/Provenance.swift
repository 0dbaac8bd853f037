import Foundation

/// Where a sweep's results came from, written as attributes of the HDF5 root.
public struct Provenance: Sendable {
    public var specHash: String
    public var specText: String
    public var specFile: String
    public var protocolName: String
    public var rootSeed: UInt64
    public var version: String
    public var gitCommit: String
    public var created: Date
    public var finished: Date?
    public var mpiSize: Int
    public var hosts: [String]
    /// The CPUs and the kernel paths that computed the results (nil: not recorded).
    public var kernels: KernelProvenance?

    public init(specHash: String, specText: String, specFile: String, protocolName: String, rootSeed: UInt64,
                version: String, gitCommit: String, created: Date, finished: Date? = nil, mpiSize: Int, hosts: [String],
                kernels: KernelProvenance? = nil) {
        self.specHash = specHash
        self.specText = specText
        self.specFile = specFile
        self.protocolName = protocolName
        self.rootSeed = rootSeed
        self.version = version
        self.gitCommit = gitCommit
        self.created = created
        self.finished = finished
        self.mpiSize = mpiSize
        self.hosts = hosts
        self.kernels = kernels
    }
}

/// The tool's version and the git commit it was built from.
public enum BuildInfo {
    public static let version = "0.1.0"

    /// `FSWEEP_GIT_COMMIT` if set, else the commit at HEAD (first 12 digits) of the git
    /// checkout that holds the executable (the usual `make build` layout), else "unknown".
    public static let gitCommit: String = {
        if let commit = ProcessInfo.processInfo.environment["FSWEEP_GIT_COMMIT"], !commit.isEmpty { return commit }
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        guard let commit = GitCheckout(containing: executable.deletingLastPathComponent())?.headCommit else { return "unknown" }
        return String(commit.prefix(12))
    }()
}
