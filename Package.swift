// swift-tools-version: 6.1
//
// The exact reference and the fast float path for two-layer homotopy ReLU
// networks. Layout (fixed by the design):
//   CGMP       GMP as a system library, with a header of static inline shims
//   ForkJoin   fork–join with a fixed partition (shared by Exact and FastPath)
//   Exact      exact integers, rationals, intervals, polynomials, matrices
//   Reference  the exact two-layer homotopy network and its kernels
//   FastPath   the same network in SIMD Float
//   VerifiedFloat  certified float64 kernels and eigenvalue brackets (Rump's test)
//   Evidence   the statistics of experimental verdicts (quantiles, intervals,
//              conjunction decisions, protocols, calibration counts)
//   Plot       SVG drawing (axes, ticks, legends) for the report and `train --plot`
//   Suite      the claims of the proof-check suite: checks, protocols, calibrations,
//              runner and report (a library, so that tests and tools can use it)
//   verify     the command-line tool, a thin layer over Suite
import PackageDescription
#if canImport(Glibc)
import Foundation
#endif

let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
]

/// FastPath is compiled for AVX2 + FMA when the building machine has them (Linux
/// x86_64); without `-target-cpu`, Swift lowers `SIMD.addingProduct` to calls of
/// libm's `fmaf` per lane. Elsewhere it builds for the baseline CPU.
///
/// AVX-512 machines keep `haswell`: the kernels work on `SIMD8<Float>` (256-bit) lanes, and
/// `-target-cpu skylake-avx512` (which adds 16 more vector registers, still 256 bits wide) was
/// not measurably faster for a GD step (n = 1024, m = 8192, s = 1.5; d = 2, 16, 64; 1 and 2
/// threads; paired alternating runs of `verify train --json`, median ms_per_step ratios
/// 0.96–1.04 against run-to-run spreads of ±30 % on a shared machine, 2026-12). The full vector
/// width needs 16-lane blocks in the kernels and in the rounding bounds, not a flag.
let fastPathSettings: [SwiftSetting] = {
    var settings = strict
    #if os(Linux) && arch(x86_64)
    if let cpu = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
       cpu.contains(" avx2"), cpu.contains(" fma") {
        settings.append(.unsafeFlags(["-target-cpu", "haswell"]))
    }
    #endif
    return settings
}()

let package = Package(
    name: "HomotopyReLU",
    products: [
        .library(name: "Exact", targets: ["Exact"]),
        .library(name: "Reference", targets: ["Reference"]),
        .library(name: "FastPath", targets: ["FastPath"]),
        .library(name: "Evidence", targets: ["Evidence"]),
        .library(name: "Suite", targets: ["Suite"]),
        .library(name: "Plot", targets: ["Plot"]),
        .library(name: "VerifiedFloat", targets: ["VerifiedFloat"]),
        // For the fuzz package (Fuzz/), which compiles verify's sources as a library.
        .library(name: "FastPathBounds", targets: ["FastPathBounds"]),
        .library(name: "ForkJoin", targets: ["ForkJoin"]),
        .executable(name: "verify", targets: ["verify"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CGMP",
            pkgConfig: "gmp",
            providers: [.apt(["libgmp-dev"])]
        ),
        // Fork–join with a fixed partition, shared by Exact and FastPath (no other dependency).
        .target(name: "ForkJoin", dependencies: [], swiftSettings: strict),
        .target(name: "Exact", dependencies: ["CGMP", "ForkJoin"], swiftSettings: strict),
        .target(name: "Reference", dependencies: ["Exact"], swiftSettings: strict),
        .target(name: "FastPath", dependencies: ["ForkJoin"], swiftSettings: fastPathSettings),
        // The verified float64 path of the infinite-width kernels: outward-rounded entry
        // enclosures, Rump's Cholesky test, rigorous Rayleigh quotients (issue 12).
        .target(name: "VerifiedFloat", dependencies: ["Exact", "Reference", "ForkJoin"], swiftSettings: fastPathSettings),
        // FastPath's rigorous rounding-error bounds, exact (used by the tests and claim 9).
        .target(name: "FastPathBounds", dependencies: ["Exact", "FastPath"], swiftSettings: strict),
        // Statistics of the suite's experimental verdicts; depends on nothing.
        .target(name: "Evidence", dependencies: [], swiftSettings: strict),
        // SVG drawing shared by the suite's report and `verify train --plot`; no dependency.
        .target(name: "Plot", dependencies: [], swiftSettings: strict),
        // The suite's claims: each claim one file with its checks, protocol and calibration.
        .target(
            name: "Suite",
            dependencies: ["Exact", "Reference", "FastPath", "FastPathBounds", "Evidence", "ForkJoin", "Plot", "VerifiedFloat"],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "verify",
            dependencies: [
                "Exact", "Reference", "FastPath", "Evidence", "ForkJoin", "Plot", "Suite", "VerifiedFloat",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        // Generators and fixtures shared by the test targets.
        .target(
            name: "TestSupport",
            dependencies: [
                "Exact", "Reference",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            path: "Tests/TestSupport",
            swiftSettings: strict
        ),
        .testTarget(
            name: "ReferenceTests",
            dependencies: [
                "Exact", "Reference", "TestSupport", "VerifiedFloat", "ForkJoin",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "FastPathTests",
            dependencies: [
                "FastPath", "FastPathBounds", "Reference", "Exact", "TestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: strict
        ),
        // End-to-end tests that run the built `verify` binary.
        .testTarget(
            name: "VerifyTests",
            dependencies: ["verify", "Suite", "Plot", "Exact", "Reference", "Evidence"],
            exclude: ["Snapshots"],
            swiftSettings: strict
        ),
        .testTarget(name: "EvidenceTests", dependencies: ["Evidence"], swiftSettings: strict),
        .testTarget(
            name: "ExactTests",
            dependencies: [
                "Exact", "TestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: strict
        ),
    ]
)
