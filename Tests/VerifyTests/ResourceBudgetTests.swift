import Foundation
import Testing

/// Every command estimates its memory before it allocates; an input over the budget
/// exits with status 2 and a message that says what it asks for, what the limit is,
/// how to lower it and how to raise the limit (README, "Resource budgets").
@Suite("verify: memory budgets refuse oversized inputs before allocating")
struct ResourceBudgetTests {
    /// The refusal: status 2, nothing on standard output, one `Error:` line that names
    /// the limit option, the things to lower, and no crash report.
    func expectRefused(
        _ arguments: [String], naming fragments: [String],
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let result = try VerifyBinary.run(arguments)
        #expect(result.status == 2, "\(arguments): \(result.standardError)", sourceLocation: sourceLocation)
        #expect(result.standardOutput.isEmpty, "\(arguments)", sourceLocation: sourceLocation)
        let message = result.standardError
        #expect(message.hasPrefix("Error: this input needs about "), "\(arguments): \(message)", sourceLocation: sourceLocation)
        #expect(message.contains("above the limit of"), "\(arguments): \(message)", sourceLocation: sourceLocation)
        #expect(message.contains("--memory-limit"), "\(arguments): \(message)", sourceLocation: sourceLocation)
        #expect(
            !message.contains("Fatal error") && !message.contains("crashed"), "\(arguments): \(message)",
            sourceLocation: sourceLocation)
        for fragment in fragments {
            #expect(message.contains(fragment), "\(arguments): missing \"\(fragment)\" in \(message)", sourceLocation: sourceLocation)
        }
    }

    /// `n` points of dimension `d` with small integer coordinates.
    func points(_ n: Int, _ d: Int) -> String {
        let header = (1...d).map { "x\($0)" }.joined(separator: ",") + ",y\n"
        return header + (0..<n).map { i in (0..<d).map { j in String((i * 7 + j * 3) % 11 - 5) }.joined(separator: ",") + ",1\n" }.joined()
    }

    // MARK: - train

    @Test func trainRefusesAWidthOfTenToTheEleven() throws {
        // Was: "Fatal error: failed to allocate 400000000032 bytes", exit 134. About 6 TB by
        // the estimate (5 Float vectors of 3·10¹¹ entries): above any machine's default limit.
        try expectRefused(
            ["train", "--dataset", "circle", "--width", "100000000000", "--schedule", "1:10"],
            naming: ["width m = 100000000000", "lower --width", "TB"])
    }

    @Test func trainRefusesHugeSyntheticDataBeforeDrawingIt() throws {
        try expectRefused(
            ["train", "--dataset", "circle", "--n", "100000000000", "--width", "8", "--schedule", "1:10"],
            naming: ["n = 100000000000", "--n"])
    }

    @Test func trainFollowsAnExplicitLimitBothWays() throws {
        let arguments = ["train", "--dataset", "bias1d", "--n", "64", "--width", "4096", "--schedule", "1:2", "--json"]
        // 5 vectors of 4096·3 Floats alone are 245 KB: refused under 100 KB, run under 1 GB.
        try expectRefused(arguments + ["--memory-limit", "100KB"], naming: ["width m = 4096", "100 KB"])
        let fits = try VerifyBinary.run(arguments + ["--memory-limit", "1GB"])
        #expect(fits.status == 0, "\(fits.standardError)")
    }

    @Test func trainChecksTheFileBeforeReadingIt() throws {
        let file = try VerifyBinary.temporaryFile("rows.csv", points(2000, 3))
        try expectRefused(
            ["train", "--data", file, "--width", "8", "--schedule", "1:1", "--memory-limit", "64KB"],
            naming: ["reading the file", "rows.csv", "smaller file"])
    }

    // MARK: - kernel

    @Test func kernelRefusesAnInfiniteWidthKernelOverTheLimit() throws {
        // 400² entries at 64 bits with their certificates: about 290 MB by the model. (The
        // exact engine by name: for 400 points `--engine auto` picks the float engine, whose
        // 16·n² bytes fit; KernelFloatEngineTests checks its budget.)
        let file = try VerifyBinary.temporaryFile("k.csv", points(400, 2))
        try expectRefused(
            ["kernel", "--data", file, "--s", "1", "--engine", "exact", "--memory-limit", "100MB"],
            naming: ["400×400", "64 bits", "fewer points", "--bits"])
        // More bits ask for more: 40 points fit in 100 MB at 64 bits but not at 4096.
        let small = try VerifyBinary.temporaryFile("k.csv", points(40, 2))
        try expectRefused(
            ["kernel", "--data", small, "--s", "1", "--bits", "4096", "--memory-limit", "50MB"],
            naming: ["40×40", "4096 bits"])
    }

    @Test func kernelRefusesAFiniteWidthOverTheLimit() throws {
        // n·m = 200·2²⁰ pre-activations at 64 bytes: about 13 GB (the exact engine by name:
        // for 200 points `--engine auto` picks the float engine).
        let file = try VerifyBinary.temporaryFile("k.csv", points(200, 2))
        try expectRefused(
            ["kernel", "--data", file, "--s", "1", "--width", "1048576", "--engine", "exact", "--memory-limit", "2GB"],
            naming: ["pre-activations", "--width"])
        // The float engine: 8·n·m bytes of activations, about 1.7 GB, over 1 GB.
        try expectRefused(
            ["kernel", "--data", file, "--s", "1", "--width", "1048576", "--memory-limit", "1GB"],
            naming: ["activations", "smaller --width"])
    }

    // MARK: - derivatives

    @Test func derivativesRefuseAHessianOverTheLimit() throws {
        // m = 1024 (a square, so c = 1/32), d = 1: P = 2048, three exact 2048×2048 matrices.
        let m = 1024
        let params =
            #"{"s": "1", "a": ["# + Array(repeating: #""1""#, count: m).joined(separator: ",")
            + #"], "W": ["# + Array(repeating: #"["1"]"#, count: m).joined(separator: ",") + "]}"
        let data = try VerifyBinary.temporaryFile("d.csv", "x1,y\n1,0\n2,1\n")
        let file = try VerifyBinary.temporaryFile("p.json", params)
        try expectRefused(
            ["derivatives", "--data", data, "--params", file, "--memory-limit", "1GB"],
            naming: ["2048×2048", "smaller network"])
    }

    // MARK: - vectors and the suite

    @Test func vectorsCheckTheirBudgetToo() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("verify-budget-\(UUID().uuidString)").path
        try expectRefused(["vectors", "--out", folder, "--memory-limit", "1KB"], naming: ["case small"])
    }

    @Test func suiteRefusesDataWithTooManyCoordinates() throws {
        // One row with d = 20000: the networks of claim 5b would hold 65536·20001 exact rationals.
        let file = try VerifyBinary.temporaryFile("wide.csv", points(2, 20000))
        try expectRefused(["check", "5", "--data", file, "--memory-limit", "1GB"], naming: ["d = 20000", "fewer coordinates"])
    }

    @Test func aLimitThatIsNotASizeSaysWhy() throws {
        for value in ["lots", "0", "-1GB", "150%"] {
            let result = try VerifyBinary.run([
                "train", "--dataset", "circle", "--width", "8", "--schedule", "1:1",
                "--memory-limit", value,
            ])
            #expect(result.status == 2, "\(value)")
            #expect(result.standardError.contains("--memory-limit"), "\(value): \(result.standardError)")
            #expect(
                result.standardError.contains("not a size") || result.standardError.contains("out of range"),
                "\(value): \(result.standardError)")
        }
    }
}
