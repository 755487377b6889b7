import Foundation
import Testing

/// Every usage and input error of every command is printed once, in the parser's format
/// `Error: <message>`, and exits with status 2 (README, "Command line").
@Suite("verify: errors are printed once, in one format")
struct ErrorFormatTests {
    /// The lines of standard error that carry an error message.
    static func errorLines(_ text: String) -> [Substring] {
        text.split(separator: "\n").filter { $0.contains("Error") || $0.hasPrefix("verify") }
    }

    @Test func inputErrorsOfEveryCommandArePrintedOnceAsError() throws {
        let missing = "/nonexistent-\(UUID().uuidString).csv"
        let notADirectory = try VerifyBinary.temporaryFile("file.txt", "x")
        let cases: [[String]] = [
            ["kernel", "--data", missing, "--s", "1"],
            ["derivatives", "--data", missing, "--params", missing],
            ["train", "--data", missing, "--width", "4", "--schedule", "1:1"],
            ["vectors", "--out", notADirectory],
        ]
        for arguments in cases {
            let result = try VerifyBinary.run(arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.standardOutput.isEmpty, "\(arguments)")
            let lines = Self.errorLines(result.standardError)
            #expect(lines.count == 1, "\(arguments): \(result.standardError)")
            #expect(lines.first?.hasPrefix("Error: ") == true, "\(arguments): \(result.standardError)")
            // A runtime input error is not a usage error: no usage block under it.
            #expect(!result.standardError.contains("Usage:"), "\(arguments): \(result.standardError)")
        }
    }
}
