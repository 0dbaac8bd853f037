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
        var inputs = Matrix<T>(uninitializedRows: count, columns: d)
        var labels = [Double](repeating: 0, count: count)
        var projections = [Double](repeating: 0, count: count)
        var row = [Double](repeating: 0, count: d)
        var all = [Double](repeating: 0, count: teacher.directions.count)
        inputs.elements.withUnsafeMutableBufferPointer { x in
            row.withUnsafeMutableBufferPointer { row in
                for i in 0..<count {
                    stream.fillNormals(row)
                    let sample = x.baseAddress! + i * d
                    for j in 0..<d { sample[j] = T(row[j]) }
                    for (k, theta) in teacher.directions.enumerated() { all[k] = doubleAccumulatedDot(sample, theta, count: d) }
                    projections[i] = all[0]
                    labels[i] = teacher.label(all) + (tau > 0 ? tau * stream.normal() : 0)
                }
            }
        }
        self.init(inputs: inputs, labels: labels, projections: projections)
    }

    init(inputs: Matrix<T>, labels: [Double], projections: [Double]) {
        self.inputs = inputs
        self.labels = labels
        self.projections = projections
    }

    init(count: Int, direction beta: [Double], target: TargetFunction, noise tau: Double, stream: inout RandomStream) {
        let d = beta.count
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
                    let projection = doubleAccumulatedDot(sample, beta, count: d)
                    projections[i] = projection
                    labels[i] = target.value(projection) + (tau > 0 ? tau * stream.normal() : 0)
                }
            }
        }
        self.inputs = inputs
        self.labels = labels
        self.projections = projections
    }
}

/// A direction uniform on the sphere S^{d−1}.
func uniformUnitVector(dimension d: Int, stream: inout RandomStream) -> [Double] {
    var v = stream.normals(d)
    let norm = doubleAccumulatedDot(v, v, count: d).squareRoot()
    for j in 0..<d { v[j] /= norm }
    return v
}
