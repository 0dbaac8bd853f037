import Foundation
import Kernels
import XCTest
@testable import Sweep

/// How a run's kernel paths are chosen and cached, and what a mixed cluster is told.
final class KernelSelectionTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("kernel-cache-\(UUID().uuidString)")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
        GEMMKernelChoice.current = .tilesOnly
    }

    private func cpu(_ host: String, _ model: String, _ flags: [String]) -> CPUDescription {
        CPUDescription(model: model, vectorFlags: flags, host: host)
    }

    /// The first auto choice is measured and cached; the next one is read back, equal,
    /// and says where it came from. A cache that is off measures every time.
    func testCalibrationIsCachedPerCPUAndBinary() throws {
        let cache = KernelChoiceCache(directory: directory)
        let measured = try KernelSelection.choose(request: nil, cache: cache)
        XCTAssertTrue(measured.origin.hasPrefix("calibrated"), measured.origin)
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        XCTAssertEqual(files.count, 1)
        let cached = try KernelSelection.choose(request: nil, cache: cache)
        XCTAssertEqual(cached.float32, measured.float32)
        XCTAssertEqual(cached.float64, measured.float64)
        XCTAssertTrue(cached.origin.contains("cached in \(directory.path)"), cached.origin)

        // Another identity (here: another tile path) does not read this file.
        XCTAssertNil(cache.load(tiles: .portable))
        // A file whose identity was edited is not trusted.
        let url = directory.appendingPathComponent(files[0])
        let text = try String(contentsOf: url, encoding: .utf8).replacingOccurrences(of: "fsweep ", with: "fsweep-other ")
        try text.write(to: url, atomically: true, encoding: .utf8)
        XCTAssertNil(cache.load(tiles: .bestTiles))

        let recalibrated = try KernelSelection.choose(request: nil, recalibrate: true, cache: cache)
        XCTAssertTrue(recalibrated.origin.hasPrefix("calibrated"), recalibrated.origin)
        XCTAssertNotNil(cache.load(tiles: .bestTiles), "--calibrate replaces the cached file")
    }

    func testAForcedPathIsTakenAsIsAndAnUnavailableOneIsRefused() throws {
        let cache = KernelChoiceCache(directory: nil)
        XCTAssertEqual(try KernelSelection.choose(request: .blas, cache: cache), .forced(.blas))
        XCTAssertEqual(try KernelSelection.choose(request: .bestTiles, cache: cache), .forced(.bestTiles))
        if let missing = GEMMKernelPath.allCases.first(where: { !$0.isAvailable }) {
            XCTAssertThrowsError(try KernelSelection.choose(request: missing, cache: cache)) { error in
                XCTAssertTrue("\(error)".contains("--kernel \(missing.rawValue)"), "\(error)")
            }
        }
    }

    /// Ranks on CPUs without AVX-512 make every rank use the AVX2 tiles, and forcing
    /// avx512 is refused naming the hosts.
    func testTheTilesAreTheBestEveryRankHas() throws {
        let avx512 = ["avx2", "fma", "avx512f", "avx512dq", "avx512bw", "avx512vl"]
        let here = CPUDescription.current
        XCTAssertEqual(KernelSelection.commonTiles([here]), .bestTiles)
        let older = cpu("old-node", "Intel Xeon E5-2690 v3", ["avx2", "fma"])
        let mixed = [here, older]
        let expected: GEMMKernelPath = GEMMKernelPath.avx2.isAvailable ? .avx2 : .portable
        XCTAssertEqual(KernelSelection.commonTiles(mixed), expected)
        if GEMMKernelPath.avx512.isAvailable {
            XCTAssertEqual(KernelSelection.commonTiles([here, cpu("twin", here.model, avx512)]), .avx512)
            XCTAssertThrowsError(try KernelSelection.choose(request: .avx512, cpus: mixed, cache: KernelChoiceCache(directory: nil))) { error in
                XCTAssertTrue("\(error)".contains("old-node"), "\(error)")
            }
        }
    }

    func testAMixedClusterIsNamedHostByHost() {
        let a = cpu("node-a", "AMD EPYC 7763", ["avx2", "fma"]), b = cpu("node-b", "AMD EPYC 7763", ["avx2", "fma"])
        let c = cpu("node-c", "Intel Xeon Platinum 8480+", ["avx2", "fma", "avx512f"])
        XCTAssertNil(KernelSelection.mixedClusterWarning([a, b], choice: .forced(.avx2)))
        let warning = KernelSelection.mixedClusterWarning([a, b, c], choice: .forced(.avx2)) ?? ""
        XCTAssertTrue(warning.contains("node-a, node-b: AMD EPYC 7763 [avx2 fma]"), warning)
        XCTAssertTrue(warning.contains("node-c: Intel Xeon Platinum 8480+ [avx2 fma avx512f]"), warning)
        XCTAssertTrue(warning.contains("float32: avx2; float64: avx2"), warning)
        let attributes = Dictionary(uniqueKeysWithValues: KernelProvenance(choice: .forced(.avx2), cpus: [a, b, c]).attributes)
        XCTAssertEqual(attributes["cpu_model"], "AMD EPYC 7763 | Intel Xeon Platinum 8480+")
        XCTAssertEqual(attributes["cpu_mixed"], KernelSelection.mixedSummary([a, b, c]))
        XCTAssertEqual(attributes.keys.sorted(), KernelProvenance.attributeNames.sorted())
    }

    /// A resumed run takes the choice recorded in its output when every rank can run it,
    /// and a forced --kernel still wins.
    func testAResumedRunKeepsTheRecordedChoice() throws {
        let cache = KernelChoiceCache(directory: nil)
        var recorded = GEMMKernelChoice(float32: .init(large: .blas, panel: .bestTiles, small: .bestTiles), float64: .all(.blas), origin: "calibrated, measured then")
        let again = try KernelSelection.choose(request: nil, recorded: (recorded, "out.h5"), cache: cache)
        XCTAssertEqual(again.float32, recorded.float32)
        XCTAssertEqual(again.float64, recorded.float64)
        XCTAssertEqual(again.origin, "recorded in out.h5 by an earlier run: calibrated, measured then")
        XCTAssertEqual(try KernelSelection.choose(request: nil, recorded: (again, "out.h5"), cache: cache).origin, again.origin, "not prefixed twice")
        XCTAssertEqual(try KernelSelection.choose(request: .blas, recorded: (recorded, "out.h5"), cache: cache), .forced(.blas))
        if GEMMKernelPath.avx512.isAvailable {
            recorded = .forced(.avx512)
            let older = [CPUDescription.current, cpu("old-node", "Intel Xeon E5-2690 v3", ["avx2", "fma"])]
            let now = try KernelSelection.choose(request: nil, cpus: older, recorded: (recorded, "out.h5"), cache: cache)
            XCTAssertFalse(now.unavailablePaths.contains(.avx512) || now.summary.contains("avx512"), "an AVX2 rank cannot follow avx512: \(now.summary)")
        }
    }
}
