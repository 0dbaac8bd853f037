import Kernels

/// The XOR-like cluster data of `xor-gd` (Frei, Chatterji, Bartlett 2022): cluster
/// means ±μ1 (clean label +1) and ±μ2 (clean label −1), μ1 ⟂ μ2, ‖μ_k‖ = s;
/// x = mean + z with z ~ N(0, I_p); then a fraction of labels flipped.
struct XorClusterData<T: KernelScalar> {
    var inputs: Matrix<T>
    var cleanLabels: [Double]
    /// The labels after flipping (the ones trained on, or scored as "noisy").
    var labels: [Double]

    /// Two orthogonal means of norm s, uniformly oriented (Gram–Schmidt on Gaussians).
    static func means(dimension p: Int, norm s: Double, stream: inout RandomStream) -> [[Double]] {
        let first = uniformUnitVector(dimension: p, stream: &stream)
        var second = stream.normals(p)
        let overlap = zip(first, second).reduce(0) { $0 + $1.0 * $1.1 }
        for k in 0..<p { second[k] -= overlap * first[k] }
        second = normalised(second)
        return [first.map { $0 * s }, second.map { $0 * s }]
    }

    init(count n: Int, means: [[Double]], noiseRate: Double, exactNoise: Bool, stream: inout RandomStream, noiseStream: inout RandomStream) {
        let p = means[0].count
        var inputs = Matrix<T>(rows: n, columns: p)
        var clean = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let cluster = Int(stream.uniform() * 4)          // 0: +μ1, 1: −μ1, 2: +μ2, 3: −μ2
            let mean = means[cluster / 2]
            let sign: Double = cluster % 2 == 0 ? 1 : -1
            for k in 0..<p { inputs.elements[i * p + k] = T(sign * mean[k] + stream.normal()) }
            clean[i] = cluster < 2 ? 1 : -1
        }
        var labels = clean
        if exactNoise {
            // Exactly round(rate·n) flips, at indices chosen by a partial Fisher–Yates shuffle.
            var order = Array(0..<n)
            let flips = Int((noiseRate * Double(n)).rounded())
            for i in 0..<flips {
                let j = i + Int(noiseStream.uniform() * Double(n - i))
                order.swapAt(i, j)
                labels[order[i]] = -labels[order[i]]
            }
        } else {
            for i in 0..<n where noiseStream.uniform() < noiseRate { labels[i] = -labels[i] }
        }
        self.inputs = inputs
        self.cleanLabels = clean
        self.labels = labels
    }

    var flippedFraction: Double {
        Double(zip(labels, cleanLabels).filter { $0 != $1 }.count) / Double(labels.count)
    }
}
