import HDF5
import XCTest

final class CompoundTableTests: XCTestCase {
    var directory: TemporaryDirectory!

    override func setUpWithError() throws {
        directory = try TemporaryDirectory()
    }

    // XCTest keeps every test case instance until the run ends: release the directory
    // (deinit removes it) when the test does.
    override func tearDown() {
        directory = nil
    }

    private func sampleTable() -> CompoundTable {
        CompoundTable(
            names: ["index", "key", "alpha", "activation", "status", "seconds", "rank"],
            columns: [
                .int64([0, 1, 2]),
                .string(["0123456789abcdef", "fedcba9876543210", "00000000ffffffff"], width: 16), // values of max width
                .float64([0.1, 0.25, -1e300]),
                .string(["crelu", "hermite3", "αβ"], width: 8),
                .string(["done", "failed", "pending"], width: 7),
                .float64([1.5, 2.5, 0]),
                .int64([0, 2, -1]),
            ])
    }

    func testTableRoundTripsWithEveryColumnKind() throws {
        let path = directory.path("table.h5")
        let table = sampleTable()
        XCTAssertEqual(table.rows, 3)
        do {
            let file = try File.create(path)
            let dataset = try file.root.createTable("tasks", table)
            XCTAssertEqual(try dataset.shape, [3])
            XCTAssertEqual(try dataset.filterNames, ["shuffle", "deflate"])
        }
        let read = try File.open(path).root.dataset("tasks").readTable()
        XCTAssertEqual(read, table)
        XCTAssertEqual(read["status"], .string(["done", "failed", "pending"], width: 7))
        XCTAssertNil(read["nothing"])
    }

    func testNaNSurvives() throws {
        let file = try File.create(directory.path("nan.h5"))
        let table = CompoundTable(names: ["x"], columns: [.float64([.nan, 1])])
        let read = try file.root.createTable("t", table).readTable()
        guard case .float64(let values) = read.columns[0] else { return XCTFail("\(read)") }
        XCTAssertTrue(values[0].isNaN)
        XCTAssertEqual(values[1], 1)
    }

    func testEmptyTableKeepsItsColumns() throws {
        let path = directory.path("empty.h5")
        let table = CompoundTable(
            names: ["index", "key", "test_mse"],
            columns: [.int64([]), .string([], width: 16), .float64([])])
        XCTAssertEqual(table.rows, 0)
        do {
            let file = try File.create(path)
            let dataset = try file.root.createTable("tasks", table)
            XCTAssertEqual(try dataset.shape, [0])
        }
        XCTAssertEqual(try File.open(path).root.dataset("tasks").readTable(), table)
    }

    func testTablesReadAsNumbersOrStringsAreRefused() throws {
        let file = try File.create(directory.path("refuse.h5"))
        let dataset = try file.root.createTable("t", sampleTable())
        XCTAssertThrowsError(try dataset.readDoubles())
        XCTAssertThrowsError(try dataset.readStrings())
        let numbers = try file.root.createDataset("n", doubles: [1], shape: [1])
        XCTAssertThrowsError(try numbers.readTable()) { error in
            XCTAssertTrue("\(error)".contains("not records"), "\(error)")
        }
    }

    func testInvalidTablesAreErrors() throws {
        let file = try File.create(directory.path("invalid.h5"))
        let cases: [(CompoundTable, String)] = [
            (CompoundTable(names: ["s"], columns: [.string(["toolong"], width: 3)]), "wider than"),
            (CompoundTable(names: ["s"], columns: [.string(["x"], width: 0)]), "at least 1"),
            (CompoundTable(names: ["a", "b"], columns: [.int64([1]), .float64([1, 2])]), "rows"),
            (CompoundTable(names: ["a", "a"], columns: [.int64([1]), .int64([2])]), "duplicate"),
            (CompoundTable(names: ["a"], columns: [.int64([1]), .int64([2])]), "names for"),
            (CompoundTable(names: [], columns: []), "at least one column"),
            (CompoundTable(names: ["s"], columns: [.string(["a\u{0}"], width: 4)]), "NUL"),
        ]
        for (index, (table, expected)) in cases.enumerated() {
            XCTAssertThrowsError(try file.root.createTable("t\(index)", table)) { error in
                XCTAssertTrue(error is HDF5Error)
                XCTAssertTrue("\(error)".contains(expected), "\(error)")
                XCTAssertTrue("\(error)".contains("'/t\(index)'"), "\(error)")
            }
            XCTAssertFalse(file.root.contains("t\(index)"))
        }
    }

    func testLargeTableIsChunkedBelowTheCacheSize() throws {
        let file = try File.create(directory.path("large.h5"))
        let rows = 50_000
        let table = CompoundTable(
            names: ["index", "key", "value"],
            columns: [
                .int64((0..<rows).map(Int64.init)),
                .string((0..<rows).map { String($0, radix: 16) }, width: 16),
                .float64((0..<rows).map { Double($0) * 0.5 }),
            ])
        let dataset = try file.root.createTable("tasks", table)
        let chunk = try XCTUnwrap(try dataset.chunkShape)
        XCTAssertLessThanOrEqual(chunk[0] * 32, 512 * 1024)
        XCTAssertEqual(try dataset.readTable(), table)
    }
}
