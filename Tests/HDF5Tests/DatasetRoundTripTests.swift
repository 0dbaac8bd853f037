import HDF5
import XCTest

final class DatasetRoundTripTests: XCTestCase {
    var directory: TemporaryDirectory!

    override func setUpWithError() throws {
        directory = try TemporaryDirectory()
    }

    // XCTest keeps every test case instance until the run ends: release the directory
    // (deinit removes it) when the test does.
    override func tearDown() {
        directory = nil
    }

    func testDoublesOfEveryRankRoundTrip() throws {
        let path = directory.path("doubles.h5")
        do {
            let file = try File.create(path)
            try file.root.createDataset("scalar", doubles: [3.5], shape: [])
            try file.root.createDataset("vector", doubles: [1, -2, .infinity, .nan], shape: [4])
            try file.root.createDataset("matrix", doubles: (0..<6).map(Double.init), shape: [2, 3])
            try file.root.createDataset("cube", doubles: (0..<24).map { Double($0) / 7 }, shape: [2, 3, 4], compress: false)
            try file.root.createDataset("empty", doubles: [], shape: [0, 5])
            try file.close()
        }
        let file = try File.open(path)
        XCTAssertEqual(try file.root.dataset("scalar").shape, [])
        XCTAssertEqual(try file.root.dataset("scalar").readDoubles(), [3.5])
        let vector = try file.root.dataset("vector").readDoubles()
        XCTAssertEqual(Array(vector.prefix(3)), [1, -2, .infinity])
        XCTAssertTrue(vector[3].isNaN)
        XCTAssertEqual(try file.root.dataset("matrix").shape, [2, 3])
        XCTAssertEqual(try file.root.dataset("matrix").readDoubles(), [0, 1, 2, 3, 4, 5])
        XCTAssertEqual(try file.root.dataset("cube").shape, [2, 3, 4])
        XCTAssertEqual(try file.root.dataset("cube").readDoubles(), (0..<24).map { Double($0) / 7 })
        XCTAssertEqual(try file.root.dataset("empty").shape, [0, 5])
        XCTAssertEqual(try file.root.dataset("empty").readDoubles(), [])
    }

    func testCompressionIsChunkedShuffleAndGzip() throws {
        let file = try File.create(directory.path("compress.h5"))
        let big = try file.root.createDataset("big", doubles: [Double](repeating: 1, count: 300_000), shape: [1000, 300])
        let chunk = try XCTUnwrap(try big.chunkShape)
        XCTAssertEqual(chunk.count, 2)
        XCTAssertLessThanOrEqual(chunk.reduce(8, *), 512 * 1024)
        XCTAssertEqual(chunk[1], 300, "chunks keep whole rows")
        XCTAssertEqual(try big.filterNames, ["shuffle", "deflate"])
        let plain = try file.root.createDataset("plain", doubles: [1, 2], shape: [2], compress: false)
        XCTAssertNil(try plain.chunkShape)
        XCTAssertEqual(try plain.filterNames, [])
        let empty = try file.root.createDataset("empty", doubles: [], shape: [0])
        XCTAssertNil(try empty.chunkShape, "empty datasets are not chunked")
        let scalar = try file.root.createDataset("scalar", int64s: [7], shape: [])
        XCTAssertNil(try scalar.chunkShape)
    }

    func testInt64sRoundTripAndConvertToDoubles() throws {
        let file = try File.create(directory.path("ints.h5"))
        let values: [Int64] = [.min, -1, 0, 1, .max, 42]
        let dataset = try file.root.createDataset("ints", int64s: values, shape: [3, 2])
        XCTAssertEqual(try dataset.shape, [3, 2])
        XCTAssertEqual(try dataset.readInt64s(), values)
        let small = try file.root.createDataset("small", int64s: [1, 2, 3], shape: [3])
        XCTAssertEqual(try small.readDoubles(), [1, 2, 3])
        // Reading floats as integers is refused rather than silently truncated.
        let floats = try file.root.createDataset("floats", doubles: [1.5], shape: [1])
        XCTAssertThrowsError(try floats.readInt64s()) { error in
            XCTAssertTrue("\(error)".contains("floating-point"), "\(error)")
        }
    }

    func testShapeMismatchIsAnError() throws {
        let file = try File.create(directory.path("mismatch.h5"))
        XCTAssertThrowsError(try file.root.createDataset("x", doubles: [1, 2, 3], shape: [2, 2])) { error in
            XCTAssertTrue(error is HDF5Error)
            XCTAssertTrue("\(error)".contains("'/x'"), "\(error)")
        }
        XCTAssertFalse(file.root.contains("x"))
    }

    func testScalarStringRoundTrip() throws {
        let file = try File.create(directory.path("string.h5"))
        let text = "protocol = \"giant-step\"\nalpha = [0.1, 0.2] # αβγ ✓\n"
        let dataset = try file.root.createDataset("spec", string: text)
        XCTAssertEqual(try dataset.shape, [])
        XCTAssertEqual(try dataset.readStrings(), [text])
        let empty = try file.root.createDataset("empty", string: "")
        XCTAssertEqual(try empty.readStrings(), [""])
        XCTAssertThrowsError(try file.root.createDataset("nul", string: "a\u{0}b"))
    }

