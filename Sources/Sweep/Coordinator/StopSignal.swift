import Foundation

/// SIGINT / SIGTERM on rank 0 (Ctrl-C, Slurm's preemption or time-limit warning):
/// the manager stops handing out work, records what is done, and exits.
/// Workers ignore both signals; the manager ends them.
public enum StopSignal {
    nonisolated(unsafe) private static var flag: sig_atomic_t = 0
    nonisolated(unsafe) private static var received: Int32 = 0

    public static var isRequested: Bool { flag != 0 }
    public static var signalNumber: Int32 { received }

    /// Installs the handlers on rank 0.
    public static func installOnManager() {
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber) { number in
                StopSignal.received = number
                StopSignal.flag = 1
            }
        }
    }

    /// Workers leave stopping to the manager.
    public static func ignoreOnWorker() {
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
    }
}
