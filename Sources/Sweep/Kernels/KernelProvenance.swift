import Foundation
import HDF5
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

    /// The root attributes' names, in the order `attributes` gives them.
    public static let attributeNames = ["cpu_model", "cpu_flags", "cpu_mixed", "kernel_path", "kernel_choice",
                                        "kernel_origin", "kernel_compiled_for", "blas_name", "blas_core"]

    /// Root attribute names and values.
    public var attributes: [(String, String)] {
        let kinds = Array(Set(cpus.map(\.kind))).sorted()
        let first = cpus.first ?? .current
        let choiceJSON: String = {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return (try? encoder.encode(choice)).map { String(decoding: $0, as: UTF8.self) } ?? ""
        }()
        let values = [
            Array(Set(cpus.map(\.model))).sorted().joined(separator: " | "),
            first.vectorFlags.joined(separator: " "),
            kinds.count > 1 ? KernelSelection.mixedSummary(cpus) : "",
            choice.summary,
            choiceJSON,
            choice.origin,
            InstructionSet.compiled.names.joined(separator: " "),
            BLASPeer.configuration,
            BLASPeer.coreName,
        ]
        return Array(zip(Self.attributeNames, values))
    }

    /// The kernel choice recorded in the root of an output file by the run that wrote it;
    /// nil when there is no file, no attribute (files of earlier versions) or it does not decode.
    public static func recordedChoice(inOutput path: String) -> GEMMKernelChoice? {
        guard FileManager.default.fileExists(atPath: path),
              let file = try? HDF5.File.open(path, writable: false, fileLocking: false) else { return nil }
        defer { try? file.close() }
        guard case .string(let text)? = try? file.root.attribute("kernel_choice") else { return nil }
        return try? JSONDecoder().decode(GEMMKernelChoice.self, from: Data(text.utf8))
    }
}
