import Foundation
import Plot

/// Writes the `--report DIR` directory: `README.md` (Markdown) and one SVG per figure.
///
/// The Markdown has the run information (profile, seed, data, date, total time), the
/// summary table (claim, statement, method, key figure, status, expected) and one
/// section per check with its statement, method, status, evidence and figures
/// (`![caption](name.svg)` with the caption under it). The directory is created when
/// missing; when it cannot be created or written the error says so (exit status 2).
public enum ReportWriter {
    public static func write(_ reports: [CheckReport], context: SuiteContext, to directory: String) throws {
        let folder = URL(fileURLWithPath: directory, isDirectory: true)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw InputError("--report \(directory): exists and is not a directory")
        }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw InputError("--report \(directory): cannot create the directory (\(reason(error)))")
        }
        let files = files(reports, context: context, date: Date())
        for (name, contents) in files {
            do {
                try Data(contents.utf8).write(to: folder.appendingPathComponent(name))
            } catch {
                throw InputError("--report \(directory): cannot write \(name) (\(reason(error)))")
            }
        }
    }

    /// The report's files as (name, contents): `README.md` first, then the SVGs.
    static func files(_ reports: [CheckReport], context: SuiteContext, date: Date) -> [(String, String)] {
        var svgs: [(String, String)] = []
        var used = Set<String>()
        var sections: [String] = []
        for report in reports {
            var figures: [(file: String, figure: Figure, rendered: FigureSVG.Rendered)] = []
            for figure in report.figures {
                let file = uniqueName(figure.name, used: &used) + ".svg"
                let rendered = FigureSVG.render(figure)
                svgs.append((file, rendered.svg))
                figures.append((file, figure, rendered))
            }
            sections.append(section(report, figures: figures))
        }
        let markdown = header(reports, context: context, date: date) + sections.joined(separator: "\n")
        return [("README.md", markdown)] + svgs
    }

    // MARK: - Markdown

    static func header(_ reports: [CheckReport], context: SuiteContext, date: Date) -> String {
        let matching = reports.filter(\.matchesExpectation).count
        let total = reports.reduce(0) { $0 + $1.seconds }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss 'UTC'"
        let data: String
        if let dataset = context.data {
            data = "`\(context.dataName ?? "--data")` (n = \(dataset.count), d = \(dataset.dimension)), used by \(SuiteContext.claimsUsingData)"
        } else {
            data = "built-in data sets"
        }
        var lines = [
            "# Proof-check report",
            "",
            "Two-layer homotopy ReLU networks `f(x) = (1/√m) Σ_k a_k σ_s(w_k·x)`, `σ_s(z) = (1 − s) z + s·max(0, z)`:",
            "what is proven, certified, confirmed by experiment or refuted, claim by claim.",
            "",
            "| run | |",
            "|---|---|",
            "| profile | \(context.profile.rawValue) |",
            "| seed | \(context.seed) |",
            "| data | \(cell(data)) |",
            "| date | \(formatter.string(from: date)) |",
            "| total time | \(String(format: "%.2f", total)) s (sum over the checks) |",
            "| result | \(matching) of \(reports.count) checks found their expected status |",
            "",
            "Statuses: **PROVEN** a symbolic identity checked for every value; **CERTIFIED** an exact or",
            "interval certificate for the stated instances; **CONFIRMED** an experiment agrees within a stated",
            "tolerance; **REFUTED** a counter-example or measurement contradicts the claim; **INCONCLUSIVE**",
            "neither. *expected* is the status the suite records for this seed (a regression guard).",
            "",
            "## Summary",
            "",
            "| claim | statement | method | key figure | status | expected |",
            "|---|---|---|---|---|---|",
        ]
        for report in reports {
            let status = report.matchesExpectation ? "**\(report.status.rawValue)**" : "**\(report.status.rawValue)** ⚠"
            lines.append(
                "| [\(cell(report.id))](#\(anchor(report.id))) \(cell(report.title)) | \(cell(report.statement)) | "
                    + "\(cell(report.method)) | \(cell(report.keyFigure)) | \(status) | \(report.expected.rawValue) |")
        }
        return lines.joined(separator: "\n") + "\n\n"
    }

    static func section(_ report: CheckReport, figures: [(file: String, figure: Figure, rendered: FigureSVG.Rendered)]) -> String {
        var lines = [
            "<a id=\"\(anchor(report.id))\"></a>",
            "## \(report.id) — \(oneLine(report.title))",
            "",
            "**Statement.** \(oneLine(report.statement))",
            "",
            "**Method.** \(oneLine(report.method))",
            "",
            "**Status.** \(report.status.rawValue)"
                + (report.matchesExpectation ? " (as expected)" : " — expected \(report.expected.rawValue)")
                + String(format: " · %.2f s", report.seconds),
            "",
            "**Key figure.** \(oneLine(report.keyFigure))",
            "",
        ]
        if !report.evidence.isEmpty {
            lines.append("**Evidence.**")
            lines.append("")
            lines += report.evidence.map { "- \(oneLine($0))" }
            lines.append("")
        }
        for entry in figures {
            let caption = [entry.figure.caption, entry.rendered.skippedNote].compactMap { $0 }
                .filter { !$0.isEmpty }.joined(separator: " ")
            lines.append("![\(alt(entry.figure.title))](\(entry.file))")
            lines.append("")
            lines.append("*\(oneLine(caption).replacingOccurrences(of: "*", with: "\\*"))*")
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }

    // MARK: - Helpers

    /// Text for a table cell: no line breaks, `|` escaped.
    static func cell(_ text: String) -> String {
        oneLine(text).replacingOccurrences(of: "|", with: "\\|")
    }

    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    /// Alt text: no brackets that would end the image syntax.
    static func alt(_ text: String) -> String {
        oneLine(text).replacingOccurrences(of: "[", with: "(").replacingOccurrences(of: "]", with: ")")
    }

    static func anchor(_ id: String) -> String {
        "check-" + String(id.map { $0.isLetter || $0.isNumber ? $0 : "-" })
    }

    /// A file stem of letters, digits, `-` and `_`, made unique with a numeric suffix.
    static func uniqueName(_ name: String, used: inout Set<String>) -> String {
        var stem = String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") ? $0 : "-" })
        if stem.isEmpty { stem = "figure" }
        var candidate = stem
        var counter = 2
        while used.contains(candidate) || candidate.lowercased() == "readme" {
            candidate = "\(stem)-\(counter)"
            counter += 1
        }
        used.insert(candidate)
        return candidate
    }

    static func reason(_ error: Error) -> String {
        (error as NSError).localizedDescription
    }
}
