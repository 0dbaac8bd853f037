import Foundation
import HDF5
import XCTest

/// Datasets made `updatableInPlace` and the writes that overwrite parts of them.
final class InPlaceWriteTests: XCTestCase {
    var directory: TemporaryDirectory!

    override func setUpWithError() throws {
        directory = try TemporaryDirectory()
    }

    override func tearDown() {
        directory = nil
    }

    private func fileSize(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? -1
    }

    func testSomeMembersOfSomeRowsAreOverwrittenAndTheRestKept() throws {
        let path = directory.path("table.h5")
        let table = CompoundTable(names: ["index", "status", "value", "message"], columns: [
            .int64([0, 1, 2, 3]),
            .string(["pending", "pending", "pending", "pending"], width: 7),
            .float64([.nan, .nan, .nan, .nan]),
            .string(["", "", "", ""], width: 12),
        ])
        do {
            let file = try File.create(path)
            let dataset = try file.root.createTable("tasks", table, updatableInPlace: true)
            XCTAssertTrue(try dataset.hasFixedStorage)
            XCTAssertNil(try dataset.chunkShape)
            XCTAssertEqual(try dataset.recordMemberSize("message"), 12)
            XCTAssertNil(try dataset.recordMemberSize("missing"))
            try file.root.setAttribute("done", .int64(0))
            try file.close()
        }
        let size = try fileSize(path)
        do {
            let file = try File.open(path, writable: true, fileLocking: false)
            let dataset = try file.root.dataset("tasks")
            try dataset.writeRecords(CompoundTable(names: ["value", "message"], columns: [
                .float64([2.5, -1]), .string(["", "went wrong"], width: 12)]), atRows: [3, 1])
            try dataset.writeRecords(CompoundTable(names: ["status"], columns: [.string(["done", "failed"], width: 7)]), atRows: [3, 1])
            try file.root.overwriteAttribute("done", .int64(1))
            try file.close()
        }
        XCTAssertEqual(try fileSize(path), size, "an in-place write grew the file")
        let file = try File.open(path)
        let read = try file.root.dataset("tasks").readTable()
        XCTAssertEqual(read["index"], .int64([0, 1, 2, 3]))
        XCTAssertEqual(read["status"], .string(["pending", "failed", "pending", "done"], width: 7))
        XCTAssertEqual(read["message"], .string(["", "went wrong", "", ""], width: 12))
        guard case .float64(let values)? = read["value"] else { return XCTFail("no value column") }
        XCTAssertTrue(values[0].isNaN && values[2].isNaN)
        XCTAssertEqual(values[1], -1)
        XCTAssertEqual(values[3], 2.5)
        XCTAssertEqual(try file.root.attribute("done"), .int64(1))
    }

    func testElementsOfAThreeDimensionalDatasetAreOverwrittenByRowMajorPosition() throws {
        let path = directory.path("cube.h5")
        do {
            let file = try File.create(path)
            try file.root.createDataset("cube", doubles: [Double](repeating: 0, count: 24), shape: [2, 3, 4], fillValue: .nan, updatableInPlace: true)
            try file.root.createDataset("packed", doubles: [1, 2, 3, 4], shape: [2, 2])
            try file.close()
        }
        let file = try File.open(path, writable: true, fileLocking: false)
        let cube = try file.root.dataset("cube")
        try cube.write(doubles: [7, 8, 9], atElements: [23, 0, 13])
        var expected = [Double](repeating: 0, count: 24)
        expected[23] = 7
        expected[0] = 8
        expected[13] = 9
        XCTAssertEqual(try cube.readDoubles(), expected)
        XCTAssertThrowsError(try cube.write(doubles: [1], atElements: [24]))
        XCTAssertThrowsError(try cube.write(doubles: [1, 2], atElements: [0]))
        XCTAssertFalse(try file.root.dataset("packed").hasFixedStorage, "a chunked, compressed dataset")
    }

    func testOverwritingAMissingOrNonNumericAttributeFails() throws {
        let path = directory.path("attributes.h5")
        let file = try File.create(path)
        try file.root.setAttribute("name", .string("x"))
        XCTAssertThrowsError(try file.root.overwriteAttribute("absent", .int64(1)))
        XCTAssertThrowsError(try file.root.overwriteAttribute("name", .int64(1)))
    }
}
