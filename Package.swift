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

/// FastPath is compiled for the widest vector unit of the building machine (Linux x86_64):
/// AVX-512 (F, BW, DQ, VL) gives `-target-cpu skylake-avx512` and `FASTPATH_AVX512`, which
/// selects the 16-register panel micro-tiles of the GEMM-class kernels (PanelKernels.swift);
/// AVX2 + FMA gives `-target-cpu haswell` and the 12-register tiles. Without `-target-cpu`,
/// Swift lowers `SIMD.addingProduct` to calls of libm's `fmaf` per lane, so other machines build
/// for the baseline CPU (correct, slow). `FASTPATH_ISA=avx2` (or `baseline`) in the environment
/// of `swift build` forces a narrower variant, e.g. to test it on an AVX-512 machine. Every
/// variant computes each number by the same operations (bit-identical results); only the
/// register blocking differs.
let fastPathISA: String = {
    #if os(Linux) && arch(x86_64)
    let forced = ProcessInfo.processInfo.environment["FASTPATH_ISA"]
    guard let cpu = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
          let flags = cpu.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return "baseline" }
    let has = Set(flags.split(separator: " ").map(String.init))
    let avx2 = has.contains("avx2") && has.contains("fma")
    let avx512 = avx2 && ["avx512f", "avx512bw", "avx512dq", "avx512vl"].allSatisfy(has.contains)
    switch forced {
    case "baseline": return "baseline"
    case "avx2": return avx2 ? "avx2" : "baseline"
    default: return avx512 ? "avx512" : avx2 ? "avx2" : "baseline"
    }
    #else
    return "baseline"
    #endif
}()

let fastPathSettings: [SwiftSetting] = {
    var settings = strict
    switch fastPathISA {
    case "avx512":
        settings.append(.unsafeFlags(["-target-cpu", "skylake-avx512"]))
        settings.append(.define("FASTPATH_AVX512"))
    case "avx2":
        settings.append(.unsafeFlags(["-target-cpu", "haswell"]))
    default:
        break
    }
    return settings
}()

/// VerifiedFloat keeps AVX2 + FMA (its float64 kernels were measured there).
let verifiedFloatSettings: [SwiftSetting] = {
    var settings = strict
    if fastPathISA != "baseline" { settings.append(.unsafeFlags(["-target-cpu", "haswell"])) }
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
        .target(name: "VerifiedFloat", dependencies: ["Exact", "Reference", "ForkJoin"], swiftSettings: verifiedFloatSettings),
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
            dependencies: [
                "verify", "Suite", "Plot", "Exact", "Reference", "Evidence", "TestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
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
