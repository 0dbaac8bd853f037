import Dispatch
import Kernels

/// `smoke`: a synthetic task for testing a cluster set-up and the coordinator
/// itself — a small matrix product plus `work_ms` of busy work, then, if asked,
/// a failure (`throw`, a NaN metric, or `slow`: running until `--task-timeout`).
/// With the defaults a task takes microseconds, so a 100,000-task sweep measures
/// the coordinator, not the trainer.
public struct Smoke: ExperimentProtocol {
    public init() {}

    public let name = "smoke"
    public let summary = "synthetic task for testing a set-up: a small product, optional busy work, optional failure"

    public var parameters: [ParameterSpec] {
        [
            ParameterSpec("size", .integer(IntegerBounds(1, 2048)), default: .integer(8), "order of the random matrix product"),
            ParameterSpec("work_ms", .real(RealBounds(0, included: true, 3.6e6, included: true)), default: .real(0), "extra busy work per task, milliseconds", units: "ms"),
            ParameterSpec("fail", .choice(SmokeFailure.allNames), default: .text("none"), "none, throw (an error), nan (a NaN metric), slow (until --task-timeout)"),
            ParameterSpec("precision", .choice(["float32", "float64"]), default: .text("float64"), "arithmetic of the product"),
        ]
    }

    public var metrics: [MetricSpec] {
        [
            MetricSpec("value", "trace of A·B for random A, B (deterministic in root seed and task key)"),
            MetricSpec("busy_ms", "busy work done, milliseconds", units: "ms"),
        ]
    }

    public var arrays: [ArraySpec] { [ArraySpec("diagonal", "first 4 diagonal entries of A·B")] }

    public func validate(_ parameters: TaskParameters) throws {}

    public func arrayWidths(_ parameters: TaskParameters) -> [String: Int] { ["diagonal": 4] }

    public func estimatedFlops(_ p: TaskParameters) -> Double {
        2 * pow3(Double(p.int("size"))) + p.double("work_ms") * 1e7
    }

    public func estimatedBytes(_ p: TaskParameters) -> Double { 24 * Double(p.int("size") * p.int("size")) }

    public func run(_ p: TaskParameters, randomness: TaskRandomness) throws -> TaskOutput {
        let size = p.int("size")
        var stream = randomness.stream("matrices")
        let a = Matrix<Double>(rows: size, columns: size, elements: stream.normals(size * size))
        let b = Matrix<Double>(rows: size, columns: size, elements: stream.normals(size * size))
        let c = product(a, .none, b, .none)
        var trace = 0.0
        for i in 0..<size { trace += c[i, i] }

        let failure = SmokeFailure(rawValue: p.text("fail"))!
        let started = DispatchTimeClock.now
        let budget = p.double("work_ms")
        var spin = 0.0
        while DispatchTimeClock.milliseconds(since: started) < budget || failure == .slow {
            for k in 0..<1000 { spin += Double(k & 7) * 1e-9 }
            try TaskDeadline.check()
        }
        switch failure {
        case .throw: throw SmokeFailure.Injected()
        case .nan: trace = .nan
        case .none, .slow: break
        }
        keepAlive(spin)
        return TaskOutput(metrics: ["value": trace, "busy_ms": budget],
                          arrays: ["diagonal": (0..<min(4, size)).map { c[$0, $0] }])
    }

    private func pow3(_ x: Double) -> Double { x * x * x }
}

/// The failures `smoke` can inject.
enum SmokeFailure: String, CaseIterable {
    case none, `throw`, nan, slow

    static var allNames: [String] { allCases.map(\.rawValue) }

    struct Injected: Error, CustomStringConvertible {
        var description: String { "injected failure (smoke protocol, fail = \"throw\")" }
    }
}

/// Keeps the busy loop's result alive so the optimiser cannot remove the loop.
@inline(never)
func keepAlive(_ value: Double) {
    if value.isNaN { print("", terminator: "") }
}

/// Monotonic milliseconds, independent of wall-clock changes.
enum DispatchTimeClock {
    static var now: UInt64 { DispatchTime.now().uptimeNanoseconds }
    static func milliseconds(since start: UInt64) -> Double { Double(now - start) / 1e6 }
}
