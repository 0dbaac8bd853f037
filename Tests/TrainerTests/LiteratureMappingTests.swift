import Kernels
import XCTest
@testable import Trainer

/// The parameter mappings written in the headers of jobs/literature/*.toml, checked by
/// running one small step (and the ridge readout) in the paper's form, written out here
/// literally in Double loops, and in ours (`squaredLossStep`, `RidgeReadout`) with the
/// mapped parameters. If a header's mapping changes, change the form here with it.
final class LiteratureMappingTests: XCTestCase {
    let d = 7, N = 11, n = 19

    struct Problem {
        var w0: [[Double]]     // N rows of d
        var x: [[Double]]      // n rows of d
        var y: [Double]
    }

    func problem(seed: UInt64) -> Problem {
        var stream = RandomStream(seed: seed)
        let w0 = (0..<N).map { _ in stream.normals(d, standardDeviation: 1 / Double(d).squareRoot()) }
        let x = (0..<n).map { _ in stream.normals(d) }
        let y = x.map { row in Foundation.sin(row[0] + 0.5 * row[1]) + 0.1 * stream.normal() }
        return Problem(w0: w0, x: x, y: y)
    }

    func sigma(_ z: Double) -> Double { Foundation.tanh(z) }
    func sigmaPrime(_ z: Double) -> Double { 1 - Foundation.tanh(z) * Foundation.tanh(z) }

    /// The paper form: f(x) = scale · Σ_j a_j σ(⟨w_j, x⟩); loss = lossFactor · (1/n) Σ_i (f(x_i) − y_i)²;
    /// W1 = W0 − step · ∇_W loss. Literal loops, no shared code with the trainer.
    func paperStep(_ p: Problem, a: [Double], scale: Double, lossFactor: Double, step: Double) -> [[Double]] {
        var gradient = [[Double]](repeating: [Double](repeating: 0, count: d), count: N)
        for i in 0..<n {
            let z = (0..<N).map { j in zip(p.w0[j], p.x[i]).map { $0 * $1 }.reduce(0, +) }
            let f = scale * (0..<N).map { a[$0] * sigma(z[$0]) }.reduce(0, +)
            for j in 0..<N {
                for k in 0..<d {
                    gradient[j][k] += lossFactor * 2 * (f - p.y[i]) * scale * a[j] * sigmaPrime(z[j]) * p.x[i][k] / Double(n)
                }
            }
        }
        return (0..<N).map { j in (0..<d).map { p.w0[j][$0] - step * gradient[j][$0] } }
    }

    /// Ours: W1 = W0 − η·√N·∇_W (1/2n) Σ (f − y)², f = (1/√N) Σ a_j σ(⟨w_j, x⟩).
    func ourStep(_ p: Problem, a: [Double], eta: Double) -> [[Double]] {
        let weights = Matrix<Double>(rows: N, columns: d, elements: p.w0.flatMap { $0 })
        let network = TwoLayerNetwork<Double>(weights: weights, outputWeights: a, activation: .tanh)
        let batch = SingleIndexData<Double>(inputs: Matrix(rows: n, columns: d, elements: p.x.flatMap { $0 }), labels: p.y, projections: p.y)
        let delta = network.squaredLossStep(batch, eta: eta)
        return (0..<N).map { j in (0..<d).map { p.w0[j][$0] + delta.elements[j * d + $0] } }
    }

    func assertClose(_ a: [[Double]], _ b: [[Double]], _ context: String, line: UInt = #line) {
        let scale = a.flatMap { $0 }.map(abs).max()!
        for (u, v) in zip(a.flatMap { $0 }, b.flatMap { $0 }) {
            XCTAssertEqual(u, v, accuracy: 1e-12 * scale, context, line: line)
        }
        // The step moved W (the comparison is not of W0 with itself).
        XCTAssertGreaterThan(zip(a.flatMap { $0 }, problem(seed: 1).w0.flatMap { $0 }).map { abs($0 - $1) }.max()!, 1e-3, context, line: line)
    }

    /// Ba et al. 2022 (jobs/literature/ba2022.toml): f = (1/√N) aᵀσ(Wᵀx), a_j ~ N(0, 1/N),
    /// loss (1/n) Σ (f − y)² (no ½), W1 = W0 − η_B·√N·∇ loss. Ours: η = 2·η_B.
    func testBa2022StepMapping() {
        let p = problem(seed: 1)
        var stream = RandomStream(seed: 9)
        let a = stream.normals(N, standardDeviation: 1 / Double(N).squareRoot())
        let etaB = 0.7
        let paper = paperStep(p, a: a, scale: 1 / Double(N).squareRoot(), lossFactor: 1, step: etaB * Double(N).squareRoot())
        assertClose(paper, ourStep(p, a: a, eta: 2 * etaB), "Ba et al.")
    }

