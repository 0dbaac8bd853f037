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

    /// The peak resident bytes of the process so far (getrusage).
    static func peakResidentBytes() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) * 1024   // Linux: KiB
    }
}
