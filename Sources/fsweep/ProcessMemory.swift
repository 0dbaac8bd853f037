#if canImport(Glibc)
import Glibc
#endif

/// The process's resident memory, for `fsweep train`'s and `fsweep bench`'s memory figures.
enum ProcessMemory {
    /// Resident bytes now (/proc/self/statm), or nil where there is none.
    static func residentBytes() -> Double? {
        guard let file = fopen("/proc/self/statm", "r") else { return nil }
        defer { fclose(file) }
        var size = 0, resident = 0
        guard readStatm(file, &size, &resident) else { return nil }
        return Double(resident) * Double(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// The peak resident bytes of the process so far (getrusage).
    static func peakResidentBytes() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) * 1024   // Linux: KiB
    }

    /// The first two fields of /proc/self/statm: total and resident pages.
    private static func readStatm(_ file: UnsafeMutablePointer<FILE>, _ size: inout Int, _ resident: inout Int) -> Bool {
        var line = [CChar](repeating: 0, count: 256)
        guard fgets(&line, Int32(line.count), file) != nil else { return false }
        let fields = String(cString: line).split(separator: " ")
        guard fields.count >= 2, let s = Int(fields[0]), let r = Int(fields[1]) else { return false }
        size = s
        resident = r
        return true
    }
}
