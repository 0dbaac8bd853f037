import HDF5
import XCTest

final class AttributeTests: XCTestCase {
    func testAttributesRoundTripOnGroupsAndDatasets() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("attributes.h5")
        let values: [String: AttributeValue] = [
            "version": .string("0.1.0 ✓"),
            "empty": .string(""),
            "mpi_size": .int64(-3),
            "seconds": .double(12.25),
            "alphas": .doubles([0.1, 0.2, 0.3]),
            "one": .doubles([7]),
            "none": .doubles([]),
        ]
        do {
            let file = try File.create(path)
            let dataset = try file.root.createDataset("x", doubles: [1], shape: [1])
            for (name, value) in values {
                try file.root.setAttribute(name, value)
                try dataset.setAttribute(name, value)
            }
            // Overwriting replaces, even with a different type.
            try file.root.setAttribute("seconds", .double(13))
            try dataset.setAttribute("mpi_size", .string("three"))
        }
        let file = try File.open(path)
        let dataset = try file.root.dataset("x")
        for (name, value) in values {
            XCTAssertEqual(try file.root.attribute(name), name == "seconds" ? .double(13) : value, name)
            XCTAssertEqual(try dataset.attribute(name), name == "mpi_size" ? .string("three") : value, name)
        }
    }

    func testMissingAttributeNamesItAndTheObject() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("missing.h5")
        let file = try File.create(path)
        XCTAssertThrowsError(try file.root.attribute("nope")) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("'nope'") && text.contains(path), text)
        }
    }
}
