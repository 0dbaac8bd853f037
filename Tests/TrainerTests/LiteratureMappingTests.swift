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

    /// The paper-form mean-field readout, literal loops: a = argmin (1/n) Σ_i (y_i − (1/p) Σ_j a_j σ(⟨w_j, x_i⟩))² + λ_P‖a‖²,
    /// i.e. Φ = σ(XWᵀ)/p and (ΦᵀΦ + n λ_P I) a = Φᵀ y. Returns the coefficients a.
    func paperMeanFieldRidge(_ w: [[Double]], _ x: [[Double]], _ y: [Double], lambda: Double) -> [Double] {
        let p = Double(w.count), m = x.count
        var phi = [[Double]](repeating: [Double](repeating: 0, count: w.count), count: m)
        for i in 0..<m {
            for j in 0..<w.count {
                var z = 0.0
                for k in 0..<d { z += w[j][k] * x[i][k] }
                phi[i][j] = sigma(z) / p
            }
        }
        var system = [[Double]](repeating: [Double](repeating: 0, count: w.count), count: w.count)
        var rhs = [Double](repeating: 0, count: w.count)
        for j in 0..<w.count {
            for i in 0..<m { rhs[j] += phi[i][j] * y[i] }
            for k in 0..<w.count {
                for i in 0..<m { system[j][k] += phi[i][j] * phi[i][k] }
            }
            system[j][j] += Double(m) * lambda
        }
        return solve(&system, &rhs)
    }

    /// The paper form's prediction (1/p) Σ_j a_j σ(⟨w_j, x⟩) + offset(x).
    func paperPredict(_ w: [[Double]], _ a: [Double], _ x: [Double]) -> Double {
        zip(w, a).map { wj, aj in aj * sigma(zip(wj, x).map { $0 * $1 }.reduce(0, +)) }.reduce(0, +) / Double(w.count)
    }

    func data(_ x: [[Double]], _ y: [Double]) -> SingleIndexData<Double> {
        SingleIndexData<Double>(inputs: Matrix(rows: x.count, columns: d, elements: x.flatMap { $0 }), labels: y, projections: y)
    }

    func network(_ w: [[Double]], _ a: [Double]) -> TwoLayerNetwork<Double> {
        TwoLayerNetwork<Double>(weights: Matrix(rows: N, columns: d, elements: w.flatMap { $0 }), outputWeights: a, activation: .tanh)
    }

    /// Cui et al. 2024's one step and ridge readout, as jobs/literature/cui2024.toml maps them: the
    /// step with a_j = 1 and η_C·p (η = η_C·√N, `testCui2024StepMapping`), then on fresh samples
    /// a = argmin (1/n) Σ (y − (1/p) aᵀσ(W1 x))² + λ_C‖a‖² (mean-field readout). Ours fits b on
    /// F = σ(X W1ᵀ) with λ: a = p·b and λ = p²·λ_C. Both forms' test predictions and test MSE
    /// agree to 1e-9 (relative; the paper form is solved by plain elimination).
    func testCui2024StepAndRidgeMapping() throws {
        let p = problem(seed: 3)
        let etaC = 0.8, lambdaC = 0.002
        let paperW1 = paperStep(p, a: [Double](repeating: 1, count: N), scale: 1 / Double(N), lossFactor: 0.5, step: etaC * Double(N))
        let oursW1 = ourStep(p, a: [Double](repeating: 1 / Double(N).squareRoot(), count: N), eta: etaC * Double(N).squareRoot())
        let fresh = problem(seed: 4), test = problem(seed: 5)
        let aPaper = paperMeanFieldRidge(paperW1, fresh.x, fresh.y, lambda: lambdaC)
        let paperTest = test.x.map { paperPredict(paperW1, aPaper, $0) }
        let paperMSE = zip(paperTest, test.y).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / Double(n)

        let trained = network(oursW1, [Double](repeating: 1 / Double(N).squareRoot(), count: N))
        let (ridge, _) = try RidgeReadout.fit(trained, data(fresh.x, fresh.y), lambda: Double(N * N) * lambdaC)
        let oursTest = trained.readout(data(test.x, test.y).inputs, coefficients: ridge.coefficients)
        for (u, v) in zip(paperTest, oursTest) { XCTAssertEqual(u, v, accuracy: 1e-9 * max(1, abs(u))) }
        XCTAssertEqual(ridge.testMeanSquaredError(trained, data(test.x, test.y)), paperMSE, accuracy: 1e-9 * paperMSE)
        for (a, b) in zip(aPaper, ridge.coefficients) { XCTAssertEqual(a, Double(N) * b, accuracy: 1e-8 * max(1, abs(a))) }
        // The other reading (λ on F's coefficients directly, λ = λ_C) is a different fit here.
        let (unscaled, _) = try RidgeReadout.fit(trained, data(fresh.x, fresh.y), lambda: lambdaC)
        XCTAssertGreaterThan(abs(unscaled.testMeanSquaredError(trained, data(test.x, test.y)) - paperMSE), 1e-6 * paperMSE)
    }

    /// Dandi et al. 2023's step and ridge readout as jobs/literature/dandi2023.toml maps them: labels
    /// of the batch minus their mean ȳ and first Hermite part ⟨b, x⟩ (b = (1/n) Σ (y_i − ȳ) x_i), one
    /// step with a_j = ±1 and η_D·p on those labels, then on the **same** batch the mean-field
    /// ridge a = argmin (1/n) Σ (ỹ − (1/p) aᵀσ(W1 x))² + λ_D‖a‖², predictions (1/p) aᵀσ(W1 x) + ȳ + ⟨b, x⟩.
    /// Ours: preprocess = "center+linear" (`LabelCentering`), a_init = "rademacher" (±1/√N),
    /// η = η_D·√N, readout_batch = "step", λ = p²·λ_D. Test MSEs agree to 1e-9 (relative).
    func testDandi2023StepAndRidgeMapping() throws {
        let p = problem(seed: 6)
        var stream = RandomStream(seed: 8)
        let signs = (0..<N).map { _ in stream.next() >> 63 == 0 ? 1.0 : -1.0 }
        let etaD = 0.6, lambdaD = 0.004
        // Paper form, literal.
        let mean = p.y.reduce(0, +) / Double(n)
        let b = (0..<d).map { k in (0..<n).map { (p.y[$0] - mean) * p.x[$0][k] }.reduce(0, +) / Double(n) }
        func offset(_ x: [Double]) -> Double { mean + zip(b, x).map { $0 * $1 }.reduce(0, +) }
        let centred = Problem(w0: p.w0, x: p.x, y: zip(p.x, p.y).map { $1 - offset($0) })
        let paperW1 = paperStep(centred, a: signs, scale: 1 / Double(N), lossFactor: 0.5, step: etaD * Double(N))
        let aPaper = paperMeanFieldRidge(paperW1, centred.x, centred.y, lambda: lambdaD)
        let test = problem(seed: 7)
        let paperMSE = zip(test.x, test.y).map { x, y in pow(paperPredict(paperW1, aPaper, x) + offset(x) - y, 2) }.reduce(0, +) / Double(n)

        // Ours: the trainer's LabelCentering on the batch, and on the test labels before scoring.
        let batch = data(p.x, p.y)
        let centering = LabelCentering(batch, .centerLinear)
        let stepped = centering.removed(from: batch)
        let oursW1 = ourStep(Problem(w0: p.w0, x: p.x, y: stepped.labels), a: signs.map { $0 / Double(N).squareRoot() }, eta: etaD * Double(N).squareRoot())
        for (u, v) in zip(paperW1.flatMap { $0 }, oursW1.flatMap { $0 }) { XCTAssertEqual(u, v, accuracy: 1e-12) }
        let trained = network(oursW1, signs.map { $0 / Double(N).squareRoot() })
        let (ridge, _) = try RidgeReadout.fit(trained, stepped, lambda: Double(N * N) * lambdaD)
        let oursMSE = ridge.testMeanSquaredError(trained, centering.removed(from: data(test.x, test.y)))
        XCTAssertEqual(oursMSE, paperMSE, accuracy: 1e-9 * paperMSE)
        // Without the offset added back the paper form scores differently: the preprocessing matters.
        let uncorrected = zip(test.x, test.y).map { x, y in pow(paperPredict(paperW1, aPaper, x) - y, 2) }.reduce(0, +) / Double(n)
        XCTAssertGreaterThan(abs(uncorrected - paperMSE), 1e-3 * paperMSE)
    }

    /// The authors' single-step notebook (jobs/literature/dandi2023-one-step.toml): f = (1/√p) aᵀσ(W x),
    /// W1 = W0 + η_nb·Gᵀ with G = (1/n) Xᵀ((1/√p)(y − f) aᵀ ∘ σ′(X W0ᵀ)), then on the same batch
    /// w = (ΦᵀΦ/p + λ_nb I)⁻¹ Φᵀ y/√p with Φ = σ(X W1ᵀ), predictions Φ w/√p. Ours: step_scale =
    /// "plain" with step_sizes = [η_nb] (W − η·∇ of (1/2n)Σ(f − y)²), and λ = p·λ_nb/n. Weights to
    /// 1e-12, test predictions to 1e-9 (relative).
    func testDandi2023NotebookStepAndRidgeMapping() throws {
        let p = problem(seed: 9)
        var stream = RandomStream(seed: 10)
        let a = stream.normals(N, standardDeviation: 1 / Double(N).squareRoot())
        let etaNotebook = 10 * Double(n).squareRoot() * Double(N).squareRoot(), lambdaNotebook = 1.0
        // Notebook form, literal: G as written there, W1 = W0 + η Gᵀ.
        var g = [[Double]](repeating: [Double](repeating: 0, count: d), count: N)
        for i in 0..<n {
            var z = [Double](repeating: 0, count: N)
            for j in 0..<N { for k in 0..<d { z[j] += p.w0[j][k] * p.x[i][k] } }
            var f = 0.0
            for j in 0..<N { f += a[j] * sigma(z[j]) }
            f /= Double(N).squareRoot()
            for j in 0..<N {
                for k in 0..<d { g[j][k] += p.x[i][k] * (p.y[i] - f) / Double(N).squareRoot() * a[j] * sigmaPrime(z[j]) / Double(n) }
            }
        }
        let notebookW1 = (0..<N).map { j in (0..<d).map { p.w0[j][$0] + etaNotebook * g[j][$0] } }
        // Ours: squaredLossStep applies −η'·√N·∇; step_scale = "plain" hands it η' = η/√N.
        let oursW1 = ourStep(p, a: a, eta: etaNotebook / Double(N).squareRoot())
        let scale = notebookW1.flatMap { $0 }.map(abs).max()!
        for (u, v) in zip(notebookW1.flatMap { $0 }, oursW1.flatMap { $0 }) { XCTAssertEqual(u, v, accuracy: 1e-12 * scale) }

        // Notebook ridge, literal: (ΦᵀΦ/p + λ_nb I) w = Φᵀy/√p (no 1/n), predictions Φ w/√p.
        let root = Double(N).squareRoot()
        var system = [[Double]](repeating: [Double](repeating: 0, count: N), count: N)
        var rhs = [Double](repeating: 0, count: N)
        let phi = p.x.map { row in notebookW1.map { w in sigma(zip(w, row).map { $0 * $1 }.reduce(0, +)) } }
        for j in 0..<N {
            for i in 0..<n { rhs[j] += phi[i][j] * p.y[i] / root }
            for k in 0..<N { for i in 0..<n { system[j][k] += phi[i][j] * phi[i][k] / Double(N) } }
            system[j][j] += lambdaNotebook
        }
        let w = solve(&system, &rhs)
        let test = problem(seed: 11)
        let notebookTest = test.x.map { row in zip(notebookW1, w).map { wj, c in c * sigma(zip(wj, row).map { $0 * $1 }.reduce(0, +)) }.reduce(0, +) / root }

        let trained = network(oursW1, a)
        let (ridge, _) = try RidgeReadout.fit(trained, data(p.x, p.y), lambda: Double(N) * lambdaNotebook / Double(n))
        let oursTest = trained.readout(data(test.x, test.y).inputs, coefficients: ridge.coefficients)
        for (u, v) in zip(notebookTest, oursTest) { XCTAssertEqual(u, v, accuracy: 1e-9 * max(1, abs(u))) }
        // λ read as ours without the p/n factor is another fit.
        let (unscaled, _) = try RidgeReadout.fit(trained, data(p.x, p.y), lambda: lambdaNotebook)
        let other = trained.readout(data(test.x, test.y).inputs, coefficients: unscaled.coefficients)
        XCTAssertGreaterThan(zip(notebookTest, other).map { abs($0 - $1) }.max()!, 1e-6)
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
