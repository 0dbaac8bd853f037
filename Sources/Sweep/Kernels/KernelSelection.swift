import Foundation
import Kernels

/// How a run's GEMM kernel paths are decided, once, on the process that decides for
/// all: a `--kernel` path if the user forced one, else the calibration cached for this
/// CPU model and binary (`KernelChoiceCache`), measured anew when there is none.
public enum KernelSelection {
    /// The choice for a run whose ranks run on `cpus` (every rank's, rank 0 first).
    ///
    /// - Parameters:
    ///   - request: a forced path (`--kernel`), nil for the calibrated choice.
    ///   - cpus: the CPU of every rank; the register tiles are the best that all of them
    ///     have, so that every rank can follow the choice.
    ///   - recalibrate: measure even when a cached calibration exists (`fsweep bench --calibrate`).
    ///   - recorded: the choice an earlier run of the same output used (`--resume`): taken
    ///     again when every rank can run it, so that one file's tasks come from one path.
    public static func choose(request: GEMMKernelPath?, cpus: [CPUDescription] = [.current], recalibrate: Bool = false,
                              recorded: (choice: GEMMKernelChoice, file: String)? = nil,
                              cache: KernelChoiceCache = .userDefault) throws -> GEMMKernelChoice {
        let tiles = commonTiles(cpus)
        if let request {
            if let reason = request.unavailableReason {
                throw UsageError("--kernel \(request.rawValue): \(reason); choose one of \(availablePathNames) or leave --kernel out")
            }
            if request == .avx512 && tiles != .avx512 {
                throw UsageError("--kernel avx512: not every rank's CPU has AVX-512 (\(mixedSummary(cpus))); choose avx2 or blas")
            }
            return .forced(request)
        }
        if let (choice, file) = recorded, canRun(choice, tiles: tiles) {
            var again = choice
            if !again.origin.hasPrefix("recorded") { again.origin = "recorded in \(file) by an earlier run: " + again.origin }
            return again
        }
        if !recalibrate, let cached = cache.load(tiles: tiles) { return cached }
        var choice = GEMMCalibration.calibrate(tiles: tiles)
        choice.origin += ", measured \(ISO8601DateFormatter().string(from: Date()))"
        cache.store(choice, tiles: tiles)
        return choice
    }

    /// Whether every rank can follow `choice` when `tiles` is the best they all have.
    static func canRun(_ choice: GEMMKernelChoice, tiles: GEMMKernelPath) -> Bool {
        let used = [choice.float32, choice.float64].flatMap { [$0.large, $0.panel, $0.small] }
        return choice.unavailablePaths.isEmpty && (tiles == .avx512 || !used.contains(.avx512))
    }

    /// The register-tile path every one of `cpus` can run (this binary's best if they all can).
    static func commonTiles(_ cpus: [CPUDescription]) -> GEMMKernelPath {
        let best = GEMMKernelPath.bestTiles
        let flags = cpus.map { Set($0.vectorFlags) }
        if best == .avx512 && flags.allSatisfy({ $0.isSuperset(of: InstructionSet.avx512.names) }) { return .avx512 }
        if best != .portable && flags.allSatisfy({ $0.isSuperset(of: InstructionSet.avx2.names) }) { return .avx2 }
        return GEMMKernelPath.avx2.isAvailable ? .avx2 : .portable
    }

    /// The paths `--kernel` accepts on this machine, e.g. "avx512, avx2, blas".
    public static var availablePathNames: String {
        GEMMKernelPath.allCases.filter(\.isAvailable).map(\.rawValue).joined(separator: ", ")
    }

    /// Nil when every rank runs on the same kind of CPU; else one warning naming the hosts
    /// of each kind and what that means for the bits.
    public static func mixedClusterWarning(_ cpus: [CPUDescription], choice: GEMMKernelChoice) -> String? {
        guard Set(cpus.map(\.kind)).count > 1 else { return nil }
        return "ranks run on different CPUs (\(mixedSummary(cpus))): every rank uses the kernel paths all of them have (\(choice.summary)), "
            + "but OpenBLAS (\(BLASPeer.coreName) here) may pick other kernels on other hosts for its LAPACK calls, so a task's last bits can depend on the host that ran it"
    }

    /// "host-a, host-b: model [flags]; host-c: model [flags]".
    static func mixedSummary(_ cpus: [CPUDescription]) -> String {
        var hostsByKind: [String: Set<String>] = [:]
        for cpu in cpus { hostsByKind[cpu.kind, default: []].insert(cpu.host) }
        return hostsByKind.sorted { $0.key < $1.key }
            .map { "\($0.value.sorted().joined(separator: ", ")): \($0.key)" }.joined(separator: "; ")
    }
}
