import Foundation

/// An exclusive lock on an output (`<out>.lock`, `flock`), so two runs never write
/// the same sweep. The kernel releases it when the process dies, even by `kill -9`,
/// so a stale lock never blocks a resume.
public final class OutputLock {
    public let path: String
    private let descriptor: Int32

    /// Takes the lock or throws `OutputLocked` naming the holder.
    public init(output: String) throws {
        path = output + ".lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw SystemError("create the lock file", path: path) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let holder = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            close(fd)
            throw OutputLocked(output: output, holder: holder)
        }
        descriptor = fd
        let host = ProcessInfo.processInfo.hostName
        let note = "pid \(getpid()) on \(host), since \(ISO8601DateFormatter().string(from: Date()))\n"
        _ = ftruncate(fd, 0)
        _ = note.withCString { pwrite(fd, $0, strlen($0), 0) }
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}

/// Another run holds the output's lock.
public struct OutputLocked: Error, CustomStringConvertible {
    public let output: String
    public let holder: String
    public var description: String {
        "\(output) is being written by another fsweep run (\(holder.isEmpty ? "holder unknown" : holder)); wait for it to finish, or choose another --out"
    }
}
