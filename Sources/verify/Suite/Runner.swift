import Foundation

/// The result of one check, as printed and as encoded with `--json`.
struct CheckReport: Codable, Sendable {
    let id: String
    let title: String
    let statement: String
    let method: String
    let status: Status
    let expected: Status
    let keyFigure: String
    let evidence: [String]
    let seconds: Double
    /// Plots for `--report`; not encoded in the JSON.
    var figures: [Figure] = []

    var matchesExpectation: Bool { status == expected }

    enum CodingKeys: String, CodingKey {
        case id, title, statement, method, status, expected, keyFigure, evidence, seconds
    }
}

/// Runs checks in order, reporting progress on standard error.
struct Runner {
    let context: SuiteContext

    func run(_ checks: [Check]) -> [CheckReport] {
        checks.enumerated().map { index, check in
            Progress.note("[\(index + 1)/\(checks.count)] \(check.id) \(check.title) …")
            let start = Date()
            let outcome: Outcome
            do {
                outcome = try check.run(context)
            } catch {
                outcome = Outcome(status: .inconclusive, keyFigure: "error: \(error)",
                                  evidence: ["the check stopped with an error: \(error)"])
            }
            let seconds = Date().timeIntervalSince(start)
            Progress.note("      \(outcome.status.rawValue) (\(String(format: "%.2f", seconds)) s)")
            return CheckReport(
                id: check.id, title: check.title, statement: check.statement, method: check.method,
                status: outcome.status, expected: check.expected, keyFigure: outcome.keyFigure,
                evidence: outcome.evidence, seconds: seconds, figures: outcome.figures)
        }
    }

    /// The human-readable table.
    static func table(_ reports: [CheckReport]) -> String {
        let rows = reports.map { report in
            [report.id, report.title, report.method, report.keyFigure,
             report.matchesExpectation ? report.status.rawValue
                 : "\(report.status.rawValue) (expected \(report.expected.rawValue))"]
        }
        return Table.render(header: ["claim", "statement", "method", "key figure", "status"], rows: rows)
    }
}

/// Progress lines on standard error, so standard output stays clean for `--json`.
enum Progress {
    nonisolated(unsafe) static var quiet = false

    static func note(_ line: String) {
        guard !quiet else { return }
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
