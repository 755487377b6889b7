// swift-tools-version: 6.1
//
// Benchmarks, kept out of the main package so that its build stays light.
//   swift package benchmark                 (from this folder; ordo-one/benchmark)
//   swift package benchmark --target ReferenceBenchmarks   (one suite: Exact, Reference or FastPath)
//   ./compare-flint.sh                      (exact determinant against FLINT, same run)
//   ./peers/compare-peers.sh                (FastPath training step against NumPy/PyTorch/JAX, same run)
import PackageDescription

// A path dependency is identified by its folder's name, which depends on where
// the repository was cloned; read it instead of hard-coding it.
let root = Context.packageDirectory.split(separator: "/").dropLast().last.map(String.init) ?? "main"

let package = Package(
    name: "HomotopyReLUBenchmarks",
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .target(
            name: "NTKFixtures",
            dependencies: [.product(name: "Exact", package: root), .product(name: "FastPath", package: root)],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .executableTarget(
            name: "gram-tool",
            dependencies: ["NTKFixtures", .product(name: "Exact", package: root)],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .executableTarget(
            name: "ExactBenchmarks",
            dependencies: [
                "NTKFixtures",
                .product(name: "Exact", package: root),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/ExactBenchmarks",
            swiftSettings: [.swiftLanguageMode(.v6)],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "ReferenceBenchmarks",
            dependencies: [
                .product(name: "Exact", package: root),
                .product(name: "Reference", package: root),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/ReferenceBenchmarks",
            swiftSettings: [.swiftLanguageMode(.v6)],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "FastPathBenchmarks",
            dependencies: [
                .product(name: "FastPath", package: root),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/FastPathBenchmarks",
            swiftSettings: [.swiftLanguageMode(.v6)],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
