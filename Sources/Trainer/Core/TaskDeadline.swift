import Foundation

/// The per-task time limit (`fsweep run --task-timeout`), checked cooperatively:
/// protocols call `try TaskDeadline.check()` between their heavy phases and in
/// their training loops, and a task past its limit stops there with `TimedOut`.
/// (A thread cannot be killed safely from outside, so a task is stopped at its
/// next checkpoint, not in the middle of a matrix product.)
public enum TaskDeadline {
    private static let key = "fsweep.task-deadline"

    public struct TimedOut: Error, CustomStringConvertible {
        public let limit: Double
        public var description: String { "exceeded the task time limit of \(limit) s (--task-timeout)" }
    }

    /// Runs `body` on this thread with a limit of `seconds` (nil: no limit).
    public static func run<T>(limit seconds: Double?, _ body: () throws -> T) rethrows -> T {
        guard let seconds else { return try body() }
        let dictionary = Thread.current.threadDictionary
        dictionary[key] = [Date().addingTimeInterval(seconds).timeIntervalSinceReferenceDate, seconds]
        defer { dictionary.removeObject(forKey: key) }
        return try body()
    }

    /// Throws `TimedOut` when the current task is past its limit.
    public static func check() throws {
        guard let entry = Thread.current.threadDictionary[key] as? [Double] else { return }
        if Date().timeIntervalSinceReferenceDate > entry[0] { throw TimedOut(limit: entry[1]) }
    }
}
