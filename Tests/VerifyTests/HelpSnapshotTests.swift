import Foundation
import Testing

/// `verify <command> --help` against the committed snapshots in `Snapshots/help/`.
///
/// The help text is the documentation a user sees first, so a change to it must be
/// deliberate: when an option or its help changes, regenerate the snapshots with
/// `UPDATE_HELP_SNAPSHOTS=1 swift test --filter HelpSnapshotTests`, read the diff
/// (`git diff Tests/VerifyTests/Snapshots`) and commit it. The help is rendered at
/// `COLUMNS=80`, so the snapshots do not depend on the terminal.
@Suite("verify: help output matches the committed snapshots")
struct HelpSnapshotTests {
    /// Every command, as the words before `--help`, and its snapshot's name.
    static let commands: [([String], String)] = [
        ([], "verify"),
        (["run"], "run"),
        (["list"], "list"),
        (["check"], "check"),
        (["derivatives"], "derivatives"),
        (["kernel"], "kernel"),
        (["train"], "train"),
        (["vectors"], "vectors"),
        (["protocols"], "protocols"),
        (["calibrate"], "calibrate"),
    ]

    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Snapshots/help", isDirectory: true)

    @Test(arguments: commands)
    func helpMatchesItsSnapshot(_ words: [String], _ name: String) throws {
        let result = try VerifyBinary.run(words + ["--help"], environment: ["COLUMNS": "80"])
        #expect(result.status == 0, "\(result.standardError)")
        let file = Self.folder.appendingPathComponent("\(name).txt")
        if ProcessInfo.processInfo.environment["UPDATE_HELP_SNAPSHOTS"] == "1" {
            try FileManager.default.createDirectory(at: Self.folder, withIntermediateDirectories: true)
            try result.standardOutput.write(to: file, atomically: true, encoding: .utf8)
        }
        let snapshot = try String(contentsOf: file, encoding: .utf8)
        let actual = result.standardOutput.split(separator: "\n", omittingEmptySubsequences: false)
        let expected = snapshot.split(separator: "\n", omittingEmptySubsequences: false)
        let common = min(actual.count, expected.count)
        let first = (0..<common).first { actual[$0] != expected[$0] } ?? common
        #expect(
            result.standardOutput == snapshot,
            """
            verify \((words + ["--help"]).joined(separator: " ")) differs from \(file.lastPathComponent) at line \(first + 1):
              snapshot: \(first < expected.count ? String(expected[first]) : "(end)")
              actual:   \(first < actual.count ? String(actual[first]) : "(end)")
            If the change is deliberate: UPDATE_HELP_SNAPSHOTS=1 swift test --filter HelpSnapshotTests
            """)
    }

    /// Every subcommand of `verify --help` has a snapshot, so a new command cannot go untested.
    @Test func everyCommandHasASnapshot() throws {
        let result = try VerifyBinary.run(["--help"], environment: ["COLUMNS": "80"])
        let section =
            (result.standardOutput.components(separatedBy: "SUBCOMMANDS:").last ?? "")
            .components(separatedBy: "\n\n").first { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty } ?? ""
        let listed = section.split(separator: "\n").compactMap { line -> String? in
            let word = line.split(separator: " ").first.map(String.init)
            return line.hasPrefix("  ") && !line.hasPrefix("   ") ? word : nil
        }
        #expect(!listed.isEmpty)
        let covered = Set(Self.commands.compactMap(\.0.first))
        for command in listed { #expect(covered.contains(command), "no help snapshot for verify \(command)") }
    }
}
