import HDF5
import XCTest

final class DimensionScaleTests: XCTestCase {
    func testScalesAreAttachedAndLabelled() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("cube.h5")
        do {
            let file = try File.create(path)
            let cube = try file.root.createGroup("cube")
            let alpha = try cube.createDataset("alpha", doubles: [0.1, 0.2, 0.3], shape: [3])
            let seed = try cube.createDataset("seed", int64s: [0, 1], shape: [2])
            try alpha.makeDimensionScale(name: "alpha")
            try seed.makeDimensionScale(name: "seed")
            for metric in ["test_mse", "train_mse"] {
                let data = try cube.createDataset(metric, doubles: (0..<6).map(Double.init), shape: [3, 2])
                try data.attachDimensionScale(alpha, dimension: 0)
                try data.attachDimensionScale(seed, dimension: 1)
                try data.setDimensionLabel("alpha", dimension: 0)
                try data.setDimensionLabel("seed", dimension: 1)
            }
        }
        let cube = try File.open(path).root.openGroup("cube")
        let alpha = try cube.dataset("alpha")
        let seed = try cube.dataset("seed")
        XCTAssertTrue(try alpha.isDimensionScale)
        XCTAssertEqual(try alpha.attribute("NAME"), .string("alpha"))
        XCTAssertEqual(try alpha.attribute("CLASS"), .string("DIMENSION_SCALE"))
        for metric in ["test_mse", "train_mse"] {
            let data = try cube.dataset(metric)
            XCTAssertFalse(try data.isDimensionScale)
            XCTAssertTrue(try data.isDimensionScaleAttached(alpha, dimension: 0))
            XCTAssertTrue(try data.isDimensionScaleAttached(seed, dimension: 1))
            XCTAssertFalse(try data.isDimensionScaleAttached(alpha, dimension: 1))
            XCTAssertEqual(try data.dimensionLabel(dimension: 0), "alpha")
            XCTAssertEqual(try data.dimensionLabel(dimension: 1), "seed")
        }
    }

    func testAttachingToAMissingDimensionIsAnError() throws {
        let directory = try TemporaryDirectory()
        let file = try File.create(directory.path("bad.h5"))
        let scale = try file.root.createDataset("x", doubles: [1, 2], shape: [2])
        try scale.makeDimensionScale(name: "x")
        let data = try file.root.createDataset("y", doubles: [1, 2], shape: [2])
        XCTAssertThrowsError(try data.attachDimensionScale(scale, dimension: 3)) { error in
            XCTAssertTrue("\(error)".contains("'/y'"), "\(error)")
        }
        XCTAssertThrowsError(try data.attachDimensionScale(scale, dimension: -1))
    }
}
