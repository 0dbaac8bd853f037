// swift-tools-version:5.9
//
// Compiler flags (optimisation level, target CPU) live in the Makefile, not here:
// `make build` passes `-Ounchecked -target-cpu native`; see DESIGN.md.
import PackageDescription

let package = Package(
    name: "FeatureSweep",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "fsweep", targets: ["fsweep"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-numerics", exact: "1.1.1"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "3.12.3"),
        .package(url: "https://github.com/LebJe/TOMLKit", exact: "0.6.0"),
    ],
    targets: [
        // C libraries, seen only by the wrapper modules below.
        .systemLibrary(name: "CMPI", pkgConfig: "ompi-c", providers: [.apt(["libopenmpi-dev"])]),
        .systemLibrary(name: "CHDF5", pkgConfig: "hdf5", providers: [.apt(["libhdf5-dev"])]),
        .systemLibrary(name: "CLAPACK", pkgConfig: "openblas", providers: [.apt(["liblapacke-dev", "libopenblas-dev"])]),
        // Header-only: compiler intrinsics (prefetch) for the GEMM micro-kernel.
        .systemLibrary(name: "CKernelSupport"),

        // Swift wrappers: typed handles, C errors become thrown Swift errors.
        .target(name: "MPI", dependencies: ["CMPI"]),
        .target(name: "HDF5", dependencies: ["CHDF5"]),

        // Numerics: dense linear algebra on SIMD types (+ LAPACK for small projected problems).
        .target(name: "Kernels", dependencies: [
            "CLAPACK", "CKernelSupport",
            .product(name: "RealModule", package: "swift-numerics"),
        ]),
        // Data models, networks, protocols, metrics. No MPI, no files.
        .target(name: "Trainer", dependencies: [
            "Kernels",
            .product(name: "RealModule", package: "swift-numerics"),
        ]),
        // Spec, plan, keys, seeds, scheduler, journal, result store.
        .target(name: "Sweep", dependencies: [
            "Trainer", "Kernels", "MPI", "HDF5",
            .product(name: "TOMLKit", package: "TOMLKit"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .executableTarget(name: "fsweep", dependencies: [
            "Sweep", "Trainer", "Kernels",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        .testTarget(name: "KernelsTests", dependencies: ["Kernels"]),
        .testTarget(name: "TrainerTests", dependencies: ["Trainer"]),
        .testTarget(name: "HDF5Tests", dependencies: ["HDF5"]),
        .testTarget(name: "SweepTests", dependencies: ["Sweep", "HDF5"]),
        .testTarget(name: "IntegrationTests", dependencies: ["Sweep", "HDF5", "Kernels"]),
    ]
)
