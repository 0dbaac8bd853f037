import Foundation
import Kernels
import Sweep
import Trainer

#if canImport(Glibc)
import Glibc
#endif

/// What `fsweep bench` measures: GEMM GFLOP/s of `Kernels` against OpenBLAS (single
/// thread, same inputs, alternating rounds, best of `repeats`) and giant-step tasks end to end.
enum BenchMeasurements {
    struct GEMMRow: Encodable {
        var precision: String
        var shape: String
        var m: Int, n: Int, k: Int
        var oursGFLOPS: Double
        var blasGFLOPS: Double
        var ratio: Double { oursGFLOPS / blasGFLOPS }
        /// The kernel path `gemm` took for this shape (`GEMMKernelChoice.current`).
        var path: String {
            let choice = GEMMKernelChoice.current
            return (precision == "float32" ? choice.float32 : choice.float64).path(for: GEMMShapeClass(m: m, n: n, k: k)).rawValue
        }

        enum CodingKeys: String, CodingKey { case precision, shape, m, n, k, oursGFLOPS, blasGFLOPS, ratio, path }
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(precision, forKey: .precision); try c.encode(shape, forKey: .shape)
            try c.encode(m, forKey: .m); try c.encode(n, forKey: .n); try c.encode(k, forKey: .k)
            try c.encode(oursGFLOPS, forKey: .oursGFLOPS); try c.encode(blasGFLOPS, forKey: .blasGFLOPS)
            try c.encode(ratio, forKey: .ratio); try c.encode(path, forKey: .path)
        }
    }

    struct GiantStepRow: Encodable {
        var size: Int
        var alpha: Double
        var seconds: Double
        var outliers: Int
        var theoryOutliers: Int
        var testMSE: Double
        var rfTestMSE: Double
        /// The process's peak resident size during the task (VmHWM, reset before it).
        var maxResidentMiB: Double
        /// The task's peak resident memory above what the process held before it.
        var peakIncreaseMiB: Double
        /// `GiantStep.estimatedBytes`: the arrays the task must hold.
        var estimateMiB: Double
        var threads: Int
        /// The metrics and arrays, for comparing runs with different thread counts.
        var output: [String: [Double]]
    }

    static func repeats(for size: Int) -> Int {
        switch size {
        case ..<600: return 15
        case ..<1500: return 5
        case ..<3000: return 3
        default: return 2
        }
    }

    /// Square C = A·B through `GEMMBenchmark.measure`.
    static func square<T: KernelScalar>(_: T.Type, size: Int) -> GEMMRow {
        let r = GEMMBenchmark.measure(T.self, m: size, n: size, k: size, repeats: repeats(for: size))
        return GEMMRow(precision: T.self == Float.self ? "float32" : "float64", shape: "A·B \(size)²",
                       m: size, n: size, k: size, oursGFLOPS: r.oursGFLOPS, blasGFLOPS: r.blasGFLOPS)
    }

    /// The products of one giant-step task at n = d = N = m = `size` (operands as the
    /// trainer stores them, row-major), timed like `GEMMBenchmark` but with transposes.
    static func protocolShapes<T: KernelScalar>(_: T.Type, size s: Int) -> [GEMMRow] {
        let cases: [(String, (Int, Int), Transpose, (Int, Int), Transpose)] = [
            ("X·Wᵀ (n×d · (N×d)ᵀ)", (s, s), .none, (s, s), .transposed),
            ("Dᵀ·X ((n×N)ᵀ · n×d)", (s, s), .transposed, (s, s), .none),
            ("Fᵀ·F ((m×N)ᵀ · m×N)", (s, s), .transposed, (s, s), .none),
            ("X·Wᵀ tall (4n×d · (N/4×d)ᵀ)", (4 * s, s), .none, (s / 4, s), .transposed),
            ("Fᵀ·y ((m×N)ᵀ · m×1)", (s, s), .transposed, (s, 1), .none),
        ]
        let rows = cases.map { name, aShape, ta, bShape, tb in
            timed(T.self, name: name, a: aShape, ta, b: bShape, tb, repeats: repeats(for: s))
        }
        // A block Krylov step: 24 vectors against the Gram matrix, packed once per solve.
        let krylov = GEMMBenchmark.measure(T.self, m: 24, n: s, k: s, prepackedB: true, repeats: repeats(for: s) * 4)
        return rows + [GEMMRow(precision: T.self == Float.self ? "float32" : "float64", shape: "V·G Krylov (24×N · packed N×N)",
                               m: 24, n: s, k: s, oursGFLOPS: krylov.oursGFLOPS, blasGFLOPS: krylov.blasGFLOPS)]
    }

    static func timed<T: KernelScalar>(_: T.Type, name: String, a aShape: (Int, Int), _ ta: Transpose,
                                       b bShape: (Int, Int), _ tb: Transpose, repeats: Int) -> GEMMRow {
        let m = ta == .none ? aShape.0 : aShape.1, k = ta == .none ? aShape.1 : aShape.0
        let n = tb == .none ? bShape.1 : bShape.0
        // Matrix-vector shapes are tiny: more rounds.
        let r = GEMMBenchmark.measure(T.self, m: m, n: n, k: k, transposeA: ta, transposeB: tb, repeats: n == 1 ? 50 : repeats)
        return GEMMRow(precision: T.self == Float.self ? "float32" : "float64", shape: name, m: m, n: n, k: k,
                       oursGFLOPS: r.oursGFLOPS, blasGFLOPS: r.blasGFLOPS)
    }

    /// One giant-step task at n = d = N = n_readout = n_test = `size`, with the task key
    /// and root seed `fsweep train --seed 0 --root-seed 20231011` would use.
    static func giantStep(size: Int, alpha: Double) throws -> GiantStepRow {
        let experiment = GiantStep()
        let given: [String: ParameterValue] = [
            "n": .integer(size), "d": .integer(size), "N": .integer(size),
            "n_readout": .integer(size), "n_test": .integer(size), "alpha": .real(alpha),
        ]
        let parameters = try experiment.completeParameters(given)
        let key = TaskKey.make(protocolName: experiment.name, parameters: parameters)
        let randomness = TaskRandomness(rootSeed: 20231011, keyBits: key.bits)
        var output: TaskOutput?
        let (elapsed, peakBytes) = try ProcessMemory.peakIncrease {
            try seconds { output = try experiment.run(parameters, randomness: randomness) }
        }
        let metrics = output!.metrics
        var everything = output!.arrays
        for (name, value) in metrics { everything[name] = [value] }
        let mebibyte = 1024.0 * 1024
        return GiantStepRow(size: size, alpha: alpha, seconds: elapsed,
                            outliers: Int(metrics["outliers"] ?? .nan),
                            theoryOutliers: Int(metrics["theory_outliers"] ?? .nan),
                            testMSE: metrics["test_mse"] ?? .nan, rfTestMSE: metrics["rf_test_mse"] ?? .nan,
                            maxResidentMiB: ProcessMemory.peakResidentBytes() / mebibyte,
                            peakIncreaseMiB: peakBytes / mebibyte,
                            estimateMiB: experiment.estimatedBytes(parameters) / mebibyte,
                            threads: KernelThreads.count, output: everything)
    }

    static func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
    }
}
