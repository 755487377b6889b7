import ArgumentParser
import FastPath
import ForkJoin
import Foundation
import Reference
import Suite
import VerifiedFloat

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
            the one the suite expects, 1 otherwise, 2 for usage and input errors.
            """,
        subcommands: [
            Run.self, List.self, CheckCommand.self, DerivativesCommand.self, KernelCommand.self,
            TrainCommand.self, VectorsCommand.self, ProtocolsCommand.self, CalibrateCommand.self,
        ],
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
            if exitCode(for: error) == .success { exit(withError: error) }  // --help, --version
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(2)
        }
    }
}

/// Options shared by the commands that run checks.
struct SuiteOptions: ParsableArguments {
    @Option(
        help:
            "Sizes and seeds: quick (the default, about two minutes at most), full (under 20 minutes) or large (full, with claims 7, 10, 14, 15 and 17 at n = 100 points, the paper's scale, and claim 8 at n = 1000: about 25 minutes)."
    )
    var profile: SuiteContext.Profile = .quick

    @Option(
        parsing: .unconditional, help: "Seed for every random choice, for reproducible runs. (default: 20240601)",
        transform: ArgumentValue.integer)
    var seed: UInt64 = 20_240_601

    @Flag(help: "Print the results as JSON on standard output.")
    var json = false

    @Flag(help: "Print each check's evidence under the table.")
    var verbose = false

    @Flag(help: "No progress lines on standard error.")
    var quiet = false

    @Option(
        help: ArgumentHelp(
            "Run \(SuiteContext.claimsUsingData) on this CSV data set (header x1,…,xd,y) instead of their built-in data.",
            valueName: "file"))
    var data: String?

    @Option(help: ArgumentHelp("Write a Markdown report with SVG figures into this directory.", valueName: "dir"))
    var report: String?

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "With --data: run \(SuiteContext.claimsUsingData) on the first N rows. Needed when the file has more rows than the profile takes (32 quick, 48 full, 100 large); N may exceed that, at a cost that grows like N³.",
            valueName: "N"),
        transform: ArgumentValue.integer)
    var maxRows: Int?

    @OptionGroup var budget: BudgetOptions

    func validate() throws {
        if let report, report.isEmpty { throw ValidationError("--report needs a directory") }
        if let maxRows {
            guard data != nil else { throw ValidationError("--max-rows applies to --data only") }
            guard maxRows >= 1 else { throw ValidationError("--max-rows must be at least 1, got \(maxRows)") }
        }
    }

    /// The run's context; loads `--data` (a bad file exits with status 2).
    func makeContext() throws -> SuiteContext {
        var context = SuiteContext(profile: profile, seed: seed)
        if let data {
            let limit = budget.budget
            var file = MemoryEstimate()
            file.add("reading the file \(data) exactly", MemoryModel.dataFile(data))
            try limit.check(file, lower: "use a smaller file")
            var dataset = try Inputs.dataset(data)
            let rowLimit = SuiteSizes.rowLimit(profile)
            if let maxRows {
                if maxRows < dataset.count {
                    context.dataNote = "the first \(maxRows) of the file's \(dataset.count) rows (--max-rows \(maxRows))"
                    dataset = try Dataset(points: Array(dataset.points.prefix(maxRows)), targets: Array(dataset.targets.prefix(maxRows)))
                }
            } else if dataset.count > rowLimit {
                throw InputError(
                    "\(data) has \(dataset.count) rows; \(SuiteContext.claimsUsingData) take at most \(rowLimit) at the \(profile.rawValue) profile without --max-rows (their exact kernels grow like n³). Pass --max-rows \(rowLimit) to run on the first \(rowLimit) rows, or --max-rows \(dataset.count) to run on all of them (slower)"
                )
            }
            context.data = dataset
            context.dataName = URL(fileURLWithPath: data).deletingPathExtension().lastPathComponent
            try limit.check(
                SuiteOptions.memoryEstimate(dimension: dataset.dimension, context: context),
                lower: "use fewer rows (--max-rows) or data with fewer coordinates d")
        }
        return context
    }

    /// The memory the data claims need on the user's rows of dimension `d` (`MemoryModel`):
    /// the FastPath networks trained in claims 7 and 8 (`SuiteSizes.training`),
    /// and the networks of claim 5b (`SuiteSizes.exactConvergence`: `m(1 + d)` exact
    /// rationals and the float engine's `n·m` activations, `VerifiedFloatEmpiricalKernel.memoryBytes`).
    /// The larger of the two is the estimate.
    static func memoryEstimate(dimension d: Int, context: SuiteContext) -> MemoryEstimate {
        let sizes = SuiteSizes.training(context)
        let training = TrainingMemory.estimatedBytes(
            width: sizes.width, dimension: d, samples: sizes.samples,
            optimizer: .gradientDescent, threads: Parallel.processorCount)
        let convergence = SuiteSizes.exactConvergence(context)
        let m = Double(convergence.width)
        let exact =
            m * Double(1 + d) * MemoryModel.rational
            + VerifiedFloatEmpiricalKernel.memoryBytes(n: convergence.samples, m: convergence.width)
        var estimate = MemoryEstimate()
        if training >= exact {
            estimate.add("claims 7–8: FastPath networks of width \(sizes.width) on d = \(d) coordinates", training)
        } else {
            estimate.add("claim 5b: networks of width \(Int(m)) on d = \(d) coordinates and their float64 kernels", exact)
        }
        return estimate
    }
}

extension SuiteContext.Profile: ExpressibleByArgument {}

/// Runs checks of the suite with the command-line options and prints the results.
enum SuiteRun {
    static func run(_ checks: [Check], options: SuiteOptions) throws {
        Progress.quiet = options.quiet
        let context = try options.makeContext()
        let reports = Runner(context: context).run(checks)
        if let directory = options.report {
            try ReportWriter.write(reports, context: context, to: directory)
            Progress.note("report written to \(directory)/README.md")
        }
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

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run every check of the suite (the default).")
    @OptionGroup var options: SuiteOptions

    func run() throws { try SuiteRun.run(Claims.checks, options: options) }
}

struct List: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the checks with their statements and expected statuses.")

    func run() {
        let rows = Claims.checks.map { check in
            [
                check.id, check.title, check.statement,
                check.expected.rawValue + (check.expectedInFull.map { " (full: \($0.rawValue))" } ?? ""),
            ]
        }
        print(Table.render(header: ["claim", "title", "statement", "expected"], rows: rows, maximumWidth: 90))
    }
}

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Run only the named checks, e.g. `verify check 4 7` or `verify check E1`.")

    @Argument(help: "Check identifiers, as printed by `verify list`.")
    var ids: [String]

    @OptionGroup var options: SuiteOptions

    func validate() throws {
        guard !ids.isEmpty else { throw ValidationError("name at least one check (see `verify list`)") }
        let known = Claims.checks.map(\.id)
        let unknown = ids.filter { id in !known.contains { Claims.selects(id, $0) } }
        guard unknown.isEmpty else {
            throw ValidationError("unknown check \(unknown.joined(separator: ", ")); known: \(known.joined(separator: " "))")
        }
    }

    func run() throws {
        try SuiteRun.run(Claims.checks.filter { check in ids.contains { Claims.selects($0, check.id) } }, options: options)
    }
}
