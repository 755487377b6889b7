import Foundation

/// The result of one check, as printed and as encoded with `--json`.
public struct CheckReport: Codable, Sendable {
    public let id: String
    public let title: String
    public let statement: String
    public let method: String
    public let status: Status
    public let expected: Status
    public let keyFigure: String
    public let evidence: [String]
    public let seconds: Double
    /// Plots for `--report`; not encoded in the JSON.
    var figures: [Figure] = []

    public var matchesExpectation: Bool { status == expected }

    enum CodingKeys: String, CodingKey {
        case id, title, statement, method, status, expected, keyFigure, evidence, seconds
    }
}

/// Runs checks in order, reporting progress on standard error.
public struct Runner {
    public let context: SuiteContext

    public init(context: SuiteContext) { self.context = context }

    public func run(_ checks: [Check]) -> [CheckReport] {
        checks.enumerated().map { index, check in
            Progress.note("[\(index + 1)/\(checks.count)] \(check.id) \(check.title) …")
            let start = Date()
            let outcome: Outcome
            do {
                outcome = try check.run(context)
            } catch {
                outcome = Outcome(
                    status: .inconclusive, keyFigure: "error: \(error)",
                    evidence: ["the check stopped with an error: \(error)"])
            }
            let seconds = Date().timeIntervalSince(start)
            Progress.note("      \(outcome.status.rawValue) (\(String(format: "%.2f", seconds)) s)")
            return CheckReport(
                id: check.id, title: check.title, statement: check.statement, method: check.method,
                status: outcome.status, expected: check.expected(in: context.profile), keyFigure: outcome.keyFigure,
                evidence: outcome.evidence, seconds: seconds, figures: outcome.figures)
        }
    }

    /// The human-readable table.
    public static func table(_ reports: [CheckReport]) -> String {
        let rows = reports.map { report in
            [
                report.id, report.title, report.method, report.keyFigure,
                report.matchesExpectation
                    ? report.status.rawValue
                    : "\(report.status.rawValue) (expected \(report.expected.rawValue))",
            ]
        }
        return Table.render(header: ["claim", "statement", "method", "key figure", "status"], rows: rows)
    }
}

/// Progress lines on standard error, so standard output stays clean for `--json`.
public enum Progress {
    nonisolated(unsafe) public static var quiet = false

    public static func note(_ line: String) {
        guard !quiet else { return }
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

/// The `--json` document of a suite run.
public struct SuiteDocument: Codable {
    public let profile: String
    public let seed: UInt64
    public let checks: [CheckReport]

    public init(profile: String, seed: UInt64, checks: [CheckReport]) {
        self.profile = profile
        self.seed = seed
        self.checks = checks
    }
}
