// swift-tools-version: 6.1
//
// libFuzzer targets for every text the `verify` tool reads (issue 13, "Fuzzing").
// A separate package, so that `swift test` and the CI of the root package are unaffected.
// Build and run through `scripts/fuzz.sh` (it passes `-sanitize=fuzzer,address`); each
// executable is one target, with its seed corpus in `corpus/<target>/`.
//
// `VerifyCore` is the `verify` executable's own source (`Sources/VerifyCore` is a symbolic
// link to `../../Sources/verify`) compiled as a library, with its `@main` entry point
// renamed so that libFuzzer's `main` is the program's; the `cli` and `arguments` targets
// drive its real argument parsers.
import PackageDescription

let fuzzSettings: [SwiftSetting] = [.swiftLanguageMode(.v6)]

func fuzzTarget(_ name: String, _ dependencies: [Target.Dependency]) -> Target {
    .executableTarget(name: "fuzz-\(name)", dependencies: ["FuzzSupport"] + dependencies,
                      path: "Sources/\(name)", swiftSettings: fuzzSettings)
}

let root: (String) -> Target.Dependency = { .product(name: $0, package: "HomotopyReLU") }

let package = Package(
    name: "HomotopyReLUFuzz",
    dependencies: [
        .package(name: "HomotopyReLU", path: ".."),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
    ],
    targets: [
        .target(name: "FuzzSupport", path: "Sources/FuzzSupport", swiftSettings: fuzzSettings),
        .target(
            name: "VerifyCore",
            dependencies: [
                root("Exact"), root("Reference"), root("FastPath"), root("FastPathBounds"),
                root("Evidence"), root("ForkJoin"), root("Suite"), root("Plot"), root("VerifiedFloat"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/VerifyCore",
            swiftSettings: fuzzSettings + [
                .unsafeFlags(["-Xfrontend", "-entry-point-function-name", "-Xfrontend", "verify_main"]),
            ]
        ),
        fuzzTarget("rational", [root("Exact")]),
        fuzzTarget("bigint", [root("Exact")]),
        fuzzTarget("polynomial", [root("Exact")]),
        fuzzTarget("csv", [root("Exact"), root("Reference")]),
        fuzzTarget("params", [root("Exact"), root("Reference")]),
        fuzzTarget("schedule", [root("FastPath")]),
        fuzzTarget("floatdata", ["VerifyCore", root("Exact"), root("Reference"), root("FastPath"), root("Suite")]),
        fuzzTarget("arguments", ["VerifyCore", root("Exact"), root("FastPath"), root("Suite")]),
        fuzzTarget("cli", ["VerifyCore", root("Suite")]),
    ]
)
