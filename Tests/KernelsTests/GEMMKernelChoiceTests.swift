import Foundation
import XCTest
@testable import Kernels

/// Kernel paths, their availability, the shape classes and the calibration's decision.
final class GEMMKernelChoiceTests: XCTestCase {
    override func tearDown() { GEMMKernelChoice.current = .tilesOnly }

    /// What this binary was compiled for runs on this CPU (the test would not get here
    /// otherwise), the best tile path is available and matches the CPU's flags, and the
    /// BLAS is always there.
    func testPathsMatchTheCPU() {
        XCTAssert(InstructionSet.missingOnThisCPU.isEmpty)
        XCTAssert(GEMMKernelPath.bestTiles.isAvailable)
        XCTAssert(GEMMKernelPath.blas.isAvailable)
        XCTAssertNil(GEMMKernelPath.blas.unavailableReason)
        let flags = Set(CPUDescription.current.vectorFlags)
        XCTAssertEqual(GEMMKernelPath.avx512.isAvailable, flags.isSuperset(of: ["avx512f", "avx512bw", "avx512dq", "avx512vl"]) && InstructionSet.compiled.isSuperset(of: .avx512))
        #if arch(x86_64)
        XCTAssertEqual(GEMMKernelPath.avx2.isAvailable, flags.isSuperset(of: ["avx2", "fma"]) && InstructionSet.compiled.isSuperset(of: .avx2))
        #endif
        XCTAssertNotEqual(GEMMKernelPath.avx2.isAvailable, GEMMKernelPath.portable.isAvailable)
        for path in GEMMKernelPath.allCases where !path.isAvailable { XCTAssertNotNil(path.unavailableReason, "\(path)") }
    }

    /// The CPU's flags as CPUID reports them agree with the kernel's /proc/cpuinfo.
    func testFlagsAgreeWithProcCPUInfo() throws {
        let info = try String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
        guard let line = info.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { throw XCTSkip("no flags line") }
        let procFlags = Set(line.split(separator: " ").map(String.init))
        for (feature, name) in InstructionSet.named {
            XCTAssertEqual(InstructionSet.cpu.contains(feature), procFlags.contains(name), name)
        }
    }

    func testShapeClasses() {
        XCTAssertEqual(GEMMShapeClass(m: 2048, n: 2048, k: 2048), .large)
        XCTAssertEqual(GEMMShapeClass(m: 24, n: 2048, k: 2048), .panel)
        XCTAssertEqual(GEMMShapeClass(m: 2048, n: 24, k: 2048), .panel)
        XCTAssertEqual(GEMMShapeClass(m: 2048, n: 2048, k: 8), .panel)
        XCTAssertEqual(GEMMShapeClass(m: 2048, n: 1, k: 2048), .small)
        XCTAssertEqual(GEMMShapeClass(m: 30, n: 30, k: 30), .small)
        let choice = GEMMKernelChoice(float32: .init(large: .blas, panel: .avx2, small: .avx2),
                                      float64: .all(.avx2), origin: "test")
        XCTAssertEqual(choice.path(Float.self, m: 512, n: 512, k: 512), .blas)
        XCTAssertEqual(choice.path(Float.self, m: 16, n: 512, k: 512), .avx2)
        XCTAssertEqual(choice.path(Double.self, m: 512, n: 512, k: 512), .avx2)
        XCTAssertEqual(choice.summary, "float32: large blas, panel avx2, small avx2; float64: avx2")
    }

    /// The calibration measures both classes of both types and keeps the tiles exactly
    /// where they reached `keepTilesAbove` of the BLAS; the choice survives JSON (how rank
    /// 0 sends it and the cache keeps it).
    func testCalibrationDecidesByTheMeasuredRatios() throws {
        let choice = GEMMCalibration.calibrate(repeats: 1)
        for p in [choice.float32, choice.float64] {
            XCTAssertEqual(Set(p.measuredRatios.keys), ["large", "panel"])
            for (name, path) in [("large", p.large), ("panel", p.panel)] {
                let ratio = try XCTUnwrap(p.measuredRatios[name])
                XCTAssert(ratio > 0 && ratio.isFinite)
                XCTAssertEqual(path, ratio >= GEMMCalibration.keepTilesAbove ? .bestTiles : .blas, "\(name) at \(ratio)")
            }
            XCTAssertEqual(p.small, .bestTiles)
        }
        let decoded = try JSONDecoder().decode(GEMMKernelChoice.self, from: JSONEncoder().encode(choice))
        XCTAssertEqual(decoded, choice)
        XCTAssertEqual(GEMMKernelChoice.current, .tilesOnly, "calibration restores the current choice")
    }

    /// A choice naming a path this CPU lacks says so (what a worker checks on receipt).
    func testUnavailablePathsAreReported() {
        XCTAssertTrue(GEMMKernelChoice.forced(.bestTiles).unavailablePaths.isEmpty)
        XCTAssertTrue(GEMMKernelChoice.forced(.blas).unavailablePaths.isEmpty)
        if let missing = GEMMKernelPath.allCases.first(where: { !$0.isAvailable }) {
            XCTAssertEqual(GEMMKernelChoice.forced(missing).unavailablePaths, [missing])
        }
    }
}
