import Foundation

/// Progress of a run on rank 0's standard error: done/total, failures, tasks/s and
/// ETA. On a terminal a bar redrawn in place; in a log (Slurm, CI) a line every
/// `logInterval` seconds.
final class ProgressReporter {
    private let total: Int
    private let alreadyDone: Int
    private var done = 0
    private var failed = 0
    private let started = Date()
    private var lastPrint = Date.distantPast
    private let interactive: Bool
    private let logInterval: TimeInterval
    private let quiet: Bool

    /// `total` tasks in the plan, of which `alreadyDone` were finished by earlier runs.
    init(total: Int, alreadyDone: Int, quiet: Bool = false, logInterval: TimeInterval = 10) {
        self.total = total
        self.alreadyDone = alreadyDone
        self.interactive = isatty(STDERR_FILENO) != 0
        self.logInterval = logInterval
        self.quiet = quiet
    }

    func record(_ results: [TaskResult]) {
        for result in results {
            if result.status == .done { done += 1 } else { failed += 1 }
        }
    }

    func tick(force: Bool = false) {
        guard !quiet else { return }
        let now = Date()
        let interval = interactive ? 0.25 : logInterval
        guard force || now.timeIntervalSince(lastPrint) >= interval else { return }
        lastPrint = now
        let line = summary(now: now)
        if interactive {
            FileHandle.standardError.write(Data(("\r\u{1B}[K" + line + (force ? "\n" : "")).utf8))
        } else {
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
    }

    func summary(now: Date = Date()) -> String {
        let elapsed = max(now.timeIntervalSince(started), 1e-9)
        let attempted = done + failed
        let finished = alreadyDone + attempted
        let rate = Double(attempted) / elapsed
        let remaining = total - finished
        let eta = rate > 0 ? ProgressReporter.clock(Double(remaining) / rate) : "--:--"
        let width = 24
        let filled = total > 0 ? min(width, width * finished / total) : width
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        return "[\(bar)] \(finished)/\(total) done, \(failed) failed, \(String(format: "%.2f", rate)) tasks/s, elapsed \(ProgressReporter.clock(elapsed)), ETA \(eta)"
    }

    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%02d:%02d", s / 60, s % 60)
    }
}
