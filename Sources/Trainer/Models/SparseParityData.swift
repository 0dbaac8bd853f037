import Kernels

/// The 2-sparse parity of `low-rotation` (Telgarsky 2022): x uniform on {±1/√d}^d,
/// y = d·x1·x2 ∈ {±1}.
struct SparseParityData<T: KernelScalar> {
    var inputs: Matrix<T>
    var labels: [Double]

    init(count n: Int, dimension d: Int, stream: inout RandomStream) {
        let entry = 1 / Double(d).squareRoot()
        var inputs = Matrix<T>(rows: n, columns: d)
        var labels = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var bits = stream.next()
            var signs = [Double](repeating: 0, count: 2)
            for k in 0..<d {
                if k % 64 == 0 && k > 0 { bits = stream.next() }
                let sign: Double = bits & 1 == 0 ? 1 : -1
                bits >>= 1
                inputs.elements[i * d + k] = T(sign * entry)
                if k < 2 { signs[k] = sign }
            }
            labels[i] = signs[0] * signs[1]
        }
        self.inputs = inputs
        self.labels = labels
    }
}
