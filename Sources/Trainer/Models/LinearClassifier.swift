import Kernels

/// A linear classifier f(x) = ⟨v, x⟩ + c trained by full-batch gradient descent on
/// a margin loss from v = 0, c = 0: the "best linear classifier" baseline of `xor-gd`.
struct LinearClassifier<T: KernelScalar> {
    var weights: Matrix<T>   // d × 1
    var bias: Double

    init(inputs: Matrix<T>, labels: [Double], loss: ClassificationLoss, learningRate: Double, steps: Int) {
        weights = Matrix(rows: inputs.columns, columns: 1)
        bias = 0
        for _ in 0..<steps {
            let (_, g) = loss.meanLoss(outputs: outputs(inputs), labels: labels)
            let gradient = product(inputs, .transposed, Matrix(rows: g.count, columns: 1, elements: g.map { T($0) }), .none)
            for k in 0..<weights.rows { weights.elements[k] -= T(learningRate) * gradient.elements[k] }
            bias -= learningRate * g.reduce(0, +)
        }
    }

    func outputs(_ inputs: Matrix<T>) -> [Double] {
        product(inputs, .none, weights, .none).elements.map { Double($0) + bias }
    }
}
