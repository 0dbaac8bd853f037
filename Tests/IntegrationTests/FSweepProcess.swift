import Foundation
import XCTest

/// Runs the built `fsweep` binary, alone or under `mpirun`, as a user would.
///
/// The binary is `$FSWEEP_BINARY` (set by `make test`) or `.build/release/fsweep`
/// of this checkout.
enum FSweepProcess {
    static var binary: String {
        if let path = ProcessInfo.processInfo.environment["FSWEEP_BINARY"], !path.isEmpty { return path }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/release/fsweep").path
    }

    static var mpirunPrefix: [String] {
        var arguments = ["mpirun", "--oversubscribe"]
        if getuid() == 0 { arguments.append("--allow-run-as-root") }
        return arguments
    }

    struct Outcome {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// Starts a command and returns the running process.
    static func start(_ arguments: [String], stdout: URL? = nil, stderr: URL? = nil) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["OMPI_MCA_rmaps_base_oversubscribe"] = "1"
        process.environment = environment
        if let stdout {
            FileManager.default.createFile(atPath: stdout.path, contents: nil)
            process.standardOutput = try FileHandle(forWritingTo: stdout)
        }
        if let stderr {
            FileManager.default.createFile(atPath: stderr.path, contents: nil)
            process.standardError = try FileHandle(forWritingTo: stderr)
        }
        try process.run()
        return process
    }

    /// Runs to completion and captures both streams.
    static func run(_ arguments: [String], in directory: URL) throws -> Outcome {
        let out = directory.appendingPathComponent("stdout-\(UUID().uuidString)")
        let err = directory.appendingPathComponent("stderr-\(UUID().uuidString)")
        let process = try start(arguments, stdout: out, stderr: err)
        process.waitUntilExit()
        let outcome = Outcome(status: process.terminationStatus,
                              stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
                              stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "")
        try? FileManager.default.removeItem(at: out)
        try? FileManager.default.removeItem(at: err)
        return outcome
    }

    /// The pid of the fsweep process of MPI rank `rank` whose command line contains `marker`.
    static func rankProcess(rank: Int, marker: String) -> pid_t? {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        for entry in entries {
            guard let pid = Int32(entry),
                  let command = try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8),
                  command.contains(marker), !command.hasPrefix("mpirun"),
                  let environment = try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/environ")) else { continue }
            let variables = environment.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            if variables.contains("OMPI_COMM_WORLD_RANK=\(rank)") { return pid }
        }
        return nil
    }

    /// `fsweep ARGS` under `mpirun -np RANKS`.
    static func mpirun(ranks: Int, _ arguments: [String], in directory: URL) throws -> Outcome {
        try run(mpirunPrefix + ["-np", String(ranks), binary] + arguments, in: directory)
    }

    /// SIGKILL to every process whose command line contains `marker` (mpirun and
    /// all its ranks at once, as when a batch system kills a job).
    static func killAll(matching marker: String) {
        let kill = Process()
        kill.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        kill.arguments = ["pkill", "-KILL", "-f", marker]
        try? kill.run()
        kill.waitUntilExit()
    }

    /// `fsweep ARGS` as a single process (no mpirun).
    static func direct(_ arguments: [String], in directory: URL) throws -> Outcome {
        try run([binary] + arguments, in: directory)
    }
}

/// A fresh directory under the system's temporary directory, removed at the end of the test.
final class ScratchDirectory {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("fsweep-it-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: url) }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func write(_ name: String, _ text: String) throws -> String {
        let path = self.path(name)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
