import Foundation

/// SIGINT / SIGTERM / SIGUSR1 on rank 0 (Ctrl-C, Slurm's preemption or time-limit
/// warning): the manager stops handing out work, records what is done, and exits with
/// 128 + the signal's number. Workers ignore these signals; the manager ends them.
///
/// SIGUSR1 is the one to send to `mpirun`: Open MPI's mpirun forwards it to every rank and
/// keeps waiting, so rank 0's exit code (138) comes out of mpirun. A SIGTERM sent to mpirun
/// makes mpirun end the job itself: rank 0 still stops cleanly when the forwarded SIGTERM
/// reaches it, but mpirun exits 1 (measured with Open MPI 4.1.4).
public enum StopSignal {
    nonisolated(unsafe) private static var flag: sig_atomic_t = 0
    nonisolated(unsafe) private static var received: Int32 = 0

    public static var isRequested: Bool { flag != 0 }
    public static var signalNumber: Int32 { received }

    /// Installs the handlers on rank 0.
    public static func installOnManager() {
        for signalNumber in [SIGINT, SIGTERM, SIGUSR1] {
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
        signal(SIGUSR1, SIG_IGN)
    }
}
