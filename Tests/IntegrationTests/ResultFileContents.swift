import Foundation
import HDF5
import Sweep

/// The parts of a result file the tests compare: per task key, its status and
/// every metric's bit pattern.
struct ResultFileContents: Equatable {
    var statusByKey: [String: String]
    /// metric name → task key → IEEE-754 bits (NaN payloads included).
    var metricBits: [String: [String: UInt64]]
    var keysInOrder: [String]
    var attempts: [String: Int64]

    static let bookkeeping: Set<String> = ["index", "key", "status", "attempts", "rank", "seconds", "message", "seed"]

    init(path: String, metrics: [String]) throws {
        let file = try HDF5.File.open(path, writable: false, fileLocking: false)
        defer { try? file.close() }
        let table = try file.root.dataset("tasks").readTable()
        guard case .string(let keys, _)? = table["key"], case .string(let status, _)? = table["status"],
              case .int64(let attempts)? = table["attempts"] else {
            throw UsageError("\(path): /tasks lacks key/status/attempts")
        }
        keysInOrder = keys
        statusByKey = Dictionary(uniqueKeysWithValues: zip(keys, status))
        self.attempts = Dictionary(uniqueKeysWithValues: zip(keys, attempts))
        var bits = [String: [String: UInt64]]()
        for metric in metrics {
            guard case .float64(let values)? = table[metric] else { throw UsageError("\(path): no metric column \(metric)") }
            bits[metric] = Dictionary(uniqueKeysWithValues: zip(keys, values.map(\.bitPattern)))
        }
        metricBits = bits
    }
}

enum GiantStepMetrics {
    static let names = ["train_mse", "test_mse", "rf_train_mse", "rf_test_mse", "outliers", "theory_outliers",
                        "beta_alignment", "he1_alignment", "he2_alignment", "he3_alignment", "bulk_edge", "bulk_dilation", "eta"]
}