    /// Ba et al.'s ridge: â = argmin (1/n) Σ (y − (1/√N) aᵀσ(W1ᵀx))² + λ_B‖a‖². Ours, on
    /// F = σ(XW1ᵀ) without the 1/√N: λ = N·λ_B, and the predictions are the same.
    func testBa2022RidgeMapping() throws {
        let p = problem(seed: 2)
        let lambdaB = 0.013
        let features = p.x.map { row in p.w0.map { w in sigma(zip(w, row).map { $0 * $1 }.reduce(0, +)) } }
        // Paper form: Φ = F/√N, (ΦᵀΦ + n λ_B I) a = Φᵀ y, predictions Φ a.
        let phi = features.map { $0.map { $0 / Double(N).squareRoot() } }
        var system = (0..<N).map { j in (0..<N).map { k in (0..<n).map { phi[$0][j] * phi[$0][k] }.reduce(0, +) + (j == k ? Double(n) * lambdaB : 0) } }
        var rhs = (0..<N).map { j in (0..<n).map { phi[$0][j] * p.y[$0] }.reduce(0, +) }
        let aPaper = solve(&system, &rhs)
        let paperPredictions = phi.map { row in zip(row, aPaper).map { $0 * $1 }.reduce(0, +) }
        // Ours.
        let f = Matrix<Double>(rows: n, columns: N, elements: features.flatMap { $0 })
        let ridge = try RidgeReadout<Double>(features: f, gram: f.gram, labels: p.y, lambda: Double(N) * lambdaB)
        let ours = features.map { row in zip(row, ridge.coefficients).map { $0 * $1 }.reduce(0, +) }
        for (u, v) in zip(paperPredictions, ours) { XCTAssertEqual(u, v, accuracy: 1e-10) }
    }

    /// Cui et al. 2024 (jobs/literature/cui2024.toml): f = (1/p) Σ_j σ(⟨w_j, x⟩) (second layer
    /// constant, mean-field), loss (1/2n₀) Σ (y − f)², W1 = W0 − η_C·p·∇ loss. Ours with
    /// a_init = "const" (a_j = 1/√N, the same f): η = η_C·√N.
    func testCui2024StepMapping() {
        let p = problem(seed: 1)
        let etaC = 1.3
        let paper = paperStep(p, a: [Double](repeating: 1, count: N), scale: 1 / Double(N), lossFactor: 0.5, step: etaC * Double(N))
        let ours = ourStep(p, a: [Double](repeating: 1 / Double(N).squareRoot(), count: N), eta: etaC * Double(N).squareRoot())
        assertClose(paper, ours, "Cui et al.")
        // And a_init = "const" is that second layer.
        let options = ModelOptions(TaskParameters(["a_init": .text("const")]))
        let network = TwoLayerNetwork<Double>.initial(width: N, dimension: d, activation: .tanh, options: options, randomness: testRandomness(seed: 0, alpha: 0))
        XCTAssertEqual(network.outputWeights, [Double](repeating: 1 / Double(N).squareRoot(), count: N))
    }

    /// Dandi et al. 2023 (jobs/literature/dandi2023.toml): f = (1/p) Σ_j a_j σ(⟨w_j, x⟩),
    /// a_j = ±1, loss (1/2n) Σ (y − f)², W ← W − η_D·p·∇ loss at every step. Ours with
    /// a_init = "rademacher" (a_j = ±1/√N, the same f): η = η_D·√N.
    func testDandi2023StepMapping() {
        let p = problem(seed: 1)
        var stream = RandomStream(seed: 4)
        let signs = (0..<N).map { _ in stream.next() >> 63 == 0 ? 1.0 : -1.0 }
        let etaD = 0.9
        let paper = paperStep(p, a: signs, scale: 1 / Double(N), lossFactor: 0.5, step: etaD * Double(N))
        let ours = ourStep(p, a: signs.map { $0 / Double(N).squareRoot() }, eta: etaD * Double(N).squareRoot())
        assertClose(paper, ours, "Dandi et al.")
    }

    /// Gaussian elimination with partial pivoting (small systems only).
    func solve(_ a: inout [[Double]], _ b: inout [Double]) -> [Double] {
        let m = b.count
        for col in 0..<m {
            let pivot = (col..<m).max { abs(a[$0][col]) < abs(a[$1][col]) }!
            a.swapAt(col, pivot); b.swapAt(col, pivot)
            for row in (col + 1)..<m {
                let factor = a[row][col] / a[col][col]
                for k in col..<m { a[row][k] -= factor * a[col][k] }
                b[row] -= factor * b[col]
            }
        }
        var x = [Double](repeating: 0, count: m)
        for row in stride(from: m - 1, through: 0, by: -1) {
            x[row] = (b[row] - ((row + 1)..<m).map { a[row][$0] * x[$0] }.reduce(0, +)) / a[row][row]
        }
        return x
    }
}
