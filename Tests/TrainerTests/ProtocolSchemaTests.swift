import XCTest
@testable import Trainer

/// Every protocol's names become HDF5 columns side by side in `/tasks` and
/// datasets in `/cube`: they must be unique, snake_case, and not collide with the
/// store's own columns.
final class ProtocolSchemaTests: XCTestCase {
    static let storeColumns: Set<String> = ["index", "key", "seed", "status", "attempts", "rank", "seconds", "message"]

    func testColumnNamesAreUniqueAndDoNotCollide() {
        for experiment in ProtocolRegistry.all {
            let names = experiment.parameters.map(\.name) + experiment.metrics.map(\.name)
            XCTAssertEqual(Set(names).count, names.count, "\(experiment.name): duplicate names in \(names)")
            XCTAssertTrue(Set(names).isDisjoint(with: ProtocolSchemaTests.storeColumns), "\(experiment.name) uses a store column name")
            let arrays = experiment.arrays.map(\.name)
            XCTAssertEqual(Set(arrays).count, arrays.count, "\(experiment.name): duplicate array names")
            for name in names + arrays {
                XCTAssertNotNil(name.range(of: "^[A-Za-z][A-Za-z0-9_]*$", options: .regularExpression), "\(experiment.name): \(name) is not a plain identifier")
            }
        }
    }

    func testDefaultsAreValidValues() {
        for experiment in ProtocolRegistry.all {
            for parameter in experiment.parameters {
                guard let value = parameter.defaultValue else { continue }
                if case .failure(let problem) = parameter.normalise(value) {
                    XCTFail("\(experiment.name).\(parameter.name) default \(value): \(problem)")
                }
            }
        }
    }
}
