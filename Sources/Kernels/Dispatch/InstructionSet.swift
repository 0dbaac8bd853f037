import CKernelSupport
import Foundation

/// A set of x86-64 vector and bit-manipulation features, as CPUID reports them or as a
/// `-target-cpu` lets the compiler use them (the bits of `ckernelsupport.h`).
public struct InstructionSet: OptionSet, Hashable, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Every feature this module knows, with the name `/proc/cpuinfo` gives it.
    static let named: [(InstructionSet, String)] = [
        (CKERNEL_ISA_AVX2, "avx2"), (CKERNEL_ISA_FMA, "fma"), (CKERNEL_ISA_F16C, "f16c"), (CKERNEL_ISA_BMI2, "bmi2"),
        (CKERNEL_ISA_MOVBE, "movbe"), (CKERNEL_ISA_AVX512F, "avx512f"), (CKERNEL_ISA_AVX512DQ, "avx512dq"),
        (CKERNEL_ISA_AVX512BW, "avx512bw"), (CKERNEL_ISA_AVX512VL, "avx512vl"), (CKERNEL_ISA_AVX512CD, "avx512cd"),
        (CKERNEL_ISA_AVX512VBMI, "avx512vbmi"), (CKERNEL_ISA_AVX512VBMI2, "avx512_vbmi2"),
        (CKERNEL_ISA_AVX512VNNI, "avx512_vnni"), (CKERNEL_ISA_AVX512BF16, "avx512_bf16"),
        (CKERNEL_ISA_AVX512IFMA, "avx512ifma"), (CKERNEL_ISA_AVX512VPOPCNTDQ, "avx512_vpopcntdq"),
        (CKERNEL_ISA_AVX512BITALG, "avx512_bitalg"), (CKERNEL_ISA_AVX512FP16, "avx512_fp16"),
        (CKERNEL_ISA_AVXVNNI, "avx_vnni"), (CKERNEL_ISA_GFNI, "gfni"),
    ].map { (InstructionSet(rawValue: UInt32($0.0)), $0.1) }

    /// The features named (in `/proc/cpuinfo` spelling); names this module does not know are ignored.
    public init(names: [String]) {
        self = InstructionSet.named.filter { names.contains($0.1) }.reduce(InstructionSet()) { $0.union($1.0) }
    }

    /// What a `TARGET_CPU=haswell` build may use: the oldest CPUs `make build` targets on x86-64.
    public static let haswell = InstructionSet(names: ["avx2", "fma", "f16c", "bmi2", "movbe"])

    /// What the AVX2 register tiles need.
    public static let avx2: InstructionSet = [InstructionSet(rawValue: UInt32(CKERNEL_ISA_AVX2)), InstructionSet(rawValue: UInt32(CKERNEL_ISA_FMA))]
    /// What the AVX-512 register tiles need (the x86-64-v4 vector core).
    public static let avx512: InstructionSet = avx2.union(InstructionSet(rawValue: UInt32(
        CKERNEL_ISA_AVX512F | CKERNEL_ISA_AVX512DQ | CKERNEL_ISA_AVX512BW | CKERNEL_ISA_AVX512VL)))

    /// The features the Swift code of this binary may contain (its `-target-cpu`).
    public static let compiled = InstructionSet(rawValue: ckernel_compiled_isa())
    /// The features of the CPU this process runs on (empty off x86_64).
    public static let cpu = InstructionSet(rawValue: ckernel_cpu_isa())

    /// The features' names, in `/proc/cpuinfo` spelling, e.g. "avx2 fma avx512f".
    public var names: [String] { Self.named.filter { contains($0.0) }.map(\.1) }

    /// The compiler's features this CPU lacks: non-empty means the binary may stop with
    /// SIGILL at any vector instruction, so `fsweep` refuses to start (`checkCompiledFeatures`).
    public static var missingOnThisCPU: InstructionSet { compiled.subtracting(cpu) }

    /// Exits with status 2 and a message that says how to rebuild when this binary was
    /// compiled for features the CPU lacks. Call first thing in `main`, before any code
    /// that the compiler may have vectorised runs.
    public static func checkCompiledFeatures(program: String = "fsweep") {
        let missing = missingOnThisCPU
        guard !missing.isEmpty else { return }
        let baseline = InstructionSet.cpu.isSuperset(of: .avx2) ? "haswell" : "x86-64"
        let message = """
            \(program): this binary was built for a CPU with \(missing.names.joined(separator: " ")), \
            which this CPU (\(CPUDescription.current.model)) lacks; it would stop with an illegal instruction.
            Rebuild on this node, or for the oldest node of the cluster: make build TARGET_CPU=\(baseline)
            (a TARGET_CPU=haswell build runs on every AVX2 CPU and picks its kernels at run time).

            """
        FileHandle.standardError.write(Data(message.utf8))
        exit(2)
    }
}

/// The CPU this process runs on, as the provenance records it.
public struct CPUDescription: Codable, Hashable, Sendable {
    /// `/proc/cpuinfo`'s model name, e.g. "AMD EPYC 9R45" ("unknown" where unreadable).
    public var model: String
    /// The vector features found (CPUID), in `/proc/cpuinfo` spelling.
    public var vectorFlags: [String]
    /// The host name, to name the odd host out on a mixed cluster.
    public var host: String

    public init(model: String, vectorFlags: [String], host: String) {
        self.model = model
        self.vectorFlags = vectorFlags
        self.host = host
    }

    public static let current: CPUDescription = {
        let info = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let modelLine = info.split(separator: "\n").first { $0.hasPrefix("model name") }
        let model = modelLine.flatMap { $0.split(separator: ":", maxSplits: 1).last }
            .map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown"
        return CPUDescription(model: model, vectorFlags: InstructionSet.cpu.names, host: ProcessInfo.processInfo.hostName)
    }()

    /// Model and flags, without the host: what must match for bits to match.
    public var kind: String { "\(model) [\(vectorFlags.joined(separator: " "))]" }
}