    func testStringArrayRoundTrip() throws {
        let file = try File.create(directory.path("strings.h5"))
        let values = ["node001", "", "a-much-longer-host-name", "ü"]
        let dataset = try file.root.createDataset("hosts", strings: values)
        XCTAssertEqual(try dataset.shape, [4])
        XCTAssertEqual(try dataset.readStrings(), values)
        let blanks = try file.root.createDataset("blanks", strings: ["", ""])
        XCTAssertEqual(try blanks.readStrings(), ["", ""])
        let none = try file.root.createDataset("none", strings: [])
        XCTAssertEqual(try none.shape, [0])
        XCTAssertEqual(try none.readStrings(), [])
        XCTAssertThrowsError(try file.root.dataset("hosts").readDoubles())
        XCTAssertThrowsError(try file.root.createDataset("n", doubles: [1], shape: [1]).readStrings())
    }

    func testGroupsPathsContainsAndRemove() throws {
        let path = directory.path("groups.h5")
        let file = try File.create(path)
        let cube = try file.root.createGroup("cube")
        XCTAssertEqual(cube.path, "/cube")
        try cube.createDataset("test_mse", doubles: [1], shape: [1])
        let nested = try file.root.createGroup("a/b/c")
        XCTAssertEqual(nested.path, "/a/b/c")
        XCTAssertTrue(file.root.contains("cube"))
        XCTAssertTrue(file.root.contains("cube/test_mse"))
        XCTAssertTrue(file.root.contains("/cube/test_mse"))
        XCTAssertTrue(file.root.contains("a/b/c"))
        XCTAssertFalse(file.root.contains("cube/nothing"))
        XCTAssertFalse(file.root.contains("nothing/deeper"))
        XCTAssertFalse(file.root.contains(""))
        XCTAssertEqual(try file.root.memberNames(), ["a", "cube"])
        XCTAssertEqual(try file.root.openGroup("cube").dataset("test_mse").readDoubles(), [1])
        XCTAssertEqual(try file.root.dataset("cube/test_mse").path, "/cube/test_mse")
        XCTAssertThrowsError(try file.root.createGroup("cube")) { error in
            XCTAssertTrue("\(error)".contains("'/cube' in '\(path)'"), "\(error)")
        }
        try file.root.remove("cube")
        XCTAssertFalse(file.root.contains("cube"))
        // Intermediate groups are created for datasets too.
        try file.root.createDataset("arrays/top_sv", doubles: [1, 2], shape: [1, 2])
        XCTAssertEqual(try file.root.openGroup("arrays").dataset("top_sv").shape, [1, 2])
    }

    func testFileLifecycle() throws {
        let path = directory.path("life.h5")
        let file = try File.create(path)
        let group = try file.root.createGroup("g")
        try group.createDataset("x", doubles: [1, 2], shape: [2])
        try file.flush()
        try file.close()
        try file.close() // a second close does nothing
        XCTAssertThrowsError(try group.createDataset("y", doubles: [1], shape: [1]), "objects die with an explicitly closed file")

        // Reopen writable and add; then read-only refuses writes.
        do {
            let writable = try File.open(path, writable: true)
            try writable.root.openGroup("g").createDataset("y", int64s: [5], shape: [1])
        }
        let readOnly = try File.open(path, fileLocking: false)
        XCTAssertEqual(try readOnly.root.dataset("g/y").readInt64s(), [5])
        XCTAssertEqual(try readOnly.root.dataset("g/x").readDoubles(), [1, 2])
        XCTAssertThrowsError(try readOnly.root.createGroup("h"))
        try readOnly.close()

        // create truncates.
        let again = try File.create(path)
        XCTAssertFalse(again.root.contains("g"))
    }

    func testObjectsKeepTheirFileOpen() throws {
        let path = directory.path("keep.h5")
        var dataset: Dataset? = try File.create(path).root.createDataset("x", doubles: [9], shape: [1])
        XCTAssertEqual(try dataset?.readDoubles(), [9])
        dataset = nil
        XCTAssertEqual(try File.open(path).root.dataset("x").readDoubles(), [9])
    }

    func testUseFromAnotherThread() throws {
        let path = directory.path("thread.h5")
        let file = try File.create(path)
        let done = expectation(description: "thread")
        final class Outcome: @unchecked Sendable { var error: Error? }
        let outcome = Outcome()
        Thread.detachNewThread {
            do {
                try file.root.createDataset("x", doubles: [1], shape: [1])
                _ = try? file.root.dataset("missing") // error path on a second thread
            } catch { outcome.error = error }
            done.fulfill()
        }
        wait(for: [done], timeout: 10)
        XCTAssertNil(outcome.error)
        XCTAssertEqual(try file.root.dataset("x").readDoubles(), [1])
    }
}
