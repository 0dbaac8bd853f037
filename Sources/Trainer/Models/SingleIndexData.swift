import Kernels

/// Samples of the single-index model y = σ*(⟨β, x⟩) + τ·ε with x ~ N(0, I_d), ε ~ N(0, 1),
/// or of a multi-index `Teacher`: y = (1/k) Σ_i h(⟨θ_i, x⟩) + τ·ε.
struct SingleIndexData<T: KernelScalar> {
    /// Inputs, one sample per row.
    var inputs: Matrix<T>
    /// Noisy labels.
    var labels: [Double]
    /// ⟨β, x_i⟩ per sample (for the Hermite alignment metrics).
    var projections: [Double]

    init(count: Int, teacher: Teacher, noise tau: Double, stream: inout RandomStream) {
        guard teacher.isMultiIndex else {
            self.init(count: count, direction: teacher.beta, target: teacher.target, noise: tau, stream: &stream)
            return
        }
        let d = teacher.beta.count
        var all = [Double](repeating: 0, count: teacher.directions.count)
        self = SingleIndexData.draw(count: count, dimension: d, noise: tau, stream: &stream) { sample in
            for (k, theta) in teacher.directions.enumerated() { all[k] = doubleAccumulatedDot(sample, theta, count: d) }
            return (all[0], teacher.label(all))
        }
    }

    init(inputs: Matrix<T>, labels: [Double], projections: [Double]) {
        self.inputs = inputs
        self.labels = labels
        self.projections = projections
    }

    init(count: Int, direction beta: [Double], target: TargetFunction, noise tau: Double, stream: inout RandomStream) {
        let d = beta.count
        self = SingleIndexData.draw(count: count, dimension: d, noise: tau, stream: &stream) { sample in
            let projection = doubleAccumulatedDot(sample, beta, count: d)
            return (projection, target.value(projection))
        }
    }

    /// Draws `count` samples x ~ N(0, I_d) in stream order (the sample's normals, then its label
    /// noise); `labelOf` gives a sample's stored projection and its noiseless label.
    private static func draw(count: Int, dimension d: Int, noise tau: Double, stream: inout RandomStream,
                             labelOf: (UnsafeMutablePointer<T>) -> (projection: Double, label: Double)) -> SingleIndexData {
        var inputs = Matrix<T>(uninitializedRows: count, columns: d)
        var labels = [Double](repeating: 0, count: count)
        var projections = [Double](repeating: 0, count: count)
        var row = [Double](repeating: 0, count: d)
        inputs.elements.withUnsafeMutableBufferPointer { x in
            row.withUnsafeMutableBufferPointer { row in
                for i in 0..<count {
                    stream.fillNormals(row)
                    let sample = x.baseAddress! + i * d
                    for j in 0..<d { sample[j] = T(row[j]) }
                    let (projection, label) = labelOf(sample)
                    projections[i] = projection
                    labels[i] = label + (tau > 0 ? tau * stream.normal() : 0)
                }
            }
        }
        return SingleIndexData(inputs: inputs, labels: labels, projections: projections)
    }
}

/// A direction uniform on the sphere S^{d−1}.
func uniformUnitVector(dimension d: Int, stream: inout RandomStream) -> [Double] {
    var v = stream.normals(d)
    let norm = doubleAccumulatedDot(v, v, count: d).squareRoot()
    for j in 0..<d { v[j] /= norm }
    return v
}
