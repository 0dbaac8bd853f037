import Foundation
import HDF5
import XCTest

final class ErrorTests: XCTestCase {
    func testOpeningANonHDF5FileNamesThePathAndTheCause() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("not-hdf5.h5")
        try Data("this is plain text, not HDF5\n".utf8).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try File.open(path)) { error in
            guard let error = error as? HDF5Error else { return XCTFail("\(error)") }
            XCTAssertEqual(error.operation, "cannot open file '\(path)'")
            XCTAssertFalse(error.messages.isEmpty)
            XCTAssertTrue(error.description.hasPrefix("cannot open file '\(path)': "), error.description)
            XCTAssertTrue(error.description.contains("file signature not found"), error.description)
        }
    }

    func testOpeningAMissingFileNamesThePath() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("missing.h5")
        XCTAssertThrowsError(try File.open(path, writable: true)) { error in
            guard let error = error as? HDF5Error else { return XCTFail("\(error)") }
            XCTAssertTrue(error.description.hasPrefix("cannot open file '\(path)': "), error.description)
            XCTAssertTrue(error.description.contains("No such file or directory"), error.description)
            XCTAssertFalse(error.description.contains("\n"), error.description)
        }
        XCTAssertThrowsError(try File.create(directory.path("no/such/dir.h5"))) { error in
            XCTAssertTrue("\(error)".contains("no/such/dir.h5"), "\(error)")
        }
    }

    func testMissingObjectsNameThemselves() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("objects.h5")
        let file = try File.create(path)
        XCTAssertThrowsError(try file.root.dataset("absent")) { error in
            XCTAssertTrue("\(error)".hasPrefix("cannot open dataset '/absent' in '\(path)': "), "\(error)")
        }
        XCTAssertThrowsError(try file.root.openGroup("absent/deeper")) { error in
            XCTAssertTrue("\(error)".contains("'/absent/deeper'"), "\(error)")
        }
    }

    func testErrorDescriptionJoinsOperationAndMessages() {
        let error = HDF5Error(operation: "cannot open file 'x.h5'", messages: ["unable to open file", "file signature not found"])
        XCTAssertEqual(error.description, "cannot open file 'x.h5': unable to open file: file signature not found")
    }
}
