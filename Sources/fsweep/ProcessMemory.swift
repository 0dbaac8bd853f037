import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The process's resident memory, for `fsweep train`'s and `fsweep bench`'s memory figures.
enum ProcessMemory {
    /// Resident bytes now (the second field of /proc/self/statm, in pages), or nil where
    /// there is none.
    static func residentBytes() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
        let fields = text.split(separator: " ")
        guard fields.count >= 2, let pages = Double(fields[1]) else { return nil }
        return pages * Double(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// Starts a new peak: afterwards `peakResidentBytes` is the highest resident size
    /// from now on (Linux: writing 5 to /proc/self/clear_refs resets VmHWM). Returns
    /// whether it could.
    @discardableResult
    static func resetPeak() -> Bool {
        guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return false }
        defer { try? handle.close() }
        return (try? handle.write(contentsOf: Data("5".utf8))) != nil
    }

    /// The highest resident bytes of this process image since `resetPeak` (VmHWM of
    /// /proc/self/status). getrusage's ru_maxrss is no substitute: a process started
    /// with posix_spawn (Foundation's `Process`, the test harness) inherits its parent's
    /// peak through the exec, so a task looked 140 MiB larger under the tests.
    static func peakResidentBytes() -> Double {
        if let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
           let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
           let kibibytes = Double(line.split(separator: " ").dropFirst().first ?? "") {
            return kibibytes * 1024
        }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) * 1024   // Linux: KiB
    }

    /// Runs `body` and returns its result with the peak resident bytes it added above
    /// what the process held before it.
    static func peakIncrease<R>(of body: () throws -> R) rethrows -> (result: R, bytes: Double) {
        resetPeak()
        let before = residentBytes() ?? 0
        let result = try body()
        return (result, peakResidentBytes() - before)
    }
}
