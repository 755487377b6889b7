import ArgumentParser
import Foundation

/// `verify`: the proof-check suite and command-line tool.
///
/// Exit status: 0 when every check ran and found its expected status, 1 when
/// any status differs, 2 for usage or input errors.
@main
struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Proof-check suite for two-layer homotopy ReLU networks (exact and float).",
        discussion: """
            With no subcommand, runs the suite (quick profile) and prints one line per
            claim: statement, method, key figure and status — PROVEN, CERTIFIED,
            CONFIRMED, REFUTED or INCONCLUSIVE. Exit status 0 when every status equals
            the one the suite expects, 1 otherwise, 2 for usage errors.
            """,
        subcommands: [Run.self, List.self, CheckCommand.self, DerivativesCommand.self, TrainCommand.self],
        defaultSubcommand: Run.self
    )

    /// Maps errors to the documented exit statuses (ArgumentParser alone uses 64 for usage).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)
        } catch {
            if exitCode(for: error) == .success { exit(withError: error) }   // --help, --version
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(2)
        }
    }
}

/// Options shared by the commands that run checks.
struct SuiteOptions: ParsableArguments {
    @Option(help: "Sizes and seeds: quick (the default, about two minutes at most) or full.")
    var profile: SuiteContext.Profile = .quick

    @Option(help: "Seed for every random choice, for reproducible runs.")
    var seed: UInt64 = 20_240_601

    @Flag(help: "Print the results as JSON on standard output.")
    var json = false

    @Flag(help: "Print each check's evidence under the table.")
    var verbose = false

    @Flag(help: "No progress lines on standard error.")
    var quiet = false

    var context: SuiteContext { SuiteContext(profile: profile, seed: seed) }
}

extension SuiteContext.Profile: ExpressibleByArgument {}

/// Every check of the suite, in order.
enum Suite {
    static var checks: [Check] { ExactChecks.all }

    static func run(_ checks: [Check], options: SuiteOptions) throws {
        Progress.quiet = options.quiet
        let reports = Runner(context: options.context).run(checks)
        if options.json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let document = SuiteDocument(profile: options.profile.rawValue, seed: options.seed, checks: reports)
            print(String(decoding: try encoder.encode(document), as: UTF8.self))
        } else {
            print(Runner.table(reports))
            if options.verbose {
                for report in reports {
                    print("\n\(report.id) \(report.title): \(report.statement)")
                    for line in report.evidence { print("  - \(line)") }
                }
            }
            let mismatches = reports.filter { !$0.matchesExpectation }
            print("\n\(reports.count - mismatches.count) of \(reports.count) checks found their expected status.")
        }
        if reports.contains(where: { !$0.matchesExpectation }) { throw ExitCode(1) }
    }
}

struct SuiteDocument: Codable {
    let profile: String
    let seed: UInt64
    let checks: [CheckReport]
}

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run every check of the suite (the default).")
    @OptionGroup var options: SuiteOptions

    func run() throws { try Suite.run(Suite.checks, options: options) }
}

struct List: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the checks with their statements and expected statuses.")

    func run() {
        let rows = Suite.checks.map { [$0.id, $0.title, $0.statement, $0.expected.rawValue] }
        print(Table.render(header: ["claim", "title", "statement", "expected"], rows: rows, maximumWidth: 90))
    }
}

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Run only the named checks, e.g. `verify check E1 E3`.")

    @Argument(help: "Check identifiers, as printed by `verify list`.")
    var ids: [String]

    @OptionGroup var options: SuiteOptions

    func validate() throws {
        let known = Set(Suite.checks.map(\.id))
        let unknown = ids.filter { !known.contains($0) }
        guard unknown.isEmpty else {
            throw ValidationError("unknown check \(unknown.joined(separator: ", ")); known: \(Suite.checks.map(\.id).joined(separator: " "))")
        }
        guard !ids.isEmpty else { throw ValidationError("name at least one check (see `verify list`)") }
    }

    func run() throws {
        try Suite.run(Suite.checks.filter { ids.contains($0.id) }, options: options)
    }
}
