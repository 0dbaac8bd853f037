/// Which kernel path computes each class of product, per element type: the decision
/// rank 0 makes once per run (`fsweep run`) and every rank follows, so results are
/// bit-identical across rank counts and `--threads` on a homogeneous cluster.
///
/// Products are classed by shape (`GEMMShapeClass`): the register tiles of the best
/// path this CPU and binary have (`GEMMKernelPath.bestTiles`) compute every class unless
/// the calibration (`GEMMCalibration`) measured them slower than the linked BLAS on
/// that class, in which case the BLAS does (the safety net).
public struct GEMMKernelChoice: Codable, Equatable, Sendable {
    /// The paths for one element type.
    public struct PerPrecision: Codable, Equatable, Sendable {
        /// Products with every side at least `GEMMShapeClass.panelLimit` (square-ish:
        /// X·Wᵀ, Dᵀ·X, FᵀF, …).
        public var large: GEMMKernelPath
        /// Products with one side below `panelLimit` but above 1 (block Krylov steps).
        public var panel: GEMMKernelPath
        /// Everything else: matrix–vector products and tiny products, where a library
        /// call costs more than it saves; and the tiles any `PackedRightOperand` uses.
        public var small: GEMMKernelPath
        /// Ours / BLAS speed measured by the calibration, per class ("large", "panel"); empty
        /// when nothing was measured.
        public var measuredRatios: [String: Double]

        public init(large: GEMMKernelPath, panel: GEMMKernelPath, small: GEMMKernelPath, measuredRatios: [String: Double] = [:]) {
            self.large = large
            self.panel = panel
            self.small = small
            self.measuredRatios = measuredRatios
        }

        /// Every class on `path`.
        public static func all(_ path: GEMMKernelPath) -> PerPrecision {
            PerPrecision(large: path, panel: path, small: path)
        }

        public func path(for shapeClass: GEMMShapeClass) -> GEMMKernelPath {
            switch shapeClass {
            case .large: return large
            case .panel: return panel
            case .small: return small
            }
        }
    }

    public var float32: PerPrecision
    public var float64: PerPrecision
    /// How the choice was made: "forced by --kernel avx2", "calibrated", "calibration
    /// cached in …", "default (no calibration)".
    public var origin: String

    public init(float32: PerPrecision, float64: PerPrecision, origin: String) {
        self.float32 = float32
        self.float64 = float64
        self.origin = origin
    }

    /// Every product of both types on `path` (a `--kernel` switch; tests).
    public static func forced(_ path: GEMMKernelPath) -> GEMMKernelChoice {
        GEMMKernelChoice(float32: .all(path), float64: .all(path), origin: "forced (--kernel \(path.rawValue))")
    }

    /// The best register tiles for every class, without measuring: what a process uses
    /// until it sets `current` (library use, unit tests).
    public static var tilesOnly: GEMMKernelChoice {
        GEMMKernelChoice(float32: .all(.bestTiles), float64: .all(.bestTiles), origin: "default (register tiles, not calibrated)")
    }

    /// The choice every product of this process follows. Set it once, before training
    /// starts (as `KernelThreads.count`).
    nonisolated(unsafe) public static var current: GEMMKernelChoice = .tilesOnly

    public func forPrecision<T: GEMMScalar>(_: T.Type) -> PerPrecision {
        T.self == Double.self ? float64 : float32
    }

    /// The path for C ← op(A)·op(B) with op(A) m × k and op(B) k × n, for element type T.
    public func path<T: GEMMScalar>(_: T.Type, m: Int, n: Int, k: Int) -> GEMMKernelPath {
        forPrecision(T.self).path(for: GEMMShapeClass(m: m, n: n, k: k))
    }

    /// Paths this process cannot run (a rank on an older CPU than rank 0 assumed), by name.
    public var unavailablePaths: [GEMMKernelPath] {
        let used = [float32.large, float32.panel, float32.small, float64.large, float64.panel, float64.small]
        return GEMMKernelPath.allCases.filter { path in used.contains(path) && !path.isAvailable }
    }

    /// One line per type for logs and the HDF5 attribute `kernel_path`, e.g.
    /// "float32: avx512 (large avx512, panel blas, small avx512)".
    public var summary: String {
        func line(_ name: String, _ p: PerPrecision) -> String {
            if p.large == p.panel && p.panel == p.small { return "\(name): \(p.large.rawValue)" }
            return "\(name): large \(p.large.rawValue), panel \(p.panel.rawValue), small \(p.small.rawValue)"
        }
        return line("float32", float32) + "; " + line("float64", float64)
    }
}

/// The classes of products the kernel choice distinguishes.
public enum GEMMShapeClass: String, CaseIterable, Sendable {
    /// Every side of C at least `panelLimit` and at least 2^20 flops.
    case large
    /// One side of C in 2 ..< `panelLimit`, the other at least that (a block of vectors
    /// against a matrix), and at least 2^20 flops.
    case panel
    /// A side of 1 (matrix–vector), or fewer than 2^20 flops.
    case small

    /// Sides below this make a product a panel.
    public static let panelLimit = 64

    public init(m: Int, n: Int, k: Int) {
        let flops = 2 * Double(m) * Double(n) * Double(k)
        let shortest = Swift.min(m, n)
        if shortest <= 1 || k <= 1 || flops < 1_048_576 {
            self = .small
        } else {
            self = shortest >= Self.panelLimit && k >= Self.panelLimit ? .large : .panel
        }
    }
}
