import ArgumentParser
import Evidence
import Foundation
import Suite

struct ProtocolsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "protocols",
        abstract: "Print the pre-registered decision rules of the experimental checks (Markdown).")

    func run() { print(Protocols.document, terminator: "") }
}

/// `verify calibrate`: runs each experimental rule on simulated cases whose truth is known
/// and prints how often it gave each verdict.
struct CalibrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Measure false-positive rates and power of the experimental rules by simulation.",
        discussion: """
            For each calibrated check (\(Claims.calibrations.map(\.check).joined(separator: ", "))), simulates the whole \
            check many times on synthetic cases whose truth is known (the claim true; on \
            the boundary of its margin; clearly false) and counts the verdicts. A rule is \
            calibrated when the wrong verdict's rate is at most α (0.01) and the expected \
            verdict's rate is high where the truth is clear. Rates are given with a \
            one-sided 95 % Wilson upper bound. 7a–10c first run the suite's own experiment \
            (default seed) to measure the noise, which takes a minute. 3b decides on exact \
            counts and has nothing to calibrate.
            """)

    @Argument(help: "Checks to calibrate (default: all that have a protocol).")
    var ids: [String] = []

    @Option(help: "Simulated runs per scenario.")
    var replicates: Int = 400

    @Option(help: "Seed of the simulations.")
    var seed: UInt64 = 20_261_201

    @Option(help: "Sizes of the simulated checks: quick or full (large simulates as full).")
    var profile: SuiteContext.Profile = .quick

    @Flag(help: "Print the results as JSON.")
    var json = false

    @Flag(help: "No progress lines on standard error.")
    var quiet = false

    static var calibrated: [String] { Claims.calibrations.map(\.check) }

    func validate() throws {
        guard replicates >= 10 && replicates <= 1_000_000 else {
            throw ValidationError("--replicates must be between 10 and 1000000, got \(replicates)")
        }
        let unknown = ids.filter { !Self.calibrated.contains($0) }
        guard unknown.isEmpty else {
            throw ValidationError("no calibration for \(unknown.joined(separator: ", ")); calibrated checks: \(Self.calibrated.joined(separator: " "))")
        }
    }

    struct Document: Codable {
        let calibrations: [Calibration]
        let notes: [String: [String]]
    }

    func run() throws {
        Progress.quiet = quiet
        let request = CalibrationRequest(replicates: replicates, seed: seed, profile: profile) { Progress.note($0) }
        var calibrations: [Calibration] = [], notes: [String: [String]] = [:]
        for run in Claims.calibrations where ids.isEmpty || ids.contains(run.check) {
            let (calibration, lines) = run.run(request)
            calibrations.append(calibration)
            notes[run.check] = lines
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(Document(calibrations: calibrations, notes: notes)), as: UTF8.self))
            return
        }
        for calibration in calibrations {
            print("\(calibration.check) (protocol version \(calibration.protocolVersion)), \(calibration.replicates) simulated runs per scenario")
            print("  \(calibration.method)")
            let rows = calibration.scenarios.map { scenario -> [String] in
                let c = scenario.counts
                func cell(_ v: Verdict) -> String {
                    var text = String(format: "%.1f %%", 100 * c.rate(v))
                    if v == scenario.wrong { text += String(format: " (≤ %.1f %%)", 100 * c.upperBound(v)) }
                    return text
                }
                return [
                    scenario.name, scenario.expected?.rawValue ?? "–", scenario.wrong?.rawValue ?? "–",
                    cell(.confirmed), cell(.refuted), cell(.inconclusive),
                ]
            }
            print(Table.render(header: ["truth", "expected", "error if", "CONFIRMED", "REFUTED", "INCONCLUSIVE"], rows: rows))
            for line in notes[calibration.check] ?? [] { print("  - \(line)") }
            print("")
        }
    }
}
