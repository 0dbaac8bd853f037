import Foundation
import Kernels

/// What decides whether two output files' bits can match: the CPUs, the code the binary
/// was compiled for, the kernel paths chosen and the BLAS's kernels. Written as root
/// attributes of the HDF5 file (`attributes`), read back by `fsweep status --json` and
/// `featuresweep.provenance`.
public struct KernelProvenance: Sendable {
    public var choice: GEMMKernelChoice
    /// Every rank's CPU, rank 0 first.
    public var cpus: [CPUDescription]

    public init(choice: GEMMKernelChoice, cpus: [CPUDescription]) {
        self.choice = choice
        self.cpus = cpus
    }

    /// Root attribute names and values.
    public var attributes: [(String, String)] {
        let kinds = Array(Set(cpus.map(\.kind))).sorted()
        let first = cpus.first ?? .current
        let choiceJSON: String = {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            return (try? encoder.encode(choice)).map { String(decoding: $0, as: UTF8.self) } ?? ""
        }()
        return [
            ("cpu_model", Array(Set(cpus.map(\.model))).sorted().joined(separator: " | ")),
            ("cpu_flags", first.vectorFlags.joined(separator: " ")),
            ("cpu_mixed", kinds.count > 1 ? KernelSelection.mixedSummary(cpus) : ""),
            ("kernel_path", choice.summary),
            ("kernel_choice", choiceJSON),
            ("kernel_origin", choice.origin),
            ("kernel_compiled_for", InstructionSet.compiled.names.joined(separator: " ")),
            ("blas_name", BLASPeer.configuration),
            ("blas_core", BLASPeer.coreName),
        ]
    }
}
